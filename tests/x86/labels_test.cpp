// Label layout: each jump gets the shortest form that reaches, settled at
// finalize() by growing only what does not fit, until nothing changes.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "emit.hpp"  // test seam: Emit::skip_unwritten
#include "x86/x86.hpp"

using namespace x86;

namespace {

std::vector<uint8_t> bytes(Assembler& a) {
  auto c = a.finalize();
  return {c.begin(), c.end()};
}
void pad(Assembler& a, size_t n) {
  for (; n >= 9; n -= 9) a.nop(9);
  if (n) a.nop(n);
}

TEST(Labels, ForwardJumpShortUpTo127Bytes) {
  for (size_t gap : {0u, 1u, 127u, 128u, 300u}) {
    Assembler a;
    Label l = a.new_label();
    a.jmp(l);
    pad(a, gap);
    a.bind(l);
    a.ret();
    const auto b = bytes(a);
    if (gap <= 127) {
      ASSERT_EQ(b.size(), gap + 3);
      EXPECT_EQ(b[0], 0xEB);
      EXPECT_EQ(b[1], gap);
    } else {
      ASSERT_EQ(b.size(), gap + 6);
      EXPECT_EQ(b[0], 0xE9);
      int32_t d;
      std::memcpy(&d, &b[1], 4);
      EXPECT_EQ(d, static_cast<int32_t>(gap));
    }
    EXPECT_EQ(a.label_offset(l), b.size() - 1);
  }
}

TEST(Labels, BackwardJumpShortDownToMinus128) {
  for (size_t body : {0u, 126u, 127u, 1000u}) {
    Assembler a;
    Label top = a.new_label("top");
    a.bind(top);
    pad(a, body);
    a.jcc(Cond::NE, top);
    const auto b = bytes(a);
    if (body <= 126) {  // rel8 = -(body + 2) >= -128
      ASSERT_EQ(b.size(), body + 2);
      EXPECT_EQ(b[body], 0x75);
      EXPECT_EQ(static_cast<int8_t>(b[body + 1]), -static_cast<int>(body) - 2);
    } else {
      ASSERT_EQ(b.size(), body + 6);
      EXPECT_EQ(b[body], 0x0F);
      EXPECT_EQ(b[body + 1], 0x85);
      int32_t d;
      std::memcpy(&d, &b[body + 2], 4);
      EXPECT_EQ(d, -static_cast<int32_t>(body) - 6);
    }
  }
}

// Jump A fits only while jump B (inside A's span) is short; B must grow, so A
// must grow too: a second pass is needed to reach the fixed point.
TEST(Labels, GrowthCascadesToAFixedPoint) {
  Assembler a;
  Label l1 = a.new_label("l1"), l2 = a.new_label("l2");
  a.jmp(l1);  // A
  pad(a, 124);
  a.jmp(l2);   // B: over 200 bytes, must be rel32
  a.bind(l1);  // A's distance: 124 + 2 = 126 if B were short, 129 as it is
  pad(a, 200);
  a.bind(l2);
  a.ret();
  const auto b = bytes(a);
  EXPECT_EQ(b[0], 0xE9);
  EXPECT_EQ(b[5 + 124], 0xE9);
  EXPECT_EQ(b.size(), 5 + 124 + 5 + 200 + 1u);
  EXPECT_EQ(a.label_offset(l1), 5 + 124 + 5u);
  EXPECT_EQ(a.label_offset(l2), 5 + 124 + 5 + 200u);
}

TEST(Labels, CallAndLeaToLabelsAreRel32) {
  Assembler a;
  Label f = a.new_label("f");
  a.call(f);
  a.lea(rax, f);
  a.jmp(f);  // short: relaxable jump before the label shifts nothing else
  a.bind(f);
  a.ret();
  const auto b = bytes(a);
  // call f: E8 rel32 = 7 + 2 (lea 7 bytes, jmp 2 bytes); lea rax,[rip+2]; jmp +0
  EXPECT_EQ(b, (std::vector<uint8_t>{0xE8, 0x09, 0, 0, 0, 0x48, 0x8D, 0x05, 0x02, 0, 0, 0, 0xEB, 0x00, 0xC3}));
}

TEST(Labels, RipLabelDisplacementAccountsForImmediate) {
  Assembler a;
  Label d = a.new_label("d");
  a.mov(dword_ptr(d), 0x11223344);  // C7 05 disp32 imm32: disp counts from after the imm
  a.bind(d);
  const auto b = bytes(a);
  EXPECT_EQ(b, (std::vector<uint8_t>{0xC7, 0x05, 0, 0, 0, 0, 0x44, 0x33, 0x22, 0x11}));
}

TEST(Labels, EmissionContinuesAfterFinalize) {
  Assembler a;
  Label top = a.new_label("top");
  a.bind(top);
  a.nop();
  a.finalize();
  a.jmp(top);
  const auto b = bytes(a);
  EXPECT_EQ(b, (std::vector<uint8_t>{0x90, 0xEB, 0xFD}));
  EXPECT_EQ(a.label_name(top), "top");
  EXPECT_TRUE(a.is_bound(top));
}

TEST(Labels, ClearForgetsLabelsAndCode) {
  Assembler a;
  Label l = a.new_label();
  a.jmp(l);
  a.clear();
  EXPECT_EQ(a.size(), 0u);
  EXPECT_FALSE(a.has_pending_labels());
  EXPECT_FALSE(a.is_bound(l));
  EXPECT_TRUE(a.finalize().empty());
}

}  // namespace

