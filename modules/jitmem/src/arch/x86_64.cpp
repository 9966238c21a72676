// x86-64 (SysV): the guarded call's trampoline and the signal context.
#include "../arch.hpp"

namespace jitmem::detail::arch {

uintptr_t context_pc(const ucontext_t* c) { return static_cast<uintptr_t>(c->uc_mcontext.gregs[REG_RIP]); }
uintptr_t context_sp(const ucontext_t* c) { return static_cast<uintptr_t>(c->uc_mcontext.gregs[REG_RSP]); }

uintptr_t fault_pc(uintptr_t pc, int signal, int si_code) {
  return signal == SIGTRAP && si_code == SI_KERNEL ? pc - 1 : pc;  // int3 reports the next byte
}

void restore_fp_control(uint64_t saved) {
  uint32_t mxcsr = static_cast<uint32_t>(saved);
  uint16_t x87 = static_cast<uint16_t>(saved >> 32);
  asm volatile("ldmxcsr %0\n\tfldcw %1" : : "m"(mxcsr), "m"(x87));
}

}  // namespace jitmem::detail::arch

// jitmem_enter(code rdi, ints rsi, doubles rdx, out rcx). Frame: six
// callee-saved registers and `out` pushed, then [rsp] = the stack pointer
// itself (the check after the call) and the stack stays 16-byte aligned at
// the call. MXCSR and the x87 control word go to out->fp_control and are
// written back only when the code changed them (ldmxcsr and fldcw are slow).
// The direction flag is cleared unconditionally.
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
  stmxcsr 16(%rcx)
  fnstcw 20(%rcx)
  movq %rsp, (%rsp)
  movq %rdi, %r11
  movsd 0(%rdx), %xmm0
  movsd 8(%rdx), %xmm1
  movsd 16(%rdx), %xmm2
  movsd 24(%rdx), %xmm3
  movsd 32(%rdx), %xmm4
  movsd 40(%rdx), %xmm5
  movsd 48(%rdx), %xmm6
  movsd 56(%rdx), %xmm7
  movq 40(%rsi), %r9
  movq 32(%rsi), %r8
  movq 24(%rsi), %rcx
  movq 16(%rsi), %rdx
  movq 0(%rsi), %rdi
  movq 8(%rsi), %rsi
  call *%r11
  cmpq %rsp, (%rsp)
  jne jitmem_enter_bad_sp
  cld
  movq 16(%rsp), %rcx
  movq %rax, (%rcx)
  movsd %xmm0, 8(%rcx)
  stmxcsr 8(%rsp)
  movl 8(%rsp), %r10d
  cmpl 16(%rcx), %r10d
  jne 2f
1:
  fnstcw 8(%rsp)
  movzwl 8(%rsp), %r10d
  cmpw 20(%rcx), %r10w
  jne 3f
4:
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
2:
  ldmxcsr 16(%rcx)
  jmp 1b
3:
  fldcw 20(%rcx)
  jmp 4b
  .globl jitmem_enter_bad_sp
  .hidden jitmem_enter_bad_sp
jitmem_enter_bad_sp:
  ud2
  .cfi_endproc
  .size jitmem_enter, . - jitmem_enter
)");
