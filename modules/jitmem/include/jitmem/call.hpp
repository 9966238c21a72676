// Guarded calls into sealed code: up to 6 int64 arguments (rdi, rsi, rdx,
// rcx, r8, r9) and 8 doubles (xmm0-7) by the SysV ABI; returns rax and xmm0,
// or a fault (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, stack overflow) as a
// value with the faulting offset. Signal handlers are installed once per
// process (SA_SIGINFO|SA_ONSTACK, an alternate stack per thread) and chain to
// the previous handler for faults outside a guarded call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "jitmem/memory.hpp"

namespace jitmem {

enum class Fault : uint8_t { none, segv, bus, ill, fpe, trap, stack_overflow };

// "SIGSEGV", "SIGBUS", "SIGILL", "SIGFPE", "SIGTRAP", "stack overflow", "none".
const char* fault_name(Fault fault);

struct CallResult {
  int64_t rax = 0;
  double xmm0 = 0;
  Fault fault = Fault::none;
  int signal = 0;          // signal number (SIGSEGV for a stack overflow)
  uintptr_t pc = 0;        // address of the faulting instruction
  uintptr_t address = 0;   // si_addr: the bad address for SIGSEGV/SIGBUS
  int64_t offset = -1;     // pc - start of the called code when inside it, else -1

  bool ok() const { return fault == Fault::none; }
  // "SIGSEGV at offset 3 (address 0x0)" or "ok".
  std::string describe() const;
};

inline constexpr size_t max_int_args = 6;
inline constexpr size_t max_double_args = 8;

// All argument registers of a call; unused ones are zero.
struct CallArgs {
  int64_t ints[max_int_args] = {};       // rdi, rsi, rdx, rcx, r8, r9
  double doubles[max_double_args] = {};  // xmm0 .. xmm7
};

// Validate the handle (live and sealed, lock-free), then call it guarded.
// Errors: stale_handle, not_sealed, invalid_argument (more than 6 ints or 8 doubles).
Result<CallResult> call(const Memory& memory, Handle handle,
                        std::span<const int64_t> ints,
                        std::span<const double> doubles = {});
Result<CallResult> call(const Memory& memory, Handle handle, const CallArgs& args);

// Guarded call of a raw code pointer (for C++ users and the runtime
// assembler). `size` bounds the code for the fault offset (0: unknown).
// Not validated: the caller vouches for `code`.
CallResult call_guarded(const void* code, size_t size, const CallArgs& args);
// The same with integer arguments only (the doubles are 0): nothing to
// zero-fill for the hot int-only calls.
CallResult call_guarded(const void* code, size_t size, const int64_t (&ints)[max_int_args]);

// Unguarded direct call for C++ users: the entry as a typed function pointer.
template <class Fn>
Fn function_pointer(const Entry& entry) {
  return reinterpret_cast<Fn>(const_cast<void*>(entry.code));
}

}  // namespace jitmem
