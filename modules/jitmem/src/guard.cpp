// Guarded calls: a thread-local frame describes the running call; the fault
// handler (installed once, on an alternate stack) records the fault and
// makes the thread continue in the trampoline's fault path when it returns
// (jitmem_enter_resume, arch.hpp): the trampoline's frame already holds
// every register the call must give back, so no jump buffer is filled per
// call, and returning from the handler restores the signal mask. Faults
// outside a guarded call go to the handler that was installed before ours
// (ASan's, or the default).
#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define JITMEM_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(JITMEM_ASAN)
#include <sanitizer/asan_interface.h>
#define JITMEM_ASAN 1
#endif

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>

#include "arch.hpp"
#include "code_sync.hpp"
#include "jitmem/call.hpp"

namespace jitmem {

namespace {

using detail::EnterResult;
using detail::EnterState;

struct GuardFrame {
  uintptr_t begin;
  uintptr_t end;
  GuardFrame* previous;
  EnterState state;
  volatile int signal;  // 0 while the call runs; set by the handler that ends it
  int code;
  uintptr_t pc;
  uintptr_t sp;
  uintptr_t address;
  // Set by an interrupt that came while host code ran: the call ends
  // interrupted when it returns (sig_atomic_t: written by a handler).
  volatile sig_atomic_t interrupt_pending;
};

// Marks GuardFrame::signal for an interrupt (no signal number is reported).
constexpr int interrupt_mark = -1;

// initial-exec: plain TLS reads in the handler, no lazy allocation.
[[gnu::tls_model("initial-exec")]] thread_local GuardFrame* t_frame = nullptr;
[[gnu::tls_model("initial-exec")]] thread_local bool t_ready = false;

constexpr int guarded_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP};
constexpr size_t signal_count = std::size(guarded_signals);
struct sigaction previous_actions[signal_count];

// A SIGSEGV this close to the stack pointer is the stack running out.
constexpr uintptr_t stack_overflow_window = 64 * 1024;
constexpr size_t alt_stack_size = 256 * 1024;

const struct sigaction* previous_for(int sig) {
  for (size_t i = 0; i < signal_count; ++i)
    if (guarded_signals[i] == sig) return &previous_actions[i];
  return nullptr;
}

// Not our fault: behave as if we had never been installed.
void chain(int sig, siginfo_t* info, void* context) {
  const struct sigaction* previous = previous_for(sig);
  if (previous && (previous->sa_flags & SA_SIGINFO)) {
    previous->sa_sigaction(sig, info, context);
    return;
  }
  if (previous && previous->sa_handler != SIG_DFL && previous->sa_handler != SIG_IGN) {
    previous->sa_handler(sig);
    return;
  }
  // Default action (ignoring a synchronous fault would loop forever): it
  // takes effect when the handler returns and the signal is unblocked.
  struct sigaction fallback {};
  fallback.sa_handler = SIG_DFL;
  sigaction(sig, &fallback, nullptr);
  raise(sig);
}

// Ends the guarded call `frame` from a signal handler: when the handler
// returns, the thread continues in the trampoline's fault path.
void leave(GuardFrame* frame, int sig, int code, ucontext_t* uc, uintptr_t address) {
  frame->signal = sig;
  frame->code = code;
  frame->pc = detail::arch::context_pc(uc);
  frame->sp = detail::arch::context_sp(uc);
  frame->address = address;
  t_frame = frame->previous;
  detail::arch::resume_at(uc, reinterpret_cast<uintptr_t>(detail::jitmem_enter_resume), frame->state.resume_sp);
}

void on_fault(int sig, siginfo_t* info, void* context) {
  GuardFrame* frame = t_frame;
  auto* uc = static_cast<ucontext_t*>(context);
  // An instruction fetch from a page that is briefly not executable while
  // an emulator is made to retranslate it (code_sync.cpp): wait, then run
  // the instruction again.
  if (sig == SIGSEGV && detail::retranslations_in_flight.load(std::memory_order_acquire) &&
      reinterpret_cast<uintptr_t>(info->si_addr) == detail::arch::context_pc(uc)) {
    while (detail::retranslations_in_flight.load(std::memory_order_acquire)) detail::arch::cpu_relax();
    return;
  }
  // Not in a guarded call, sent by kill(), or before the trampoline saved
  // its frame (nothing to resume: as if jitmem were not there).
  if (frame == nullptr || info->si_code <= 0 || frame->state.resume_sp == 0) {
    chain(sig, info, context);
    return;
  }
  leave(frame, sig, info->si_code, uc, reinterpret_cast<uintptr_t>(info->si_addr));
}

void install_handlers() {
  struct sigaction action {};
  action.sa_sigaction = on_fault;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&action.sa_mask);
  for (size_t i = 0; i < signal_count; ++i) sigaction(guarded_signals[i], &action, &previous_actions[i]);
}

