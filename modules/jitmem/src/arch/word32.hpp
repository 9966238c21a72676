// What the CPUs with 32-bit little-endian instruction words and no coherent
// instruction fetch (AArch64, RISC-V) share: plain block stores, the
// compiler's cache-maintenance builtin, and code built from two words.
// Included by their src/arch/<cpu>.hpp, which add what differs.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace jitmem::detail::arch {

inline void store_block(uint8_t* dst, uint64_t lo, uint64_t hi) {
  uint64_t block[2] = {lo, hi};
  std::memcpy(dst, block, sizeof block);  // one stp / two sd
}

// __builtin___clear_cache does what the CPU needs (see each CPU's header).
inline void sync_code(const void* rx, size_t n) {
  char* begin = static_cast<char*>(const_cast<void*>(rx));
  __builtin___clear_cache(begin, begin + n);
}

// Two instruction words as the 8 bytes memory holds them.
constexpr std::array<uint8_t, 8> two_words(uint32_t first, uint32_t second) {
  return {static_cast<uint8_t>(first),        static_cast<uint8_t>(first >> 8),  static_cast<uint8_t>(first >> 16),
          static_cast<uint8_t>(first >> 24),  static_cast<uint8_t>(second),      static_cast<uint8_t>(second >> 8),
          static_cast<uint8_t>(second >> 16), static_cast<uint8_t>(second >> 24)};
}

}  // namespace jitmem::detail::arch
