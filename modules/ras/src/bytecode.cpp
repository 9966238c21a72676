// Program <-> bytecode (big-endian). Layout in docs/ras.md:
//   header   "RASB", u16 version, u16 function count, u32 instruction count
//   function u16 name length, name, u32 instruction count, instructions
//   insn     u8 result (0 none, 1 $var, 2 @label), u8 argc, u16 opcode,
//            argc x (u8 type, then u16 length + name | i32 | i64 | f64 bits), [u16 length + name]
#include "ras/bytecode.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include "names.hpp"
#include "ras/diagnostic.hpp"

namespace ras {
namespace {

enum ResultCode : uint8_t { kNoResult = 0, kVarResult = 1, kLabelResult = 2 };

class Writer {
 public:
  explicit Writer(const Program& p) : p_(p) {}

  std::vector<uint8_t> run() {
    u16(kBytecodeVersion);
    if (p_.functions.size() > 0xffff) fail(SourceLoc{}, "more than 65535 functions");
    u16(uint16_t(p_.functions.size()));
    size_t total = p_.instruction_count();
    if (total > 0xffffffffu) fail(SourceLoc{}, "more than 2^32-1 instructions");
    u32(uint32_t(total));
    for (const Function& f : p_.functions) {
      name(f.loc, "function name", f.name);
      u32(uint32_t(f.code.size()));
      for (const Instruction& ins : f.code) instruction(ins);
    }
    return std::move(out_);
  }

 private:
  const Program& p_;
  // Starts as the magic (constructed, not inserted into an empty vector:
  // GCC 12 at -O3 reports a false -Wstringop-overflow for the insert).
  std::vector<uint8_t> out_{std::begin(kBytecodeMagic), std::end(kBytecodeMagic)};

  [[noreturn]] void fail(const SourceLoc& loc, const std::string& msg) {
    throw Error(where(p_.file, loc) + ": " + msg);
  }
  void u8(uint8_t v) { out_.push_back(v); }
  void u16(uint16_t v) { u8(uint8_t(v >> 8)), u8(uint8_t(v)); }
  void u32(uint32_t v) { u16(uint16_t(v >> 16)), u16(uint16_t(v)); }
  void u64(uint64_t v) { u32(uint32_t(v >> 32)), u32(uint32_t(v)); }
  void name(const SourceLoc& loc, const char* what, std::string_view s) {
    if (!detail::valid_name(s)) fail(loc, std::string("invalid ") + what + " '" + std::string(s) + "'");
    u16(uint16_t(s.size()));
    out_.insert(out_.end(), s.begin(), s.end());
  }

  void instruction(const Instruction& ins) {
    if (!ins.spelling.known() || !valid_spelling(ins.spelling))
      fail(ins.loc, "unknown mnemonic '" + std::string(ins.mnemonic()) + "' cannot be stored");
    if (ins.operands.size() > kMaxOperands)
      fail(ins.loc, std::string(ins.mnemonic()) + ": " + std::to_string(ins.operands.size()) +
                        " operands; bytecode holds at most 3");
    uint8_t res = kNoResult;
    if (ins.result) {
      if (ins.result->kind != OperandKind::var && ins.result->kind != OperandKind::label)
        fail(ins.result->loc, std::string(ins.mnemonic()) + ": result must be $var or @label");
      res = ins.result->kind == OperandKind::var ? kVarResult : kLabelResult;
    }
    u8(res);
    u8(uint8_t(ins.operands.size()));
    u16(opcode_of(ins.spelling));
    for (const Operand& op : ins.operands) operand(ins, op);
    if (ins.result) name(ins.result->loc, "result name", ins.result->name);
  }

  void operand(const Instruction& ins, const Operand& op) {
    OperandKind kind = op.kind;
    if (op.is_imm()) kind = needs_imm64(op.value) ? OperandKind::imm64 : OperandKind::imm;
    u8(uint8_t(kind));
    if (op.is_name()) return name(op.loc, "operand name", op.name);
    if (op.kind == OperandKind::imm_d) return u64(canonical_double_bits(op.value));
    if (op.is_imm()) return kind == OperandKind::imm64 ? u64(uint64_t(op.value)) : u32(uint32_t(int32_t(op.value)));
    if (op.kind == OperandKind::reg_ret ? op.value != 0 : op.value < 0 || op.value > detail::kMaxRegisterIndex)
      fail(op.loc, std::string(ins.mnemonic()) + ": register index " + std::to_string(op.value) + " cannot be stored");
    u32(uint32_t(op.value));
  }
};

class Loader {
 public:
  // Names are views of the program's own copy of the bytes.
  Loader(std::span<const uint8_t> in, std::string file) {
    auto storage = std::make_shared<const std::string>(reinterpret_cast<const char*>(in.data()), in.size());
    in_ = std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(storage->data()), storage->size());
    p_.file = std::move(file);
    p_.storage = std::move(storage);
  }

