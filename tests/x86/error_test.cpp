// Every error class throws x86::Error with a message saying what was wrong,
// and leaves the buffer exactly as it was.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <vector>

#include "bytes.hpp"
#include "x86/text.hpp"
#include "x86/x86.hpp"

using namespace x86;

namespace {

void expect_error(const std::function<void(Assembler&)>& emit, const std::string& needle) {
  Assembler a;
  a.mov(rax, rcx);  // something already in the buffer
  Label l = a.new_label("x");
  a.bind(l);
  const std::vector<uint8_t> before(a.code().begin(), a.code().end());
  try {
    emit(a);
    ADD_FAILURE() << "no error; wanted one mentioning '" << needle << "'";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos)
        << "message '" << e.what() << "' does not mention '" << needle << "'";
  }
  EXPECT_EQ(std::vector<uint8_t>(a.code().begin(), a.code().end()), before);
  EXPECT_FALSE(a.has_pending_labels());
}

TEST(Errors, HighByteRegistersWithRex) {
  expect_error([](Assembler& a) { a.mov(ah, sil); }, "mov: ah/ch/dh/bh cannot be encoded");
  expect_error([](Assembler& a) { a.add(ch, r8b); }, "add: ah/ch/dh/bh");
  expect_error([](Assembler& a) { a.mov(dh, byte_ptr(r9)); }, "mov: ah/ch/dh/bh");
  expect_error([](Assembler& a) { a.mov(byte_ptr(rax, r12, 1), bh); }, "ah/ch/dh/bh");
  expect_error([](Assembler& a) { a.movzx(rax, ah); }, "movzx: ah/ch/dh/bh");
  expect_error([](Assembler& a) { a.test(ah, dil); }, "test: ah/ch/dh/bh");
}

TEST(Errors, ImmediatesOutOfRange) {
  expect_error([](Assembler& a) { a.add(rax, int64_t{1} << 31); }, "add: immediate 2147483648 does not fit");
  expect_error([](Assembler& a) { a.cmp(qword_ptr(rax), -(int64_t{1} << 31) - 1); }, "cmp: immediate");
  expect_error([](Assembler& a) { a.mov(eax, int64_t{1} << 32); }, "mov: immediate 4294967296 does not fit 32 bits");
  expect_error([](Assembler& a) { a.mov(ax, 65536); }, "does not fit 16 bits");
  expect_error([](Assembler& a) { a.add(al, 256); }, "does not fit 8 bits");
  expect_error([](Assembler& a) { a.and_(cl, -129); }, "does not fit 8 bits");
  expect_error([](Assembler& a) { a.mov_imm32_sx(rax, 0x80000000); }, "mov_imm32_sx: immediate");
  expect_error([](Assembler& a) { a.shl(rax, 256); }, "shl: shift count 256");
  expect_error([](Assembler& a) { a.sar(rax, -1); }, "sar: shift count -1");
  expect_error([](Assembler& a) { a.bt(rax, 300); }, "bt: bit index 300");
  expect_error([](Assembler& a) { a.ret(65536); }, "ret: immediate 65536");
  expect_error([](Assembler& a) { a.push(int64_t{1} << 40); }, "push: immediate");
  expect_error([](Assembler& a) { a.imul(rax, rcx, int64_t{1} << 33); }, "imul: immediate");
  expect_error([](Assembler& a) { a.test(rax, int64_t{-1} << 35); }, "test: immediate");
  expect_error([](Assembler& a) { a.nop(10); }, "nop: length must be 1..9");
}

TEST(Errors, DisplacementsOutOfRange) {
  expect_error([](Assembler& a) { a.mov(rax, qword_ptr(rbx, int64_t{1} << 31)); },
               "mov: displacement 2147483648 does not fit");
  expect_error([](Assembler& a) { a.lea(rax, ptr(rbx, rcx, 4, -(int64_t{1} << 31) - 1)); }, "lea: displacement");
  expect_error([](Assembler& a) { a.jmp(qword_ptr_abs(int64_t{1} << 32)); }, "jmp: displacement");
  expect_error([](Assembler& a) { a.movsd(xmm0, ptr_rip(int64_t{1} << 40)); }, "movsd: displacement");
}

TEST(Errors, InvalidOperandCombinations) {
  expect_error([](Assembler& a) { a.mov(rax, ecx); }, "mov: operands must have the same size");
  expect_error([](Assembler& a) { a.add(qword_ptr(rax), ecx); },
               "add: memory operand size 64 bits does not match 32 bits");
  expect_error([](Assembler& a) { a.inc(ptr(rax)); }, "inc: memory operand needs a size");
  expect_error([](Assembler& a) { a.mov(ptr(rax), 1); }, "mov: memory operand needs a size");
  expect_error([](Assembler& a) { a.push(eax); }, "push: operand size 32 bits is not allowed (64 bits)");
  expect_error([](Assembler& a) { a.pop(dword_ptr(rax)); }, "pop: memory operand size");
  expect_error([](Assembler& a) { a.setcc(Cond::E, eax); }, "setcc: operand size 32 bits");
  expect_error([](Assembler& a) { a.movzx(eax, ebx); }, "movzx: operand size 32 bits");
  expect_error([](Assembler& a) { a.movzx(ax, bx); }, "movzx: the destination must be wider");
  expect_error([](Assembler& a) { a.movsxd(eax, ecx); }, "movsxd: operand size 32 bits");
  expect_error([](Assembler& a) { a.shl(rax, rdx); }, "shl: a register shift count must be cl");
  expect_error([](Assembler& a) { a.imul(al, bl); }, "imul: operand size 8 bits");
  expect_error([](Assembler& a) { a.cmovcc(Cond::E, al, bl); }, "cmovcc: operand size 8 bits");
  expect_error([](Assembler& a) { a.popcnt(eax, rbx); }, "popcnt: operands must have the same size");
  expect_error([](Assembler& a) { a.lea(al, ptr(rax)); }, "lea: operand size 8 bits");
  expect_error([](Assembler& a) { a.mov(rax, ptr(rbx, rsp, 2)); }, "mov: rsp cannot be an index register");
  expect_error([](Assembler& a) { a.mov(rax, ptr(rbx, rcx, 3)); }, "mov: scale must be 1, 2, 4 or 8, not 3");
  expect_error([](Assembler& a) { a.mov(rax, ptr(ebx)); }, "mov: a base register must be 64-bit");
  expect_error([](Assembler& a) { a.mov(rax, ptr(rbx, ecx)); }, "mov: an index register must be 64-bit");
  expect_error([](Assembler& a) { a.call(ecx); }, "call: operand size 32 bits");
  expect_error([](Assembler& a) { a.jmp(dword_ptr(rax)); }, "jmp: memory operand size");
  expect_error([](Assembler& a) { a.cvtsi2sd(xmm0, ax); }, "cvtsi2sd: operand size 16 bits");
  expect_error([](Assembler& a) { a.cvtsi2sd(xmm0, ptr(rax)); }, "cvtsi2sd: memory operand needs a size");
  expect_error([](Assembler& a) { a.cvttsd2si(ax, xmm1); }, "cvttsd2si: operand size 16 bits");
  expect_error([](Assembler& a) { a.movq(eax, xmm1); }, "movq: operand size 32 bits");
  expect_error([](Assembler& a) { a.movd(rax, xmm1); }, "movd: operand size 64 bits");
  expect_error([](Assembler& a) { a.addsd(xmm0, dword_ptr(rax)); },
               "addsd: memory operand size 32 bits does not match 64");
  expect_error([](Assembler& a) { a.modrm(0x01, rax, ecx); }, "modrm: operands must have the same size");
  expect_error([](Assembler& a) { a.movabs(eax, 1); }, "movabs: operand size 32 bits");
  expect_error([](Assembler& a) { a.alu(AluOp::Sub, rax, ecx); }, "sub: operands must have the same size");
  expect_error([](Assembler& a) { a.alu(AluOp::Test, ah, r8b); }, "test: ah/ch/dh/bh");
  expect_error([](Assembler& a) { a.alu(static_cast<AluOp>(10), rax, rcx); }, "alu: op 10 is not an x86::AluOp");
  expect_error([](Assembler& a) { a.alu(static_cast<AluOp>(255), rax, rcx); }, "alu: op 255");
}

