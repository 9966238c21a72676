// The back half through its C++ API: the x86-64 back end against the
// reference interpreter (every integer operation, every operand arrangement,
// edge values), the seed's Fibonacci program, bytecode giving the same
// machine code as text, host functions, and the errors both report.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "ras/backend.hpp"
#include "ras/host_memory.hpp"
#include "ras/interp.hpp"
#include "ras/ras.hpp"

namespace {

ras::Program load(const std::string& text) { return ras::load_text(text, "t.ras"); }

// The error message of `fn`, or "" if it did not throw ras::Error.
template <class Fn>
std::string error_of(Fn fn) {
  try {
    fn();
  } catch (const ras::Error& e) { return e.what(); }
  return "";
}

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
const std::vector<int64_t> kValues = {
    0, 1, -1, 2, -2, 7, -7, 63, 64, 65, 0x7fffffff, -0x80000000LL, 0x100000000LL, 0x123456789abcdefLL, kMin, kMax};

// A one-instruction function of two integer arguments, in a given register arrangement.
std::string binary_program(const std::string& mnemonic, const std::string& dst, const std::string& a,
                           const std::string& b) {
  return "prolog 2\narg => $x\narg => $y\ngetarg " + a + " $x\ngetarg " + b + " $y\n" + mnemonic + " " + dst + " " + a +
         " " + b + "\nmov %ret " + dst + "\nret\n";
}

std::string immediate_program(const std::string& mnemonic, const std::string& dst, const std::string& a, int64_t imm) {
  return "prolog 1\narg => $x\ngetarg " + a + " $x\n" + mnemonic + " " + dst + " " + a + " " + std::to_string(imm) +
         "\nmov %ret " + dst + "\nret\n";
}

bool faults(const std::string& mnemonic, int64_t a, int64_t b) {
  bool divides = mnemonic.starts_with("div") || mnemonic.starts_with("rem");
  bool is_unsigned = mnemonic.ends_with("_ul");
  return divides && (b == 0 || (!is_unsigned && a == kMin && b == -1));
}

const std::vector<std::string> kBinary = {"add",    "sub", "mul",    "and", "or",     "xor", "lsh",   "rsh",
                                          "rsh_ul", "div", "div_ul", "rem", "rem_ul", "lt",  "lt_ul", "le",
                                          "le_ul",  "eq",  "ne",     "ge",  "ge_ul",  "gt",  "gt_ul"};

// Register arrangements: distinct, destination = first or second source,
// %ret involved (rax is also the division register), %r2/%r3 (r8/r9).
const std::vector<std::vector<std::string>> kArrangements = {
    {"%v2", "%v0", "%v1"},  {"%v0", "%v0", "%v1"},  {"%v1", "%v0", "%v1"}, {"%ret", "%r0", "%r1"},
    {"%r0", "%ret", "%r1"}, {"%r1", "%r0", "%ret"}, {"%r2", "%r3", "%v4"}, {"%v3", "%r2", "%r3"}};

TEST(RasJitVsInterp, EveryBinaryOperationRegisterForms) {
  for (const std::string& op : kBinary)
    for (const auto& regs : kArrangements) {
      ras::Program program = load(binary_program(op, regs[0], regs[1], regs[2]));
      ras::Compiled jit = ras::compile(program);
      ras::Interpreter interp(program);
      auto fn = jit.function_pointer<int64_t (*)(int64_t, int64_t)>(0);
      for (int64_t a : kValues)
        for (int64_t b : kValues) {
          if (faults(op, a, b)) continue;
          int64_t want = interp.call(0, std::vector<int64_t>{a, b}).value;
          ASSERT_EQ(fn(a, b), want) << op << " " << regs[0] << " " << regs[1] << " " << regs[2] << " a=" << a
                                    << " b=" << b;
        }
    }
}

TEST(RasJitVsInterp, EveryBinaryOperationImmediateForms) {
  for (const std::string& op : kBinary)
    for (std::string dst : {"%v1", "%v0", "%ret"})
      for (int64_t imm : kValues) {
        if (faults(op, 1, imm)) continue;
        ras::Program program = load(immediate_program(op, dst, "%v0", imm));
        ras::Compiled jit = ras::compile(program);
        ras::Interpreter interp(program);
        auto fn = jit.function_pointer<int64_t (*)(int64_t)>(0);
        for (int64_t a : kValues) {
          if (faults(op, a, imm)) continue;
          ASSERT_EQ(fn(a), interp.call(0, std::vector<int64_t>{a}).value)
              << op << " " << dst << " imm=" << imm << " a=" << a;
        }
      }
}

TEST(RasJitVsInterp, BranchesAgreeWithCompareAndSet) {
  for (std::string cond : {"lt", "le", "eq", "ne", "ge", "gt"})
    for (std::string suffix : {"", "_ul"}) {
      std::string text = "prolog 2\narg => $x\narg => $y\ngetarg %v0 $x\ngetarg %v1 $y\nmov %ret 0\nb" + cond + suffix +
                         " !forward %v0 %v1 => @t\nmov %ret 1\npatch @t\nret\n";
      ras::Program program = load(text);
      ras::Compiled jit = ras::compile(program);
      ras::Interpreter interp(program);
      auto fn = jit.function_pointer<int64_t (*)(int64_t, int64_t)>(0);
      for (int64_t a : kValues)
        for (int64_t b : kValues) {
          bool is_unsigned = suffix == "_ul";
          uint64_t ua = static_cast<uint64_t>(a), ub = static_cast<uint64_t>(b);
          bool taken = cond == "lt"   ? (is_unsigned ? ua < ub : a < b)
                       : cond == "le" ? (is_unsigned ? ua <= ub : a <= b)
                       : cond == "eq" ? a == b
                       : cond == "ne" ? a != b
                       : cond == "ge" ? (is_unsigned ? ua >= ub : a >= b)
                                      : (is_unsigned ? ua > ub : a > b);
          ASSERT_EQ(fn(a, b), taken ? 0 : 1) << cond << suffix << " " << a << " " << b;
          ASSERT_EQ(interp.call(0, std::vector<int64_t>{a, b}).value, taken ? 0 : 1);
        }
    }
}

TEST(RasSeedFibonacci, RunsAsWrittenOnBothBackEnds) {
  ras::Program program = ras::load_file(std::string(RAS_EXAMPLES) + "/fib.ras");
  ras::Compiled jit = ras::compile(program);
  ras::Interpreter interp(program);
  auto fib = jit.function_pointer<int64_t (*)(int64_t)>(0);
  // fib(n) = n < 2 ? 1 : fib(n-1) + 1 + fib(n-2), as the seed's code computes.
  int64_t expected[16] = {1, 1};
  for (int n = 2; n < 16; ++n) expected[n] = expected[n - 1] + 1 + expected[n - 2];
  for (int n = 0; n < 16; ++n) {
    EXPECT_EQ(fib(n), expected[n]) << n;
    EXPECT_EQ(interp.call(0, std::vector<int64_t>{n}).value, expected[n]) << n;
  }
  EXPECT_EQ(fib(25), 242785);
  EXPECT_EQ(jit.call(0, std::vector<int64_t>{10}).value, 177);
}

// Every program of tests/ras/programs and examples/: text -> bytecode -> load
// assembles to exactly the same machine code as the text.
TEST(RasBytecode, SameMachineCodeAsText) {
  int files = 0;
  for (const char* dir : {RAS_PROGRAMS, RAS_EXAMPLES})
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() != ".ras") continue;
      ras::Program text = ras::load_file(entry.path().string());
      std::vector<uint8_t> bytecode = ras::write_bytecode(text);
      ras::Program loaded = ras::load_bytecode(bytecode, "loaded.rbc");
      ras::Diagnostics problems = ras::check(loaded);
      ASSERT_TRUE(problems.empty()) << ras::to_string(problems);
      EXPECT_EQ(ras::generate(text).bytes, ras::generate(loaded).bytes) << entry.path();
      ++files;
    }
  EXPECT_GE(files, 16);
}

