// The evaluator: walks resolved syntax trees. Hot paths (locals, int
// arithmetic and comparison, calls) stay inline; calls take their frame from
// the value stack, so an ordinary call allocates nothing on the heap.
#include <cmath>

#include <fmt/format.h>

#include "gc.hpp"
#include "interp_impl.hpp"

namespace ilusm {

Location where(const Node* n) {
  if (!n) return Location{};  // called from C++ (Interp::call): no script location
  return Location{n->chunk ? n->chunk->file : std::string(), n->line, n->col};
}

void raise_at(const std::string& message, const Node* n) { throw Error(message, where(n)); }

namespace {

inline bool test(const Value& v) { return v.is_bool() ? v.as_bool() : v.truthy(); }

// Pops the value stack back to `base` on every exit (normal or error).
struct StackMark {
  Interp::Impl& in;
  Value* base;
  ~StackMark() {
    while (in.sp > base) (--in.sp)->reset();
  }
};

struct DepthMark {
  size_t& depth;
  ~DepthMark() { --depth; }
};

Value concat_display(const Value& a, const Value& b) {
  std::string s = a.to_display();
  s += b.to_display();
  return make_str(std::move(s));
}

int64_t to_index(const Value& i, const Node* n, const char* what) {
  if (i.is_int()) return i.as_int();
  if (i.is_double() && std::trunc(i.as_double()) == i.as_double() && std::fabs(i.as_double()) < 9e18)
    return static_cast<int64_t>(i.as_double());
  raise_at(fmt::format("{} index must be an integer, got {}", what, i.type_name()), n);
}

// Byte offset of code point `i` in a UTF-8 string, and the byte length of that code point.
std::pair<size_t, size_t> rune_at(const Str* s, int64_t i) {
  if (s->ascii) return {size_t(i), 1};
  size_t pos = 0;
  for (int64_t k = 0; k < i; ++k) {
    ++pos;
    while (pos < s->s.size() && (static_cast<unsigned char>(s->s[pos]) & 0xC0) == 0x80) ++pos;
  }
  size_t end = pos + 1;
  while (end < s->s.size() && (static_cast<unsigned char>(s->s[end]) & 0xC0) == 0x80) ++end;
  return {pos, end - pos};
}

[[noreturn]] void out_of_range(int64_t i, size_t len, const char* what, const Node* n) {
  raise_at(fmt::format("index {} out of range for {} of length {}", i, what, len), n);
}

Value index_value(const Value& obj, const Value& idx, const Node* n) {
  switch (obj.type()) {
    case Type::List: {
      auto& items = obj.as<List>()->items;
      int64_t i = to_index(idx, n, "list");
      if (i < 0 || size_t(i) >= items.size()) out_of_range(i, items.size(), "lst", n);
      return items[size_t(i)];
    }
    case Type::Str: {
      const Str* s = obj.as<Str>();
      int64_t i = to_index(idx, n, "string");
      if (i < 0 || size_t(i) >= s->runes) out_of_range(i, s->runes, "str", n);
      auto [pos, len] = rune_at(s, i);
      return make_str(s->s.substr(pos, len));
    }
    case Type::Obj:
      if (!idx.is_str()) raise_at(fmt::format("obj key must be a str, got {}", idx.type_name()), n);
      return obj.as<Obj>()->get(idx.as<Str>()->s);
    case Type::Bin: {
      const Bin* b = obj.as<Bin>();
      int64_t i = to_index(idx, n, "bin");
      if (i < 0 || size_t(i) >= b->size()) out_of_range(i, b->size(), "bin", n);
      return Value(int64_t(b->data()[i]));
    }
    default: raise_at(fmt::format("cannot index {}", obj.type_name()), n);
  }
}

Value field_value(const Value& obj, const Node* n) {
  if (obj.is_obj()) {
    const Value* v = obj.as<Obj>()->find(n->name);
    return v ? *v : Value();
  }
  raise_at(fmt::format("cannot read field '{}' of {}", n->name, obj.type_name()), n);
}

Value arith_double(Op op, double a, double b, const Node* n) {
  switch (op) {
    case Op::Add: return Value(a + b);
    case Op::Sub: return Value(a - b);
    case Op::Mul: return Value(a * b);
    case Op::Div:
      if (b == 0) raise_at("division by zero", n);
      return Value(a / b);
    case Op::Mod: {
      if (b == 0) raise_at("modulo by zero", n);
      double r = std::fmod(a, b);
      if (r != 0 && (r < 0) != (b < 0)) r += b;
      return Value(r);
    }
    default: return Value();
  }
}

const char* op_text(Op op) {
  static const char* texts[] = {"?", "+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">="};
  return texts[static_cast<int>(op)];
}

Value binary_slow(Op op, const Value& l, const Value& r, const Node* n) {
  if (op == Op::Eq) return Value(values_equal(l, r));
  if (op == Op::Ne) return Value(!values_equal(l, r));
  if (l.is_int() && r.is_int()) {
    int64_t a = l.as_int(), b = r.as_int();
    if (op == Op::Div) {
      if (b == 0) raise_at("division by zero", n);
      if (!(a == INT64_MIN && b == -1) && a % b == 0) return Value(a / b);
      return Value(double(a) / double(b));
    }
    if (op == Op::Mod) {
      if (b == 0) raise_at("modulo by zero", n);
      if (b == -1) return Value(int64_t(0));
      int64_t m = a % b;
      if (m != 0 && (m < 0) != (b < 0)) m += b;
      return Value(m);
    }
    // + - * overflowed: fall back to doubles
    return arith_double(op, double(a), double(b), n);
  }
  if (l.is_num() && r.is_num()) {
    double a = l.as_number(), b = r.as_number();
    switch (op) {
      case Op::Lt: return Value(a < b);
      case Op::Le: return Value(a <= b);
      case Op::Gt: return Value(a > b);
      case Op::Ge: return Value(a >= b);
      default: return arith_double(op, a, b, n);
    }
  }
  if (op == Op::Add) {
    if (l.is_str() || r.is_str()) {
      if ((l.is_str() || l.is_num()) && (r.is_str() || r.is_num())) return concat_display(l, r);
    } else if (l.is_list() && r.is_list()) {
      std::vector<Value> items = l.as<List>()->items;
      auto& more = r.as<List>()->items;
      items.insert(items.end(), more.begin(), more.end());
      return make_list(std::move(items));
    }
  }
  if (l.is_str() && r.is_str() && op >= Op::Lt) {
    int c = l.as<Str>()->s.compare(r.as<Str>()->s);
    switch (op) {
      case Op::Lt: return Value(c < 0);
      case Op::Le: return Value(c <= 0);
      case Op::Gt: return Value(c > 0);
      default: return Value(c >= 0);
    }
  }
  if (op >= Op::Lt)
    raise_at(fmt::format("cannot compare {} with {} using {}", l.type_name(), r.type_name(), op_text(op)), n);
  raise_at(fmt::format("cannot apply {} to {} and {}", op_text(op), l.type_name(), r.type_name()), n);
}

Value range_list(const Value& from, const Value& to, const Node* n) {
  if (!from.is_int() || !to.is_int())
    raise_at(fmt::format("range bounds must be integers, got {} and {}", from.type_name(), to.type_name()), n);
  int64_t a = from.as_int(), b = to.as_int();
  uint64_t count = (a <= b ? uint64_t(b) - uint64_t(a) : uint64_t(a) - uint64_t(b)) + 1;
  if (count > 100000000) raise_at(fmt::format("range {}..{} is too large for a list", a, b), n);
  std::vector<Value> items;
  items.reserve(count);
  if (a <= b)
    for (int64_t i = a;; ++i) {
      items.emplace_back(i);
      if (i == b) break;
    }
  else
    for (int64_t i = a;; --i) {
      items.emplace_back(i);
      if (i == b) break;
    }
  return make_list(std::move(items));
}

}  // namespace

void Interp::Impl::check_stack(const Node* site) {
  auto here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  if (depth > max_depth || native_stack_base - here > native_stack_budget || here < stack_floor)
    raise_at("stack overflow (too many nested calls)", site);
}

void Interp::Impl::too_deep(const Node* site) {
  raise_at("expression nested too deeply (the native stack is nearly used up)", site);
}

void Interp::Impl::interrupted_error(const Node* site) {
  interrupted.store(false, std::memory_order_relaxed);
  throw Interrupted("interrupted", where(site));
}

// Anything that is not a function is named by its type.
[[noreturn, gnu::cold, gnu::noinline]] static void not_callable(const Value& callee, const Node* site) {
  raise_at(fmt::format("cannot call {} (not a function)", callee.type_name()), site);
}

// `m.xyz(...)` where m is a module namespace (`use trl`, however it was
// passed around: a global, a local, a field) that has no xyz says so, rather
// than "cannot call nil".
[[noreturn, gnu::cold, gnu::noinline]] static void missing_member(const Value& obj, const Node* site) {
  if (auto* ns = resource_of<ModuleNamespace>(obj))
    raise_at(fmt::format("{} has no function '{}'", ns->name, site->a->name), site);
  not_callable(Value(), site);
}

// Calls with the arguments already on the value stack at `base`.
static Value invoke(Interp::Impl& in, const Value& callee, Value* base, size_t argc, const Node* site) {
  if (callee.is_fun()) {
    auto* cl = callee.as<Closure>();
    const FuncProto* p = cl->proto;
    if (argc != p->params.size()) {
      std::string name = p->name.empty() ? "lambda" : p->name;
      raise_at(fmt::format("{}() takes {} argument{}, got {}", name, p->params.size(), p->params.size() == 1 ? "" : "s",
                           argc),
               site);
    }
    ++in.depth;
    DepthMark dm{in.depth};
    in.check_stack(site);
    if (base + p->nslots > in.stack_end) raise_at("stack overflow (value stack exhausted)", site);
    in.sp = base + p->nslots;
    for (int s : p->captured) base[s] = make_cell(std::move(base[s]));
    in.safepoint(site);
    Frame nf{base, cl};
    Value r = in.eval(p->body, nf);
    if (nf.signal == Signal::Return) return std::move(nf.ret);
    return r;
  }
  if (callee.is_bif()) {
    auto* b = callee.as<Bif>();
    if (int(argc) < b->min_args || (b->max_args >= 0 && int(argc) > b->max_args)) {
      std::string want = b->min_args == b->max_args ? std::to_string(b->min_args)
                         : b->max_args < 0          ? fmt::format("at least {}", b->min_args)
                                                    : fmt::format("{} to {}", b->min_args, b->max_args);
      raise_at(fmt::format("{}() takes {} argument{}, got {}", b->name, want,
                           b->max_args == 1 && b->min_args == 1 ? "" : "s", argc),
               site);
    }
    try {
      return b->call(in.self, Args(base, argc));
    } catch (Error& e) {
      if (site) e.locate(where(site));
      throw;
    }
  }
  not_callable(callee, site);
}

Value Interp::Impl::call_value(const Value& fn, Args args, const Node* site) {
  Value* base = sp;
  StackMark mark{*this, base};
  if (sp + args.size() + 1 > stack_end) raise_at("stack overflow (value stack exhausted)", site);
  for (const Value& a : args) *sp++ = a;
  return invoke(*this, fn, base, args.size(), site);
}

namespace {

void store(Interp::Impl& in, const Node* t, Value v, Frame& f) {
  switch (t->k) {
    case K::Local: f.slots[t->slot] = std::move(v); return;
    case K::LocalCell: f.slots[t->slot].as<Cell>()->v = std::move(v); return;
    case K::Upval: f.fn->upvals[t->slot].as<Cell>()->v = std::move(v); return;
    case K::Global:
      if (in.global_def[t->slot]) in.rebind_error(t);
      in.globals[t->slot] = std::move(v);
      return;
    case K::Field: {
      Value obj = in.eval(t->a, f);
      if (!obj.is_obj()) raise_at(fmt::format("cannot set field '{}' of {}", t->name, obj.type_name()), t);
      obj.as<Obj>()->set_key(t->value, std::move(v));
      return;
    }
    case K::Index: {
      Value obj = in.eval(t->a, f);
      Value idx = in.eval(t->b, f);
      if (obj.is_list()) {
        auto& items = obj.as<List>()->items;
        int64_t i = to_index(idx, t, "list");
        if (i < 0 || size_t(i) >= items.size()) out_of_range(i, items.size(), "lst", t);
        items[size_t(i)] = std::move(v);
        return;
      }
      if (obj.is_obj()) {
        if (!idx.is_str()) raise_at(fmt::format("obj key must be a str, got {}", idx.type_name()), t);
        obj.as<Obj>()->set_key(idx, std::move(v));
        return;
      }
      raise_at(fmt::format("cannot assign into {} by index", obj.type_name()), t);
    }
    default: raise_at("cannot assign to this expression", t);
  }
}

}  // namespace

// An if condition; integer comparisons of locals and constants skip making a Value.
__attribute__((always_inline)) inline bool Interp::Impl::condition(const Node* c, Frame& f) {
  if (c->k == K::Binary && c->op >= Op::Eq) {
    const Value* l = c->a->k == K::Local ? &f.slots[c->a->slot] : c->a->k == K::Const ? &c->a->value : nullptr;
    const Value* r = c->b->k == K::Local ? &f.slots[c->b->slot] : c->b->k == K::Const ? &c->b->value : nullptr;
    if (l && r && l->is_int() && r->is_int()) {
      int64_t a = l->as_int(), b = r->as_int();
      switch (c->op) {
        case Op::Eq: return a == b;
        case Op::Ne: return a != b;
        case Op::Lt: return a < b;
        case Op::Le: return a <= b;
        case Op::Gt: return a > b;
        default: return a >= b;
      }
    }
  }
  return test(eval_fast(c, f));
}

// The dispatcher, inlined into the hot constructs below (one call less per node).
__attribute__((always_inline)) inline Value Interp::Impl::eval_fast(const Node* n, Frame& f) {
  switch (n->k) {
    case K::Const: return n->value;
    case K::Local: return f.slots[n->slot];
    case K::LocalCell: return f.slots[n->slot].as<Cell>()->v;
    case K::Upval: return f.fn->upvals[n->slot].as<Cell>()->v;
    case K::Global: {
      const Value& v = globals[n->slot];
      if (!v.is_undef()) return v;
      return unbound_global(n);
    }
    case K::Binary: return eval_binary(n, f);
    case K::Call: return eval_call(n, f);
    case K::If: return eval_if(n, f);
    case K::Block: return eval_block(n, f);
    case K::Assign: return eval_assign(n, f);
    default: return eval_rest(n, f);
  }
}

namespace {

// An operand that needs no evaluation (a local or a constant), read in place.
inline const Value* in_place(const Node* x, const Frame& f) {
  return x->k == K::Local ? &f.slots[x->slot] : x->k == K::Const ? &x->value : nullptr;
}

__attribute__((always_inline)) inline Value binary_values(const Node* n, const Value& l, const Value& r) {
  if (l.is_int() && r.is_int()) {
    int64_t a = l.as_int(), b = r.as_int(), res;
    switch (n->op) {
      case Op::Add:
        if (!__builtin_add_overflow(a, b, &res)) return Value(res);
        break;
      case Op::Sub:
        if (!__builtin_sub_overflow(a, b, &res)) return Value(res);
        break;
      case Op::Mul:
        if (!__builtin_mul_overflow(a, b, &res)) return Value(res);
        break;
      case Op::Lt: return Value(a < b);
      case Op::Le: return Value(a <= b);
      case Op::Gt: return Value(a > b);
      case Op::Ge: return Value(a >= b);
      case Op::Eq: return Value(a == b);
      case Op::Ne: return Value(a != b);
      default: break;
    }
  }
  return binary_slow(n->op, l, r, n);
}

}  // namespace

// Operands that need evaluation get temporaries, in a function of their own:
// the common case (locals and constants) has no temporaries to set up and drop.
__attribute__((noinline)) static Value eval_binary_evaluated(Interp::Impl& in, const Node* n, Frame& f) {
  in.check_expr_stack(n);  // a flat chain of 75,000 `+` nests this deep
  Value lt, rt;
  const Value* l = in_place(n->a, f);
  if (!l) {
    lt = in.eval_fast(n->a, f);
    l = &lt;
  }
  const Value* r = in_place(n->b, f);
  if (!r) {
    rt = in.eval_fast(n->b, f);
    r = &rt;
  }
  return binary_values(n, *l, *r);
}

__attribute__((noinline)) Value Interp::Impl::eval_binary(const Node* n, Frame& f) {
  const Value* l = in_place(n->a, f);
  const Value* r = in_place(n->b, f);
  if (l && r) return binary_values(n, *l, *r);
  return eval_binary_evaluated(*this, n, f);
}

__attribute__((noinline)) Value Interp::Impl::eval_call(const Node* n, Frame& f) {
  check_expr_stack(n);  // stage after stage of a pipeline nests calls in arguments
  // A copy: the call may rebind the global while the function runs.
  Value callee;
  if (n->a->k == K::Global && !globals[n->a->slot].is_undef()) {
    callee = globals[n->a->slot];
  } else if (n->a->k == K::Field) {  // m.f(...): keep m to name a module's missing member
    Value obj = eval_fast(n->a->a, f);
    callee = field_value(obj, n->a);
    if (callee.is_nil()) [[unlikely]]
      missing_member(obj, n);
  } else {
    callee = eval_fast(n->a, f);
  }
  Value* base = sp;
  StackMark mark{*this, base};
  size_t argc = n->kids.size();
  if (base + argc + 1 > stack_end) raise_at("stack overflow (value stack exhausted)", n);
  // Slots from sp up are nil: arguments are constructed in place (nothing
  // to release). sp is written back before anything that can throw or push
  // (an argument that needs evaluating) and after the loop, so StackMark
  // releases exactly what was pushed.
  Value* top = base;
  for (const Node* k : n->kids) {
    if (k->k == K::Local) new (top) Value(f.slots[k->slot]);
    else if (k->k == K::Const) new (top) Value(k->value);
    else if (k->k == K::Global && !globals[k->slot].is_undef()) new (top) Value(globals[k->slot]);
    else {
      sp = top;
      Value v = eval_fast(k, f);
      new (top) Value(std::move(v));
    }
    ++top;
  }
  sp = top;
  if (callee.is_bif()) {
    // Built-in, inline: the arguments are a view into the value stack, which
    // never moves (it is allocated once), so nothing the built-in runs can
    // invalidate them; StackMark releases them afterwards.
    auto* b = callee.as<Bif>();
    if (int(argc) >= b->min_args && (b->max_args < 0 || int(argc) <= b->max_args)) [[likely]] {
      try {
        return b->call(self, Args(base, argc));
      } catch (Error& e) {
        e.locate(where(n));
        throw;
      }
    }
  }
  if (!callee.is_fun()) return invoke(*this, callee, base, argc, n);
  // Closure call, inline: the frame is the arguments plus nil slots above them.
  auto* cl = callee.as<Closure>();
  const FuncProto* p = cl->proto;
  if (argc != p->params.size()) return invoke(*this, callee, base, argc, n);  // reports arity
  ++depth;
  DepthMark dm{depth};
  if (depth > max_depth ||
      native_stack_base - reinterpret_cast<uintptr_t>(__builtin_frame_address(0)) > native_stack_budget ||
      reinterpret_cast<uintptr_t>(__builtin_frame_address(0)) < stack_floor)
    check_stack(n);
  if (base + p->nslots > stack_end) raise_at("stack overflow (value stack exhausted)", n);
  sp = base + p->nslots;
  for (int s : p->captured) base[s] = make_cell(std::move(base[s]));
  safepoint(n);
  Frame nf{base, cl};
  Value r = eval_fast(p->body, nf);
  if (nf.signal == Signal::Return) return std::move(nf.ret);
  return r;
}

__attribute__((noinline)) Value Interp::Impl::eval_if(const Node* n, Frame& f) {
  size_t m = n->kids.size();
  for (size_t i = 0; i < m; i += 2)
    if (condition(n->kids[i], f)) return eval_fast(n->kids[i + 1], f);
  return n->c ? eval_fast(n->c, f) : Value();
}

__attribute__((noinline)) Value Interp::Impl::eval_block(const Node* n, Frame& f) {
  // Only the last statement's value is kept.
  if (n->kids.empty()) return Value();
  const Node* const* s = n->kids.data();
  const Node* const* last = s + n->kids.size() - 1;
  for (; s != last; ++s) {
    eval_fast(*s, f);
    if (f.signal != Signal::None) return Value();
  }
  Value v = eval_fast(*last, f);
  if (f.signal != Signal::None) return Value();
  return v;
}

// `x = x + y` marked by the resolver (y has no side effects): appends y to
// x's string in place when x holds the only reference to it (as CPython
// does), so n appends cost O(total length), not O(n * length). False: not
// that case, evaluate normally.
// The variable's current value if it is a str (the cheap test, inline: the
// pattern `s = s + i` on integers is a hot loop), else null.
__attribute__((always_inline)) inline Value* append_target(Interp::Impl& in, const Node* n, Frame& f) {
  const Node* t = n->a;
  Value* cur = t->k == K::Local ? &f.slots[t->slot] : t->k == K::Global ? &in.globals[size_t(t->slot)] : nullptr;
  return cur && cur->is_str() ? cur : nullptr;
}

__attribute__((noinline)) static bool append_in_place(Interp::Impl& in, const Node* n, Frame& f, Value* cur) {
  const Node* t = n->a;
  if (t->k != n->b->a->k || t->slot != n->b->a->slot) return false;            // a local became a cell
  if (t->k == K::Global && in.global_def[size_t(t->slot)] != 0) return false;  // store() reports it
  if (cur->obj()->refs != 1) return false;
  Value r = in.eval_fast(n->b->b, f);  // a literal or a variable: cannot change x
  if (cur->obj()->refs != 1) return false;
  Str* s = cur->as<Str>();
  if (r.is_str()) {
    const Str* add = r.as<Str>();
    s->s += add->s;
    s->runes += add->runes;
    s->ascii = s->ascii && add->ascii;
    return true;
  }
  if (!r.is_num()) return false;
  std::string text = r.to_display();  // digits: ASCII
  s->s += text;
  s->runes += text.size();
  return true;
}

__attribute__((noinline)) Value Interp::Impl::eval_assign(const Node* n, Frame& f) {
  if (n->op == Op::Add) [[unlikely]] {
    if (Value* cur = append_target(*this, n, f); cur && append_in_place(*this, n, f, cur)) return Value();
  }
  if (n->a->k == K::Local) {
    f.slots[n->a->slot] = eval_fast(n->b, f);
    return Value();
  }
  store(*this, n->a, eval_fast(n->b, f), f);
  return Value();
}

// Each construct with locals has its own function, so eval()'s frame stays
// small: deep ilusm recursion costs little native stack (also under ASan).
Value Interp::Impl::eval(const Node* n, Frame& f) { return eval_fast(n, f); }

void Interp::Impl::rebind_error(const Node* target) {
  if (global_def[target->slot] == builtin_binding)
    raise_at(fmt::format("cannot assign to builtin '{}'", target->name), target);
  raise_at(fmt::format("cannot rebind '{}': it was bound with def", target->name), target);
}

// An unbound global: a pipeline stage name falls back to the trl module.
__attribute__((noinline)) Value Interp::Impl::unbound_global(const Node* n) {
  if (n->stage_fallback) {
    auto m = modules.find("trl");
    if (m != modules.end())
      for (auto& fn : m->second.functions)
        if (fn.name == n->name) return fn.make_bif();
  }
  raise_at(fmt::format("undefined variable '{}'", n->name), n);
}

// Constructs that are not on the hot path: kept out of eval() so its frame stays small.
__attribute__((noinline)) Value Interp::Impl::eval_rest(const Node* n, Frame& f) {
  check_expr_stack(n);  // fields, pipelines, unary chains: as deep as the source is long
  switch (n->k) {
    case K::And: {
      Value l = eval(n->a, f);
      return test(l) ? eval(n->b, f) : l;
    }
    case K::Or: {
      Value l = eval(n->a, f);
      return test(l) ? l : eval(n->b, f);
    }
    case K::Not: return Value(!test(eval(n->a, f)));
    case K::Field: return field_value(eval(n->a, f), n);
    case K::Return:
      f.ret = n->a ? eval(n->a, f) : Value();
      f.signal = Signal::Return;
      return Value();
    case K::Def: {
      Value v = eval(n->b, f);
      if (n->a->k == K::Global) {
        if (global_def[n->a->slot]) rebind_error(n->a);
        globals[n->a->slot] = std::move(v);
        global_def[n->a->slot] = def_binding;
        return Value();
      }
      store(*this, n->a, std::move(v), f);
      return Value();
    }
    case K::Neg: {
      Value v = eval(n->a, f);
      if (v.is_int() && v.as_int() != INT64_MIN) return Value(-v.as_int());
      if (v.is_num()) return Value(-v.as_number());
      raise_at(fmt::format("cannot negate {}", v.type_name()), n);
    }
    case K::OptField: {
      Value o = eval(n->a, f);
      return o.is_nil() ? Value() : field_value(o, n);
    }
    case K::Index: {
      Value o = eval(n->a, f);
      return index_value(o, eval(n->b, f), n);
    }
    case K::OptIndex: {
      Value o = eval(n->a, f);
      if (o.is_nil()) return Value();
      return index_value(o, eval(n->b, f), n);
    }
    case K::List: {
      if (!n->key_values.empty()) return make_list(std::vector<Value>(n->key_values));  // all literals
      Value l = make_list();
      auto* list = l.as<List>();
      list->items.reserve(n->kids.size());
      for (const Node* k : n->kids) list->items.push_back(eval(k, f));
      return l;
    }
    case K::Object: {
      Value o = make_obj();
      auto* obj = o.as<Obj>();
      for (size_t i = 0; i < n->kids.size(); ++i) obj->set_key(n->key_values[i], eval(n->kids[i], f));
      return o;
    }
    case K::Interp: {
      std::string s;
      for (const Node* k : n->kids) s += eval(k, f).to_display();
      return make_str(std::move(s));
    }
    case K::Lambda: {
      Value c = make_closure(n->fn);
      auto* cl = c.as<Closure>();
      cl->upvals.reserve(n->fn->upvals.size());
      for (const UpvalDesc& u : n->fn->upvals)
        cl->upvals.push_back(u.from_local ? f.slots[u.index] : f.fn->upvals[u.index]);
      return c;
    }
    case K::Range: {
      Value a = eval(n->a, f);
      return range_list(a, eval(n->b, f), n);
    }
    case K::Mat: {
      Value subject = eval(n->a, f);
      for (size_t i = 0; i < n->kids.size(); ++i)
        if (!n->kids[i] || values_equal(subject, n->kids[i]->value)) return eval(n->bodies[i], f);
      return Value();
    }
    case K::While: {
      while (condition(n->a, f)) {  // int comparisons of locals make no Value
        eval_fast(n->b, f);
        if (f.signal != Signal::None) {
          if (f.signal == Signal::Return) break;
          Signal s = f.signal;
          f.signal = Signal::None;
          if (s == Signal::Break) break;
        }
        safepoint(n);
      }
      return Value();
    }
    case K::For: {
      // Returns true when the loop must stop.
      auto step = [&](Value x) {
        if (n->a->k == K::Local) f.slots[n->a->slot] = std::move(x);
        else store(*this, n->a, std::move(x), f);
        eval_fast(n->c, f);
        if (f.signal == Signal::None) return false;
        if (f.signal == Signal::Return) return true;
        Signal s = f.signal;
        f.signal = Signal::None;
        return s == Signal::Break;
      };
      if (n->b->k == K::Range) {
        Value from = eval(n->b->a, f);
        Value to = eval(n->b->b, f);
        if (!from.is_int() || !to.is_int())
          raise_at(fmt::format("range bounds must be integers, got {} and {}", from.type_name(), to.type_name()), n->b);
        int64_t a = from.as_int(), b = to.as_int();
        for (int64_t i = a;; i += a <= b ? 1 : -1) {
          if (step(Value(i))) break;
          if (i == b) break;
          safepoint(n);
        }
        return Value();
      }
      Value src = eval(n->b, f);
      switch (src.type()) {
        case Type::List:
          for (size_t i = 0; i < src.as<List>()->items.size(); ++i) {
            if (step(src.as<List>()->items[i])) break;
            safepoint(n);
          }
          return Value();
        case Type::Str: {
          const Str* s = src.as<Str>();
          for (size_t pos = 0; pos < s->s.size();) {
            size_t end = pos + 1;
            while (end < s->s.size() && (static_cast<unsigned char>(s->s[end]) & 0xC0) == 0x80) ++end;
            if (step(make_str(s->s.substr(pos, end - pos)))) break;
            pos = end;
          }
          return Value();
        }
        case Type::Bin: {
          const Bin* b = src.as<Bin>();
          for (size_t i = 0; i < b->size(); ++i)
            if (step(Value(int64_t(b->data()[i])))) break;
          return Value();
        }
        default:
          raise_at(fmt::format("cannot loop over {} (expected a lst, str, bin or range)", src.type_name()), n->b);
      }
    }
    case K::Destruct: {
      Value src = eval(n->b, f);
      if (n->op == Op::None) {
        if (!src.is_obj()) raise_at(fmt::format("cannot destructure {} as an obj", src.type_name()), n);
        for (size_t i = 0; i < n->kids.size(); ++i) store(*this, n->kids[i], src.as<Obj>()->get(n->keys[i]), f);
      } else {
        if (!src.is_list()) raise_at(fmt::format("cannot destructure {} as a lst", src.type_name()), n);
        auto& items = src.as<List>()->items;
        if (items.size() != n->kids.size())
          raise_at(fmt::format("cannot destructure a lst of {} items into {} names", items.size(), n->kids.size()), n);
        for (size_t i = 0; i < n->kids.size(); ++i) store(*this, n->kids[i], items[i], f);
      }
      return Value();
    }
    case K::Break: f.signal = Signal::Break; return Value();
    case K::Continue: f.signal = Signal::Continue; return Value();
    case K::Use: use(n, *n->chunk); return Value();
    case K::Name: raise_at("internal error: unresolved name '" + n->name + "'", n);
    default: break;
  }
  return Value();
}

}  // namespace ilusm
