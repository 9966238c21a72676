// The target seam: what ras knows about each CPU it generates code for, and
// the interface a back end implements. Every back end is built on every host
// (cross-generation: `rasm dis --target=aarch64` works on x86-64); running
// code needs the host's own target (ras::compile checks).
//
// Adding a back end: docs/backends.md.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ras/resolve.hpp"

namespace ras {

struct MachineCode;

// Why generated code stops on purpose: an error of the defined ras semantics
// (docs/ras-run.md) that the back end checks for. The reference interpreter
// reports the same message (trap_message).
enum class TrapKind : uint8_t { divide_by_zero, divide_overflow };
std::string_view trap_message(TrapKind kind);

// A trap instruction the back end emitted: when the guarded call faults at
// `offset`, the error is `trap_message(kind)` at the step's source location.
struct TrapSite {
  size_t offset = 0;  // in MachineCode::bytes
  size_t function = 0;
  size_t step = 0;  // index in the function's resolved steps
  TrapKind kind = TrapKind::divide_by_zero;
  SourceLoc loc;  // of the step (filled in by generate())
};

// What a back end fills in for a resolved program. generate() has already
// sized `code.functions` (one per resolved function, name and parameters set)
// and cleared the rest; the back end writes code.bytes, each function's
// offset, code.traps and, when `marks` is not null, the code offset of every
// step of every function in order (the source map).
using EmitFn = void (*)(const ResolvedProgram& program, MachineCode& code, std::vector<size_t>* marks);

// A back end's own disassembler (for a target Capstone 4 lacks): the text
// of the instruction at the start of `bytes`, which sits at `address`, and
// its length in *length (always > 0; a word it does not know is ".word ...").
using DisassembleFn = std::string (*)(std::span<const uint8_t> bytes, uint64_t address, size_t* length);

struct Target {
  std::string_view name;     // "x86-64", "aarch64": what --target= takes
  std::string_view alias;    // a second accepted name ("x86_64", "arm64")
  uint16_t elf_machine = 0;  // e_machine of an ELF object holding this code
  // Register map: the physical register behind each ras register, in the
  // unified numbering of resolve.hpp (%r0-3, %v0-4, %ret; %f0-7, %ret).
  std::array<std::string_view, kIntRegs> int_regs;
  std::array<std::string_view, kFpRegs> fp_regs;
  std::span<const std::string_view> temporaries;  // the back end's own scratch registers
  // The instruction that fills freed or unused code: executing it traps.
  std::array<uint8_t, 4> fill_word{};
  uint8_t fill_size = 0;          // bytes of fill_word used (1 for x86-64's int3)
  uint8_t instruction_align = 1;  // every instruction starts at a multiple of this
  // Calling convention counts where the ISAs differ.
  uint8_t int_arg_regs = 0;  // integer arguments passed in registers
  uint8_t fp_arg_regs = 0;   // double arguments passed in registers
  EmitFn emit = nullptr;
  DisassembleFn disassemble = nullptr;  // nullptr: rasm dis uses Capstone
};

// Every target ras can generate code for, in a fixed order.
std::span<const Target* const> targets();
// The target called `name` (its name or alias), or nullptr.
const Target* find_target(std::string_view name);
// The names of all targets, "x86-64, aarch64" (for messages and --help).
std::string target_names();
// The target of the CPU this program runs on, or nullptr when ras has no
// back end for it (then only the interpreter and cross-generation work).
const Target* host_target();
// The host CPU's name as in messages: "x86-64", "aarch64", "riscv64".
std::string_view host_cpu_name();

}  // namespace ras