TEST(RasCalls, DirectCallWithStackArguments) {
  std::string text =
      "prolog 8\narg => $a\narg => $b\narg => $c\narg => $d\narg => $e\narg => $f\narg => $g\narg => $h\n"
      "getarg %ret $g\nmul %ret %ret 10\ngetarg %r0 $h\nadd %ret %ret %r0\ngetarg %r0 $a\nsub %ret %ret %r0\nret\n";
  ras::Program program = load(text);
  ras::Compiled jit = ras::compile(program);
  auto fn =
      jit.function_pointer<int64_t (*)(int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t)>(0);
  EXPECT_EQ(fn(1, 2, 3, 4, 5, 6, 7, 8), 77);
  ras::Interpreter interp(program);
  EXPECT_EQ(interp.call(0, std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7, 8}).value, 77);
  // The guarded call path only passes register arguments.
  EXPECT_NE(error_of([&] {
              jit.call(0, std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7, 8});
            }).find("stack arguments"),
            std::string::npos);
}

double g_seen = 0;
int64_t g_calls = 0;
double host_mix(int64_t a, double b, int64_t c, double d) {
  ++g_calls;
  g_seen = b;
  return static_cast<double>(a) * b + static_cast<double>(c) * d;
}
int64_t host_sum7(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, int64_t f, int64_t g) {
  return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g;
}

