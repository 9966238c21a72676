// The text front end (x86/text.hpp), three ways: every case of the llvm-mc
// differential corpus (cases.cpp: the typed API's bytes equal llvm-mc's there)
// assembled from its text gives the typed API's bytes; every instruction
// disassembled by Capstone (Intel syntax) and assembled again gives the same
// bytes; label programs equal llvm-mc's object code. Then the errors.
#include <capstone/capstone.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "cases.hpp"
#include "oracle.hpp"
#include "x86/text.hpp"

namespace {

using Bytes = std::vector<uint8_t>;

Bytes typed(const Case& c) {
  x86::Assembler a;
  c.emit(a);
  auto code = a.finalize();
  return {code.begin(), code.end()};
}

Bytes text(std::string_view t) {
  x86::Assembler a;
  x86::assemble_text(a, t);
  auto code = a.finalize();
  return {code.begin(), code.end()};
}

TEST(Text, EveryDifferentialCaseMatchesTheTypedApi) {
  size_t checked = 0, mismatches = 0;
  std::string all;
  Bytes all_bytes;
  for (const Case& c : all_cases()) {
    Bytes want = typed(c);
    Bytes got;
    try {
      got = text(c.text);
    } catch (const x86::Error& e) {
      if (++mismatches <= 30) ADD_FAILURE() << c.text << ": " << e.what();
      continue;
    }
    if (got != want && ++mismatches <= 30)
      ADD_FAILURE() << c.text << "\n  text:  " << oracle::hex(got) << "\n  typed: " << oracle::hex(want);
    all += c.text + "\n";
    all_bytes.insert(all_bytes.end(), want.begin(), want.end());
    ++checked;
  }
  EXPECT_EQ(mismatches, 0u);
  // The whole corpus as one text gives the concatenation.
  EXPECT_EQ(text(all), all_bytes);
  std::printf("text: %zu corpus instructions equal the typed API's bytes (and thus llvm-mc's)\n", checked);
}

// Capstone's Intel text of each corpus instruction assembles to the same bytes.
TEST(Text, CapstoneIntelTextRoundTrips) {
  csh cs;
  ASSERT_EQ(cs_open(CS_ARCH_X86, CS_MODE_64, &cs), CS_ERR_OK);
  size_t checked = 0, mismatches = 0, skipped = 0, ambiguous = 0, negative_absolute = 0, swapped = 0,
         misprinted_size = 0, suffixed = 0, evex = 0;
  for (const Case& c : all_cases()) {
    Bytes want = typed(c);
    // Capstone 4 misreads EVEX memory operands (`[rsp]` comes out as
    // `[rsp + xmm4]`), leaves out embedded rounding and does not decode some
    // AVX-512 forms: the EVEX corpus is checked as llvm-mc's text above and
    // by the objdump round trip (oracle tests) instead.
    if (!want.empty() && want[0] == 0x62) {
      ++evex;
      continue;
    }
    cs_insn* insn = nullptr;
    size_t n = cs_disasm(cs, want.data(), want.size(), 0, 0, &insn);
    if (n != 1 || insn[0].size != want.size()) {
      ++skipped;  // Capstone 4 does not know some newer instructions
      if (n) cs_free(insn, n);
      continue;
    }
    std::string line = std::string(insn[0].mnemonic) + " " + insn[0].op_str;
    cs_free(insn, n);
    // Capstone 4 prints a negative absolute address ([-1], [-2147483648]) as
    // an unsigned number cut to the operand size ([0xffffffff], [0x0]).
    if (c.text.find("[-") != std::string::npos) {
      ++negative_absolute;
      continue;
    }
    Bytes got;
    try {
      got = text(line);
    } catch (const x86::Error& e) {
      // Capstone 4 prints the m64/m32 operand of comisd/comiss as xmmword and
      // a gather's as its element (dword ptr [rdx + xmm5*4]): without the size
      // keyword the form's own size applies.
      std::string unsized = line;
      size_t ptr = unsized.find(" ptr ");
      size_t kw = ptr == std::string::npos ? ptr : unsized.rfind(' ', ptr - 1);
      bool retried = false;
      if (kw != std::string::npos && std::string(e.what()).find("memory operand size") != std::string::npos) {
        unsized.erase(kw + 1, ptr + 5 - (kw + 1));
        try {
          got = text(unsized);
          retried = true;
          ++misprinted_size;
        } catch (const x86::Error&) {}
      }
      // Capstone writes AT&T's x/y size suffix into some Intel mnemonics
      // (vcvtpd2psx); llvm-mc rejects those too. Without it:
      const size_t space = line.find(' ');
      if (!retried && std::string(e.what()).find("unknown mnemonic") != std::string::npos && space > 1 &&
          (line[space - 1] == 'x' || line[space - 1] == 'y')) {
        try {
          got = text(line.substr(0, space - 1) + line.substr(space));
          retried = true;
          ++suffixed;
        } catch (const x86::Error&) {}
      }
      if (!retried) {
        if (++mismatches <= 30) ADD_FAILURE() << c.text << " -> capstone: " << line << ": " << e.what();
        continue;
      }
    }
    ++checked;
    if (got == want) continue;
    // Capstone prints some encodings the same as the canonical one (an index
    // of scale 1 without a base, `[1*rax + 1]`, reads `[rax + 1]`): the text
    // then names the canonical bytes. Such a pair must disassemble alike.
    n = cs_disasm(cs, got.data(), got.size(), 0, 0, &insn);
    std::string again = n == 1 ? std::string(insn[0].mnemonic) + " " + insn[0].op_str : "";
    if (n) cs_free(insn, n);
    if (again == line) {
      ++ambiguous;
      continue;
    }
    // xchg of two registers: Capstone names them in the other order, which is
    // the same instruction; that text gives these bytes.
    if (line.rfind("xchg ", 0) == 0) {
      size_t comma = line.find(", ");
      if (comma != std::string::npos &&
          text("xchg " + line.substr(comma + 2) + ", " + line.substr(5, comma - 5)) == want) {
        ++swapped;
        continue;
      }
    }
    if (++mismatches <= 30)
      ADD_FAILURE() << c.text << " -> capstone: " << line << "\n  text: " << oracle::hex(got)
                    << "\n  want: " << oracle::hex(want);
  }
  cs_close(&cs);
  EXPECT_EQ(mismatches, 0u);
  EXPECT_LT(skipped, checked / 20 + 1) << "too many instructions Capstone could not decode";
  std::printf(
      "text: %zu instructions round-tripped through Capstone's Intel text: %zu same bytes, %zu "
      "non-canonical encodings Capstone prints like the canonical one, %zu xchg with the registers "
      "swapped, %zu with a memory size Capstone writes otherwise (comisd/comiss, gathers), %zu with Capstone's "
      "x/y mnemonic suffix, %zu not decoded, %zu negative absolute addresses Capstone misprints; %zu EVEX "
      "encodings left to llvm-mc and objdump\n",
      checked, checked - ambiguous - swapped - mismatches, ambiguous, swapped, misprinted_size, suffixed, skipped,
      negative_absolute, evex);
}

// llvm-mc's .text for a program with labels (object file, objcopy -O binary).
Bytes llvm_mc_object(const std::string& program) {
  const auto mc = oracle::tool("LLVM_MC"), objcopy = oracle::tool("OBJCOPY");
  if (!mc || !objcopy) return {};
  const std::string src = "/tmp/x86-text-test.s", obj = "/tmp/x86-text-test.o", bin = "/tmp/x86-text-test.bin";
  std::ofstream(src) << ".intel_syntax noprefix\n" << program << "\n";
  std::string cmd = "'" + *mc + "' -triple=x86_64 -filetype=obj -o " + obj + " " + src + " && '" + *objcopy +
                    "' -O binary -j .text " + obj + " " + bin;
  if (std::system(cmd.c_str()) != 0) return {0xFF};
  std::ifstream in(bin, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

const char* const kLabelPrograms[] = {
    "top: add rax, 1\ncmp rax, 100\njl top\nret",
    "jmp done\nmov rax, 1\ndone: ret",
    "xor eax, eax\n1: inc rax; cmp rax, rdi; jne 1b\njmp 2f\nnop\n2: ret",
    "call f\nret\nf: lea rax, [rip + data]\nret\ndata: .quad 0x1122334455667788, -1",
    "start:\n  mov rcx, rdi\n  test rcx, rcx\n  je .Lend\n.Lloop:\n  dec rcx\n  jne .Lloop\n.Lend:\n  ret",
    "jmp far\n.byte 1, 2, 3\n.fill_here:\nfar: ret",
    ".p2align 4\nnop\n.p2align 4\nmov eax, 1\n.align 8\nret\n.p2align 5\n.short 0x1234, -2\n.long 7\n",
};

TEST(Text, LabelProgramsMatchLlvmMcObjects) {
  if (!oracle::tool("LLVM_MC") || !oracle::tool("OBJCOPY")) GTEST_SKIP() << "LLVM_MC/OBJCOPY not set";
  for (const char* p : kLabelPrograms) {
    std::string program = p;
    if (size_t at = program.find(".fill_here:\n"); at != std::string::npos) {
      std::string filler;
      for (int i = 0; i < 40; ++i) filler += "add rax, rbx\n";  // > 127 bytes: jmp rel32
      program.replace(at, 12, filler);
    }
    EXPECT_EQ(text(program), llvm_mc_object(program)) << program;
  }
}

// Labels shared with C++ and across calls through TextLabels.
TEST(Text, LabelsAreSharedWithCppAndLaterTexts) {
  x86::Assembler a;
  x86::TextLabels names;
  x86::Label exit = a.new_label();
  names.add("exit", exit);
  x86::assemble_text(a, "loop: dec rdi\njz exit\njmp loop", names);
  EXPECT_TRUE(names.find("loop")->bound);
  EXPECT_TRUE(names.find("exit")->referenced);
  a.bind(exit);
  x86::assemble_text(a, "mov eax, 1; jmp end", names);
  EXPECT_FALSE(names.find("end")->bound);
  x86::assemble_text(a, "end: ret", names);
  auto code = a.finalize();
  EXPECT_EQ(Bytes(code.begin(), code.end()),
            text("loop: dec rdi\njz exit\njmp loop\nexit: mov eax, 1; jmp end\nend: ret"));
}

// Error text and position; the assembler is unchanged afterwards.
struct BadText {
  const char* text;
  const char* what;  // the expected what(), "LINE:COL: message: `line`"
};

const BadText kBad[] = {
    {"mov rxx, 1", "1:5: unknown register 'rxx': `mov rxx, 1`"},
    {"nop\n  addsd xmm0, ymm1", "2:15: operand 2: expected xmm or m64, got ymm 'ymm1': `  addsd xmm0, ymm1`"},
    {"add al, 300", "1:1: add: immediate 300 does not fit 8 bits: `add al, 300`"},
    {"mvo rax, rbx", "1:1: unknown mnemonic 'mvo': `mvo rax, rbx`"},
    {"ret; ret 1, 2", "1:6: 'ret' takes 0 or 1 operands, got 2: `ret; ret 1, 2`"},
    {"mov rax, qword [rdi]", "1:16: expected 'ptr' after 'qword': `mov rax, qword [rdi]`"},
    {"mov rax, [rdi + 3*rsi]", "1:10: scale 3 is not 1, 2, 4 or 8: `mov rax, [rdi + 3*rsi]`"},
    {"mov rax, [rdi + 8", "1:18: expected ']' to close the memory operand: `mov rax, [rdi + 8`"},
    {"jmp nowhere", "1:5: label 'nowhere' is used but never defined: `jmp nowhere`"},
    {"a: nop\na: nop", "2:1: label 'a' is defined twice: `a: nop`"},
    {"jmp 1b", "1:5: local label 1b has no earlier '1:': `jmp 1b`"},
    {"jne 2f\nret", "1:5: local label 2f has no later '2:': `jne 2f`"},
    {".byte 256", "1:7: value 256 does not fit 1 byte: `.byte 256`"},
    {"mov eax, 1 / 0", "1:12: division by zero: `mov eax, 1 / 0`"},
    {"mov eax, 99999999999999999999",
     "1:10: number '99999999999999999999' does not fit 64 bits: `mov eax, 99999999999999999999`"},
    {"jmp x\nx: .p2align 4",
     "2:4: align after a jump or call to a label: the jump sizes are settled later, so the padding is not known (put "
     "align before the first label jump): `x: .p2align 4`"},
    {"add rax, rbx extra", "1:14: expected the end of the statement, got 'extra': `add rax, rbx extra`"},
    // AVX-512 decorations.
    {"vaddps zmm1 {k0}, zmm2, zmm3",
     "1:1: vaddps: operand 1: k0 cannot be a write mask (k1-k7 can; no {k} means no masking): `vaddps zmm1 {k0}, zmm2, "
     "zmm3`"},
    {"vpaddd ymm1 {k1}, ymm2, ymm3 {k2}",
     "1:25: operand 3: 'vpaddd' takes no write mask {k}/{z} there: `vpaddd ymm1 {k1}, ymm2, ymm3 {k2}`"},
    {"vaddps zmm1 {k1} {k2}, zmm2, zmm3", "1:18: two write masks on one operand: `vaddps zmm1 {k1} {k2}, zmm2, zmm3`"},
    {"vaddps zmm1 {q}, zmm2, zmm3", "1:13: unknown decoration '{q}' after 'zmm1': `vaddps zmm1 {q}, zmm2, zmm3`"},
    {"vaddps zmm1 {k1, zmm2, zmm3", "1:13: expected '}' to close the decoration: `vaddps zmm1 {k1, zmm2, zmm3`"},
    {"vaddps zmm1, zmm2, zmm3, {rq-sae}",
     "1:26: expected {rn-sae}, {rd-sae}, {ru-sae}, {rz-sae} or {sae}: `vaddps zmm1, zmm2, zmm3, {rq-sae}`"},
    {"vaddpd zmm1, zmm2, qword ptr [rax]{1to16}",
     "1:20: operand 3: {1to16} does not match this form, which broadcasts {1to8}: `vaddpd zmm1, zmm2, qword ptr "
     "[rax]{1to16}`"},
    {"vmovups zmm1, zmm2 {1to16}", "1:20: unknown decoration '{1to16}' after 'zmm2': `vmovups zmm1, zmm2 {1to16}`"},
};

TEST(Text, ErrorsNameLineColumnAndAppendNothing) {
  for (const BadText& b : kBad) {
    x86::Assembler a;
    x86::TextLabels names;
    x86::assemble_text(a, "mov eax, 1", names);
    try {
      x86::assemble_text(a, b.text);
      ADD_FAILURE() << b.text << ": no error";
    } catch (const x86::TextError& e) { EXPECT_STREQ(e.what(), b.what) << b.text; }
    EXPECT_EQ(a.size(), 5u) << b.text;
    // With shared names too (where a name used but not defined is fine: C++
    // or a later text may bind it).
    try {
      x86::assemble_text(a, std::string("ok: nop\n") + b.text, names);
      EXPECT_NE(names.find("ok"), nullptr) << b.text;
    } catch (const x86::Error&) {
      EXPECT_EQ(names.find("ok"), nullptr) << b.text;
      EXPECT_EQ(a.size(), 5u) << b.text;
    }
  }
}

TEST(Text, ExpressionsAndSpellings) {
  EXPECT_EQ(text("mov rax, qword ptr [rdi + 8*rsi - 16]"), text("mov rax, qword ptr [rsi*8 + rdi - 0x10]"));
  EXPECT_EQ(text("mov eax, (1 << 4) | 3"), text("mov eax, 19"));
  EXPECT_EQ(text("MOV RAX, QWORD PTR [RDI]"), text("mov rax, qword ptr [rdi]"));
  EXPECT_EQ(text("mov eax, 'A'"), text("mov eax, 65"));
  EXPECT_EQ(text("mov eax, -0x10 + 2*3 - ~0"), text("mov eax, -9"));
  EXPECT_EQ(text("add rax, 0b101 # five\n# only a comment\n\n"), text("add rax, 5"));
  EXPECT_EQ(text("db 1, 2; dw 3; dd 4; dq 5"), text(".byte 1, 2; .short 3; .long 4; .quad 5"));
  EXPECT_EQ(text("mov rax, [rsp + rax]"), text("mov rax, [rax + rsp]"));
  // AVX-512 spellings: decorations with or without spaces, any case; the
  // typed API's bytes.
  x86::Assembler a;
  a.vaddps(x86::zmm1.k(x86::k1).z(), x86::zmm2, x86::ptr(x86::rax, 64).bcst());
  a.vaddps(x86::zmm1, x86::zmm2, x86::zmm3, x86::rz_sae);
  a.vpcmpud(x86::k1.k(x86::k2), x86::zmm1, x86::zmm2, 1);
  const Bytes typed_bytes(a.code().begin(), a.code().end());
  EXPECT_EQ(text("vaddps zmm1{k1}{z}, zmm2, [rax + 64]{1to16}\nVADDPS ZMM1, ZMM2, ZMM3, {RZ-SAE}\n"
                 "vpcmpltud k1 {k2}, zmm1, zmm2"),
            typed_bytes);
}

}  // namespace
