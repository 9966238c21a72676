// `use asm` from a host program (the embedding API): capabilities removed or
// withheld by the host, W^X while sealing, release of unreachable handles,
// explicit free, and the perf map name.
#include <gtest/gtest.h>
#include <unistd.h>
#include <asm_module.hpp>
#include <ilusm/bindings.hpp>
#include <ilusm/ilusm.hpp>
#include <ilusm/natives.hpp>
#include <jitmem/jitmem.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace {

const char* kNatives[] = {"__native_mmap_rw", "__native_jit_put", "__native_mprotect_rx", "__native_call"};

struct Host {
  ilusm::Interp in;
  std::string out;
  Host() {
    ilusm::open_bindings(in);
    in.set_output([this](std::string_view s) { out += s; });
    in.run_string("use asm\np = asmre(asmad(asmmo1(asmne(), \"rax\", \"rdi\"), \"rax\", \"rsi\"))");
  }
  // The message of the error `code` raises ("" if it runs).
  std::string error_of(std::string_view code) {
    try {
      in.run_string(code);
      return "";
    } catch (const ilusm::Error& e) { return e.message(); }
  }
};

TEST(AsmHost, AllNativesPresentAndCapsUnset) {
  Host h;
  EXPECT_TRUE(h.in.get("__ilusm_caps").is_nil());
  EXPECT_TRUE(h.in.run_string("asmca()").as_bool());
  EXPECT_EQ(h.in.run_string("asmca3(asmse(p), 40, 2)").as_int(), 42);
}

TEST(AsmHost, EachRemovedNativeIsAMissingCapability) {
  for (const char* name : kNatives) {
    Host h;
    ASSERT_TRUE(h.in.remove(name)) << name;
    std::string want = std::string("missing capability: ") + name;
    EXPECT_EQ(h.error_of("asmca()"), want);
    EXPECT_EQ(h.error_of("asmse(p)"), want);  // sealing checks all four, __native_call too
  }
}

TEST(AsmHost, EachNativeLeftOutOfCapsIsMissing) {
  for (const char* left_out : kNatives) {
    Host h;
    std::vector<std::string> caps;
    for (const char* n : kNatives)
      if (n != left_out) caps.push_back(n);
    h.in.set_caps(caps);
    std::string want = std::string("missing capability: ") + left_out;
    EXPECT_EQ(h.error_of("asmca()"), want);
    EXPECT_EQ(h.error_of("asmse(p)"), want);
  }
  Host h;
  h.in.set_caps({kNatives, kNatives + 4});
  EXPECT_TRUE(h.in.run_string("asmca()").as_bool());
}

TEST(AsmHost, ReplacedNativeIsUsed) {
  Host h;
  int calls = 0;
  ilusm::Value real = h.in.get("__native_call");
  h.in.define("__native_call", [&](ilusm::Interp& in, ilusm::Args a) {
    ++calls;
    return in.call(real, a);
  });
  EXPECT_EQ(h.in.run_string("asmca3(asmse(p), 2, 3)").as_int(), 5);
  EXPECT_EQ(calls, 1);
}

// A replaced native that emits into the program being sealed: the bytes were
// copied before any native ran, so the seal gets the program as it was.
TEST(AsmHost, ReplacedNativeEmittingIntoTheProgramDoesNotChangeTheSeal) {
  Host h;
  ilusm::Value real = h.in.get("__native_mmap_rw");
  h.in.define("__native_mmap_rw", [&](ilusm::Interp& in, ilusm::Args a) {
    in.run_string("i <- 1..300: asmad(p, \"rax\", \"rsi\")");  // the code buffer grows (moves)
    return in.call(real, a);
  });
  h.in.run_string("f = asmse(p)");
  EXPECT_EQ(h.in.run_string("f.size").as_int(), 7);
  EXPECT_EQ(h.in.run_string("asmca3(f, 2, 3)").as_int(), 5);
  EXPECT_EQ(h.in.run_string("len(p.b)").as_int(), 7 + 300 * 3);  // the native did emit
}

