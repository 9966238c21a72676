#include "checks.hpp"

#include <cmath>

#include <fmt/format.h>

namespace ilusm::stdlib {

void fail(const char* fn, const std::string& what) { raise(fmt::format("{}: {}", fn, what)); }

const std::vector<Value>& list_arg(Args a, size_t i, const char* fn, const char* arg) {
  if (!a[i].is_list()) fail(fn, fmt::format("{} must be a list, got {}", arg, a[i].type_name()));
  return a[i].as<List>()->items;
}

const std::string& str_arg(Args a, size_t i, const char* fn, const char* arg) {
  if (!a[i].is_str()) fail(fn, fmt::format("{} must be a string, got {}", arg, a[i].type_name()));
  return a[i].as<Str>()->s;
}

const Value& callable_arg(Args a, size_t i, const char* fn, const char* arg) {
  if (!a[i].is_callable()) fail(fn, fmt::format("{} must be a function, got {}", arg, a[i].type_name()));
  return a[i];
}

size_t count_arg(Args a, size_t i, const char* fn, const char* arg) {
  const Value& v = a[i];
  if (v.is_int() && v.as_int() >= 0) return size_t(v.as_int());
  if (v.is_double() && v.as_double() >= 0 && v.as_double() < 9.2e18 && std::trunc(v.as_double()) == v.as_double())
    return size_t(v.as_double());
  fail(fn, fmt::format("{} must be a non-negative integer, got {}", arg, v.to_repr()));
}

}  // namespace ilusm::stdlib