TEST(Errors, Labels) {
  expect_error([](Assembler& a) { a.jmp(Label{99}); }, "jmp: label #99 does not belong to this assembler");
  expect_error([](Assembler& a) { a.call(Label{7}); }, "call: label #7");
  expect_error([](Assembler& a) { a.mov(rax, qword_ptr(Label{5})); }, "mov: label #5");
  expect_error([](Assembler& a) { a.bind(Label{0}); }, "bind: label 'x' is already bound");
  expect_error([](Assembler& a) { a.lea(rax, Label{3}); }, "lea: label #3");
}

TEST(Errors, UnboundLabelAtFinalizeIsNamedAndNothingChanges) {
  Assembler a;
  Label l = a.new_label("missing_target");
  a.mov(rax, rcx);
  a.jmp(l);
  a.ret();
  const std::vector<uint8_t> before(a.code().begin(), a.code().end());
  try {
    a.finalize();
    ADD_FAILURE() << "finalize accepted an unbound label";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("unbound label 'missing_target'"), std::string::npos) << e.what();
  }
  EXPECT_EQ(std::vector<uint8_t>(a.code().begin(), a.code().end()), before);
  // Binding it afterwards makes the code finalisable.
  a.bind(l);
  const auto code = a.finalize();
  EXPECT_EQ(std::vector<uint8_t>(code.begin(), code.end()), (std::vector<uint8_t>{0x48, 0x89, 0xC8, 0xEB, 0x01, 0xC3}));

  Assembler b;
  Label anon = b.new_label();
  b.call(anon);
  try {
    b.finalize();
    ADD_FAILURE() << "finalize accepted an unbound label";
  } catch (const Error& e) { EXPECT_NE(std::string(e.what()).find("unbound label #0"), std::string::npos) << e.what(); }
}

}  // namespace

namespace {

// Issue 14 item 9: impossible operands are errors in every build, and nothing
// is emitted (the fast paths hand them to the general encoders).
TEST(Errors, ImpossibleOperandsAreRejected) {
  const char* reg = "is not a register this encoding can express";
  expect_error([](Assembler& a) { a.add(Gp{16, 8}, rax); }, reg);
  expect_error([](Assembler& a) { a.add(rax, Gp{31, 8}); }, reg);
  expect_error([](Assembler& a) { a.mov(Gp{0, 3}, Gp{1, 3}); }, reg);
  expect_error([](Assembler& a) { a.mov(rax, Gp{1, 8, true}); }, reg);
  expect_error([](Assembler& a) { a.alu(AluOp::Xor, Gp{200, 8}, rcx); }, reg);
  expect_error([](Assembler& a) { a.mov(Gp{17, 8}, 5); }, reg);
  expect_error([](Assembler& a) { a.mov(Gp{17, 8}, -5); }, reg);
  expect_error([](Assembler& a) { a.mov_imm32_sx(Gp{17, 8}, 5); }, reg);
  expect_error([](Assembler& a) { a.add(Gp{17, 8}, 5); }, reg);
  expect_error([](Assembler& a) { a.push(Gp{20, 8}); }, reg);
  expect_error([](Assembler& a) { a.pop(Gp{20, 8}); }, reg);
  expect_error([](Assembler& a) { a.mov(Gp{18, 8}, ptr(rax)); }, reg);
  expect_error([](Assembler& a) { a.lea(Gp{18, 8}, ptr(rax)); }, reg);
  expect_error([](Assembler& a) { a.add(ptr(rax), Gp{18, 8}); }, reg);
  expect_error([](Assembler& a) { a.inc(Gp{7, 5}); }, "inc: operand size 40 bits is not allowed");
  expect_error([](Assembler& a) { a.movsd(Xmm{16}, xmm1); }, "xmm16-31 need EVEX");
  expect_error([](Assembler& a) { a.addsd(xmm1, Xmm{31}); }, "xmm16-31 need EVEX");
  expect_error([](Assembler& a) { a.mov(rax, ptr(Gp{16, 8}, 8)); }, "a base register must be 64-bit");
  expect_error([](Assembler& a) { a.mov(rax, ptr(rbx, Gp{16, 8}, 2)); }, "an index register must be 64-bit");
  // Operand sizes outside 1/2/4/8.
  expect_error([](Assembler& a) { a.add(ptr(rax).sized(3), 1); }, "operand size 24 bits is not allowed");
  expect_error([](Assembler& a) { a.inc(ptr(rax).sized(16)); }, "operand size 128 bits is not allowed");
  // Conditions outside 0..15.
  expect_error([](Assembler& a) { a.jcc(static_cast<Cond>(16), a.new_label()); },
               "jcc: condition 16 is not an x86::Cond");
  expect_error([](Assembler& a) { a.setcc(static_cast<Cond>(200), al); }, "setcc: condition 200");
  expect_error([](Assembler& a) { a.cmovcc(static_cast<Cond>(17), rax, rcx); }, "cmovcc: condition 17");
  expect_error([](Assembler& a) { a.cmovcc(static_cast<Cond>(17), rax, ptr(rcx)); }, "cmovcc: condition 17");
  // A memory kind outside MemKind, and a scale without an index (fast path and general).
  Mem bad_kind = ptr(rax);
  bad_kind.kind = static_cast<MemKind>(9);
  expect_error([&](Assembler& a) { a.mov(rcx, bad_kind); }, "memory operand kind 9 is not an x86::MemKind");
  expect_error([&](Assembler& a) { a.addsd(xmm0, bad_kind); }, "memory operand kind 9");
  Mem bad_scale = ptr(rax, 8);
  bad_scale.scale = 3;
  expect_error([&](Assembler& a) { a.mov(rcx, bad_scale); }, "scale must be 1, 2, 4 or 8, not 3");
  expect_error([&](Assembler& a) { a.add(bad_scale, rcx); }, "scale must be 1, 2, 4 or 8, not 3");
  expect_error([&](Assembler& a) { a.lea(rcx, bad_scale); }, "scale must be 1, 2, 4 or 8, not 3");
  expect_error([&](Assembler& a) { a.mov(ecx, bad_scale); }, "scale must be 1, 2, 4 or 8, not 3");
}

}  // namespace

