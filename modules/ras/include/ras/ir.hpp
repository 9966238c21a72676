// The program representation shared by the parser, checker, bytecode
// writer/loader, printer, interpreter and backends.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "ras/opcodes.hpp"

namespace ras {

// Operand kinds; the numeric values are the bytecode type codes (docs/ras.md, Bytecode).
enum class OperandKind : uint8_t {
  var = 0,      // $name: an assembly-time integer set with `=> $name`
  label = 1,    // @name: a code location (@self, get_label, a jump site, a function)
  call = 2,     // !name: !forward, or a host function for finish
  reg_r = 3,    // %r0..%r3: scratch registers (clobbered by calls)
  reg_v = 4,    // %v0..%v4: registers preserved across calls
  reg_fp = 5,   // %f0..%f7: double registers
  reg_ret = 6,  // %ret: the return register (integer or double, by instruction)
  imm = 7,      // integer immediate that fits in int32
  imm64 = 8,    // integer immediate that needs 64 bits
  imm_d = 9,  // double immediate (1.5, -2.25e3, inf, nan): value holds its IEEE-754 bits (an extension of the original
              // codes 0..8)
};
inline constexpr int kOperandKindCount = 10;

// Register file sizes (indices run 0..N-1).
inline constexpr int kNumRegR = 4;
inline constexpr int kNumRegV = 5;
inline constexpr int kNumRegFP = 8;
// An instruction has at most this many operands (the bytecode's argc byte).
inline constexpr int kMaxOperands = 3;

// A double as the printer writes it: the shortest text that reads back to the
// same value, always with a '.' or an exponent (2.0, 1e+300), inf, -inf, nan.
std::string double_text(double d);
// Name of a kind as used in messages and docs ("reg_v", "imm64", ...).
std::string_view kind_name(OperandKind k);
// The one NaN a double immediate may hold (the printer writes every NaN as
// `nan`, so the bytecode holds only this one and stays canonical).
inline constexpr uint64_t kCanonicalNaN = 0x7ff8000000000000ull;
// The bits an imm_d stores for `bits`: every NaN becomes kCanonicalNaN, so
// text -> bytecode -> text -> bytecode gives the same bytes.
inline uint64_t canonical_double_bits(int64_t bits) {
  return std::isnan(std::bit_cast<double>(bits)) ? kCanonicalNaN : uint64_t(bits);
}
// A double result as it leaves ras code (RunResult, both back ends): any NaN
// is the canonical one. Which NaN an operation on two NaNs gives depends on
// the operand order the compiler or the register allocator picked (x86 keeps
// the first), so the back ends would disagree on its sign and payload.
inline double canonical_nan(double d) { return std::isnan(d) ? std::bit_cast<double>(kCanonicalNaN) : d; }
// True if the int64 value needs the imm64 kind (does not fit in int32).
constexpr bool needs_imm64(int64_t v) { return v < INT32_MIN || v > INT32_MAX; }

// Where something came from. Text: line and col (1-based). Bytecode: line == 0
// and offset is the byte offset in the file.
struct SourceLoc {
  uint32_t line = 0;
  uint32_t col = 0;
  uint32_t offset = 0;
  bool operator==(const SourceLoc&) const = default;
};

struct Operand {
  // var / label / call name, without its sigil: a view into the Program's
  // storage (the text or bytecode it was read from), never owning.
  std::string_view name;
  int64_t value = 0;  // register index or immediate (0 for %ret)
  SourceLoc loc;
  OperandKind kind = OperandKind::imm;  // last: it packs after loc (40 bytes, not 48)

