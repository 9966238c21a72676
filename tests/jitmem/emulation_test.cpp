// The stale-code limit of qemu-user (docs/jitmem.md, "Emulated runs"): code
// rewritten through the read-write view at an address that already ran is
// not seen by the emulator unless jitmem makes it retranslate. Run natively,
// in the cross builds under qemu (JITMEM_TEST_EXPECT_EMULATED=1), and there
// once more with the retranslation turned off (JITMEM_EMULATED=0) to show
// the emulator's behaviour itself (the canary: it fails the day qemu sees
// such stores, and the mode can go).
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

#include "helpers.hpp"

using namespace jitmem;
using namespace jitmem_test;

namespace {

bool env_is(const char* name, const char* value) {
  const char* v = std::getenv(name);
  return v && std::strcmp(v, value) == 0;
}

bool expect_emulator() { return env_is("JITMEM_TEST_EXPECT_EMULATED", "1"); }
bool retranslation_forced_off() { return env_is("JITMEM_EMULATED", "0"); }

// Seal `first`, run it, free it, let reuse_delay frees pass so the chunk
// comes back, seal `second` there and run it (with 5, 7).
struct Reuse {
  int64_t first_result = 0, second_result = 0;
  bool same_address = false;
  CallResult stale;  // the first code's pointer, called after its free
};

Reuse reuse(const Snippet& first, const Snippet& second) {
  Memory memory;
  Reuse out;
  auto a = memory.seal_code(first.bytes);
  EXPECT_TRUE(a.ok());
  out.first_result = call(memory, a->handle, std::vector<int64_t>{5, 7})->rax;
  EXPECT_TRUE(memory.free(a->handle).ok());
  out.stale = call_guarded(a->entry.code, a->entry.size, {});
  for (size_t i = 0; i < reuse_delay; ++i) (void)memory.free(memory.seal_code(host.nop.bytes)->handle);
  auto b = memory.seal_code(second.bytes);
  EXPECT_TRUE(b.ok());
  out.same_address = b->entry.code == a->entry.code;
  out.second_result = call(memory, b->handle, std::vector<int64_t>{5, 7})->rax;
  return out;
}

TEST(Emulation, ProbeFindsWhereItRuns) {
  if (retranslation_forced_off()) {
    EXPECT_FALSE(stale_code_emulation());
    return;
  }
  EXPECT_EQ(stale_code_emulation(), expect_emulator())
      << "JITMEM_TEST_EXPECT_EMULATED says whether the test runs under qemu-user";
}

// Real hardware, and qemu with the retranslation: the new code runs, and a
// stale pointer to freed code traps.
TEST(Emulation, ReusedChunkRunsTheNewCode) {
  if (retranslation_forced_off()) GTEST_SKIP() << "retranslation off: see EmulatorKeepsStaleCode";
  Reuse r = reuse(add2, identity);
  ASSERT_TRUE(r.same_address);
  EXPECT_EQ(r.first_result, 12);
  EXPECT_EQ(r.second_result, 5);
  EXPECT_EQ(r.stale.fault, Fault::trap) << r.stale.describe();
}

// The canary: qemu-user without the retranslation runs the old code at the
// reused address, and the freed code still runs through a stale pointer.
TEST(Emulation, EmulatorKeepsStaleCode) {
  if (!retranslation_forced_off() || !expect_emulator()) GTEST_SKIP() << "only under qemu-user with JITMEM_EMULATED=0";
  Reuse r = reuse(add2, identity);
  ASSERT_TRUE(r.same_address);
  EXPECT_EQ(r.first_result, 12);
  EXPECT_EQ(r.second_result, 12) << "qemu ran the new code: the emulated mode may no longer be needed";
  EXPECT_TRUE(r.stale.ok()) << r.stale.describe();
}

}  // namespace
