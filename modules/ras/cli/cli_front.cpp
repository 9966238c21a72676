// rasm check / bc / text / table: the front-end commands.
#include <cstdio>
#include <filesystem>

#include "cli.hpp"

namespace rasm {
namespace {

int cmd_check(Args args) {
  if (args.size() != 1) return usage("check FILE");
  std::string path(args[0]);
  ras::Program p = load_program(path);
  std::printf("%s: ok (%zu function(s), %zu instruction(s))\n", path.c_str(), p.functions.size(),
              p.instruction_count());
  return kOk;
}

int cmd_bc(Args args) {
  std::string in, out;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-o" && i + 1 < args.size()) out = args[++i];
    else if (in.empty() && !args[i].starts_with("-")) in = args[i];
    else return usage("bc FILE.ras [-o FILE.rbc]");
  }
  if (in.empty()) return usage("bc FILE.ras [-o FILE.rbc]");
  if (out.empty()) out = std::filesystem::path(in).replace_extension(".rbc").string();
  if (out == in) return fail("output " + out + " would overwrite the input (use -o)");
  ras::Program p = load_program(in);
  write_file(out, ras::write_bytecode(p));
  return kOk;
}

int cmd_text(Args args) {
  if (args.size() != 1) return usage("text FILE.rbc");
  std::string text = ras::print_program(load_program(std::string(args[0])));
  std::fwrite(text.data(), 1, text.size(), stdout);
  return kOk;
}

int cmd_table(Args args) {
  if (!args.empty()) return usage("table");
  std::string text = ras::table_markdown();
  std::fwrite(text.data(), 1, text.size(), stdout);
  return kOk;
}

const Command kCommands[] = {
    {"check", "check FILE", "parse and check; print a summary or the errors (file:line:col)", cmd_check},
    {"bc", "bc FILE.ras [-o FILE.rbc]", "store as bytecode (default output: FILE with .rbc)", cmd_bc},
    {"text", "text FILE.rbc", "print a program (bytecode or text) as canonical text", cmd_text},
    {"table", "table", "print the instruction table (Markdown, as in docs/ras.md)", cmd_table},
};

}  // namespace

std::span<const Command> front_commands() { return kCommands; }

}  // namespace rasm
