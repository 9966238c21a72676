// The per-architecture interface of jitmem: what differs between CPUs is
// here and in src/arch/<cpu>.{hpp,cpp} (one pair per CPU, chosen by the
// compiler's target); everything else in jitmem is portable.
//
// Each src/arch/<cpu>.hpp defines, in jitmem::detail::arch:
//   trap_pattern    8 bytes of the trap instruction, in address phase (byte k
//                   of the pattern belongs at an address = k mod 8)
//   elf_machine, elf_flags   for the GDB JIT entry's ELF header
//   store_block(dst, lo, hi) one 16-byte store of a code block (dst aligned)
//   cpu_relax()              the spin-wait hint
//   sync_code(rx, n)         make code just written visible to instruction
//                            fetch at its executable address
//   return_code(v)           machine code of `return v` (the emulation probe)
// and each src/arch/<cpu>.cpp defines the functions declared below.
#pragma once

#include <signal.h>
#include <ucontext.h>

#include <cstddef>
#include <cstdint>

#include "jitmem/host.hpp"

#if defined(__x86_64__)
#include "arch/x86_64.hpp"
#elif defined(__aarch64__)
#include "arch/aarch64.hpp"
#elif defined(__riscv)
#include "arch/riscv64.hpp"
#endif

namespace jitmem::detail {

// The trampoline's state in the guard frame: the FP control word it saved
// on entry (MXCSR and x87 control, FPCR, fcsr) and its frame's stack
// pointer, where the fault path resumes it (jitmem_enter_resume). The
// trampolines use these offsets (0, 8).
struct EnterState {
  uint64_t fp_control;
  uintptr_t resume_sp;
};
static_assert(offsetof(EnterState, fp_control) == 0 && offsetof(EnterState, resume_sp) == 8);

// The code's integer and double result registers, returned in the same
// registers (rax/xmm0; x0/x1 on AArch64, where such a pair is returned as two
// integer registers; a0/fa0): nothing goes through memory.
struct EnterResult {
  int64_t int_result;
  double double_result;
};

namespace arch {

// Registers of the interrupted code, from a signal handler's context.
uintptr_t context_pc(const ucontext_t* context);
uintptr_t context_sp(const ucontext_t* context);
// The address of the instruction that raised `signal` (x86's int3 reports
// the one after it).
uintptr_t fault_pc(uintptr_t context_pc, int signal, int si_code);
// Makes the interrupted context continue at `pc` with stack pointer `sp`
// when the signal handler returns (x86-64 also clears the direction, trap
// and alignment-check flags there).
void resume_at(ucontext_t* context, uintptr_t pc, uintptr_t sp);

}  // namespace arch

extern "C" {
// The guarded call's trampoline (assembly in src/arch/<cpu>.cpp): saves the
// callee-saved registers, the stack pointer and the FP control, loads the
// integer and double argument registers from ints[6] and doubles[8] (all
// zero when `doubles` is null), calls `code`, then restores what the code may
// have broken and returns its result registers. If the code returns with
// another stack pointer it stops at jitmem_enter_bad_sp (an illegal
// instruction the guard reports).
// A fault (or an interrupt) in the code does not unwind: the signal handler
// records it in the guard frame and makes the thread continue at
// jitmem_enter_resume with the stack pointer state->resume_sp (resume_at),
// which puts the FP control back, restores the registers from the frame and
// returns (the result is then meaningless). No jump buffer is filled per call.
EnterResult jitmem_enter(const void* code, const int64_t* ints, const double* doubles, EnterState* state);
extern const char jitmem_enter_bad_sp[];
extern const char jitmem_enter_resume[];
}

}  // namespace jitmem::detail