TEST(RasHost, MixedArgumentsAndStackArgumentsOnBothBackEnds) {
  ras::HostTable hosts;
  hosts.add("mix", &host_mix);
  hosts.add("sum7", &host_sum7);
  std::string text =
      "prolog 0\nmov_d %f0 3\nmov_d %f1 4\nprepare 4\npusharg 2\npusharg_d %f0\npusharg 5\npusharg_d %f1\n"
      "finish !mix\nretval_d %f2\ntrunc_d %v0 %f2\nprepare 7\npusharg 1\npusharg 1\npusharg 1\npusharg 1\n"
      "pusharg 1\npusharg 1\npusharg %v0\nfinish !sum7\nretval %ret\nret\n";
  ras::Program program = load(text);
  ras::CompileOptions options;
  options.hosts = &hosts;
  ras::Compiled jit = ras::compile(program, options);
  g_calls = 0;
  EXPECT_EQ(jit.call(0, {}).value, 21 + 7 * 26);  // mix = 2*3 + 5*4 = 26
  EXPECT_EQ(g_seen, 3.0);
  ras::InterpOptions interp_options;
  interp_options.hosts = &hosts;
  ras::Interpreter interp(program, interp_options);
  EXPECT_EQ(interp.call(0, {}).value, 21 + 7 * 26);
  EXPECT_EQ(g_calls, 2);
}

TEST(RasHost, TableDescribesSignatures) {
  ras::HostFunction f = ras::host_function("mix", &host_mix);
  ASSERT_EQ(f.params.size(), 4u);
  EXPECT_EQ(f.int_params(), 2);
  EXPECT_EQ(f.double_params(), 2);
  EXPECT_EQ(f.result, ras::ValueKind::floating);
  int64_t ints[] = {2, 5};
  double doubles[] = {0.5, 2};
  EXPECT_EQ(f.thunk(f.address, ints, doubles).d, 11.0);
  EXPECT_NE(ras::standard_hosts().find("print"), nullptr);
  EXPECT_EQ(ras::standard_hosts().find("nope"), nullptr);
}

struct ErrorCase {
  const char* text;
  const char* message;
};

// generate() reuses one workspace per thread: code for a program must not
// depend on what was generated before it, nor on an earlier failure.
TEST(RasGenerate, ResultDoesNotDependOnEarlierPrograms) {
  ras::Program fib = ras::load_file(std::string(RAS_EXAMPLES) + "/fib.ras");
  std::vector<uint8_t> first = ras::generate(fib).bytes;
  std::string big;
  for (int i = 0; i < 50; ++i)
    big += "#function f" + std::to_string(i) + "\n" + binary_program("add", "%v2", "%v0", "%v1");
  ras::Program large = load(big);
  EXPECT_EQ(ras::generate(large).functions.size(), 50u);
  EXPECT_EQ(ras::generate(fib).bytes, first);
  ras::Program bad = load("prolog 0\nprepare 0\nfinish !nope\nret\n");
  EXPECT_NE(error_of([&] { ras::generate(bad); }), "");
  ras::MachineCode again = ras::generate(fib);
  EXPECT_EQ(again.bytes, first);
  ASSERT_EQ(again.functions.size(), 1u);
  EXPECT_EQ(again.functions[0].params.size(), 1u);
  ras::Compiled code = ras::compile(fib);
  EXPECT_EQ(code.call(0, std::vector<int64_t>{10}).value, 177);
}

