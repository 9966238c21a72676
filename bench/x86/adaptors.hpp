// The same small interface over x86::Assembler, AsmJit and Xbyak, so one
// driver feeds all three the same instruction list. Each begin() starts an
// empty buffer (reserved once, reused) with `labels` fresh labels; end()
// resolves labels and returns the code size. alu_rr(op, d, s) is the
// register-register op number `op` in mix::Kind order (MovRR..XorRR: mov, add, sub, and, or, xor),
// driven through the library's generic form (see mixes.hpp).
#pragma once

#include <asmjit/x86.h>

#include <xbyak/xbyak.h>

#include <vector>

#include "x86/x86.hpp"

namespace adaptor {

constexpr size_t kReserve = 16 << 20;

struct Ours {
  x86::Assembler a{kReserve};
  std::vector<x86::Label> labels;
  static constexpr x86::Cond kConds[4] = {x86::Cond::E, x86::Cond::NE, x86::Cond::L, x86::Cond::G};

  void begin(uint32_t n) {
    a.clear();
    labels.clear();
    for (uint32_t i = 0; i < n; ++i) labels.push_back(a.new_label());
  }
  size_t end() { return a.finalize().size(); }
  static x86::Gp q(unsigned r) { return x86::gp64(r); }
  void mov_rr(unsigned d, unsigned s) { a.mov(q(d), q(s)); }
  void add_rr(unsigned d, unsigned s) { a.add(q(d), q(s)); }
  void sub_rr(unsigned d, unsigned s) { a.sub(q(d), q(s)); }
  void and_rr(unsigned d, unsigned s) { a.and_(q(d), q(s)); }
  void or_rr(unsigned d, unsigned s) { a.or_(q(d), q(s)); }
  void xor_rr(unsigned d, unsigned s) { a.xor_(q(d), q(s)); }
  static constexpr x86::AluOp kAluOps[6] = {x86::AluOp::Mov, x86::AluOp::Add, x86::AluOp::Sub,
                                            x86::AluOp::And, x86::AluOp::Or,  x86::AluOp::Xor};
  void alu_rr(unsigned op, unsigned d, unsigned s) { a.alu(kAluOps[op], q(d), q(s)); }
  // The asm reference's asmmv: mov r64, imm32 sign-extended (REX.W C7 /0).
  void mov_ri(unsigned d, int32_t v) { a.mov_imm32_sx(q(d), v); }
  void push(unsigned r) { a.push(q(r)); }
  void pop(unsigned r) { a.pop(q(r)); }
  void ret() { a.ret(); }
  void nop() { a.nop(); }
  void load(unsigned d, unsigned b, int32_t disp) { a.mov(q(d), x86::ptr(q(b), disp)); }
  void store(unsigned b, unsigned i, int32_t disp, unsigned s) { a.mov(x86::ptr(q(b), q(i), 8, disp), q(s)); }
  void add_rm(unsigned d, unsigned b, int32_t disp) { a.add(q(d), x86::ptr(q(b), disp)); }
  void lea(unsigned d, unsigned b, unsigned i, int32_t disp) { a.lea(q(d), x86::ptr(q(b), q(i), 4, disp)); }
  void cmp_ri(unsigned r, int32_t v) { a.cmp(q(r), v); }
  void bind(uint32_t l) { a.bind(labels[l]); }
  void jcc(unsigned c, uint32_t l, bool) { a.jcc(kConds[c], labels[l]); }
  void jmp(uint32_t l) { a.jmp(labels[l]); }
  static x86::Ymm y(unsigned r) { return x86::Ymm{static_cast<uint8_t>(r)}; }
  static x86::Xmm x(unsigned r) { return x86::Xmm{static_cast<uint8_t>(r)}; }
  void vload(unsigned d, unsigned b, unsigned i, int32_t disp) {
    a.vmovupd(y(d), x86::ymmword_ptr(q(b), q(i), 8, disp));
  }
  void vstore(unsigned b, int32_t disp, unsigned s) { a.vmovupd(x86::ymmword_ptr(q(b), disp), y(s)); }
  void vfma_rr(unsigned d, unsigned s1, unsigned s2) { a.vfmadd231pd(y(d), y(s1), y(s2)); }
  void vfma_rm(unsigned d, unsigned s1, unsigned b, int32_t disp) {
    a.vfmadd231pd(y(d), y(s1), x86::ymmword_ptr(q(b), disp));
  }
  void vadd_rr(unsigned d, unsigned s1, unsigned s2) { a.vaddpd(y(d), y(s1), y(s2)); }
  void vmul_rm(unsigned d, unsigned s1, unsigned b, int32_t disp) {
    a.vmulpd(y(d), y(s1), x86::ymmword_ptr(q(b), disp));
  }
  void vpadd_rr(unsigned d, unsigned s1, unsigned s2) { a.vpaddd(y(d), y(s1), y(s2)); }
  void vpcmpeqb_rm(unsigned d, unsigned s1, unsigned b, int32_t disp) {
    a.vpcmpeqb(y(d), y(s1), x86::ymmword_ptr(q(b), disp));
  }
  void vbroadcast(unsigned d, unsigned s) { a.vpbroadcastd(y(d), x(s)); }
  void vpermq(unsigned d, unsigned s, int32_t imm) { a.vpermq(y(d), y(s), imm); }
  void vextract(unsigned d, unsigned s) { a.vextracti128(x(d), y(s), 1); }
  void vxor_rr(unsigned d, unsigned s1, unsigned s2) { a.vxorps(y(d), y(s1), y(s2)); }
};

struct AsmJit {
  asmjit::CodeHolder code;
  asmjit::x86::Assembler a;
  std::vector<asmjit::Label> labels;
  static constexpr asmjit::x86::CondCode kConds[4] = {asmjit::x86::CondCode::kE, asmjit::x86::CondCode::kNE,
                                                      asmjit::x86::CondCode::kL, asmjit::x86::CondCode::kG};

