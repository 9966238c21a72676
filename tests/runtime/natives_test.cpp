// The native capabilities: map, write, seal, call; faults become errors;
// forged, freed and unsealed handles are rejected; hosts can replace them.
#include <gtest/gtest.h>

#include "helpers.hpp"
#include "ilusm/natives.hpp"

namespace ilusm {
namespace {

using test::Captured;

// mov rax, rdi ; add rax, rsi ; ret
const char* add_code = "[0x48, 0x89, 0xf8, 0x48, 0x01, 0xf0, 0xc3]";

std::string sealed(const std::string& bytes, const std::string& name = "h") {
  return "r = __native_mmap_rw(64)\n__native_jit_put(r, 0, " + bytes + ")\n" + name + " = __native_mprotect_rx(r)\n";
}

TEST(Natives, MapPutSealCall) {
  Captured c;
  EXPECT_EQ(c.run(sealed(add_code) + "prn __native_call(h, 10, 32)\nprn(h.size, typ(h.addr))"), "42\n64 num\n");
}

TEST(Natives, Int64RoundTripsExactly) {
  Captured c;
  // mov rax, rdi ; ret
  EXPECT_EQ(c.run(sealed("[0x48, 0x89, 0xf8, 0xc3]") +
                  "prn __native_call(h, 9223372036854775807)\nprn __native_call(h, -5)\nprn __native_call(h)"),
            "9223372036854775807\n-5\n0\n");
}

TEST(Natives, AcceptsBinBytesAndOffsets) {
  Captured c;
  c.in.define(
      "code",
      [](Interp&, Args) {
        return make_bin({0x48, 0x89, 0xf8, 0xc3});
      },
      0, 0);
  EXPECT_EQ(c.run("r = __native_mmap_rw(16)\n__native_jit_put(r, 0, [0x90, 0x90])\n__native_jit_put(r, 2, code())\n"
                  "h = __native_mprotect_rx(r, \"ident\")\nprn(__native_call(h, 7), h.name)"),
            "7 ident\n");
}

TEST(Natives, FaultBecomesAnErrorNamingSignalAndOffset) {
  Captured c;
  // nop ; mov rax, [0] ; ret
  std::string msg = c.error(sealed("[0x90, 0x48, 0x8b, 0x04, 0x25, 0, 0, 0, 0, 0xc3]") + "__native_call(h)");
  EXPECT_NE(msg.find("SIGSEGV"), std::string::npos) << msg;
  EXPECT_NE(msg.find("offset 1"), std::string::npos) << msg;
  // ud2 -> SIGILL; the interpreter keeps working.
  msg = c.error(sealed("[0x0f, 0x0b]", "u") + "__native_call(u)");
  EXPECT_NE(msg.find("SIGILL"), std::string::npos) << msg;
  EXPECT_EQ(c.run("prn 1 + 1"), "2\n");
}

TEST(Natives, ForgedFreedAndUnsealedHandlesAreRejected) {
  Captured c;
  c.run(sealed(add_code));
  EXPECT_EQ(c.error("__native_call({addr: h.addr, size: 64}, 1, 2)"),
            "__native_call: argument 1 must be a sealed code handle (from __native_mprotect_rx), got obj");
  EXPECT_EQ(c.error("__native_call(r, 1, 2)"),
            "__native_call: argument 1 is the writable region, not the handle __native_mprotect_rx returned");
  EXPECT_EQ(c.error("w = __native_mmap_rw(8)\n__native_call(w)"),
            "__native_call: argument 1 is a region that was never sealed");
  EXPECT_EQ(c.run("prn __native_free(h)\nprn __native_free(h)"), "tru\nfls\n");
  EXPECT_EQ(c.error("__native_call(h, 1, 2)"), "__native_call: argument 1 was freed");
}

TEST(Natives, BadArgumentsNameTheFunctionAndArgument) {
  Captured c;
  EXPECT_EQ(c.error("__native_mmap_rw(0)"), "__native_mmap_rw: size must be 1..1073741824 bytes, got 0");
  EXPECT_EQ(c.error("r = __native_mmap_rw(4)\n__native_jit_put(r, 0, [1, 300])"),
            "__native_jit_put: byte 1 is 300, expected an integer 0..255");
  EXPECT_EQ(c.error("r = __native_mmap_rw(4)\n__native_jit_put(r, 2, [1, 2, 3])"),
            "__native_jit_put: offset 2 + 3 bytes exceeds the region size 4");
  EXPECT_EQ(c.error("r = __native_mmap_rw(4)\nh = __native_mprotect_rx(r)\n__native_jit_put(r, 0, [1])"),
            "__native_jit_put: the region is sealed");
  EXPECT_EQ(c.error(sealed(add_code) + "__native_call(h, \"x\")"),
            "__native_call: argument 2 must be an integer, got str");
}

TEST(Natives, UnreachableHandlesReleaseTheirMemory) {
  auto live = [] { return jitmem::default_memory().stats().live_regions; };
  size_t before = live();
  {
    Captured c;
    c.run(sealed(add_code) + "h.me = h\nr = nil\nh = nil");
    c.in.collect_garbage();
    EXPECT_EQ(live(), before);
  }
}

TEST(Natives, HostCanRemoveOrReplaceAndSetCaps) {
  Captured c;
  EXPECT_TRUE(c.in.remove("__native_call"));
  EXPECT_EQ(c.error("__native_call(1)"), "undefined variable '__native_call'");
  c.in.define("__native_call", [](Interp&, Args) { return Value(7); });
  EXPECT_EQ(c.run("prn __native_call(1)"), "7\n");
  EXPECT_FALSE(c.in.has("__ilusm_caps"));  // unset: all capabilities assumed present
  c.in.set_caps({"__native_mmap_rw"});
  EXPECT_EQ(c.run("prn __ilusm_caps"), "[\"__native_mmap_rw\"]\n");
  Captured off(Options{.natives = false});
  EXPECT_FALSE(off.in.has("__native_mmap_rw"));
}

}  // namespace
}  // namespace ilusm
