// x86-64: int3 fill, SSE block stores, no instruction-cache upkeep (x86
// keeps instruction fetch coherent with stores, even through another view).
#pragma once

#include <elf.h>
#include <emmintrin.h>

#include <array>
#include <cstddef>
#include <cstdint>

namespace jitmem::detail::arch {

inline constexpr uint64_t trap_pattern = 0xCCCCCCCCCCCCCCCCull;
inline constexpr uint16_t elf_machine = EM_X86_64;
inline constexpr uint32_t elf_flags = 0;

inline void store_block(uint8_t* dst, uint64_t lo, uint64_t hi) {
  _mm_store_si128(reinterpret_cast<__m128i*>(dst),
                  _mm_set_epi64x(static_cast<long long>(hi), static_cast<long long>(lo)));
}

inline void cpu_relax() { __builtin_ia32_pause(); }

inline void sync_code(const void*, size_t) {}

// mov eax, v / ret
inline std::array<uint8_t, 8> return_code(uint8_t v) { return {0xB8, v, 0, 0, 0, 0xC3, 0xCC, 0xCC}; }

}  // namespace jitmem::detail::arch
