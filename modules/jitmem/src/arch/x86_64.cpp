// x86-64 (SysV): the guarded call's trampoline and the signal context.
#include "../arch.hpp"

namespace jitmem::detail::arch {

uintptr_t context_pc(const ucontext_t* c) { return static_cast<uintptr_t>(c->uc_mcontext.gregs[REG_RIP]); }
uintptr_t context_sp(const ucontext_t* c) { return static_cast<uintptr_t>(c->uc_mcontext.gregs[REG_RSP]); }

uintptr_t fault_pc(uintptr_t pc, int signal, int si_code) {
  return signal == SIGTRAP && si_code == SI_KERNEL ? pc - 1 : pc;  // int3 reports the next byte
}

void resume_at(ucontext_t* c, uintptr_t pc, uintptr_t sp) {
  c->uc_mcontext.gregs[REG_RIP] = static_cast<greg_t>(pc);
  c->uc_mcontext.gregs[REG_RSP] = static_cast<greg_t>(sp);
  constexpr greg_t trap_flag = 0x100, direction_flag = 0x400, alignment_check = 0x40000;
  c->uc_mcontext.gregs[REG_EFL] &= ~(trap_flag | direction_flag | alignment_check);
}

}  // namespace jitmem::detail::arch

// jitmem_enter(code rdi, ints rsi, doubles rdx, state rcx) -> rax, xmm0 as
// the code left them; doubles null: all zero (the int-only calls load
// nothing). Frame: six callee-saved registers and `state` pushed, then
// [rsp] = the stack pointer itself (the check after the call) and the stack
// stays 16-byte aligned at the call; that stack pointer is also
// state->resume_sp. MXCSR and the x87 control word are saved to
// state->fp_control on entry and loaded back after every call: on the AMD
// Zen 4 this was measured on, stmxcsr is the slow one (about 11 cycles a
// call) and ldmxcsr/fldcw are cheap, so a second stmxcsr to compare first
// cost more than it saved (docs/bench/jitmem.md). The direction flag is
// cleared with cld. jitmem_enter_resume (the fault path, entered from a
// signal handler with rsp = state->resume_sp) goes through the same
// restores: the signal frame's FP state and flags are the code's.
asm(R"(
  .text
  .p2align 4
  .globl jitmem_enter
  .hidden jitmem_enter
  .type jitmem_enter, @function
jitmem_enter:
  .cfi_startproc
  pushq %rbp
  .cfi_adjust_cfa_offset 8
  .cfi_rel_offset %rbp, 0
  pushq %rbx
  .cfi_adjust_cfa_offset 8
  .cfi_rel_offset %rbx, 0
  pushq %r12
  .cfi_adjust_cfa_offset 8
  .cfi_rel_offset %r12, 0
  pushq %r13
  .cfi_adjust_cfa_offset 8
  .cfi_rel_offset %r13, 0
  pushq %r14
  .cfi_adjust_cfa_offset 8
  .cfi_rel_offset %r14, 0
  pushq %r15
  .cfi_adjust_cfa_offset 8
  .cfi_rel_offset %r15, 0
  pushq %rcx
  .cfi_adjust_cfa_offset 8
  subq $16, %rsp
  .cfi_adjust_cfa_offset 16
  stmxcsr 0(%rcx)
  fnstcw 4(%rcx)
  movq %rsp, (%rsp)
  movq %rsp, 8(%rcx)
  movq %rdi, %r11
  testq %rdx, %rdx
  jz 5f
  movsd 0(%rdx), %xmm0
  movsd 8(%rdx), %xmm1
  movsd 16(%rdx), %xmm2
  movsd 24(%rdx), %xmm3
  movsd 32(%rdx), %xmm4
  movsd 40(%rdx), %xmm5
  movsd 48(%rdx), %xmm6
  movsd 56(%rdx), %xmm7
6:
  movq 40(%rsi), %r9
  movq 32(%rsi), %r8
  movq 24(%rsi), %rcx
  movq 16(%rsi), %rdx
  movq 0(%rsi), %rdi
  movq 8(%rsi), %rsi
  call *%r11
  cmpq %rsp, (%rsp)
  jne jitmem_enter_bad_sp
  .globl jitmem_enter_resume
  .hidden jitmem_enter_resume
jitmem_enter_resume:
  movq 16(%rsp), %rcx
  cld
  ldmxcsr 0(%rcx)
  fldcw 4(%rcx)
  addq $24, %rsp
  .cfi_adjust_cfa_offset -24
  popq %r15
  .cfi_adjust_cfa_offset -8
  popq %r14
  .cfi_adjust_cfa_offset -8
  popq %r13
  .cfi_adjust_cfa_offset -8
  popq %r12
  .cfi_adjust_cfa_offset -8
  popq %rbx
  .cfi_adjust_cfa_offset -8
  popq %rbp
  .cfi_adjust_cfa_offset -8
  ret
  .cfi_adjust_cfa_offset 80
5:
  xorps %xmm0, %xmm0
  xorps %xmm1, %xmm1
  xorps %xmm2, %xmm2
  xorps %xmm3, %xmm3
  xorps %xmm4, %xmm4
  xorps %xmm5, %xmm5
  xorps %xmm6, %xmm6
  xorps %xmm7, %xmm7
  jmp 6b
  .globl jitmem_enter_bad_sp
  .hidden jitmem_enter_bad_sp
jitmem_enter_bad_sp:
  ud2
  .cfi_endproc
  .size jitmem_enter, . - jitmem_enter
)");