// While the four globals are the runtime's own natives, asmse seals in one
// step and asmca3 calls jitmem directly; replacing any of the four sends
// sealing through the globals again (and restoring it brings the direct path back).
TEST(AsmHost, DirectPathsOnlyWithTheRuntimesOwnNatives) {
  Host h;
  auto before = ilusm::asm_direct_counts();
  EXPECT_EQ(h.in.run_string("asmca3(asmse(p), 40, 2)").as_int(), 42);
  EXPECT_EQ(ilusm::asm_direct_counts().seals, before.seals + 1);
  EXPECT_EQ(ilusm::asm_direct_counts().calls, before.calls + 1);
  for (const char* name : kNatives) {
    int calls = 0;
    ilusm::Value real = h.in.get(name);
    h.in.define(name, [&calls, real](ilusm::Interp& in, ilusm::Args a) {
      ++calls;
      return in.call(real, a);
    });
    auto mid = ilusm::asm_direct_counts();
    EXPECT_EQ(h.in.run_string("asmca3(asmse(p), 40, 2)").as_int(), 42) << name;
    EXPECT_EQ(calls, 1) << name;  // the replacement ran (mmap_rw, jit_put, mprotect_rx or call)
    EXPECT_EQ(ilusm::asm_direct_counts().seals, mid.seals) << name;
    h.in.set(name, real);
    EXPECT_EQ(h.in.run_string("asmca3(asmse(p), 1, 2)").as_int(), 3) << name;
    EXPECT_EQ(ilusm::asm_direct_counts().seals, mid.seals + 1) << name;
  }
  // Withholding or removing one still fails on the direct path's first check.
  h.in.set_caps({kNatives, kNatives + 3});
  EXPECT_EQ(h.error_of("asmse(p)"), "missing capability: __native_call");
  h.in.clear_caps();
  ASSERT_TRUE(h.in.remove("__native_jit_put"));
  EXPECT_EQ(h.error_of("asmse(p)"), "missing capability: __native_jit_put");
}

// The one-step seal gives the handle the natives give: fields, name, errors.
TEST(AsmHost, DirectSealMakesTheNativesHandle) {
  Host h;
  h.in.run_string("d = asmse(p, \"direct_add\")\nu = asmse(p)");
  EXPECT_EQ(h.in.run_string("d.size").as_int(), 7);
  EXPECT_EQ(h.in.run_string("d.name").as_string(), "direct_add");
  EXPECT_GT(h.in.run_string("d.addr").as_int(), 0);
  EXPECT_TRUE(h.in.run_string("u.name").is_nil());
  EXPECT_EQ(h.in.run_string("__native_call(d, 5, 6)").as_int(), 11);
  EXPECT_EQ(h.error_of("__native_jit_put(d, 0, [1])"),
            "__native_jit_put: argument 1 is a sealed handle, not a writable region");
  EXPECT_TRUE(h.in.run_string("__native_free(u)").as_bool());
  EXPECT_FALSE(h.in.run_string("__native_free(u)").as_bool());
  EXPECT_NE(h.error_of("asmca3(u, 1, 2)"), "");
}

// No mapping of this process is writable and executable at once.
bool no_wx_mapping(std::string* bad) {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    std::istringstream ls(line);
    std::string range, perms;
    ls >> range >> perms;
    if (perms.size() >= 3 && perms[1] == 'w' && perms[2] == 'x') {
      *bad = line;
      return false;
    }
  }
  return true;
}

TEST(AsmHost, NeverWritableAndExecutableOnTheDirectPath) {
  Host h;
  std::string bad;
  auto before = ilusm::asm_direct_counts();
  for (int i = 0; i < 20; ++i) {
    h.in.run_string("h = asmse(p)");
    EXPECT_TRUE(no_wx_mapping(&bad)) << bad;
    EXPECT_EQ(h.in.run_string("asmca3(h, 1, 2)").as_int(), 3);
    h.in.run_string("asmfr(h)");
    EXPECT_TRUE(no_wx_mapping(&bad)) << bad;
  }
  EXPECT_EQ(ilusm::asm_direct_counts().seals, before.seals + 20);
}

TEST(AsmHost, NeverWritableAndExecutableWhileSealing) {
  Host h;
  int checks = 0;
  std::string bad;
  // Wrap every native: read /proc/self/maps before and after each step.
  for (const char* name : kNatives) {
    ilusm::Value real = h.in.get(name);
    h.in.define(name, [&, real](ilusm::Interp& in, ilusm::Args a) {
      EXPECT_TRUE(no_wx_mapping(&bad)) << bad;
      ilusm::Value r = in.call(real, a);
      EXPECT_TRUE(no_wx_mapping(&bad)) << bad;
      checks += 2;
      return r;
    });
  }
  EXPECT_EQ(h.in.run_string("s = 0\ni <- 1..20: s = s + asmca3(asmse(p), i, 1)\ns").as_int(), 230);
  EXPECT_EQ(checks, 20 * 4 * 2);
}

