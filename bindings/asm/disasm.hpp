// Disassembly of x86-64 bytes into text lines (Capstone), for asmds and :dis.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace ilusm::asmmod {

// One line per instruction: "OFFSET  BYTES  MNEMONIC OPERANDS" (offsets from
// `origin`, hex). Bytes Capstone cannot decode become a ".byte 0xNN" line, so
// every input byte is accounted for.
std::vector<std::string> disassemble(std::span<const uint8_t> code, uint64_t origin = 0);

}  // namespace ilusm::asmmod
