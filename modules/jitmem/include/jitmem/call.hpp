// Guarded calls into sealed code: up to 6 int64 arguments and 8 doubles in
// the host ABI's argument registers (x86-64 SysV: rdi, rsi, rdx, rcx, r8, r9
// and xmm0-7; AAPCS64: x0-x5 and d0-d7; RISC-V LP64D: a0-a5 and fa0-fa7);
// returns the integer and double result registers (rax/xmm0, x0/d0, a0/fa0),
// or a fault (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, stack overflow) as a
// value with the faulting offset. Signal handlers are installed once per
// process (SA_SIGINFO|SA_ONSTACK, an alternate stack per thread) and chain to
// the previous handler for faults outside a guarded call.
//
// The called code cannot break its caller by breaking the calling
// convention: the trampoline (src/arch/<cpu>.cpp) saves and restores every
// callee-saved register (x86-64 rbx, rbp, r12-r15; AArch64 x19-x28, x29,
// d8-d15; RISC-V s0-s11, fs0-fs11, gp, tp), the FP control (MXCSR and the x87
// control word; FPCR; fcsr) and clears the direction flag; a return with
// another stack pointer is the fault Fault::stack_pointer. A call can be
// interrupted (interrupt_from_signal, interrupt).
#pragma once

#include <pthread.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "jitmem/memory.hpp"

namespace jitmem {

// clang-format off
enum class Fault : uint8_t {
  none, segv, bus, ill, fpe, trap, stack_overflow,
  stack_pointer,  // returned with a stack pointer other than the one it was called with
  interrupted,    // ended by interrupt_from_signal / interrupt
};
// clang-format on

// "SIGSEGV", "SIGBUS", "SIGILL", "SIGFPE", "SIGTRAP", "stack overflow",
// "stack pointer changed", "interrupted", "none".
const char* fault_name(Fault fault);

struct CallResult {
  int64_t rax = 0;  // the integer result register (rax, x0, a0)
  double xmm0 = 0;  // the double result register (xmm0, d0, fa0)
  Fault fault = Fault::none;
  int signal = 0;         // signal number (SIGSEGV for a stack overflow)
  uintptr_t pc = 0;       // address of the faulting instruction
  uintptr_t address = 0;  // si_addr: the bad address for SIGSEGV/SIGBUS
  int64_t offset = -1;    // pc - start of the called code when inside it, else -1

  bool ok() const { return fault == Fault::none; }
  // "SIGSEGV at offset 3 (address 0x0)" or "ok".
  std::string describe() const;
};

inline constexpr size_t max_int_args = 6;
inline constexpr size_t max_double_args = 8;

// All argument registers of a call; unused ones are zero.
struct CallArgs {
  int64_t ints[max_int_args] = {};       // rdi..r9, x0..x5, a0..a5
  double doubles[max_double_args] = {};  // xmm0..7, d0..7, fa0..7
};

// Validate the handle (live and sealed, lock-free), then call it guarded.
// Errors: stale_handle, not_sealed, invalid_argument (more than 6 ints or 8 doubles).
Result<CallResult> call(const Memory& memory, Handle handle, std::span<const int64_t> ints,
                        std::span<const double> doubles = {});
Result<CallResult> call(const Memory& memory, Handle handle, const CallArgs& args);

// Guarded call of a raw code pointer (for C++ users and the runtime
// assembler). `size` bounds the code for the fault offset (0: unknown).
// Not validated: the caller vouches for `code`.
CallResult call_guarded(const void* code, size_t size, const CallArgs& args);
// The same with integer arguments only (the doubles are 0): nothing to
// zero-fill for the hot int-only calls.
CallResult call_guarded(const void* code, size_t size, const int64_t (&ints)[max_int_args]);

// Interrupting a guarded call (a host's Ctrl-C, a timeout).
//
// interrupt_from_signal: for the host's own signal handler (SIGINT, a
// timer's SIGALRM), async-signal-safe, given the handler's ucontext. If the
// thread it runs on is in a guarded call and was running the called code
// (pc within the code's size), it edits the ucontext so that the call ends
// with Fault::interrupted as soon as the handler returns (the handler must
// return, not jump away). If it was in host code the JIT code called (or in
// code whose size was not given), the interrupt is kept and the call ends
// with Fault::interrupted when the code returns. Both return true. Returns
// false when the thread is in no guarded call (the host handles the signal
// as it would without JIT code).
bool interrupt_from_signal(void* ucontext);

// interrupt: from any thread, interrupts the guarded call running on
// `thread` as interrupt_from_signal does (it sends the thread SIGURG, for
// which jitmem installs a handler on the first interrupt; SIGURG arriving
// outside a guarded call goes to the handler installed before, or is
// ignored as by default). Returns false if the signal could not be sent.
bool interrupt(pthread_t thread);

// Unguarded direct call for C++ users: the entry as a typed function pointer.
template <class Fn>
Fn function_pointer(const Entry& entry) {
  return reinterpret_cast<Fn>(const_cast<void*>(entry.code));
}

}  // namespace jitmem
