// Execution tests: small functions built with the encoder, mapped and called
// (SysV: arguments in rdi, rsi, rdx, rcx, r8, r9 / xmm0.., result in rax / xmm0).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "jit.hpp"

using namespace x86;

namespace {

using Fn2 = int64_t (*)(int64_t, int64_t);

TEST(Exec, AddFromTheAsmReference) {
  Assembler a;
  a.mov(rax, rdi);
  a.add(rax, rsi);
  a.ret();
  Jit j(a);
  EXPECT_EQ(j.fn<Fn2>()(10, 32), 42);
  EXPECT_EQ(j.fn<Fn2>()(-5, 3), -2);
}

TEST(Exec, ImmediatesOfEveryWidth) {
  for (int64_t v : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{0x7FFFFFFF}, int64_t{0x80000000}, int64_t{0xFFFFFFFF},
                    int64_t{-0x80000000LL}, int64_t{0x123456789ABCDEF0}, INT64_MIN, INT64_MAX}) {
    Assembler a;
    a.mov(rax, -1);  // garbage in the upper half must not survive a 32-bit mov
    a.mov(rax, v);
    a.ret();
    Jit j(a);
    EXPECT_EQ(j.fn<int64_t (*)()>()(), v) << v;
  }
  Assembler a;
  a.mov_imm32_sx(rax, -2);
  a.ret();
  Jit j(a);
  EXPECT_EQ(j.fn<int64_t (*)()>()(), -2);
}

// (a * b + 7) / 3 and the remainder, signed and unsigned, plus shifts.
TEST(Exec, ArithmeticMulDivShift) {
  Assembler a;
  a.mov(rax, rdi);
  a.imul(rax, rsi);
  a.add(rax, 7);
  a.mov(rcx, 3);
  a.cqo();
  a.idiv(rcx);  // rax = q, rdx = r
  a.shl(rax, 4);
  a.add(rax, rdx);  // q*16 + r
  a.ret();
  Jit j(a);
  for (auto [x, y] : {std::pair<int64_t, int64_t>{5, 6}, {-5, 6}, {1000, -77}, {0, 0}}) {
    const int64_t p = x * y + 7;
    EXPECT_EQ(j.fn<Fn2>()(x, y), (p / 3) * 16 + p % 3) << x << "*" << y;
  }

  Assembler u;
  u.mov(rax, rdi);
  u.xor_(edx, edx);
  u.div(rsi);
  u.imul(rax, rax, 10);
  u.add(rax, rdx);
  u.mov(rcx, rsi);
  u.sar(rax, cl);  // shift by the divisor (low 6 bits)
  u.ret();
  Jit ju(u);
  const uint64_t x = 0xFFFFFFFFFFFFFF00u, y = 7;
  EXPECT_EQ(static_cast<uint64_t>(ju.fn<Fn2>()(static_cast<int64_t>(x), y)),
            static_cast<uint64_t>(static_cast<int64_t>((x / y) * 10 + x % y) >> 7));
}

TEST(Exec, SetccCmovAndBitOps) {
  Assembler a;  // (a < b signed) + 2*(a < b unsigned) + 4*bt(a, 3) + 8*(popcount-free min)
  a.xor_(eax, eax);
  a.cmp(rdi, rsi);
  a.setcc(Cond::L, al);
  a.setcc(Cond::B, cl);
  a.movzx(ecx, cl);
  a.lea(rax, ptr(rax, rcx, 2));
  a.bt(rdi, 3);
  a.setcc(Cond::C, dl);
  a.movzx(edx, dl);
  a.lea(rax, ptr(rax, rdx, 4));
  a.mov(r8, rdi);
  a.cmp(rdi, rsi);
  a.cmovcc(Cond::G, r8, rsi);  // min(a, b)
  a.shl(r8, 8);
  a.or_(rax, r8);
  a.ret();
  Jit j(a);
  auto expect = [](int64_t x, int64_t y) {
    int64_t r = (x < y) + 2 * (static_cast<uint64_t>(x) < static_cast<uint64_t>(y)) + 4 * ((x >> 3) & 1);
    return r | (std::min(x, y) << 8);
  };
  for (auto [x, y] : {std::pair<int64_t, int64_t>{1, 2}, {-1, 2}, {8, 3}, {15, 15}, {-9, -10}})
    EXPECT_EQ(j.fn<Fn2>()(x, y), expect(x, y)) << x << "," << y;
}

