// Kernels built with the encoder's SIMD forms, run and checked against plain
// C++: a dot product of doubles (AVX2 + FMA), a byte search (SSE2 and AVX2),
// an int32 prefix sum (SSE2), a popcount over a buffer (SSSE3 pshufb), a
// gather (AVX2) and pext (BMI2). Each is skipped, with a message saying which
// extension is missing, on a CPU (or OS) without it.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <numeric>
#include <vector>

#include "byte_search.hpp"
#include "jit.hpp"

using namespace x86;

namespace {

#define REQUIRE_CPU(feature)                                                                       \
  do {                                                                                             \
    if (!__builtin_cpu_supports(feature)) GTEST_SKIP() << "CPU lacks " feature ": kernel not run"; \
  } while (0)

// double dot(const double* a, const double* b, size_t n)
TEST(SimdExec, DotProductAvx2Fma) {
  REQUIRE_CPU("avx2");
  REQUIRE_CPU("fma");
  Assembler a;
  Label loop = a.new_label(), reduce = a.new_label(), tail = a.new_label(), done = a.new_label();
  a.vxorpd(ymm0, ymm0, ymm0);
  a.xor_(eax, eax);
  a.mov(rcx, rdx);
  a.and_(rcx, -4);
  a.bind(loop);
  a.cmp(rax, rcx);
  a.jcc(Cond::AE, reduce);
  a.vmovupd(ymm1, ymmword_ptr(rdi, rax, 8));
  a.vfmadd231pd(ymm0, ymm1, ymmword_ptr(rsi, rax, 8));
  a.add(rax, 4);
  a.jmp(loop);
  a.bind(reduce);
  a.vextractf128(xmm1, ymm0, 1);
  a.vaddpd(xmm0, xmm0, xmm1);
  a.vhaddpd(xmm0, xmm0, xmm0);
  a.bind(tail);
  a.cmp(rax, rdx);
  a.jcc(Cond::AE, done);
  a.vmovsd(xmm1, qword_ptr(rdi, rax, 8));
  a.vfmadd231sd(xmm0, xmm1, qword_ptr(rsi, rax, 8));
  a.inc(rax);
  a.jmp(tail);
  a.bind(done);
  a.vzeroupper();
  a.ret();
  Jit j(a);
  auto dot = j.fn<double (*)(const double*, const double*, size_t)>();
  for (size_t n : {0u, 1u, 3u, 4u, 7u, 64u, 1001u}) {
    std::vector<double> x(n), y(n);
    for (size_t i = 0; i < n; ++i) {
      x[i] = static_cast<double>(static_cast<int>(i % 13) - 6);
      y[i] = static_cast<double>(static_cast<int>(i % 7) + 1) * 0.5;
    }
    // Small integers and halves: every partial sum is exact in any order.
    EXPECT_EQ(dot(x.data(), y.data(), n), std::inner_product(x.begin(), x.end(), y.begin(), 0.0)) << n;
  }
}

// size_t find(const uint8_t* p, size_t n, int c): index of the first c, or SIZE_MAX.
void byte_search_tail(Assembler& a, Label tail) {
  Label found = a.new_label(), next = a.new_label(), none = a.new_label();
  a.bind(tail);
  a.cmp(rax, rsi);
  a.jcc(Cond::AE, none);
  a.movzx(ecx, byte_ptr(rdi, rax));
  a.cmp(ecx, edx);
  a.jcc(Cond::E, found);
  a.inc(rax);
  a.jmp(tail);
  a.bind(none);
  a.mov(rax, -1);
  a.bind(found);
  a.bind(next);
}

// The search loop around a 16- or 32-byte compare: `splat` broadcasts c
// (edx) into xmm1/ymm1, `match` leaves the byte mask of [rdi + rax] in ecx.
template <typename Splat, typename Match>
void build_byte_search(Assembler& a, int width, bool vzeroupper, Splat splat, Match match) {
  Label loop = a.new_label(), tail = a.new_label(), hit = a.new_label();
  splat();
  a.xor_(eax, eax);
  a.bind(loop);
  a.lea(rcx, ptr(rax, width));
  a.cmp(rcx, rsi);
  a.jcc(Cond::A, tail);
  match();
  a.test(ecx, ecx);
  a.jcc(Cond::NZ, hit);
  a.add(rax, width);
  a.jmp(loop);
  a.bind(hit);
  a.tzcnt(ecx, ecx);
  a.add(rax, rcx);
  if (vzeroupper) a.vzeroupper();
  a.ret();
  byte_search_tail(a, tail);
  if (vzeroupper) a.vzeroupper();
  a.ret();
}

TEST(SimdExec, ByteSearchSse2) {
  REQUIRE_CPU("sse2");
  REQUIRE_CPU("bmi");  // tzcnt
  Assembler a;
  build_byte_search(
      a, 16, false,
      [&] {
        a.movd(xmm1, edx);  // broadcast c to 16 bytes
        a.punpcklbw(xmm1, xmm1);
        a.pshuflw(xmm1, xmm1, 0);
        a.pshufd(xmm1, xmm1, 0);
      },
      [&] {
        a.movdqu(xmm2, xmmword_ptr(rdi, rax));
        a.pcmpeqb(xmm2, xmm1);
        a.pmovmskb(ecx, xmm2);
      });
  Jit j(a);
  check_byte_search(j.fn<size_t (*)(const uint8_t*, size_t, int)>());
}

TEST(SimdExec, ByteSearchAvx2) {
  REQUIRE_CPU("avx2");
  REQUIRE_CPU("bmi");
  Assembler a;
  build_byte_search(
      a, 32, true,
      [&] {
        a.vmovd(xmm1, edx);
        a.vpbroadcastb(ymm1, xmm1);
      },
      [&] {
        a.vpcmpeqb(ymm2, ymm1, ymmword_ptr(rdi, rax));
        a.vpmovmskb(ecx, ymm2);
      });
  Jit j(a);
  check_byte_search(j.fn<size_t (*)(const uint8_t*, size_t, int)>());
}

// void prefix_sum(int32_t* p, size_t n): in place, n a multiple of 4.
TEST(SimdExec, PrefixSumSse2) {
  REQUIRE_CPU("sse2");
  Assembler a;
  Label loop = a.new_label(), done = a.new_label();
  a.pxor(xmm3, xmm3);  // the running total in every lane
  a.test(rsi, rsi);
  a.jcc(Cond::E, done);
  a.bind(loop);
  a.movdqu(xmm0, xmmword_ptr(rdi));
  a.movdqa(xmm1, xmm0);
  a.pslldq(xmm1, 4);
  a.paddd(xmm0, xmm1);
  a.movdqa(xmm1, xmm0);
  a.pslldq(xmm1, 8);
  a.paddd(xmm0, xmm1);
  a.paddd(xmm0, xmm3);
  a.movdqu(xmmword_ptr(rdi), xmm0);
  a.pshufd(xmm3, xmm0, 0xFF);
  a.add(rdi, 16);
  a.sub(rsi, 4);
  a.jcc(Cond::NZ, loop);
  a.bind(done);
  a.ret();
  Jit j(a);
  auto prefix_sum = j.fn<void (*)(int32_t*, size_t)>();
  for (size_t n : {0u, 4u, 8u, 64u, 1000u}) {
    std::vector<int32_t> v(n), want(n);
    for (size_t i = 0; i < n; ++i) v[i] = static_cast<int32_t>(i * 37 % 101) - 50;
    std::inclusive_scan(v.begin(), v.end(), want.begin());
    prefix_sum(v.data(), n);
    EXPECT_EQ(v, want) << n;
  }
}

// uint64_t popcount(const uint8_t* p, size_t n): n a multiple of 16; nibble
// lookup with pshufb, byte sums with psadbw.
TEST(SimdExec, PopcountSsse3) {
  REQUIRE_CPU("ssse3");
  Assembler a;
  Label lut = a.new_label(), low = a.new_label(), loop = a.new_label(), done = a.new_label();
  a.movdqu(xmm4, xmmword_ptr(lut));
  a.movdqu(xmm5, xmmword_ptr(low));
  a.pxor(xmm6, xmm6);
  a.pxor(xmm7, xmm7);
  a.test(rsi, rsi);
  a.jcc(Cond::E, done);
  a.bind(loop);
  a.movdqu(xmm0, xmmword_ptr(rdi));
  a.movdqa(xmm1, xmm0);
  a.psrlw(xmm1, 4);
  a.pand(xmm0, xmm5);
  a.pand(xmm1, xmm5);
  a.movdqa(xmm2, xmm4);
  a.pshufb(xmm2, xmm0);
  a.movdqa(xmm3, xmm4);
  a.pshufb(xmm3, xmm1);
  a.paddb(xmm2, xmm3);
  a.psadbw(xmm2, xmm7);
  a.paddq(xmm6, xmm2);
  a.add(rdi, 16);
  a.sub(rsi, 16);
  a.jcc(Cond::NZ, loop);
  a.bind(done);
  a.pshufd(xmm0, xmm6, 0xEE);
  a.paddq(xmm6, xmm0);
  a.movq(rax, xmm6);
  a.ret();
  const uint8_t table[32] = {0,  1,  1,  2,  1,  2,  2,  3,  1,  2,  2,  3,  2,  3,  3,  4,
                             15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15};
  a.bind(lut);
  a.embed(std::span<const uint8_t>(table, 16));
  a.bind(low);
  a.embed(std::span<const uint8_t>(table + 16, 16));
  Jit j(a);
  auto popcount = j.fn<uint64_t (*)(const uint8_t*, size_t)>();
  std::vector<uint8_t> buf(4096);
  for (size_t i = 0; i < buf.size(); ++i) buf[i] = static_cast<uint8_t>(i * 2654435761u >> 13);
  for (size_t n : {0u, 16u, 48u, 4096u}) {
    uint64_t want = 0;
    for (size_t i = 0; i < n; ++i) want += static_cast<uint64_t>(std::popcount(buf[i]));
    EXPECT_EQ(popcount(buf.data(), n), want) << n;
  }
}

// void gather8(const int32_t* base, const int32_t* idx, int32_t* out)
TEST(SimdExec, GatherAvx2) {
  REQUIRE_CPU("avx2");
  Assembler a;
  a.vmovdqu(ymm1, ymmword_ptr(rsi));
  a.vpcmpeqd(ymm2, ymm2, ymm2);
  a.vpxor(ymm0, ymm0, ymm0);
  a.vpgatherdd(ymm0, ptr(rdi, ymm1, 4), ymm2);
  a.vmovdqu(ymmword_ptr(rdx), ymm0);
  a.vzeroupper();
  a.ret();
  Jit j(a);
  std::vector<int32_t> base(100), out(8);
  for (int i = 0; i < 100; ++i) base[static_cast<size_t>(i)] = i * i - 7;
  const int32_t idx[8] = {5, 99, 0, 42, 42, 17, 63, 1};
  j.fn<void (*)(const int32_t*, const int32_t*, int32_t*)>()(base.data(), idx, out.data());
  for (size_t i = 0; i < 8; ++i) EXPECT_EQ(out[i], base[static_cast<size_t>(idx[i])]) << i;
}

// uint64_t pext(uint64_t x, uint64_t mask) and andn/blsr/rorx through BMI.
TEST(SimdExec, Bmi2Pext) {
  REQUIRE_CPU("bmi2");
  Assembler a;
  a.pext(rax, rdi, rsi);
  a.rorx(rcx, rax, 8);
  a.andn(rax, rcx, rdi);
  a.blsr(rax, rax);
  a.ret();
  Jit j(a);
  auto f = j.fn<uint64_t (*)(uint64_t, uint64_t)>();
  for (uint64_t x : {0x0ull, 0x123456789ABCDEF0ull, ~0ull})
    for (uint64_t m : {0xFF00FF00FF00FF00ull, 0x5555ull, ~0ull}) {
      uint64_t p = 0;
      for (uint64_t bit = 1, k = 0; bit; bit <<= 1)
        if (m & bit) p |= ((x & bit) ? 1ull : 0ull) << k++;
      const uint64_t r = std::rotr(p, 8);
      const uint64_t n = ~r & x;
      EXPECT_EQ(f(x, m), n & (n - 1));
    }
}

}  // namespace
