// Cycle collector (see gc.hpp). One tracking list per thread.
#include "gc.hpp"

#include <algorithm>
#include <iterator>
#include <vector>

#include "objects.hpp"

namespace ilusm {

thread_local GcState gc_state;

namespace {


constexpr intptr_t reachable = -1;

void subtract_internal(Object* child, void*) {
  if (child->tracked && child->gc_refs > 0) --child->gc_refs;
}

void mark(Object* child, void* ctx) {
  if (!child->tracked || child->gc_refs == reachable) return;
  child->gc_refs = reachable;
  static_cast<std::vector<Object*>*>(ctx)->push_back(child);
}

}  // namespace

void gc_track(Object* o) {
  o->tracked = true;
  o->gc_prev = nullptr;
  o->gc_next = gc_state.head;
  if (gc_state.head) gc_state.head->gc_prev = o;
  gc_state.head = o;
  ++gc_state.count;
  ++gc_state.since_collect;
}

void gc_untrack(Object* o) {
  if (!o->tracked) return;
  if (o->gc_prev) o->gc_prev->gc_next = o->gc_next; else gc_state.head = o->gc_next;
  if (o->gc_next) o->gc_next->gc_prev = o->gc_prev;
  o->tracked = false;
  --gc_state.count;
}

size_t gc_tracked_count() { return gc_state.count; }


size_t gc_collect() {
  if (gc_state.collecting) return 0;
  gc_state.collecting = true;
  for (Object* o = gc_state.head; o; o = o->gc_next) o->gc_refs = o->refs;
  for (Object* o = gc_state.head; o; o = o->gc_next) o->trace(subtract_internal, nullptr);
  std::vector<Object*> work;
  for (Object* o = gc_state.head; o; o = o->gc_next)
    if (o->gc_refs > 0) {
      o->gc_refs = reachable;
      work.push_back(o);
    }
  while (!work.empty()) {
    Object* o = work.back();
    work.pop_back();
    o->trace(mark, &work);
  }
  std::vector<Object*> garbage;
  for (Object* o = gc_state.head; o; o = o->gc_next)
    if (o->gc_refs != reachable) garbage.push_back(o);
  for (Object* o : garbage) ++o->refs;  // hold them while their contents are dropped
  for (Object* o : garbage) o->clear();
  for (Object* o : garbage)
    if (--o->refs == 0) destroy_object(o);
  gc_state.since_collect = 0;
  gc_state.threshold = gc_state.count > 20000 ? gc_state.count : 20000;
  gc_state.collecting = false;
  return garbage.size();
}

// Freeing is iterative: an object's members released while it is deleted
// are queued, not freed recursively, so a list nested a million deep cannot
// overflow the native stack. The queue is trivially destructible and owns no
// memory between calls, so values kept in other thread_locals (shared field
// keys, say) can still be released here while a thread's storage is torn down.
namespace {
struct Pending {
  Object* inline_items[64];
  Object** items;      // inline_items, or a heap block while a deep drain runs
  size_t size, cap;
  bool draining;
};
thread_local Pending pending;

void push_pending(Pending& p, Object* o) {
  if (!p.items) {
    p.items = p.inline_items;
    p.cap = std::size(p.inline_items);
  }
  if (p.size == p.cap) {
    auto** bigger = new Object*[p.cap * 2];
    std::copy(p.items, p.items + p.size, bigger);
    if (p.items != p.inline_items) delete[] p.items;
    p.items = bigger;
    p.cap *= 2;
  }
  p.items[p.size++] = o;
}
}  // namespace

void destroy_object(Object* o) {
  Pending& p = pending;
  if (p.draining) return push_pending(p, o);
  p.draining = true;
  for (Object* x = o;; x = p.items[--p.size]) {  // o first, then what its release queued
    gc_untrack(x);
    if (x->type != Type::Obj || !obj_pool_give(static_cast<Obj*>(x))) delete x;
    if (!p.size) break;
  }
  if (p.items != p.inline_items) delete[] p.items;
  p.items = nullptr;
  p.draining = false;
}

Value make_cell(Value v) {
  auto* c = new Cell();
  c->v = std::move(v);
  gc_track(c);
  return Value(static_cast<Object*>(c));
}

Value make_closure(FuncProto* p) {
  auto* c = new Closure(p);
  gc_track(c);
  return Value(static_cast<Object*>(c));
}

}  // namespace ilusm
