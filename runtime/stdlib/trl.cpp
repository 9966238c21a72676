// use trl: list helpers. Every function returns a new list and leaves its
// arguments unchanged; callbacks see a snapshot, so they may mutate the input.
#include <algorithm>
#include <numeric>
#include <random>
#include <string>
#include <unordered_set>

#include <fmt/format.h>

#include "checks.hpp"
#include "modules.hpp"

namespace ilusm::stdlib {

namespace {

Value call1(Interp& in, const Value& f, const Value& x) { return in.call(f, Args(&x, 1)); }

// ---- ordering (srt, max, min): numbers with numbers, strings with strings

bool comparable(const Value& a, const Value& b) { return (a.is_num() && b.is_num()) || (a.is_str() && b.is_str()); }

bool less(const Value& a, const Value& b) {
  if (a.is_str()) return a.as<Str>()->s < b.as<Str>()->s;
  if (a.is_int() && b.is_int()) return a.as_int() < b.as_int();
  return a.as_number() < b.as_number();
}

void check_orderable(const char* fn, const std::vector<Value>& keys) {
  for (const Value& k : keys)
    if (!comparable(keys[0], k) || !(k.is_num() || k.is_str()))
      fail(fn, fmt::format("cannot compare {} and {}", keys[0].type_name(), k.type_name()));
}

Value extreme(const char* fn, Args a, bool want_max) {
  const auto& xs = list_arg(a, 0, fn, "xs");
  if (xs.empty()) fail(fn, "xs is empty");
  check_orderable(fn, xs);
  auto it = want_max ? std::max_element(xs.begin(), xs.end(), less) : std::min_element(xs.begin(), xs.end(), less);
  return *it;
}

// ---- the functions

Value map(Interp& in, Args a) {
  std::vector<Value> xs = list_arg(a, 0, "trl.map", "xs");
  const Value& f = callable_arg(a, 1, "trl.map", "f");
  std::vector<Value> out;
  out.reserve(xs.size());
  for (const Value& x : xs) out.push_back(call1(in, f, x));
  return make_list(std::move(out));
}

Value fil(Interp& in, Args a) {
  std::vector<Value> xs = list_arg(a, 0, "trl.fil", "xs");
  const Value& f = callable_arg(a, 1, "trl.fil", "f");
  std::vector<Value> out;
  for (const Value& x : xs)
    if (call1(in, f, x).truthy()) out.push_back(x);
  return make_list(std::move(out));
}

Value fld(Interp& in, Args a) {
  std::vector<Value> xs = list_arg(a, 0, "trl.fld", "xs");
  const Value& f = callable_arg(a, 2, "trl.fld", "f");
  Value acc = a[1];
  for (const Value& x : xs) {
    Value pair[2] = {acc, x};
    acc = in.call(f, Args(pair, 2));
  }
  return acc;
}

Value sel(Interp& in, Args a) {
  std::vector<Value> xs = list_arg(a, 0, "trl.sel", "xs");
  const Value& f = callable_arg(a, 1, "trl.sel", "f");
  for (const Value& x : xs)
    if (call1(in, f, x).truthy()) return x;
  return Value();
}

// any/all: with no predicate, the elements' own truthiness counts.
Value quantify(Interp& in, Args a, const char* fn, bool want_all) {
  std::vector<Value> xs = list_arg(a, 0, fn, "xs");
  const Value* f = a.size() > 1 ? &callable_arg(a, 1, fn, "f") : nullptr;
  for (const Value& x : xs) {
    bool t = f ? call1(in, *f, x).truthy() : x.truthy();
    if (t != want_all) return Value(!want_all);
  }
  return Value(want_all);
}

// tly(xs, v): how many elements equal v, or satisfy v when it is a function
// (idx's rule).
Value tly(Interp& in, Args a) {
  std::vector<Value> xs = list_arg(a, 0, "trl.tly", "xs");
  const Value& v = a[1];
  int64_t n = 0;
  for (const Value& x : xs) n += v.is_callable() ? call1(in, v, x).truthy() : values_equal(x, v);
  return Value(n);
}

Value any(Interp& in, Args a) { return quantify(in, a, "trl.any", false); }
Value all(Interp& in, Args a) { return quantify(in, a, "trl.all", true); }

// srt(xs [, key]): stable ascending sort, by key(x) when a key function is given.
Value srt(Interp& in, Args a) {
  std::vector<Value> xs = list_arg(a, 0, "trl.srt", "xs");
  std::vector<Value> keys = xs;
  if (a.size() > 1) {
    const Value& key = callable_arg(a, 1, "trl.srt", "key");
    for (size_t i = 0; i < xs.size(); ++i) keys[i] = call1(in, key, xs[i]);
  }
  if (xs.empty()) return make_list();
  check_orderable("trl.srt", keys);
  std::vector<size_t> order(xs.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t i, size_t j) { return less(keys[i], keys[j]); });
  std::vector<Value> out;
  out.reserve(xs.size());
  for (size_t i : order) out.push_back(xs[i]);
  return make_list(std::move(out));
}

// Numbers, strings, bools and nil are found through a hash key; other values
// (lists, objects, functions) by a linear scan with structural equality.
std::string hash_key(const Value& v) {
  if (v.is_int()) return fmt::format("n{}", v.as_int());
  if (v.is_double()) {
    double d = v.as_double();
    if (d == double(int64_t(d)) && d >= -9.2e18 && d <= 9.2e18) return fmt::format("n{}", int64_t(d));
    return fmt::format("d{}", d);
  }
  if (v.is_str()) return fmt::format("s{}", v.as<Str>()->s);
  if (v.is_bool()) return v.as_bool() ? "t" : "f";
  if (v.is_nil()) return "z";
  return {};
}

Value unq(Interp&, Args a) {
  const auto& xs = list_arg(a, 0, "trl.unq", "xs");
  std::unordered_set<std::string> seen;
  std::vector<Value> out, unhashed;
  for (const Value& x : xs) {
    std::string key = hash_key(x);
    if (!key.empty()) {
      if (seen.insert(std::move(key)).second) out.push_back(x);
      continue;
    }
    bool dup = std::any_of(unhashed.begin(), unhashed.end(), [&](const Value& u) { return values_equal(u, x); });
    if (!dup) {
      unhashed.push_back(x);
      out.push_back(x);
    }
  }
  return make_list(std::move(out));
}

Value cat(Interp&, Args a) {
  std::vector<Value> out;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_list()) fail("trl.cat", fmt::format("argument {} must be a list, got {}", i + 1, a[i].type_name()));
    const auto& xs = a[i].as<List>()->items;
    out.insert(out.end(), xs.begin(), xs.end());
  }
  return make_list(std::move(out));
}

