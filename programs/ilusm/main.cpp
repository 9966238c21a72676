// The `ilusm` program: ilusm FILE [args], ilusm -e CODE, or the REPL.
#include <signal.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "ilusm/bindings.hpp"
#include "ilusm/interp.hpp"
#include "jitmem/call.hpp"

namespace ilusm {
int run_repl(Interp& in);
}

namespace {

const char* usage =
    "usage: ilusm [--caps=LIST] [FILE [ARGS...] | -e CODE [ARGS...]] | --help | --version\n"
    "  ilusm FILE      run an ilusm script (args are in the global `args`)\n"
    "  ilusm -e CODE   run CODE\n"
    "  ilusm           start the REPL\n"
    "  --caps=LIST     allow only these native capabilities (comma-separated names,\n"
    "                  e.g. __native_call); --caps= allows none: no JIT at all\n";

// --caps=a,b,c: the names between the commas (none for an empty list).
std::vector<std::string> split_caps(const std::string& list) {
  std::vector<std::string> names;
  size_t start = 0;
  while (start < list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    if (comma > start) names.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return names;
}

// Ctrl-C (SIGINT) while JIT code runs ends that call: the script gets the
// ilusm error "interrupted" (the REPL goes on). Anywhere else SIGINT does
// what the handler installed before did (by default: the program ends); a
// REPL handler for interpreted code installed later must call
// jitmem::interrupt_from_signal first, as this one does.
struct sigaction previous_sigint;

void on_sigint(int sig, siginfo_t* info, void* context) {
  if (jitmem::interrupt_from_signal(context)) return;
  if (previous_sigint.sa_flags & SA_SIGINFO) {
    previous_sigint.sa_sigaction(sig, info, context);
  } else if (previous_sigint.sa_handler == SIG_DFL) {
    signal(SIGINT, SIG_DFL);
    raise(SIGINT);
  } else if (previous_sigint.sa_handler != SIG_IGN) {
    previous_sigint.sa_handler(sig);
  }
}

void install_sigint() {
  struct sigaction action {};
  action.sa_sigaction = on_sigint;
  action.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous_sigint);
}

int run(ilusm::Interp& in, bool is_file, const std::string& what) {
  try {
    if (is_file) in.run_file(what);
    else in.run_string(what, "<eval>");
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
  install_sigint();
  ilusm::Interp in;
  ilusm::open_bindings(in);
  // Options before the script: the host's narrowing, as an embedding host does it.
  constexpr std::string_view caps_opt = "--caps=";
  while (!args.empty() && args[0].starts_with(caps_opt)) {
    in.set_caps(split_caps(args[0].substr(caps_opt.size())));
    args.erase(args.begin());
  }
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
