// The `ilusm` program: ilusm FILE [args], ilusm -e CODE, or the REPL.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "ilusm/bindings.hpp"
#include "ilusm/interp.hpp"

namespace ilusm {
int run_repl(Interp& in);
}

namespace {

const char* usage =
    "usage: ilusm [FILE [ARGS...]] | -e CODE [ARGS...] | --help | --version\n"
    "  ilusm FILE      run an ilusm script (args are in the global `args`)\n"
    "  ilusm -e CODE   run CODE\n"
    "  ilusm           start the REPL\n";

int run(ilusm::Interp& in, bool is_file, const std::string& what) {
  try {
    if (is_file) in.run_file(what); else in.run_string(what, "<eval>");
    std::fflush(stdout);
    return 0;
  } catch (const ilusm::Error& e) {
    std::fflush(stdout);
    std::fputs(in.format_error(e).c_str(), stderr);
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::fputs(usage, stdout);
    return 0;
  }
  if (!args.empty() && args[0] == "--version") {
    std::puts("ilusm " ILUSM_VERSION);
    return 0;
  }
  ilusm::Interp in;
  ilusm::open_bindings(in);
  if (args.empty()) return ilusm::run_repl(in);
  if (args[0] == "-e") {
    if (args.size() < 2) {
      std::fputs("ilusm: -e needs CODE\n", stderr);
      std::fputs(usage, stderr);
      return 2;
    }
    in.set_args(std::vector<std::string>(args.begin() + 2, args.end()));
    return run(in, false, args[1]);
  }
  if (args[0].size() > 1 && args[0][0] == '-') {
    std::fprintf(stderr, "ilusm: unknown option '%s'\n", args[0].c_str());
    std::fputs(usage, stderr);
    return 2;
  }
  in.set_args(std::vector<std::string>(args.begin() + 1, args.end()));
  return run(in, true, args[0]);
}