namespace {

const Form& form_of(const char* mnemonic, std::initializer_list<OpType> types) {
  for (const Form* f : forms_of(mnemonic))
    if (std::equal(types.begin(), types.end(), f->ops) && types.size() == f->arity) return *f;
  throw std::runtime_error(std::string("no form ") + mnemonic);
}

// Vector forms: a register of the wrong type (through the run-time path; the
// typed methods do not compile with one), xmm16+ without EVEX, memory of the
// wrong size, VSIB misuse, and the forms' own rules.
TEST(Errors, InvalidVectorCombinations) {
  expect_error(
      [](Assembler& a) {
        emit(a, form_of("addps", {OpType::Xmm, OpType::Xmm}), {xmm1, ymm2});
      },
      "addps: operand 2 is ymm, this form takes xmm");
  expect_error(
      [](Assembler& a) {
        emit(a, form_of("vpaddd", {OpType::Ymm, OpType::Ymm, OpType::Ymm}), {ymm1, ymm2, xmm3});
      },
      "vpaddd: operand 3 is xmm, this form takes ymm");
  expect_error(
      [](Assembler& a) {
        emit(a, form_of("vpaddd", {OpType::Xmm, OpType::Xmm, OpType::Xmm}), {xmm1, xmm2});
      },
      "vpaddd: this form takes 3 operands, not 2");
  // Forms without an EVEX twin in the list (vpaddsb is AVX-512BW, not listed;
  // vmovdqa has none: EVEX spells it vmovdqa32/64).
  expect_error([](Assembler& a) { a.vpsignb(ymm16, ymm1, ymm2); }, "xmm16-31 need EVEX");
  expect_error([](Assembler& a) { a.vmovdqa(xmm1, xmm20); }, "xmm16-31 need EVEX");
  expect_error([](Assembler& a) { a.vaddps(xmm1, Xmm{40}, xmm2); }, "xmm16-31 need EVEX");
  expect_error([](Assembler& a) { a.paddd(xmm1, Xmm{16}); }, "xmm16-31 need EVEX");
  expect_error([](Assembler& a) { a.vpaddd(xmm1, xmm2, ymmword_ptr(rax)); },
               "vpaddd: memory operand size 256 bits does not match 128 bits");
  expect_error([](Assembler& a) { a.vpsrld(ymm1, ymm2, 256); }, "vpsrld: immediate 256 does not fit 8 bits");
  expect_error([](Assembler& a) { a.blendvps(xmm1, xmm2, xmm3); }, "blendvps: the mask operand must be xmm0");
  expect_error([](Assembler& a) { a.andn(eax, ebx, rcx); }, "andn: operands must have the same size");
  expect_error([](Assembler& a) { a.andn(ax, bx, cx); }, "andn: operand size 16 bits is not allowed");
  expect_error([](Assembler& a) { a.vpmovmskb(rax, ymm1); }, "vpmovmskb: operand size 64 bits is not allowed");
  expect_error([](Assembler& a) { a.vgatherdps(xmm1, ptr(rax, xmm1, 4), xmm2); },
               "vgatherdps: destination, index and mask must be three different registers");
  expect_error([](Assembler& a) { a.vgatherdps(xmm1, ptr(rax, ymm2, 4), xmm3); },
               "vgatherdps: the index must be an xmm register");
  expect_error([](Assembler& a) { a.vgatherdps(xmm1, ptr(rax, rcx, 4), xmm3); },
               "vgatherdps: the memory operand needs a vector index");
  expect_error([](Assembler& a) { a.vpaddd(xmm1, xmm2, ptr(rax, xmm3, 4)); },
               "vpaddd: a vector index (VSIB) is only for gathers");
  expect_error([](Assembler& a) { a.addps(xmm1, ptr(rax, xmm3, 4)); },
               "addps: a vector index (VSIB) is only for gathers");
  expect_error([](Assembler& a) { a.crc32(eax, rbx); }, "crc32: a 64-bit source needs a 64-bit destination");
  expect_error([](Assembler& a) { a.pextrd(rax, xmm1, 1); }, "pextrd: operand size 64 bits is not allowed");
  // vcvtpd2ps/dq, vcvttpd2dq from memory: the size says 128 or 256 bits (llvm-mc: "ambiguous operand size").
  expect_error([](Assembler& a) { a.vcvtpd2ps(xmm1, ptr(rax)); }, "vcvtpd2ps: the memory operand needs its size");
  expect_error([](Assembler& a) { a.vcvttpd2dq(xmm1, zmmword_ptr(rax)); },
               "vcvttpd2dq: the memory operand needs its size");
  expect_error([](Assembler& a) { a.vcvtsi2sd(xmm1, xmm2, ptr(rax)); }, "vcvtsi2sd: memory operand needs a size");
  expect_error([](Assembler& a) { a.vcvtsi2ss(xmm1, xmm2, word_ptr(rax)); },
               "vcvtsi2ss: operand size 16 bits is not allowed");
  expect_error([](Assembler& a) { a.vpextrd(rax, xmm1, 1); }, "vpextrd: operand size 64 bits is not allowed");
  expect_error([](Assembler& a) { a.vpinsrq(xmm1, xmm2, eax, 1); }, "vpinsrq: operand size 32 bits is not allowed");
}

// AVX-512 (EVEX): each decoration where it cannot go, with the operand named.
TEST(Errors, EvexDecorations) {
  expect_error([](Assembler& a) { a.vaddps(zmm1.k(k0), zmm2, zmm3); }, "vaddps: operand 1: k0 cannot be a write mask");
  expect_error([](Assembler& a) { a.vpcmpeqd(k1.k(k0), zmm2, zmm3); },
               "vpcmpeqd: operand 1: k0 cannot be a write mask");
  expect_error([](Assembler& a) { a.vmovups(ptr(rax).k(k0), zmm1); }, "vmovups: operand 1: k0 cannot be a write mask");
  expect_error([](Assembler& a) { a.vaddps(ZmmK(zmm1).z(), zmm2, zmm3); }, "vaddps: operand 1: {z} needs a write mask");
  expect_error([](Assembler& a) { a.vmovups(ptr(rax).k(k1).z(), zmm1); },
               "vmovups: operand 1: zeroing-masking {z} is not allowed with a memory destination");
  expect_error([](Assembler& a) { a.vextracti32x4(ptr(rax).k(k2).z(), zmm1, 1); },
               "vextracti32x4: operand 1: zeroing-masking {z} is not allowed with a memory destination");
  expect_error([](Assembler& a) { a.vpcmpeqd(k1.k(k2).z(), zmm2, zmm3); },
               "vpcmpeqd: operand 1: this form takes no zeroing-masking {z}");
  expect_error([](Assembler& a) { a.vaddps(zmm1, zmm2, qword_ptr(rax).bcst()); },
               "vaddps: broadcast element size 64 bits does not match 32 bits ({1to16})");
  expect_error([](Assembler& a) { a.vaddpd(ymm1.k(k1), ymm2, dword_ptr(rax, 8).bcst()); },
               "vaddpd: broadcast element size 32 bits does not match 64 bits ({1to4})");
  expect_error([](Assembler& a) { a.vaddps(zmm1, zmm2, ymmword_ptr(rax)); },
               "vaddps: memory operand size 256 bits does not match 512 bits");
  expect_error([](Assembler& a) { a.vaddps(zmm1, zmm2, zmm3, sae); }, "vaddps: {sae} alone is not accepted");
  expect_error([](Assembler& a) { a.vmaxps(zmm1, zmm2, zmm3, rn_sae); },
               "vmaxps: embedded rounding is not available for this form (it takes {sae} only)");
  expect_error([](Assembler& a) { a.vaddps(Zmm{32}, zmm2, zmm3); },
               "vaddps: operand 1: vector register #32 does not exist");
  expect_error([](Assembler& a) { a.vpaddd(zmm1.k(KReg{9}), zmm2, zmm3); },
               "vpaddd: operand 1: mask register #9 does not exist");
  expect_error([](Assembler& a) { a.vpbroadcastd(zmm1, rax); }, "vpbroadcastd: operand size 64 bits is not allowed");
  expect_error([](Assembler& a) { a.vpternlogd(zmm1, zmm2, zmm3, 256); },
               "vpternlogd: immediate 256 does not fit 8 bits");
  expect_error([](Assembler& a) { a.vmovaps(zmm1, ptr(Label{99})); },
               "vmovaps: label #99 does not belong to this assembler");
  // Run-time operands (x86::emit, the text front end): a decoration the form
  // has no place for, a mask register where a vector goes, broadcast or
  // rounding where the form has none.
  expect_error(
      [](Assembler& a) {
        emit(a, form_of("vaddps", {OpType::Ymm, OpType::Ymm, OpType::Ymm}), {ymm1.k(k1), ymm2, ymm3});
      },
      "vaddps: operand 1 has a write mask ({k}/{z}); this form takes none");
  expect_error(
      [](Assembler& a) {
        emit(a, form_of("vaddps", {OpType::Zmm, OpType::Zmm, OpType::Zmm}), {zmm1, k2, zmm3});
      },
      "vaddps: operand 2 is k, this form takes zmm");
  expect_error(
      [](Assembler& a) {
        emit(a, form_of("vpaddb", {OpType::Zmm, OpType::Zmm, OpType::Mem}), {zmm1, zmm2, ptr(rax).bcst()});
      },
      "vpaddb: operand 3 is bcst, this form takes mem");
  expect_error(
      [](Assembler& a) {
        emit(a, form_of("vpaddd", {OpType::Zmm, OpType::Zmm, OpType::Zmm}), {zmm1, zmm2, zmm3, rn_sae});
      },
      "vpaddd: this form takes 3 operands, not 4");
  expect_error(
      [](Assembler& a) {
        emit(a, form_of("vaddps", {OpType::Zmm, OpType::Zmm, OpType::Zmm, OpType::Round}),
             {zmm1, zmm2, ptr(rax), rn_sae});
      },
      "vaddps: operand 3 is mem, this form takes zmm");
  expect_error(
      [](Assembler& a) {
        emit(a, form_of("vaddps", {OpType::Xmm, OpType::Xmm, OpType::Xmm}), {zmm1, zmm2, zmm3});
      },
      "vaddps: operand 1 is zmm, this form takes xmm");
}

// The forms added for issue 11 item 6: {sae} compares (five operands),
// gathers/scatters (VSIB, a required mask), byte compares, conversions, masks.
TEST(Errors, EvexSaeGathersAndOdds) {
  expect_error([](Assembler& a) { a.vcmpps(k1, zmm2, zmm3, rz_sae, 1); },
               "vcmpps: embedded rounding is not available for this form (it takes {sae} only)");
  expect_error([](Assembler& a) { a.vcmpsd(k1.k(k0), xmm2, xmm3, sae, 1); },
               "vcmpsd: operand 1: k0 cannot be a write mask");
  expect_error([](Assembler& a) { a.vcmpps(k1, zmm2, zmm3, sae, 256); }, "vcmpps: immediate 256 does not fit 8 bits");
  expect_error(
      [](Assembler& a) {
        emit(a, form_of("vcmpps", {OpType::KReg, OpType::Zmm, OpType::Zmm, OpType::Round, OpType::Imm}),
             {k1, zmm2, ptr(rax), sae, 1});
      },
      "vcmpps: operand 3 is mem, this form takes zmm");
  expect_error(
      [](Assembler& a) {
        emit(a, form_of("vcmpps", {OpType::KReg, OpType::Ymm, OpType::Ymm, OpType::Imm}), {k1, ymm2, ymm3, sae, 1});
      },
      "vcmpps: this form takes 4 operands, not 5");
  expect_error([](Assembler& a) { a.vpgatherdd(zmm1, ptr(rax, zmm2, 4)); },
               "vpgatherdd: a gather or scatter needs a write mask {k1}-{k7}");
  expect_error([](Assembler& a) { a.vpgatherdd(zmm1.k(k0), ptr(rax, zmm2, 4)); },
               "vpgatherdd: operand 1: k0 cannot be a write mask");
  expect_error([](Assembler& a) { a.vpgatherdd(zmm1.k(k1).z(), ptr(rax, zmm2, 4)); },
               "vpgatherdd: operand 1: this form takes no zeroing-masking {z}");
  expect_error([](Assembler& a) { a.vgatherdps(zmm20.k(k1), ptr(rax, zmm20, 4)); },
               "vgatherdps: the destination and the index must be different registers");
  expect_error([](Assembler& a) { a.vpgatherdd(zmm1.k(k1), ptr(rax, ymm2, 4)); },
               "vpgatherdd: the index must be a zmm register for this form");
  expect_error([](Assembler& a) { a.vpgatherdq(zmm1.k(k1), ptr(rax, zmm2, 4)); },
               "vpgatherdq: the index must be a ymm register for this form");
  expect_error([](Assembler& a) { a.vpgatherdd(zmm1.k(k1), ptr(rax, rcx, 4)); },
               "vpgatherdd: the memory operand needs a vector index");
  expect_error([](Assembler& a) { a.vpgatherqd(xmm1.k(k1), xmmword_ptr(rax, xmm2, 4)); },
               "vpgatherqd: memory operand size 128 bits does not match 64 bits");
  expect_error([](Assembler& a) { a.vpscatterdd(ptr(rax, zmm2, 4), zmm1); },
               "vpscatterdd: a gather or scatter needs a write mask {k1}-{k7}");
  expect_error([](Assembler& a) { a.vpscatterdd(ptr(rax, zmm2, 4).k(k0), zmm1); },
               "vpscatterdd: operand 1: k0 cannot be a write mask");
  expect_error([](Assembler& a) { a.vpaddd(zmm1, zmm2, ptr(rax, zmm3, 4)); }, "vpaddd: a vector index (VSIB)");
  expect_error([](Assembler& a) { a.vpcmpub(k1.k(k2).z(), zmm2, zmm3, 1); },
               "vpcmpub: operand 1: this form takes no zeroing-masking {z}");
  expect_error([](Assembler& a) { a.vpmovqd(ptr(rax).k(k1).z(), zmm1); },
               "vpmovqd: operand 1: zeroing-masking {z} is not allowed with a memory destination");
  expect_error([](Assembler& a) { a.vpmovqd(xmmword_ptr(rax), zmm1); },
               "vpmovqd: memory operand size 128 bits does not match 256 bits");
  expect_error([](Assembler& a) { a.vcvtps2pd(zmm1, ymm2, rz_sae); },
               "vcvtps2pd: embedded rounding is not available for this form (it takes {sae} only)");
  expect_error(
      [](Assembler& a) {
        emit(a, form_of("vpmovm2d", {OpType::Zmm, OpType::KReg}), {zmm1.k(k1), k2});
      },
      "vpmovm2d: operand 1 has a write mask ({k}/{z}); this form takes none");
  expect_error([](Assembler& a) { a.kshiftlw(k1, k2, 256); }, "kshiftlw: immediate 256 does not fit");
}

// AVX-512 scalar forms (vmovss/sd, v(u)comiss/sd, vrcp14/vrsqrt14, vrndscale,
// vgetmant, vreduce, vrange, vfixupimm, vfpclass ss/sd): the decorations and
// operands each refuses, from the typed API, x86::emit and the text front end.
TEST(Errors, EvexScalarForms) {
  expect_error([](Assembler& a) { a.vmovss(ptr(rax).k(k1).z(), xmm1); },
               "vmovss: operand 1: zeroing-masking {z} is not allowed with a memory destination");
  expect_error([](Assembler& a) { a.vmovsd(qword_ptr(rax).k(k0), xmm17); },
               "vmovsd: operand 1: k0 cannot be a write mask");
  expect_error([](Assembler& a) { a.vmovss(xmm1.k(k0), xmm2, xmm3); }, "vmovss: operand 1: k0 cannot be a write mask");
  expect_error([](Assembler& a) { a.vmovsd(xmm1.k(k1), dword_ptr(rax)); },
               "vmovsd: memory operand size 32 bits does not match 64 bits");
  expect_error([](Assembler& a) { a.vmovss(xmm17, qword_ptr(rax)); },
               "vmovss: memory operand size 64 bits does not match 32 bits");
  expect_error([](Assembler& a) { a.vmovss(xmm1.k(k1), xmm2, Xmm{32}); },
               "vmovss: operand 3: vector register #32 does not exist");
  expect_error(
      [](Assembler& a) {
        emit(a, form_of("vmovss", {OpType::Xmm, OpType::Mem}), {ymm17, ptr(rax)});
      },
      "vmovss: operand 1 is ymm, this form takes xmm");
  expect_error([](Assembler& a) { a.vcomiss(xmm1, xmm2, rn_sae); },
               "vcomiss: embedded rounding is not available for this form (it takes {sae} only)");
  expect_error([](Assembler& a) { a.vucomisd(xmm1, Xmm{33}, sae); },
               "vucomisd: operand 2: vector register #33 does not exist");
  expect_error([](Assembler& a) { a.vcomisd_evex(xmm17, dword_ptr(rax)); },
               "vcomisd: memory operand size 32 bits does not match 64 bits");
  expect_error(
      [](Assembler& a) {
        emit(a, form_of("vcomiss", {OpType::Xmm, OpType::Xmm, OpType::Round}), {xmm1.k(k1), xmm2, sae});
      },
      "vcomiss: operand 1 has a write mask ({k}/{z}); this form takes none");
  expect_error([](Assembler& a) { assemble_text(a, "vucomiss xmm17 {k1}, xmm2"); },
               "1:10: operand 1: 'vucomiss' takes no write mask {k}/{z} there");
  expect_error([](Assembler& a) { assemble_text(a, "vcomisd xmm1, ymm2, {sae}"); },
               "1:15: operand 2: expected xmm, got ymm 'ymm2'");
  expect_error([](Assembler& a) { a.vrndscalesd(xmm1, xmm2, xmm3, rz_sae, 1); },
               "vrndscalesd: embedded rounding is not available for this form (it takes {sae} only)");
  expect_error([](Assembler& a) { a.vgetmantss(xmm1.k(k1).z(), xmm2, xmm3, sae, 256); },
               "vgetmantss: immediate 256 does not fit 8 bits");
  expect_error([](Assembler& a) { a.vrangesd(xmm1, xmm2, xmm3, 256); }, "vrangesd: immediate 256 does not fit 8 bits");
  expect_error([](Assembler& a) { a.vreducess(xmm1, xmm2, dword_ptr(rax), -129); },
               "vreducess: immediate -129 does not fit 8 bits");
  expect_error([](Assembler& a) { a.vfixupimmsd(xmm1.k(k0), xmm2, xmm3, 0); },
               "vfixupimmsd: operand 1: k0 cannot be a write mask");
  expect_error([](Assembler& a) { a.vrcp14ss(xmm1, xmm2, qword_ptr(rax)); },
               "vrcp14ss: memory operand size 64 bits does not match 32 bits");
  expect_error([](Assembler& a) { assemble_text(a, "vrsqrt14sd xmm1, xmm2, xmm3, {sae}"); },
               "1:1: 'vrsqrt14sd' takes 3 operands, got 4");  // no {sae}: it rounds nothing
  expect_error([](Assembler& a) { a.vfpclassss(k1.k(k2).z(), xmm1, 1); },
               "vfpclassss: operand 1: this form takes no zeroing-masking {z}");
  expect_error([](Assembler& a) { a.vfpclasssd(k1, dword_ptr(rax), 1); },
               "vfpclasssd: memory operand size 32 bits does not match 64 bits");
  expect_error([](Assembler& a) { assemble_text(a, "vfpclasssd k1, xmm1, {sae}, 1"); },
               "1:1: 'vfpclasssd' takes 3 operands, got 4");
  expect_error([](Assembler& a) { assemble_text(a, "vmovss dword ptr [rax] {k1} {z}, xmm1"); },
               "1:1: vmovss: operand 1: zeroing-masking {z} is not allowed with a memory destination");
}

// The scalar twins: plain VEX calls keep their VEX bytes, xmm16-31 or a mask
// take EVEX (llvm-mc's bytes; the differential test checks every form).
TEST(Evex, ScalarTwinsChooseTheEncoding) {
  using B = std::vector<uint8_t>;
  EXPECT_EQ(bytes([](Assembler& a) { a.vmovss(xmm1, xmm2, xmm3); }), (B{0xC5, 0xEA, 0x10, 0xCB}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vmovss(XmmK(xmm1), xmm2, xmm3); }), (B{0xC5, 0xEA, 0x10, 0xCB}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vmovss(xmm17, xmm2, xmm3); }), (B{0x62, 0xE1, 0x6E, 0x08, 0x10, 0xCB}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vmovss(xmm1.k(k1).z(), xmm2, xmm3); }), (B{0x62, 0xF1, 0x6E, 0x89, 0x10, 0xCB}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vmovss(xmm1.k(k1), ptr(rax, 8)); }),
            (B{0x62, 0xF1, 0x7E, 0x09, 0x10, 0x48, 0x02}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vmovss(ptr(rax, 8), xmm17); }), (B{0x62, 0xE1, 0x7E, 0x08, 0x11, 0x48, 0x02}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vmovsd(xmm1, qword_ptr(rax, 8)); }), (B{0xC5, 0xFB, 0x10, 0x48, 0x08}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vcomisd(xmm1, qword_ptr(rax, 8)); }), (B{0xC5, 0xF9, 0x2F, 0x48, 0x08}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vcomisd_evex(xmm1, qword_ptr(rax, 8)); }), (B{0xC5, 0xF9, 0x2F, 0x48, 0x08}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vcomisd(xmm17, qword_ptr(rax, 8)); }),
            (B{0x62, 0xE1, 0xFD, 0x08, 0x2F, 0x48, 0x01}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vcomiss(xmm1, xmm2, sae); }), (B{0x62, 0xF1, 0x7C, 0x18, 0x2F, 0xCA}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vrndscaless(xmm1.k(k1), xmm2, xmm3, sae, 5); }),
            (B{0x62, 0xF3, 0x6D, 0x19, 0x0A, 0xCB, 0x05}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vfpclassss(k1.k(k2), xmm2, 5); }),
            (B{0x62, 0xF3, 0x7D, 0x0A, 0x67, 0xCA, 0x05}));
}

