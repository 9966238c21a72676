// Text assembly throughput (x86::assemble_text) on the llvm-mc differential
// corpus (tests/x86/cases.cpp: every form, every register, boundary
// immediates and memory operands), against the typed API on the same
// instructions and against llvm-mc assembling the same file (docs/bench/x86.md).
#include <benchmark/benchmark.h>

#include <sys/resource.h>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "cases.hpp"
#include "x86/text.hpp"

namespace {

struct Corpus {
  std::vector<Case> cases = all_cases();
  std::string text;
  size_t bytes = 0;
  Corpus() {
    for (const Case& c : cases) text += c.text + "\n";
    x86::Assembler a(1 << 24);
    x86::assemble_text(a, text);
    bytes = a.finalize().size();
  }
};

const Corpus& corpus() {
  static const Corpus c;
  return c;
}

// The whole corpus as one text per iteration.
void TextCorpus(benchmark::State& state) {
  const Corpus& c = corpus();
  x86::Assembler a(c.bytes + 4096);
  for (auto _ : state) {
    a.clear();
    x86::assemble_text(a, c.text);
    benchmark::DoNotOptimize(a.finalize().data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * c.cases.size()));
  state.counters["lines"] = static_cast<double>(c.cases.size());
}

// The same instructions through the typed API (each case's emitter: the typed
// method, or x86::emit with the form for the list-generated cases).
void TypedCorpus(benchmark::State& state) {
  const Corpus& c = corpus();
  x86::Assembler a(c.bytes + 4096);
  for (auto _ : state) {
    a.clear();
    for (const Case& k : c.cases) k.emit(a);
    benchmark::DoNotOptimize(a.finalize().data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * c.cases.size()));
}

// llvm-mc assembling the same file into an object, one process per
// iteration: process start included (wall time).
void LlvmMcCorpus(benchmark::State& state) {
  const Corpus& c = corpus();
  const char* env = std::getenv("LLVM_MC");
  const std::string mc = env ? env : "llvm-mc";
  const std::string path = "/tmp/x86-text-bench-" + std::to_string(getpid()) + ".s";
  std::ofstream(path) << c.text;
  const std::string cmd = "'" + mc + "' -x86-asm-syntax=intel -filetype=obj -o /dev/null " + path;
  // The children's CPU time too (user + system): on a loaded machine the
  // wall time mostly measures waiting.
  auto child_cpu = [] {
    rusage u{};
    getrusage(RUSAGE_CHILDREN, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
  };
  const double cpu_before = child_cpu();
  for (auto _ : state)
    if (std::system(cmd.c_str()) != 0) {
      state.SkipWithError("llvm-mc failed");
      break;
    }
  std::remove(path.c_str());
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * c.cases.size()));
  const double cpu = (child_cpu() - cpu_before) / double(state.iterations());
  state.counters["llvm_mc_cpu_s"] = cpu;
  state.counters["lines_per_cpu_s"] = double(c.cases.size()) / cpu;
}

}  // namespace

BENCHMARK(TextCorpus)->Name("TextCorpus/assemble_text")->Unit(benchmark::kMillisecond);
BENCHMARK(TypedCorpus)->Name("TextCorpus/typed_api")->Unit(benchmark::kMillisecond);
BENCHMARK(LlvmMcCorpus)
    ->Name("TextCorpus/llvm_mc_process")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

BENCHMARK_MAIN();
