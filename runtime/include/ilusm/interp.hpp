// The embedding API: one Interp is one ilusm world (globals, loaded modules,
// output). Not thread-safe; use one Interp per thread.
//
//   ilusm::Interp in;
//   in.define("twice", [](ilusm::Interp&, ilusm::Args a) { return ilusm::Value(a[0].as_int() * 2); }, 1, 1);
//   in.run_string("prn twice(21)");          // prints 42
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "ilusm/error.hpp"
#include "ilusm/value.hpp"

namespace ilusm {

// A module that scripts load with `use NAME`. Each function is bound flat
// (`asmne()`) and as a field of the namespace object (`asm.asmne()`); aliases
// are extra namespace-only names (`syn.chan` for `synch`).
// A function given as an entry (plain pointer + context, no std::function)
// is called directly; fn is then left empty.
struct ModuleFn {
  std::string name;
  NativeFn fn;
  int min_args = 0, max_args = -1;
  std::vector<std::string> aliases = {};
  BifEntry entry = nullptr;
  std::shared_ptr<const void> ctx = {};
  Value make_bif() const;  // a Bif of this function
};

struct Module {
  std::string name;
  std::vector<ModuleFn> functions;
  std::vector<std::pair<std::string, Value>> values = {};  // constants, bound like functions
  std::string source = {};  // optional ilusm code run on first `use` (its globals stay visible)
};

struct Options {
  bool natives = true;   // register the four __native_* capabilities
  bool stdlib = true;    // register the trl/txt modules (use trl, use txt)
  size_t max_depth = 0;  // call depth limit, 0 = default
};

struct Chunk;
struct Heap;

class Interp {
 public:
  explicit Interp(Options options = {});
  ~Interp();
  Interp(const Interp&) = delete;
  Interp& operator=(const Interp&) = delete;

  // Run code; returns the value of the last expression statement (nil if none).
  // Throws ilusm::Error (with location) on failure.
  Value run_string(std::string_view code, std::string_view file_name = "<string>");
  Value run_file(const std::string& path);

  // Globals. get() returns nil for an unknown name.
  Value get(std::string_view name) const;
  bool has(std::string_view name) const;
  void set(std::string_view name, Value v);
  bool remove(std::string_view name);  // unbind (e.g. drop a native capability)
  // A stable slot for a global name (created unbound if missing) and its
  // current value (Undef when unbound): an O(1) lookup for hot native paths.
  int global_slot(std::string_view name);
  const Value& global(int slot) const { return (*globals_)[size_t(slot)]; }  // slot from global_slot

  // A C++ function callable from ilusm as a global. min/max arity (-1 = any).
  void define(std::string_view name, NativeFn fn, int min_args = 0, int max_args = -1);

  // Call an ilusm function (fun or bif) from C++.
  Value call(const Value& fn, Args args);
  Value call_global(std::string_view name, Args args);  // call a global function by name

  // Modules for `use NAME`.
  void register_module(Module m);
  bool has_module(std::string_view name) const;

  // Capabilities. set_caps narrows what scripts may use to `names` (and sets
  // the __ilusm_caps global to that list, for scripts to read). The narrowing
  // is kept here, out of the scripts' reach: a script may narrow further by
  // assigning __ilusm_caps (a list of names or an obj of truthy fields) but
  // never widen (assigning nil or more names leaves the host's set in force).
  // clear_caps lifts the host's narrowing (and unsets __ilusm_caps).
  void set_caps(const std::vector<std::string>& names);
  void clear_caps();
  bool caps_narrowed() const { return caps_narrowed_; }
  // Whether capability `name` is allowed: by the host's set (if narrowed) and
  // by the script's __ilusm_caps (nil or unbound: no further narrowing).
  // Raises "__ilusm_caps must be a list ..." for any other __ilusm_caps value.
  bool cap_allowed(std::string_view name) const;

  // Output of prn (default: stdout) and of error reports (default: stderr).
  void set_output(std::function<void(std::string_view)> out);
  void write_out(std::string_view text);
  void set_args(const std::vector<std::string>& args);

  // "error: MSG\n  at file:line:col\n  SOURCE LINE\n      ^\n" for an uncaught error.
  std::string format_error(const Error& e) const;

  // Asks the running code to stop: at its next loop iteration or call the
  // evaluator throws ilusm::Interrupted ("interrupted", an Error that `try`
  // does not catch, so it reaches the host) and clears the request.
  // Async-signal-safe (one lock-free atomic store): a SIGINT handler may call
  // it. Native code that runs long (JIT code) can poll interrupt_flag().
  void interrupt();
  std::atomic<bool>& interrupt_flag();  // also to clear a request nobody consumed

  // The names bound in the program's globals (builtins, definitions, `use`d
  // modules and their functions), sorted: for completion in a REPL.
  std::vector<std::string> global_names() const;

  // The cycle collector of this interpreter's heap: the containers made while
  // it ran (each interpreter has its own, also on a shared thread). Run it
  // now; returns how many objects it freed. live_objects() counts the heap.
  size_t collect_garbage();
  size_t live_objects() const;

  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
  const std::vector<Value>* globals_;  // impl_'s, for the inline global()
  bool caps_narrowed_ = false;         // set_caps was called (and not cleared)
};

// Helpers for natives: raise an error naming the function and argument.
[[noreturn]] void raise(const std::string& message);
int64_t arg_int(Args a, size_t i, const char* fn);
double arg_num(Args a, size_t i, const char* fn);
const std::string& arg_str(Args a, size_t i, const char* fn);

}  // namespace ilusm