// xmm/ymm16-31 through a VEX method (or x86::emit of a VEX form) take its
// EVEX twin; with registers 0-15 and no decoration an EVEX form is VEX-encoded.
// the EVEX moves, inserts and extracts take no write mask, their
// general-purpose operand has the form's size, their memory operand the
// form's size; the byte shifts and vpsadbw take no mask either.
TEST(Errors, EvexMovesInsertsExtracts) {
  auto emit_first = [](Assembler& a, const char* mnemonic, std::initializer_list<Operand> ops) {
    for (const Form* f : forms_of(mnemonic))
      if (f->encoding.family == Family::Evex && f->arity == ops.size()) {
        bool same = true;
        size_t i = 0;
        for (const Operand& o : ops) same = same && f->ops[i++] == o.type;
        if (same) return emit(a, *f, ops);
      }
    ADD_FAILURE() << mnemonic << ": no EVEX form with these operand types";
  };
  expect_error(
      [&](Assembler& a) {
        emit_first(a, "vmovq", {xmm17.k(k1), rax});
      },
      "vmovq: operand 1 has a write mask ({k}/{z}); this form takes none");
  expect_error(
      [&](Assembler& a) {
        emit_first(a, "vpsadbw", {zmm1.k(k2), zmm2, zmm3});
      },
      "vpsadbw: operand 1 has a write mask");
  expect_error(
      [&](Assembler& a) {
        emit_first(a, "vpslldq", {zmm1.k(k1), ptr(rax), 3});
      },
      "vpslldq: operand 1 has a write mask");
  expect_error(
      [&](Assembler& a) {
        emit_first(a, "vmovntdq", {ptr(rax).k(k1), zmm1});
      },
      "vmovntdq: operand 1 has a write mask");
  expect_error(
      [&](Assembler& a) {
        emit_first(a, "vpextrq", {ptr(rax).k(k1), xmm17, 1});
      },
      "vpextrq: operand 1 has a write mask");
  expect_error(
      [](Assembler& a) {
        for (const Form* f : forms_of("vmovd"))
          if (f->encoding.family == Family::Evex && f->ops[1] == OpType::Gp) emit(a, *f, {ymm17, eax});
      },
      "vmovd: operand 1 is ymm, this form takes xmm");
  // General-purpose operand sizes.
  expect_error([](Assembler& a) { a.vmovq(xmm17, eax); }, "vmovq: operand size 32 bits is not allowed (64 bits)");
  expect_error([](Assembler& a) { a.vmovd(rax, xmm17); }, "vmovd: operand size 64 bits is not allowed (32 bits)");
  expect_error([](Assembler& a) { a.vpinsrb(xmm17, xmm1, rax, 1); }, "vpinsrb: operand size 64 bits");
  expect_error([](Assembler& a) { a.vpextrq(eax, xmm17, 1); }, "vpextrq: operand size 32 bits");
  expect_error([](Assembler& a) { a.vpextrw(rax, xmm20, 1); }, "vpextrw: operand size 64 bits");
  // Memory sizes.
  expect_error([](Assembler& a) { a.vmovq(xmm17, dword_ptr(rax)); },
               "vmovq: memory operand size 32 bits does not match 64 bits");
  expect_error([](Assembler& a) { a.vpinsrw(xmm17, xmm1, byte_ptr(rax), 1); }, "vpinsrw: memory operand size 8 bits");
  expect_error([](Assembler& a) { a.vmovhps(xmm17, xmm1, xmmword_ptr(rax)); }, "vmovhps: memory operand size 128 bits");
  expect_error([](Assembler& a) { a.vpslldq(zmm1, ymmword_ptr(rax), 3); }, "vpslldq: memory operand size 256 bits");
  expect_error([](Assembler& a) { a.vmovntdq(xmmword_ptr(rax), zmm3); }, "vmovntdq: memory operand size 128 bits");
  // Immediates and registers.
  expect_error([](Assembler& a) { a.vpextrb(eax, xmm17, 256); }, "vpextrb: immediate 256 does not fit 8 bits");
  expect_error([](Assembler& a) { a.vinsertps(xmm17, xmm1, xmm2, -129); }, "vinsertps: immediate -129");
  expect_error([](Assembler& a) { a.vpsadbw(zmm1, zmm2, Zmm{32}); }, "vpsadbw: operand 3: vector register #32");
  // CD/VBMI take masks, but not k0.
  expect_error([](Assembler& a) { a.vpconflictd(zmm1.k(k0), zmm2); },
               "vpconflictd: operand 1: k0 cannot be a write mask");
  expect_error([](Assembler& a) { a.vpermb(zmm1, zmm2, ymmword_ptr(rax)); }, "vpermb: memory operand size 256 bits");
}

