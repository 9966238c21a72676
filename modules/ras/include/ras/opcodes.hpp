// The instruction table: one row per mnemonic family, with the operand-kind
// signatures (forms) it accepts, the type suffixes it allows and the result
// it produces. Every spelling (add, addr, addi_ui, blti_i, label...) decodes to
// a Spelling: family + form letter + type suffix + alias index.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ras {

// Mnemonic families. Values are stable: they are the low byte of the bytecode opcode.
// clang-format off
enum class Op : uint8_t {
  unknown = 0,
  // integer (mov, add, sub, mul, div, neg also have double forms)
  mov = 1, add, sub, mul, div, rem, and_, or_, xor_, lsh, rsh, neg, not_,
  // compare and set (dst = a OP b ? 1 : 0)
  lt = 20, le, eq, ne, ge, gt,
  // branches: target (@label or !forward), a, b
  blt = 30, ble, beq, bne, bge, bgt, jmp,
  // memory: ld dst, addr | ldx dst, base, off | st addr, val | stx off-or-idx, base, val
  ld = 40, ldx, st, stx,
  // labels and forward references
  get_label = 50, patch,
  // functions and calls
  prolog = 60, leaf, arg, getarg, prepare, pusharg, finish, retval, ret,
  // double only
  abs = 80, sqrt, ext, trunc,
};
// clang-format on
inline constexpr int kOpLimit = 256;
// blt..bgt and jmp: the first operand is a target.
constexpr bool is_branch(Op op) { return op >= Op::blt && op <= Op::jmp; }

// Type suffix (`_i`, `_ui`, `_d`...): width and signedness, or double.
enum class Type : uint8_t { none = 0, c, uc, s, us, i, ui, l, ul, p, d };
inline constexpr int kTypeCount = 11;
std::string_view type_suffix(Type t);  // "" for none, "c", "ui", ...
// uc us ui ul p (inline: every resolved step asks)
constexpr bool is_unsigned(Type t) {
  return t == Type::uc || t == Type::us || t == Type::ui || t == Type::ul || t == Type::p;
}
// c:1 s:2 i:4, l/p/none/d: 8
constexpr int width_bytes(Type t) {
  switch (t) {
    case Type::c:
    case Type::uc: return 1;
    case Type::s:
    case Type::us: return 2;
    case Type::i:
    case Type::ui: return 4;
    default: return 8;
  }
}

// Form letter in a Lightning-style name: addr (registers) / addi (immediate).
enum class Letter : uint8_t { none = 0, r = 1, i = 2 };

// Whether a form works on integers or on doubles.
enum class ValueClass : uint8_t { integer, dbl };

// Set of operand kinds (bit n = OperandKind n).
using KindMask = uint16_t;
namespace kinds {
inline constexpr KindMask var = 1 << 0, label = 1 << 1, call = 1 << 2, reg_r = 1 << 3, reg_v = 1 << 4, reg_fp = 1 << 5,
                          reg_ret = 1 << 6, imm = 1 << 7, imm64 = 1 << 8, imm_d = 1 << 9;
inline constexpr KindMask R = reg_r | reg_v | reg_ret;  // integer register
inline constexpr KindMask F = reg_fp | reg_ret;         // double register
inline constexpr KindMask I = imm | imm64;              // integer immediate
inline constexpr KindMask N = I | imm_d;                // number: integer or double immediate
inline constexpr KindMask V = var;                      // assembly-time variable
inline constexpr KindMask T = label | call;             // branch target: @label or !forward
inline constexpr KindMask L = label;                    // a jump site (patch)
inline constexpr KindMask C = label | call;             // call target: @self, @function, !host
}  // namespace kinds

// One operand signature of a family.
struct Form {
  Letter letter;  // r / i, or none when the family has no letter forms
  ValueClass cls;
  uint8_t arity;
  KindMask kinds[3];
};

// What `=> ...` an instruction takes.
enum class ResultRule : uint8_t {
  none,            // no result allowed
  var,             // `=> $var` required (arg)
  label,           // `=> @label` required (get_label)
  ref_if_forward,  // `=> @ref` required iff the target is !forward (branches, jmp)
};

// Type-suffix sets.
using TypeMask = uint16_t;
constexpr TypeMask type_bit(Type t) { return TypeMask(1u << unsigned(t)); }

struct Family {
  Op op;
  std::string_view name;
  std::string_view alias;  // second accepted base name ("label" for get_label), or empty
  TypeMask types;          // allowed suffixes (bit none: unsuffixed allowed)
  ResultRule result;
  std::span<const Form> forms;  // int forms first: unsuffixed picks the first match
  std::string_view summary;     // one line for docs and --help
};

// No family has more forms than this (checked at compile time in opcodes.cpp),
// so code that filters forms can use a fixed-size array.
inline constexpr size_t kMaxFormsPerFamily = 8;

// The whole table, in documentation order.
std::span<const Family> families();
namespace detail {
extern const std::array<const Family*, kOpLimit> kFamilyByOp;
}
// The family of an op, or nullptr.
inline const Family* family(Op op) { return detail::kFamilyByOp[size_t(op)]; }

// A decoded mnemonic.
struct Spelling {
  Op op = Op::unknown;
  Letter letter = Letter::none;
  Type type = Type::none;
  uint8_t alias = 0;  // 0: family name, 1: family alias
  bool operator==(const Spelling&) const = default;
  bool known() const { return op != Op::unknown; }
};

// Decode a mnemonic; op == unknown if it is not a valid spelling.
Spelling decode_mnemonic(std::string_view mnemonic);
// The text of a spelling (inverse of decode_mnemonic for valid spellings).
std::string spell(const Spelling& s);
// The same text without a copy ("?" if the spelling is not valid).
std::string_view spelling_text(const Spelling& s);
// Bytecode opcode: op | letter << 8 | type << 10 | alias << 14.
uint16_t opcode_of(const Spelling& s);
// Decode a bytecode opcode; nullopt if it is not a valid spelling.
std::optional<Spelling> spelling_of_opcode(uint16_t opcode);
// No valid mnemonic is longer than this (checked when the spelling table is built).
inline constexpr size_t kMaxMnemonic = 15;
// The fields of an opcode, unchecked (valid_spelling() tells whether they
// name an instruction: the loader's path, which needs no text).
constexpr Spelling opcode_fields(uint16_t code) {
  return Spelling{Op(code & 0xff), Letter((code >> 8) & 3), Type((code >> 10) & 15), uint8_t(code >> 14)};
}
// True if the spelling's letter and type are allowed for its family.
bool valid_spelling(const Spelling& s);

// Human text for a kind mask: "reg_r, reg_v, reg_ret".
std::string kinds_text(KindMask m);

}  // namespace ras

namespace ras {
// The table as Markdown (docs/ras.md embeds it; a test keeps them in sync).
std::string table_markdown();
}  // namespace ras
