// AVX-512 kernels built with the encoder's EVEX forms, run and checked
// against plain C++: a masked add (merging, zeroing, a masked store), a dot
// product of doubles (zmm, FMA, masked tail loads, a broadcast scale), a byte
// search (vpcmpeqb into a mask register, kmovq), and lane sums under each
// embedded rounding mode. Each is skipped with a visible message unless cpuid
// reports AVX-512 F/BW/DQ/VL and XGETBV says the OS saves the opmask and ZMM
// state.
#include <cpuid.h>
#include <gtest/gtest.h>

#include <cfenv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "byte_search.hpp"
#include "jit.hpp"

using namespace x86;

namespace {

// cpuid leaf 7 (EBX: F bit 16, DQ 17, BW 30, VL 31; BMI1 3, BMI2 8) and
// XCR0 bits 1, 2 (SSE, AVX) and 5..7 (opmask, ZMM_Hi256, Hi16_ZMM).
bool cpu_has_avx512(bool& bmi) {
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 27))) return false;  // OSXSAVE
  if (__get_cpuid_max(0, nullptr) < 7) return false;
  __cpuid_count(7, 0, a, b, c, d);
  bmi = (b >> 3 & 1) && (b >> 8 & 1);
  const bool isa = (b >> 16 & 1) && (b >> 17 & 1) && (b >> 30 & 1) && (b >> 31 & 1);
  uint32_t lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return isa && (lo & 0xE6) == 0xE6;
}

#define REQUIRE_AVX512(need_bmi)                                                                             \
  do {                                                                                                       \
    bool bmi = false;                                                                                        \
    if (!cpu_has_avx512(bmi))                                                                                \
      GTEST_SKIP() << "CPU or OS lacks AVX-512 F/BW/DQ/VL (cpuid, XGETBV opmask/ZMM state): kernel not run"; \
    if ((need_bmi) && !bmi) GTEST_SKIP() << "CPU lacks BMI1/BMI2: kernel not run";                           \
  } while (0)

// The loop head of a kernel over n elements, `lanes` at a time: leaves for
// `done` when i >= n, else sets `mask` to all ones, or to the low n - i bits
// when fewer than `lanes` are left (the tail, loaded under that mask).
void tail_mask(Assembler& a, Gp n, Gp i, Gp left, Gp mask, unsigned lanes, Label done) {
  Label full = a.new_label();
  a.mov(left, n);
  a.sub(left, i);
  a.jcc(Cond::BE, done);
  a.mov(mask, -1);
  a.cmp(left, lanes);
  a.jcc(Cond::AE, full);
  a.bzhi(mask, mask, left);
  a.bind(full);
}

// void masked(float* out, const float* a, const float* b, unsigned mask):
// out[0..15] = merge(a + b into out, mask), out[16..31] = zero(a + b, mask),
// out[32..47] = a where mask is set (masked store; the rest untouched).
TEST(Avx512Exec, MaskedAddMergeZeroAndStore) {
  REQUIRE_AVX512(false);
  Assembler a;
  a.kmovw(k1, ecx);
  a.vmovups(zmm0, zmmword_ptr(rdi));
  a.vmovups(zmm17, ptr(rsi));
  a.vaddps(zmm0.k(k1), zmm17, ptr(rdx));  // merging: unmasked lanes keep out[]
  a.vmovups(ptr(rdi), zmm0);
  a.vaddps(zmm30.k(k1).z(), zmm17, ptr(rdx));  // zeroing
  a.vmovups(ptr(rdi, 64), zmm30);
  a.vmovups(ptr(rdi, 128).k(k1), zmm17);  // masked store
  a.vzeroupper();
  a.ret();
  Jit j(a);
  auto fn = j.fn<void (*)(float*, const float*, const float*, unsigned)>();
  for (unsigned mask : {0x0000u, 0xFFFFu, 0x8001u, 0x5A5Au, 0x1234u}) {
    float x[16], y[16], out[48];
    for (int i = 0; i < 16; ++i) {
      x[i] = static_cast<float>(i) + 0.5f;
      y[i] = static_cast<float>(100 - i);
    }
    for (int i = 0; i < 48; ++i) out[i] = -1.0f - static_cast<float>(i);
    fn(out, x, y, mask);
    for (int i = 0; i < 16; ++i) {
      const bool on = mask >> i & 1;
      EXPECT_EQ(out[i], on ? x[i] + y[i] : -1.0f - static_cast<float>(i)) << "merge lane " << i << " mask " << mask;
      EXPECT_EQ(out[16 + i], on ? x[i] + y[i] : 0.0f) << "zero lane " << i << " mask " << mask;
      EXPECT_EQ(out[32 + i], on ? x[i] : -1.0f - static_cast<float>(32 + i)) << "store lane " << i << " mask " << mask;
    }
  }
}

