// The back ends: a checked Program -> machine code for a target (x86-64,
// aarch64; ras/target.hpp), and for the host's target into W^X executable
// memory (jitmem), one entry per function callable by the platform's C ABI.
//
// Choosing a target: CompileOptions::target (nullptr: the host's). Any
// target generates on any host (generate(), `rasm dis --target=NAME`);
// compile() and running need the host's own. Register maps per target:
// docs/ras-run.md and Target::int_regs / fp_regs.
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
#include "ras/target.hpp"

namespace ras {

struct CompileOptions {
  const Target* target = nullptr;    // nullptr: host_target()
  const HostTable* hosts = nullptr;  // nullptr: standard_hosts()
  jitmem::Memory* memory = nullptr;  // nullptr: jitmem::default_memory()
  bool source_map = false;           // record the code offset of every instruction
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
  const Target* target = nullptr;  // what the bytes are for
  std::string file;
  std::vector<uint8_t> bytes;
  std::vector<CompiledFunction> functions;
  std::vector<SourceMark> marks;
  std::vector<TrapSite> traps;  // where the code stops on a ras error (division by zero, ...)
};

// Generate machine code for options.target (position-independent but for
// absolute host-function addresses). Throws ras::Error with file:line:col,
// or naming the host when it has no back end and no target is given.
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

// generate() + place the code in executable memory. Throws ras::Error, also
// when options.target is not the host's ("aarch64 code cannot run on this
// x86-64 host").
Compiled compile(const Program& program, const CompileOptions& options = {});

}  // namespace ras
