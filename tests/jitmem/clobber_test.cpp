// JIT code that breaks the calling convention cannot take the host down
// (issue 14, item 5), and a call can be interrupted (item 6).
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>

#include "helpers.hpp"

using namespace jitmem;
using namespace jitmem_test;

namespace {

#if defined(__x86_64__)
#define FP_REG "+x"
uint64_t fp_control_now() {
  uint32_t mxcsr;
  uint16_t x87;
  asm volatile("stmxcsr %0\n\tfnstcw %1" : "=m"(mxcsr), "=m"(x87));
  return mxcsr | (uint64_t{x87} << 32);
}
#elif defined(__aarch64__)
#define FP_REG "+w"
uint64_t fp_control_now() {
  uint64_t fpcr;
  asm volatile("mrs %0, fpcr" : "=r"(fpcr));
  return fpcr;
}
#else
#define FP_REG "+f"
uint64_t fp_control_now() {
  uint64_t fcsr;
  asm volatile("frcsr %0" : "=r"(fcsr));
  return fcsr;
}
#endif

// Twelve integers and eight doubles held in registers across the call: the
// compiler keeps them in callee-saved registers (or spills them), so code
// that clobbers one shows up as a changed value or a crash.
[[gnu::noinline]] bool values_survive(const void* code, size_t size) {
  volatile int64_t seed = 1;
  int64_t a = seed * 3, b = seed * 5, c = seed * 7, d = seed * 11, e = seed * 13, f = seed * 17;
  int64_t g = seed * 19, h = seed * 23, i = seed * 29, j = seed * 31, k = seed * 37, l = seed * 41;
  double p = seed * 1.5, q = seed * 2.5, r = seed * 3.5, s = seed * 4.5;
  double t = seed * 5.5, u = seed * 6.5, v = seed * 7.5, w = seed * 8.5;
  asm volatile("" : "+r"(a), "+r"(b), "+r"(c), "+r"(d), "+r"(e), "+r"(f));
  asm volatile("" : "+r"(g), "+r"(h), "+r"(i), "+r"(j), "+r"(k), "+r"(l));
  asm volatile("" : FP_REG(p), FP_REG(q), FP_REG(r), FP_REG(s), FP_REG(t), FP_REG(u), FP_REG(v), FP_REG(w));
  CallResult result = call_guarded(code, size, {});
  asm volatile("" : "+r"(a), "+r"(b), "+r"(c), "+r"(d), "+r"(e), "+r"(f));
  asm volatile("" : "+r"(g), "+r"(h), "+r"(i), "+r"(j), "+r"(k), "+r"(l));
  asm volatile("" : FP_REG(p), FP_REG(q), FP_REG(r), FP_REG(s), FP_REG(t), FP_REG(u), FP_REG(v), FP_REG(w));
  return result.ok() && a == 3 && b == 5 && c == 7 && d == 11 && e == 13 && f == 17 && g == 19 && h == 23 && i == 29 &&
         j == 31 && k == 37 && l == 41 && p == 1.5 && q == 2.5 && r == 3.5 && s == 4.5 && t == 5.5 && u == 6.5 &&
         v == 7.5 && w == 8.5;
}

TEST(Clobber, CalleeSavedRegistersAreRestored) {
  Memory memory;
  ASSERT_FALSE(host.clobbers.empty());
  for (const Snippet& clobber : host.clobbers) {
    auto sealed = memory.seal_code(clobber.bytes);
    ASSERT_TRUE(sealed.ok());
    for (int round = 0; round < 3; ++round)
      EXPECT_TRUE(values_survive(sealed->entry.code, sealed->entry.size)) << clobber.name;
    // Through the handle API as well, and the process keeps working.
    EXPECT_TRUE(call(memory, sealed->handle, std::vector<int64_t>{})->ok()) << clobber.name;
    std::vector<int> heap(1000, 1);  // the allocator's state is intact
    EXPECT_EQ(heap.back(), 1);
  }
}

TEST(Clobber, ReturningWithAnotherStackPointerIsAFault) {
  Memory memory;
  Handle bad = seal_snippet(memory, host.bad_sp);
  for (int round = 0; round < 3; ++round) {
    auto result = call(memory, bad, std::vector<int64_t>{});
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->fault, Fault::stack_pointer);
    EXPECT_EQ(result->describe(),
              "stack pointer changed: the code returned with a stack pointer other than the one "
              "it was called with");
  }
  EXPECT_EQ(call(memory, seal_snippet(memory, add2), std::vector<int64_t>{40, 2})->rax, 42);
}

TEST(Clobber, FloatingPointControlIsRestored) {
  Memory memory;
  Handle changer = seal_snippet(memory, host.fp_control);
  uint64_t before = fp_control_now();
  auto result = call(memory, changer, std::vector<int64_t>{});
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->ok()) << result->describe();
  EXPECT_EQ(fp_control_now(), before);
}

