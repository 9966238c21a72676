// fib(30) through ras's back end for this CPU against the same function
// compiled by g++ -O1 (bench/ras/fib_c.cpp), both in one run of one process,
// for the cross builds: Debian has no Google Benchmark for aarch64 or
// riscv64, so this program times the two peers itself, interleaved (round
// after round, best and median of each), and prints their ratio. Run it
// under the cross file's emulator (docs/benchmarks.md has the command).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "ras/backend.hpp"
#include "ras/ras.hpp"

int64_t ras_bench_fib_c(int64_t n);

namespace {

template <class Fn>
double seconds(Fn fn, int64_t* result) {
  auto start = std::chrono::steady_clock::now();
  *result = fn(30);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = argc > 1 ? std::atoi(argv[1]) : 7;
  const ras::Target* target = ras::host_target();
  if (!target) {
    std::fprintf(stderr, "fib_emulated: ras has no back end for this %s host\n",
                 std::string(ras::host_cpu_name()).c_str());
    return 1;
  }
  ras::Compiled code = ras::compile(ras::load_file(RAS_EXAMPLES "/fib.ras"));
  auto fib = code.function_pointer<int64_t (*)(int64_t)>(0);
  std::vector<double> ras_times, gcc_times;
  int64_t a = 0, b = 0;
  for (int r = 0; r < rounds; ++r) {
    ras_times.push_back(seconds(fib, &a));
    gcc_times.push_back(seconds(ras_bench_fib_c, &b));
    if (a != b) {
      std::fprintf(stderr, "fib_emulated: ras gives %lld, g++ %lld\n", static_cast<long long>(a),
                   static_cast<long long>(b));
      return 1;
    }
  }
  double ras_best = *std::min_element(ras_times.begin(), ras_times.end());
  double gcc_best = *std::min_element(gcc_times.begin(), gcc_times.end());
  std::printf("fib(30) = %lld on %s, %d rounds\n", static_cast<long long>(a), std::string(target->name).c_str(),
              rounds);
  std::printf("ras %-8s best %8.2f ms  median %8.2f ms\n", std::string(target->name).c_str(), ras_best * 1e3,
              median(ras_times) * 1e3);
  std::printf("g++ -O1  best %8.2f ms  median %8.2f ms\n", gcc_best * 1e3, median(gcc_times) * 1e3);
  std::printf("ratio ras / g++ -O1: best %.2f  median %.2f\n", ras_best / gcc_best,
              median(ras_times) / median(gcc_times));
  return 0;
}
