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

namespace ilusm {

namespace {

// A handle's C++ side: the program and one way of running it.
struct RasHandle : Resource {
  std::unique_ptr<ras::Program> program;  // stable address: the interpreter points into it
  std::optional<ras::Compiled> jit;
  std::unique_ptr<ras::Interpreter> interp;
  bool freed = false;
};

// Source: a str (text) or a bin (bytecode, or text bytes). Name for messages.
ras::Program load_source(Args a, const char* fn) {
  if (a.empty()) raise(fmt::format("{}: argument 1 (source) missing: expected a str or a bin", fn));
  std::string name = a.size() > 1 ? arg_str(a, 1, fn) : std::string("<ras>");
  try {
    if (a[0].is_str()) return ras::load_text(a[0].as_string(), name);
    if (a[0].is_bin()) {
      const Bin* bin = a[0].as<Bin>();
      return ras::load_any(std::span<const uint8_t>(bin->data(), bin->size()), name);
    }
  } catch (const ras::Error& e) {
    raise(fmt::format("{}: {}", fn, e.what()));
  }
  raise(fmt::format("{}: argument 1 (source) must be a str or a bin, got {}", fn, a[0].type_name()));
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

Value assemble(Interp& in, Args a, bool use_jit) {
  const char* fn = use_jit ? "rasas" : "rasip";
  if (use_jit) require_jit(in, fn);
  auto handle = std::make_unique<RasHandle>();
  handle->program = std::make_unique<ras::Program>(load_source(a, fn));
  try {
    if (use_jit) {
      ras::CompileOptions options;
      options.source_map = true;  // a fault names the instruction
      handle->jit = ras::compile(*handle->program, options);
    } else {
      ras::InterpOptions options;
      options.memory_ok = ras::host_memory_contains;
      handle->interp = std::make_unique<ras::Interpreter>(*handle->program, options);
    }
  } catch (const ras::Error& e) {
    raise(fmt::format("{}: {}", fn, e.what()));
  }
  return make_handle(std::move(handle), use_jit ? "jit" : "interp");
}

RasHandle& handle_of(Args a, const char* fn) {
  RasHandle* handle = a.empty() ? nullptr : resource_of<RasHandle>(a[0]);
  if (!handle) raise(fmt::format("{}: argument 1 (handle) must be a handle from rasas or rasip", fn));
  if (handle->freed) raise(fmt::format("{}: argument 1 (handle) was freed by rasfr", fn));
  return *handle;
}

// Call function `index` with the numbers in a[first..]: integer parameters
// take integers, double parameters any number.
Value call_function(Interp& in, RasHandle& handle, size_t index, Args a, size_t first, const char* fn) {
  if (handle.jit) require_runtime_native(in, NativeId::call, fn, kNoJit);
  const ras::Function& function = handle.program->functions[index];
  std::vector<ras::ValueKind> params =
      handle.jit ? handle.jit->functions()[index].params : handle.interp->resolved().functions[index].params;
  size_t given = a.size() - first;
  if (given != params.size())
    raise(fmt::format("{}: function '{}' takes {} argument(s), got {}", fn, function.name, params.size(), given));
  std::vector<int64_t> ints;
  std::vector<double> doubles;
  for (size_t k = 0; k < params.size(); ++k) {
    const Value& v = a[first + k];
    if (params[k] == ras::ValueKind::integer) {
      if (!v.is_int())
        raise(fmt::format("{}: argument {} must be an integer (parameter {} of '{}'), got {}", fn, first + k + 1,
                          k + 1, function.name, v.is_num() ? v.to_display() : v.type_name()));
      ints.push_back(v.as_int());
    } else {
      if (!v.is_num())
        raise(fmt::format("{}: argument {} must be a num (parameter {} of '{}'), got {}", fn, first + k + 1, k + 1,
                          function.name, v.type_name()));
      doubles.push_back(v.as_number());
    }
  }
  try {
    ras::RunResult r = handle.jit ? handle.jit->call(index, ints, doubles) : handle.interp->call(index, ints, doubles);
    return r.is_double ? Value(r.dvalue) : Value(r.value);
  } catch (const ras::Error& e) {
    raise(fmt::format("{}: {}", fn, e.what()));
  }
}

Value rasca(Interp& in, Args a) {
  RasHandle& handle = handle_of(a, "rasca");
  if (handle.program->functions.empty()) raise("rasca: the program has no functions");
  return call_function(in, handle, 0, a, 1, "rasca");
}

Value rascf(Interp& in, Args a) {
  RasHandle& handle = handle_of(a, "rascf");
  const std::string& name = arg_str(a, 1, "rascf");
  const auto& functions = handle.program->functions;
  for (size_t i = 0; i < functions.size(); ++i)
    if (functions[i].name == name) return call_function(in, handle, i, a, 2, "rascf");
  raise(fmt::format("rascf: argument 2: no function named '{}' in the program", name));
}

Value rasbc(Interp&, Args a) {
  ras::Program program = load_source(a, "rasbc");
  try {
    return make_bin(ras::write_bytecode(program));
  } catch (const ras::Error& e) {
    raise(fmt::format("rasbc: {}", e.what()));
  }
}

Value rastx(Interp&, Args a) { return Value(ras::print_program(load_source(a, "rastx"))); }

Value rasfr(Interp&, Args a) {
  RasHandle& handle = handle_of(a, "rasfr");
  handle.jit.reset();
  handle.interp.reset();
  handle.freed = true;
  return Value(true);
}

}  // namespace

void open_ras(Interp& in) {
  Module m;
  m.name = "ras";
  m.functions = {
      {"rasas", [](Interp& in, Args a) { return assemble(in, a, true); }, 1, 2},
      {"rasip", [](Interp& in, Args a) { return assemble(in, a, false); }, 1, 2},
      {"rasca", rasca, 1, -1},
      {"rascf", rascf, 2, -1},
      {"rasbc", rasbc, 1, 2},
      {"rastx", rastx, 1, 2},
      {"rasfr", rasfr, 1, 1},
  };
  in.register_module(std::move(m));
}

}  // namespace ilusm
