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

// Copy `code` to dst (16-byte aligned), padding the last block with int3.
inline void copy_code(uint8_t* dst, std::span<const uint8_t> code) {
  size_t whole = code.size() & ~(code_block - 1);
  if (whole) std::memcpy(dst, code.data(), whole);
  size_t tail = code.size() - whole;
  if (!tail) return;
  uint8_t block[code_block];
  std::memset(block, int3, code_block);
  std::memcpy(block, code.data() + whole, tail);
  std::memcpy(dst + whole, block, code_block);  // one 16-byte store
}

}  // namespace jitmem::detail
