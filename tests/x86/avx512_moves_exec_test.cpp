// AVX-512 moves, inserts and extracts through xmm16-31 (vmovq, vmovd,
// vpinsr*/vpextr*, vextractps/vinsertps, vmovhps & co), vpsadbw, the byte
// shifts vpslldq/vpsrldq (memory source: EVEX only), non-temporal zmm moves,
// AVX-512 CD (vpconflictd/q, vplzcntd/q) and VBMI (vpermb, vpermi2b,
// vpermt2b, vpmultishiftqb), vprold/vprorq, vcompressps, vexpandpd and
// vmovhlps/vmovlhps, run and checked against plain C++. Each test is
// skipped with a visible message when cpuid lacks the extension it needs or
// XGETBV says the OS does not save the opmask/ZMM state.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <cstring>

#include "avx512_cpu.hpp"
#include "jit.hpp"

using namespace x86;

namespace {

// void f(uint64_t out[16], uint64_t a, uint64_t b): every value goes through
// xmm16-31, so each instruction is the EVEX form.
TEST(Avx512MovesExec, GpAndMemoryThroughHighXmm) {
  REQUIRE_CPU(base, "AVX-512 F/BW/DQ/VL");
  Assembler a;
  a.vmovq(xmm17, rsi);  // the VEX method, xmm17: its EVEX twin
  a.vpinsrq(xmm17, xmm17, rdx, 1);
  a.vmovdqu64(ptr(rdi), xmm17);  // out[0..1] = a, b
  a.vpextrq(rax, xmm17, 1);
  a.mov(qword_ptr(rdi, 16), rax);  // out[2] = b
  a.vmovq(rcx, xmm17);
  a.mov(qword_ptr(rdi, 24), rcx);  // out[3] = a
  a.vpbroadcastq(xmm25, rdx);
  a.vmovq(xmm25, xmm17);               // clears the upper qword
  a.vmovdqu64(ptr(rdi, 32), xmm25);    // out[4..5] = a, 0
  a.vmovq(qword_ptr(rdi, 48), xmm17);  // out[6] = a
  a.vmovq(xmm26, qword_ptr(rdi, 16));  // b, 0
  a.vpinsrb(xmm26, xmm26, esi, 15);
  a.vmovdqu64(ptr(rdi, 56), xmm26);  // out[7..8] = b, (a & 0xFF) << 56
  a.vpextrd(eax, xmm17, 1);
  a.mov(dword_ptr(rdi, 72), eax);          // out[9] = a >> 32
  a.vpextrw(word_ptr(rdi, 80), xmm17, 3);  // out[10] = a >> 48
  a.vmovd(xmm30, esi);
  a.vmovd(dword_ptr(rdi, 88), xmm30);  // out[11] = (uint32_t)a
  a.vextractps(eax, xmm17, 2);
  a.mov(dword_ptr(rdi, 96), eax);                         // out[12] = (uint32_t)b
  a.vmovhps(xmm28, xmm26, qword_ptr(rdi));                // b, a
  a.vmovlpd(qword_ptr(rdi, 104), xmm28);                  // out[13] = b
  a.vmovhpd(qword_ptr(rdi, 112), xmm28);                  // out[14] = a
  a.vinsertps(xmm29, xmm17, dword_ptr(rdi, 88), 3 << 4);  // dword 3 = (uint32_t)a
  a.vpextrq(qword_ptr(rdi, 120), xmm29, 1);               // out[15] = (uint32_t)b | (uint32_t)a << 32
  a.ret();
  Jit j(a);
  auto fn = j.fn<void (*)(uint64_t*, uint64_t, uint64_t)>();
  for (auto [x, y] : {std::pair<uint64_t, uint64_t>{0x0123456789ABCDEFull, 0xFEDCBA9876543210ull},
                      {0, ~0ull},
                      {0x8000000000000001ull, 0x7FFFFFFF00000080ull}}) {
    uint64_t out[16] = {};
    fn(out, x, y);
    const uint64_t want[16] = {x,
                               y,
                               y,
                               x,
                               x,
                               0,
                               x,
                               y,
                               (x & 0xFF) << 56,
                               x >> 32,
                               x >> 48,
                               x & 0xFFFFFFFF,
                               y & 0xFFFFFFFF,
                               y,
                               x,
                               (y & 0xFFFFFFFF) | x << 32};
    for (int i = 0; i < 16; ++i) EXPECT_EQ(out[i], want[i]) << "out[" << i << "] a=" << x << " b=" << y;
  }
}

// void f(uint64_t out[12], const uint8_t x[64], const uint8_t y[64]): vpsadbw
// at 512 bits (memory source) and 256 bits (ymm16-31).
TEST(Avx512MovesExec, Vpsadbw) {
  REQUIRE_CPU(base, "AVX-512 F/BW/DQ/VL");
  Assembler a;
  a.vmovdqu8(zmm17, ptr(rsi));
  a.vpsadbw(zmm18, zmm17, zmmword_ptr(rdx));
  a.vmovdqu64(ptr(rdi), zmm18);
  a.vmovdqu8(ymm20, ptr(rdx));
  a.vpsadbw(ymm21, ymm20, ymm17);
  a.vmovdqu64(ptr(rdi, 64), ymm21);
  a.vzeroupper();
  a.ret();
  Jit j(a);
  auto fn = j.fn<void (*)(uint64_t*, const uint8_t*, const uint8_t*)>();
  uint8_t x[64], y[64];
  for (int i = 0; i < 64; ++i) {
    x[i] = static_cast<uint8_t>(i * 37 + 11);
    y[i] = static_cast<uint8_t>(255 - i * 13);
  }
  uint64_t out[12] = {};
  fn(out, x, y);
  for (int q = 0; q < 12; ++q) {
    uint64_t want = 0;
    for (int b = 0; b < 8; ++b) {
      const int i = (q % 8) * 8 + b;
      want += static_cast<uint64_t>(x[i] > y[i] ? x[i] - y[i] : y[i] - x[i]);
    }
    EXPECT_EQ(out[q], want) << "qword " << q;
  }
}

// void f(uint8_t out[128], const uint8_t in[64]) (both 64-byte aligned):
// vpslldq from memory (EVEX only), vpsrldq on zmm16-31, non-temporal load and
// stores.
TEST(Avx512MovesExec, ByteShiftsAndNonTemporal) {
  REQUIRE_CPU(base, "AVX-512 F/BW/DQ/VL");
  Assembler a;
  a.vpslldq(zmm22, zmmword_ptr(rsi), 3);
  a.vmovntdq(ptr(rdi), zmm22);
  a.vmovntdqa(zmm20, ptr(rsi));
  a.vpsrldq(zmm21, zmm20, 5);
  a.vmovntps(ptr(rdi, 64), zmm21);
  a.sfence();
  a.vzeroupper();
  a.ret();
  Jit j(a);
  auto fn = j.fn<void (*)(uint8_t*, const uint8_t*)>();
  alignas(64) uint8_t in[64];
  alignas(64) uint8_t out[128];
  for (int i = 0; i < 64; ++i) in[i] = static_cast<uint8_t>(i + 1);
  std::memset(out, 0xEE, sizeof out);
  fn(out, in);
  for (int i = 0; i < 64; ++i) {
    const int lane = i % 16;
    EXPECT_EQ(out[i], lane >= 3 ? in[i - 3] : 0) << "vpslldq byte " << i;
    EXPECT_EQ(out[64 + i], lane + 5 < 16 ? in[i + 5] : 0) << "vpsrldq byte " << i;
  }
}

// void f(uint32_t out[48], const uint32_t x[16], const uint64_t y[8]):
// vpconflictd, vplzcntd, vplzcntq (broadcast), vpconflictq (AVX-512 CD).
TEST(Avx512MovesExec, ConflictDetection) {
  REQUIRE_CPU(cd, "AVX-512 CD");
  Assembler a;
  a.vmovdqu32(zmm17, ptr(rsi));
  a.vpconflictd(zmm18, zmm17);
  a.vmovdqu32(ptr(rdi), zmm18);
  a.vplzcntd(zmm19, zmmword_ptr(rsi));
  a.vmovdqu32(ptr(rdi, 64), zmm19);
  a.vplzcntq(zmm20, qword_ptr(rdx, 8).bcst());  // {1to8}
  a.vmovdqu64(ptr(rdi, 128), zmm20);
  a.vpconflictq(zmm21, zmmword_ptr(rdx));
  a.vmovdqu64(ptr(rdi, 192), zmm21);
  a.vzeroupper();
  a.ret();
  Jit j(a);
  auto fn = j.fn<void (*)(uint32_t*, const uint32_t*, const uint64_t*)>();
  const uint32_t x[16] = {7, 0, 7, 1u << 31, 3, 0, 7, 0xFFFF, 3, 1, 1, 0, 42, 0x80, 7, 1};
  const uint64_t y[8] = {5, 1ull << 40, 5, 0, 1ull << 40, 5, 0, 9};
  uint32_t out[64] = {};
  fn(out, x, y);
  for (int i = 0; i < 16; ++i) {
    uint32_t conflict = 0;
    for (int k = 0; k < i; ++k)
      if (x[k] == x[i]) conflict |= 1u << k;
    EXPECT_EQ(out[i], conflict) << "vpconflictd " << i;
    EXPECT_EQ(out[16 + i], static_cast<uint32_t>(std::countl_zero(x[i]))) << "vplzcntd " << i;
  }
  for (int i = 0; i < 8; ++i) {
    uint64_t lz, cq = 0;
    std::memcpy(&lz, out + 32 + 2 * i, 8);
    EXPECT_EQ(lz, static_cast<uint64_t>(std::countl_zero(y[1]))) << "vplzcntq " << i;
    for (int k = 0; k < i; ++k)
      if (y[k] == y[i]) cq |= 1ull << k;
    uint64_t got;
    std::memcpy(&got, out + 48 + 2 * i, 8);
    EXPECT_EQ(got, cq) << "vpconflictq " << i;
  }
}

// void f(uint8_t out[256], const uint8_t idx[64], const uint8_t t1[64],
//        const uint8_t t2[64]): vpermb, vpermi2b, vpermt2b (masked, merging),
// vpmultishiftqb (AVX-512 VBMI).
TEST(Avx512MovesExec, Vbmi) {
  REQUIRE_CPU(vbmi, "AVX-512 VBMI");
  Assembler a;
  a.vmovdqu8(zmm16, ptr(rsi));  // indexes
  a.vmovdqu8(zmm17, ptr(rdx));  // table 1
  a.vpermb(zmm18, zmm16, zmmword_ptr(rdx));
  a.vmovdqu8(ptr(rdi), zmm18);
  a.vmovdqa64(zmm19, zmm16);
  a.vpermi2b(zmm19, zmm17, zmmword_ptr(rcx));  // indexes replaced by the bytes
  a.vmovdqu8(ptr(rdi, 64), zmm19);
  a.mov(rax, 0x5555555555555555);
  a.kmovq(k2, rax);
  a.vmovdqa64(zmm20, zmm17);
  a.vpermt2b(zmm20.k(k2), zmm16, zmmword_ptr(rcx));  // odd bytes keep table 1
  a.vmovdqu8(ptr(rdi, 128), zmm20);
  a.vpmultishiftqb(zmm21, zmm16, zmmword_ptr(rcx));  // controls: the indexes; data: table 2
  a.vmovdqu8(ptr(rdi, 192), zmm21);
  a.vzeroupper();
  a.ret();
  Jit j(a);
  auto fn = j.fn<void (*)(uint8_t*, const uint8_t*, const uint8_t*, const uint8_t*)>();
  uint8_t idx[64], t1[64], t2[64], out[256] = {};
  for (int i = 0; i < 64; ++i) {
    idx[i] = static_cast<uint8_t>(i * 29 + 7);  // bits 6-7 set in some: only 0-5 (vpermb) or 0-6 count
    t1[i] = static_cast<uint8_t>(i * 3 + 100);
    t2[i] = static_cast<uint8_t>(255 - i * 5);
  }
  fn(out, idx, t1, t2);
  for (int i = 0; i < 64; ++i) {
    const uint8_t two = (idx[i] & 64) ? t2[idx[i] & 63] : t1[idx[i] & 63];
    EXPECT_EQ(out[i], t1[idx[i] & 63]) << "vpermb " << i;
    EXPECT_EQ(out[64 + i], two) << "vpermi2b " << i;
    EXPECT_EQ(out[128 + i], (i % 2 == 0) ? two : t1[i]) << "vpermt2b {k2} " << i;
    uint64_t q;
    std::memcpy(&q, t2 + (i / 8) * 8, 8);
    EXPECT_EQ(out[192 + i], static_cast<uint8_t>(std::rotr(q, idx[i] & 63))) << "vpmultishiftqb " << i;
  }
}

// void f(uint32_t out[88], const uint32_t in[16], const double d[8], unsigned m):
// vprold/vprorq by an immediate, vcompressps to memory and to a register,
// vexpandpd from memory (masks from m), vmovhlps/vmovlhps on xmm16-31.
TEST(Avx512MovesExec, RotatesCompressExpandAndHalves) {
  REQUIRE_CPU(base, "AVX-512 F/BW/DQ/VL");
  Assembler a;
  a.kmovw(k1, ecx);
  a.shr(ecx, 8);
  a.kmovw(k2, ecx);
  a.vmovdqu32(zmm17, ptr(rsi));
  a.vprold(zmm2, zmm17, 7);
  a.vmovdqu32(ptr(rdi), zmm2);  // out[0..15]
  a.vprorq(zmm3, zmm17, 13);
  a.vmovdqu32(ptr(rdi, 64), zmm3);  // out[16..31]
  a.vpxord(zmm4, zmm4, zmm4);
  a.vmovdqu32(ptr(rdi, 128), zmm4);           // out[32..47] = 0
  a.vcompressps(ptr(rdi, 128).k(k1), zmm17);  // out[32..] = the selected lanes, packed
  a.vcompressps(zmm4.k(k1).z(), zmm17);
  a.vmovdqu32(ptr(rdi, 192), zmm4);  // out[48..63]
  a.vexpandpd(zmm5.k(k2).z(), ptr(rdx));
  a.vmovdqu32(ptr(rdi, 256), zmm5);  // out[64..79]
  a.vmovdqu32(xmm18, ptr(rsi));
  a.vmovdqu32(xmm19, ptr(rsi, 16));
  a.vmovhlps(xmm20, xmm18, xmm19);    // the VEX method, xmm16-31: its EVEX twin
  a.vmovdqu32(ptr(rdi, 320), xmm20);  // out[80..83]
  a.vmovlhps(xmm21, xmm18, xmm19);
  a.vmovdqu32(ptr(rdi, 336), xmm21);  // out[84..87]
  a.vzeroupper();
  a.ret();
  Jit j(a);
  auto fn = j.fn<void (*)(uint32_t*, const uint32_t*, const double*, unsigned)>();
  uint32_t in[16];
  for (int i = 0; i < 16; ++i) in[i] = 0x9E3779B9u * uint32_t(i + 1);
  const double d[8] = {1.5, -2.0, 3.25, 4.0, -5.5, 6.0, 7.75, 8.0};
  for (unsigned m : {0xFFFFu, 0x0000u, 0xA5C3u, 0x1234u}) {
    uint32_t out[88];
    std::memset(out, 0xEE, sizeof out);
    fn(out, in, d, m);
    for (int i = 0; i < 16; ++i) EXPECT_EQ(out[i], std::rotl(in[i], 7)) << "vprold lane " << i;
    for (int i = 0; i < 8; ++i) {
      const uint64_t q = uint64_t{in[2 * i]} | uint64_t{in[2 * i + 1]} << 32;
      const uint64_t r = std::rotr(q, 13);
      EXPECT_EQ(out[16 + 2 * i], uint32_t(r)) << "vprorq lane " << i;
      EXPECT_EQ(out[16 + 2 * i + 1], uint32_t(r >> 32)) << "vprorq lane " << i;
    }
    uint32_t packed[16] = {};
    int n = 0;
    for (int i = 0; i < 16; ++i)
      if (m >> i & 1) packed[n++] = in[i];
    for (int i = 0; i < 16; ++i) EXPECT_EQ(out[32 + i], packed[i]) << "vcompressps to memory, m=" << m << " i=" << i;
    for (int i = 0; i < 16; ++i) EXPECT_EQ(out[48 + i], packed[i]) << "vcompressps {z}, m=" << m << " i=" << i;
    double expanded[8] = {};
    n = 0;
    for (int i = 0; i < 8; ++i)
      if (m >> (8 + i) & 1) expanded[i] = d[n++];
    EXPECT_EQ(std::memcmp(out + 64, expanded, sizeof expanded), 0) << "vexpandpd, m=" << m;
    const uint32_t hl[4] = {in[6], in[7], in[2], in[3]}, lh[4] = {in[0], in[1], in[4], in[5]};
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(out[80 + i], hl[i]) << "vmovhlps dword " << i;
      EXPECT_EQ(out[84 + i], lh[i]) << "vmovlhps dword " << i;
    }
  }
}

}  // namespace