namespace {
// The inline hot paths with a buffer that starts tiny: every grow happens
// mid-stream (put_bytes_grow, room()), and the bytes must match a roomy buffer.
void hot_mix(Assembler& a, Label back) {
  for (unsigned i = 0; i < 2000; ++i) {
    const Gp r = gp64(i % 16), s = gp64((i * 7) % 16);
    a.add(r, s);
    a.mov(r, ptr(s, static_cast<int64_t>(i) * 8 - 4000));
    a.mov(ptr(r, gp64(5), 8, -64), s);
    a.push(r);
    a.mov_imm32_sx(r, -static_cast<int64_t>(i));
    a.cmp(r, static_cast<int64_t>(i));
    a.jcc(Cond::NE, back);
    a.ret();
  }
}
}  // namespace

TEST(Labels, HotPathsGrowTinyBufferSameBytes) {
  Assembler tiny(1), roomy(1 << 20);
  const Label lt = tiny.new_label(), lr = roomy.new_label();
  tiny.bind(lt);
  roomy.bind(lr);
  hot_mix(tiny, lt);
  hot_mix(roomy, lr);
  const auto a = bytes(tiny), b = bytes(roomy);
  EXPECT_GT(a.size(), 40000u);
  EXPECT_EQ(a, b);
}

namespace {
// One VEX instruction of a fast-path shape, its operands varied with i.
void vex_one(Assembler& a, unsigned i) {
  const Ymm d{static_cast<uint8_t>(i % 16)}, s{static_cast<uint8_t>((i * 7 + 3) % 16)};
  const Gp base = gp64((i * 5) % 16), index = gp64(i % 16 == 4 ? 5 : i % 16);
  static constexpr int32_t kDisps[] = {0, 8, -64, 127, 128, 4096, -100000};
  const int32_t disp = kDisps[i % 7];
  switch (i % 8) {
    case 0: a.vaddpd(d, s, ymmword_ptr(base, disp)); break;
    case 1: a.vmovupd(d, ymmword_ptr(base, index, 8, disp)); break;
    case 2: a.vmovupd(ymmword_ptr(base, disp), s); break;
    case 3: a.vfmadd231pd(d, s, Ymm{static_cast<uint8_t>((i + 9) % 16)}); break;
    case 4: a.vpermq(d, s, static_cast<int>(i % 256)); break;
    case 5: a.vextracti128(Xmm{d.id}, s, 1); break;
    case 6: a.vpbroadcastd(d, Xmm{s.id}); break;
    default: a.vxorps(Xmm{d.id}, Xmm{s.id}, xmmword_ptr(base, index, 2, disp)); break;
  }
}
}  // namespace

// The VEX fast path leaves a nearly full buffer to the row's general path:
// the same bytes either way. Each instruction here is emitted with 15 bytes
// free in `tight` (so through the general path), and into a roomy assembler
// (through the fast path).
TEST(Labels, VexGeneralPathOnFullBufferSameBytes) {
  Assembler tight(64), roomy(1 << 20);
  for (unsigned i = 0; i < 400; ++i) {
    x86::detail::Emit::squeeze_room(tight);
    vex_one(tight, i);
    vex_one(roomy, i);
  }
  const auto a = bytes(tight), b = bytes(roomy);
  EXPECT_GT(a.size(), 400u * 5);
  EXPECT_EQ(a, b);
}

namespace {

// Issue 14 item 8: a jmp/jcc whose target is more than 2^31 bytes away is an
// error at finalize() (it used to wrap its rel32), like call and lea; the code
// is left as it was. The 2 GiB between are reserved but never written.
TEST(Labels, JumpsBeyondRel32AreErrors) {
  for (int kind = 0; kind < 4; ++kind) {
    x86::Assembler a;
    x86::Label far = a.new_label("far");
    a.nop();
    if (kind == 0) a.jmp(far);
    if (kind == 1) a.jcc(x86::Cond::NE, far);
    if (kind == 2) a.call(far);
    if (kind == 3) a.lea(x86::rax, far);
    x86::detail::Emit::skip_unwritten(a, size_t{1} << 31);
    a.bind(far);
    const size_t size = a.size();
    try {
      a.finalize();
      ADD_FAILURE() << "no error for kind " << kind;
    } catch (const x86::Error& e) {
      EXPECT_NE(std::string(e.what()).find("out of rel32 range"), std::string::npos) << e.what();
      if (kind < 2) { EXPECT_NE(std::string(e.what()).find("label 'far'"), std::string::npos) << e.what(); }
    }
    EXPECT_EQ(a.size(), size);
    EXPECT_TRUE(a.has_pending_labels());
  }
}

}  // namespace
