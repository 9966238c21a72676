// The target table and the code generation every back end shares: resolve,
// call the target's emitter, then fill in sizes and the source map.
#include <fmt/format.h>

#include "backends.hpp"
#include "ras/backend.hpp"
#include "ras/diagnostic.hpp"

namespace ras {

namespace {

// One line per back end (docs/backends.md).
const Target* const kTargets[] = {
    &kTargetX86_64,
    &kTargetAArch64,
    &kTargetRiscv64,
};

}  // namespace

std::span<const Target* const> targets() { return kTargets; }

const Target* find_target(std::string_view name) {
  for (const Target* t : kTargets)
    if (t->name == name || t->alias == name) return t;
  return nullptr;
}

std::string target_names() {
  std::string out;
  for (const Target* t : kTargets) out += (out.empty() ? "" : ", ") + std::string(t->name);
  return out;
}

std::string_view host_cpu_name() {
#if defined(__x86_64__)
  return "x86-64";
#elif defined(__aarch64__)
  return "aarch64";
#elif defined(__riscv) && __riscv_xlen == 64
  return "riscv64";
#else
  return "unknown";
#endif
}

const Target* host_target() { return find_target(host_cpu_name()); }

std::string_view trap_message(TrapKind kind) {
  return kind == TrapKind::divide_by_zero ? "division by zero" : "integer overflow: INT64_MIN divided by -1";
}

MachineCode generate(const Program& program, const CompileOptions& options) {
  const Target* target = options.target ? options.target : host_target();
  if (!target)
    throw Error(fmt::format("{}: ras has no back end for this {} host; choose a target ({})", program.file,
                            host_cpu_name(), target_names()));
  // Kept per thread and reused: resolving again does not allocate once grown.
  thread_local ResolvedProgram resolved;
  resolve_into(program, options.hosts ? *options.hosts : standard_hosts(), resolved);

  MachineCode out;
  out.target = target;
  out.file = program.file;
  out.functions.resize(resolved.functions.size());
  for (size_t i = 0; i < resolved.functions.size(); ++i) {
    const ResolvedFunction& function = resolved.functions[i];
    CompiledFunction& info = out.functions[i];
    info.name = function.source->name;
    info.params = function.params;
    info.returns_double = function.returns_double;
  }
  std::vector<size_t> marks;
  target->emit(resolved, out, options.source_map ? &marks : nullptr);
  for (size_t i = 0; i < out.functions.size(); ++i)
    out.functions[i].size =
        (i + 1 < out.functions.size() ? out.functions[i + 1].offset : out.bytes.size()) - out.functions[i].offset;
  for (TrapSite& trap : out.traps) trap.loc = resolved.functions[trap.function].steps[trap.step].ins->loc;
  size_t mark = 0;
  for (size_t i = 0; i < resolved.functions.size() && options.source_map; ++i)
    for (const Step& step : resolved.functions[i].steps) {
      SourceMark m;
      m.offset = marks[mark++];
      m.function = i;
      m.loc = step.ins->loc;
      m.text = step.ins->mnemonic();
      for (const Operand& operand : step.ins->operands) {
        m.text += ' ';
        m.text += operand.text();
      }
      if (step.ins->result) {
        m.text += " => ";
        m.text += step.ins->result->text();
      }
      out.marks.push_back(std::move(m));
    }
  return out;
}

}  // namespace ras
