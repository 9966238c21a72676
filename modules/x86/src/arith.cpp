// One-operand groups (inc/dec, not/neg/mul/imul/div/idiv), imul, sign
// extension of the accumulator, shifts/rotates, bit tests and bit counts.
#include "emit.hpp"

namespace x86 {

using namespace detail;

namespace {

// Group 3 (F6/F7) and group 4/5 (FE/FF): one operand, the operation in ModRM.reg.
struct UnaryOp {
  const char* name;
  uint8_t op8, op, digit;
};
constexpr UnaryOp kInc{"inc", 0xFE, 0xFF, 0}, kDec{"dec", 0xFE, 0xFF, 1},
    kNot{"not", 0xF6, 0xF7, 2}, kNeg{"neg", 0xF6, 0xF7, 3}, kMul{"mul", 0xF6, 0xF7, 4},
    kImul{"imul", 0xF6, 0xF7, 5}, kDiv{"div", 0xF6, 0xF7, 6}, kIdiv{"idiv", 0xF6, 0xF7, 7};

void unary(Assembler& a, const UnaryOp& u, Gp dst) {
  check_size(u.name, dst.size, kAll);
  Emit::rr(a, sized_enc(u.name, dst.size, u.op8, u.op), digit(u.digit), field(dst));
}
void unary(Assembler& a, const UnaryOp& u, const Mem& dst) {
  const unsigned size = mem_size_required(u.name, dst);
  check_size(u.name, size, kAll);
  Emit::rm(a, sized_enc(u.name, size, u.op8, u.op), digit(u.digit), dst);
}

// Group 2 shifts/rotates: D0/D1 by 1, C0/C1 by imm8, D2/D3 by cl.
struct ShiftOp {
  const char* name;
  uint8_t digit;
};
constexpr ShiftOp kRol{"rol", 0}, kRor{"ror", 1}, kRcl{"rcl", 2}, kRcr{"rcr", 3},
    kShl{"shl", 4}, kShr{"shr", 5}, kSar{"sar", 7};

int64_t shift_count(const ShiftOp& s, Imm count) {
  if (count.value < 0 || count.value > 255)
    fail(s.name, "shift count " + std::to_string(count.value) + " does not fit 0..255");
  return count.value;
}
void shift_i(Assembler& a, const ShiftOp& s, Gp dst, Imm count) {
  check_size(s.name, dst.size, kAll);
  const int64_t n = shift_count(s, count);
  if (n == 1)
    Emit::rr(a, sized_enc(s.name, dst.size, 0xD0, 0xD1), digit(s.digit), field(dst));
  else
    Emit::rr(a, sized_enc(s.name, dst.size, 0xC0, 0xC1), digit(s.digit), field(dst), 1, n);
}
void shift_i(Assembler& a, const ShiftOp& s, const Mem& dst, Imm count) {
  const unsigned size = mem_size_required(s.name, dst);
  check_size(s.name, size, kAll);
  const int64_t n = shift_count(s, count);
  if (n == 1)
    Emit::rm(a, sized_enc(s.name, size, 0xD0, 0xD1), digit(s.digit), dst);
  else
    Emit::rm(a, sized_enc(s.name, size, 0xC0, 0xC1), digit(s.digit), dst, 1, n);
}
void check_cl(const ShiftOp& s, Gp count) {
  if (!(count == cl)) fail(s.name, "a register shift count must be cl");
}
void shift_cl(Assembler& a, const ShiftOp& s, Gp dst, Gp count) {
  check_cl(s, count);
  check_size(s.name, dst.size, kAll);
  Emit::rr(a, sized_enc(s.name, dst.size, 0xD2, 0xD3), digit(s.digit), field(dst));
}
void shift_cl(Assembler& a, const ShiftOp& s, const Mem& dst, Gp count) {
  check_cl(s, count);
  const unsigned size = mem_size_required(s.name, dst);
  check_size(s.name, size, kAll);
  Emit::rm(a, sized_enc(s.name, size, 0xD2, 0xD3), digit(s.digit), dst);
}

// Bit tests: 0F A3/AB/B3/BB r/m,r and 0F BA /4../7 r/m,imm8.
struct BitOp {
  const char* name;
  uint8_t op, digit;
};
constexpr BitOp kBt{"bt", 0xA3, 4}, kBts{"bts", 0xAB, 5}, kBtr{"btr", 0xB3, 6},
    kBtc{"btc", 0xBB, 7};

Enc two_byte(const char* name, unsigned size, uint8_t op) {
  Enc e = sized_enc(name, size, 0x0F, 0x0F);
  e.len = 2;
  e.op[1] = op;
  return e;
}
void bit_r(Assembler& a, const BitOp& b, Gp dst, Gp bit) {
  check_same(b.name, dst, bit);
  check_size(b.name, dst.size, kWide);
  Emit::rr(a, two_byte(b.name, dst.size, b.op), field(bit), field(dst));
}
void bit_r(Assembler& a, const BitOp& b, const Mem& dst, Gp bit) {
  check_size(b.name, bit.size, kWide);
  Emit::rm(a, two_byte(b.name, mem_size(b.name, dst, bit.size), b.op), field(bit), dst);
}
int64_t bit_index(const BitOp& b, Imm bit) {
  if (bit.value < 0 || bit.value > 255)
    fail(b.name, "bit index " + std::to_string(bit.value) + " does not fit 0..255");
  return bit.value;
}
void bit_i(Assembler& a, const BitOp& b, Gp dst, Imm bit) {
  check_size(b.name, dst.size, kWide);
  const int64_t i = bit_index(b, bit);
  Emit::rr(a, two_byte(b.name, dst.size, 0xBA), digit(b.digit), field(dst), 1, i);
}
void bit_i(Assembler& a, const BitOp& b, const Mem& dst, Imm bit) {
  const unsigned size = mem_size_required(b.name, dst);
  check_size(b.name, size, kWide);
  const int64_t i = bit_index(b, bit);
  Emit::rm(a, two_byte(b.name, size, 0xBA), digit(b.digit), dst, 1, i);
}

// popcnt/lzcnt/tzcnt: F3 0F xx /r.
struct CountOp {
  const char* name;
  uint8_t op;
};
constexpr CountOp kPopcnt{"popcnt", 0xB8}, kLzcnt{"lzcnt", 0xBD}, kTzcnt{"tzcnt", 0xBC};

void count(Assembler& a, const CountOp& c, Gp dst, const Gp* src, const Mem* mem) {
  check_size(c.name, dst.size, kWide);
  Enc e = two_byte(c.name, dst.size, c.op);
  e.mand = 0xF3;
  if (src) {
    check_same(c.name, dst, *src);
    Emit::rr(a, e, field(dst), field(*src));
  } else {
    mem_size(c.name, *mem, dst.size);
    Emit::rm(a, e, field(dst), *mem);
  }
}

}  // namespace

#define X86_UNARY_DEF(fn, op)                                    \
  void Assembler::fn(Gp dst) { unary(*this, op, dst); }          \
  void Assembler::fn(const Mem& dst) { unary(*this, op, dst); }
X86_UNARY_DEF(inc, kInc)
X86_UNARY_DEF(dec, kDec)
X86_UNARY_DEF(neg, kNeg)
X86_UNARY_DEF(not_, kNot)
X86_UNARY_DEF(mul, kMul)
X86_UNARY_DEF(imul, kImul)
X86_UNARY_DEF(div, kDiv)
X86_UNARY_DEF(idiv, kIdiv)
#undef X86_UNARY_DEF

void Assembler::imul(Gp dst, Gp src) {
  check_same("imul", dst, src);
  check_size("imul", dst.size, kWide);
  Emit::rr(*this, two_byte("imul", dst.size, 0xAF), field(dst), field(src));
}
void Assembler::imul(Gp dst, const Mem& src) {
  check_size("imul", dst.size, kWide);
  Emit::rm(*this, two_byte("imul", mem_size("imul", src, dst.size), 0xAF), field(dst), src);
}
// 6B /r ib when the immediate fits a byte, else 69 /r iw/id.
void Assembler::imul(Gp dst, Gp src, Imm imm) {
  check_same("imul", dst, src);
  check_size("imul", dst.size, kWide);
  const int64_t v = imm_for_size("imul", imm.value, dst.size);
  const bool b = fits8(v);
  Emit::rr(*this, sized_enc("imul", dst.size, 0, b ? 0x6B : 0x69), field(dst), field(src),
           b ? 1 : dst.size == 2 ? 2 : 4, v);
}
void Assembler::imul(Gp dst, const Mem& src, Imm imm) {
  check_size("imul", dst.size, kWide);
  mem_size("imul", src, dst.size);
  const int64_t v = imm_for_size("imul", imm.value, dst.size);
  const bool b = fits8(v);
  Emit::rm(*this, sized_enc("imul", dst.size, 0, b ? 0x6B : 0x69), field(dst), src,
           b ? 1 : dst.size == 2 ? 2 : 4, v);
}

void Assembler::cqo() { Emit::ro(*this, sized_enc("cqo", 8, 0x99, 0x99), Field{}); }
void Assembler::cdq() { Emit::ro(*this, sized_enc("cdq", 4, 0x99, 0x99), Field{}); }
void Assembler::cdqe() { Emit::ro(*this, sized_enc("cdqe", 8, 0x98, 0x98), Field{}); }

#define X86_SHIFT_DEF(fn, op)                                                            \
  void Assembler::fn(Gp dst, Imm count) { shift_i(*this, op, dst, count); }             \
  void Assembler::fn(const Mem& dst, Imm count) { shift_i(*this, op, dst, count); }     \
  void Assembler::fn(Gp dst, Gp count_cl) { shift_cl(*this, op, dst, count_cl); }       \
  void Assembler::fn(const Mem& dst, Gp count_cl) { shift_cl(*this, op, dst, count_cl); }
X86_SHIFT_DEF(rol, kRol)
X86_SHIFT_DEF(ror, kRor)
X86_SHIFT_DEF(rcl, kRcl)
X86_SHIFT_DEF(rcr, kRcr)
X86_SHIFT_DEF(shl, kShl)
X86_SHIFT_DEF(shr, kShr)
X86_SHIFT_DEF(sar, kSar)
#undef X86_SHIFT_DEF

#define X86_BT_DEF(fn, op)                                                     \
  void Assembler::fn(Gp dst, Gp bit) { bit_r(*this, op, dst, bit); }         \
  void Assembler::fn(const Mem& dst, Gp bit) { bit_r(*this, op, dst, bit); } \
  void Assembler::fn(Gp dst, Imm bit) { bit_i(*this, op, dst, bit); }        \
  void Assembler::fn(const Mem& dst, Imm bit) { bit_i(*this, op, dst, bit); }
X86_BT_DEF(bt, kBt)
X86_BT_DEF(bts, kBts)
X86_BT_DEF(btr, kBtr)
X86_BT_DEF(btc, kBtc)
#undef X86_BT_DEF

#define X86_COUNT_DEF(fn, op)                                                          \
  void Assembler::fn(Gp dst, Gp src) { count(*this, op, dst, &src, nullptr); }        \
  void Assembler::fn(Gp dst, const Mem& src) { count(*this, op, dst, nullptr, &src); }
X86_COUNT_DEF(popcnt, kPopcnt)
X86_COUNT_DEF(lzcnt, kLzcnt)
X86_COUNT_DEF(tzcnt, kTzcnt)
#undef X86_COUNT_DEF

}  // namespace x86
