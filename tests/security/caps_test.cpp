// Capabilities that hold (issue 14, items 1 and 2): `use ras` obeys what
// `use asm` obeys, and a script cannot widen what its host narrowed.
#include <gtest/gtest.h>
#include <ilusm/bindings.hpp>
#include <ilusm/ilusm.hpp>

#include <string>
#include <string_view>

namespace {

const char* kNatives[] = {"__native_mmap_rw", "__native_jit_put", "__native_mprotect_rx", "__native_call"};
constexpr std::string_view kAdd =
    R"(add = "prolog 2\narg => $a\narg => $b\ngetarg %r0 $a\ngetarg %r1 $b\nadd %ret %r0 %r1\nret\n")";

struct Host {
  ilusm::Interp in;
  Host() {
    ilusm::open_bindings(in);
    in.run_string(std::string("use asm\nuse ras\n") + std::string(kAdd) +
                  "\np = asmre(asmad(asmmo1(asmne(), \"rax\", \"rdi\"), \"rax\", \"rsi\"))");
  }
  std::string error_of(std::string_view code) {
    try {
      in.run_string(code);
      return "";
    } catch (const ilusm::Error& e) { return e.message(); }
  }
  int64_t run(std::string_view code) { return in.run_string(code).as_int(); }
};

const std::string kNoJit = " (JIT is not allowed here; rasip runs the program in the reference interpreter)";

TEST(RasCaps, JitWorksWithEverythingAllowed) {
  Host h;
  EXPECT_EQ(h.run("rasca(rasas(add), 2, 3)"), 5);
}

TEST(RasCaps, EachRemovedNativeStopsTheJitNotTheInterpreter) {
  for (const char* name : kNatives) {
    Host h;
    h.in.run_string("j = rasas(add)");
    ASSERT_TRUE(h.in.remove(name));
    EXPECT_EQ(h.error_of("rasas(add)"), std::string("rasas: missing capability: ") + name + kNoJit) << name;
    if (std::string_view(name) == "__native_call") {
      EXPECT_EQ(h.error_of("rasca(j, 2, 3)"), std::string("rasca: missing capability: ") + name + kNoJit);
    }
    EXPECT_EQ(h.run("rasca(rasip(add), 2, 3)"), 5) << name;
  }
}

TEST(RasCaps, EmptyHostCapsStopTheJitNotTheInterpreter) {
  Host h;
  h.in.run_string("j = rasas(add)");
  h.in.set_caps({});
  EXPECT_EQ(h.error_of("rasas(add)"), "rasas: missing capability: __native_mmap_rw" + kNoJit);
  EXPECT_EQ(h.error_of("rasca(j, 2, 3)"), "rasca: missing capability: __native_call" + kNoJit);
  EXPECT_EQ(h.run("rasca(rasip(add), 2, 3)"), 5);
}

TEST(RasCaps, ScriptCapsNarrowTheJit) {
  Host h;
  EXPECT_EQ(h.error_of("__ilusm_caps = []\nrasas(add)"), "rasas: missing capability: __native_mmap_rw" + kNoJit);
  EXPECT_EQ(h.run("__ilusm_caps = nil\nrasca(rasas(add), 2, 3)"), 5);  // its own narrowing, undone
}

TEST(RasCaps, ReplacedNativeStopsTheJit) {
  Host h;
  EXPECT_EQ(h.error_of("real = __native_mprotect_rx\n__native_mprotect_rx = \\(r, n) real(r, n)\nrasas(add)"),
            "rasas: missing capability: __native_mprotect_rx" + kNoJit);
}

// The host's narrowing is kept out of the script's reach.
TEST(HostCaps, ScriptCannotWidenByUnsettingCaps) {
  Host h;
  h.in.set_caps({});
  EXPECT_EQ(h.error_of("__ilusm_caps = nil\nasmca3(asmse(p), 2, 3)"), "missing capability: __native_mmap_rw");
  EXPECT_EQ(h.error_of("__ilusm_caps = nil\nasmca()"), "missing capability: __native_mmap_rw");
  EXPECT_EQ(h.error_of("__ilusm_caps = nil\nrasas(add)"), "rasas: missing capability: __native_mmap_rw" + kNoJit);
}

TEST(HostCaps, ScriptCannotWidenByListingMore) {
  Host h;
  h.in.set_caps({"__native_mmap_rw", "__native_jit_put", "__native_mprotect_rx"});
  std::string all =
      R"(__ilusm_caps = ["__native_mmap_rw", "__native_jit_put", "__native_mprotect_rx", "__native_call"])";
  EXPECT_EQ(h.error_of(all + "\nasmca3(asmse(p), 2, 3)"), "missing capability: __native_call");
  EXPECT_EQ(h.error_of("__ilusm_caps = {__native_call: tru}\nasmca()"), "missing capability: __native_mmap_rw");
}

// The natives themselves obey the host: calling them directly is no way round.
TEST(HostCaps, DirectNativeCallsObeyTheHost) {
  Host h;
  h.in.run_string("code = asmbi(p)\nh0 = asmse(p)");
  h.in.set_caps({});
  EXPECT_EQ(h.error_of("__ilusm_caps = nil\n__native_mmap_rw(16)"), "missing capability: __native_mmap_rw");
  EXPECT_EQ(h.error_of("__native_call(h0, 2, 3)"), "missing capability: __native_call");
  h.in.set_caps({"__native_mmap_rw"});
  EXPECT_EQ(h.error_of("r = __native_mmap_rw(16)\n__native_jit_put(r, 0, code)"),
            "missing capability: __native_jit_put");
}

TEST(HostCaps, ScriptMayNarrowFurther) {
  Host h;
  h.in.set_caps({kNatives, kNatives + 4});
  EXPECT_EQ(h.run("asmca3(asmse(p), 2, 3)"), 5);
  EXPECT_EQ(h.error_of("__ilusm_caps = [\"__native_mmap_rw\"]\nasmse(p)"), "missing capability: __native_jit_put");
  EXPECT_EQ(h.error_of("__native_call(asmse(p), 1, 2)"), "missing capability: __native_jit_put");
  EXPECT_EQ(h.run("__ilusm_caps = nil\nasmca3(asmse(p), 2, 3)"), 5);  // back to the host's set, no further
}

TEST(HostCaps, ClearCapsLiftsTheHostsNarrowing) {
  Host h;
  h.in.set_caps({});
  EXPECT_TRUE(h.in.caps_narrowed());
  h.in.clear_caps();
  EXPECT_FALSE(h.in.caps_narrowed());
  EXPECT_TRUE(h.in.get("__ilusm_caps").is_nil());
  EXPECT_EQ(h.run("asmca3(asmse(p), 2, 3)"), 5);
  EXPECT_EQ(h.run("rasca(rasas(add), 2, 3)"), 5);
}

}  // namespace
