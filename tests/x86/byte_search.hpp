// The byte-search kernels' check (simd_exec_test, avx512_exec_test): the
// first c in p[0..n) against a plain loop, for lengths around every vector
// width (16, 32, 64) and values present, absent and at the ends.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <vector>

inline void check_byte_search(size_t (*find)(const uint8_t*, size_t, int)) {
  std::vector<uint8_t> buf(300);
  for (size_t i = 0; i < buf.size(); ++i) buf[i] = static_cast<uint8_t>(i * 7 % 251);
  for (int c : {0, 7, 250, 255, 3})
    for (size_t n : {0u, 5u, 16u, 31u, 32u, 33u, 63u, 64u, 65u, 100u, 128u, 300u}) {
      size_t want = SIZE_MAX;
      for (size_t i = 0; i < n; ++i)
        if (buf[i] == c) {
          want = i;
          break;
        }
      EXPECT_EQ(find(buf.data(), n, c), want) << "c=" << c << " n=" << n;
    }
}