size_t live_regions() { return jitmem::default_memory().stats().live_regions; }

TEST(AsmHost, UnreachableHandlesAreReleased) {
  Host h;
  size_t before = live_regions();
  h.in.run_string("hs = []\ni <- 1..10: hs = hs + [asmta()]");
  EXPECT_EQ(live_regions(), before + 10);
  h.in.run_string("hs = nil");
  h.in.collect_garbage();
  EXPECT_EQ(live_regions(), before);
  // A handle in a cycle is released by the cycle collector.
  h.in.run_string("o = {h: asmta()}\no.self = o\no = nil");
  h.in.collect_garbage();
  EXPECT_EQ(live_regions(), before);
}

TEST(AsmHost, ExplicitFreeReleasesAtOnce) {
  Host h;
  size_t before = live_regions();
  h.in.run_string("f = asmta()");
  EXPECT_EQ(live_regions(), before + 1);
  h.in.run_string("asmfr(f)");
  EXPECT_EQ(live_regions(), before);
  EXPECT_NE(h.error_of("asmca3(f, 1, 2)"), "");
  h.in.run_string("f = nil");  // the finalizer of a freed handle is harmless
  h.in.collect_garbage();
  EXPECT_EQ(live_regions(), before);
}

// Handle storage is recycled (natives.cpp's free list) only once nothing refers
// to it: a freed handle that is still held keeps its own and stays rejected.
TEST(AsmHost, ReusedHandleStorageKeepsTheFreedHandleRejected) {
  Host h;
  h.in.run_string("old = asmse(p)\nasmfr(old)");
  // Hold enough handles to empty this thread's free list.
  h.in.run_string("hs = []\ni <- 1..70: hs = hs + [asmta()]");
  ASSERT_EQ(ilusm::jit_region_pool_size(), 0u);
  // Named: an unnamed dropped handle is kept whole instead (see below).
  h.in.run_string("tmp = asmse(p, \"tmp\")");
  auto block = reinterpret_cast<uintptr_t>(ilusm::jit_region_of(h.in.get("tmp")));
  h.in.run_string("tmp = nil");
  ASSERT_EQ(ilusm::jit_region_pool_size(), 1u);
  h.in.run_string("fresh = asmse(p, \"fresh\")");
  EXPECT_EQ(reinterpret_cast<uintptr_t>(ilusm::jit_region_of(h.in.get("fresh"))), block);
  EXPECT_EQ(ilusm::jit_region_pool_size(), 0u);
  EXPECT_NE(reinterpret_cast<uintptr_t>(ilusm::jit_region_of(h.in.get("old"))), block);
  EXPECT_EQ(h.in.run_string("asmca3(fresh, 20, 22)").as_int(), 42);
  EXPECT_EQ(h.error_of("asmca3(old, 1, 2)"), "asmca3: argument r: the handle was freed");
  EXPECT_EQ(h.error_of("asmfr(old)"), "asmfr: argument h: the handle was freed");
  EXPECT_EQ(h.in.run_string("asmca3(fresh, 1, 2)").as_int(), 3);
}

// The handle obj itself is recycled storage (the runtime's obj pool): the
// dropped handle's obj comes back empty (no stale name or calls field), the
// freed handle a script still holds keeps its own obj and stays rejected, and
// a handle only reachable through a cycle is still released by the collector.
TEST(AsmHost, RecycledHandleObjsKeepFreedHandlesRejected) {
  Host h;
  h.in.run_string("old = asmse(p, \"old\")\nasmfr(old)");
  h.in.run_string("tmp = asmse(p, \"named\")\ntmp.extra = 5");
  const ilusm::Object* obj = h.in.get("tmp").obj();
  h.in.run_string("tmp = nil");
  h.in.run_string("fresh = asmse(p, \"fresh\")");
  EXPECT_EQ(h.in.get("fresh").obj(), obj);  // the same storage, reused
  EXPECT_NE(h.in.get("old").obj(), obj);
  EXPECT_EQ(h.in.run_string("fresh.name").as_string(), "fresh");
  EXPECT_TRUE(h.in.run_string("fresh.extra").is_nil());
  EXPECT_EQ(h.in.run_string("fresh.size").as_int(), 7);
  EXPECT_EQ(h.in.run_string("asmca3(fresh, 20, 22)").as_int(), 42);
  EXPECT_EQ(h.error_of("asmca3(old, 1, 2)"), "asmca3: argument r: the handle was freed");
  EXPECT_EQ(h.error_of("asmfr(old)"), "asmfr: argument h: the handle was freed");
  EXPECT_EQ(h.in.run_string("old.name").as_string(), "old");
  size_t before = live_regions();
  h.in.run_string("c = asmse(p)\nc.me = c\nc = nil");
  EXPECT_EQ(live_regions(), before + 1);
  h.in.collect_garbage();
  EXPECT_EQ(live_regions(), before);
  h.in.run_string("again = asmse(p)");
  EXPECT_EQ(h.in.run_string("asmca3(again, 1, 2)").as_int(), 3);
  EXPECT_EQ(h.error_of("asmca3(old, 1, 2)"), "asmca3: argument r: the handle was freed");
}

