// use txt: string helpers. Strings are UTF-8; positions and lengths count
// code points, never bytes.
#include <string>

#include <fmt/format.h>

#include "checks.hpp"
#include "modules.hpp"
#include "utf8.hpp"

namespace ilusm::stdlib {

namespace {

std::vector<Value> code_points(const std::string& s) {
  std::vector<size_t> at = utf8::starts(s);
  std::vector<Value> out;
  out.reserve(at.size() - 1);
  for (size_t i = 0; i + 1 < at.size(); ++i) out.push_back(make_str(s.substr(at[i], at[i + 1] - at[i])));
  return out;
}

Value spl(Interp&, Args a) {
  const std::string& s = str_arg(a, 0, "txt.spl", "s");
  const std::string& sep = str_arg(a, 1, "txt.spl", "sep");
  if (sep.empty()) return make_list(code_points(s));
  std::vector<Value> out;
  size_t from = 0;
  for (size_t at; (at = s.find(sep, from)) != std::string::npos; from = at + sep.size())
    out.push_back(make_str(s.substr(from, at - from)));
  out.push_back(make_str(s.substr(from)));
  return make_list(std::move(out));
}

// jn(xs [, sep]): strings join raw; numbers, bools and nil as prn shows them.
Value jn(Interp&, Args a) {
  const auto& xs = list_arg(a, 0, "txt.jn", "xs");
  std::string sep = a.size() > 1 ? str_arg(a, 1, "txt.jn", "sep") : std::string();
  std::string out;
  for (size_t i = 0; i < xs.size(); ++i) {
    const Value& x = xs[i];
    if (!(x.is_str() || x.is_num() || x.is_bool() || x.is_nil()))
      fail("txt.jn", fmt::format("xs[{}] must be a string, number, bool or nil, got {}", i, x.type_name()));
    if (i) out += sep;
    out += x.to_display();
    if (out.size() > max_result_bytes) fail("txt.jn", "result too large");
  }
  return make_str(std::move(out));
}

template <class Map>
Value map_code_points(Args a, const char* fn, Map map) {
  const std::string& s = str_arg(a, 0, fn, "s");
  std::vector<size_t> at = utf8::starts(s);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i + 1 < at.size(); ++i) {
    std::string_view one = std::string_view(s).substr(at[i], at[i + 1] - at[i]);
    char32_t c = utf8::first(one), m = map(c);
    if (m == c) out += one;
    else utf8::append(out, m);
  }
  return make_str(std::move(out));
}

Value upr(Interp&, Args a) { return map_code_points(a, "txt.upr", utf8::to_upper); }
Value lwr(Interp&, Args a) { return map_code_points(a, "txt.lwr", utf8::to_lower); }

Value trm(Interp&, Args a) {
  const std::string& s = str_arg(a, 0, "txt.trm", "s");
  const char* space = " \t\n\r\v\f";
  size_t b = s.find_first_not_of(space);
  if (b == std::string::npos) return make_str("");
  return make_str(s.substr(b, s.find_last_not_of(space) - b + 1));
}

Value pfx(Interp&, Args a) {
  return Value(str_arg(a, 0, "txt.pfx", "s").starts_with(str_arg(a, 1, "txt.pfx", "prefix")));
}

Value sfx(Interp&, Args a) {
  return Value(str_arg(a, 0, "txt.sfx", "s").ends_with(str_arg(a, 1, "txt.sfx", "suffix")));
}

// cnt(s, sub): non-overlapping occurrences of sub, left to right.
Value cnt(Interp&, Args a) {
  const std::string& s = str_arg(a, 0, "txt.cnt", "s");
  const std::string& needle = str_arg(a, 1, "txt.cnt", "sub");
  if (needle.empty()) fail("txt.cnt", "sub must not be empty");
  int64_t n = 0;
  for (size_t at = s.find(needle); at != std::string::npos; at = s.find(needle, at + needle.size())) ++n;
  return Value(n);
}

Value rep(Interp&, Args a) {
  const std::string& s = str_arg(a, 0, "txt.rep", "s");
  const std::string& old = str_arg(a, 1, "txt.rep", "old");
  const std::string& with = str_arg(a, 2, "txt.rep", "new");
  if (old.empty()) fail("txt.rep", "old must not be empty");
  std::string out;
  size_t from = 0;
  for (size_t at; (at = s.find(old, from)) != std::string::npos; from = at + old.size()) {
    out.append(s, from, at - from);
    out += with;
    if (out.size() > max_result_bytes) fail("txt.rep", "result too large");
  }
  out.append(s, from);
  return make_str(std::move(out));
}

// sub(s, start [, end]): code points start..end-1, clamped to the string.
Value sub(Interp&, Args a) {
  const std::string& s = str_arg(a, 0, "txt.sub", "s");
  size_t start = count_arg(a, 1, "txt.sub", "start");
  std::vector<size_t> at = utf8::starts(s);
  size_t n = at.size() - 1;
  size_t end = a.size() > 2 ? count_arg(a, 2, "txt.sub", "end") : n;
  start = std::min(start, n);
  end = std::min(end, n);
  if (start >= end) return make_str("");
  return make_str(s.substr(at[start], at[end] - at[start]));
}

// at(s, i): the character (code point) at index i, nil past the end.
Value at(Interp&, Args a) {
  const std::string& s = str_arg(a, 0, "txt.at", "s");
  size_t i = count_arg(a, 1, "txt.at", "i");
  std::vector<size_t> starts = utf8::starts(s);
  if (i + 1 >= starts.size()) return Value();
  return make_str(s.substr(starts[i], starts[i + 1] - starts[i]));
}

Value lst(Interp&, Args a) { return make_list(code_points(str_arg(a, 0, "txt.lst", "s"))); }

Value ord(Interp&, Args a) {
  const std::string& s = str_arg(a, 0, "txt.ord", "s");
  if (s.empty()) fail("txt.ord", "s is empty");
  return Value(int64_t(utf8::first(s)));
}

Value chr(Interp&, Args a) {
  const Value& n = a[0];
  if (!n.is_int() || !utf8::is_scalar(n.as_int()))
    fail("txt.chr", fmt::format("n must be a Unicode code point, got {}", n.to_repr()));
  std::string out;
  utf8::append(out, char32_t(n.as_int()));
  return make_str(std::move(out));
}

Value rpt(Interp&, Args a) {
  const std::string& s = str_arg(a, 0, "txt.rpt", "s");
  size_t n = count_arg(a, 1, "txt.rpt", "n");
  if (!s.empty() && n > max_result_bytes / s.size()) fail("txt.rpt", "result too large");
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return make_str(std::move(out));
}

// pad(s, width [, ch]): pads on the left with ch (default a space) to width code points.
Value pad(Interp&, Args a) {
  const std::string& s = str_arg(a, 0, "txt.pad", "s");
  size_t width = count_arg(a, 1, "txt.pad", "width");
  std::string ch = " ";
  if (a.size() > 2) {
    ch = str_arg(a, 2, "txt.pad", "ch");
    if (utf8::count(ch) != 1) fail("txt.pad", fmt::format("ch must be one character, got {}", a[2].to_repr()));
  }
  size_t have = utf8::count(s);
  if (have >= width) return a[0];
  if ((width - have) > max_result_bytes / ch.size()) fail("txt.pad", "result too large");
  std::string out;
  for (size_t i = have; i < width; ++i) out += ch;
  return make_str(out + s);
}

// bld(): a string builder, for text made piece by piece without copying it
// at every step: b.add(x) appends x (as jn joins it) and returns nil,
// b.str() is the text so far, b.len() its length in code points.
struct Builder {
  mutable std::string text;
};
const Builder& builder(const void* ctx) { return *static_cast<const Builder*>(ctx); }

Value bld_add(Interp&, Args a, const void* ctx) {
  const Value& x = a[0];
  if (!(x.is_str() || x.is_num() || x.is_bool() || x.is_nil()))
    fail("txt.bld.add", fmt::format("x must be a string, number, bool or nil, got {}", x.type_name()));
  std::string& text = builder(ctx).text;
  if (x.is_str()) text += x.as<Str>()->s;
  else text += x.to_display();
  if (text.size() > max_result_bytes) fail("txt.bld.add", "result too large");
  return Value();
}
Value bld_str(Interp&, Args, const void* ctx) { return make_str(builder(ctx).text); }
Value bld_len(Interp&, Args, const void* ctx) { return Value(int64_t(utf8::count(builder(ctx).text))); }

Value bld(Interp&, Args) {
  auto state = std::make_shared<const Builder>();
  Value b = make_obj();
  b.as<Obj>()->set("add", make_bif("bld.add", bld_add, state, 1, 1));
  b.as<Obj>()->set("str", make_bif("bld.str", bld_str, state, 0, 0));
  b.as<Obj>()->set("len", make_bif("bld.len", bld_len, state, 0, 0));
  return b;
}

}  // namespace

Module txt_module() {
  return {"txt",
          {
              {"spl", spl, 2, 2}, {"jn", jn, 1, 2},   {"upr", upr, 1, 1}, {"lwr", lwr, 1, 1}, {"trm", trm, 1, 1},
              has_function(),     {"pfx", pfx, 2, 2}, {"sfx", sfx, 2, 2}, idx_function(),     {"cnt", cnt, 2, 2},
              {"rep", rep, 3, 3}, {"sub", sub, 2, 3}, {"at", at, 2, 2},   {"lst", lst, 1, 1}, {"ord", ord, 1, 1},
              {"chr", chr, 1, 1}, {"rpt", rpt, 2, 2}, {"pad", pad, 2, 3}, rev_function(),     {"bld", bld, 0, 0},
          }};
}

}  // namespace ilusm::stdlib
