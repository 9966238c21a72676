// The eight classic ALU operations and test. Each ALU op k has the same shape:
// 8k+0/1 r/m,r  8k+2/3 r,r/m  8k+4/5 al/eAX,imm  80/81/83 /k r/m,imm.
#include "emit.hpp"

namespace x86 {

using namespace detail;

namespace {

struct AluForm {
  const char* name;
  uint8_t k;  // base opcode = 8k, group-1 digit = k
};
// The ALU rows of the list, in k order.
constexpr AluForm kAlu[8] = {
#define X86_ALU(m, n, k) {n, k},
#include "x86/insns.def"
};

void alu_reg_reg(Assembler& a, const AluForm& op, Gp dst, Gp src) {
  check_same(op.name, dst, src);
  const uint8_t base = static_cast<uint8_t>(op.k * 8);
  Emit::rr(a, sized_enc(op.name, dst.size, base, base + 1), field(src), field(dst));
}

void alu_rm(Assembler& a, const AluForm& op, Gp dst, const Mem& src) {
  const unsigned size = mem_size(op.name, src, dst.size);
  const uint8_t base = static_cast<uint8_t>(op.k * 8 + 2);
  Emit::rm(a, sized_enc(op.name, size, base, base + 1), field(dst), src);
}

void alu_mr(Assembler& a, const AluForm& op, const Mem& dst, Gp src) {
  const unsigned size = mem_size(op.name, dst, src.size);
  const uint8_t base = static_cast<uint8_t>(op.k * 8);
  Emit::rm(a, sized_enc(op.name, size, base, base + 1), field(src), dst);
}

// imm8 (83 /k) when it fits, else the accumulator short form, else 81 /k.
void alu_reg_imm(Assembler& a, const AluForm& op, Gp dst, int64_t imm) {
  imm = imm_for_size(op.name, imm, dst.size);
  const int wide = dst.size == 1 ? 1 : dst.size == 2 ? 2 : 4;
  if (dst.size != 1 && fits8(imm)) {
    Emit::rr(a, sized_enc(op.name, dst.size, 0x80, 0x83), digit(op.k), field(dst), 1, imm);
  } else if (dst.id == 0 && !dst.high8) {
    const uint8_t base = static_cast<uint8_t>(op.k * 8 + 4);
    Emit::ro(a, sized_enc(op.name, dst.size, base, base + 1), Field{}, wide, imm);
  } else {
    Emit::rr(a, sized_enc(op.name, dst.size, 0x80, 0x81), digit(op.k), field(dst), wide, imm);
  }
}

void alu_mi(Assembler& a, const AluForm& op, const Mem& dst, int64_t imm) {
  const unsigned size = mem_size_required(op.name, dst);
  check_size(op.name, size, kAll);
  imm = imm_for_size(op.name, imm, size);
  const int wide = size == 1 ? 1 : size == 2 ? 2 : 4;
  if (size != 1 && fits8(imm)) Emit::rm(a, sized_enc(op.name, size, 0x80, 0x83), digit(op.k), dst, 1, imm);
  else Emit::rm(a, sized_enc(op.name, size, 0x80, 0x81), digit(op.k), dst, wide, imm);
}

}  // namespace

// Every size of the register-register forms (the hot path takes 64-bit pairs).
void Assembler::alu_any(AluOp op, Gp dst, Gp src) {
  const auto i = static_cast<unsigned>(op);
  if (i < 8) return alu_reg_reg(*this, kAlu[i], dst, src);
  if (op != AluOp::Mov && op != AluOp::Test)
    throw Error("alu: op " + std::to_string(i) + " is not an x86::AluOp (Add..Cmp, Mov, Test)");
  const char* name = op == AluOp::Mov ? "mov" : "test";
  const uint8_t base = op == AluOp::Mov ? 0x88 : 0x84;
  check_same(name, dst, src);
  Emit::rr(*this, sized_enc(name, dst.size, base, base + 1), field(src), field(dst));
}
void Assembler::alu_rm_any(unsigned k, Gp dst, const Mem& src) { alu_rm(*this, kAlu[k & 7], dst, src); }
void Assembler::alu_mr_any(unsigned k, const Mem& dst, Gp src) { alu_mr(*this, kAlu[k & 7], dst, src); }
void Assembler::alu_ri_any(unsigned k, Gp dst, Imm imm) { alu_reg_imm(*this, kAlu[k & 7], dst, imm.value); }

#define X86_ALU(m, n, k) \
  void Assembler::m(const Mem& dst, Imm imm) { alu_mi(*this, kAlu[k], dst, imm.value); }
#include "x86/insns.def"

void Assembler::test(const Mem& a, Gp b) {
  const unsigned size = mem_size("test", a, b.size);
  Emit::rm(*this, sized_enc("test", size, 0x84, 0x85), field(b), a);
}

// test has no imm8 form: A8/A9 for the accumulator, else F6/F7 /0.
void Assembler::test(Gp a, Imm imm) {
  const int64_t v = imm_for_size("test", imm.value, a.size);
  const int wide = a.size == 1 ? 1 : a.size == 2 ? 2 : 4;
  if (a.id == 0 && !a.high8) Emit::ro(*this, sized_enc("test", a.size, 0xA8, 0xA9), Field{}, wide, v);
  else Emit::rr(*this, sized_enc("test", a.size, 0xF6, 0xF7), digit(0), field(a), wide, v);
}

void Assembler::test(const Mem& a, Imm imm) {
  const unsigned size = mem_size_required("test", a);
  check_size("test", size, kAll);
  const int64_t v = imm_for_size("test", imm.value, size);
  const int wide = size == 1 ? 1 : size == 2 ? 2 : 4;
  Emit::rm(*this, sized_enc("test", size, 0xF6, 0xF7), digit(0), a, wide, v);
}

}  // namespace x86