TEST(Evex, MovesInsertsExtractsChooseVexOrEvex) {
  using B = std::vector<uint8_t>;
  // vmovq xmm, xmm: F3 0F 7E, or the store twin 66 0F D6 when only r/m is xmm8-15
  // (2-byte VEX instead of 3), as llvm-mc; xmm16-31: EVEX F3 0F 7E W1.
  EXPECT_EQ(bytes([](Assembler& a) { a.vmovq(xmm1, xmm2); }), (B{0xC5, 0xFA, 0x7E, 0xCA}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vmovq(xmm1, xmm10); }), (B{0xC5, 0x79, 0xD6, 0xD1}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vmovq(xmm10, xmm1); }), (B{0xC5, 0x7A, 0x7E, 0xD1}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vmovq(xmm1, xmm17); }), (B{0x62, 0xB1, 0xFE, 0x08, 0x7E, 0xC9}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vmovq_evex(xmm1, xmm2); }), (B{0xC5, 0xFA, 0x7E, 0xCA}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vmovd(xmm17, eax); }), (B{0x62, 0xE1, 0x7D, 0x08, 0x6E, 0xC8}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vpextrw(eax, xmm17, 1); }), (B{0x62, 0xB1, 0x7D, 0x08, 0xC5, 0xC1, 0x01}));
  // disp8*N: N is the element moved (8 for vmovhps' qword, 4 for vinsertps).
  EXPECT_EQ(bytes([](Assembler& a) { a.vmovhps(xmm17, xmm1, ptr(rax, 8)); }),
            (B{0x62, 0xE1, 0x74, 0x08, 0x16, 0x48, 0x01}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vinsertps(xmm17, xmm1, ptr(rax, 4), 1); }),
            (B{0x62, 0xE3, 0x75, 0x08, 0x21, 0x48, 0x01, 0x01}));
  // vpslldq from memory exists only in EVEX, even with xmm0-15.
  EXPECT_EQ(bytes([](Assembler& a) { a.vpslldq(xmm1, ptr(rax), 3); }), (B{0x62, 0xF1, 0x75, 0x08, 0x73, 0x38, 0x03}));
}