// The edge errors of docs/ras-run.md: the JIT traps and reports exactly what
// the interpreter reports, file:line:col included.
TEST(RasEdges, JitErrorsMatchTheInterpreter) {
  struct Case {
    const char* text;
    std::vector<int64_t> args;
    const char* message;
  };
  const std::string two = "prolog 2\narg => $a\narg => $b\ngetarg %v0 $a\ngetarg %v1 $b\n";
  const Case cases[] = {
      {"div %ret %v0 %v1\nret\n", {7, 0}, "t.ras:6:1: division by zero"},
      {"rem %ret %v0 %v1\nret\n", {7, 0}, "t.ras:6:1: division by zero"},
      {"div_ul %v2 %v1 %v0\nret\n", {0, 7}, "t.ras:6:1: division by zero"},
      {"rem_ul %ret %v0 %v1\nret\n", {7, 0}, "t.ras:6:1: division by zero"},
      {"div %v0 %v0 %v1\nret\n", {kMin, -1}, "t.ras:6:1: integer overflow: INT64_MIN divided by -1"},
      {"rem %r0 %v0 %v1\nret\n", {kMin, -1}, "t.ras:6:1: integer overflow: INT64_MIN divided by -1"},
      {"div %ret %v0 -1\nret\n", {kMin, 0}, "t.ras:6:1: integer overflow: INT64_MIN divided by -1"},
  };
  for (const Case& c : cases) {
    ras::Program program = load(two + c.text);
    ras::Interpreter interp(program);
    EXPECT_EQ(error_of([&] { interp.call(0, c.args); }), c.message) << c.text;
    ras::CompileOptions options;
    options.source_map = true;
    ras::Compiled code = ras::compile(program, options);
    EXPECT_EQ(error_of([&] { code.call(0, c.args); }), c.message) << c.text;
  }
  // Unsigned INT64_MIN / -1 is an ordinary division.
  ras::Program program = load(two + "div_ul %ret %v0 %v1\nret\n");
  EXPECT_EQ(ras::compile(program).call(0, std::vector<int64_t>{kMin, -1}).value, 0);
}

// The target seam: names, the host default, and a description per back end.
TEST(RasTarget, TableAndHostDefault) {
  ASSERT_FALSE(ras::targets().empty());
  for (const ras::Target* t : ras::targets()) {
    EXPECT_EQ(ras::find_target(t->name), t);
    EXPECT_EQ(ras::find_target(t->alias), t);
    EXPECT_NE(t->emit, nullptr);
    EXPECT_GT(t->fill_size, 0);
    EXPECT_GT(t->int_arg_regs, 0);
    for (std::string_view reg : t->int_regs) EXPECT_FALSE(reg.empty()) << t->name;
    for (std::string_view reg : t->fp_regs) EXPECT_FALSE(reg.empty()) << t->name;
    ras::Program fib = ras::load_file(std::string(RAS_EXAMPLES) + "/fib.ras");
    ras::CompileOptions options;
    options.target = t;
    ras::MachineCode code = ras::generate(fib, options);
    EXPECT_EQ(code.target, t);
    EXPECT_FALSE(code.bytes.empty());
    EXPECT_EQ(code.bytes.size() % t->instruction_align, 0u) << t->name;
  }
  EXPECT_EQ(ras::find_target("vax"), nullptr);
#if defined(__x86_64__)
  EXPECT_EQ(ras::host_target(), ras::find_target("x86-64"));
  EXPECT_EQ(ras::host_cpu_name(), "x86-64");
#endif
  if (const ras::Target* host = ras::host_target()) {
    ras::Program fib = ras::load_file(std::string(RAS_EXAMPLES) + "/fib.ras");
    ras::CompileOptions options;
    options.target = host;
    EXPECT_EQ(ras::generate(fib, options).bytes, ras::generate(fib).bytes);
  }
}

