// AArch64: brk #0 fill; code written through the read-write view must be
// cleaned from the data cache and invalidated in the instruction cache at
// its executable address before it runs (__builtin___clear_cache does both:
// dc cvau, ic ivau, with the barriers).
#pragma once

#include <elf.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace jitmem::detail::arch {

inline constexpr uint64_t trap_pattern = 0xD4200000D4200000ull;  // brk #0, twice
inline constexpr uint16_t elf_machine = EM_AARCH64;
inline constexpr uint32_t elf_flags = 0;

inline void store_block(uint8_t* dst, uint64_t lo, uint64_t hi) {
  uint64_t block[2] = {lo, hi};
  std::memcpy(dst, block, sizeof block);  // one stp
}

inline void cpu_relax() { asm volatile("yield" ::: "memory"); }

inline void sync_code(const void* rx, size_t n) {
  char* begin = static_cast<char*>(const_cast<void*>(rx));
  __builtin___clear_cache(begin, begin + n);
}

// mov w0, #v / ret
inline std::array<uint8_t, 8> return_code(uint8_t v) {
  uint32_t mov = 0x52800000u | (uint32_t{v} << 5);
  return {static_cast<uint8_t>(mov),
          static_cast<uint8_t>(mov >> 8),
          static_cast<uint8_t>(mov >> 16),
          static_cast<uint8_t>(mov >> 24),
          0xC0,
          0x03,
          0x5F,
          0xD6};
}

}  // namespace jitmem::detail::arch
