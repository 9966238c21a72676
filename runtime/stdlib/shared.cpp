// has, idx and rev: in both trl (on a list) and txt (on a string), so the flat
// names work whichever module was loaded last.
#include <fmt/format.h>

#include "checks.hpp"
#include "modules.hpp"
#include "utf8.hpp"

namespace ilusm::stdlib {

namespace {

[[noreturn]] void not_searchable(const char* fn, const Value& v) {
  fail(fn, fmt::format("first argument must be a string or list, got {}", v.type_name()));
}

// Index of the first element equal to `what` (or satisfying it, when it is a function).
int64_t list_index(Interp& in, const std::vector<Value>& items, const Value& what) {
  std::vector<Value> copy = items;  // a predicate may mutate the list
  for (size_t i = 0; i < copy.size(); ++i) {
    bool hit = what.is_callable() ? in.call(what, Args(&copy[i], 1)).truthy() : values_equal(copy[i], what);
    if (hit) return int64_t(i);
  }
  return -1;
}

// Code point index of the first occurrence of needle, or -1.
int64_t text_index(const std::string& s, const std::string& needle) {
  size_t at = s.find(needle);
  return at == std::string::npos ? -1 : int64_t(utf8::count(std::string_view(s).substr(0, at)));
}

Value has(Interp&, Args a) {
  if (a[0].is_list()) {
    for (const Value& v : a[0].as<List>()->items)
      if (values_equal(v, a[1])) return Value(true);
    return Value(false);
  }
  if (a[0].is_str()) return Value(a[0].as<Str>()->s.find(str_arg(a, 1, "has", "sub")) != std::string::npos);
  not_searchable("has", a[0]);
}

Value idx(Interp& in, Args a) {
  if (a[0].is_list()) return Value(list_index(in, a[0].as<List>()->items, a[1]));
  if (a[0].is_str()) return Value(text_index(a[0].as<Str>()->s, str_arg(a, 1, "idx", "sub")));
  not_searchable("idx", a[0]);
}

// A list's elements, or a string's code points, in reverse order.
Value rev(Interp&, Args a) {
  if (a[0].is_list()) {
    const auto& xs = a[0].as<List>()->items;
    return make_list(std::vector<Value>(xs.rbegin(), xs.rend()));
  }
  if (!a[0].is_str()) not_searchable("rev", a[0]);
  const std::string& s = a[0].as<Str>()->s;
  std::vector<size_t> at = utf8::starts(s);
  std::string out;
  out.reserve(s.size());
  for (size_t i = at.size() - 1; i > 0; --i) out.append(s, at[i - 1], at[i] - at[i - 1]);
  return make_str(std::move(out));
}

}  // namespace

ModuleFn has_function() { return {"has", has, 2, 2}; }
ModuleFn idx_function() { return {"idx", idx, 2, 2}; }
ModuleFn rev_function() { return {"rev", rev, 1, 1}; }

}  // namespace ilusm::stdlib
