// Heap values: construction, printing, equality, truthiness.
#include <cmath>
#include <cstring>

#include <fmt/format.h>
#include <support/stack.hpp>

#include "gc.hpp"
#include "ilusm/error.hpp"
#include "ilusm/interp.hpp"
#include "objects.hpp"

namespace ilusm {

namespace {

size_t count_runes(const std::string& s, bool& ascii) {
  size_t n = 0;
  ascii = true;
  for (unsigned char c : s) {
    if (c >= 0x80) ascii = false;
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace

Str::Str(std::string str) : Object(Type::Str), s(std::move(str)) { runes = count_runes(s, ascii); }

Value::Value(const char* s) : Value(std::string_view(s)) {}
Value::Value(std::string_view s) : t_(Type::Str), o_(new Str(std::string(s))) { o_->refs = 1; }

Value make_str(std::string s) { return Value(static_cast<Object*>(new Str(std::move(s)))); }

Value make_list(std::vector<Value> items) {
  auto* l = new List();
  l->items = std::move(items);
  gc_track(l);
  return Value(static_cast<Object*>(l));
}

Value make_obj() {
  Obj* o = obj_pool_take();
  if (!o) o = new Obj();
  gc_track(o);
  return Value(static_cast<Object*>(o));
}

Value make_obj(std::initializer_list<std::pair<std::string_view, Value>> fields) {
  Value v = make_obj();
  for (auto& [k, x] : fields) v.as<Obj>()->set(k, x);
  return v;
}

Value make_resource_obj(std::unique_ptr<Resource> r) {
  Value v = make_obj();
  v.as<Obj>()->resource = std::move(r);
  return v;
}

Value make_bin(std::vector<uint8_t> bytes) {
  auto* b = new Bin();
  b->bytes = std::move(bytes);
  b->length = b->bytes.size();
  return Value(static_cast<Object*>(b));
}

Value make_bin_view(const Value& base, size_t offset, size_t length) {
  const Bin* src = base.as<Bin>();
  if (offset > src->size() || length > src->size() - offset)
    raise(fmt::format("bin view {}..{} out of range for length {}", offset, offset + length, src->size()));
  auto* b = new Bin();
  // View the underlying owner directly so chains of views stay flat.
  b->base = src->base.is_nil() ? base : src->base;
  b->offset = src->offset + offset;
  b->length = length;
  return Value(static_cast<Object*>(b));
}

constinit thread_local uint32_t t_bin_pins = 0;

const uint8_t* Bin::data() const { return base.is_nil() ? bytes.data() : base.as<Bin>()->bytes.data() + offset; }
size_t Bin::size() const { return base.is_nil() ? bytes.size() : length; }

namespace {
using PlainFn = Value (*)(Interp&, Args);
Value call_plain(Interp& in, Args a, const void* ctx) { return (*static_cast<const PlainFn*>(ctx))(in, a); }
Value call_function(Interp& in, Args a, const void* ctx) { return (*static_cast<const NativeFn*>(ctx))(in, a); }
}  // namespace

// A plain function pointer is called through its copy inside fn (one indirect
// call); anything else (a lambda with captures) through fn itself.
Bif::Bif(std::string n, NativeFn f, int min, int max)
    : Object(Type::Bif), name(std::move(n)), fn(std::move(f)), min_args(min), max_args(max) {
  if (const PlainFn* plain = fn.target<PlainFn>()) entry = call_plain, ctx = plain;
  else entry = call_function, ctx = &fn;
}

Bif::Bif(std::string n, BifEntry e, std::shared_ptr<const void> owner, int min, int max)
    : Object(Type::Bif), name(std::move(n)), entry(e), ctx(owner.get()), ctx_owner(std::move(owner)), min_args(min),
      max_args(max) {}

Value make_bif(std::string name, NativeFn fn, int min_args, int max_args) {
  return Value(static_cast<Object*>(new Bif(std::move(name), std::move(fn), min_args, max_args)));
}

Value make_bif(std::string name, BifEntry entry, std::shared_ptr<const void> ctx, int min_args, int max_args) {
  return Value(static_cast<Object*>(new Bif(std::move(name), entry, std::move(ctx), min_args, max_args)));
}

void List::trace(Visit visit, void* ctx) {
  for (auto& v : items)
    if (v.is_heap()) visit(v.obj(), ctx);
}

void Obj::trace(Visit visit, void* ctx) {
  for (auto& [k, v] : fields)
    if (v.is_heap()) visit(v.obj(), ctx);
}

Value* Obj::find(std::string_view key) {
  for (auto& [k, v] : fields)
    if (k.as<Str>()->s == key) return &v;
  return nullptr;
}
const Value* Obj::find(std::string_view key) const { return const_cast<Obj*>(this)->find(key); }

void Obj::set(std::string_view key, Value v) {
  if (Value* slot = find(key)) {
    *slot = std::move(v);
    return;
  }
  fields.emplace_back(Value(key), std::move(v));
}

void Obj::set_key(const Value& key, Value v) {
  if (Value* slot = find(key.as<Str>()->s)) {
    *slot = std::move(v);
    return;
  }
  fields.emplace_back(key, std::move(v));
}

bool Obj::remove(std::string_view key) {
  for (auto it = fields.begin(); it != fields.end(); ++it)
    if (it->first.as<Str>()->s == key) {
      fields.erase(it);
      return true;
    }
  return false;
}

Value Obj::get(std::string_view key) const {
  const Value* v = find(key);
  return v ? *v : Value();
}

bool Value::truthy() const {
  switch (t_) {
    case Type::Undef:
    case Type::Nil: return false;
    case Type::Bool: return i_ != 0;
    case Type::Int: return i_ != 0;
    case Type::Double: return d_ != 0;
    case Type::Str: return !as<Str>()->s.empty();
    case Type::List: return !as<List>()->items.empty();
    default: return true;
  }
}

const char* Value::type_name() const {
  switch (t_) {
    case Type::Undef:
    case Type::Nil: return "nil";
    case Type::Bool: return "bol";
    case Type::Int:
    case Type::Double: return "num";
    case Type::Str: return "str";
    case Type::List: return "lst";
    case Type::Obj: return "obj";
    case Type::Fun: return "fun";
    case Type::Bif: return "bif";
    case Type::Bin: return "bin";
    case Type::Cell: return "cell";
  }
  return "?";
}

const std::string& Value::as_string() const {
  if (!is_str()) raise(std::string("expected a str, got ") + type_name());
  return as<Str>()->s;
}

std::string format_number(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  if (d == std::trunc(d) && std::fabs(d) < 1e16) return fmt::format("{}", static_cast<int64_t>(d));
  return fmt::format("{}", d);
}

namespace {

void quote(std::string& out, const std::string& s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\0': out += "\\0"; break;
      default: out += c;
    }
  }
  out += '"';
}

// Printing stops at this nesting depth (and on a container that contains itself).
constexpr int max_print_depth = 64;

// A thread with a small stack may not have room for the 64 levels.
[[noreturn, gnu::cold]] void too_deep_to_show() {
  raise("value nested too deeply to show (the native stack is nearly used up)");
}

void format(std::string& out, const Value& v, bool top, int depth) {
  if (v.type() >= Type::List && support::stack_low()) too_deep_to_show();
  switch (v.type()) {
    case Type::Undef:
    case Type::Nil: out += "nil"; return;
    case Type::Bool: out += v.as_bool() ? "tru" : "fls"; return;
    case Type::Int: out += fmt::format("{}", v.as_int()); return;
    case Type::Double: out += format_number(v.as_double()); return;
    case Type::Str:
      if (top) out += v.as<Str>()->s;
      else quote(out, v.as<Str>()->s);
      return;
    case Type::List: {
      if (depth > max_print_depth) {
        out += "[...]";
        return;
      }
      out += '[';
      bool first = true;
      for (auto& x : v.as<List>()->items) {
        if (!first) out += ", ";
        first = false;
        if (x.obj() == v.obj() && x.is_list()) out += "[...]";
        else format(out, x, false, depth + 1);
      }
      out += ']';
      return;
    }
    case Type::Obj: {
      if (depth > max_print_depth) {
        out += "{...}";
        return;
      }
      out += '{';
      bool first = true;
      for (auto& [k, x] : v.as<Obj>()->fields) {
        if (!first) out += ", ";
        first = false;
        out += k.as<Str>()->s;
        out += ": ";
        if (x.is_obj() && x.obj() == v.obj()) out += "{...}";
        else format(out, x, false, depth + 1);
      }
      out += '}';
      return;
    }
    case Type::Fun: {
      const auto* f = v.as<Closure>();
      out += f->proto->name.empty() ? "<fun>" : "<fun " + f->proto->name + ">";
      return;
    }
    case Type::Bif: out += "<bif " + v.as<Bif>()->name + ">"; return;
    case Type::Bin: {
      const Bin* b = v.as<Bin>();
      out += "<bin";
      for (size_t i = 0; i < b->size(); ++i) out += fmt::format(" {:02x}", b->data()[i]);
      out += '>';
      return;
    }
    case Type::Cell: out += "<cell>"; return;
  }
}

}  // namespace

std::string Value::to_display() const {
  std::string out;
  format(out, *this, true, 0);
  return out;
}

std::string Value::to_repr() const {
  std::string out;
  format(out, *this, false, 0);
  return out;
}

namespace {

// Structural comparison stops at this depth (cyclic or absurdly deep values),
// or earlier when the thread's stack is nearly used up (a small stack).
constexpr int max_compare_depth = 1000;

bool equal(const Value& a, const Value& b, int depth);

// Before comparing the elements of two containers.
void check_compare_depth(int depth) {
  if (depth >= max_compare_depth || support::stack_low()) raise("== on values nested too deeply (or cyclic)");
}

}  // namespace

bool values_equal(const Value& a, const Value& b) { return equal(a, b, 0); }

namespace {

bool equal(const Value& a, const Value& b, int depth) {
  if (a.is_int() && b.is_int()) return a.as_int() == b.as_int();
  if (a.is_num() && b.is_num()) return a.as_number() == b.as_number();
  if (a.type() != b.type()) return (a.is_nil() || a.is_undef()) && (b.is_nil() || b.is_undef());
  switch (a.type()) {
    case Type::Nil:
    case Type::Undef: return true;
    case Type::Bool: return a.as_bool() == b.as_bool();
    case Type::Str: return a.as<Str>()->s == b.as<Str>()->s;
    case Type::List: {
      if (a.obj() == b.obj()) return true;
      auto& x = a.as<List>()->items;
      auto& y = b.as<List>()->items;
      if (x.size() != y.size()) return false;
      check_compare_depth(depth);
      for (size_t i = 0; i < x.size(); ++i)
        if (!equal(x[i], y[i], depth + 1)) return false;
      return true;
    }
    case Type::Obj: {
      if (a.obj() == b.obj()) return true;
      auto* x = a.as<Obj>();
      auto* y = b.as<Obj>();
      if (x->fields.size() != y->fields.size() || x->resource || y->resource) return false;
      check_compare_depth(depth);
      for (auto& [k, v] : x->fields) {
        const Value* w = y->find(k.as<Str>()->s);
        if (!w || !equal(v, *w, depth + 1)) return false;
      }
      return true;
    }
    case Type::Bin: {
      auto* x = a.as<Bin>();
      auto* y = b.as<Bin>();
      return x->size() == y->size() && std::memcmp(x->data(), y->data(), x->size()) == 0;
    }
    default: return a.obj() == b.obj();
  }
}

}  // namespace

}  // namespace ilusm
