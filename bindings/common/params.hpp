// The one mechanism of the binding modules (use asm, use ras): every function
// declares its parameters as a table of (name, kind), the arguments are
// counted and converted against it before the function's body runs, and
// every error reads "FN: argument NAME: what was wrong" or "FN: expected N
// arguments (a, b, c?), got M". Each module has its own kinds (an enum) and
// converts them; the table, the counting and the messages are these.
#pragma once

#include <ilusm/ilusm.hpp>

#include <cstdint>
#include <span>
#include <string>

namespace ilusm::binding {

struct Param {
  const char* name;
  uint8_t kind;           // the module's own enum, stored as its value
  bool optional = false;  // may be left out (trailing)
  bool rest = false;      // the last parameter: takes every remaining argument (zero or more)
  template <class Kind>
  constexpr Param(const char* n, Kind k, bool opt = false, bool many = false)
      : name(n), kind(static_cast<uint8_t>(k)), optional(opt), rest(many) {}
};

// Raises "FN: expected N arguments (a, b, c?), got M" (a rest parameter
// reads "args...": "at least N").
[[noreturn]] void count_error(const char* fn, std::span<const Param> params, size_t got);

// Raises count_error unless `got` arguments fit the table. Optional
// parameters come last (check_table), then at most one rest parameter.
inline void check_count(const char* fn, std::span<const Param> params, size_t got) {
  if (!params.empty() && params.back().rest && got >= params.size() - 1) return;
  if (got <= params.size() && (got == params.size() || params[got].optional)) return;
  count_error(fn, params, got);
}

// Throws std::logic_error for a table the counting cannot follow (a required
// parameter after an optional one, a rest parameter that is not last).
void check_table(const char* fn, std::span<const Param> params);

// "num 5", "str \"x\"", "lst", ... for messages.
std::string describe(const Value& v);

// Raises "FN: argument PARAM: what".
[[noreturn]] void fail(const char* fn, const char* param, const std::string& what);

}  // namespace ilusm::binding
