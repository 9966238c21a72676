// Placing generated code in executable memory and calling it guarded.
#include <fmt/format.h>

#include <algorithm>

#include "ras/backend.hpp"
#include "ras/diagnostic.hpp"

namespace ras {

Compiled::Compiled(MachineCode code, jitmem::Region region, const void* base)
    : code_(std::move(code)), region_(std::move(region)), base_(static_cast<const uint8_t*>(base)) {}

const void* Compiled::entry(size_t function) const {
  if (function >= code_.functions.size())
    throw Error(
        fmt::format("{}: function index {} out of range ({} functions)", code_.file, function, code_.functions.size()));
  return base_ + code_.functions[function].offset;
}

size_t Compiled::index(std::string_view name) const {
  for (size_t i = 0; i < code_.functions.size(); ++i)
    if (code_.functions[i].name == name) return i;
  throw Error(fmt::format("{}: no function named '{}'", code_.file, name));
}

RunResult Compiled::call(size_t function, std::span<const int64_t> ints, std::span<const double> doubles) const {
  const CompiledFunction& info = code_.functions.at(function);
  size_t want_ints = 0, want_doubles = 0;
  for (ValueKind kind : info.params) (kind == ValueKind::integer ? want_ints : want_doubles)++;
  if (ints.size() != want_ints || doubles.size() != want_doubles)
    throw Error(fmt::format("{}: function '{}' takes {} integer and {} double argument(s), got {} and {}", code_.file,
                            info.name, want_ints, want_doubles, ints.size(), doubles.size()));
  if (want_ints > jitmem::max_int_args || want_doubles > jitmem::max_double_args)
    throw Error(fmt::format("{}: function '{}' has stack arguments; call it through function_pointer()", code_.file,
                            info.name));
  jitmem::CallArgs args;
  std::copy(ints.begin(), ints.end(), args.ints);
  std::copy(doubles.begin(), doubles.end(), args.doubles);
  jitmem::CallResult r = jitmem::call_guarded(entry(function), code_.bytes.size() - info.offset, args);
  if (!r.ok()) {
    std::string where_text;
    if (r.offset >= 0) {
      size_t at = info.offset + static_cast<size_t>(r.offset);
      // A trap the back end placed for a ras error: the same message as the interpreter's.
      for (const TrapSite& trap : code_.traps)
        if (trap.offset == at) throw Error(where(code_.file, trap.loc) + ": " + std::string(trap_message(trap.kind)));
      const SourceMark* best = nullptr;
      for (const SourceMark& mark : code_.marks)
        if (mark.offset <= at && (!best || mark.offset >= best->offset)) best = &mark;
      if (best) where_text = fmt::format(" in '{}' ({})", best->text, where(code_.file, best->loc));
    }
    throw Error(fmt::format("{}: {} in function '{}'{}", code_.file, r.describe(), info.name, where_text));
  }
  RunResult out;
  out.value = r.rax;
  out.dvalue = canonical_nan(r.xmm0);
  out.is_double = info.returns_double;
  return out;
}

Compiled compile(const Program& program, const CompileOptions& options) {
  if (options.target && options.target != host_target())
    throw Error(fmt::format("{}: {} code cannot run on this {} host (generate() or `rasm dis --target={}` shows it)",
                            program.file, options.target->name, host_cpu_name(), options.target->name));
  MachineCode code = generate(program, options);
  jitmem::Memory& memory = options.memory ? *options.memory : jitmem::default_memory();
  auto region = jitmem::Region::from_code(memory, code.bytes, options.perf_name);
  if (!region.ok()) throw Error(fmt::format("{}: cannot place the code: {}", program.file, region.error().message));
  auto entry = region->entry();
  if (!entry.ok()) throw Error(fmt::format("{}: cannot place the code: {}", program.file, entry.error().message));
  const void* base = entry->code;
  return Compiled(std::move(code), std::move(*region), base);
}

}  // namespace ras
