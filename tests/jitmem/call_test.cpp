// Guarded calls: arguments and results, and every fault kind reported with
// its offset while the process keeps working.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cmath>
#include <limits>
#include <thread>

#include "helpers.hpp"

using namespace jitmem;
using namespace jitmem_test;

namespace {

class CallTest : public ::testing::Test {
 protected:
  int64_t add(int64_t a, int64_t b) {
    auto result = call(memory, add_handle, std::vector<int64_t>{a, b});
    EXPECT_TRUE(result.ok());
    EXPECT_TRUE(result->ok()) << result->describe();
    return result->rax;
  }

  CallResult fault_of(const Snippet& snippet, std::vector<int64_t> args = {}) {
    Handle handle = seal_snippet(memory, snippet);
    auto result = call(memory, handle, args);
    EXPECT_TRUE(result.ok());
    EXPECT_EQ(add(40, 2), 42) << "the process keeps working after " << snippet.name;
    return *result;
  }

  Memory memory;
  Handle add_handle = seal_snippet(memory, add2);
};

TEST_F(CallTest, Int64ArgumentsAndResultsAreExact) {
  const int64_t two53p1 = (int64_t{1} << 53) + 1;
  const int64_t min = std::numeric_limits<int64_t>::min();
  const int64_t max = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(add(two53p1, 0), two53p1);
  EXPECT_EQ(add(two53p1, two53p1), 2 * two53p1);
  EXPECT_EQ(add(-1, 0), -1);
  EXPECT_EQ(add(min, 0), min);
  EXPECT_EQ(add(max, 1), min);  // wraps like the machine
  EXPECT_EQ(add(min, -1), max);
}

TEST_F(CallTest, AllSixIntegerRegisters) {
  Handle sum = seal_snippet(memory, add6);
  EXPECT_EQ(call(memory, sum, std::vector<int64_t>{1, 10, 100, 1000, 10000, 100000})->rax, 111111);
  Handle sixth = seal_snippet(memory, arg6);
  EXPECT_EQ(call(memory, sixth, std::vector<int64_t>{1, 2, 3, 4, 5, INT64_MIN})->rax, INT64_MIN);
  // Missing arguments are zero.
  EXPECT_EQ(call(memory, sixth, std::vector<int64_t>{1, 2})->rax, 0);
}

TEST_F(CallTest, TooManyArgumentsAreAnError) {
  auto result = call(memory, add_handle, std::vector<int64_t>(7, 1));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, Errc::invalid_argument);
  EXPECT_EQ(result.error().message, "jitmem::call: 7 integer and 0 double arguments given; at most 6 and 8");
  EXPECT_EQ(call(memory, add_handle, {}, std::vector<double>(9, 1.0)).error().code, Errc::invalid_argument);
}

TEST_F(CallTest, DoubleArgumentsAndResult) {
  Handle handle = seal_snippet(memory, add_doubles);
  auto result = call(memory, handle, std::vector<int64_t>{7}, std::vector<double>{1.5, 0.25});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->xmm0, 1.75);
  EXPECT_EQ(result->rax, 7);  // rax and xmm0 both come back
  Handle eighth = seal_snippet(memory, double8);
  CallArgs args;
  args.doubles[7] = -0.1;
  EXPECT_EQ(call(memory, eighth, args)->xmm0, -0.1);
  args.doubles[7] = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(std::isinf(call(memory, eighth, args)->xmm0));
}

TEST_F(CallTest, RawPointerCall) {
  auto entry = memory.entry(add_handle);
  ASSERT_TRUE(entry.ok());
  CallArgs args;
  args.ints[0] = 100;
  args.ints[1] = -58;
  CallResult result = call_guarded(entry->code, entry->size, args);
  EXPECT_TRUE(result.ok());
  EXPECT_EQ(result.rax, 42);
  Handle bad = seal_snippet(memory, illegal);
  CallResult fault = call_guarded(memory.entry(bad)->code, 0, {});  // size unknown
  EXPECT_EQ(fault.fault, Fault::ill);
  EXPECT_EQ(fault.offset, -1);
  EXPECT_EQ(fault.pc, memory.info(bad)->exec_address + illegal.at);
  EXPECT_EQ(memory.find(fault.pc), bad);
}

