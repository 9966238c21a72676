// AArch64: brk #0 fill; code written through the read-write view must be
// cleaned from the data cache and invalidated in the instruction cache at
// its executable address before it runs (__builtin___clear_cache does both:
// dc cvau, ic ivau, with the barriers).
#pragma once

#include <elf.h>

#include "word32.hpp"

namespace jitmem::detail::arch {

inline constexpr uint64_t trap_pattern = 0xD4200000D4200000ull;  // brk #0, twice
inline constexpr uint16_t elf_machine = EM_AARCH64;
inline constexpr uint32_t elf_flags = 0;

inline void cpu_relax() { asm volatile("yield" ::: "memory"); }

// mov w0, #v / ret
inline std::array<uint8_t, 8> return_code(uint8_t v) {
  return two_words(0x52800000u | (uint32_t{v} << 5), 0xD65F03C0u);
}

}  // namespace jitmem::detail::arch
