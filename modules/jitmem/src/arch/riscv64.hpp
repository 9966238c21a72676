// RISC-V 64: ebreak fill; code written through the read-write view needs a
// fence.i on every hart that may run it (__builtin___clear_cache calls the
// kernel's riscv_flush_icache, which does that).
#pragma once

#include <elf.h>

#include "word32.hpp"

namespace jitmem::detail::arch {

// ebreak, twice. A half-word at an odd half of it (0x0010) decodes as the
// reserved c.addi4spn with a zero immediate: illegal, so a jump into the
// middle of the fill traps too.
inline constexpr uint64_t trap_pattern = 0x0010007300100073ull;
inline constexpr uint16_t elf_machine = EM_RISCV;
inline constexpr uint32_t elf_flags = 0x0005;  // EF_RISCV_RVC | EF_RISCV_FLOAT_ABI_DOUBLE

// No pause without Zihintpause (not in the RV64GC baseline).
inline void cpu_relax() { asm volatile("" ::: "memory"); }

// addi a0, zero, v / ret (jalr zero, 0(ra))
inline std::array<uint8_t, 8> return_code(uint8_t v) {
  return two_words(0x00000513u | (uint32_t{v} << 20), 0x00008067u);
}

}  // namespace jitmem::detail::arch
