// Whether the AVX-512 execution tests can run here: cpuid and XGETBV, and the
// skip message the suites print when they cannot (shared by the AVX-512
// execution test files).
#pragma once

#include <cpuid.h>
#include <gtest/gtest.h>

#include <cstdint>

struct Avx512Cpu {
  bool base = false;  // F, DQ, BW, VL and the OS's opmask/ZMM state
  bool bmi = false;   // BMI1 and BMI2 (with base)
  bool cd = false, vbmi = false;
};

// cpuid leaf 7: EBX F 16, DQ 17, CD 28, BW 30, VL 31, BMI1 3, BMI2 8; ECX
// VBMI 1. XCR0 bits 1, 2 (SSE, AVX) and 5..7 (opmask, ZMM_Hi256, Hi16_ZMM).
inline Avx512Cpu avx512_cpu() {
  Avx512Cpu r;
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 27))) return r;  // OSXSAVE
  if (__get_cpuid_max(0, nullptr) < 7) return r;
  __cpuid_count(7, 0, a, b, c, d);
  uint32_t lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  r.base = (b >> 16 & 1) && (b >> 17 & 1) && (b >> 30 & 1) && (b >> 31 & 1) && (lo & 0xE6) == 0xE6;
  r.bmi = r.base && (b >> 3 & 1) && (b >> 8 & 1);
  r.cd = r.base && (b >> 28 & 1);
  r.vbmi = r.base && (c >> 1 & 1);
  return r;
}

// Skips the test with a visible message unless avx512_cpu().field.
#define REQUIRE_CPU(field, what)                                                                   \
  do {                                                                                             \
    if (!avx512_cpu().field)                                                                       \
      GTEST_SKIP() << "CPU or OS lacks " what " (cpuid, XGETBV opmask/ZMM state): kernel not run"; \
  } while (0)

#define REQUIRE_AVX512(need_bmi)                 \
  do {                                           \
    REQUIRE_CPU(base, "AVX-512 F/BW/DQ/VL");     \
    if (need_bmi) REQUIRE_CPU(bmi, "BMI1/BMI2"); \
  } while (0)