// The int-only form: the six integer registers as given, the doubles 0, faults
// reported the same way.
TEST_F(CallTest, RawPointerCallWithIntsOnly) {
  Handle sixth = seal_snippet(memory, arg6);
  int64_t ints[max_int_args] = {1, 2, 3, 4, 5, INT64_MIN};
  CallResult result = call_guarded(memory.entry(sixth)->code, arg6.bytes.size(), ints);
  EXPECT_TRUE(result.ok());
  EXPECT_EQ(result.rax, INT64_MIN);
  Handle eighth = seal_snippet(memory, double8);
  EXPECT_EQ(call_guarded(memory.entry(eighth)->code, double8.bytes.size(), ints).xmm0, 0.0);
  Handle bad = seal_snippet(memory, illegal);
  CallResult fault = call_guarded(memory.entry(bad)->code, illegal.bytes.size(), ints);
  EXPECT_EQ(fault.fault, Fault::ill);
  EXPECT_EQ(fault.offset, illegal.at);
}

TEST_F(CallTest, NullDereferenceIsSigsegv) {
  CallResult r = fault_of(null_load);
  EXPECT_EQ(r.fault, Fault::segv);
  EXPECT_EQ(r.signal, SIGSEGV);
  EXPECT_EQ(r.offset, null_load.at);
  EXPECT_EQ(r.address, 0u);
  EXPECT_EQ(r.describe(), "SIGSEGV at offset " + std::to_string(null_load.at) + " (address 0x0)");
}

TEST_F(CallTest, IllegalInstructionIsSigill) {
  CallResult r = fault_of(illegal);
  EXPECT_EQ(r.fault, Fault::ill);
  EXPECT_EQ(r.signal, SIGILL);
  EXPECT_EQ(r.offset, illegal.at);
  EXPECT_EQ(r.describe(), "SIGILL at offset " + std::to_string(illegal.at));
}

TEST_F(CallTest, DivisionByZeroIsSigfpe) {
  if (div_zero.bytes.empty()) GTEST_SKIP() << "integer division does not trap on this CPU";
  CallResult r = fault_of(div_zero, {5});
  EXPECT_EQ(r.fault, Fault::fpe);
  EXPECT_EQ(r.signal, SIGFPE);
  EXPECT_EQ(r.offset, div_zero.at);
}

TEST_F(CallTest, TrapIsSigtrapAtTheInstruction) {
  CallResult r = fault_of(trap);
  EXPECT_EQ(r.fault, Fault::trap);
  EXPECT_EQ(r.signal, SIGTRAP);
  EXPECT_EQ(r.offset, trap.at);
}

TEST_F(CallTest, RunawayRecursionIsStackOverflow) {
  CallResult r = fault_of(recurse);
  EXPECT_EQ(r.fault, Fault::stack_overflow);
  EXPECT_EQ(r.signal, SIGSEGV);
  EXPECT_EQ(r.offset, recurse.at);
  EXPECT_EQ(r.describe(), "stack overflow at offset " + std::to_string(recurse.at));
  // A second overflow works as well (the handler's stack was not lost).
  EXPECT_EQ(fault_of(recurse).fault, Fault::stack_overflow);
}

TEST_F(CallTest, RepeatedFaultsKeepWorking) {
  Handle bad = seal_snippet(memory, null_load);
  for (int i = 0; i < 100; ++i) {
    ASSERT_EQ(call(memory, bad, std::vector<int64_t>{})->fault, Fault::segv);
    ASSERT_EQ(add(i, 1), i + 1);
  }
}

