// Whether the AVX-512 execution tests can run here: cpuid and XGETBV, and the
// skip message the suites print when they cannot (shared by the AVX-512
// execution test files).
#pragma once

#include <cpuid.h>
#include <gtest/gtest.h>

#include <cstdint>

// cpuid leaf 7 (EBX: F bit 16, DQ 17, BW 30, VL 31; BMI1 3, BMI2 8) and
// XCR0 bits 1, 2 (SSE, AVX) and 5..7 (opmask, ZMM_Hi256, Hi16_ZMM).
inline bool cpu_has_avx512(bool& bmi) {
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 27))) return false;  // OSXSAVE
  if (__get_cpuid_max(0, nullptr) < 7) return false;
  __cpuid_count(7, 0, a, b, c, d);
  bmi = (b >> 3 & 1) && (b >> 8 & 1);
  const bool isa = (b >> 16 & 1) && (b >> 17 & 1) && (b >> 30 & 1) && (b >> 31 & 1);
  uint32_t lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return isa && (lo & 0xE6) == 0xE6;
}

#define REQUIRE_AVX512(need_bmi)                                                                             \
  do {                                                                                                       \
    bool bmi = false;                                                                                        \
    if (!cpu_has_avx512(bmi))                                                                                \
      GTEST_SKIP() << "CPU or OS lacks AVX-512 F/BW/DQ/VL (cpuid, XGETBV opmask/ZMM state): kernel not run"; \
    if ((need_bmi) && !bmi) GTEST_SKIP() << "CPU lacks BMI1/BMI2: kernel not run";                           \
  } while (0)
