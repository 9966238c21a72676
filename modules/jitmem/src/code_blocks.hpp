// Writing code and the trap fill (int3, brk, ebreak: arch.hpp) in whole
// 16-byte blocks. Chunks are 16-byte aligned and a multiple of 16 long, and
// every byte past a region's size is trap fill, so a region's bytes can be
// stored block by block with the tail padded by the fill. Why: each store to a line that is about to run (or has just
// run) is paid for by the CPU's self-modifying-code check; a 7-byte function goes in with one store and is scrubbed
// with one, instead of two or three each (see docs/bench/jitmem.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include "arch.hpp"

namespace jitmem::detail {

inline constexpr size_t code_block = 16;
using arch::trap_pattern;

inline size_t round_to_blocks(size_t n) { return (n + code_block - 1) & ~(code_block - 1); }

// Fill [dst, dst + round_to_blocks(n)) with the trap; dst is 16-byte aligned.
inline void fill_trap(uint8_t* dst, size_t n) {
  for (size_t at = 0; at < round_to_blocks(n); at += code_block)
    arch::store_block(dst + at, trap_pattern, trap_pattern);
}

// The pattern's bytes from byte `n` of a word on (the fill keeps its phase).
constexpr uint64_t trap_from(size_t n) { return trap_pattern & (~uint64_t{0} << (8 * n)); }

// The last 1..15 bytes of some code, padded with the trap to a block, stored
// from registers: a staging buffer written piecewise and read as 16 bytes
// would stall on store forwarding.
inline void store_tail(uint8_t* dst, const uint8_t* src, size_t n) {
  auto load8 = [](const uint8_t* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
  };
  auto load4 = [](const uint8_t* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return uint64_t{v};
  };
  uint64_t lo, hi = trap_pattern;
  if (n >= 8) {
    lo = load8(src);
    if (n > 8) hi = (load8(src + n - 8) >> (8 * (16 - n))) | trap_from(n - 8);
  } else {
    if (n >= 4) {
      lo = load4(src) | (load4(src + n - 4) << (8 * (n - 4)));  // overlapping halves
    } else {
      lo = src[0];
      if (n > 1) lo |= uint64_t{src[1]} << 8;
      if (n > 2) lo |= uint64_t{src[2]} << 16;
    }
    lo |= trap_from(n);
  }
  arch::store_block(dst, lo, hi);
}

// Copy `code` to dst (16-byte aligned), padding the last block with the trap.
inline void copy_code(uint8_t* dst, std::span<const uint8_t> code) {
  size_t whole = code.size() & ~(code_block - 1);
  if (whole) std::memcpy(dst, code.data(), whole);
  if (size_t tail = code.size() - whole) store_tail(dst + whole, code.data() + whole, tail);
}

}  // namespace jitmem::detail
