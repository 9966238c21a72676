// The two resource workloads of issue 14 (item 12), shared by the peers:
// appending to a string in a loop (amortised linear where the runtime allows
// it) and a long one-line list literal (compiled and run each iteration).
#pragma once

#include <string>

namespace bench_runtime {

inline constexpr int kListItems = 100000;

// "OPEN0,1,2,...,N-1CLOSE": the list literal's items (its length is kListItems).
inline std::string list_literal(const char* open, const char* close) {
  std::string s = open;
  for (int i = 0; i < kListItems; ++i) {
    if (i) s += ',';
    s += std::to_string(i);
  }
  return s + close;
}

}  // namespace bench_runtime