TEST(Evex, TwinsChooseTheEncoding) {
  EXPECT_EQ(bytes([](Assembler& a) { a.vaddps(xmm17, xmm2, xmm3); }),
            (std::vector<uint8_t>{0x62, 0xE1, 0x6C, 0x08, 0x58, 0xCB}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vaddps(XmmK(xmm1), xmm2, xmm3); }),
            (std::vector<uint8_t>{0xC5, 0xE8, 0x58, 0xCB}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vaddps(xmm1.k(k1), xmm2, xmm3); }),
            (std::vector<uint8_t>{0x62, 0xF1, 0x6C, 0x09, 0x58, 0xCB}));
  // disp8*N: 64 is disp8 1 for a 64-byte operand, 65 takes disp32; a dword broadcast scales by 4.
  EXPECT_EQ(bytes([](Assembler& a) { a.vaddps(zmm1, zmm2, ptr(rax, 64)); }),
            (std::vector<uint8_t>{0x62, 0xF1, 0x6C, 0x48, 0x58, 0x48, 0x01}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vaddps(zmm1, zmm2, ptr(rax, 65)); }),
            (std::vector<uint8_t>{0x62, 0xF1, 0x6C, 0x48, 0x58, 0x88, 0x41, 0x00, 0x00, 0x00}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vaddps(zmm1.k(k1).z(), zmm2, ptr(rax, 64).bcst()); }),
            (std::vector<uint8_t>{0x62, 0xF1, 0x6C, 0xD9, 0x58, 0x48, 0x10}));
  EXPECT_EQ(bytes([](Assembler& a) { a.vaddss(xmm1.k(k2), xmm2, xmm3, rz_sae); }),
            (std::vector<uint8_t>{0x62, 0xF1, 0x6E, 0x7A, 0x58, 0xCB}));
}

