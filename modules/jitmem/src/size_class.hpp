// Size classes for shared-page chunks: 16-byte steps up to 512 bytes, then
// four steps per power of two up to 1 MiB (waste at most 25%). Every class
// size is a multiple of 16, so chunks stay 16-byte aligned for code.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>

namespace jitmem::detail {

inline constexpr size_t small_limit = 512;
inline constexpr size_t largest_class_size = size_t{1} << 20;
inline constexpr uint32_t class_count = 32 + 11 * 4;  // classes 0..75

// Class of a request of n bytes (1 <= n <= largest_class_size).
constexpr uint32_t size_class_of(size_t n) {
  if (n <= small_limit) return static_cast<uint32_t>((n + 15) / 16 - 1);
  uint32_t p = static_cast<uint32_t>(std::bit_width(n - 1) - 1);  // 2^p < n <= 2^(p+1)
  size_t step = size_t{1} << (p - 2);
  size_t steps = (n + step - 1) / step;  // 5..8
  return 32 + (p - 9) * 4 + static_cast<uint32_t>(steps - 5);
}

constexpr size_t class_size(uint32_t c) {
  if (c < 32) return (size_t{c} + 1) * 16;
  uint32_t k = c - 32;
  uint32_t p = 9 + k / 4;
  return size_t{5 + k % 4} << (p - 2);
}

static_assert(size_class_of(1) == 0 && class_size(0) == 16);
static_assert(size_class_of(512) == 31 && class_size(31) == 512);
static_assert(size_class_of(513) == 32 && class_size(32) == 640);
static_assert(size_class_of(1024) == 35 && class_size(35) == 1024);
static_assert(size_class_of(1025) == 36 && class_size(36) == 1280);
static_assert(size_class_of(largest_class_size) == class_count - 1);
static_assert(class_size(class_count - 1) == largest_class_size);

}  // namespace jitmem::detail
