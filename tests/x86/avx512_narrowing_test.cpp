// AVX-512 narrowing conversions, vfpclass (a memory size or {1toN} that picks
// the vector length), the {sae} forms of vcvtph2ps/vcvtps2ph/vrndscale/
// vreduce/vgetmant, vrange and vfixupimm: the C++ spellings give llvm-mc's
// bytes (every form is in the differential test; these pin the API: bcst(n),
// the VEX/EVEX twin rule), the text front end reads them, and each invalid
// combination is an error that names the problem and emits nothing (those
// are in error_test.cpp, "narrowing conversions" block).
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "bytes.hpp"
#include "x86/text.hpp"
#include "x86/x86.hpp"

using namespace x86;

namespace {

std::vector<uint8_t> text_bytes(const char* text) {
  Assembler a;
  assemble_text(a, text);
  return {a.code().begin(), a.code().end()};
}

using B = std::vector<uint8_t>;

// The bytes are llvm-mc 14's (-triple=x86_64 -x86-asm-syntax=intel -show-encoding).
TEST(Avx512c, NarrowingConversionsPickTheLengthFromSizeOrCount) {
  EXPECT_EQ(bytes([](Assembler& a) { a.vcvtpd2ps(xmm1.k(k1), xmmword_ptr(rax)); }),
            (B{0x62, 0xf1, 0xfd, 0x09, 0x5a, 0x08}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vcvtpd2ps(xmm1.k(k1), ymmword_ptr(rax)); }),
            (B{0x62, 0xf1, 0xfd, 0x29, 0x5a, 0x08}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vcvtpd2ps(xmm1, qword_ptr(rax).bcst(2)); }),
            (B{0x62, 0xf1, 0xfd, 0x18, 0x5a, 0x08}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vcvtpd2ps(xmm1, ptr(rax).bcst(4)); }), (B{0x62, 0xf1, 0xfd, 0x38, 0x5a, 0x08}));
  // ymm <- zmm: the destination says 512 bits; the count may be left out or given.
  EXPECT_EQ(bytes([](Assembler& a) { a.vcvtpd2ps(ymm1, qword_ptr(rax).bcst()); }),
            (B{0x62, 0xf1, 0xfd, 0x58, 0x5a, 0x08}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vcvtpd2ps(ymm1, qword_ptr(rax).bcst(8)); }),
            (B{0x62, 0xf1, 0xfd, 0x58, 0x5a, 0x08}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vcvtpd2ps(ymm1, ptr(rax)); }), (B{0x62, 0xf1, 0xfd, 0x48, 0x5a, 0x08}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vcvtpd2ps(ymm1, zmm2, rz_sae); }), (B{0x62, 0xf1, 0xfd, 0x78, 0x5a, 0xca}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vcvttpd2udq(ymm1.k(k2), zmm2, sae); }), (B{0x62, 0xf1, 0xfc, 0x1a, 0x78, 0xca}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vcvtuqq2ps(ymm1.k(k2), zmm2, rn_sae); }),
            (B{0x62, 0xf1, 0xff, 0x1a, 0x7a, 0xca}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vcvtqq2ps(xmm1, qword_ptr(rax).bcst(2)); }),
            (B{0x62, 0xf1, 0xfc, 0x18, 0x5b, 0x08}));
}

TEST(Avx512c, VexTwinsStayVexAndHighRegistersGoEvex) {
  // The plain VEX methods keep their VEX bytes (twin rule)...
  EXPECT_EQ(bytes([](Assembler& a) { a.vcvtpd2ps(xmm1, ymm2); }), (B{0xc5, 0xfd, 0x5a, 0xca}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vcvtpd2ps(xmm1, xmm2); }), (B{0xc5, 0xf9, 0x5a, 0xca}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vcvtpd2ps(xmm1, xmmword_ptr(rax)); }), (B{0xc5, 0xf9, 0x5a, 0x08}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vcvttpd2dq(xmm1, ymmword_ptr(rax)); }), (B{0xc5, 0xfd, 0xe6, 0x08}));
  // ...also through the EVEX overload when nothing needs EVEX;
  EXPECT_EQ(bytes([](Assembler& a) { a.vcvtpd2ps(XmmK(xmm1), ymm2); }), (B{0xc5, 0xfd, 0x5a, 0xca}));
  // xmm16-31 and masks route to EVEX.
  EXPECT_EQ(bytes([](Assembler& a) { a.vcvtpd2ps(xmm17, ymm2); }), (B{0x62, 0xe1, 0xfd, 0x28, 0x5a, 0xca}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vcvtpd2ps(xmm1.k(k1), ymm2); }), (B{0x62, 0xf1, 0xfd, 0x29, 0x5a, 0xca}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vcvtpd2ps(xmm1.k(k1).z(), xmm2); }), (B{0x62, 0xf1, 0xfd, 0x89, 0x5a, 0xca}));
}