// The alternate stack the handler runs on (a stack overflow leaves no room on
// the normal one). Kept if the thread already has one (ASan sets its own).
struct AltStack {
  void* memory = nullptr;
  ~AltStack() {
    if (!memory) return;
    stack_t current{};
    if (sigaltstack(nullptr, &current) == 0 && current.ss_sp == memory) {
      stack_t off{};
      off.ss_flags = SS_DISABLE;
      sigaltstack(&off, nullptr);
    }
    munmap(memory, alt_stack_size);
  }
};
thread_local AltStack t_alt_stack;

[[gnu::noinline]] void prepare_thread() {
  static std::once_flag installed;
  std::call_once(installed, install_handlers);
  stack_t current{};
  sigaltstack(nullptr, &current);
  if ((current.ss_flags & SS_DISABLE) || current.ss_size < static_cast<size_t>(MINSIGSTKSZ)) {
    void* memory =
        mmap(nullptr, alt_stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (memory != MAP_FAILED) {
      stack_t alt{};
      alt.ss_sp = memory;
      alt.ss_size = alt_stack_size;
      if (sigaltstack(&alt, nullptr) == 0) t_alt_stack.memory = memory;
      else munmap(memory, alt_stack_size);
    }
  }
  t_ready = true;
}

Fault classify(const GuardFrame& frame) {
  if (frame.signal == interrupt_mark) return Fault::interrupted;
  if (frame.pc == reinterpret_cast<uintptr_t>(detail::jitmem_enter_bad_sp)) return Fault::stack_pointer;
  switch (frame.signal) {
    case SIGSEGV: {
      bool near_sp =
          frame.address + stack_overflow_window >= frame.sp && frame.address <= frame.sp + stack_overflow_window;
      return near_sp ? Fault::stack_overflow : Fault::segv;
    }
    case SIGBUS: return Fault::bus;
    case SIGILL: return Fault::ill;
    case SIGFPE: return Fault::fpe;
    default: return Fault::trap;
  }
}

[[gnu::noinline, gnu::cold]] CallResult fault_result(const GuardFrame& frame) {
#if defined(JITMEM_ASAN)
  // Host frames the code had called (a callback that faulted) were skipped,
  // not returned from: their redzones must not stay poisoned.
  __asan_handle_no_return();
#endif
  CallResult result;
  result.fault = classify(frame);
  result.signal = frame.signal == interrupt_mark ? 0 : frame.signal;
  result.pc = detail::arch::fault_pc(frame.pc, frame.signal, frame.code);
  result.address = frame.address;
  if (result.pc >= frame.begin && result.pc < frame.end) result.offset = static_cast<int64_t>(result.pc - frame.begin);
  return result;
}

}  // namespace

namespace {

[[gnu::noinline, gnu::cold]] CallResult interrupted_on_return() {
  CallResult result;
  result.fault = Fault::interrupted;
  return result;
}

// The guarded call itself, for both argument forms.
CallResult run_guarded(const void* code, size_t size, const int64_t* i, const double* d) {
  if (!t_ready) [[unlikely]]
    prepare_thread();
  GuardFrame frame;
  frame.begin = reinterpret_cast<uintptr_t>(code);
  frame.end = frame.begin + size;
  frame.previous = t_frame;
  frame.state.resume_sp = 0;  // set by the trampoline before it loads anything
  frame.signal = 0;
  frame.interrupt_pending = 0;
  t_frame = &frame;
  EnterResult r = detail::jitmem_enter(code, i, d, &frame.state);
  // Read after the call: a fault's handler wrote it (and unlinked the frame).
  if (frame.signal != 0) [[unlikely]]
    return fault_result(frame);
  t_frame = frame.previous;
  if (frame.interrupt_pending) [[unlikely]]
    return interrupted_on_return();
  CallResult result;
  result.rax = r.int_result;
  result.xmm0 = r.double_result;
  return result;
}

constexpr int interrupt_signal = SIGURG;
struct sigaction previous_interrupt_action;

void on_interrupt_signal(int sig, siginfo_t* info, void* context) {
  if (interrupt_from_signal(context)) return;
  const struct sigaction& previous = previous_interrupt_action;
  if (previous.sa_flags & SA_SIGINFO) previous.sa_sigaction(sig, info, context);
  else if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN) previous.sa_handler(sig);
  // SIGURG's default is to be ignored.
}

