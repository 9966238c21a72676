// The disassembly listings (asmds in `use asm`, the REPL's :dis, and `rasm
// dis`, which opens Capstone the same way: CS_ARCH_X86, CS_MODE_64, Intel
// syntax) name the new instructions: a sample of SSE4, AVX2, FMA, BMI,
// gathers, atomics and AVX-512 encoded by x86::Assembler, each decoded to the meant
// text at its own offset.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "disasm.hpp"
#include "x86/x86.hpp"

using namespace x86;

namespace {

struct Sample {
  std::function<void(Assembler&)> emit;
  std::string text;  // Capstone's mnemonic and operands
};

TEST(Capstone, AsmdsListsTheNewInstructions) {
  const std::vector<Sample> samples = {
      {[](Assembler& a) { a.pshufb(xmm1, xmm9); }, "pshufb xmm1, xmm9"},
      {[](Assembler& a) { a.pcmpistri(xmm2, xmmword_ptr(rdi, 16), 0x0C); },
       "pcmpistri xmm2, xmmword ptr [rdi + 0x10], 0xc"},
      {[](Assembler& a) { a.crc32(rax, byte_ptr(rsi)); }, "crc32 rax, byte ptr [rsi]"},
      {[](Assembler& a) { a.vpaddd(ymm1, ymm2, ymm13); }, "vpaddd ymm1, ymm2, ymm13"},
      {[](Assembler& a) { a.vfmadd231pd(ymm0, ymm1, ymmword_ptr(rsi, rax, 8)); },
       "vfmadd231pd ymm0, ymm1, ymmword ptr [rsi + rax*8]"},
      {[](Assembler& a) { a.vpbroadcastb(ymm3, xmm4); }, "vpbroadcastb ymm3, xmm4"},
      {[](Assembler& a) { a.vinserti128(ymm1, ymm2, xmm3, 1); }, "vinserti128 ymm1, ymm2, xmm3, 1"},
      {[](Assembler& a) { a.vpgatherdd(ymm0, ptr(rdi, ymm1, 4), ymm2); },
       "vpgatherdd ymm0, dword ptr [rdi + ymm1*4], ymm2"},
      {[](Assembler& a) { a.vpermq(ymm5, ymm6, 0x1B); }, "vpermq ymm5, ymm6, 0x1b"},
      {[](Assembler& a) { a.vzeroupper(); }, "vzeroupper"},
      {[](Assembler& a) { a.pext(r8, r9, r10); }, "pext r8, r9, r10"},
      {[](Assembler& a) { a.andn(eax, ebx, dword_ptr(rcx)); }, "andn eax, ebx, dword ptr [rcx]"},
      {[](Assembler& a) { a.vcvtph2ps(ymm1, xmm2); }, "vcvtph2ps ymm1, xmm2"},
      {[](Assembler& a) {
         a.lock();
         a.xadd(qword_ptr(rdi), rax);
       },
       "lock xadd qword ptr [rdi], rax"},
      // AVX-512 (EVEX): Capstone 4 decodes these; it does not decode
      // vpternlog*, the EVEX vcmpps/pd or embedded rounding, and prints a GP
      // index as an xmm register when vvvv is 16-31 ([rsi + xmm0*8]), so the
      // sample keeps to the forms it shows right (docs/encoder.md).
      {[](Assembler& a) { a.vaddps(zmm1.k(k1).z(), zmm2, ptr(rax, 64).bcst()); },
       "vaddps zmm1 {k1} {z}, zmm2, dword ptr [rax + 0x40]{1to16}"},
      {[](Assembler& a) { a.vfmadd231pd(zmm0.k(k1), zmm1, ptr(rsi, rax, 8, 64)); },
       "vfmadd231pd zmm0 {k1}, zmm1, zmmword ptr [rsi + rax*8 + 0x40]"},
      {[](Assembler& a) { a.vpaddd(ymm17.k(k3), ymm2, ptr(rdi).bcst()); },
       "vpaddd ymm17 {k3}, ymm2, dword ptr [rdi]{1to8}"},
      {[](Assembler& a) { a.vmovdqu8(zmm1.k(k1).z(), ptr(rdi, 64)); },
       "vmovdqu8 zmm1 {k1} {z}, zmmword ptr [rdi + 0x40]"},
      {[](Assembler& a) { a.vpcompressd(ptr(rdi).k(k1), zmm2); }, "vpcompressd zmmword ptr [rdi] {k1}, zmm2"},
      {[](Assembler& a) { a.vpcmpeqd(k1.k(k2), zmm1, zmm2); }, "vpcmpeqd k1 {k2}, zmm1, zmm2"},
      {[](Assembler& a) { a.vpcmpud(k1, zmm1, zmm2, 2); }, "vpcmpleud k1, zmm1, zmm2"},
      {[](Assembler& a) { a.vinserti64x4(zmm1, zmm2, ymm3, 1); }, "vinserti64x4 zmm1, zmm2, ymm3, 1"},
      {[](Assembler& a) { a.kmovw(k1, eax); }, "kmovw k1, eax"},
      {[](Assembler& a) { a.kortestw(k1, k2); }, "kortestw k1, k2"},
      // Forms added later (issue 11 item 6) that Capstone 4 shows right; the
      // ones it does not decode or misprints are listed in docs/encoder.md.
      {[](Assembler& a) { a.vpgatherdd(zmm1.k(k1), ptr(rax, zmm2, 4)); },
       "vpgatherdd zmm1 {k1}, dword ptr [rax + zmm2*4]"},
      {[](Assembler& a) { a.kshiftlw(k1, k2, 5); }, "kshiftlw k1, k2, 5"},
      {[](Assembler& a) { a.kunpckbw(k1, k2, k3); }, "kunpckbw k1, k2, k3"},
      {[](Assembler& a) { a.vcvtdq2ps(zmm1, zmm2); }, "vcvtdq2ps zmm1, zmm2"},
      {[](Assembler& a) { a.vpmovqd(ymm1, zmm2); }, "vpmovqd ymm1, zmm2"},
      {[](Assembler& a) { a.vpmovzxbd(zmm1, xmm2); }, "vpmovzxbd zmm1, xmm2"},
      {[](Assembler& a) { a.vpermt2d(zmm1, zmm2, zmm3); }, "vpermt2d zmm1, zmm2, zmm3"},
      {[](Assembler& a) { a.vblendmps(zmm1.k(k1), zmm2, zmm3); }, "vblendmps zmm1 {k1}, zmm2, zmm3"},
      {[](Assembler& a) { a.vptestmd(k1, zmm2, zmm3); }, "vptestmd k1, zmm2, zmm3"},
      {[](Assembler& a) { a.vrndscaleps(zmm1, zmm2, 4); }, "vrndscaleps zmm1, zmm2, 4"},
      {[](Assembler& a) { a.vbroadcasti32x4(zmm1, ptr(rax)); }, "vbroadcasti32x4 zmm1, xmmword ptr [rax]"},
      {[](Assembler& a) { a.vinsertf32x8(zmm1, zmm2, ymm3, 1); }, "vinsertf32x8 zmm1, zmm2, ymm3, 1"},
      {[](Assembler& a) { a.vcvtss2usi(eax, xmm1); }, "vcvtss2usi eax, xmm1"},
      // AVX-512 scalar forms Capstone 4 shows right (docs/encoder.md lists those it does not).
      {[](Assembler& a) { a.vmovss(xmm17.k(k1), xmm2, xmm3); }, "vmovss xmm17 {k1}, xmm2, xmm3"},
      {[](Assembler& a) { a.vmovsd(qword_ptr(rax, 8).k(k1), xmm17); }, "vmovsd qword ptr [rax + 8] {k1}, xmm17"},
      {[](Assembler& a) { a.vucomiss(xmm17, xmm18); }, "vucomiss xmm17, xmm18"},
      {[](Assembler& a) { a.vrcp14sd(xmm17, xmm2, qword_ptr(rax, 8)); }, "vrcp14sd xmm17, xmm2, qword ptr [rax + 8]"},
      {[](Assembler& a) { a.vrndscaless(xmm1.k(k1), xmm2, xmm3, 5); }, "vrndscaless xmm1 {k1}, xmm2, xmm3, 5"},
      {[](Assembler& a) { a.vpbroadcastmw2d(zmm1, k1); }, "vpbroadcastmw2d zmm1, k1"},
      // the EVEX moves, inserts and extracts, CD, and the new VEX rows
      // that Capstone 4 shows right (the others: docs/encoder.md).
      {[](Assembler& a) { a.vmovq(xmm17, rax); }, "vmovq xmm17, rax"},
      {[](Assembler& a) { a.vmovd(eax, xmm17); }, "vmovd eax, xmm17"},
      {[](Assembler& a) { a.vmovq(qword_ptr(rax, 8), xmm17); }, "vmovq qword ptr [rax + 8], xmm17"},
      {[](Assembler& a) { a.vmovq(xmm17, xmm1); }, "vmovq xmm17, xmm1"},
      {[](Assembler& a) { a.vextractps(eax, xmm17, 1); }, "vextractps eax, xmm17, 1"},
      {[](Assembler& a) { a.vinsertps(xmm17, xmm1, dword_ptr(rax, 4), 1); },
       "vinsertps xmm17, xmm1, dword ptr [rax + 4], 1"},
      {[](Assembler& a) { a.vmovntdq(ptr(rax, 16), xmm17); }, "vmovntdq xmmword ptr [rax + 0x10], xmm17"},
      {[](Assembler& a) { a.vmovntdqa(zmm1, ptr(rax, 64)); }, "vmovntdqa zmm1, zmmword ptr [rax + 0x40]"},
      {[](Assembler& a) { a.vpconflictd(zmm1.k(k1).z(), ptr(rax).bcst()); },
       "vpconflictd zmm1 {k1} {z}, dword ptr [rax]{1to16}"},
      {[](Assembler& a) { a.vplzcntd(zmm1, zmm2); }, "vplzcntd zmm1, zmm2"},
      {[](Assembler& a) { a.vmovq(xmm1, xmm10); }, "vmovq xmm1, xmm10"},
      {[](Assembler& a) { a.vmovhpd(xmm1, xmm2, qword_ptr(rax)); }, "vmovhpd xmm1, xmm2, qword ptr [rax]"},
  };
  Assembler a;
  std::vector<size_t> starts;
  for (const Sample& s : samples) {
    starts.push_back(a.size());
    s.emit(a);
  }
  const std::vector<std::string> lines = ilusm::asmmod::disassemble(a.code());
  ASSERT_EQ(lines.size(), samples.size());
  for (size_t i = 0; i < samples.size(); ++i) {
    // "OFFSET  BYTES  TEXT": the offset, then the text at the end of the line.
    char offset[16];
    std::snprintf(offset, sizeof offset, "%04zx", starts[i]);
    EXPECT_EQ(lines[i].rfind(offset, 0), 0u) << lines[i];
    const std::string& t = samples[i].text;
    EXPECT_TRUE(lines[i].size() >= t.size() && lines[i].compare(lines[i].size() - t.size(), t.size(), t) == 0)
        << "got: " << lines[i] << "\nwanted: " << t;
  }
}

// of the narrowing conversions, vfpclass, vrange and vfixupimm,
// Capstone 4 decodes only the unmasked zmm-source conversions without a
// broadcast (checked by hand with cs_disasm); docs/encoder.md lists the rest.
TEST(Capstone, AsmdsListsZmmNarrowingConversions) {
  Assembler a;
  a.vcvtpd2dq(ymm1, zmmword_ptr(rax, 64));
  a.vcvttpd2udq(ymm1, zmm2);
  const std::vector<std::string> lines = ilusm::asmmod::disassemble(a.code());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "0000  62 f1 ff 48 e6 48 01           vcvtpd2dq ymm1, zmmword ptr [rax + 0x40]");
  EXPECT_EQ(lines[1], "0007  62 f1 fc 48 78 ca              vcvttpd2udq ymm1, zmm2");
}

}  // namespace