  void begin(uint32_t n) {
    code.reset();
    code.init(asmjit::Environment::host());
    code.attach(&a);
    code.reserveBuffer(&code.textSection()->_buffer, kReserve);
    labels.clear();
    for (uint32_t i = 0; i < n; ++i) labels.push_back(a.newLabel());
  }
  size_t end() {
    code.flatten();
    code.resolveUnresolvedLinks();
    return code.codeSize();
  }
  static asmjit::x86::Gp q(unsigned r) { return asmjit::x86::gpq(r); }
  void mov_rr(unsigned d, unsigned s) { a.mov(q(d), q(s)); }
  void add_rr(unsigned d, unsigned s) { a.add(q(d), q(s)); }
  void sub_rr(unsigned d, unsigned s) { a.sub(q(d), q(s)); }
  void and_rr(unsigned d, unsigned s) { a.and_(q(d), q(s)); }
  void or_rr(unsigned d, unsigned s) { a.or_(q(d), q(s)); }
  void xor_rr(unsigned d, unsigned s) { a.xor_(q(d), q(s)); }
  // The typed calls above are inline wrappers of this generic emit().
  static constexpr asmjit::InstId kAluIds[6] = {asmjit::x86::Inst::kIdMov, asmjit::x86::Inst::kIdAdd,
                                                asmjit::x86::Inst::kIdSub, asmjit::x86::Inst::kIdAnd,
                                                asmjit::x86::Inst::kIdOr,  asmjit::x86::Inst::kIdXor};
  void alu_rr(unsigned op, unsigned d, unsigned s) { a.emit(kAluIds[op], q(d), q(s)); }
  void mov_ri(unsigned d, int32_t v) { a.mov(q(d), asmjit::imm(v)); }
  void push(unsigned r) { a.push(q(r)); }
  void pop(unsigned r) { a.pop(q(r)); }
  void ret() { a.ret(); }
  void nop() { a.nop(); }
  void load(unsigned d, unsigned b, int32_t disp) { a.mov(q(d), asmjit::x86::ptr(q(b), disp)); }
  void store(unsigned b, unsigned i, int32_t disp, unsigned s) { a.mov(asmjit::x86::ptr(q(b), q(i), 3, disp), q(s)); }
  void add_rm(unsigned d, unsigned b, int32_t disp) { a.add(q(d), asmjit::x86::ptr(q(b), disp)); }
  void lea(unsigned d, unsigned b, unsigned i, int32_t disp) { a.lea(q(d), asmjit::x86::ptr(q(b), q(i), 2, disp)); }
  void cmp_ri(unsigned r, int32_t v) { a.cmp(q(r), asmjit::imm(v)); }
  void bind(uint32_t l) { a.bind(labels[l]); }
  void jcc(unsigned c, uint32_t l, bool) { a.j(kConds[c], labels[l]); }
  void jmp(uint32_t l) { a.jmp(labels[l]); }
  static asmjit::x86::Ymm y(unsigned r) { return asmjit::x86::ymm(r); }
  static asmjit::x86::Xmm x(unsigned r) { return asmjit::x86::xmm(r); }
  void vload(unsigned d, unsigned b, unsigned i, int32_t disp) {
    a.vmovupd(y(d), asmjit::x86::ptr(q(b), q(i), 3, disp));
  }
  void vstore(unsigned b, int32_t disp, unsigned s) { a.vmovupd(asmjit::x86::ptr(q(b), disp), y(s)); }
  void vfma_rr(unsigned d, unsigned s1, unsigned s2) { a.vfmadd231pd(y(d), y(s1), y(s2)); }
  void vfma_rm(unsigned d, unsigned s1, unsigned b, int32_t disp) {
    a.vfmadd231pd(y(d), y(s1), asmjit::x86::ptr(q(b), disp));
  }
  void vadd_rr(unsigned d, unsigned s1, unsigned s2) { a.vaddpd(y(d), y(s1), y(s2)); }
  void vmul_rm(unsigned d, unsigned s1, unsigned b, int32_t disp) {
    a.vmulpd(y(d), y(s1), asmjit::x86::ptr(q(b), disp));
  }
  void vpadd_rr(unsigned d, unsigned s1, unsigned s2) { a.vpaddd(y(d), y(s1), y(s2)); }
  void vpcmpeqb_rm(unsigned d, unsigned s1, unsigned b, int32_t disp) {
    a.vpcmpeqb(y(d), y(s1), asmjit::x86::ptr(q(b), disp));
  }
  void vbroadcast(unsigned d, unsigned s) { a.vpbroadcastd(y(d), x(s)); }
  void vpermq(unsigned d, unsigned s, int32_t imm) { a.vpermq(y(d), y(s), asmjit::imm(imm)); }
  void vextract(unsigned d, unsigned s) { a.vextracti128(x(d), y(s), asmjit::imm(1)); }
  void vxor_rr(unsigned d, unsigned s1, unsigned s2) { a.vxorps(y(d), y(s1), y(s2)); }
};

// Xbyak's buffer stays read-write (DontSetProtectRWE): nothing here executes.
struct Xbyak_ : Xbyak::CodeGenerator {
  std::vector<Xbyak::Label> labels;
  Xbyak_() : Xbyak::CodeGenerator(kReserve, Xbyak::DontSetProtectRWE) {}

