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

int64_t shift_count(const ShiftOp& s, Imm count) {
  if (count.value < 0 || count.value > 255)
    fail(s.name, "shift count " + std::to_string(count.value) + " does not fit 0..255");
  return count.value;
}
void shift_i(Assembler& a, const ShiftOp& s, Gp dst, Imm count) {
  check_size(s.name, dst.size, kAll);
  const int64_t n = shift_count(s, count);
  if (n == 1) Emit::rr(a, sized_enc(s.name, dst.size, 0xD0, 0xD1), digit(s.digit), field(dst));
  else Emit::rr(a, sized_enc(s.name, dst.size, 0xC0, 0xC1), digit(s.digit), field(dst), 1, n);
}
void shift_i(Assembler& a, const ShiftOp& s, const Mem& dst, Imm count) {
  const unsigned size = mem_size_required(s.name, dst);
  check_size(s.name, size, kAll);
  const int64_t n = shift_count(s, count);
  if (n == 1) Emit::rm(a, sized_enc(s.name, size, 0xD0, 0xD1), digit(s.digit), dst);
  else Emit::rm(a, sized_enc(s.name, size, 0xC0, 0xC1), digit(s.digit), dst, 1, n);
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
  if (bit.value < 0 || bit.value > 255) fail(b.name, "bit index " + std::to_string(bit.value) + " does not fit 0..255");
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

// r/m, r forms of 0F op8 (bytes) / op8+1: xadd, cmpxchg.
void rm_r(Assembler& a, const char* n, uint8_t op8, Gp dst, Gp src) {
  check_same(n, dst, src);
  check_size(n, dst.size, kAll);
  Enc e = two_byte(n, dst.size, static_cast<uint8_t>(dst.size == 1 ? op8 : op8 + 1));
  Emit::rr(a, e, field(src), field(dst));
}
void rm_r(Assembler& a, const char* n, uint8_t op8, const Mem& dst, Gp src) {
  check_size(n, src.size, kAll);
  const unsigned size = mem_size(n, dst, src.size);
  Emit::rm(a, two_byte(n, size, static_cast<uint8_t>(size == 1 ? op8 : op8 + 1)), field(src), dst);
}

// crc32: F2 [REX.W] 0F 38 F0 (8-bit source) / F1 (16/32/64-bit, 66 for 16);
// the destination is 32-bit, or 64-bit for 8 and 64-bit sources.
Enc crc32_enc(unsigned dst, unsigned src) {
  check_size("crc32", dst, 4 | 8);
  check_size("crc32", src, kAll);
  if ((src == 8 && dst != 8) || ((src == 2 || src == 4) && dst != 4))
    fail("crc32",
         "a " + std::to_string(8 * src) + "-bit source needs a " + (src == 8 ? "64" : "32") + "-bit destination");
  Enc e{"crc32"};
  e.p66 = src == 2 ? 0x66 : 0;
  e.mand = 0xF2;
  e.w = dst == 8;
  e.len = 3;
  e.op[0] = 0x0F;
  e.op[1] = 0x38;
  e.op[2] = src == 1 ? 0xF0 : 0xF1;
  return e;
}

}  // namespace

void Assembler::xadd(Gp dst, Gp src) { rm_r(*this, "xadd", 0xC0, dst, src); }
void Assembler::xadd(const Mem& dst, Gp src) { rm_r(*this, "xadd", 0xC0, dst, src); }
void Assembler::cmpxchg(Gp dst, Gp src) { rm_r(*this, "cmpxchg", 0xB0, dst, src); }
void Assembler::cmpxchg(const Mem& dst, Gp src) { rm_r(*this, "cmpxchg", 0xB0, dst, src); }
void Assembler::movnti(const Mem& dst, Gp src) {
  check_size("movnti", src.size, 4 | 8);
  Emit::rm(*this, two_byte("movnti", mem_size("movnti", dst, src.size), 0xC3), field(src), dst);
}
void Assembler::bswap(Gp reg) {
  check_size("bswap", reg.size, 4 | 8);
  Emit::ro(*this, two_byte("bswap", reg.size, 0xC8), field(reg));
}
void Assembler::crc32(Gp dst, Gp src) { Emit::rr(*this, crc32_enc(dst.size, src.size), field(dst), field(src)); }
void Assembler::crc32(Gp dst, const Mem& src) {
  Emit::rm(*this, crc32_enc(dst.size, mem_size_required("crc32", src)), field(dst), src);
}

// One memory operand, 0F op /digit (prefetch*, clflush, cmpxchg8b/16b).
#define X86_MEMOP(m, n, op, d, rex_w, bytes) \
  void Assembler::m(const Mem& dst) {        \
    Enc e = two_byte(n, 4, op);              \
    e.w = rex_w;                             \
    mem_size(n, dst, bytes);                 \
    Emit::rm(*this, e, digit(d), dst);       \
  }
#include "x86/insns.def"

#define X86_UNARY(m, n, op8, op, d)                                        \
  void Assembler::m(Gp dst) { unary(*this, UnaryOp{n, op8, op, d}, dst); } \
  void Assembler::m(const Mem& dst) { unary(*this, UnaryOp{n, op8, op, d}, dst); }
#include "x86/insns.def"

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
           b               ? 1
           : dst.size == 2 ? 2
                           : 4,
           v);
}
void Assembler::imul(Gp dst, const Mem& src, Imm imm) {
  check_size("imul", dst.size, kWide);
  mem_size("imul", src, dst.size);
  const int64_t v = imm_for_size("imul", imm.value, dst.size);
  const bool b = fits8(v);
  Emit::rm(*this, sized_enc("imul", dst.size, 0, b ? 0x6B : 0x69), field(dst), src, b ? 1 : dst.size == 2 ? 2 : 4, v);
}

#define X86_SHIFT(m, n, d)                                                                    \
  void Assembler::m(Gp dst, Imm count) { shift_i(*this, ShiftOp{n, d}, dst, count); }         \
  void Assembler::m(const Mem& dst, Imm count) { shift_i(*this, ShiftOp{n, d}, dst, count); } \
  void Assembler::m(Gp dst, Gp count_cl) { shift_cl(*this, ShiftOp{n, d}, dst, count_cl); }   \
  void Assembler::m(const Mem& dst, Gp count_cl) { shift_cl(*this, ShiftOp{n, d}, dst, count_cl); }
#include "x86/insns.def"

#define X86_BT(m, n, op, d)                                                              \
  void Assembler::m(Gp dst, Gp bit) { bit_r(*this, BitOp{n, op, d}, dst, bit); }         \
  void Assembler::m(const Mem& dst, Gp bit) { bit_r(*this, BitOp{n, op, d}, dst, bit); } \
  void Assembler::m(Gp dst, Imm bit) { bit_i(*this, BitOp{n, op, d}, dst, bit); }        \
  void Assembler::m(const Mem& dst, Imm bit) { bit_i(*this, BitOp{n, op, d}, dst, bit); }
#include "x86/insns.def"

#define X86_BITCNT(m, n, op)                                                              \
  void Assembler::m(Gp dst, Gp src) { count(*this, CountOp{n, op}, dst, &src, nullptr); } \
  void Assembler::m(Gp dst, const Mem& src) { count(*this, CountOp{n, op}, dst, nullptr, &src); }
#include "x86/insns.def"

}  // namespace x86
