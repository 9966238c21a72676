// The three runtime workloads in ilusm, through the embedding API. The
// definitions are parsed once; each iteration only calls a global function.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "big_inputs.hpp"
#include "ilusm/ilusm.hpp"

namespace {

const char* const ilusm_source = R"(
use trl
fib(n) = if n < 2: n | fib(n - 1) + fib(n - 2)
fib27() = fib(27)
add_loop() =
    s = 0
    i <- 1..10000000: s = s + i
    s
build_list() = len(map(0..99999, \(i) i * 2))
append_loop(n) =
    s = ""
    i <- 1..n: s = s + "ab"
    len(s)
)";

void run(benchmark::State& state, const char* name, int64_t expect) {
  ilusm::Interp in;
  in.run_string(ilusm_source, "bench.ilu");
  ilusm::Value fn = in.get(name);
  for (auto _ : state) {
    ilusm::Value r = in.call(fn, {});
    if (!r.is_int() || r.as_int() != expect) state.SkipWithError("wrong result");
    benchmark::DoNotOptimize(r);
  }
}

// n appends of "ab": linear (in place while the string has one owner).
void BM_append_ilusm(benchmark::State& state) {
  ilusm::Interp in;
  in.run_string(ilusm_source, "bench.ilu");
  ilusm::Value fn = in.get("append_loop");
  ilusm::Value n(int64_t(state.range(0)));
  for (auto _ : state) {
    ilusm::Value r = in.call(fn, {&n, 1});
    if (!r.is_int() || r.as_int() != 2 * state.range(0)) state.SkipWithError("wrong result");
    benchmark::DoNotOptimize(r);
  }
}

// Parse and run `len([0, 1, ..., 99999])` in a fresh interpreter (made
// outside the timing: an interpreter keeps the code it ran).
void BM_list_literal_ilusm(benchmark::State& state) {
  std::string src = bench_runtime::list_literal("len([", "])");
  for (auto _ : state) {
    state.PauseTiming();
    auto in = std::make_unique<ilusm::Interp>(ilusm::Options{.natives = false, .stdlib = false});
    state.ResumeTiming();
    ilusm::Value r = in->run_string(src, "list.ilu");
    if (!r.is_int() || r.as_int() != bench_runtime::kListItems) state.SkipWithError("wrong result");
    state.PauseTiming();
    in.reset();
    state.ResumeTiming();
  }
}

void BM_fib27_ilusm(benchmark::State& s) { run(s, "fib27", 196418); }
void BM_add_loop_ilusm(benchmark::State& s) { run(s, "add_loop", 50000005000000); }
void BM_build_list_ilusm(benchmark::State& s) { run(s, "build_list", 100000); }

}  // namespace

BENCHMARK(BM_fib27_ilusm)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_add_loop_ilusm)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_build_list_ilusm)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_append_ilusm)->Arg(20000)->Arg(200000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_list_literal_ilusm)->Unit(benchmark::kMillisecond);