  void begin(uint32_t n) {
    labels.clear();
    reset();
    labels.resize(n);
  }
  size_t end() { return getSize(); }
  static Xbyak::Reg64 q(unsigned r) { return Xbyak::Reg64(static_cast<int>(r)); }
  void mov_rr(unsigned d, unsigned s) { mov(q(d), q(s)); }
  void add_rr(unsigned d, unsigned s) { add(q(d), q(s)); }
  void sub_rr(unsigned d, unsigned s) { sub(q(d), q(s)); }
  void and_rr(unsigned d, unsigned s) { and_(q(d), q(s)); }
  void or_rr(unsigned d, unsigned s) { or_(q(d), q(s)); }
  void xor_rr(unsigned d, unsigned s) { xor_(q(d), q(s)); }
  using AluFn = void (Xbyak::CodeGenerator::*)(const Xbyak::Operand&, const Xbyak::Operand&);
  static constexpr AluFn kAluFns[6] = {&Xbyak_::mov,  &Xbyak_::add, &Xbyak_::sub,
                                       &Xbyak_::and_, &Xbyak_::or_, &Xbyak_::xor_};
  void alu_rr(unsigned op, unsigned d, unsigned s) { (this->*kAluFns[op])(q(d), q(s)); }
  void mov_ri(unsigned d, int32_t v) { mov(q(d), v); }
  void push(unsigned r) { Xbyak::CodeGenerator::push(q(r)); }
  void pop(unsigned r) { Xbyak::CodeGenerator::pop(q(r)); }
  void ret() { Xbyak::CodeGenerator::ret(); }
  void nop() { Xbyak::CodeGenerator::nop(); }
  void load(unsigned d, unsigned b, int32_t disp) { mov(q(d), qword[q(b) + disp]); }
  void store(unsigned b, unsigned i, int32_t disp, unsigned s) { mov(qword[q(b) + q(i) * 8 + disp], q(s)); }
  void add_rm(unsigned d, unsigned b, int32_t disp) { add(q(d), qword[q(b) + disp]); }
  void lea(unsigned d, unsigned b, unsigned i, int32_t disp) {
    Xbyak::CodeGenerator::lea(q(d), ptr[q(b) + q(i) * 4 + disp]);
  }
  void cmp_ri(unsigned r, int32_t v) { cmp(q(r), v); }
  void bind(uint32_t l) { L(labels[l]); }
  // Forward jumps are T_NEAR: Xbyak's default short form fails when the target is too far.
  void jcc(unsigned c, uint32_t l, bool forward) {
    const LabelType t = forward ? T_NEAR : T_AUTO;
    switch (c) {
      case 0: je(labels[l], t); break;
      case 1: jne(labels[l], t); break;
      case 2: jl(labels[l], t); break;
      default: jg(labels[l], t); break;
    }
  }
  void jmp(uint32_t l) { Xbyak::CodeGenerator::jmp(labels[l], T_NEAR); }
  static Xbyak::Ymm y(unsigned r) { return Xbyak::Ymm(static_cast<int>(r)); }
  static Xbyak::Xmm x(unsigned r) { return Xbyak::Xmm(static_cast<int>(r)); }
  void vload(unsigned d, unsigned b, unsigned i, int32_t disp) { vmovupd(y(d), ptr[q(b) + q(i) * 8 + disp]); }
  void vstore(unsigned b, int32_t disp, unsigned s) { vmovupd(ptr[q(b) + disp], y(s)); }
  void vfma_rr(unsigned d, unsigned s1, unsigned s2) { vfmadd231pd(y(d), y(s1), y(s2)); }
  void vfma_rm(unsigned d, unsigned s1, unsigned b, int32_t disp) { vfmadd231pd(y(d), y(s1), ptr[q(b) + disp]); }
  void vadd_rr(unsigned d, unsigned s1, unsigned s2) { vaddpd(y(d), y(s1), y(s2)); }
  void vmul_rm(unsigned d, unsigned s1, unsigned b, int32_t disp) { vmulpd(y(d), y(s1), ptr[q(b) + disp]); }
  void vpadd_rr(unsigned d, unsigned s1, unsigned s2) { vpaddd(y(d), y(s1), y(s2)); }
  void vpcmpeqb_rm(unsigned d, unsigned s1, unsigned b, int32_t disp) { vpcmpeqb(y(d), y(s1), ptr[q(b) + disp]); }
  void vbroadcast(unsigned d, unsigned s) { vpbroadcastd(y(d), x(s)); }
  void vpermq(unsigned d, unsigned s, int32_t imm) {
    Xbyak::CodeGenerator::vpermq(y(d), y(s), static_cast<uint8_t>(imm));
  }
  void vextract(unsigned d, unsigned s) { vextracti128(x(d), y(s), 1); }
  void vxor_rr(unsigned d, unsigned s1, unsigned s2) { vxorps(y(d), y(s1), y(s2)); }
};

// No encoder: each method stores one byte through a call that is not inlined
// (as every library's emitter is a call here), so a run through the same
// driver shows what the driver's dispatch costs by itself: the floor under
// every library's figure in the random mixes (docs/bench/x86.md).
struct DriverOnly {
  std::vector<uint8_t> buf = std::vector<uint8_t>(kReserve);
  size_t n = 0;
  void begin(uint32_t) { n = 0; }
  size_t end() { return n; }
  [[gnu::noinline]] void put(unsigned v) { buf[n++ & (kReserve - 1)] = static_cast<uint8_t>(v); }
  void alu_rr(unsigned op, unsigned d, unsigned s) { put(op + d + s); }
  void mov_ri(unsigned d, int32_t v) { put(d + static_cast<unsigned>(v)); }
  void push(unsigned r) { put(r); }
  void pop(unsigned r) { put(r + 1); }
  void ret() { put(3); }
  void nop() { put(4); }
  void load(unsigned d, unsigned b, int32_t disp) { put(d + b + static_cast<unsigned>(disp)); }
  void store(unsigned b, unsigned i, int32_t disp, unsigned s) { put(b + i + s + static_cast<unsigned>(disp)); }
  void add_rm(unsigned d, unsigned b, int32_t disp) { put(d * b + static_cast<unsigned>(disp)); }
  void lea(unsigned d, unsigned b, unsigned i, int32_t disp) { put(d + b * i + static_cast<unsigned>(disp)); }
  void cmp_ri(unsigned r, int32_t v) { put(r ^ static_cast<unsigned>(v)); }
  void bind(uint32_t l) { put(l); }
  void jcc(unsigned c, uint32_t l, bool) { put(c + l); }
  void jmp(uint32_t l) { put(l * 3); }
  void vload(unsigned d, unsigned b, unsigned i, int32_t disp) { put(d + b + i + static_cast<unsigned>(disp)); }
  void vstore(unsigned b, int32_t disp, unsigned s) { put(b ^ s ^ static_cast<unsigned>(disp)); }
  void vfma_rr(unsigned d, unsigned s1, unsigned s2) { put(d + s1 * s2); }
  void vfma_rm(unsigned d, unsigned s1, unsigned b, int32_t disp) { put(d + s1 + b + static_cast<unsigned>(disp)); }
  void vadd_rr(unsigned d, unsigned s1, unsigned s2) { put(d + s1 + s2 + 2); }
  void vmul_rm(unsigned d, unsigned s1, unsigned b, int32_t disp) { put(d + s1 + b * static_cast<unsigned>(disp)); }
  void vpadd_rr(unsigned d, unsigned s1, unsigned s2) { put(d ^ s1 ^ s2); }
  void vpcmpeqb_rm(unsigned d, unsigned s1, unsigned b, int32_t disp) { put(d * s1 + b + static_cast<unsigned>(disp)); }
  void vbroadcast(unsigned d, unsigned s) { put(d * s); }
  void vpermq(unsigned d, unsigned s, int32_t imm) { put(d + s + static_cast<unsigned>(imm)); }
  void vextract(unsigned d, unsigned s) { put(d - s); }
  void vxor_rr(unsigned d, unsigned s1, unsigned s2) { put(d - s1 - s2); }
};

}  // namespace adaptor