TEST(Exec, LoopOverLabelsSumsOneToN) {
  Assembler a;
  Label loop = a.new_label("loop"), done = a.new_label("done");
  a.xor_(eax, eax);
  a.test(rdi, rdi);
  a.jcc(Cond::LE, done);
  a.bind(loop);
  a.add(rax, rdi);
  a.dec(rdi);
  a.jcc(Cond::NZ, loop);
  a.bind(done);
  a.ret();
  Jit j(a);
  using Fn1 = int64_t (*)(int64_t);
  EXPECT_EQ(j.fn<Fn1>()(100), 5050);
  EXPECT_EQ(j.fn<Fn1>()(0), 0);
  EXPECT_EQ(j.fn<Fn1>()(-3), 0);
}

// A loop body longer than 127 bytes forces rel32 back edges and forward exits.
TEST(Exec, LongLoopUsesRel32AndStillRuns) {
  Assembler a;
  Label loop = a.new_label(), out = a.new_label();
  a.xor_(eax, eax);
  a.bind(loop);
  a.cmp(rdi, 0);
  a.jcc(Cond::E, out);
  for (int i = 0; i < 40; ++i) a.nop(5);
  a.add(rax, 3);
  a.dec(rdi);
  a.jmp(loop);
  a.bind(out);
  a.ret();
  Jit j(a);
  EXPECT_EQ(j.fn<int64_t (*)(int64_t)>()(9), 27);
}

static int64_t host_callee(int64_t x) { return x * 3 + 1; }

TEST(Exec, CallsToLabelsAndThroughRegisters) {
  Assembler a;
  Label twice = a.new_label("twice");
  a.push(rbx);  // keeps the stack 16-byte aligned at the calls
  a.mov(rbx, rdi);
  a.call(twice);  // rax = 2 * rdi
  a.mov(rdi, rax);
  a.movabs(rax, reinterpret_cast<int64_t>(&host_callee));
  a.call(rax);  // rax = host_callee(2x)
  a.add(rax, rbx);
  a.pop(rbx);
  a.ret();
  a.bind(twice);
  a.lea(rax, ptr(rdi, rdi, 1));
  a.ret();
  Jit j(a);
  EXPECT_EQ(j.fn<int64_t (*)(int64_t)>()(5), host_callee(10) + 5);
}

TEST(Exec, LoadsAndStoresOfEveryWidth) {
  alignas(8) uint8_t buf[32];
  for (int i = 0; i < 32; ++i) buf[i] = static_cast<uint8_t>(0xF0 + i);
  // Returns sum of: zx byte[1], sx byte[1], zx word[2], sx word[2], zx dword[4], sx dword[4], qword[8];
  // stores the sum as qword at [24], its low dword at [16], word at [20], byte at [22].
  Assembler a;
  a.movzx(eax, byte_ptr(rdi, 1));
  a.movsx(rcx, byte_ptr(rdi, 1));
  a.add(rax, rcx);
  a.movzx(ecx, word_ptr(rdi, 2));
  a.add(rax, rcx);
  a.movsx(rcx, word_ptr(rdi, 2));
  a.add(rax, rcx);
  a.mov(ecx, dword_ptr(rdi, 4));  // zero-extends
  a.add(rax, rcx);
  a.movsxd(rcx, dword_ptr(rdi, 4));
  a.add(rax, rcx);
  a.mov(rsi, 1);
  a.add(rax, qword_ptr(rdi, rsi, 8, 0));
  a.mov(qword_ptr(rdi, 24), rax);
  a.mov(dword_ptr(rdi, 16), eax);
  a.mov(word_ptr(rdi, 20), ax);
  a.mov(byte_ptr(rdi, 22), al);
  a.mov(byte_ptr(rdi, 23), 0x5A);
  a.ret();
  Jit j(a);
  int64_t want = 0;
  int8_t b;
  int16_t w;
  int32_t d;
  int64_t q;
  std::memcpy(&b, buf + 1, 1);
  std::memcpy(&w, buf + 2, 2);
  std::memcpy(&d, buf + 4, 4);
  std::memcpy(&q, buf + 8, 8);
  want = static_cast<uint8_t>(b) + int64_t{b} + static_cast<uint16_t>(w) + int64_t{w} + static_cast<uint32_t>(d) +
         int64_t{d} + q;
  const int64_t got = j.fn<int64_t (*)(uint8_t*)>()(buf);
  EXPECT_EQ(got, want);
  int64_t stored;
  std::memcpy(&stored, buf + 24, 8);
  EXPECT_EQ(stored, want);
  uint32_t d32;
  uint16_t w16;
  std::memcpy(&d32, buf + 16, 4);
  std::memcpy(&w16, buf + 20, 2);
  EXPECT_EQ(d32, static_cast<uint32_t>(want));
  EXPECT_EQ(w16, static_cast<uint16_t>(want));
  EXPECT_EQ(buf[22], static_cast<uint8_t>(want));
  EXPECT_EQ(buf[23], 0x5A);
}