  Program run() {
    need(4, "the 4-byte magic \"RASB\"");
    if (!std::equal(std::begin(kBytecodeMagic), std::end(kBytecodeMagic), in_.begin()))
      fail(0, "expected the magic \"RASB\" (not a ras bytecode file)");
    pos_ = 4;
    size_t at = pos_;
    uint16_t version = u16("the format version");
    if (version != kBytecodeVersion)
      fail(at, "expected format version " + std::to_string(kBytecodeVersion) + ", got " + std::to_string(version));
    uint16_t nfun = u16("the function count");
    at = pos_;
    uint32_t total = u32("the instruction count");
    uint64_t seen = 0;
    for (uint16_t i = 0; i < nfun; ++i) {
      Function f;
      f.loc = here();
      f.name = std::string(name("a function name"));
      size_t count_at = pos_;
      uint32_t n = u32("the function's instruction count");
      seen += n;
      if (seen > total)
        fail(count_at, "function " + f.name + " has " + std::to_string(n) + " instructions, more than the " +
                           std::to_string(total) + " the header declares in all");
      // Each instruction takes at least 4 bytes: never reserve more than the input can hold.
      f.code.reserve(std::min<size_t>(n, (in_.size() - pos_) / 4));
      for (uint32_t k = 0; k < n; ++k) instruction(f.code.emplace_back());
      p_.functions.push_back(std::move(f));
    }
    if (seen != total)
      fail(at,
           "header declares " + std::to_string(total) + " instructions, the functions hold " + std::to_string(seen));
    if (pos_ != in_.size())
      fail(pos_,
           "expected end of file after the last function, got " + std::to_string(in_.size() - pos_) + " more byte(s)");
    return std::move(p_);
  }

 private:
  std::span<const uint8_t> in_;
  size_t pos_ = 0;
  Program p_;

  SourceLoc here() const { return SourceLoc{0, 0, uint32_t(pos_)}; }
  [[noreturn]] void fail(size_t at, const std::string& msg) {
    throw Error(where(p_.file, SourceLoc{0, 0, uint32_t(at)}) + ": " + msg);
  }
  void need(size_t n, const char* what) { need_at(pos_, n, what); }
  // `at` is where the thing being read starts (reported in the error).
  // Runs for every field read: the message is built out of line.
  void need_at(size_t at, size_t n, const char* what) {
    if (in_.size() - pos_ < n) [[unlikely]]
      short_input(at, n, what);
  }
  [[noreturn, gnu::noinline, gnu::cold]] void short_input(size_t at, size_t n, const char* what) {
    fail(at, std::string("truncated bytecode: expected ") + what + " (" + std::to_string(n) + " byte(s)), " +
                 std::to_string(in_.size() - pos_) + " left");
  }
  uint64_t be(size_t n, const char* what) {
    need(n, what);
    const uint8_t* p = in_.data() + pos_;
    pos_ += n;
    switch (n) {  // fixed sizes: the compiler turns each into one load and a byte swap
      case 1: return p[0];
      case 2: return load_be<uint16_t>(p);
      case 4: return load_be<uint32_t>(p);
      default: return load_be<uint64_t>(p);
    }
  }
  template <class T>
  static T load_be(const uint8_t* p) {
    T v;
    std::memcpy(&v, p, sizeof v);
    if constexpr (std::endian::native == std::endian::big) return v;
    else if constexpr (sizeof v == 2) return T(__builtin_bswap16(v));
    else if constexpr (sizeof v == 4) return T(__builtin_bswap32(v));
    else return T(__builtin_bswap64(v));
  }
  uint8_t u8(const char* what) { return uint8_t(be(1, what)); }
  uint16_t u16(const char* what) { return uint16_t(be(2, what)); }
  uint32_t u32(const char* what) { return uint32_t(be(4, what)); }

