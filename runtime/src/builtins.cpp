// The always-available builtins: prn len str int typ try err asr.
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "interp_impl.hpp"

namespace ilusm {

namespace {

Value prn(Interp& in, Args a) {
  std::string line;
  for (size_t i = 0; i < a.size(); ++i) {
    if (i) line += ' ';
    line += a[i].to_display();
  }
  line += '\n';
  in.write_out(line);
  return Value();
}

Value len(Interp&, Args a) {
  const Value& v = a[0];
  switch (v.type()) {
    case Type::Str: return Value(int64_t(v.as<Str>()->runes));
    case Type::List: return Value(int64_t(v.as<List>()->items.size()));
    case Type::Obj: return Value(int64_t(v.as<Obj>()->fields.size()));
    case Type::Bin: return Value(int64_t(v.as<Bin>()->size()));
    default: raise(fmt::format("len: expected a str, lst, obj or bin, got {}", v.type_name()));
  }
}

Value to_str(Interp&, Args a) { return a[0].is_str() ? a[0] : make_str(a[0].to_display()); }

Value double_to_int(double d, const char* what) {
  if (std::isnan(d) || std::fabs(d) >= 9.2233720368547758e18)
    raise(fmt::format("int: {} {} does not fit in a 64-bit integer", what, format_number(d)));
  return Value(int64_t(d));
}

Value to_int(Interp&, Args a) {
  const Value& v = a[0];
  switch (v.type()) {
    case Type::Int: return v;
    case Type::Double: return double_to_int(v.as_double(), "number");
    case Type::Bool: return Value(int64_t(v.as_bool()));
    case Type::Str: {
      const std::string& s = v.as<Str>()->s;
      size_t b = s.find_first_not_of(" \t\r\n");
      size_t e = s.find_last_not_of(" \t\r\n");
      std::string t = b == std::string::npos ? "" : s.substr(b, e - b + 1);
      if (!t.empty()) {
        errno = 0;
        char* end = nullptr;
        bool hex = t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X');
        long long n = std::strtoll(t.c_str(), &end, hex ? 16 : 10);
        if (errno == 0 && *end == '\0') return Value(int64_t(n));
        end = nullptr;
        double d = std::strtod(t.c_str(), &end);
        if (*end == '\0' && !hex) return double_to_int(d, "value");
      }
      raise(fmt::format("int: cannot convert \"{}\" to an integer", s));
    }
    default: raise(fmt::format("int: cannot convert {} to an integer", v.type_name()));
  }
}

Value typ(Interp&, Args a) { return Value(a[0].type_name()); }

Value try_call(Interp& in, Args a) {
  if (!a[0].is_callable()) raise(fmt::format("try: argument must be a function, got {}", a[0].type_name()));
  Value fn = a[0];
  try {
    Value r = in.call(fn, {});
    return make_obj({{"val", r}, {"err", Value()}});
  } catch (const Interrupted&) {
    throw;  // the host's request to stop, not the script's error
  } catch (const Error& e) { return make_obj({{"val", Value()}, {"err", Value(e.message())}}); }
}

Value raise_err(Interp&, Args a) { raise(a.empty() ? "error" : a[0].to_display()); }

Value assert_true(Interp&, Args a) {
  if (a[0].truthy()) return Value(true);
  raise(a.size() > 1 ? a[1].to_display() : "assertion failed");
}

}  // namespace

void install_builtins(Interp& in) {
  in.define("prn", prn, 0, -1);
  in.define("len", len, 1, 1);
  in.define("str", to_str, 1, 1);
  in.define("int", to_int, 1, 1);
  in.define("typ", typ, 1, 1);
  in.define("try", try_call, 1, 1);
  in.define("err", raise_err, 0, 1);
  in.define("asr", assert_true, 1, 2);
}

}  // namespace ilusm
