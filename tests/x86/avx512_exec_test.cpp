// AVX-512 kernels built with the encoder's EVEX forms, run and checked
// against plain C++: a masked add (merging, zeroing, a masked store), a dot
// product of doubles (zmm, FMA, masked tail loads, a broadcast scale), a byte
// search (vpcmpeqb into a mask register, kmovq), lane sums under each
// embedded rounding mode, and masked narrowing conversions with
// {1toN} broadcasts, vfpclass categories, vrange and vfixupimm. Each is skipped with a visible message unless cpuid
// reports AVX-512 F/BW/DQ/VL and XGETBV says the OS saves the opmask and ZMM
// state.
#include <gtest/gtest.h>

#include <cfenv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <memory>
#include <vector>

#include "avx512_cpu.hpp"
#include "byte_search.hpp"
#include "jit.hpp"

using namespace x86;

namespace {

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

// unsigned lt(const float* x, const float* y, bool sae): the mask of x[i] < y[i]
// from vcmpps with predicate LT_OS (signals on NaN), with or without {sae};
// with NaN lanes the invalid-operation flag is raised only without {sae}.
// The scalar vcmpss {sae} form writes bit 0 of a second mask (bit 16 of the result).
TEST(Avx512Exec, CompareWithSuppressedExceptions) {
  REQUIRE_AVX512(false);
  std::vector<unsigned (*)(const float*, const float*)> fns;
  std::vector<std::unique_ptr<Jit>> jits;
  for (bool sae : {false, true}) {
    Assembler a;
    a.vmovups(zmm16, ptr(rdi));
    a.vmovups(zmm1, ptr(rsi));
    if (sae) {
      a.vcmpps(k1, zmm16, zmm1, x86::sae, 1);
      a.vcmpss(k2, xmm16, xmm1, x86::sae, 1);
    } else {
      a.vcmpps(k1, zmm16, zmm1, 1);
      a.vcmpss(k2, xmm16, xmm1, 1);
    }
    a.kunpckwd(k3, k2, k1);  // k2's low 16 bits above k1's
    a.kmovd(eax, k3);
    a.vzeroupper();
    a.ret();
    jits.push_back(std::make_unique<Jit>(a));
    fns.push_back(jits.back()->fn<unsigned (*)(const float*, const float*)>());
  }
  float x[16], y[16];
  for (int i = 0; i < 16; ++i) {
    x[i] = static_cast<float>(i * 7 % 11) - 5.0f;
    y[i] = static_cast<float>(i % 5) - 2.0f;
  }
  x[0] = std::nanf("");
  y[5] = std::nanf("");
  unsigned want = 0;
  for (int i = 0; i < 16; ++i) want |= (x[i] < y[i] ? 1u : 0u) << i;
  const unsigned want_scalar = x[0] < y[0] ? 1u << 16 : 0u;
  for (int sae = 0; sae < 2; ++sae) {
    std::feclearexcept(FE_ALL_EXCEPT);
    const unsigned got = fns[sae](x, y);
    const bool invalid = std::fetestexcept(FE_INVALID);
    std::feclearexcept(FE_ALL_EXCEPT);
    EXPECT_EQ(got, want | want_scalar) << "sae " << sae;
    EXPECT_EQ(invalid, sae == 0) << "sae " << sae << ": the invalid flag after comparing NaNs";
  }
}

// int32 -> float -> double -> int64 -> int32 (vcvtdq2ps, vcvtps2pd, vcvttpd2qq,
// vpmovqd), float -> half -> float (vcvtps2ph, vcvtph2ps), uint32 -> double ->
// uint32 (vcvtudq2pd, vcvttpd2uqq, vpmovusqd),
// each checked against the same conversions in C++.
TEST(Avx512Exec, ConversionRoundTrips) {
  REQUIRE_AVX512(false);
  Assembler a;
  // rdi: const int32_t in[16], rsi: int32_t out[16], rdx: float halfround[16],
  // rcx: const uint32_t uin[8], r8: uint32_t uout[8]
  a.vmovdqu32(zmm17, ptr(rdi));
  a.vcvtdq2ps(zmm18, zmm17);
  a.vextractf32x8(ymm19, zmm18, 1);
  a.vcvtps2pd(zmm20, ymm18);  // lanes 0..7
  a.vcvtps2pd(zmm21, ymm19);  // lanes 8..15
  a.vcvttpd2qq(zmm20, zmm20);
  a.vcvttpd2qq(zmm21, zmm21);
  a.vpmovqd(ymmword_ptr(rsi), zmm20);
  a.vpmovqd(ymm22, zmm21);
  a.vmovdqu32(ptr(rsi, 32), ymm22);
  a.vcvtps2ph(ymm23, zmm18, 0);  // imm8 0: round to nearest even
  a.vcvtph2ps(zmm24, ymm23);
  a.vmovups(ptr(rdx), zmm24);
  a.vcvtudq2pd(zmm25, ymmword_ptr(rcx));
  a.vcvttpd2uqq(zmm25, zmm25);
  a.vpmovusqd(ymmword_ptr(r8), zmm25);
  a.vzeroupper();
  a.ret();
  Jit j(a);
  auto fn = j.fn<void (*)(const int32_t*, int32_t*, float*, const uint32_t*, uint32_t*)>();
  int32_t in[16], out[16];
  float half[16];
  uint32_t uin[8], uout[8];
  // Exact in float; lanes 0..7 also fit a half's range (rounded to 11 bits there).
  for (int i = 0; i < 16; ++i) in[i] = (i < 8 ? i * 1234 - 3001 : i * 1234567 % 16777216) * (i % 2 ? -1 : 1);
  for (int i = 0; i < 8; ++i) uin[i] = 0xFFFFFFFFu - static_cast<uint32_t>(i) * 0x10203040u;
  fn(in, out, half, uin, uout);
  for (int i = 0; i < 16; ++i) {
    EXPECT_EQ(out[i], static_cast<int32_t>(static_cast<int64_t>(static_cast<double>(static_cast<float>(in[i])))))
        << "lane " << i;
    EXPECT_EQ(out[i], in[i]) << "lane " << i;
    // half: 11 significant bits; in[] is an integer, so compare with the
    // float rounded to 11 bits, or inf past 65504.
    const float f = static_cast<float>(in[i]);
    float want;
    if (std::fabs(f) >= 65520.0f) want = std::copysign(INFINITY, f);
    else {
      int e;
      const float m = std::frexp(f, &e);
      want = std::ldexp(std::nearbyint(std::ldexp(m, 11)), e - 11);
    }
    EXPECT_EQ(half[i], want) << "half lane " << i << " of " << f;
  }
  for (int i = 0; i < 8; ++i) EXPECT_EQ(uout[i], uin[i]) << "unsigned lane " << i;
}

// Shifts by an xmm count and by per-lane counts, byte compares with a
// predicate, and mask shifts, against C++.
TEST(Avx512Exec, ShiftsAndPredicateCompares) {
  REQUIRE_AVX512(false);
  Assembler a;
  // rdi: uint32_t x[16], rsi: uint32_t counts[16], rdx: uint32_t out[48], rcx: const uint8_t b[64]
  a.vmovdqu32(zmm16, ptr(rdi));
  a.vmovd(xmm1, dword_ptr(rsi));
  a.vpsrad(zmm2, zmm16, xmm1);
  a.vmovdqu32(ptr(rdx), zmm2);
  a.vpsllvd(zmm3, zmm16, ptr(rsi));
  a.vmovdqu32(ptr(rdx, 64), zmm3);
  a.vpsrlq(zmm4, zmm16, xmmword_ptr(rsi));  // the low 64 bits of counts[] as the count
  a.vmovdqu64(ptr(rdx, 128), zmm4);
  a.vmovdqu8(zmm5, ptr(rcx));
  a.vpcmpub(k1, zmm5, ptr(rcx, 64), 1);  // b[i] < b[64 + i] unsigned
  a.kshiftrq(k2, k1, 3);
  a.kmovq(rax, k2);
  a.vzeroupper();
  a.ret();
  Jit j(a);
  auto fn = j.fn<uint64_t (*)(const uint32_t*, const uint32_t*, uint32_t*, const uint8_t*)>();
  uint32_t x[16], counts[16], out[48];
  uint8_t b[128];
  for (int i = 0; i < 16; ++i) {
    x[i] = 0x80000001u * static_cast<uint32_t>(i + 1) ^ 0x5A5A5A5Au;
    counts[i] = static_cast<uint32_t>(i * 3 % 35);  // counts of 32+ shift everything out
  }
  counts[0] = 5;
  counts[1] = 0;  // the 64-bit count of vpsrlq is 5
  for (int i = 0; i < 128; ++i) b[i] = static_cast<uint8_t>(i * 37 + 11);
  const uint64_t mask = fn(x, counts, out, b);
  for (int i = 0; i < 16; ++i) {
    EXPECT_EQ(out[i], static_cast<uint32_t>(static_cast<int32_t>(x[i]) >> 5)) << "vpsrad lane " << i;
    EXPECT_EQ(out[16 + i], counts[i] < 32 ? x[i] << counts[i] : 0u) << "vpsllvd lane " << i;
  }
  for (int i = 0; i < 8; ++i) {
    const uint64_t q = (static_cast<uint64_t>(x[2 * i + 1]) << 32 | x[2 * i]) >> 5;
    EXPECT_EQ(out[32 + 2 * i], static_cast<uint32_t>(q)) << "vpsrlq lane " << i;
    EXPECT_EQ(out[33 + 2 * i], static_cast<uint32_t>(q >> 32)) << "vpsrlq lane " << i;
  }
  uint64_t want = 0;
  for (int i = 0; i < 64; ++i) want |= static_cast<uint64_t>(b[i] < b[64 + i]) << i;
  EXPECT_EQ(mask, want >> 3);
}

// unsigned gather_scatter(const int32_t* table, const int32_t* idx, int32_t* out,
//                         unsigned mask, int32_t* scattered, const int64_t* qidx):
// out[0..15] = merge(table[idx[i]] under mask, -7), out[16..19] = table[qidx[i]]
// (vpgatherqd with a ymm index, the L0 row's 256-bit index form), then
// scattered[idx[i]] = 100 + i under the mask; returns the gather's mask after
// (the CPU clears each bit as its element arrives: 0).
TEST(Avx512Exec, MaskedGatherAndScatter) {
  REQUIRE_AVX512(false);
  Assembler a;
  a.kmovw(k1, ecx);
  a.kmovw(k2, ecx);
  a.vmovdqu32(zmm18, ptr(rsi));                   // indexes
  a.vpbroadcastd(zmm17, dword_ptr(r9, -4));       // -7: the merge value (stored just before qidx)
  a.vpgatherdd(zmm17.k(k1), ptr(rdi, zmm18, 4));  // masked gather
  a.vmovdqu32(ptr(rdx), zmm17);
  a.vmovdqu64(ymm25, ptr(r9));  // four qword indexes
  a.kxnorw(k3, k3, k3);         // all ones
  a.vpxord(xmm19, xmm19, xmm19);
  a.vpgatherqd(xmm19.k(k3), xmmword_ptr(rdi, ymm25, 4));
  a.vmovdqu32(ptr(rdx, 64), xmm19);
  a.vpaddd(zmm20, zmm18, dword_ptr(r9, -8).bcst());  // idx + 100 (stored before qidx)
  a.vpscatterdd(ptr(r8, zmm18, 4).k(k2), zmm20);     // masked scatter
  a.kmovw(eax, k1);
  a.vzeroupper();
  a.ret();
  Jit j(a);
  auto fn = j.fn<unsigned (*)(const int32_t*, const int32_t*, int32_t*, unsigned, int32_t*, const int64_t*)>();
  int32_t table[64], idx[16], out[20], scattered[64];
  struct {
    int32_t hundred = 100, minus7 = -7;
    int64_t q[4] = {63, 0, 17, 40};
  } extra;
  for (int i = 0; i < 64; ++i) table[i] = i * i - 1000;
  for (int i = 0; i < 16; ++i) idx[i] = (i * 29 + 5) % 64;  // distinct
  for (unsigned mask : {0xFFFFu, 0x0000u, 0xA5C3u}) {
    for (int32_t& x : scattered) x = -1;
    for (int32_t& x : out) x = 12345;
    const unsigned left = fn(table, idx, out, mask, scattered, extra.q);
    EXPECT_EQ(left, 0u) << "mask " << mask;
    for (int i = 0; i < 16; ++i) {
      const bool on = mask >> i & 1;
      EXPECT_EQ(out[i], on ? table[idx[i]] : -7) << "gather lane " << i << " mask " << mask;
      EXPECT_EQ(scattered[idx[i]], on ? idx[i] + 100 : -1) << "scatter lane " << i << " mask " << mask;
    }
    for (int i = 0; i < 4; ++i) EXPECT_EQ(out[16 + i], table[extra.q[i]]) << "qword-index gather lane " << i;
  }
}

// Scalar conversions with general-purpose registers: uint64 -> double under
// {rd-sae} and {ru-sae} (vcvtusi2sd, a 64-bit integer a double cannot hold
// exactly), back with truncation (vcvttsd2usi {sae}), and float -> int32
// rounded up (vcvtss2si {ru-sae}), against C++ under fesetround.
TEST(Avx512Exec, ScalarConversionsWithRounding) {
  REQUIRE_AVX512(false);
  Assembler a;
  // rdi: uint64_t in, rsi: double out[4] (0 and 2 used), rdx: uint64_t back[2], xmm0: float f; returns int
  a.vcvtusi2sd(xmm17, xmm17, rd_sae, rdi);
  a.vcvtusi2sd(xmm18, xmm18, ru_sae, rdi);
  a.vmovupd(ptr(rsi), xmm17);  // (vmovsd has no EVEX form here)
  a.vmovupd(ptr(rsi, 16), xmm18);
  a.vcvttsd2usi(rax, xmm17, x86::sae);
  a.mov(qword_ptr(rdx), rax);
  a.vcvttsd2usi(rax, xmm18, x86::sae);
  a.mov(qword_ptr(rdx, 8), rax);
  a.vmovaps(xmm20, xmm0);
  a.vcvtss2si(eax, xmm20, ru_sae);
  a.vzeroupper();
  a.ret();
  Jit j(a);
  auto fn = j.fn<int (*)(uint64_t, double*, uint64_t*, float)>();
  for (uint64_t u : {uint64_t{0xFFFFFFFFFFFFFC01}, uint64_t{0x8000000000000C01}, uint64_t{123456789}}) {
    double out[4];
    uint64_t back[2];
    const float f = -2.5f + static_cast<float>(u % 7);
    const int r = fn(u, out, back, f);
    const int saved = std::fegetround();
    volatile uint64_t uv = u;  // converted at run time, under the mode set
    std::fesetround(FE_DOWNWARD);
    const volatile double down = static_cast<double>(uv);
    std::fesetround(FE_UPWARD);
    const volatile double up = static_cast<double>(uv);
    const volatile float fv = f;
    const long want_r = std::lrintf(fv);
    std::fesetround(saved);
    EXPECT_EQ(out[0], down) << u;
    EXPECT_EQ(out[2], up) << u;
    EXPECT_EQ(back[0], static_cast<uint64_t>(down)) << u;
    if (up < 18446744073709551616.0) { EXPECT_EQ(back[1], static_cast<uint64_t>(up)) << u; }
    EXPECT_EQ(r, want_r) << f;
  }
}

// ---- narrowing conversions, vfpclass, vrange, vfixupimm ---------------

// Narrowing conversions with a write mask and broadcast sources whose {1toN}
// picks the length (an xmm destination), against C++ conversions.
TEST(Avx512Exec, NarrowingConversionsMaskedAndBroadcast) {
  REQUIRE_AVX512(false);
  Assembler a;
  // rdi: float out[36], rsi: const double x[8], rdx: const double* s, ecx: mask, r8: const int64_t q[8]
  a.kmovw(k1, ecx);
  a.vcvtpd2ps(xmm0.k(k1).z(), ymmword_ptr(rsi));  // 4 lanes from 256 bits
  a.vmovups(xmmword_ptr(rdi), xmm0);
  a.vmovups(xmm17, xmmword_ptr(rdi, 16));
  a.vcvtpd2ps(xmm17.k(k1), qword_ptr(rdx).bcst(4));  // merging, {1to4}
  a.vmovups(xmmword_ptr(rdi, 16), xmm17);
  a.vcvtpd2ps(ymm2.k(k1).z(), zmmword_ptr(rsi));
  a.vmovups(ymmword_ptr(rdi, 32), ymm2);
  a.vcvtpd2ps(xmm3, qword_ptr(rdx).bcst(2));  // {1to2}: two lanes, the upper two zero
  a.vmovups(xmmword_ptr(rdi, 64), xmm3);
  a.vcvtqq2ps(ymm20.k(k1).z(), zmmword_ptr(r8));
  a.vmovups(ymmword_ptr(rdi, 80), ymm20);
  a.vcvtqq2ps(xmm21.k(k1).z(), qword_ptr(r8, 8).bcst(4));
  a.vmovups(xmmword_ptr(rdi, 112), xmm21);
  a.vcvtuqq2ps(xmm22, ptr(r8, 16).bcst(2));
  a.vmovups(xmmword_ptr(rdi, 128), xmm22);
  a.vzeroupper();
  a.ret();
  Jit j(a);
  auto fn = j.fn<void (*)(float*, const double*, const double*, unsigned, const int64_t*)>();
  const double x[8] = {0.1, -1e30, 3.0000001, 1e-40, -0.0, 65504.5, 1.0 / 3, -7.25};
  const double s = 2.718281828459045;
  const int64_t q[8] = {(int64_t{1} << 53) + 1, -3, int64_t{-1} << 40, 123456789012345, 0, 1, -16777217, INT64_MAX};
  for (unsigned mask : {0xFFu, 0x00u, 0xA5u, 0x3Cu}) {
    float out[36];
    for (int i = 0; i < 36; ++i) out[i] = -100.0f - static_cast<float>(i);
    fn(out, x, &s, mask, q);
    for (int i = 0; i < 8; ++i) {
      const bool on = mask >> i & 1;
      if (i < 4) {
        EXPECT_EQ(out[i], on ? static_cast<float>(x[i]) : 0.0f) << "xmm <- m256 lane " << i << " mask " << mask;
        EXPECT_EQ(out[4 + i], on ? static_cast<float>(s) : -104.0f - static_cast<float>(i)) << "{1to4} lane " << i;
        EXPECT_EQ(out[16 + i], i < 2 ? static_cast<float>(s) : 0.0f) << "{1to2} lane " << i;
        EXPECT_EQ(out[28 + i], on ? static_cast<float>(q[1]) : 0.0f) << "qq {1to4} lane " << i;
        EXPECT_EQ(out[32 + i], i < 2 ? static_cast<float>(static_cast<uint64_t>(q[2])) : 0.0f) << "uqq lane " << i;
      }
      EXPECT_EQ(out[8 + i], on ? static_cast<float>(x[i]) : 0.0f) << "ymm <- m512 lane " << i << " mask " << mask;
      EXPECT_EQ(out[20 + i], on ? static_cast<float>(q[i]) : 0.0f) << "qq lane " << i << " mask " << mask;
    }
  }
}

// vfpclassps/pd's categories (imm8 bits: QNaN, +0, -0, +inf, -inf, denormal,
// finite negative (not -0; negative denormals are), SNaN), from registers, sized memory and a broadcast.
uint32_t fp_class(uint64_t bits, int exp_bits, int mant_bits, unsigned imm) {
  const uint64_t mant = bits & ((uint64_t{1} << mant_bits) - 1);
  const uint64_t exp = bits >> mant_bits & ((uint64_t{1} << exp_bits) - 1);
  const bool sign = bits >> (mant_bits + exp_bits) & 1, exp_ones = exp == (uint64_t{1} << exp_bits) - 1;
  const bool quiet = mant >> (mant_bits - 1) & 1;
  const bool cls[8] = {exp_ones && mant && quiet,          !sign && !exp && !mant,    sign && !exp && !mant,
                       !sign && exp_ones && !mant,         sign && exp_ones && !mant, !exp && mant,
                       sign && !exp_ones && (exp || mant), exp_ones && mant && !quiet};
  for (unsigned i = 0; i < 8; ++i)
    if ((imm >> i & 1) && cls[i]) return 1;
  return 0;
}

TEST(Avx512Exec, FpclassCategories) {
  REQUIRE_AVX512(false);
  const unsigned imms[] = {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x81, 0x66};
  Assembler a;
  // rdi: uint32_t out[10][4], rsi: const float x[16], rdx: const double d[8]
  a.vmovups(zmm5, ptr(rsi));
  a.mov(ecx, 0x5A5A);
  a.kmovw(k4, ecx);
  for (size_t j = 0; j < std::size(imms); ++j) {
    const int64_t at = static_cast<int64_t>(16 * j);
    a.vfpclassps(k1, zmm5, imms[j]);
    a.kmovw(eax, k1);
    a.mov(dword_ptr(rdi, at), eax);
    a.vfpclassps(k1, xmmword_ptr(rsi, 16), imms[j]);  // x[4..7]
    a.kmovw(eax, k1);
    a.mov(dword_ptr(rdi, at + 4), eax);
    a.vfpclasspd(k1, zmmword_ptr(rdx), imms[j]);
    a.kmovw(eax, k1);
    a.mov(dword_ptr(rdi, at + 8), eax);
    a.vfpclassps(k1.k(k4), dword_ptr(rsi, 8).bcst(16), imms[j]);  // x[2] in every lane, masked
    a.kmovw(eax, k1);
    a.mov(dword_ptr(rdi, at + 12), eax);
  }
  a.vzeroupper();
  a.ret();
  Jit j(a);
  auto fn = j.fn<void (*)(uint32_t*, const float*, const double*)>();
  const uint32_t fbits[16] = {0x7FC00000, 0x7FA00000, 0x00000000, 0x80000000, 0x7F800000, 0xFF800000,
                              0x00000001, 0x80400000, 0x3F800000, 0xBF800000, 0xFFC00001, 0xFF900000,
                              0x42280000, 0xC2280000, 0x7F7FFFFF, 0x807FFFFF};
  const uint64_t dbits[8] = {0x7FF8000000000000, 0x7FF4000000000000, 0x8000000000000000, 0x0000000000000000,
                             0xFFF0000000000000, 0x0000000000000001, 0xC000000000000000, 0x4000000000000000};
  float x[16];
  double d[8];
  std::memcpy(x, fbits, sizeof x);
  std::memcpy(d, dbits, sizeof d);
  for (uint32_t xb2 : {fbits[2], fbits[6], fbits[11]}) {  // the broadcast element
    std::memcpy(&x[2], &xb2, 4);
    uint32_t out[std::size(imms)][4] = {};
    fn(&out[0][0], x, d);
    for (size_t k = 0; k < std::size(imms); ++k) {
      uint32_t want[4] = {};
      for (unsigned i = 0; i < 16; ++i) {
        uint32_t b;
        std::memcpy(&b, &x[i], 4);
        want[0] |= fp_class(b, 8, 23, imms[k]) << i;
        if (i >= 4 && i < 8) want[1] |= fp_class(b, 8, 23, imms[k]) << (i - 4);
        if (i < 8) want[2] |= fp_class(dbits[i], 11, 52, imms[k]) << i;
        want[3] |= (fp_class(xb2, 8, 23, imms[k]) << i) & (0x5A5Au >> i & 1) << i;
      }
      for (int f = 0; f < 4; ++f) EXPECT_EQ(out[k][f], want[f]) << "imm " << imms[k] << " form " << f;
    }
  }
}

// vrangeps: min/max/min-abs/max-abs with each sign control, memory,
// broadcast, a masked {sae} form, and vrndscaleps with {sae} (floor).
TEST(Avx512Exec, RangeAndRndscaleWithSae) {
  REQUIRE_AVX512(false);
  const unsigned imms[] = {0x0, 0x1, 0x2, 0x3, 0x7, 0xB, 0xE};
  Assembler a;
  // rdi: float out[(7 + 3) * 16], rsi: const float a[16], rdx: const float b[16], ecx: mask
  a.vmovups(zmm1, ptr(rsi));
  a.vmovups(zmm18, ptr(rdx));
  a.kmovw(k1, ecx);
  for (size_t j = 0; j < std::size(imms); ++j) {
    a.vrangeps(zmm0, zmm1, zmmword_ptr(rdx), imms[j]);
    a.vmovups(ptr(rdi, static_cast<int64_t>(64 * j)), zmm0);
  }
  const int64_t at = 64 * static_cast<int64_t>(std::size(imms));
  a.vmovups(zmm2, ptr(rdi, at));
  a.vrangeps(zmm2.k(k1), zmm1, zmm18, sae, 3);  // merging into out[] as it was
  a.vmovups(ptr(rdi, at), zmm2);
  a.vrangeps(zmm19.k(k1).z(), zmm1, dword_ptr(rdx).bcst(), 1);  // max(a, b[0])
  a.vmovups(ptr(rdi, at + 64), zmm19);
  a.vrndscaleps(zmm3, zmm1, sae, 0x01);  // round down, no scaling
  a.vmovups(ptr(rdi, at + 128), zmm3);
  a.vzeroupper();
  a.ret();
  Jit j(a);
  auto fn = j.fn<void (*)(float*, const float*, const float*, unsigned)>();
  float x[16], y[16];
  for (int i = 0; i < 16; ++i) {  // no ties in value or magnitude, no zeros
    x[i] = (static_cast<float>(i) * 1.75f + 0.5f) * (i % 3 ? 1.0f : -1.0f);
    y[i] = (static_cast<float>(15 - i) * 1.25f + 0.3f) * (i % 2 ? -1.0f : 1.0f);
  }
  auto range = [](float p, float q, unsigned imm) {
    float r;
    switch (imm & 3) {
      case 0: r = p < q ? p : q; break;
      case 1: r = p > q ? p : q; break;
      case 2: r = std::fabs(p) < std::fabs(q) ? p : q; break;
      default: r = std::fabs(p) > std::fabs(q) ? p : q; break;
    }
    switch (imm >> 2 & 3) {  // sign control: src1's, the selected value's, cleared, set
      case 0: return std::copysign(r, p);
      case 1: return r;
      case 2: return std::fabs(r);
      default: return -std::fabs(r);
    }
  };
  for (unsigned mask : {0xFFFFu, 0x0F0Fu, 0x8001u}) {
    float out[10 * 16];
    for (int i = 0; i < 160; ++i) out[i] = -1000.0f - static_cast<float>(i);
    fn(out, x, y, mask);
    for (int i = 0; i < 16; ++i) {
      const bool on = mask >> i & 1;
      for (size_t k = 0; k < std::size(imms); ++k)
        EXPECT_EQ(out[16 * k + i], range(x[i], y[i], imms[k])) << "imm " << imms[k] << " lane " << i;
      EXPECT_EQ(out[112 + i], on ? range(x[i], y[i], 3) : -1112.0f - static_cast<float>(i)) << "{sae} lane " << i;
      EXPECT_EQ(out[128 + i], on ? range(x[i], y[0], 1) : 0.0f) << "bcst lane " << i;
      EXPECT_EQ(out[144 + i], std::floor(x[i])) << "rndscale lane " << i;
    }
  }
}

// vfixupimmps: each lane's source classified into a token (QNaN, SNaN, zero,
// +1, -inf, +inf, negative, positive) that picks a 4-bit response from the
// table lane; the SDM's responses written out, bit for bit (response 6 is
// -inf for a set sign bit, so for -0 too).
uint32_t fixup(uint32_t dst, uint32_t src, uint32_t tbl) {
  float f;
  std::memcpy(&f, &src, 4);
  unsigned token;
  if (std::isnan(f)) token = src >> 22 & 1 ? 0 : 1;
  else if (f == 0.0f) token = 2;
  else if (f == 1.0f) token = 3;
  else if (std::isinf(f)) token = f < 0 ? 4 : 5;
  else token = f < 0 ? 6 : 7;
  const uint32_t responses[16] = {
      dst,        src,        0,          0xFFC00000, 0xFF800000, 0x7F800000, src >> 31 ? 0xFF800000u : 0x7F800000u,
      0x80000000, 0x00000000, 0xBF800000, 0x3F800000, 0x3F000000, 0x42B40000, 0x3FC90FDB,
      0x7F7FFFFF, 0xFF7FFFFF};
  return responses[tbl >> (4 * token) & 15];
}

TEST(Avx512Exec, FixupimmTokensAndResponses) {
  REQUIRE_AVX512(false);
  Assembler a;
  // rdi: uint32_t out[56], rsi: const float dst[16], rdx: const float src[16], rcx: const uint32_t tbl[16], r8d: mask
  a.vmovups(zmm1, ptr(rdx));
  a.kmovw(k1, r8d);
  a.vmovups(zmm0, ptr(rsi));
  a.vfixupimmps(zmm0, zmm1, zmmword_ptr(rcx), 0);
  a.vmovups(ptr(rdi), zmm0);
  a.vmovups(zmm2, ptr(rsi));
  a.vfixupimmps(zmm2.k(k1), zmm1, dword_ptr(rcx).bcst(), 0);  // tbl[0] for every lane
  a.vmovups(ptr(rdi, 64), zmm2);
  a.vmovups(zmm3, ptr(rsi));
  a.vmovups(zmm24, ptr(rcx));
  a.vfixupimmps(zmm3.k(k1).z(), zmm1, zmm24, sae, 0);
  a.vmovups(ptr(rdi, 128), zmm3);
  a.vmovups(ymm25, ptr(rsi));
  a.vfixupimmps(ymm25, ymm1, ymmword_ptr(rcx), 0);
  a.vmovups(ptr(rdi, 192), ymm25);
  a.vzeroupper();
  a.ret();
  Jit j(a);
  auto fn = j.fn<void (*)(uint32_t*, const uint32_t*, const uint32_t*, const uint32_t*, unsigned)>();
  const uint32_t src[16] = {0x7FC00000, 0x7FA00000, 0x00000000, 0x80000000, 0x3F800000, 0xFF800000,
                            0x7F800000, 0xC0200000, 0x40400000, 0x00000400, 0xBF800000, 0x40E00000,
                            0x3E800000, 0x80000000, 0x3F800000, 0x42C80000};
  uint32_t dst[16], tbl[16];
  uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1103515245u + 12345u, seed >> 16; };
  for (int round = 0; round < 8; ++round) {
    for (int i = 0; i < 16; ++i) {
      dst[i] = 0x40000000u + next();
      tbl[i] = 0;
      for (unsigned t = 0; t < 8; ++t) {  // no QNaN(src) (2); for NaN sources no copy (1) or sign test (6)
        unsigned r;
        do r = next() & 15;
        while (r == 2 || (t < 2 && (r == 1 || r == 6)));
        tbl[i] |= r << (4 * t);
      }
    }
    const unsigned mask = next();
    uint32_t out[56];
    fn(out, dst, src, tbl, mask);
    for (int i = 0; i < 16; ++i) {
      const bool on = mask >> i & 1;
      EXPECT_EQ(out[i], fixup(dst[i], src[i], tbl[i])) << "lane " << i;
      EXPECT_EQ(out[16 + i], on ? fixup(dst[i], src[i], tbl[0]) : dst[i]) << "bcst lane " << i;
      EXPECT_EQ(out[32 + i], on ? fixup(dst[i], src[i], tbl[i]) : 0u) << "{sae} lane " << i;
      if (i < 8) { EXPECT_EQ(out[48 + i], fixup(dst[i], src[i], tbl[i])) << "ymm lane " << i; }
    }
  }
}

}  // namespace