// Each thread keeps its own free list, handed back to the heap when the thread
// ends (the ASan build's leak check fails otherwise).
TEST(AsmHost, HandleStorageOfAThreadIsFreedWhenItEnds) {
  size_t pooled = 0, kept = 0, at_start = 1;
  std::thread worker([&] {
    at_start = ilusm::jit_region_pool_size() + ilusm::jit_kept_handle_count();
    Host h;
    // Named handles give their JitRegion block back, unnamed ones are kept whole.
    h.in.run_string("hs = []\ni <- 1..5: hs = hs + [asmse(p, \"n\"), asmse(p)]\nhs = nil");
    pooled = ilusm::jit_region_pool_size();
    kept = ilusm::jit_kept_handle_count();
  });
  worker.join();
  EXPECT_EQ(at_start, 0u);
  EXPECT_EQ(pooled, 5u);
  EXPECT_EQ(kept, 5u);
}

// A dropped unnamed handle with just its addr and size is kept whole (obj,
// JitRegion, field keys) and refilled by the next unnamed seal; its code is
// freed when it is dropped, as before. Anything else is rebuilt, and a freed
// handle a script still holds is never reused.
TEST(AsmHost, DroppedHandleIsKeptWholeForTheNextSeal) {
  Host h;
  size_t before = live_regions();
  h.in.run_string("old = asmse(p)\nasmfr(old)");
  h.in.run_string("a = asmse(p)");
  const ilusm::Object* obj = h.in.get("a").obj();
  const ilusm::JitRegion* region = ilusm::jit_region_of(h.in.get("a"));
  size_t kept = ilusm::jit_kept_handle_count();
  h.in.run_string("a.addr = \"forged\"\na = nil");
  EXPECT_EQ(ilusm::jit_kept_handle_count(), kept + 1);
  EXPECT_EQ(live_regions(), before);  // freed when dropped, not when reused
  h.in.run_string("b = asmse(p)");
  EXPECT_EQ(ilusm::jit_kept_handle_count(), kept);
  EXPECT_EQ(h.in.get("b").obj(), obj);
  EXPECT_EQ(ilusm::jit_region_of(h.in.get("b")), region);
  EXPECT_EQ(live_regions(), before + 1);
  EXPECT_TRUE(h.in.run_string("b.addr").is_int());
  EXPECT_NE(h.in.run_string("b.addr").as_int(), 0);
  EXPECT_EQ(h.in.run_string("b.size").as_int(), 7);
  EXPECT_TRUE(h.in.run_string("b.name").is_nil());
  EXPECT_EQ(h.in.run_string("asmca3(b, 20, 22)").as_int(), 42);
  h.in.run_string("asmfr(b)");
  EXPECT_EQ(h.error_of("asmca3(b, 1, 2)"), "asmca3: argument r: the handle was freed");
  EXPECT_NE(h.in.get("old").obj(), obj);
  EXPECT_EQ(h.error_of("asmca3(old, 1, 2)"), "asmca3: argument r: the handle was freed");
  EXPECT_EQ(h.error_of("asmfr(old)"), "asmfr: argument h: the handle was freed");
  // A handle with an extra field or a name: not kept, its code still freed.
  h.in.run_string("b = nil");
  kept = ilusm::jit_kept_handle_count();
  h.in.run_string("x = asmse(p)\nx.tag = 1\nx = nil");  // x took a kept handle
  EXPECT_EQ(ilusm::jit_kept_handle_count(), kept - 1);
  h.in.run_string("y = asmse(p, \"y\")\ny = nil");
  EXPECT_EQ(ilusm::jit_kept_handle_count(), kept - 1);
  EXPECT_EQ(live_regions(), before);
  // A temporary handle: taken from the kept ones, given back after the call.
  // (One is dropped first so that the pool holds one whatever ran before.)
  h.in.run_string("z = asmse(p)\nz = nil");
  kept = ilusm::jit_kept_handle_count();
  ASSERT_GE(kept, 1u);
  EXPECT_EQ(h.in.run_string("asmca3(asmse(p), 1, 2)").as_int(), 3);
  EXPECT_EQ(ilusm::jit_kept_handle_count(), kept);
  EXPECT_EQ(live_regions(), before);
}

