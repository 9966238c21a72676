// rasm run / interp / dis: the back-end commands.
#if ILUSM_HAVE_CAPSTONE
#include <capstone/capstone.h>
#endif
#include <fmt/format.h>

#include <cstdio>
#include <vector>

#include "cli.hpp"
#include "ras/backend.hpp"
#include "ras/host_memory.hpp"
#include "ras/interp.hpp"

namespace rasm {
namespace {

// "12", "-7", "0x2a" -> int64; anything else is an error naming the argument.
int64_t parse_int_arg(std::string_view text, size_t position) {
  int64_t value = 0;
  std::string error;
  bool ok = !text.empty() && text.find_first_not_of("0123456789abcdefABCDEFxX-+") == std::string_view::npos &&
            ras::eval_int_expr(text, value, error);
  if (!ok)
    throw ras::Error(fmt::format("argument {}: expected an integer (decimal or 0x hex), got '{}'", position, text));
  return value;
}

std::vector<int64_t> int_args(Args args) {
  std::vector<int64_t> out;
  for (size_t i = 1; i < args.size(); ++i) out.push_back(parse_int_arg(args[i], i));
  return out;
}

void print_result(const ras::RunResult& result) {
  if (result.is_double) fmt::print("{}\n", result.dvalue);
  else fmt::print("{}\n", result.value);
}

// Removes a leading --target=NAME from `args`; the target named, or nullptr
// (the host's) when there is none. An unknown name is an error listing the known ones.
const ras::Target* take_target(Args& args) {
  constexpr std::string_view kFlag = "--target=";
  if (args.empty() || !args[0].starts_with(kFlag)) return nullptr;
  std::string_view name = args[0].substr(kFlag.size());
  args = args.subspan(1);
  const ras::Target* target = ras::find_target(name);
  if (!target) throw ras::Error(fmt::format("--target: unknown target '{}' (known: {})", name, ras::target_names()));
  return target;
}

// FILE [INTS...]: the checked program and the integer arguments.
struct Invocation {
  ras::Program program;
  std::vector<int64_t> ints;
};

Invocation invocation(Args args) {
  std::vector<int64_t> ints = int_args(args);
  return {load_program(std::string(args[0])), std::move(ints)};
}

int cmd_run(Args args) {
  const ras::Target* target = take_target(args);
  if (args.empty()) return usage("run [--target=NAME] FILE [INTS...]");
  Invocation call = invocation(args);
  ras::CompileOptions options;
  options.target = target;
  options.source_map = true;  // names the instruction if the code faults
  ras::Compiled code = ras::compile(call.program, options);
  print_result(code.call(0, call.ints));
  return kOk;
}

int cmd_interp(Args args) {
  if (args.empty()) return usage("interp FILE [INTS...]");
  Invocation call = invocation(args);
  ras::InterpOptions options;
  options.memory_ok = ras::host_memory_contains;  // only memory from !alloc
  ras::Interpreter interp(call.program, options);
  print_result(interp.call(0, call.ints));
  return kOk;
}

// One instruction of a listing.
struct Line {
  uint64_t address;
  std::span<const uint8_t> bytes;
  std::string text;
};

#if ILUSM_HAVE_CAPSTONE
// Capstone's name for each target's instruction set (by Target::name).
struct Disassembler {
  std::string_view target;
  cs_arch arch;
  cs_mode mode;
};
constexpr Disassembler kDisassemblers[] = {
    {"x86-64", CS_ARCH_X86, CS_MODE_64},
    {"aarch64", CS_ARCH_ARM64, CS_MODE_ARM},
};
#endif

// The instructions of `code` from `offset` on (`size` bytes): ras's own
// disassembler when the target has one (riscv64: Debian's Capstone 4 has
// none), else Capstone. An error message when neither can.
std::string disassemble(const ras::MachineCode& code, size_t offset, size_t size, std::vector<Line>& out) {
  std::span<const uint8_t> bytes(code.bytes.data() + offset, size);
  if (code.target->disassemble) {
    for (size_t at = 0; at < size;) {
      size_t length = 0;
      std::string text = code.target->disassemble(bytes.subspan(at), offset + at, &length);
      out.push_back({offset + at, bytes.subspan(at, length), std::move(text)});
      at += length;
    }
    return "";
  }
#if ILUSM_HAVE_CAPSTONE
  const Disassembler* dis = nullptr;
  for (const Disassembler& d : kDisassemblers)
    if (d.target == code.target->name) dis = &d;
  csh handle = 0;
  if (!dis || cs_open(dis->arch, dis->mode, &handle) != CS_ERR_OK)
    return fmt::format("capstone: cannot open a disassembler for {}", code.target->name);
  cs_insn* insn = nullptr;
  size_t count = cs_disasm(handle, bytes.data(), size, offset, 0, &insn);
  for (size_t i = 0; i < count; ++i)
    out.push_back({insn[i].address, bytes.subspan(insn[i].address - offset, insn[i].size),
                   fmt::format("{} {}", insn[i].mnemonic, insn[i].op_str)});
  if (count) cs_free(insn, count);
  cs_close(&handle);
  return "";
#else
  return fmt::format("rasm dis: this build has no Capstone disassembler for {} (a cross build; docs/cross.md)",
                     code.target->name);
#endif
}

int cmd_dis(Args args) {
  const ras::Target* target = take_target(args);
  if (args.size() != 1) return usage("dis [--target=NAME] FILE");
  std::string path(args[0]);
  ras::Program program = load_program(path);
  ras::CompileOptions options;
  options.source_map = true;
  options.target = target;
  ras::MachineCode code = ras::generate(program, options);
  size_t mark = 0;
  std::vector<Line> lines;
  for (size_t f = 0; f < code.functions.size(); ++f) {
    const ras::CompiledFunction& function = code.functions[f];
    lines.clear();
    if (std::string error = disassemble(code, function.offset, function.size, lines); !error.empty())
      return fail(error);
    fmt::print("{}{}:  # {} bytes\n", f ? "\n" : "", function.name, function.size);
    for (const Line& line : lines) {
      for (; mark < code.marks.size() && code.marks[mark].offset <= line.address; ++mark)
        if (code.marks[mark].function == f)
          fmt::print("  ; {}: {}\n", ras::where(code.file, code.marks[mark].loc), code.marks[mark].text);
      std::string bytes;
      for (uint8_t b : line.bytes) bytes += fmt::format("{:02x} ", b);
      fmt::print("  {:6x}:  {:<33} {}\n", line.address, bytes, line.text);
    }
    for (; mark < code.marks.size() && code.marks[mark].function == f; ++mark)
      fmt::print("  ; {}: {}\n", ras::where(code.file, code.marks[mark].loc), code.marks[mark].text);
  }
  return kOk;
}

const Command kCommands[] = {
    {"run", "run [--target=T] FILE [INTS...]",
     "compile for the host CPU and call the first function with the integers; print its result (T must be the host's)",
     cmd_run},
    {"interp", "interp FILE [INTS...]", "the same with the reference interpreter (no JIT)", cmd_interp},
    {"dis", "dis [--target=T] FILE",
     "machine-code listing per function for target T (default: the host's): offset, bytes, instruction, source line",
     cmd_dis},
};

}  // namespace

std::span<const Command> run_commands() { return kCommands; }

}  // namespace rasm
