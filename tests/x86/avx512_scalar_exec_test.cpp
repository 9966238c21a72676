// AVX-512 scalar EVEX forms run and checked against plain C++: masked
// vmovss/vmovsd (load, register merge, store) with xmm16-31, vcomisd with and
// without {sae} on NaNs (the flags C++ comparisons read, and the invalid
// flag), vrndscalesd, vgetmantsd and vrangesd. Skipped with a visible
// message unless cpuid reports AVX-512 F/BW/DQ/VL and the OS saves its state.
#include <gtest/gtest.h>

#include <cfenv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "avx512_cpu.hpp"
#include "jit.hpp"

using namespace x86;

namespace {

// void f(float* out, const float* in, unsigned mask), mask in k1:
// out[0..3]   = vmovss xmm16 {k1}, [in]: lane 0 = in[0] or the old lane 0, lanes 1..3 zeroed
// out[4..7]   = vmovss xmm17 {k1} {z}, xmm18, xmm19: lane 0 = in[8] or 0, lanes 1..3 = in[5..7]
// out[8..11]  = as out[4..7] but merging: lane 0 = in[8] or the old lane 0 (in[12])
// out[12]     = vmovss [out + 48] {k1}, xmm20 (= in[1]): written only under the mask
// and the same with doubles (vmovsd, the load zeroing): f(..., const double* din, double* dout).
TEST(Avx512ScalarExec, MaskedMovssMovsdXmm16Plus) {
  REQUIRE_AVX512(false);
  Assembler a;
  a.kmovw(k1, edx);
  // floats
  a.vmovups(xmm16, ptr(rdi));
  a.vmovss(xmm16.k(k1), ptr(rsi));  // load, merging
  a.vmovups(ptr(rdi), xmm16);
  a.vmovups(xmm18, ptr(rsi, 16));  // in[4..7]
  a.vmovups(xmm19, ptr(rsi, 32));  // in[8..11]
  a.vmovups(xmm17, ptr(rsi, 48));  // in[12..15]
  a.vmovaps(xmm21, xmm17);
  a.vmovss(xmm17.k(k1).z(), xmm18, xmm19);  // register merge form, zeroing
  a.vmovups(ptr(rdi, 16), xmm17);
  a.vmovss(xmm21.k(k1), xmm18, xmm19);  // merging
  a.vmovups(ptr(rdi, 32), xmm21);
  a.vmovss(xmm20, ptr(rsi, 4));  // no mask: the plain method, xmm20 takes EVEX
  a.vmovss(ptr(rdi, 48).k(k1), xmm20);
  // doubles: rcx = const double* din (4), r8 = double* dout (8)
  a.vmovupd(xmm24, ptr(r8));
  a.vmovsd(xmm24.k(k1).z(), ptr(rcx));  // load, zeroing: lane 0 = din[0] or 0, lane 1 = 0
  a.vmovupd(ptr(r8), xmm24);
  a.vmovupd(xmm25, ptr(rcx, 16));  // din[2..3]
  a.vmovupd(xmm26, ptr(rcx));      // din[0..1]
  a.vmovsd(xmm27, xmm25, xmm26);   // no mask, the plain method: din[0], din[3]
  a.vmovupd(ptr(r8, 48), xmm27);
  a.vmovsd(xmm25.k(k1), xmm25, xmm26);  // merging: lane 0 = din[0] or din[2], lane 1 = din[3]
  a.vmovupd(ptr(r8, 16), xmm25);
  a.vmovsd(qword_ptr(r8, 32).k(k1), xmm26);  // masked store of din[0]
  a.ret();
  Jit j(a);
  auto fn = j.fn<void (*)(float*, const float*, unsigned, const double*, double*)>();
  for (unsigned mask : {0u, 1u, 0xFEu, 0xFFu}) {
    const bool on = mask & 1;
    float in[16], out[13];
    for (int i = 0; i < 16; ++i) in[i] = 10.0f + static_cast<float>(i);
    for (int i = 0; i < 13; ++i) out[i] = -1.0f - static_cast<float>(i);
    double din[4] = {1.5, 2.5, 3.5, 4.5}, dout[8] = {-1, -2, -3, -4, -5, -6, -7, -8};
    fn(out, in, mask, din, dout);
    const float want[13] = {on ? in[0] : -1.0f,  0,     0,     0,     on ? in[8] : 0.0f,  in[5], in[6], in[7],
                            on ? in[8] : in[12], in[5], in[6], in[7], on ? in[1] : -13.0f};
    for (int i = 0; i < 13; ++i) EXPECT_EQ(out[i], want[i]) << "float " << i << " mask " << mask;
    const double dwant[8] = {
        on ? din[0] : 0.0, 0.0, on ? din[0] : din[2], din[3], on ? din[0] : -5.0, -6.0, din[0], din[3]};
    for (int i = 0; i < 8; ++i) EXPECT_EQ(dout[i], dwant[i]) << "double " << i << " mask " << mask;
  }
}

// unsigned f(double a, double b): vcomisd a, b (xmm16, xmm17), with {sae} or
// without, read as C++ compiles comparisons of doubles: bit 0 a > b (seta),
// bit 1 a >= b (setae), bit 2 a == b (sete and setnp), bit 3 unordered (setp).
// A quiet NaN raises the invalid flag in vcomisd, never under {sae}.
TEST(Avx512ScalarExec, VcomisdSaeFlagsOnNaNs) {
  REQUIRE_AVX512(false);
  Assembler a;
  Label with_sae = a.new_label();
  for (int sae = 0; sae < 2; ++sae) {
    if (sae) a.bind(with_sae);
    a.vmovsd(xmm16, xmm16, xmm0);  // lane 0: a (EVEX through the VEX method)
    a.vmovsd(xmm17, xmm17, xmm1);
    if (sae) a.vcomisd(xmm16, xmm17, x86::sae);
    else a.vcomisd(xmm16, xmm17);
    a.setcc(Cond::A, al);
    a.setcc(Cond::AE, cl);
    a.setcc(Cond::E, dl);
    a.setcc(Cond::NP, r8b);
    a.setcc(Cond::P, r9b);
    a.and_(dl, r8b);
    a.movzx(eax, al);
    a.movzx(ecx, cl);
    a.movzx(edx, dl);
    a.movzx(r9d, r9b);
    a.lea(eax, ptr(rax, rcx, 2));
    a.lea(eax, ptr(rax, rdx, 4));
    a.lea(eax, ptr(rax, r9, 8));
    a.ret();
  }
  Jit j(a);
  using Fn = unsigned (*)(double, double);
  const Fn fns[2] = {j.fn<Fn>(), j.fn<Fn>(a.label_offset(with_sae))};
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  const double pairs[][2] = {{1, 2},     {2, 1},      {2, 2},   {nan, 1},   {1, nan},
                             {nan, nan}, {-0.0, 0.0}, {inf, 1}, {-inf, nan}};
  for (int sae = 0; sae < 2; ++sae)
    for (const auto& p : pairs) {
      const double x = p[0], y = p[1];
      const unsigned want = (x > y) | (x >= y) << 1 | (x == y) << 2 | std::isunordered(x, y) << 3;
      std::feclearexcept(FE_ALL_EXCEPT);
      const unsigned got = fns[sae](x, y);
      const bool invalid = std::fetestexcept(FE_INVALID);
      std::feclearexcept(FE_ALL_EXCEPT);
      EXPECT_EQ(got, want) << x << " vs " << y << " sae " << sae;
      EXPECT_EQ(invalid, !sae && std::isunordered(x, y)) << x << " vs " << y << " sae " << sae;
    }
}

// Emits, for each imm8, `op` (a scalar EVEX form taking xk, x, x/m, [{sae},] imm8)
// into xmm18 from xmm17 and the source qword at [rdi + src] (register forms with
// {sae} for even i, memory forms for odd i, through xmm19), storing each result
// to [rsi + 8*i]. xmm17 holds [rdi].
using ScalarImmOp = void (Assembler::*)(XmmK, Xmm, Xmm, Round, Imm);
using ScalarImmMemOp = void (Assembler::*)(XmmK, Xmm, const Mem&, Imm);
void scalar_imm_kernel(Assembler& a, ScalarImmOp reg_op, ScalarImmMemOp mem_op, int32_t src,
                       const std::vector<int>& imms) {
  a.vmovsd(xmm17, qword_ptr(rdi));
  a.vmovsd(xmm19, qword_ptr(rdi, src));
  for (size_t i = 0; i < imms.size(); ++i) {
    if (i % 2 == 0) (a.*reg_op)(xmm18, xmm17, xmm19, sae, imms[i]);
    else (a.*mem_op)(xmm18, xmm17, qword_ptr(rdi, src), imms[i]);
    a.vmovsd(qword_ptr(rsi, static_cast<int32_t>(8 * i)), xmm18);
  }
}

// vrndscalesd: round to a multiple of 2^-M (imm8[7:4]) by imm8[1:0] (nearest
// even, down, up, toward zero; imm8[3] suppresses the precision exception),
// against floor/ceil/trunc/nearbyint in C++; and a zeroing mask.
TEST(Avx512ScalarExec, VrndscalesdMatchesCpp) {
  REQUIRE_AVX512(false);
  std::vector<int> imms;
  for (int m : {0, 2, 5})
    for (int rc = 0; rc < 4; ++rc) imms.push_back(m << 4 | 8 | rc);
  Assembler a;
  scalar_imm_kernel(a, &Assembler::vrndscalesd, &Assembler::vrndscalesd, 0, imms);
  a.kmovw(k1, edx);
  a.vrndscalesd(xmm20.k(k1).z(), xmm17, qword_ptr(rdi), 9);  // floor, or 0 without the mask bit
  a.vmovsd(qword_ptr(rsi, static_cast<int32_t>(8 * imms.size())), xmm20);
  a.ret();
  Jit j(a);
  auto fn = j.fn<void (*)(const double*, double*, unsigned)>();
  double (*const round[4])(double) = {std::nearbyint, std::floor, std::ceil, std::trunc};
  for (double x : {2.5, -2.5, 3.5, 1.3, -1.3, 0.126, -7.77, 1234.56789, 1e300, -0.03}) {
    for (unsigned mask : {0u, 1u}) {
      std::vector<double> out(imms.size() + 1, -99.0);
      fn(&x, out.data(), mask);
      for (size_t i = 0; i < imms.size(); ++i) {
        const double scale = std::ldexp(1.0, imms[i] >> 4);
        EXPECT_EQ(out[i], round[imms[i] & 3](x * scale) / scale) << x << " imm " << imms[i];
      }
      EXPECT_EQ(out.back(), mask ? std::floor(x) : 0.0) << x << " mask " << mask;
    }
  }
}

// vgetmantsd: the mantissa in [1, 2) (imm8[1:0] = 0) or [1/2, 1) (2), with the
// source's sign (imm8[3:2] = 0) or positive (1), against frexp in C++.
TEST(Avx512ScalarExec, VgetmantsdMatchesFrexp) {
  REQUIRE_AVX512(false);
  const std::vector<int> imms = {0x0, 0x0, 0x4, 0x4, 0x2, 0x2, 0x6, 0x6};
  Assembler a;
  scalar_imm_kernel(a, &Assembler::vgetmantsd, &Assembler::vgetmantsd, 0, imms);
  a.ret();
  Jit j(a);
  auto fn = j.fn<void (*)(const double*, double*)>();
  for (double x : {1.0, 3.0, -6.5, 0.1, -1e-310, 12345.678, -0.75, 1e300}) {
    std::vector<double> out(imms.size(), -99.0);
    fn(&x, out.data());
    int e = 0;
    const double m = std::frexp(std::fabs(x), &e);  // [1/2, 1)
    for (size_t i = 0; i < imms.size(); ++i) {
      const double mant = (imms[i] & 3) == 0 ? 2 * m : m;
      EXPECT_EQ(out[i], (imms[i] >> 2 & 3) == 0 ? std::copysign(mant, x) : mant) << x << " imm " << imms[i];
    }
  }
}

// vrangesd a, b: imm8[1:0] selects min, max, the smaller or the larger
// magnitude; imm8[3:2] the sign: a's, the selected value's, + or -.
TEST(Avx512ScalarExec, VrangesdMatchesCpp) {
  REQUIRE_AVX512(false);
  std::vector<int> imms;
  for (int i = 0; i < 16; ++i) imms.push_back(i);
  Assembler a;
  scalar_imm_kernel(a, &Assembler::vrangesd, &Assembler::vrangesd, 8, imms);
  a.ret();
  Jit j(a);
  auto fn = j.fn<void (*)(const double*, double*)>();
  const double pairs[][2] = {{1.5, -3.0}, {-4.0, 2.0}, {5.0, 7.25}, {-1.0, -0.5}, {0.25, -0.125}, {-9.0, -10.0}};
  for (const auto& p : pairs) {
    const double x = p[0], y = p[1];
    std::vector<double> out(imms.size(), -99.0);
    fn(p, out.data());
    for (int imm : imms) {
      const double pick[4] = {std::min(x, y), std::max(x, y), std::fabs(x) < std::fabs(y) ? x : y,
                              std::fabs(x) > std::fabs(y) ? x : y};
      const double r = pick[imm & 3];
      const double want[4] = {std::copysign(r, x), r, std::fabs(r), -std::fabs(r)};
      EXPECT_EQ(out[imm], want[imm >> 2]) << x << ", " << y << " imm " << imm;
    }
  }
}

}  // namespace