// The fault path restores the FP control too (a signal frame loses it).
TEST(Clobber, FloatingPointControlIsRestoredAfterAFault) {
  Memory memory;
  // The snippet's return (c3; a 4-byte ret elsewhere) replaced by the trap instruction.
  std::vector<uint8_t> code = host.fp_control.bytes;
  code.erase(code.end() - static_cast<ptrdiff_t>(host.insn_align == 1 ? 1 : 4), code.end());
  code.insert(code.end(), host.trap.bytes.begin() + host.trap.at, host.trap.bytes.end());
  auto sealed = memory.seal_code(code);
  ASSERT_TRUE(sealed.ok());
  uint64_t before = fp_control_now();
  auto result = call(memory, sealed->handle, std::vector<int64_t>{});
  EXPECT_EQ(result->fault, Fault::trap) << result->describe();
  EXPECT_EQ(fp_control_now(), before);
}

TEST(Clobber, DirectionFlagIsCleared) {
#if defined(__x86_64__)
  Memory memory;
  Handle setter = seal_snippet(memory, host.set_df);
  auto result = call(memory, setter, std::vector<int64_t>{});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(__builtin_ia32_readeflags_u64() & 0x400, 0u);
  // memmove copies backwards with DF set: it must still copy forwards.
  char text[] = "abcdef";
  std::memmove(text + 1, text, 4);
  EXPECT_STREQ(text, "aabcdf");
#else
  GTEST_SKIP() << "no direction flag on this CPU";
#endif
}

// Interrupts.

std::atomic<int> interrupt_answers{0};
std::atomic<bool> interrupt_refused{false};

void on_sigint(int, siginfo_t*, void* context) {
  if (interrupt_from_signal(context)) interrupt_answers.fetch_add(1);
  else interrupt_refused = true;
}

struct SigintHandler {
  struct sigaction previous {};
  SigintHandler() {
    struct sigaction action {};
    action.sa_sigaction = on_sigint;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previous);
  }
  ~SigintHandler() { sigaction(SIGINT, &previous, nullptr); }
};

// Sends `signal` to `thread` every 20 ms until `done`.
std::thread keep_signalling(pthread_t thread, int signal, std::atomic<bool>& done) {
  return std::thread([thread, signal, &done] {
    while (!done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      if (!done) pthread_kill(thread, signal);
    }
  });
}

TEST(Interrupt, EndlessLoopEndsOnTheHostsSignal) {
  SigintHandler handler;
  Memory memory;
  Handle spin = seal_snippet(memory, host.spin);
  std::atomic<bool> done{false};
  std::thread sender = keep_signalling(pthread_self(), SIGINT, done);
  auto result = call(memory, spin, std::vector<int64_t>{});
  done = true;
  sender.join();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->fault, Fault::interrupted);
  EXPECT_EQ(result->offset, 0);
  EXPECT_EQ(result->describe(), "interrupted at offset 0");
  // Once more: the signal is not left blocked.
  done = false;
  std::thread again = keep_signalling(pthread_self(), SIGINT, done);
  EXPECT_EQ(call(memory, spin, std::vector<int64_t>{})->fault, Fault::interrupted);
  done = true;
  again.join();
  EXPECT_EQ(call(memory, seal_snippet(memory, add2), std::vector<int64_t>{1, 2})->rax, 3);
}

TEST(Interrupt, FromAnotherThread) {
  Memory memory;
  Handle spin = seal_snippet(memory, host.spin);
  std::atomic<bool> done{false};
  CallResult result;
  std::thread runner([&] {
    result = *call(memory, spin, std::vector<int64_t>{});
    done = true;
  });
  while (!done) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (!done) { EXPECT_TRUE(interrupt(runner.native_handle())); }
  }
  runner.join();
  EXPECT_EQ(result.fault, Fault::interrupted);
}

TEST(Interrupt, OutsideAGuardedCallTheHostDecides) {
  SigintHandler handler;
  interrupt_refused = false;
  raise(SIGINT);
  EXPECT_TRUE(interrupt_refused);
  // SIGURG outside a call is ignored, as by default.
  Memory memory;
  EXPECT_TRUE(interrupt(pthread_self()));
}

// An interrupt while JIT code is in host code it called: the host code
// finishes, and the call ends interrupted when the JIT code returns.
int64_t interrupted_callback() {
  raise(SIGINT);
  return 5;
}

TEST(Interrupt, HostCodeCalledFromJitCodeFinishesFirst) {
  SigintHandler handler;
  Memory memory;
  Handle caller = seal_snippet(memory, call_arg0);
  interrupt_answers = 0;
  auto result = call(memory, caller, std::vector<int64_t>{reinterpret_cast<int64_t>(&interrupted_callback)});
  EXPECT_EQ(interrupt_answers.load(), 1);
  EXPECT_EQ(result->fault, Fault::interrupted);
  EXPECT_EQ(result->describe(), "interrupted");
  // The next call is not interrupted.
  EXPECT_TRUE(
      call(memory, caller, std::vector<int64_t>{reinterpret_cast<int64_t>(+[]() -> int64_t { return 6; })})->ok());
}

}  // namespace
