// The reference interpreter: runs a checked Program without generating code,
// for hosts without executable memory and as a cross-check of the JIT. Its
// integer semantics are the JIT's: 64-bit wrapping arithmetic, shift counts
// taken modulo 64, signed or unsigned division, compares and branches by the
// type suffix, double -> integer truncation giving INT64_MIN when out of range.
// Where the JIT would fault (division by zero, INT64_MIN / -1, a bad address
// when memory checking is on, runaway recursion) it throws ras::Error with
// file:line:col instead.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string_view>

#include "ras/host.hpp"
#include "ras/ir.hpp"
#include "ras/resolve.hpp"

namespace ras {

struct InterpOptions {
  const HostTable* hosts = nullptr;  // nullptr: standard_hosts()
  // Nested calls before a "call depth limit" error; 0: no count, only the
  // stack the thread really has ("out of stack" before it runs out).
  int max_depth = 0;
  // Memory trust model. Empty: loads and stores go to whatever address the
  // program computes, exactly like JIT code (the program is trusted). Set:
  // every access must satisfy memory_ok(address, bytes) or the run stops with
  // an error naming the instruction. `rasm interp` allows host_alloc blocks.
  std::function<bool(uintptr_t address, size_t bytes)> memory_ok;
};

// What a call returns: the integer %ret and the double %ret (a function
// returns a double when it writes %ret with a double instruction).
struct RunResult {
  int64_t value = 0;
  double dvalue = 0;
  bool is_double = false;
};

class Interpreter {
 public:
  // Resolves `program` (which must outlive the interpreter); throws ras::Error.
  explicit Interpreter(const Program& program, InterpOptions options = {});
  ~Interpreter();

  // Call function `index` (or by name) with integer and double arguments in
  // the order of its arg instructions. Throws ras::Error.
  RunResult call(size_t index, std::span<const int64_t> ints, std::span<const double> doubles = {});
  RunResult call(std::string_view name, std::span<const int64_t> ints, std::span<const double> doubles = {});

  const ResolvedProgram& resolved() const { return resolved_; }

 private:
  struct Frame;
  RunResult run(size_t index, const HostValue* args, int depth);
  [[noreturn]] void fail(const Step& step, const std::string& message) const;
  void check_memory(const Step& step, uintptr_t address, size_t bytes) const;

  InterpOptions options_;
  ResolvedProgram resolved_;
};

}  // namespace ras