void install_interrupt_handler() {
  struct sigaction action {};
  action.sa_sigaction = on_interrupt_signal;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
  sigemptyset(&action.sa_mask);
  sigaction(interrupt_signal, &action, &previous_interrupt_action);
}

}  // namespace

CallResult call_guarded(const void* code, size_t size, const CallArgs& args) {
  return run_guarded(code, size, args.ints, args.doubles);
}

CallResult call_guarded(const void* code, size_t size, const int64_t (&ints)[max_int_args]) {
  return run_guarded(code, size, ints, nullptr);
}

Result<CallResult> call(const Memory& memory, Handle handle, const CallArgs& args) {
  Entry entry = memory.sealed_entry(handle);
  if (entry.code) [[likely]]
    return call_guarded(entry.code, entry.size, args);
  auto failed = memory.entry(handle);  // the reason, as an Error
  Error error = failed ? Error{Errc::stale_handle, "jitmem::entry: region freed during the call"} : failed.error();
  error.message.replace(0, std::strlen("jitmem::entry"), "jitmem::call");
  return error;
}

Result<CallResult> call(const Memory& memory, Handle handle, std::span<const int64_t> ints,
                        std::span<const double> doubles) {
  if (ints.size() > max_int_args || doubles.size() > max_double_args)
    return Error{Errc::invalid_argument,
                 fmt::format("jitmem::call: {} integer and {} double arguments given; at most {} "
                             "and {}",
                             ints.size(), doubles.size(), max_int_args, max_double_args)};
  CallArgs args;
  std::copy(ints.begin(), ints.end(), args.ints);
  std::copy(doubles.begin(), doubles.end(), args.doubles);
  return call(memory, handle, args);
}

bool interrupt_from_signal(void* context) {
  GuardFrame* frame = t_frame;
  if (frame == nullptr) return false;
  auto* uc = static_cast<ucontext_t*>(context);
  uintptr_t pc = detail::arch::context_pc(uc);
  if (pc < frame->begin || pc >= frame->end) frame->interrupt_pending = 1;  // host code: it must finish what it does
  else leave(frame, interrupt_mark, 0, uc, 0);
  return true;
}

bool interrupt(pthread_t thread) {
  static std::once_flag installed;
  std::call_once(installed, install_interrupt_handler);
  return pthread_kill(thread, interrupt_signal) == 0;
}

const char* fault_name(Fault fault) {
  switch (fault) {
    case Fault::none: return "none";
    case Fault::segv: return "SIGSEGV";
    case Fault::bus: return "SIGBUS";
    case Fault::ill: return "SIGILL";
    case Fault::fpe: return "SIGFPE";
    case Fault::trap: return "SIGTRAP";
    case Fault::stack_overflow: return "stack overflow";
    case Fault::stack_pointer: return "stack pointer changed";
    case Fault::interrupted: return "interrupted";
  }
  return "unknown";
}

std::string CallResult::describe() const {
  if (ok()) return "ok";
  if (fault == Fault::stack_pointer)
    return "stack pointer changed: the code returned with a stack pointer other than the one it "
           "was called with";
  if (fault == Fault::interrupted && pc == 0) return "interrupted";
  std::string where =
      offset >= 0 ? fmt::format("at offset {}", offset) : fmt::format("at pc {:#x} outside the called code", pc);
  if (fault == Fault::segv || fault == Fault::bus)
    return fmt::format("{} {} (address {:#x})", fault_name(fault), where, address);
  return fmt::format("{} {}", fault_name(fault), where);
}

}  // namespace jitmem