  std::string_view name(const char* what) {
    size_t at = pos_;
    // The "the length of ..." text is built only on the error path.
    if (in_.size() - pos_ < 2) need(2, (std::string("the length of ") + what).c_str());
    uint16_t len = u16(what);
    need_at(at, len, what);
    std::string_view s(reinterpret_cast<const char*>(in_.data() + pos_), len);
    pos_ += len;
    if (!detail::valid_name(s))
      fail(at, std::string("expected ") + what + " (letters, digits, '_', not starting with a digit), got \"" +
                   printable(s) + "\"");
    return s;
  }
  static std::string printable(std::string_view s) {
    std::string out;
    for (unsigned char c : s) out += (c >= 32 && c < 127) ? std::string(1, char(c)) : "\\x" + hex(c);
    return out.size() > 40 ? out.substr(0, 40) + "..." : out;
  }
  static std::string hex(unsigned v) {
    static const char d[] = "0123456789abcdef";
    return {d[(v >> 4) & 15], d[v & 15]};
  }

  // The messages of bad fields, built out of line so that the reading code stays small.
  [[noreturn, gnu::cold, gnu::noinline]] void fail_got(size_t at, const char* expected, uint64_t got) {
    fail(at, std::string(expected) + ", got " + std::to_string(got));
  }
  [[noreturn, gnu::cold, gnu::noinline]] void unknown_opcode(size_t at, uint16_t code) {
    fail(at, "unknown opcode 0x" + hex(code >> 8) + hex(code & 0xff));
  }
  [[noreturn, gnu::cold, gnu::noinline]] void odd_nan(size_t at, uint64_t bits) {
    fail(at, fmt::format("imm_d holds the NaN 0x{:016x}; the only NaN stored is 0x{:016x} (nan)", bits, kCanonicalNaN));
  }
  [[noreturn, gnu::cold, gnu::noinline]] void narrow_imm64(size_t at, int64_t value) {
    fail(at, "imm64 holds " + std::to_string(value) + ", which fits in 32 bits (expected type code 7, imm)");
  }

  void instruction(Instruction& ins) {
    ins.loc = here();
    size_t at = pos_;
    uint8_t res = u8("an instruction header");
    if (res > kLabelResult) [[unlikely]]
      fail_got(at, "expected result flag 0, 1 ($var) or 2 (@label)", res);
    at = pos_;
    uint8_t argc = u8("the argument count");
    if (argc > kMaxOperands) [[unlikely]]
      fail_got(at, "expected argument count 0..3", argc);
    at = pos_;
    uint16_t code = u16("the opcode");
    ins.spelling = opcode_fields(code);
    if (!valid_spelling(ins.spelling)) [[unlikely]]
      unknown_opcode(at, code);
    for (uint8_t i = 0; i < argc; ++i) operand(ins.operands.add());
    if (res != kNoResult) {
      Operand& r = ins.result.emplace();
      r.loc = here();
      r.kind = res == kVarResult ? OperandKind::var : OperandKind::label;
      r.name = name("a result name");
    }
  }

  void operand(Operand& op) {
    op.loc = here();
    size_t at = pos_;
    uint8_t type = u8("an operand type code");
    if (type >= kOperandKindCount) [[unlikely]]
      fail_got(at, "expected an operand type code 0..9", type);
    op.kind = OperandKind(type);
    at = pos_;
    if (op.is_name()) {
      op.name = name("an operand name");
    } else if (op.kind == OperandKind::imm64) {
      op.value = int64_t(be(8, "an 8-byte immediate"));
      if (!needs_imm64(op.value)) [[unlikely]]
        narrow_imm64(at, op.value);
    } else if (op.kind == OperandKind::imm_d) {
      op.value = int64_t(be(8, "an 8-byte double immediate"));
      if (uint64_t(op.value) != canonical_double_bits(op.value)) [[unlikely]]
        odd_nan(at, uint64_t(op.value));
    } else if (op.kind == OperandKind::imm) {
      op.value = int32_t(u32("a 4-byte immediate"));
    } else {
      uint32_t v = u32("a 4-byte register index");
      if (op.kind == OperandKind::reg_ret ? v != 0 : v > detail::kMaxRegisterIndex) [[unlikely]]
        fail_got(
            at,
            op.kind == OperandKind::reg_ret ? "expected register index 0 for %ret" : "expected register index 0..65535",
            v);
      op.value = v;
    }
  }
};

}  // namespace

bool is_bytecode(std::span<const uint8_t> bytes) {
  size_t n = std::min(bytes.size(), std::size(kBytecodeMagic));
  return n > 0 && std::equal(bytes.begin(), bytes.begin() + ptrdiff_t(n), std::begin(kBytecodeMagic));
}

std::vector<uint8_t> write_bytecode(const Program& program) { return Writer(program).run(); }

Program load_bytecode(std::span<const uint8_t> bytes, std::string file) { return Loader(bytes, std::move(file)).run(); }

}  // namespace ras
