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

// What the trampoline hands back, and the FP control word it saved on entry
// (MXCSR and x87 control, FPCR, fcsr), for the fault path to restore.
struct EnterResult {
  int64_t int_result;
  double double_result;
  uint64_t fp_control;
};

namespace arch {

// Registers of the interrupted code, from a signal handler's context.
uintptr_t context_pc(const ucontext_t* context);
uintptr_t context_sp(const ucontext_t* context);
// The address of the instruction that raised `signal` (x86's int3 reports
// the one after it).
uintptr_t fault_pc(uintptr_t context_pc, int signal, int si_code);
// Put back the FP control the trampoline saved (the fault path).
void restore_fp_control(uint64_t saved);

}  // namespace arch

extern "C" {
// The guarded call's trampoline (assembly in src/arch/<cpu>.cpp): saves the
// callee-saved registers, the stack pointer and the FP control, loads the
// integer and double argument registers from ints[6] and doubles[8], calls
// `code`, then restores what the code may have broken and stores the results.
// If the code returns with another stack pointer it stops at
// jitmem_enter_bad_sp (an illegal instruction the guard reports).
void jitmem_enter(const void* code, const int64_t* ints, const double* doubles,
                  EnterResult* out);
extern const char jitmem_enter_bad_sp[];
}

}  // namespace jitmem::detail