TEST(Exec, DataAddressedThroughALabel) {
  Assembler a;
  Label data = a.new_label("data");
  a.mov(rax, qword_ptr(data));
  a.lea(rcx, data);
  a.add(rax, qword_ptr(rcx, 8));
  a.ret();
  a.bind(data);
  const int64_t words[2] = {40, 2};
  a.embed(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(words), sizeof words));
  Jit j(a);
  EXPECT_EQ(j.fn<int64_t (*)()>()(), 42);
}

TEST(Exec, DoubleArithmeticAndConversions) {
  // f(x, y, n) = trunc(sqrt(x*x + y*y) / n + (x > y ? 1 : 0)), returned as int64
  Assembler a;
  a.movapd(xmm2, xmm0);
  a.mulsd(xmm2, xmm0);
  a.movsd(xmm3, xmm1);
  a.mulsd(xmm3, xmm1);
  a.addsd(xmm2, xmm3);
  a.sqrtsd(xmm2, xmm2);
  a.cvtsi2sd(xmm4, rdi);
  a.divsd(xmm2, xmm4);
  a.xor_(eax, eax);
  a.ucomisd(xmm0, xmm1);
  a.setcc(Cond::A, al);
  a.cvttsd2si(rcx, xmm2);
  a.add(rax, rcx);
  a.ret();
  Jit j(a);
  using Fd = int64_t (*)(double, double, int64_t);
  EXPECT_EQ(j.fn<Fd>()(30.0, 40.0, 5), 10);
  EXPECT_EQ(j.fn<Fd>()(40.0, 30.0, 5), 11);
  EXPECT_EQ(j.fn<Fd>()(-6.0, 8.0, 1), 10);

  Assembler b;  // float <-> double, min/max, sign flip with xorpd, memory operands
  Label sign = b.new_label("sign");
  b.cvtss2sd(xmm0, xmm0);  // float arg -> double
  b.maxsd(xmm0, qword_ptr(rdi));
  b.minsd(xmm0, qword_ptr(rdi, 8));
  b.xorpd(xmm0, xmmword_ptr(sign));
  b.movq(rax, xmm0);
  b.movq(xmm1, rax);
  b.movsd(qword_ptr(rdi, 16), xmm1);
  b.cvtsd2ss(xmm0, xmm1);
  b.ret();
  b.nop(8);  // align the constant to 16
  while (b.size() % 16) b.nop();
  b.bind(sign);
  const uint64_t mask[2] = {0x8000000000000000u, 0};
  b.embed(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(mask), sizeof mask));
  Jit jb(b);
  alignas(16) double mem[3] = {-1.0, 2.5, 0};
  using Ff = float (*)(float, double*);
  EXPECT_FLOAT_EQ(jb.fn<Ff>()(1.5f, mem), -1.5f);
  EXPECT_DOUBLE_EQ(mem[2], -1.5);
  EXPECT_FLOAT_EQ(jb.fn<Ff>()(7.0f, mem), -2.5f);
  EXPECT_FLOAT_EQ(jb.fn<Ff>()(-3.0f, mem), 1.0f);
}

TEST(Exec, PopcntWhenTheCpuHasIt) {
  if (!__builtin_cpu_supports("popcnt")) GTEST_SKIP() << "no popcnt";
  Assembler a;
  a.popcnt(rax, rdi);
  a.ret();
  Jit j(a);
  EXPECT_EQ(j.fn<int64_t (*)(int64_t)>()(0xF0F0), 8);
  EXPECT_EQ(j.fn<int64_t (*)(int64_t)>()(-1), 64);
}

}  // namespace
