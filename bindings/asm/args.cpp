#include "args.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <new>
#include <string_view>

#include "program.hpp"

namespace ilusm::asmmod {

const Value& Arg::value() const {
  static const Value nil;
  return given ? *given : nil;
}

int64_t to_int64(const Value& v, const char* fn, const char* param) {
  if (v.is_int()) return v.as_int();
  if (v.is_double()) {
    double d = v.as_double();
    // Integral doubles inside the int64 range convert exactly; 2^63 does not fit.
    if (std::trunc(d) == d && d >= -9223372036854775808.0 && d < 9223372036854775808.0) return static_cast<int64_t>(d);
    fail(fn, param, fmt::format("expected an integer, got {}", describe(v)));
  }
  fail(fn, param, fmt::format("expected an integer, got {}", describe(v)));
}

namespace {

// Names of up to 3 bytes packed into an integer: the 64-bit register names
// ("rax".."r15", taken from the encoder) compare as integers, since emitters
// look a name up for every register argument.
uint32_t pack(std::string_view s) {
  uint32_t k = 0;
  for (char c : s) k = k << 8 | static_cast<uint8_t>(c);
  return k;
}

// The 16 packed names in a 64-bucket table without collisions: one multiply
// and one compare per lookup (the multiplier is searched once, at first use).
struct RegTable {
  uint32_t multiplier = 0;
  std::array<uint32_t, 64> keys{};  // 0: empty
  std::array<uint8_t, 64> ids{};
  unsigned bucket(uint32_t key) const { return (key * multiplier) >> 26; }
  RegTable() {
    for (uint32_t m = 0x9E3779B1u;; m += 2) {
      multiplier = m;
      keys.fill(0);
      bool clash = false;
      for (unsigned id = 0; id < 16 && !clash; ++id) {
        uint32_t key = pack(x86::name(x86::gp64(id)));
        unsigned b = bucket(key);
        clash = keys[b] != 0;
        keys[b] = key, ids[b] = static_cast<uint8_t>(id);
      }
      if (!clash) return;
    }
  }
};

const RegTable& reg_table() {
  static const RegTable table;
  return table;
}

}  // namespace

namespace {

// Out of line and cold: the lookup itself then needs no stack frame.
[[noreturn, gnu::noinline, gnu::cold]] void bad_reg(const Value& v, const char* fn, const char* param) {
  if (!v.is_str()) fail(fn, param, fmt::format("expected a register name, got {}", describe(v)));
  fail(fn, param, fmt::format("unknown register \"{}\" (expected a 64-bit register rax..r15)", v.as<Str>()->s));
}

}  // namespace

x86::Gp to_reg(const Value& v, const char* fn, const char* param) {
  if (v.is_str()) {
    const std::string& s = v.as<Str>()->s;
    if (s.size() >= 2 && s.size() <= 3) {
      uint32_t key = pack(s);
      const RegTable& t = reg_table();
      unsigned b = t.bucket(key);
      if (key != 0 && t.keys[b] == key) return x86::gp64(t.ids[b]);  // 0: an empty bucket
    }
  }
  bad_reg(v, fn, param);
}

Program& to_program(const Value& v, const char* fn, const char* param) {
  Program* p = program_of(v);
  if (!p) fail(fn, param, fmt::format("expected a program (from asmne), got {}", describe(v)));
  return *p;
}

void check_str(const Value& v, const char* fn, const char* param) {
  if (!v.is_str()) fail(fn, param, fmt::format("expected a str, got {}", describe(v)));
}

namespace {

int64_t ranged(const Value& v, const char* fn, const char* param, int64_t lo, int64_t hi, const char* what) {
  int64_t i = to_int64(v, fn, param);
  if (i < lo || i > hi) fail(fn, param, fmt::format("{} does not fit {} ({}..{})", i, what, lo, hi));
  return i;
}

constexpr int64_t kI32Min = INT32_MIN, kI32Max = INT32_MAX;

void to_bytes(const Value& v, const char* fn, const char* param, std::vector<uint8_t>& out) {
  out.clear();
  if (v.is_bin()) {
    const Bin& b = *v.as<Bin>();
    out.assign(b.data(), b.data() + b.size());
    return;
  }
  if (!v.is_list()) fail(fn, param, fmt::format("expected a list of bytes, got {}", describe(v)));
  const auto& items = v.as<List>()->items;
  out.reserve(items.size());
  for (size_t k = 0; k < items.size(); ++k) {
    const Value& x = items[k];
    bool ok = x.is_int() ? (x.as_int() >= 0 && x.as_int() <= 255)
                         : (x.is_double() && std::trunc(x.as_double()) == x.as_double() && x.as_double() >= 0 &&
                            x.as_double() <= 255);
    if (!ok) fail(fn, param, fmt::format("element {} is {}, expected a byte 0..255", k, describe(x)));
    out.push_back(static_cast<uint8_t>(x.as_number()));
  }
}

}  // namespace

bool to_reg_or_imm32(const Value& v, const char* fn, const char* param, x86::Gp& reg, int64_t& imm) {
  if (v.is_str()) return reg = to_reg(v, fn, param), true;
  if (!v.is_num()) fail(fn, param, fmt::format("expected a register name or an integer, got {}", describe(v)));
  imm = ranged(v, fn, param, kI32Min, kI32Max, "a signed 32-bit immediate");
  return false;
}

namespace {

x86::Mem to_mem(const Value& v, const char* fn, const char* param) {
  if (v.is_str()) return x86::qword_ptr(to_reg(v, fn, param));
  if (!v.is_obj())
    fail(fn, param, fmt::format("expected a memory operand (\"reg\" or {{b, i, s, d}}), got {}", describe(v)));
  const Obj& o = *v.as<Obj>();
  std::string sub;
  for (const auto& [key, val] : o.fields) {
    const std::string& k = key.as<Str>()->s;
    if (k != "b" && k != "i" && k != "s" && k != "d")
      fail(fn, param, fmt::format("unknown field {} in memory operand (expected b, i, s, d)", k));
  }
  auto field = [&](const char* name) { return o.get(name); };
  auto sub_name = [&](const char* f) { return sub = fmt::format("{}.{}", param, f), sub.c_str(); };
  Value b = field("b"), i = field("i"), s = field("s"), d = field("d");
  int64_t disp = d.is_nil() ? 0 : ranged(d, fn, sub_name("d"), kI32Min, kI32Max, "a 32-bit displacement");
  int64_t scale = 1;
  if (!s.is_nil()) {
    scale = to_int64(s, fn, sub_name("s"));
    if (scale != 1 && scale != 2 && scale != 4 && scale != 8)
      fail(fn, sub_name("s"), fmt::format("scale {} is not 1, 2, 4 or 8", scale));
    if (i.is_nil()) fail(fn, sub_name("s"), "a scale needs an index register i");
  }
  x86::Gp index{};
  if (!i.is_nil()) {
    index = to_reg(i, fn, sub_name("i"));
    if (index.id == 4) fail(fn, sub_name("i"), "rsp cannot be an index register");
  }
  if (!b.is_nil()) {
    x86::Gp base = to_reg(b, fn, sub_name("b"));
    return i.is_nil() ? x86::qword_ptr(base, disp) : x86::qword_ptr(base, index, unsigned(scale), disp);
  }
  if (!i.is_nil()) return x86::ptr_index(index, unsigned(scale), disp).sized(8);
  return x86::qword_ptr_abs(disp);
}

int64_t to_label(const Value& v, const char* fn, const char* param, const Program* p) {
  if (!v.is_num()) fail(fn, param, fmt::format("expected a label (from asmlb), got {}", describe(v)));
  int64_t l = to_int64(v, fn, param);
  size_t n = p ? p->labels.size() : 0;
  if (l < 0 || static_cast<size_t>(l) >= n)
    fail(fn, param, fmt::format("unknown label {} (this program has {} label{})", l, n, n == 1 ? "" : "s"));
  return l;
}

void convert(const char* fn, const Param& prm, const Value& v, Arg& a, const Program* prog,
             std::vector<uint8_t>& bytes) {
  const char* name = prm.name;
  a.given = &v;
  a.present = true;
  a.is_reg = false;
  a.elem = nullptr;
  switch (Kind(prm.kind)) {
    case Kind::prog: a.prog = &to_program(v, fn, name); break;
    case Kind::reg: a.reg = to_reg(v, fn, name); break;
    case Kind::byte: a.i = ranged(v, fn, name, 0, 255, "a byte"); break;
    case Kind::bytes: to_bytes(v, fn, name, bytes); break;
    case Kind::imm32: a.i = ranged(v, fn, name, kI32Min, kI32Max, "a signed 32-bit immediate"); break;
    case Kind::imm64:
    case Kind::int64: a.i = to_int64(v, fn, name); break;
    case Kind::reg_imm: a.is_reg = to_reg_or_imm32(v, fn, name, a.reg, a.i); break;
    case Kind::shift:
      if (v.is_str()) {
        if (v.as<Str>()->s != "cl")
          fail(fn, name, fmt::format("expected a count 0..63 or \"cl\", got {}", describe(v)));
        a.reg = x86::cl, a.is_reg = true;
      } else {
        a.i = ranged(v, fn, name, 0, 63, "a shift count");
      }
      break;
    case Kind::mem: a.mem = to_mem(v, fn, name); break;
    case Kind::cond: {
      if (!v.is_str()) fail(fn, name, fmt::format("expected a condition name, got {}", describe(v)));
      auto c = x86::cond_from_name(v.as<Str>()->s);
      if (!c)
        fail(fn, name,
             fmt::format("unknown condition \"{}\" (e, ne, l, ge, le, g, b, ae, be, a, s, ns, o, no, p, np, ...)",
                         v.as<Str>()->s));
      a.cond = *c;
      break;
    }
    case Kind::label: a.i = to_label(v, fn, name, prog); break;
    case Kind::callee:
      if (v.is_num()) a.i = to_label(v, fn, name, prog), a.is_reg = false;
      else if (v.is_obj()) a.is_reg = true;  // a handle: resolved by the caller
      else fail(fn, name, fmt::format("expected a label or a sealed handle, got {}", describe(v)));
      break;
    case Kind::str: check_str(v, fn, name); break;
    case Kind::bin:
    case Kind::wbin:
      if (!v.is_bin()) fail(fn, name, fmt::format("expected a bin, got {}", describe(v)));
      a.bin = v.as<Bin>();
      if (Kind(prm.kind) == Kind::wbin && !a.bin->owner().writable)
        fail(fn, name, "a read-only bin (only bins made by asmbn or asmpk are written to)");
      break;
    case Kind::elem: {
      if (v.is_str())
        for (const Elem& e : kElems)
          if (v.as<Str>()->s == e.name) a.elem = &e;
      if (!a.elem)
        fail(fn, name,
             fmt::format("expected an element type (i8 u8 i16 u16 i32 u32 i64 f32 f64), got {}", describe(v)));
      break;
    }
    case Kind::size: a.i = ranged(v, fn, name, 0, kMaxBinSize, "a bin size"); break;
    case Kind::list:
      if (!v.is_list()) fail(fn, name, fmt::format("expected a lst, got {}", describe(v)));
      break;
    case Kind::any: break;
  }
}

}  // namespace

void check_args(const char* fn, const std::vector<Param>& params, Args args, ArgList& out) {
  check_count(fn, params, args.size());
  const Program* prog = nullptr;
  for (size_t k = 0; k < params.size(); ++k) {
    new (&out.args[k]) Arg();
    if (k >= args.size()) {
      out[k].present = false;
      out[k].given = nullptr;
      continue;
    }
    convert(fn, params[k], args[k], out[k], prog, out.bytes);
    if (Kind(params[k].kind) == Kind::prog) prog = out[k].prog;
  }
}

}  // namespace ilusm::asmmod