TEST_F(CallTest, FaultsInAnotherThread) {
  CallResult fault, overflow;
  int64_t sum = 0;
  std::thread worker([&] {
    fault = *call(memory, seal_snippet(memory, illegal), std::vector<int64_t>{});
    overflow = *call(memory, seal_snippet(memory, recurse), std::vector<int64_t>{});
    sum = call(memory, add_handle, std::vector<int64_t>{2, 2})->rax;
  });
  worker.join();
  EXPECT_EQ(fault.fault, Fault::ill);
  EXPECT_EQ(overflow.fault, Fault::stack_overflow);
  EXPECT_EQ(sum, 4);
}

// JIT code calls back into C++, which makes its own guarded call that faults:
// the inner fault is reported to the inner call, and the outer frame is
// restored for faults after the callback returns.
Memory* nested_memory;
Handle nested_ud2;
int64_t nested_callback() {
  auto inner = call(*nested_memory, nested_ud2, std::vector<int64_t>{});
  return inner.ok() && inner->fault == Fault::ill ? 1234 : -1;
}

TEST_F(CallTest, NestedGuardedCalls) {
  nested_memory = &memory;
  nested_ud2 = seal_snippet(memory, illegal);
  const int64_t callback = reinterpret_cast<int64_t>(&nested_callback);
  auto outer = call(memory, seal_snippet(memory, call_arg0), std::vector<int64_t>{callback});
  ASSERT_TRUE(outer.ok());
  EXPECT_TRUE(outer->ok()) << outer->describe();
  EXPECT_EQ(outer->rax, 1234);
  auto faulting = call(memory, seal_snippet(memory, call_arg0_then_illegal), std::vector<int64_t>{callback});
  EXPECT_EQ(faulting->fault, Fault::ill);
  EXPECT_EQ(faulting->offset, call_arg0_then_illegal.at);
  EXPECT_EQ(add(1, 2), 3);
}

// A fault outside any guarded call is not ours: it reaches the handler that
// was there before (here the default action, which kills the process).
TEST(CallDeathTest, FaultOutsideGuardedCallChainsToPreviousHandler) {
  GTEST_FLAG_SET(death_test_style, death_test_style());
  EXPECT_EXIT(
      {
        Memory memory;
        Handle handle = seal_snippet(memory, illegal);
        (void)call(memory, handle, std::vector<int64_t>{});  // installs the handlers
        function_pointer<void (*)()> (*memory.entry(handle))();
      },
      ::testing::KilledBySignal(SIGILL), "");
}

// Under ASan its SEGV handler is installed before jitmem's: a guarded fault is
// still jitmem's, an unguarded one still gets ASan's report.
#if defined(__SANITIZE_ADDRESS__)
constexpr const char* unguarded_segv_report = "AddressSanitizer: SEGV";
#else
constexpr const char* unguarded_segv_report = "";
#endif

TEST(CallDeathTest, UnguardedSegvReachesTheEarlierHandler) {
  GTEST_FLAG_SET(death_test_style, death_test_style());
  EXPECT_DEATH(
      {
        Memory memory;
        Handle handle = seal_snippet(memory, null_load);
        if (call(memory, handle, std::vector<int64_t>{})->fault != Fault::segv) _exit(0);
        function_pointer<void (*)()> (*memory.entry(handle))();
      },
      unguarded_segv_report);
}

// A handler installed before jitmem's (as ASan installs its own) still gets
// the faults that are not jitmem's, with its siginfo.
TEST(CallDeathTest, ChainsToAnEarlierSiginfoHandler) {
  GTEST_FLAG_SET(death_test_style, death_test_style());
  EXPECT_EXIT(
      {
        struct sigaction earlier {};
        earlier.sa_flags = SA_SIGINFO;
        earlier.sa_sigaction = [](int sig, siginfo_t* info, void*) {
          _exit(sig == SIGILL && info->si_code > 0 ? 7 : 1);
        };
        sigaction(SIGILL, &earlier, nullptr);
        Memory memory;
        Handle handle = seal_snippet(memory, illegal);
        // Inside a guarded call the fault is jitmem's: reported, not chained.
        if (call(memory, handle, std::vector<int64_t>{})->fault != Fault::ill) _exit(2);
        function_pointer<void (*)()> (*memory.entry(handle))();
      },
      ::testing::ExitedWithCode(7), "");
}

}  // namespace
