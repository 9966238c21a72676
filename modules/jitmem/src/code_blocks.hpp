// Writing code and int3 in whole 16-byte blocks. Chunks are 16-byte aligned
// and a multiple of 16 long, and every byte past a region's size is int3, so
// a region's bytes can be stored block by block with the tail padded by
// int3. Why: each store to a line that is about to run (or has just run) is
// paid for by the CPU's self-modifying-code check; a 7-byte function goes in
// with one store and is scrubbed with one, instead of two or three each
// (see docs/bench/jitmem.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <emmintrin.h>
#include <span>

namespace jitmem::detail {

inline constexpr uint8_t int3 = 0xCC;
inline constexpr size_t code_block = 16;

inline size_t round_to_blocks(size_t n) { return (n + code_block - 1) & ~(code_block - 1); }

// Fill [dst, dst + round_to_blocks(n)) with int3; dst is 16-byte aligned.
inline void fill_int3(uint8_t* dst, size_t n) {
  if (n <= code_block) {
    uint8_t block[code_block];
    std::memset(block, int3, code_block);
    std::memcpy(dst, block, code_block);  // one 16-byte store
    return;
  }
  std::memset(dst, int3, round_to_blocks(n));
}

// The last 1..15 bytes of some code, padded with int3 to a block, built in
// registers: a staging buffer written piecewise and read as 16 bytes would
// stall on store forwarding.
inline __m128i tail_block(const uint8_t* src, size_t n) {
  constexpr uint64_t all_int3 = 0xCCCCCCCCCCCCCCCCull;
  auto load8 = [](const uint8_t* p) { uint64_t v; std::memcpy(&v, p, 8); return v; };
  auto load4 = [](const uint8_t* p) { uint32_t v; std::memcpy(&v, p, 4); return uint64_t{v}; };
  uint64_t lo, hi = all_int3;
  if (n >= 8) {
    lo = load8(src);
    if (n > 8) hi = (load8(src + n - 8) >> (8 * (16 - n))) | (all_int3 << (8 * (n - 8)));
  } else {
    if (n >= 4) {
      lo = load4(src) | (load4(src + n - 4) << (8 * (n - 4)));  // overlapping halves
    } else {
      lo = src[0];
      if (n > 1) lo |= uint64_t{src[1]} << 8;
      if (n > 2) lo |= uint64_t{src[2]} << 16;
    }
    lo |= all_int3 << (8 * n);
  }
  return _mm_set_epi64x(static_cast<long long>(hi), static_cast<long long>(lo));
}

// Copy `code` to dst (16-byte aligned), padding the last block with int3.
inline void copy_code(uint8_t* dst, std::span<const uint8_t> code) {
  size_t whole = code.size() & ~(code_block - 1);
  if (whole) std::memcpy(dst, code.data(), whole);
  if (size_t tail = code.size() - whole)
    _mm_store_si128(reinterpret_cast<__m128i*>(dst + whole), tail_block(code.data() + whole, tail));
}

}  // namespace jitmem::detail
