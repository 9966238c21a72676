// The bytecode format (docs/ras.md): big-endian, a file header, then per
// function its name and instruction count, then the instruction records.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "ras/ir.hpp"

namespace ras {

inline constexpr uint8_t kBytecodeMagic[4] = {'R', 'A', 'S', 'B'};
inline constexpr uint16_t kBytecodeVersion = 1;
inline constexpr size_t kBytecodeHeaderSize = 12;  // magic 4, version 2, functions 2, instructions 4

// True if the bytes start with the bytecode magic, or are a non-empty start
// of it (a truncated bytecode file: loading it says so, it is not text).
bool is_bytecode(std::span<const uint8_t> bytes);

// Program -> bytecode. Throws ras::Error (with file:line:col) for an unknown
// mnemonic, more than 3 operands, a name longer than 65535 bytes or more
// than 65535 functions. Does not run the semantic checks: call check() first.
std::vector<uint8_t> write_bytecode(const Program& program);

// Bytecode -> Program. Checks the header, every count, length, type code and
// opcode, and that nothing follows the last function. Throws ras::Error
// "file:offset N: expected ..., got ..." on the first problem. Locations in
// the result are byte offsets (SourceLoc::line == 0).
Program load_bytecode(std::span<const uint8_t> bytes, std::string file = "<bytecode>");

}  // namespace ras