  bool is_reg() const { return kind >= OperandKind::reg_r && kind <= OperandKind::reg_ret; }
  // An integer immediate (imm or imm64; a double literal is imm_d).
  bool is_imm() const { return kind == OperandKind::imm || kind == OperandKind::imm64; }
  double as_double() const { return std::bit_cast<double>(value); }  // imm_d
  bool is_name() const { return kind <= OperandKind::call; }
  // The operand as written in canonical text: %v1, %ret, $in, @self, !forward, -7.
  std::string text() const;
  // Equality of content (ignores loc).
  bool same(const Operand& o) const { return kind == o.kind && value == o.value && name == o.name; }
};

// The operands of one instruction. Up to kMaxOperands live inline, so
// building a program does not allocate per instruction; a text line with
// more (which the checker then rejects) moves them all to the heap.
class OperandList {
 public:
  OperandList() {}  // see Instruction()

  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  Operand* begin() { return data(); }
  Operand* end() { return data() + count_; }
  const Operand* begin() const { return data(); }
  const Operand* end() const { return data() + count_; }
  Operand& operator[](size_t i) { return data()[i]; }
  const Operand& operator[](size_t i) const { return data()[i]; }
  const Operand& at(size_t i) const {
    if (i >= count_) throw std::out_of_range("OperandList::at");
    return data()[i];
  }
  // A new operand at the end (default-constructed), returned for filling in.
  Operand& add() {
    if (count_ < kMaxOperands) return *new (&inline_[count_++]) Operand();
    if (count_ == kMaxOperands)
      spill_.assign(std::make_move_iterator(inline_), std::make_move_iterator(inline_ + count_));
    ++count_;
    return spill_.emplace_back();
  }
  void push_back(Operand op) { add() = std::move(op); }

 private:
  // Constructed one by one in add(): an empty list writes nothing here
  // (Operand is trivially copyable and destructible: its name is a view).
  union {
    Operand inline_[kMaxOperands];
  };
  std::vector<Operand> spill_;  // all of them, once there are more than kMaxOperands
  size_t count_ = 0;
  Operand* data() { return count_ > kMaxOperands ? spill_.data() : inline_; }
  const Operand* data() const { return count_ > kMaxOperands ? spill_.data() : inline_; }
};

static_assert(std::is_trivially_copyable_v<Operand> && std::is_trivially_destructible_v<Operand>);

struct Instruction {
  // Provided (not defaulted) so that emplace_back() does not zero the whole
  // object before the members' own initializers run.
  Instruction() {}

  Spelling spelling;  // decoded mnemonic: family, letter, type suffix (op == unknown if not in the table)
  // A mnemonic that is not in the table, as written (a view, like
  // Operand::name); empty for a known one, whose text is its spelling's.
  std::string_view unknown_mnemonic;
  OperandList operands;
  std::optional<Operand> result;  // `=> $var` (kind var) or `=> @label` (kind label)
  SourceLoc loc;                  // of the mnemonic

  // Filled in by check(): the table form the operands matched (nullptr before a
  // successful check). Gives the form letter (r/i) and value class (int/double).
  const Form* form = nullptr;

  Op op() const { return spelling.op; }
  // The mnemonic as written, e.g. "addi_ui" or "add" (every known spelling
  // has one text, so it is not stored: loading bytecode never needs it).
  std::string_view mnemonic() const { return spelling.known() ? spelling_text(spelling) : unknown_mnemonic; }
  // Content equality (mnemonic, operands, result), ignoring locations and form.
  bool same(const Instruction& o) const;
};

struct Function {
  std::string name;
  SourceLoc loc;  // of the `#function` line (or of the first instruction)
  std::vector<Instruction> code;
};

// Instructions before the first `#function` line belong to a function of this name.
inline constexpr std::string_view kDefaultFunctionName = "main";

struct Program {
  std::string file;  // file name used in messages ("<input>" if none)
  std::vector<Function> functions;
  // What the names and mnemonics of the instructions view: the text or the
  // bytecode the program was read from (shared by copies of the Program; a
  // heap buffer, so moving the Program keeps the views valid). An
  // instruction must not outlive the Program it came from.
  std::shared_ptr<const std::string> storage;

  const Function* find(std::string_view name) const;
  size_t instruction_count() const;
  bool same(const Program& o) const;  // content equality, ignoring locations
};

// "file:line:col" for text, "file:offset N" for bytecode locations.
std::string where(const std::string& file, const SourceLoc& loc);

}  // namespace ras
