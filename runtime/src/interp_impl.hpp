// Internal state of an Interp: globals, the value stack, loaded modules.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "ast.hpp"
#include "gc.hpp"
#include "ilusm/interp.hpp"
#include "objects.hpp"

namespace ilusm {

enum class Signal : uint8_t { None, Break, Continue, Return };

struct Frame {
  Frame(Value* s, Closure* f) : slots(s), fn(f) {}
  Value* slots;
  Closure* fn;  // null for top-level code
  Signal signal = Signal::None;
  Value ret;
};

constexpr uint8_t def_binding = 1, builtin_binding = 2;

// The module a namespace obj (`trl` after `use trl`) was made for: its
// resource, so a script-made obj is never taken for one.
struct ModuleNamespace final : Resource {
  explicit ModuleNamespace(std::string n) : name(std::move(n)) {}
  std::string name;
};

struct Interp::Impl {
  explicit Impl(Interp& owner) : self(owner) {}

  // First: destroyed last, once everything below released its values.
  InterpHeap heap;
  Interp& self;
  Options options;

  // Globals live in slots; resolved code refers to them by index.
  std::vector<Value> globals;  // Undef = unbound
  std::vector<std::string> global_names;
  std::vector<uint8_t> global_def;  // def_binding / builtin_binding: assigning is an error
  std::vector<bool> global_host;    // bound through the C++ API: shared by every Env

  // A global namespace. envs[0] is the program's (and the host API's); each
  // `use "file.ilu"` runs in a fresh Env that sees only the host's names.
  struct Env {
    std::unordered_map<std::string, int> index;  // name -> slot
    std::set<std::string, std::less<>> modules;  // `use NAME` done here
    std::set<std::string> files;                 // `use "path"` done here (keys)
  };
  std::vector<Env> envs{1};
  size_t env = 0;                            // the Env of the running code
  std::map<std::string, size_t> file_envs;   // file key -> the Env it ran in
  int global_slot(const std::string& name);  // in the current Env
  int find_global(std::string_view name) const;
  int host_slot(std::string_view name);  // in envs[0], marked host
  size_t fresh_env();
  void copy_bindings(size_t from, size_t to, const Node* site);

  // The value stack holds every frame's slots and call arguments.
  std::unique_ptr<Value[]> stack;
  Value* stack_end = nullptr;
  Value* sp = nullptr;
  size_t depth = 0;
  size_t max_depth = 0;
  uintptr_t native_stack_base = 0;
  size_t native_stack_budget = 0;
  // Below this address the thread's real stack is nearly used up
  // (support::stack_floor of the thread that made the Interp): calls and deep
  // expressions stop with an error there.
  uintptr_t stack_floor = 0;
  [[noreturn]] void too_deep(const Node* site);
  void check_expr_stack(const Node* site) {
    if (reinterpret_cast<uintptr_t>(__builtin_frame_address(0)) < stack_floor) [[unlikely]]
      too_deep(site);
  }
  // Interp::interrupt() sets it (from a signal handler, say); the evaluator
  // polls it at every loop iteration and call (safepoint) and raises there.
  std::atomic<bool> interrupted{false};
  // Async-signal-safe where it is lock-free: always on x86-64 and AArch64; on
  // RISC-V GCC 12 does byte atomics out of line (lock-free word CAS), so only
  // "sometimes" is promised at compile time.
  static_assert(ATOMIC_BOOL_LOCK_FREE >= 1);

  std::vector<std::unique_ptr<Chunk>> chunks;
  std::map<std::string, Module, std::less<>> modules;
  std::vector<std::string> loading_files;  // for import cycle reports

  std::function<void(std::string_view)> out;

  std::vector<std::string> host_caps;  // set_caps (while Interp::caps_narrowed)
  int caps_slot = -1;                  // __ilusm_caps (a host slot)

  // Compile and run a chunk's top level.
  Value run_chunk(std::unique_ptr<Chunk> chunk);
  Chunk* compile(std::string source, std::string file);
  Value call_value(const Value& fn, Args args, const Node* site);
  Value eval(const Node* n, Frame& f);
  Value eval_rest(const Node* n, Frame& f);
  Value eval_fast(const Node* n, Frame& f);
  bool condition(const Node* c, Frame& f);
  Value eval_binary(const Node* n, Frame& f);
  Value eval_call(const Node* n, Frame& f);
  Value eval_if(const Node* n, Frame& f);
  Value eval_block(const Node* n, Frame& f);
  Value eval_assign(const Node* n, Frame& f);
  Value unbound_global(const Node* n);
  [[noreturn]] void rebind_error(const Node* target);
  void use(const Node* n, const Chunk& from);
  void use_module(std::string_view name, const Node* site);
  void use_file(const std::string& path, const Node* site, const Chunk& from);
  const Chunk* chunk_of(const std::string& file) const;
  void check_stack(const Node* site);
  [[noreturn, gnu::cold, gnu::noinline]] void interrupted_error(const Node* site);
  // Where a long computation may stop: loop iterations and calls. One relaxed
  // load for the interrupt, then the collector's allocation check.
  __attribute__((always_inline)) void safepoint(const Node* site) {
    if (interrupted.load(std::memory_order_relaxed)) [[unlikely]]
      interrupted_error(site);
    if (gc_should_collect()) gc_collect();
  }
};

// Runs the enclosed code in another Env, restoring the current one on exit.
struct EnvSwitch {
  Interp::Impl& m;
  size_t saved;
  EnvSwitch(Interp::Impl& in, size_t to) : m(in), saved(in.env) { m.env = to; }
  ~EnvSwitch() { m.env = saved; }
};

[[noreturn]] void raise_at(const std::string& message, const Node* n);
Location where(const Node* n);

void install_builtins(Interp& in);
void install_natives(Interp& in);

}  // namespace ilusm
