// AArch64 (AAPCS64): the guarded call's trampoline and the signal context.
#include "../arch.hpp"

namespace jitmem::detail::arch {

uintptr_t context_pc(const ucontext_t* c) { return static_cast<uintptr_t>(c->uc_mcontext.pc); }
uintptr_t context_sp(const ucontext_t* c) { return static_cast<uintptr_t>(c->uc_mcontext.sp); }

uintptr_t fault_pc(uintptr_t pc, int, int) { return pc; }  // brk and udf report themselves

void resume_at(ucontext_t* c, uintptr_t pc, uintptr_t sp) {
  c->uc_mcontext.pc = pc;
  c->uc_mcontext.sp = sp;
}

}  // namespace jitmem::detail::arch

// jitmem_enter(code x0, ints x1, doubles x2 (null: all zero), state x3) ->
// x0 and d0's bits in x1 (how AAPCS64 returns EnterResult). A 176-byte frame
// holds x29/x30, x19-x28, d8-d15 (their low halves are callee-saved) and
// `state`; below it [sp] = sp itself, checked after the call, and also
// state->resume_sp. FPCR goes to state->fp_control and is written back only
// when the code changed it (mrs is cheap, msr fpcr synchronising).
// jitmem_enter_resume (the fault path, entered from a signal handler with
// sp = state->resume_sp) writes FPCR back unconditionally: the signal
// frame's is the code's.
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
  str x9, [x3]
  mov x16, x0
  sub sp, sp, #16
  mov x9, sp
  str x9, [sp]
  str x9, [x3, #8]
  cbz x2, 2f
  ldp d0, d1, [x2]
  ldp d2, d3, [x2, #16]
  ldp d4, d5, [x2, #32]
  ldp d6, d7, [x2, #48]
  b 3f
2:
  movi d0, #0
  movi d1, #0
  movi d2, #0
  movi d3, #0
  movi d4, #0
  movi d5, #0
  movi d6, #0
  movi d7, #0
3:
  ldp x4, x5, [x1, #32]
  ldp x2, x3, [x1, #16]
  ldp x0, x1, [x1]
  blr x16
  ldr x9, [sp]
  mov x10, sp
  cmp x9, x10
  b.ne jitmem_enter_bad_sp
  fmov x1, d0
  add sp, sp, #16
  ldr x3, [sp, #160]
  ldr x9, [x3]
  mrs x10, fpcr
  cmp x9, x10
  b.eq 4f
  msr fpcr, x9
4:
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
  .globl jitmem_enter_resume
  .hidden jitmem_enter_resume
jitmem_enter_resume:
  add sp, sp, #16
  ldr x3, [sp, #160]
  ldr x9, [x3]
  msr fpcr, x9
  b 4b
  .globl jitmem_enter_bad_sp
  .hidden jitmem_enter_bad_sp
jitmem_enter_bad_sp:
  udf #0
  .cfi_endproc
  .size jitmem_enter, . - jitmem_enter
)");
