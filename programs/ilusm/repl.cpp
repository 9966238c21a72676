// The ilusm REPL. On a terminal it uses libedit (line editing, history in
// ~/.ilusm_history when $HOME is writable, read and written by history.cpp)
// with the prompts "> " and "... ";
// with piped stdin it prints no prompts and no banner, so its output is just
// the program's output, and it exits with status 1 if any entry failed.
//
// Ctrl-C never ends it: while an entry runs it interrupts the code
// (Interp::interrupt: the evaluator stops at its next loop iteration or call
// and the REPL reports "interrupted"); at the prompt it drops the entry being
// typed. History is written after every entry; a multi-line entry is one
// history item. Tab completes global names, module members (`asm.` + Tab)
// and the REPL's commands.
//
// An entry is one line, or several while a block is open: a line ending in
// `:` or `=` (an if/whl/loop/mat/function header), a lambda header `\(...)`
// at the end of a line, or unclosed brackets. An empty line ends the block.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#if ILUSM_HAVE_LIBEDIT
#include <editline/readline.h>
#else
// A build without libedit (a cross build, docs/cross.md): the prompt and a
// plain line, no history.
namespace {
void using_history() {}
int add_history(const char*) { return 0; }
// Completion is libedit's: without it these are inert.
int rl_catch_signals = 0;
int rl_attempted_completion_over = 0;
char** (*rl_attempted_completion_function)(const char*, int, int) = nullptr;
const char* rl_basic_word_break_characters = nullptr;
char* rl_completer_word_break_characters = nullptr;
char** rl_completion_matches(const char*, char* (*)(const char*, int)) { return nullptr; }
char* readline(const char* prompt) {
  std::fputs(prompt, stdout);
  std::fflush(stdout);
  std::string s;
  if (!std::getline(std::cin, s)) return nullptr;
  return strdup(s.c_str());
}
}  // namespace
#endif

#include "history.hpp"
#include "ilusm/bindings.hpp"
#include "ilusm/interp.hpp"
#include "jitmem/call.hpp"

namespace ilusm {

namespace {

const char* const help_text =
    "Type ilusm code; the value of an expression is printed (nil is not).\n"
    "A line ending in ':' or '=', a lambda \\(...) at the end of a line, or an open\n"
    "bracket starts a block: keep typing its lines, then an empty line runs it.\n"
    "Commands:\n"
    "  :help   this text\n"
    "  :dis EXPR   disassemble a program or sealed handle (use asm)\n"
    "  :asm TEXT   assemble Intel-syntax text (`;` between instructions), show bytes and disassembly\n"
    "  :quit   leave (Ctrl-D does too)\n"
    "Ctrl-C stops the running entry, or drops the one being typed; Tab completes\n"
    "names, module members (asm. + Tab) and commands.\n";

constexpr const char* kCommands[] = {":help", ":dis", ":asm", ":quit"};

// SIGINT: interrupts the interpreter while an entry runs, else marks the
// line being read as dropped (readline then returns early: no SA_RESTART).
std::atomic<Interp*> g_running{nullptr};
volatile sig_atomic_t g_prompt_interrupted = 0;

extern "C" void on_sigint(int, siginfo_t*, void* context) {
  // JIT code running (use asm, use ras): jitmem ends that call, "interrupted".
  if (jitmem::interrupt_from_signal(context)) return;
  if (Interp* in = g_running.load(std::memory_order_relaxed)) in->interrupt();
  else g_prompt_interrupted = 1;
}

void catch_sigint(bool interactive) {
  struct sigaction sa {};
  sa.sa_sigaction = on_sigint;
  sigemptyset(&sa.sa_mask);
  // Piped input keeps reading after a Ctrl-C (only a running entry stops).
  sa.sa_flags = SA_SIGINFO | (interactive ? 0 : SA_RESTART);
  sigaction(SIGINT, &sa, nullptr);
}

// Runs one entry with Ctrl-C interrupting it.
Value run_entry(Interp& in, const std::string& text, const std::string& chunk) {
  in.interrupt_flag().store(false);
  struct Running {
    explicit Running(Interp& in) { g_running.store(&in); }
    ~Running() { g_running.store(nullptr); }
  } running(in);
  return in.run_string(text, chunk);
}

// ---- Tab completion (libedit's readline interface has no context pointer).
Interp* g_completing = nullptr;
std::vector<std::string> g_candidates;
size_t g_next_candidate = 0;

// The candidates for `word`: commands for ":...", NAME.member for "NAME.",
// else the global names.
std::vector<std::string> candidates(Interp& in, const std::string& word) {
  std::vector<std::string> all;
  if (!word.empty() && word[0] == ':') {
    all.assign(std::begin(kCommands), std::end(kCommands));
  } else if (size_t dot = word.rfind('.'); dot != std::string::npos) {
    std::string owner = word.substr(0, dot);
    Value v = in.get(owner);
    if (v.is_obj())
      for (const auto& [key, value] : v.as<Obj>()->fields) all.push_back(owner + "." + key.as<Str>()->s);
    std::sort(all.begin(), all.end());
  } else {
    all = in.global_names();
    std::erase_if(all, [](const std::string& n) { return n.rfind("__", 0) == 0; });  // natives: hidden
  }
  std::erase_if(all, [&](const std::string& c) { return c.compare(0, word.size(), word) != 0; });
  return all;
}

char* next_candidate(const char* word, int state) {
  if (state == 0) {
    g_candidates = candidates(*g_completing, word);
    g_next_candidate = 0;
  }
  if (g_next_candidate >= g_candidates.size()) return nullptr;
  return strdup(g_candidates[g_next_candidate++].c_str());
}

char** complete(const char* word, int, int) {
  rl_attempted_completion_over = 1;  // never fall back to file names
  return rl_completion_matches(word, next_candidate);
}

// What the scanner learned about an entry's text.
struct Shape {
  int depth = 0;                    // open ( [ { minus closed ones
  size_t last = std::string::npos;  // index of the last code character
};

size_t skip_string(const std::string& s, size_t i);

// Scans code from s[i] to the end, or, inside an interpolation, to its
// closing `}` (whose index it returns). Comments and strings are skipped.
size_t scan_code(const std::string& s, size_t i, bool in_interp, Shape& shape) {
  int local = 0;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '#') {
      i = s.find('\n', i);
      if (i == std::string::npos) return s.size();
      continue;
    }
    if (c == '"' || c == '\'') {
      size_t end = skip_string(s, i);
      shape.last = end - 1;
      i = end - 1;
      continue;
    }
    if (c == '(' || c == '[' || c == '{') ++local, ++shape.depth;
    if (c == ')' || c == ']' || c == '}') {
      if (in_interp && c == '}' && local == 0) return i;
      --local, --shape.depth;
    }
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') shape.last = i;
  }
  return i;
}

