// Entry point of runtime_bench (the peers register their benchmarks statically).
#include <benchmark/benchmark.h>

BENCHMARK_MAIN();
