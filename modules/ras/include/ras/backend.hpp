// The x86-64 back end: a checked Program -> machine code in W^X executable
// memory (jitmem), one SysV-callable entry per function.
//
// Register mapping (docs/ras-run.md):
//   %v0..%v4 -> rbx r12 r13 r14 r15 (callee-saved: preserved across calls)
//   %r0..%r3 -> r10 r11 r8 r9       (scratch: clobbered by calls)
//   %ret     -> rax (integer), xmm0 (double)
//   %f0..%f7 -> xmm8..xmm15         (clobbered by calls)
// rcx, rdx and xmm7 are the back end's own temporaries.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "jitmem/jitmem.hpp"
#include "ras/host.hpp"
#include "ras/interp.hpp"
#include "ras/ir.hpp"

namespace ras {

struct CompileOptions {
  const HostTable* hosts = nullptr;       // nullptr: standard_hosts()
  jitmem::Memory* memory = nullptr;       // nullptr: jitmem::default_memory()
  bool source_map = false;                // record the code offset of every instruction
  // Name the code for perf (/tmp/perf-PID.map) and GDB; empty: unnamed (faster).
  std::string perf_name;
};

struct CompiledFunction {
  std::string name;
  size_t offset = 0;  // of the entry, in code()
  size_t size = 0;
  std::vector<ValueKind> params;
  bool returns_double = false;
};

// Where the code of one instruction starts (source_map only).
struct SourceMark {
  size_t offset = 0;
  size_t function = 0;
  SourceLoc loc;
  std::string text;  // the instruction as written
};

// Machine code generated from a program, before it is placed in memory.
struct MachineCode {
  std::string file;
  std::vector<uint8_t> bytes;
  std::vector<CompiledFunction> functions;
  std::vector<SourceMark> marks;
};

// Generate machine code (position-independent but for absolute host-function
// addresses). Throws ras::Error with file:line:col.
MachineCode generate(const Program& program, const CompileOptions& options = {});

// Sealed, callable code. Owns its jitmem region (freed on destruction).
class Compiled {
 public:
  Compiled() = default;
  Compiled(MachineCode code, jitmem::Region region, const void* base);

  const void* entry(size_t function) const;
  // Index of the function called `name`; throws ras::Error if there is none.
  size_t index(std::string_view name) const;
  const MachineCode& code() const { return code_; }
  const std::vector<CompiledFunction>& functions() const { return code_.functions; }

  // Guarded call (a fault becomes an error, not a crash). Throws ras::Error
  // for a wrong argument count or a fault, naming the signal and, when the
  // source map was recorded, the instruction's file:line:col.
  RunResult call(size_t function, std::span<const int64_t> ints, std::span<const double> doubles = {}) const;

  // A typed pointer for direct (unguarded) calls from C++.
  template <class Fn>
  Fn function_pointer(size_t function) const {
    return reinterpret_cast<Fn>(const_cast<void*>(entry(function)));
  }

 private:
  MachineCode code_;
  jitmem::Region region_;
  const uint8_t* base_ = nullptr;
};

// generate() + place the code in executable memory. Throws ras::Error.
Compiled compile(const Program& program, const CompileOptions& options = {});

}  // namespace ras
