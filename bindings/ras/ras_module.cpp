// `use ras`: assemble .ras text or bytecode into a callable handle (JIT or
// reference interpreter), call it with numbers, convert to and from bytecode.
// Assembler errors become ilusm errors carrying the ras file:line:col.
#include "ras_module.hpp"

#include <fmt/format.h>

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <ilusm/natives.hpp>

#include "ras/backend.hpp"
#include "ras/host_memory.hpp"
#include "ras/interp.hpp"
#include "ras/ras.hpp"

#include "params.hpp"

namespace ilusm {

namespace {

// A handle's C++ side: the program and one way of running it.
struct RasHandle : Resource {
  std::unique_ptr<ras::Program> program;  // stable address: the interpreter points into it
  std::optional<ras::Compiled> jit;
  std::unique_ptr<ras::Interpreter> interp;
  bool freed = false;
  // The bins the running call was given ([address, size)): the interpreter's
  // memory check allows them besides `alloc` blocks.
  std::vector<std::pair<uintptr_t, size_t>> call_bins;
  bool allows(uintptr_t address, size_t size) const {
    for (auto [start, length] : call_bins)
      if (address >= start && size <= length && address - start <= length - size) return true;
    return ras::host_memory_contains(address, size);
  }
};

// The kinds of the ras functions' parameters (bindings/common/params.hpp:
// the same tables, counting and messages as use asm).
enum class Kind : uint8_t {
  source,  // .ras text (a str) or bytecode or text bytes (a bin)
  str,     // a name
  handle,  // a live handle from rasas or rasip
  num,     // the numbers passed to the called ras function (a rest parameter)
};
using binding::fail;
using binding::Param;

// A call's arguments after the table accepted them.
struct Call {
  Interp& in;
  Args a;
  const char* fn;
  RasHandle* handle = nullptr;  // the handle parameter, if the function has one
  std::string name(size_t k, const char* fallback) const {
    return a.size() > k ? a[k].as_string() : std::string(fallback);
  }
};

struct Function {
  const char* name;
  std::vector<Param> params;
  Value (*body)(Call&);
};

// Checks the count and every argument that the table types (the numbers are
// checked against the called function's parameters by call_function).
void check_args(const Function& f, Call& c) {
  binding::check_count(f.name, f.params, c.a.size());
  for (size_t k = 0; k < c.a.size() && k < f.params.size(); ++k) {
    const Param& p = f.params[k];
    const Value& v = c.a[k];
    switch (Kind(p.kind)) {
      case Kind::source:
        if (!v.is_str() && !v.is_bin())
          fail(f.name, p.name,
               fmt::format("expected .ras text (a str) or bytecode (a bin), got {}", binding::describe(v)));
        break;
      case Kind::str:
        if (!v.is_str()) fail(f.name, p.name, fmt::format("expected a str, got {}", binding::describe(v)));
        break;
      case Kind::handle:
        c.handle = resource_of<RasHandle>(v);
        if (!c.handle)
          fail(f.name, p.name, fmt::format("expected a handle from rasas or rasip, got {}", binding::describe(v)));
        if (c.handle->freed) fail(f.name, p.name, "the handle was freed (rasfr)");
        break;
      case Kind::num: break;
    }
  }
}

// The program in a[0] (checked: a str or a bin), named a[1] or "<ras>" in messages.
ras::Program load_source(const Call& c) {
  std::string name = c.name(1, "<ras>");
  try {
    if (c.a[0].is_str()) return ras::load_text(c.a[0].as_string(), name);
    const Bin* bin = c.a[0].as<Bin>();
    return ras::load_any(std::span<const uint8_t>(bin->data(), bin->size()), name);
  } catch (const ras::Error& e) { raise(fmt::format("{}: {}", c.fn, e.what())); }
}

// rasas seals through jitmem itself and rasca calls the code directly: both
// need what `use asm` needs from the host (the runtime's own natives, allowed
// by set_caps and __ilusm_caps), checked at each use.
constexpr std::string_view kNoJit = "JIT is not allowed here; rasip runs the program in the reference interpreter";

void require_jit(Interp& in, const char* fn) {
  for (NativeId id : {NativeId::mmap_rw, NativeId::jit_put, NativeId::mprotect_rx, NativeId::call})
    require_runtime_native(in, id, fn, kNoJit);
}

Value make_handle(std::unique_ptr<RasHandle> handle, const char* mode) {
  std::vector<Value> names;
  for (const ras::Function& f : handle->program->functions) names.emplace_back(f.name);
  int64_t size = handle->jit ? static_cast<int64_t>(handle->jit->code().bytes.size()) : 0;
  Value out = make_resource_obj(std::move(handle));
  Obj* obj = out.as<Obj>();
  obj->set("mode", Value(mode));
  obj->set("fns", make_list(std::move(names)));
  obj->set("size", Value(size));
  return out;
}

Value assemble(Call& c, bool use_jit) {
  if (use_jit) require_jit(c.in, c.fn);
  auto handle = std::make_unique<RasHandle>();
  handle->program = std::make_unique<ras::Program>(load_source(c));
  try {
    if (use_jit) {
      ras::CompileOptions options;
      options.source_map = true;  // a fault names the instruction
      handle->jit = ras::compile(*handle->program, options);
    } else {
      ras::InterpOptions options;
      options.memory_ok = [h = handle.get()](uintptr_t address, size_t size) { return h->allows(address, size); };
      handle->interp = std::make_unique<ras::Interpreter>(*handle->program, options);
    }
  } catch (const ras::Error& e) { raise(fmt::format("{}: {}", c.fn, e.what())); }
  return make_handle(std::move(handle), use_jit ? "jit" : "interp");
}

// Calls function `index` with the numbers in a[first..] (the rest parameter
// `args`): integer parameters take integers or bins (the address of the bytes,
// pinned and held for the call), double parameters any number.
Value call_function(Call& c, size_t index, size_t first) {
  RasHandle& handle = *c.handle;
  if (handle.jit) require_runtime_native(c.in, NativeId::call, c.fn, kNoJit);
  const ras::Function& function = handle.program->functions[index];
  std::vector<ras::ValueKind> params =
      handle.jit ? handle.jit->functions()[index].params : handle.interp->resolved().functions[index].params;
  size_t given = c.a.size() - first;
  if (given != params.size())
    fail(c.fn, "args", fmt::format("function '{}' takes {} argument(s), got {}", function.name, params.size(), given));
  std::vector<int64_t> ints;
  std::vector<double> doubles;
  BinPins pins;
  handle.call_bins.clear();
  for (size_t k = 0; k < params.size(); ++k) {
    const Value& v = c.a[first + k];
    std::string arg = fmt::format("args[{}]", k);
    if (params[k] == ras::ValueKind::integer) {
      if (v.is_bin()) {
        if (pins.size() == BinPins::kMax) raise(fmt::format("{}: more than {} bins in one call", c.fn, BinPins::kMax));
        uintptr_t address = pins.pin(v);
        handle.call_bins.emplace_back(address, v.as<Bin>()->size());
        ints.push_back(static_cast<int64_t>(address));
        continue;
      }
      if (!v.is_int())
        fail(c.fn, arg.c_str(),
             fmt::format("expected an integer or a bin (parameter {} of '{}'), got {}", k + 1, function.name,
                         binding::describe(v)));
      ints.push_back(v.as_int());
    } else {
      if (!v.is_num())
        fail(c.fn, arg.c_str(),
             fmt::format("expected a num (parameter {} of '{}'), got {}", k + 1, function.name, binding::describe(v)));
      doubles.push_back(v.as_number());
    }
  }
  // The allowed bins end with the call, however it ends.
  struct ClearBins {
    RasHandle& h;
    ~ClearBins() { h.call_bins.clear(); }
  } clear_bins{handle};
  try {
    ras::RunResult r = handle.jit ? handle.jit->call(index, ints, doubles) : handle.interp->call(index, ints, doubles);
    return r.is_double ? Value(r.dvalue) : Value(r.value);
  } catch (const ras::Error& e) { raise(fmt::format("{}: {}", c.fn, e.what())); }
}

Value rasca(Call& c) {
  if (c.handle->program->functions.empty()) fail(c.fn, "h", "the program has no functions");
  return call_function(c, 0, 1);
}

Value rascf(Call& c) {
  const std::string& name = c.a[1].as_string();
  const auto& functions = c.handle->program->functions;
  for (size_t i = 0; i < functions.size(); ++i)
    if (functions[i].name == name) return call_function(c, i, 2);
  fail(c.fn, "name", fmt::format("no function named '{}' in the program", name));
}

Value rasbc(Call& c) {
  ras::Program program = load_source(c);
  try {
    return make_bin(ras::write_bytecode(program));
  } catch (const ras::Error& e) { raise(fmt::format("{}: {}", c.fn, e.what())); }
}

Value rastx(Call& c) { return Value(ras::print_program(load_source(c))); }

Value rasfr(Call& c) {
  c.handle->jit.reset();
  c.handle->interp.reset();
  c.handle->freed = true;
  return Value(true);
}

const Param kSource{"source", Kind::source};
const Param kName{"name", Kind::str, true};
const Param kHandle{"h", Kind::handle};
const Param kArgs{"args", Kind::num, false, true};

std::vector<Function> functions() {
  return {
      {"rasas", {kSource, kName}, [](Call& c) { return assemble(c, true); }},
      {"rasip", {kSource, kName}, [](Call& c) { return assemble(c, false); }},
      {"rasca", {kHandle, kArgs}, rasca},
      {"rascf", {kHandle, {"name", Kind::str}, kArgs}, rascf},
      {"rasbc", {kSource, kName}, rasbc},
      {"rastx", {kSource, kName}, rastx},
      {"rasfr", {kHandle}, rasfr},
  };
}

// The entry of every ras function: the table's checks, then the body.
Value checked_entry(Interp& in, Args a, const void* ctx) {
  const Function& f = *static_cast<const Function*>(ctx);
  Call c{in, a, f.name};
  check_args(f, c);
  return f.body(c);
}

}  // namespace

void open_ras(Interp& in) {
  Module m{"ras", {}};
  for (Function& f : functions()) {
    binding::check_table(f.name, f.params);
    auto ctx = std::make_shared<const Function>(std::move(f));
    // Arity is checked by check_args so that the message names the parameters.
    m.functions.push_back(ModuleFn{ctx->name, {}, 0, -1, {}, checked_entry, ctx});
  }
  in.register_module(std::move(m));
}

}  // namespace ilusm
