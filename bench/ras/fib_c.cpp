// The seed's Fibonacci function written in C++, the peer for fib(30). Built
// alone at -O1 (see meson.build) so the comparison is with g++ -O1.
#include <cstdint>

int64_t ras_bench_fib_c(int64_t n) {
  if (n < 2) return 1;
  int64_t a = ras_bench_fib_c(n - 1);
  int64_t b = ras_bench_fib_c(n - 2);
  return a + 1 + b;
}