Value range_of(const std::vector<Value>& xs, size_t from, size_t to) {
  from = std::min(from, xs.size());
  to = std::min(to, xs.size());
  if (from >= to) return make_list();
  return make_list(std::vector<Value>(xs.begin() + long(from), xs.begin() + long(to)));
}

// but(xs): all but the last element ([] for []).
Value but(Interp&, Args a) {
  const auto& xs = list_arg(a, 0, "trl.but", "xs");
  return range_of(xs, 0, xs.empty() ? 0 : xs.size() - 1);
}

Value take(Interp&, Args a) {
  const auto& xs = list_arg(a, 0, "trl.take", "xs");
  return range_of(xs, 0, count_arg(a, 1, "trl.take", "n"));
}

Value drop(Interp&, Args a) {
  const auto& xs = list_arg(a, 0, "trl.drop", "xs");
  return range_of(xs, count_arg(a, 1, "trl.drop", "n"), xs.size());
}

// slc(xs, start [, end]): end is exclusive; both are clamped to the list.
Value slc(Interp&, Args a) {
  const auto& xs = list_arg(a, 0, "trl.slc", "xs");
  size_t start = count_arg(a, 1, "trl.slc", "start");
  size_t end = a.size() > 2 ? count_arg(a, 2, "trl.slc", "end") : xs.size();
  return range_of(xs, start, end);
}

// Integers add exactly; the sum becomes a double on overflow or with any double.
Value sum(Interp&, Args a) {
  const auto& xs = list_arg(a, 0, "trl.sum", "xs");
  int64_t isum = 0;
  double dsum = 0;
  bool exact = true;
  for (size_t i = 0; i < xs.size(); ++i) {
    const Value& x = xs[i];
    if (!x.is_num()) fail("trl.sum", fmt::format("xs[{}] must be a number, got {}", i, x.type_name()));
    int64_t next;
    if (exact && x.is_int() && !__builtin_add_overflow(isum, x.as_int(), &next)) {
      isum = next;
      continue;
    }
    if (exact) {
      exact = false;
      dsum = double(isum);
    }
    dsum += x.as_number();
  }
  return exact ? Value(isum) : Value(dsum);
}

Value max(Interp&, Args a) { return extreme("trl.max", a, true); }
Value min(Interp&, Args a) { return extreme("trl.min", a, false); }

// shuf(xs [, seed]): a shuffled copy (Fisher-Yates). Without a seed each call
// differs; with one the order is the same on every platform (splitmix64, not
// the standard library's distributions, whose results are unspecified).
Value shuf(Interp&, Args a) {
  std::vector<Value> xs = list_arg(a, 0, "trl.shuf", "xs");
  uint64_t state =
      a.size() > 1 ? uint64_t(count_arg(a, 1, "trl.shuf", "seed")) : std::random_device{}() * 0x100000001ull;
  auto next = [&state] {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  for (size_t i = xs.size(); i > 1; --i) {
    // An unbiased index in 0..i-1: reject the top partial range.
    uint64_t limit = UINT64_MAX - UINT64_MAX % i, r;
    do r = next();
    while (r >= limit);
    std::swap(xs[i - 1], xs[r % i]);
  }
  return make_list(std::move(xs));
}

Value flm(Interp& in, Args a) {
  std::vector<Value> xs = list_arg(a, 0, "trl.flm", "xs");
  const Value& f = callable_arg(a, 1, "trl.flm", "f");
  std::vector<Value> out;
  for (const Value& x : xs) {
    Value r = call1(in, f, x);
    if (!r.is_list()) fail("trl.flm", fmt::format("f must return a list, got {}", r.type_name()));
    const auto& items = r.as<List>()->items;
    out.insert(out.end(), items.begin(), items.end());
  }
  return make_list(std::move(out));
}

}  // namespace

Module trl_module() {
  return {"trl",
          {
              {"map", map, 2, 2},   {"fil", fil, 2, 2},  {"fld", fld, 3, 3}, {"sel", sel, 2, 2},   idx_function(),
              {"any", any, 1, 2},   {"all", all, 1, 2},  {"tly", tly, 2, 2}, {"srt", srt, 1, 2},   rev_function(),
              {"unq", unq, 1, 1},   {"cat", cat, 1, -1}, {"but", but, 1, 1}, {"take", take, 2, 2}, {"drop", drop, 2, 2},
              {"slc", slc, 2, 3},   {"sum", sum, 1, 1},  {"max", max, 1, 1}, {"min", min, 1, 1},   has_function(),
              {"shuf", shuf, 1, 2}, {"flm", flm, 2, 2},
          }};
}

}  // namespace ilusm::stdlib