// Every program and example generates for every target (cross-generation),
// with a source mark per step and instructions at the target's alignment.
TEST(RasTarget, EveryProgramGeneratesForEveryTarget) {
  for (const char* dir : {RAS_PROGRAMS, RAS_EXAMPLES})
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() != ".ras") continue;
      ras::Program program = ras::load_file(entry.path().string());
      for (const ras::Target* t : ras::targets()) {
        ras::CompileOptions options;
        options.target = t;
        options.source_map = true;
        ras::MachineCode code = ras::generate(program, options);
        EXPECT_EQ(code.marks.size(), program.instruction_count()) << entry.path() << " " << t->name;
        for (const ras::SourceMark& mark : code.marks) EXPECT_EQ(mark.offset % t->instruction_align, 0u);
        for (const ras::TrapSite& trap : code.traps) EXPECT_LT(trap.offset, code.bytes.size());
      }
    }
}

// AArch64 b.cond reaches +-1 MiB: a farther target turns the branch into the
// inverted condition skipping a `b`; a near one stays one b.cond.
TEST(RasTarget, AArch64FarBranchesRelax) {
  auto first_branch = [](size_t filler) {
    std::string text = "prolog 0\nmov %r1 1\nbeq !forward %r1 1 => @x\n";
    for (size_t i = 0; i < filler; ++i) text += "add %r0 %r0 1\n";
    text += "patch @x\nret\n";
    ras::CompileOptions options;
    options.target = ras::find_target("aarch64");
    std::vector<uint8_t> bytes = ras::generate(load(text), options).bytes;
    std::vector<uint32_t> words(bytes.size() / 4);
    std::memcpy(words.data(), bytes.data(), bytes.size());
    for (size_t i = 0; i + 1 < words.size(); ++i)
      if ((words[i] & 0xff000010u) == 0x54000000u) return std::pair{words[i], words[i + 1]};
    return std::pair{0u, 0u};
  };
  auto [near, after_near] = first_branch(1000);
  EXPECT_EQ(near & 0xf, 0u);                // b.eq
  EXPECT_EQ((near >> 5) & 0x7ffff, 1001u);  // straight to the target
  EXPECT_NE(after_near & 0xfc000000u, 0x14000000u);
  auto [far, after_far] = first_branch(300000);  // 1.2 MB of code
  EXPECT_EQ(far, 0x54000041u);                   // b.ne over the next word
  EXPECT_EQ(after_far, 0x14000000u | 300001u);   // b to the target
}

// Code for a target other than the host's generates but does not run.
TEST(RasTarget, ForeignTargetDoesNotRun) {
  ras::Program fib = ras::load_file(std::string(RAS_EXAMPLES) + "/fib.ras");
  for (const ras::Target* t : ras::targets()) {
    if (t == ras::host_target()) continue;
    ras::CompileOptions options;
    options.target = t;
    EXPECT_EQ(error_of([&] { ras::compile(fib, options); }),
              std::string(RAS_EXAMPLES) + "/fib.ras: " + std::string(t->name) + " code cannot run on this " +
                  std::string(ras::host_cpu_name()) +
                  " host (generate() or `rasm dis --target=" + std::string(t->name) + "` shows it)");
  }
}