TEST(Avx512c, FpclassRangeFixupimmAndSaeForms) {
  EXPECT_EQ(bytes([](Assembler& a) { a.vfpclassps(k1.k(k2), xmmword_ptr(rax), 5); }),
            (B{0x62, 0xf3, 0x7d, 0x0a, 0x66, 0x08, 0x05}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vfpclassps(k1.k(k2), dword_ptr(rax).bcst(16), 5); }),
            (B{0x62, 0xf3, 0x7d, 0x5a, 0x66, 0x08, 0x05}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vfpclassps(k1, zmmword_ptr(rax, 64), 5); }),
            (B{0x62, 0xf3, 0x7d, 0x48, 0x66, 0x48, 0x01, 0x05}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vfpclasspd(k1, ymm17, 5); }), (B{0x62, 0xb3, 0xfd, 0x28, 0x66, 0xc9, 0x05}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vrangeps(zmm1.k(k1), zmm2, zmm3, sae, 5); }),
            (B{0x62, 0xf3, 0x6d, 0x19, 0x50, 0xcb, 0x05}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vrangepd(xmm1.k(k1), xmm2, qword_ptr(rax).bcst(), 5); }),
            (B{0x62, 0xf3, 0xed, 0x19, 0x50, 0x08, 0x05}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vfixupimmps(zmm1.k(k1).z(), zmm2, zmm3, sae, 5); }),
            (B{0x62, 0xf3, 0x6d, 0x99, 0x54, 0xcb, 0x05}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vcvtph2ps(zmm1.k(k1).z(), ymm2, sae); }),
            (B{0x62, 0xf2, 0x7d, 0x99, 0x13, 0xca}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vcvtps2ph(ymm1.k(k1).z(), zmm2, sae, 5); }),
            (B{0x62, 0xf3, 0x7d, 0x99, 0x1d, 0xd1, 0x05}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vrndscaleps(zmm1.k(k1), zmm2, sae, 5); }),
            (B{0x62, 0xf3, 0x7d, 0x19, 0x08, 0xca, 0x05}));
}

TEST(Avx512c, TextFrontEndReadsThem) {
  EXPECT_EQ(text_bytes("vcvtpd2ps xmm1, qword ptr [rax]{1to4}"), (B{0x62, 0xf1, 0xfd, 0x38, 0x5a, 0x08}));
  EXPECT_EQ(text_bytes("vcvtpd2ps xmm1 {k1}, ymmword ptr [rax]"), (B{0x62, 0xf1, 0xfd, 0x29, 0x5a, 0x08}));
  EXPECT_EQ(text_bytes("vcvtpd2ps xmm1, ymm2"), (B{0xc5, 0xfd, 0x5a, 0xca}));
  EXPECT_EQ(text_bytes("vfpclasspd k1, qword ptr [rax]{1to2}, 5"), (B{0x62, 0xf3, 0xfd, 0x18, 0x66, 0x08, 0x05}));
  EXPECT_EQ(text_bytes("vcvtps2ph ymm1 {k1} {z}, zmm2, {sae}, 5"), (B{0x62, 0xf3, 0x7d, 0x99, 0x1d, 0xd1, 0x05}));
  Assembler a;
  a.mov(eax, 1);
  auto bad = [&](const char* text, const std::string& needle) {
    try {
      assemble_text(a, text);
      ADD_FAILURE() << text << ": no error";
    } catch (const TextError& e) { EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what(); }
    EXPECT_EQ(a.size(), 5u) << text;
  };
  bad("vcvtpd2ps xmm1 {k1}, [rax]", "needs its size: xmmword_ptr (128 bits) or ymmword_ptr (256 bits)");
  bad("vcvtpd2ps xmm1, qword ptr [rax]{1to8}", "{1to8} does not fit this instruction, which takes {1to2} or {1to4}");
  bad("vfpclassps k1, [rax], 5", "xmmword_ptr (128 bits), ymmword_ptr (256 bits) or zmmword_ptr (512 bits)");
  bad("vcvtpd2ps ymm1, qword ptr [rax]{1to4}", "{1to4} does not match this form, which broadcasts {1to8}");
}

}  // namespace