// s[i] is an opening quote; `{...}` inside $"..." is code. Returns the index
// after the closing quote (or the end of the line when it is missing).
size_t skip_string(const std::string& s, size_t i) {
  bool interpolated = s[i] == '"' && i > 0 && s[i - 1] == '$';
  char quote = s[i++];
  for (; i < s.size() && s[i] != '\n'; ++i) {
    if (s[i] == '\\') {
      ++i;
      continue;
    }
    if (s[i] == quote) return i + 1;
    if (interpolated && s[i] == '{') {
      Shape inner;
      i = scan_code(s, i + 1, true, inner);
      if (i >= s.size()) return s.size();
    }
  }
  return i;
}

// True if text[..last] ends with a lambda header `\(params)`, which opens a block.
bool ends_with_lambda_header(const std::string& text, size_t last) {
  if (text[last] != ')') return false;
  size_t i = last;
  while (i > 0 && (std::isalnum(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '_' || text[i - 1] == ',' ||
                   text[i - 1] == ' '))
    --i;
  return i >= 2 && text[i - 1] == '(' && text[i - 2] == '\\';
}

// Why an entry's text may need more lines.
struct Openness {
  bool brackets = false;  // unclosed ( [ {
  bool header = false;    // the last line opens a block
};

Openness openness(const std::string& text) {
  Shape shape;
  scan_code(text, 0, false, shape);
  Openness o;
  o.brackets = shape.depth > 0;
  if (shape.last == std::string::npos) return o;
  char c = text[shape.last];
  o.header = c == ':' || c == '=' || ends_with_lambda_header(text, shape.last);
  return o;
}

bool blank(const std::string& line) { return line.find_first_not_of(" \t\r") == std::string::npos; }

std::string trimmed(const std::string& line) {
  size_t b = line.find_first_not_of(" \t\r");
  return line.substr(b, line.find_last_not_of(" \t\r") - b + 1);
}

// Line input: libedit on a terminal, plain getline otherwise.
class Input {
 public:
  explicit Input(Interp& in) : tty_(isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
    if (!tty_) return;
    rl_catch_signals = 0;  // SIGINT is the REPL's (on_sigint)
    g_completing = &in;
    rl_attempted_completion_function = complete;
    // '.' and ':' stay in the word: `asm.as` and `:he` complete whole.
    static const char breaks[] = " \t\n\"\\'`@$><=;|&{([,+-*/%!";
    rl_basic_word_break_characters = breaks;
    rl_completer_word_break_characters = const_cast<char*>(breaks);
    using_history();
    if (const char* home = getenv("HOME"); home && access(home, W_OK) == 0) {
      history_path_ = std::string(home) + "/.ilusm_history";
      std::string error;
      if (!repl::load_history(history_path_, history_, error)) give_up_history(error);
      for (const std::string& e : history_) add_history(e.c_str());
    }
  }
  bool interactive() const { return tty_; }

  // A line, or nullopt at the end of input; `dropped` is set when Ctrl-C
  // dropped the line being typed.
  std::optional<std::string> line(const char* prompt, bool& dropped) {
    dropped = false;
    if (!tty_) {
      std::string s;
      if (!std::getline(std::cin, s)) return std::nullopt;
      return s;
    }
    g_prompt_interrupted = 0;
    char* raw = readline(prompt);
    if (g_prompt_interrupted) {
      free(raw);
      std::fputs("^C\n", stdout);
      dropped = true;
      return std::string();
    }
    if (!raw) return std::nullopt;
    std::string s(raw);
    free(raw);
    return s;
  }

  // One history item per entry (a block's lines together), saved at once
  // (history.hpp: the safe writer, the mode kept, a new file 0600).
  void remember(const std::string& entry) {
    if (!tty_ || blank(entry)) return;
    add_history(entry.c_str());
    history_.push_back(entry);
    if (history_.size() > repl::kHistoryEntries) history_.erase(history_.begin());
    std::string error;
    if (!history_path_.empty() && !repl::save_history(history_path_, history_, error)) give_up_history(error);
  }

 private:
  // A history file that cannot be used (a FIFO, a device, unreadable) is
  // said once and left alone for the rest of the session.
  void give_up_history(const std::string& error) {
    std::fprintf(stderr, "ilusm: history not kept: %s\n", error.c_str());
    history_path_.clear();
  }

  bool tty_;
  std::string history_path_;
  std::vector<std::string> history_;  // what the file holds (the last kHistoryEntries)
};

// `:dis EXPR`: the disassembly of an asm program or sealed handle. Returns
// false when the line is not this command; `failed` is set on an error.
bool disassemble_command(Interp& in, const std::string& line, int& entries, bool& failed) {
  if (line.rfind(":dis", 0) != 0 || (line.size() > 4 && line[4] != ' ')) return false;
  size_t start = line.find_first_not_of(" \t", 4);
  if (start == std::string::npos) {
    std::fputs("usage: :dis EXPR (an asm program or sealed handle)\n", stderr);
    failed = true;
    return true;
  }
  try {
    Value v = run_entry(in, line.substr(start), "<repl " + std::to_string(++entries) + ">");
    for (const std::string& text : asm_disassembly(v)) in.write_out(text + "\n");
  } catch (const Error& e) {
    std::fflush(stdout);
    std::fputs(in.format_error(e).c_str(), stderr);
    failed = true;
  }
  return true;
}

// `:asm TEXT`: the bytes and disassembly of Intel-syntax text (`;` separates
// instructions). Returns false when the line is not this command.
bool asm_command(Interp& in, const std::string& line, bool& failed) {
  if (line.rfind(":asm", 0) != 0 || (line.size() > 4 && line[4] != ' ')) return false;
  size_t start = line.find_first_not_of(" \t", 4);
  if (start == std::string::npos) {
    std::fputs("usage: :asm TEXT (Intel syntax, instructions separated by ;)\n", stderr);
    failed = true;
    return true;
  }
  try {
    for (const std::string& text : asm_text_listing(line.substr(start))) in.write_out(text + "\n");
  } catch (const Error& e) {
    std::fflush(stdout);
    std::fputs((e.message() + "\n").c_str(), stderr);
    failed = true;
  }
  return true;
}

}  // namespace

