// AArch64 (AAPCS64): the guarded call's trampoline and the signal context.
#include "../arch.hpp"

namespace jitmem::detail::arch {

uintptr_t context_pc(const ucontext_t* c) { return static_cast<uintptr_t>(c->uc_mcontext.pc); }
uintptr_t context_sp(const ucontext_t* c) { return static_cast<uintptr_t>(c->uc_mcontext.sp); }

uintptr_t fault_pc(uintptr_t pc, int, int) { return pc; }  // brk and udf report themselves

void restore_fp_control(uint64_t saved) { asm volatile("msr fpcr, %0" : : "r"(saved)); }

}  // namespace jitmem::detail::arch

// jitmem_enter(code x0, ints x1, doubles x2, out x3). A 176-byte frame holds
// x29/x30, x19-x28, d8-d15 (their low halves are callee-saved) and `out`;
// below it [sp] = sp itself, checked after the call. FPCR goes to
// out->fp_control and is written back only when the code changed it.
asm(R"(
  .text
  .p2align 4
  .globl jitmem_enter
  .hidden jitmem_enter
  .type jitmem_enter, %function
jitmem_enter:
  .cfi_startproc
  stp x29, x30, [sp, #-176]!
  .cfi_def_cfa_offset 176
  .cfi_offset x29, -176
  .cfi_offset x30, -168
  mov x29, sp
  stp x19, x20, [sp, #16]
  stp x21, x22, [sp, #32]
  stp x23, x24, [sp, #48]
  stp x25, x26, [sp, #64]
  stp x27, x28, [sp, #80]
  stp d8, d9, [sp, #96]
  stp d10, d11, [sp, #112]
  stp d12, d13, [sp, #128]
  stp d14, d15, [sp, #144]
  str x3, [sp, #160]
  mrs x9, fpcr
  str x9, [x3, #16]
  mov x16, x0
  ldp d0, d1, [x2]
  ldp d2, d3, [x2, #16]
  ldp d4, d5, [x2, #32]
  ldp d6, d7, [x2, #48]
  ldp x4, x5, [x1, #32]
  ldp x2, x3, [x1, #16]
  ldp x0, x1, [x1]
  sub sp, sp, #16
  mov x9, sp
  str x9, [sp]
  blr x16
  ldr x9, [sp]
  mov x10, sp
  cmp x9, x10
  b.ne jitmem_enter_bad_sp
  add sp, sp, #16
  ldr x3, [sp, #160]
  str x0, [x3]
  str d0, [x3, #8]
  ldr x9, [x3, #16]
  mrs x10, fpcr
  cmp x9, x10
  b.eq 1f
  msr fpcr, x9
1:
  ldp x19, x20, [sp, #16]
  ldp x21, x22, [sp, #32]
  ldp x23, x24, [sp, #48]
  ldp x25, x26, [sp, #64]
  ldp x27, x28, [sp, #80]
  ldp d8, d9, [sp, #96]
  ldp d10, d11, [sp, #112]
  ldp d12, d13, [sp, #128]
  ldp d14, d15, [sp, #144]
  ldp x29, x30, [sp], #176
  ret
  .globl jitmem_enter_bad_sp
  .hidden jitmem_enter_bad_sp
jitmem_enter_bad_sp:
  udf #0
  .cfi_endproc
  .size jitmem_enter, . - jitmem_enter
)");
