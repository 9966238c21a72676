// RISC-V 64 (LP64D): the guarded call's trampoline and the signal context.
#include "../arch.hpp"

namespace jitmem::detail::arch {

uintptr_t context_pc(const ucontext_t* c) { return static_cast<uintptr_t>(c->uc_mcontext.__gregs[REG_PC]); }
uintptr_t context_sp(const ucontext_t* c) { return static_cast<uintptr_t>(c->uc_mcontext.__gregs[REG_SP]); }

uintptr_t fault_pc(uintptr_t pc, int, int) { return pc; }  // ebreak and illegal report themselves

void restore_fp_control(uint64_t saved) { asm volatile("fscsr %0" : : "r"(saved)); }

}  // namespace jitmem::detail::arch

// jitmem_enter(code a0, ints a1, doubles a2, out a3). A 224-byte frame holds
// ra, s0-s11, fs0-fs11, gp, tp and `out`; below it [sp] = sp itself, checked
// after the call. fcsr goes to out->fp_control and is written back only when
// the code changed it.
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
  sd t0, 16(a3)
  mv t1, a0
  fld fa0, 0(a2)
  fld fa1, 8(a2)
  fld fa2, 16(a2)
  fld fa3, 24(a2)
  fld fa4, 32(a2)
  fld fa5, 40(a2)
  fld fa6, 48(a2)
  fld fa7, 56(a2)
  ld a5, 40(a1)
  ld a4, 32(a1)
  ld a3, 24(a1)
  ld a2, 16(a1)
  ld a0, 0(a1)
  ld a1, 8(a1)
  addi sp, sp, -16
  sd sp, 0(sp)
  jalr t1
  ld t0, 0(sp)
  bne t0, sp, jitmem_enter_bad_sp
  addi sp, sp, 16
  ld gp, 16(sp)
  ld tp, 8(sp)
  ld a3, 0(sp)
  sd a0, 0(a3)
  fsd fa0, 8(a3)
  ld t0, 16(a3)
  frcsr t1
  beq t0, t1, 1f
  fscsr t0
1:
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
  .globl jitmem_enter_bad_sp
  .hidden jitmem_enter_bad_sp
jitmem_enter_bad_sp:
  unimp
  .cfi_endproc
  .size jitmem_enter, . - jitmem_enter
)");
