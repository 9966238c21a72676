// Name lookup for the script bindings: every register and condition both ways.
#include <gtest/gtest.h>

#include "x86/x86.hpp"

using namespace x86;

TEST(Names, GpRoundTripsForEverySizeAndHighBytes) {
  int seen = 0;
  for (uint8_t size : {1, 2, 4, 8})
    for (uint8_t id = 0; id < 16; ++id, ++seen) {
      const Gp r{id, size};
      const auto back = gp_from_name(name(r));
      ASSERT_TRUE(back) << name(r);
      EXPECT_EQ(*back, r);
    }
  for (Gp h : {ah, ch, dh, bh}) EXPECT_EQ(gp_from_name(name(h)), h);
  EXPECT_EQ(seen, 64);
  EXPECT_EQ(gp_from_name("r13d"), r13d);
  EXPECT_EQ(gp_from_name("sil"), sil);
  EXPECT_EQ(gp_from_name("rdi"), rdi);
  EXPECT_FALSE(gp_from_name("r16"));
  EXPECT_FALSE(gp_from_name("RAX"));
  EXPECT_FALSE(gp_from_name(""));
}

TEST(Names, XmmAndConditions) {
  for (uint8_t i = 0; i < 32; ++i) {
    EXPECT_EQ(xmm_from_name(name(Xmm{i})), Xmm{i});
    EXPECT_EQ(ymm_from_name(name(Ymm{i})), Ymm{i});
    EXPECT_EQ(zmm_from_name(name(Zmm{i})), Zmm{i});
  }
  EXPECT_EQ(name(Ymm{12}), "ymm12");
  EXPECT_EQ(name(Zmm{31}), "zmm31");
  EXPECT_FALSE(xmm_from_name("xmm32"));
  EXPECT_FALSE(ymm_from_name("xmm1"));
  for (uint8_t i = 0; i < 8; ++i) EXPECT_EQ(k_from_name(name(KReg{i})), KReg{i});
  EXPECT_FALSE(k_from_name("k8"));
  for (uint8_t c = 0; c < 16; ++c) EXPECT_EQ(cond_from_name(name(static_cast<Cond>(c))), static_cast<Cond>(c));
  EXPECT_EQ(cond_from_name("z"), Cond::E);
  EXPECT_EQ(cond_from_name("nz"), Cond::NE);
  EXPECT_EQ(cond_from_name("nle"), Cond::G);
  EXPECT_FALSE(cond_from_name("zz"));
}

TEST(Names, MemoryOperandText) {
  EXPECT_EQ(to_string(qword_ptr(rax, rcx, 8, -16)), "qword ptr [rax + 8*rcx - 16]");
  EXPECT_EQ(to_string(ptr(r13)), "[r13]");
  EXPECT_EQ(to_string(dword_ptr_abs(4096)), "dword ptr [4096]");
  EXPECT_EQ(to_string(ptr_rip(-8)), "[rip - 8]");
  EXPECT_EQ(to_string(byte_ptr(rsp, INT32_MIN)), "byte ptr [rsp - 2147483648]");
  EXPECT_EQ(to_string(ymmword_ptr(rdi, 32)), "ymmword ptr [rdi + 32]");
  EXPECT_EQ(to_string(zmmword_ptr(rdi)), "zmmword ptr [rdi]");
}