TEST(AsmHost, CalledHandleLivesWithItsCaller) {
  Host h;
  size_t before = live_regions();
  h.in.run_string("f = asmta()\nq = asmne()\nasmcl(q, f)\nasmre(q)\ng = asmse(q)\nf = nil\nq = nil");
  h.in.collect_garbage();
  EXPECT_EQ(live_regions(), before + 2);
  EXPECT_EQ(h.in.run_string("asmca3(g, 20, 22)").as_int(), 42);
  h.in.run_string("g = nil");
  h.in.collect_garbage();
  EXPECT_EQ(live_regions(), before);
}

TEST(AsmHost, NamedHandleGoesToThePerfMap) {
  Host h;
  h.in.run_string("named = asmse(p, \"asm_host_test_add\")");
  std::ifstream map("/tmp/perf-" + std::to_string(getpid()) + ".map");
  std::stringstream text;
  text << map.rdbuf();
  EXPECT_NE(text.str().find("asm_host_test_add"), std::string::npos) << text.str();
  EXPECT_EQ(h.in.run_string("asmca3(named, 1, 2)").as_int(), 3);
}

// Unnamed handles pay nothing for naming: no perf map line, no GDB entry.
TEST(AsmHost, UnnamedHandlesAreNotInThePerfMap) {
  Host h;
  auto lines = [] {
    std::ifstream map("/tmp/perf-" + std::to_string(getpid()) + ".map");
    std::string line;
    size_t n = 0;
    while (std::getline(map, line)) ++n;
    return n;
  };
  h.in.run_string("asmse(p, \"asm_host_test_counted\")");
  size_t named = lines();
  EXPECT_GT(named, 0u);
  h.in.run_string("i <- 1..10: asmfr(asmse(p))");
  EXPECT_EQ(lines(), named);
}

}  // namespace

// A handle keeps its entry from its first call (JitMemory::ref) and checks
// jitmem's slot word at every later one: a kept handle obj refilled with
// other code runs the new code, and a region freed behind the runtime's back
// (the host through jitmem) is refused, not run.
TEST(AsmHost, RememberedEntryFollowsTheHandle) {
  Host h;
  h.in.run_string("a = asmse(p)");
  EXPECT_EQ(h.in.run_string("asmca3(a, 2, 3)").as_int(), 5);
  const ilusm::JitRegion* region = ilusm::jit_region_of(h.in.get("a"));
  h.in.run_string("a = nil\nq = asmre(asmmv(asmne(), \"rax\", 1337))\nb = asmse(q)");
  ASSERT_EQ(ilusm::jit_region_of(h.in.get("b")), region);  // the kept obj, refilled
  EXPECT_EQ(h.in.run_string("asmca3(b, 2, 3)").as_int(), 1337);
  EXPECT_EQ(h.in.run_string("asmca3(b, 2, 3)").as_int(), 1337);
  h.in.run_string("c = asmse(p)");
  EXPECT_EQ(h.in.run_string("asmca3(c, 2, 3)").as_int(), 5);
  ASSERT_TRUE(jitmem::default_memory().free(ilusm::jit_region_of(h.in.get("c"))->mem->handle).ok());
  std::string error = h.error_of("asmca3(c, 2, 3)");
  EXPECT_EQ(error.rfind("asmca3: ", 0), 0u) << error;
  EXPECT_NE(error.find("freed"), std::string::npos) << error;
  EXPECT_EQ(h.in.run_string("asmca3(b, 2, 3)").as_int(), 1337);
}