TEST(RasResolve, ErrorsNameTheLocation) {
  const ErrorCase cases[] = {
      {"prolog 0\nblt !forward %v0 1 => @x\nret\n", "t.ras:2:23: forward branch => @x is never patched"},
      {"prolog 0\nprepare 0\nfinish !nope\nret\n", "t.ras:3:8: finish: !nope is not a registered host function"},
      {"prolog 0\nprepare 0\nfinish @nope\nret\n", "t.ras:3:8: finish: call to unknown function @nope"},
      {"prolog 0\nprepare 0\nfinish !print\nret\n", "t.ras:3:1: finish: !print takes 1 argument(s), 0 pushed"},
      {"prolog 2\narg => $x\nret\n", "t.ras:1:1: prolog declares 2 argument(s) but the function has 1 arg"},
      {"prolog 1\narg_d => $x\ngetarg %v0 $x\nret\n", "t.ras:3:12: getarg: $x is a double argument"},
      {"leaf 0\nprepare 1\npusharg 1\nfinish !print\nret\n", "t.ras:4:1: finish in leaf function 'main'"},
      {"prolog 0\ndiv %v0 %v0 0\nret\n", "t.ras:2:13: div: division by zero"},
      {"prolog 0\njmp @nowhere\nret\n", "t.ras:2:5: jmp: branch to undefined label @nowhere"},
      {"mov %v0 1\nret\n", "t.ras:1:1: mov: a function must start with prolog or leaf"},
      {"prolog 0\nprepare 1\npusharg_d %f0\nfinish !print\nret\n",
       "t.ras:3:1: pusharg: argument 1 of !print is an integer"},
  };
  // Some are caught by the checker already; the rest by resolution, which
  // both back ends share.
  for (const ErrorCase& c : cases) {
    std::string jit_error = error_of([&] { ras::compile(load(c.text)); });
    std::string interp_error = error_of([&] {
      ras::Program program = load(c.text);
      ras::Interpreter interp(program);
    });
    EXPECT_NE(jit_error.find(c.message), std::string::npos) << c.text << "\ngot: " << jit_error;
    EXPECT_EQ(jit_error, interp_error);
  }
}

// Resolution binds names in one pass, so a name used before its definition
// fails there even when the checker's diagnostics were ignored (forms set).
TEST(RasResolve, UseBeforeDefinitionFailsWithoutTheChecker) {
  const ErrorCase cases[] = {
      {"prolog 0\npatch @r\nblt !forward %v0 1 => @r\nret\n", "t.ras:2:7: patch: @r is not the jump site"},
      {"prolog 1\ngetarg %v0 $x\narg => $x\nret\n", "t.ras:2:12: getarg: $x is not set by an arg instruction"},
      {"prolog 0\njmp @l\nget_label => @l\nret\n", "t.ras:2:5: @l is not a label of function 'main'"},
  };
  for (const ErrorCase& c : cases) {
    ras::ParseResult parsed = ras::parse(c.text, "t.ras");
    ASSERT_TRUE(parsed.ok()) << c.text;
    EXPECT_FALSE(ras::check(parsed.program).empty()) << c.text;
    std::string error = error_of([&] { ras::generate(parsed.program); });
    EXPECT_NE(error.find(c.message), std::string::npos) << c.text << "\ngot: " << error;
  }
}

TEST(RasInterp, RuntimeErrors) {
  ras::Program recursion = load("prolog 0\nprepare 0\nfinish @self\nret\n");
  ras::InterpOptions options;
  options.max_depth = 100;
  ras::Interpreter deep(recursion, options);
  EXPECT_EQ(error_of([&] { deep.call(0, {}); }), "t.ras:3:1: call depth limit 100 exceeded");

  ras::Program divide = load("prolog 2\narg => $a\narg => $b\ngetarg %v0 $a\ngetarg %v1 $b\ndiv %ret %v0 %v1\nret\n");
  ras::Interpreter interp(divide);
  EXPECT_EQ(error_of([&] { interp.call(0, std::vector<int64_t>{1, 0}); }), "t.ras:6:1: division by zero");
  EXPECT_EQ(error_of([&] {
              interp.call(0, std::vector<int64_t>{kMin, -1});
            }),
            "t.ras:6:1: integer overflow: INT64_MIN divided by -1");
  EXPECT_EQ(error_of([&] { interp.call(0, std::vector<int64_t>{1}); }),
            "t.ras: function 'main' takes 2 integer and 0 double argument(s), got 1 and 0");

  // Memory checking: only blocks from host_alloc are allowed.
  ras::Program memory = load("prolog 1\narg => $p\ngetarg %v0 $p\nldx_i %ret %v0 4\nret\n");
  ras::InterpOptions checked;
  checked.memory_ok = ras::host_memory_contains;
  ras::Interpreter guarded(memory, checked);
  uintptr_t block = ras::host_alloc(8);
  ASSERT_NE(block, 0u);
  int32_t words[2] = {0, 1234};
  std::memcpy(reinterpret_cast<void*>(block), words, 8);
  EXPECT_EQ(guarded.call(0, std::vector<int64_t>{static_cast<int64_t>(block)}).value, 1234);
  EXPECT_NE(error_of([&] {
              guarded.call(0, std::vector<int64_t>{static_cast<int64_t>(block + 2)});
            }).find("t.ras:4:1: ldx_i: 4 bytes at 0x"),
            std::string::npos);
  EXPECT_NE(error_of([&] { guarded.call(0, std::vector<int64_t>{0}); }).find("outside the memory given"),
            std::string::npos);
  ras::host_free(block);
}

