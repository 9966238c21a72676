// Outside oracles for the encoder tests: llvm-mc, GNU as (+ objcopy) and
// objdump, run once per batch through temporary files. Tool paths come from
// the environment (LLVM_MC, GNU_AS, OBJCOPY, OBJDUMP), set by meson test().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace oracle {

using Bytes = std::vector<uint8_t>;

// The tool's path from the environment variable, or nullopt when unset.
std::optional<std::string> tool(const char* env_var);

// Assembles Intel-syntax lines with llvm-mc -show-encoding; one entry per line.
// Throws std::runtime_error with llvm-mc's diagnostics if any line fails.
std::vector<Bytes> llvm_mc(const std::string& llvm_mc_path, const std::vector<std::string>& lines);

// Assembles Intel-syntax lines with GNU as (`optimize`: -O2) and returns the .text bytes.
Bytes gnu_as(const std::string& as_path, const std::string& objcopy_path, const std::vector<std::string>& lines,
             bool optimize);

struct Disassembled {
  uint64_t offset;
  size_t length;
  std::string text;  // objdump's Intel text, e.g. "mov    rax,QWORD PTR [rbx+0x8]"
};
// Disassembles raw x86-64 bytes with objdump (Intel syntax).
std::vector<Disassembled> objdump(const std::string& objdump_path, const Bytes& code);

std::string hex(const Bytes& bytes);

}  // namespace oracle