// ---- narrowing conversions, vfpclass, vrange, vfixupimm, {sae} forms ----
TEST(Errors, Avx512cNarrowingFpclassRangeFixupimm) {
  // Memory into an xmm destination: its size says 128 or 256 bits, so it must be given.
  expect_error([](Assembler& a) { a.vcvtpd2ps(xmm1.k(k1), ptr(rax)); },
               "vcvtpd2ps: the memory operand needs its size: xmmword_ptr (128 bits) or ymmword_ptr (256 bits)");
  expect_error([](Assembler& a) { a.vcvtqq2ps(xmm17, zmmword_ptr(rax)); },
               "vcvtqq2ps: memory operand size 512 bits does not fit this instruction: xmmword_ptr");
  expect_error([](Assembler& a) { a.vcvtpd2ps(xmm17, ptr(rax)); }, "vcvtpd2ps: the memory operand needs its size");
  expect_error([](Assembler& a) { a.vfpclassps(k1, ptr(rax), 1); },
               "vfpclassps: the memory operand needs its size: xmmword_ptr (128 bits), ymmword_ptr (256 bits) or "
               "zmmword_ptr (512 bits)");
  // A broadcast into an xmm destination needs its {1toN}.
  expect_error([](Assembler& a) { a.vcvtpd2ps(xmm1, qword_ptr(rax).bcst()); },
               "vcvtpd2ps: the broadcast needs its element count, {1to2} or {1to4}");
  expect_error([](Assembler& a) { a.vfpclasspd(k1, ptr(rax).bcst(), 1); },
               "the broadcast needs its element count, {1to2}, {1to4} or {1to8}");
  expect_error([](Assembler& a) { a.vcvtuqq2ps(xmm1, ptr(rax).bcst(8)); },
               "vcvtuqq2ps: broadcast {1to8} does not fit this instruction, which takes {1to2} or {1to4}");
  expect_error([](Assembler& a) { a.vfpclassps(k1, ptr(rax).bcst(2), 1); }, "{1to4}, {1to8} or {1to16}");
  expect_error([](Assembler& a) { a.vcvtpd2dq(xmm1, dword_ptr(rax).bcst(2)); },
               "broadcast element size 32 bits does not match 64 bits");
  // Where the destination implies N, a wrong count names the right one.
  expect_error([](Assembler& a) { a.vcvtpd2ps(ymm1, ptr(rax).bcst(4)); },
               "vcvtpd2ps: broadcast {1to4} does not match this form, which broadcasts {1to8}");
  expect_error([](Assembler& a) { a.vaddps(zmm1, zmm2, dword_ptr(rax).bcst(8)); },
               "vaddps: broadcast {1to8} does not match this form, which broadcasts {1to16}");
  expect_error([](Assembler& a) { a.vrangeps(xmm1, xmm2, ptr(rax).bcst(16), 0); }, "which broadcasts {1to4}");
  // Masks, {z}, rounding.
  expect_error([](Assembler& a) { a.vcvtpd2ps(xmm1.k(k0), ymm2); }, "vcvtpd2ps: operand 1: k0 cannot be a write mask");
  expect_error([](Assembler& a) { a.vfpclassps(k1.k(k2).z(), zmm2, 1); },
               "vfpclassps: operand 1: this form takes no zeroing-masking {z}");
  expect_error([](Assembler& a) { a.vcvttpd2dq(ymm1, zmm2, rn_sae); },
               "vcvttpd2dq: embedded rounding is not available for this form (it takes {sae} only)");
  expect_error([](Assembler& a) { a.vcvtpd2udq(ymm1, zmm2, sae); }, "vcvtpd2udq: {sae} alone is not accepted");
  expect_error([](Assembler& a) { a.vcvtps2ph(ymm1, zmm2, rz_sae, 0); }, "it takes {sae} only");
  expect_error([](Assembler& a) { a.vrangepd(zmm1, zmm2, zmm3, ru_sae, 0); }, "vrangepd: embedded rounding");
  expect_error([](Assembler& a) { a.vgetmantps(zmm1, zmm2, sae, 256); }, "vgetmantps: immediate 256 does not fit");
  expect_error([](Assembler& a) { a.vfixupimmpd(zmm1, zmm2, Zmm{33}, sae, 0); }, "vector register #33 does not exist");
}

}  // namespace
