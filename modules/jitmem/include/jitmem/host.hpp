// The CPU jitmem runs code for: the host's. jitmem's per-architecture parts
// (the guarded call, the trap that fills free code, instruction-cache upkeep,
// the GDB JIT entry's machine) live in src/arch/, one file per CPU.
#pragma once

#include <cstddef>
#include <cstdint>

namespace jitmem {

enum class Arch : uint8_t { x86_64, aarch64, riscv64 };

#if defined(__x86_64__)
inline constexpr Arch host_arch = Arch::x86_64;
#elif defined(__aarch64__)
inline constexpr Arch host_arch = Arch::aarch64;
#elif defined(__riscv) && __riscv_xlen == 64
inline constexpr Arch host_arch = Arch::riscv64;
#else
#error "jitmem runs code on x86-64, aarch64 and riscv64 hosts only"
#endif

// "x86-64", "aarch64", "riscv64".
constexpr const char* arch_name(Arch arch) {
  constexpr const char* names[] = {"x86-64", "aarch64", "riscv64"};
  return names[static_cast<int>(arch)];
}

// The instruction that fills free and never-written code, so that a jump
// into it traps: x86-64 int3 (0xCC, SIGTRAP), AArch64 brk #0 (SIGTRAP),
// RISC-V ebreak (SIGTRAP). Little-endian, `trap_size` bytes.
struct TrapInstruction {
  uint32_t word;
  uint8_t size;
};
inline constexpr TrapInstruction trap_instructions[] = {{0xCC, 1}, {0xD4200000, 4}, {0x00100073, 4}};
inline constexpr TrapInstruction host_trap = trap_instructions[static_cast<int>(host_arch)];

// The byte at `offset` (from a 16-byte aligned start) of free code.
constexpr uint8_t trap_byte(size_t offset) {
  return static_cast<uint8_t>(host_trap.word >> (8 * (offset % host_trap.size)));
}

}  // namespace jitmem
