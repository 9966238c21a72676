// RISC-V 64 (LP64D): the guarded call's trampoline and the signal context.
#include "../arch.hpp"

namespace jitmem::detail::arch {

uintptr_t context_pc(const ucontext_t* c) { return static_cast<uintptr_t>(c->uc_mcontext.__gregs[REG_PC]); }
uintptr_t context_sp(const ucontext_t* c) { return static_cast<uintptr_t>(c->uc_mcontext.__gregs[REG_SP]); }

uintptr_t fault_pc(uintptr_t pc, int, int) { return pc; }  // ebreak and illegal report themselves

void resume_at(ucontext_t* c, uintptr_t pc, uintptr_t sp) {
  c->uc_mcontext.__gregs[REG_PC] = pc;
  c->uc_mcontext.__gregs[REG_SP] = sp;
}

}  // namespace jitmem::detail::arch

// jitmem_enter(code a0, ints a1, doubles a2 (null: all zero), state a3) ->
// a0, fa0 (how LP64D returns EnterResult). A 224-byte frame holds ra, s0-s11,
// fs0-fs11, gp, tp and `state`; below it [sp] = sp itself, checked after the
// call, and also state->resume_sp. fcsr goes to state->fp_control and is
// written back only when the code changed it. jitmem_enter_resume (the fault
// path, entered from a signal handler with sp = state->resume_sp) writes
// fcsr back unconditionally: the signal frame's is the code's.
asm(R"(
  .text
  .p2align 2
  .globl jitmem_enter
  .hidden jitmem_enter
  .type jitmem_enter, @function
jitmem_enter:
  .cfi_startproc
  addi sp, sp, -224
  .cfi_def_cfa_offset 224
  sd ra, 216(sp)
  .cfi_offset ra, -8
  sd s0, 208(sp)
  sd s1, 200(sp)
  sd s2, 192(sp)
  sd s3, 184(sp)
  sd s4, 176(sp)
  sd s5, 168(sp)
  sd s6, 160(sp)
  sd s7, 152(sp)
  sd s8, 144(sp)
  sd s9, 136(sp)
  sd s10, 128(sp)
  sd s11, 120(sp)
  fsd fs0, 112(sp)
  fsd fs1, 104(sp)
  fsd fs2, 96(sp)
  fsd fs3, 88(sp)
  fsd fs4, 80(sp)
  fsd fs5, 72(sp)
  fsd fs6, 64(sp)
  fsd fs7, 56(sp)
  fsd fs8, 48(sp)
  fsd fs9, 40(sp)
  fsd fs10, 32(sp)
  fsd fs11, 24(sp)
  sd gp, 16(sp)
  sd tp, 8(sp)
  sd a3, 0(sp)
  frcsr t0
  sd t0, 0(a3)
  mv t1, a0
  addi sp, sp, -16
  sd sp, 0(sp)
  sd sp, 8(a3)
  beqz a2, 2f
  fld fa0, 0(a2)
  fld fa1, 8(a2)
  fld fa2, 16(a2)
  fld fa3, 24(a2)
  fld fa4, 32(a2)
  fld fa5, 40(a2)
  fld fa6, 48(a2)
  fld fa7, 56(a2)
  j 3f
2:
  fmv.d.x fa0, zero
  fmv.d.x fa1, zero
  fmv.d.x fa2, zero
  fmv.d.x fa3, zero
  fmv.d.x fa4, zero
  fmv.d.x fa5, zero
  fmv.d.x fa6, zero
  fmv.d.x fa7, zero
3:
  ld a5, 40(a1)
  ld a4, 32(a1)
  ld a3, 24(a1)
  ld a2, 16(a1)
  ld a0, 0(a1)
  ld a1, 8(a1)
  jalr t1
  ld t0, 0(sp)
  bne t0, sp, jitmem_enter_bad_sp
  addi sp, sp, 16
  ld gp, 16(sp)
  ld tp, 8(sp)
  ld a3, 0(sp)
  ld t0, 0(a3)
  frcsr t1
  beq t0, t1, 4f
  fscsr t0
4:
  ld ra, 216(sp)
  ld s0, 208(sp)
  ld s1, 200(sp)
  ld s2, 192(sp)
  ld s3, 184(sp)
  ld s4, 176(sp)
  ld s5, 168(sp)
  ld s6, 160(sp)
  ld s7, 152(sp)
  ld s8, 144(sp)
  ld s9, 136(sp)
  ld s10, 128(sp)
  ld s11, 120(sp)
  fld fs0, 112(sp)
  fld fs1, 104(sp)
  fld fs2, 96(sp)
  fld fs3, 88(sp)
  fld fs4, 80(sp)
  fld fs5, 72(sp)
  fld fs6, 64(sp)
  fld fs7, 56(sp)
  fld fs8, 48(sp)
  fld fs9, 40(sp)
  fld fs10, 32(sp)
  fld fs11, 24(sp)
  addi sp, sp, 224
  ret
  .globl jitmem_enter_resume
  .hidden jitmem_enter_resume
jitmem_enter_resume:
  addi sp, sp, 16
  ld gp, 16(sp)
  ld tp, 8(sp)
  ld a3, 0(sp)
  ld t0, 0(a3)
  fscsr t0
  j 4b
  .globl jitmem_enter_bad_sp
  .hidden jitmem_enter_bad_sp
jitmem_enter_bad_sp:
  unimp
  .cfi_endproc
  .size jitmem_enter, . - jitmem_enter
)");
