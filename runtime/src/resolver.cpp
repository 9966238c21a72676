// Name resolution (see resolver.hpp).
#include "resolver.hpp"

#include <set>
#include <unordered_map>
#include <vector>

#include "ilusm/error.hpp"
#include "support/stack.hpp"

namespace ilusm {

namespace {

struct Scope {
  FuncProto* fn = nullptr;
  Scope* parent = nullptr;
  bool top = false;
  std::unordered_map<std::string, int> locals;
  std::set<std::string> defs;  // def-bound locals
  std::vector<bool> captured;
  std::vector<Node*> local_refs;  // to patch captured slots into LocalCell
  std::unordered_map<std::string, int> upvals;
};

class Resolver {
 public:
  Resolver(Chunk& c, const GlobalTable& g) : c_(c), g_(g) {}

  void run() {
    collect_top_names(c_.main->body);
    Scope top;
    top.fn = c_.main;
    top.top = true;
    walk(c_.main->body, top);
    c_.main->nslots = 0;
  }

 private:
  [[noreturn]] void fail(const std::string& msg, const Node* n) {
    throw Error(msg, Location{c_.file, n->line, n->col});
  }

  // Names assigned at top level (outside functions) become globals.
  // Every walk of the tree recurses once per level; a flat chain of 75,000
  // `+` terms or `.a` fields is that deep. Bounded by the real stack left.
  void guard(const Node* n) {
    if (support::stack_low()) fail("expression nested too deeply (the native stack is nearly used up)", n);
  }

  void collect_top_names(Node* n) {
    if (!n) return;
    guard(n);
    switch (n->k) {
      case K::Lambda: return;
      case K::Assign:
      case K::Def:
        if (n->a->k == K::Name) top_names_.insert(n->a->name);
        break;
      case K::For: top_names_.insert(n->a->name); break;
      case K::Destruct:
        for (auto* t : n->kids) top_names_.insert(t->name);
        break;
      default: break;
    }
    for (Node* k : {n->a, n->b, n->c}) collect_top_names(k);
    for (Node* k : n->kids) collect_top_names(k);
    for (Node* k : n->bodies) collect_top_names(k);
  }

  bool is_global(const std::string& name) const { return top_names_.count(name) || g_.exists(name); }

  // Is `name` a local of some enclosing function (not the top level)?
  static bool enclosing_local(const Scope* s, const std::string& name) {
    for (; s && !s->top; s = s->parent)
      if (s->locals.count(name)) return true;
    return false;
  }

  int declare(Scope& s, const std::string& name) {
    auto it = s.locals.find(name);
    if (it != s.locals.end()) return it->second;
    int slot = int(s.locals.size());
    s.locals.emplace(name, slot);
    s.captured.push_back(false);
    return slot;
  }

  // Collect the names a function body binds (not descending into nested functions).
  void collect_locals(Node* n, Scope& s) {
    if (!n) return;
    guard(n);
    auto bind = [&](const std::string& name) {
      if (s.locals.count(name)) return;
      if (enclosing_local(s.parent, name) || is_global(name)) return;
      declare(s, name);
    };
    switch (n->k) {
      case K::Lambda: return;
      case K::Assign:
        if (n->a->k == K::Name) bind(n->a->name);
        break;
      case K::Def: declare(s, n->a->name); break;
      case K::For: declare(s, n->a->name); break;
      case K::Destruct:
        for (auto* t : n->kids) bind(t->name);
        break;
      default: break;
    }
    for (Node* k : {n->a, n->b, n->c}) collect_locals(k, s);
    for (Node* k : n->kids) collect_locals(k, s);
    for (Node* k : n->bodies) collect_locals(k, s);
  }

  int add_upval(Scope& s, const std::string& name, bool from_local, int index) {
    auto it = s.upvals.find(name);
    if (it != s.upvals.end()) return it->second;
    int i = int(s.fn->upvals.size());
    s.fn->upvals.push_back(UpvalDesc{from_local, index});
    s.upvals.emplace(name, i);
    return i;
  }

  int resolve_upval(Scope& s, const std::string& name) {
    Scope* p = s.parent;
    if (!p || p->top) return -1;
    auto it = p->locals.find(name);
    if (it != p->locals.end()) {
      p->captured[it->second] = true;
      return add_upval(s, name, true, it->second);
    }
    int up = resolve_upval(*p, name);
    if (up < 0) return -1;
    return add_upval(s, name, false, up);
  }

  void resolve_name(Node* n, Scope& s) {
    if (!s.top) {
      auto it = s.locals.find(n->name);
      if (it != s.locals.end()) {
        n->k = K::Local;
        n->slot = it->second;
        s.local_refs.push_back(n);
        return;
      }
      int up = resolve_upval(s, n->name);
      if (up >= 0) {
        n->k = K::Upval;
        n->slot = up;
        return;
      }
    }
    n->k = K::Global;
    n->slot = g_.slot(n->name);
  }

  void function(FuncProto* fn, Scope& parent) {
    Scope s;
    s.fn = fn;
    s.parent = &parent;
    for (auto& p : fn->params) declare(s, p);
    collect_locals(fn->body, s);
    walk(fn->body, s);
    fn->nslots = int(s.locals.size());
    for (Node* ref : s.local_refs)
      if (s.captured[ref->slot]) ref->k = K::LocalCell;
    for (size_t i = 0; i < s.captured.size(); ++i)
      if (s.captured[i]) fn->captured.push_back(int(i));
  }

  void check_def(Node* target, Scope& s, bool is_def) {
    if (s.top || target->k != K::Name) return;
    if (s.defs.count(target->name)) fail("cannot rebind '" + target->name + "': it was bound with def", target);
    if (is_def) s.defs.insert(target->name);
  }

  // `x = x + y` with y a literal or a variable: marked (op = Add) so the
  // evaluator may append to x's string in place when nothing else holds it,
  // which makes a loop of appends linear instead of quadratic.
  static void mark_append(Node* n) {
    const Node* t = n->a;
    const Node* v = n->b;
    if (n->k != K::Assign || (t->k != K::Local && t->k != K::Global) || v->k != K::Binary || v->op != Op::Add) return;
    K r = v->b->k;
    if (v->a->k == t->k && v->a->slot == t->slot &&
        (r == K::Const || r == K::Local || r == K::LocalCell || r == K::Upval || r == K::Global))
      n->op = Op::Add;
  }

  void walk(Node* n, Scope& s) {
    if (!n) return;
    guard(n);
    switch (n->k) {
      case K::Name: resolve_name(n, s); return;
      case K::Lambda: function(n->fn, s); return;
      case K::Assign:
      case K::Def:
        check_def(n->a, s, n->k == K::Def);
        walk(n->b, s);
        walk(n->a, s);
        mark_append(n);
        return;
      case K::Destruct:
        for (auto* t : n->kids) check_def(t, s, false);
        break;
      default: break;
    }
    for (Node* k : {n->a, n->b, n->c}) walk(k, s);
    for (Node* k : n->kids) walk(k, s);
    for (Node* k : n->bodies) walk(k, s);
  }

  Chunk& c_;
  const GlobalTable& g_;
  std::set<std::string> top_names_;
};

}  // namespace

void resolve_chunk(Chunk& chunk, const GlobalTable& globals) { Resolver(chunk, globals).run(); }

}  // namespace ilusm