TEST(RasJit, FaultBecomesErrorWithSourceLine) {
  ras::Program program = load("prolog 0\nmov %v0 0\nldx %ret %v0 8\nret\n");
  ras::CompileOptions options;
  options.source_map = true;
  ras::Compiled jit = ras::compile(program, options);
  std::string error = error_of([&] { jit.call(0, {}); });
  EXPECT_NE(error.find("SIGSEGV"), std::string::npos) << error;
  EXPECT_NE(error.find("'ldx %ret %v0 8' (t.ras:3:1)"), std::string::npos) << error;
}

TEST(RasJit, FunctionsAndDoubleResults) {
  ras::Program program = load(
      "#function first\nprolog 1\narg => $x\ngetarg %v0 $x\nprepare_d 1\next_d %f0 %v0\npusharg_d %f0\n"
      "finish @half\nretval_d %f1\nmov_d %ret %f1\nret\n"
      "#function half\nleaf 1\narg_d => $d\ngetarg_d %f0 $d\nmov_d %f1 2\ndiv_d %ret %f0 %f1\nret\n");
  ras::Compiled jit = ras::compile(program);
  ASSERT_EQ(jit.functions().size(), 2u);
  EXPECT_EQ(jit.index("half"), 1u);
  EXPECT_TRUE(jit.functions()[0].returns_double);
  ras::RunResult r = jit.call(0, std::vector<int64_t>{7});
  EXPECT_TRUE(r.is_double);
  EXPECT_EQ(r.dvalue, 3.5);
  auto half = jit.function_pointer<double (*)(double)>(jit.index("half"));
  EXPECT_EQ(half(5.0), 2.5);
  ras::Interpreter interp(program);
  EXPECT_EQ(interp.call("half", {}, std::vector<double>{9.0}).dvalue, 4.5);
  EXPECT_EQ(interp.call("first", std::vector<int64_t>{7}).dvalue, 3.5);
}

// Double arguments whose sources are argument registers themselves (%ret is
// xmm0) and a pushed double changed before the finish.
TEST(RasJit, DoubleArgumentMovesAndCaptures) {
  ras::Program program = load(
      "#function main\nprolog 0\nmov_d %ret 8\nmov_d %f0 2\nprepare 3\npusharg_d %f0\npusharg_d %ret\n"
      "mov_d %f0 100\npusharg_d %f0\nfinish @f\nretval_d %f1\nmov_d %ret %f1\nret\n"
      "#function f              # a - b / 4 + c * 1000\nleaf 3\narg_d => $a\narg_d => $b\narg_d => $c\n"
      "getarg_d %f0 $a\ngetarg_d %f1 $b\ngetarg_d %f2 $c\nmov_d %f3 4\ndiv_d %f1 %f1 %f3\nsub_d %f0 %f0 %f1\n"
      "mov_d %f3 1000\nmul_d %f2 %f2 %f3\nadd_d %ret %f0 %f2\nret\n");
  ras::Compiled jit = ras::compile(program);
  ras::Interpreter interp(program);
  EXPECT_EQ(jit.call(0, {}).dvalue, 2.0 - 8.0 / 4 + 100000.0);
  EXPECT_EQ(interp.call(0, {}).dvalue, 2.0 - 8.0 / 4 + 100000.0);
}

}  // namespace