int run_repl(Interp& in) {
  Input input(in);
  catch_sigint(input.interactive());
  if (input.interactive()) std::printf("ilusm REPL: :help for help, :quit or Ctrl-D to leave\n");
  bool failed = false;
  int entries = 0;  // names the chunks "<repl 1>", "<repl 2>", ...
  for (;;) {
    bool dropped = false;
    std::optional<std::string> first = input.line("> ", dropped);
    if (!first) break;
    if (blank(*first)) continue;
    std::string word = trimmed(*first);
    if (word[0] == ':') input.remember(word);
    if (word == ":quit") break;
    if (word == ":help") {
      std::fputs(help_text, stdout);
      continue;
    }
    if (disassemble_command(in, word, entries, failed)) continue;
    if (asm_command(in, word, failed)) continue;
    if (word[0] == ':') {
      std::fprintf(stderr, "unknown command %s (try :help)\n", word.c_str());
      continue;
    }
    // Brackets alone end when they balance; a block ends at an empty line.
    // A multi-line entry recalled from history comes whole: it runs as is.
    std::string text = *first;
    bool recalled = text.find('\n') != std::string::npos;
    for (bool in_block = false; !recalled;) {
      Openness o = openness(text);
      in_block = in_block || o.header;
      if (!in_block && !o.brackets) break;
      std::optional<std::string> more = input.line("... ", dropped);
      if (dropped || !more || blank(*more)) break;
      text += "\n" + *more;
    }
    if (dropped) continue;  // Ctrl-C dropped the whole entry
    input.remember(text);
    try {
      Value v = run_entry(in, text, "<repl " + std::to_string(++entries) + ">");
      if (!v.is_nil()) in.write_out(v.to_repr() + "\n");
    } catch (const Error& e) {
      std::fflush(stdout);
      std::fputs(in.format_error(e).c_str(), stderr);
      failed = true;
    } catch (const std::exception& e) {  // e.g. out of memory: report, keep going
      std::fflush(stdout);
      std::fprintf(stderr, "error: %s\n", e.what());
      failed = true;
    }
    std::fflush(stdout);
  }
  if (input.interactive()) std::printf("\n");
  return failed && !input.interactive() ? 1 : 0;
}

}  // namespace ilusm
