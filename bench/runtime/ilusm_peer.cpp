// The three runtime workloads in ilusm, through the embedding API. The
// definitions are parsed once; each iteration only calls a global function.
#include <benchmark/benchmark.h>

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

void BM_fib27_ilusm(benchmark::State& s) { run(s, "fib27", 196418); }
void BM_add_loop_ilusm(benchmark::State& s) { run(s, "add_loop", 50000005000000); }
void BM_build_list_ilusm(benchmark::State& s) { run(s, "build_list", 100000); }

}  // namespace

BENCHMARK(BM_fib27_ilusm)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_add_loop_ilusm)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_build_list_ilusm)->Unit(benchmark::kMillisecond);