// double dot(const double* x, const double* y, size_t n, const double* scale):
// scale * sum x[i]*y[i]; 8 lanes per step, the tail through a zeroing masked load.
TEST(Avx512Exec, DotProductZmmFmaBroadcast) {
  REQUIRE_AVX512(true);
  Assembler a;
  Label loop = a.new_label(), done = a.new_label();
  a.vpxorq(zmm0, zmm0, zmm0);
  a.xor_(eax, eax);
  a.bind(loop);
  tail_mask(a, rdx, rax, r8, r9, 8, done);
  a.kmovw(k1, r9d);
  a.vmovupd(zmm21.k(k1).z(), ptr(rdi, rax, 8));
  a.vfmadd231pd(zmm0.k(k1), zmm21, ptr(rsi, rax, 8));  // masked lanes do not load
  a.add(rax, 8);
  a.jmp(loop);
  a.bind(done);
  a.vmulpd(zmm0, zmm0, qword_ptr(rcx).bcst());  // {1to8}
  a.vextractf64x4(ymm1, zmm0, 1);
  a.vaddpd(ymm0, ymm0, ymm1);
  a.vextractf128(xmm1, ymm0, 1);
  a.vaddpd(xmm0, xmm0, xmm1);
  a.vhaddpd(xmm0, xmm0, xmm0);
  a.vzeroupper();
  a.ret();
  Jit j(a);
  auto dot = j.fn<double (*)(const double*, const double*, size_t, const double*)>();
  const double scale = 0.5;
  for (size_t n : {0u, 1u, 7u, 8u, 9u, 15u, 16u, 100u, 1001u}) {
    std::vector<double> x(n), y(n);
    for (size_t i = 0; i < n; ++i) {
      x[i] = static_cast<double>(static_cast<int>(i % 13) - 6);
      y[i] = static_cast<double>(static_cast<int>(i % 7) + 1) * 0.5;
    }
    double want = 0;  // small integers and halves: exact in any order
    for (size_t i = 0; i < n; ++i) want += x[i] * y[i];
    EXPECT_EQ(dot(x.data(), y.data(), n, &scale), want * scale) << n;
  }
}

// size_t find(const uint8_t* p, size_t n, int c): index of the first c, or
// SIZE_MAX. 64 bytes per compare into k1; the last block under a mask.
TEST(Avx512Exec, ByteSearchVpcmpeqbIntoMask) {
  REQUIRE_AVX512(true);
  Assembler a;
  Label loop = a.new_label(), hit = a.new_label(), none = a.new_label();
  a.vpbroadcastb(zmm16, edx);
  a.xor_(eax, eax);
  a.bind(loop);
  tail_mask(a, rsi, rax, rcx, r8, 64, none);
  a.kmovq(k2, r8);
  a.vpcmpeqb(k1.k(k2), zmm16, ptr(rdi, rax));  // bytes past n are masked out (not read)
  a.kmovq(rcx, k1);
  a.test(rcx, rcx);
  a.jcc(Cond::NZ, hit);
  a.add(rax, 64);
  a.jmp(loop);
  a.bind(hit);
  a.tzcnt(rcx, rcx);
  a.add(rax, rcx);
  a.vzeroupper();
  a.ret();
  a.bind(none);
  a.mov(rax, -1);
  a.vzeroupper();
  a.ret();
  Jit j(a);
  check_byte_search(j.fn<size_t (*)(const uint8_t*, size_t, int)>());
}

// void lane_sums(const float* x, size_t n, float* out): out[j] = the sum of
// x[16*i + j] in order, each add rounded by the kernel's embedded mode,
// compared with the same sums in C++ under fesetround.
TEST(Avx512Exec, LaneSumsWithEmbeddedRounding) {
  REQUIRE_AVX512(false);
  const Round modes[] = {rn_sae, rd_sae, ru_sae, rz_sae};
  const int fe[] = {FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO};
  const size_t n = 16 * 37;
  std::vector<float> x(n);
  for (size_t i = 0; i < n; ++i) x[i] = (i % 3 ? 1.0f : -1.0f) * (0.1f + static_cast<float>(i) * 1.37e-3f);
  std::vector<std::vector<float>> got;
  for (int m = 0; m < 4; ++m) {
    Assembler a;
    Label loop = a.new_label();
    a.vpxord(zmm0, zmm0, zmm0);
    a.xor_(eax, eax);
    a.bind(loop);
    a.vmovups(zmm1, ptr(rdi, rax, 4));
    a.vaddps(zmm0, zmm0, zmm1, modes[m]);
    a.add(rax, 16);
    a.cmp(rax, rsi);
    a.jcc(Cond::B, loop);
    a.vmovups(ptr(rdx), zmm0);
    a.vzeroupper();
    a.ret();
    Jit j(a);
    std::vector<float> out(16);
    j.fn<void (*)(const float*, size_t, float*)>()(x.data(), n, out.data());
    const int saved = std::fegetround();
    std::fesetround(fe[m]);
    for (size_t lane = 0; lane < 16; ++lane) {
      volatile float s = 0.0f;
      for (size_t i = lane; i < n; i += 16) {
        volatile float v = x[i];
        s = s + v;
      }
      EXPECT_EQ(std::memcmp(const_cast<const float*>(&s), &out[lane], 4), 0)
          << "mode " << m << " lane " << lane << ": " << s << " vs " << out[lane];
    }
    std::fesetround(saved);
    got.push_back(out);
  }
  EXPECT_NE(got[1], got[2]) << "rounding down and up gave the same sums: the data does not exercise the modes";
}

}  // namespace
