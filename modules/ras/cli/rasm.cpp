// rasm: the runtime assembler's command line. Dispatches to the command tables.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "cli.hpp"
#include "ras/target.hpp"

namespace {

// Add a command file's table here.
const std::span<const rasm::Command> kTables[] = {
    rasm::front_commands(),
    rasm::run_commands(),
};

void print_help(FILE* out) {
  std::fprintf(out, "usage: rasm COMMAND [ARGS...]\n\ncommands:\n");
  for (auto table : kTables)
    for (const rasm::Command& c : table)
      std::fprintf(out, "  rasm %-32.*s %.*s\n", int(c.usage.size()), c.usage.data(), int(c.help.size()),
                   c.help.data());
  std::fprintf(out,
               "  rasm --help                           this text\n\nFILE is text (.ras) or bytecode (.rbc), told "
               "apart by the bytecode magic. See docs/ras.md.\n");
  std::string names = ras::target_names();
  const ras::Target* host = ras::host_target();
  std::fprintf(out,
               "T (--target=T) is one of: %s; the default is the host's (%s). Any target generates on any "
               "host;\nrunning needs the host's. See docs/ras-run.md.\n",
               names.c_str(), host ? std::string(host->name).c_str() : "none: this CPU has no back end");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty()) {
    print_help(stderr);
    return rasm::kUsage;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_help(stdout);
    return rasm::kOk;
  }
  for (auto table : kTables)
    for (const rasm::Command& c : table)
      if (c.name == args[0]) {
        try {
          return c.run(rasm::Args(args).subspan(1));
        } catch (const std::exception& e) { return rasm::fail(e.what()); }
      }
  std::fprintf(stderr, "rasm: unknown command '%.*s' (see rasm --help)\n", int(args[0].size()), args[0].data());
  return rasm::kUsage;
}
