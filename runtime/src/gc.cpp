// Cycle collector (see gc.hpp). One heap per interpreter, one per thread.
#include "gc.hpp"

#include <algorithm>
#include <iterator>
#include <vector>

#include "objects.hpp"

namespace ilusm {

constinit thread_local GcState* gc_heap = nullptr;
constinit thread_local intptr_t gc_countdown = 20000;

namespace {

// Trivially destructible: containers released while the thread's other
// thread_locals are torn down still unlink from it.
constinit thread_local GcState thread_heap;

// The gc_prev of a heap's first container: the heap, tagged.
Object* head_mark(GcState* h) { return reinterpret_cast<Object*>(reinterpret_cast<uintptr_t>(h) | 1); }
GcState* heap_of_mark(Object* prev) {
  auto bits = reinterpret_cast<uintptr_t>(prev);
  return bits & 1 ? reinterpret_cast<GcState*>(bits & ~uintptr_t(1)) : nullptr;
}

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

GcState& gc_thread_heap() { return thread_heap; }

void gc_track(Object* o) {
  GcState& h = gc_heap ? *gc_heap : thread_heap;
  o->tracked = true;
  o->gc_prev = head_mark(&h);
  o->gc_next = h.head;
  if (h.head) h.head->gc_prev = o;
  h.head = o;
  --gc_countdown;
}

void gc_untrack(Object* o) {
  if (!o->tracked) return;
  if (GcState* h = heap_of_mark(o->gc_prev)) {
    h->head = o->gc_next;
    if (o->gc_next) o->gc_next->gc_prev = o->gc_prev;
  } else {
    o->gc_prev->gc_next = o->gc_next;
    if (o->gc_next) o->gc_next->gc_prev = o->gc_prev;
  }
  o->tracked = false;
}

size_t gc_count(const GcState& h) {
  size_t n = 0;
  for (const Object* o = h.head; o; o = o->gc_next) ++n;
  return n;
}

InterpHeap::~InterpHeap() {
  if (!state.head) return;
  GcState& to = thread_heap;
  Object* tail = state.head;
  while (tail->gc_next) tail = tail->gc_next;
  tail->gc_next = to.head;
  if (to.head) to.head->gc_prev = tail;
  state.head->gc_prev = head_mark(&to);
  to.head = state.head;
  state.head = nullptr;
}

size_t gc_collect(GcState& h) {
  GcState* heaps[2] = {&h, &thread_heap};
  size_t n_heaps = &h == &thread_heap ? 1 : 2;
  for (size_t k = 0; k < n_heaps; ++k)
    if (heaps[k]->collecting) return 0;
  for (size_t k = 0; k < n_heaps; ++k) heaps[k]->collecting = true;
  auto each = [&](auto&& f) {
    for (size_t k = 0; k < n_heaps; ++k)
      for (Object* o = heaps[k]->head; o; o = o->gc_next) f(o);
  };
  each([](Object* o) { o->gc_refs = o->refs; });
  each([](Object* o) { o->trace(subtract_internal, nullptr); });
  std::vector<Object*> work;
  each([&](Object* o) {
    if (o->gc_refs > 0) {
      o->gc_refs = reachable;
      work.push_back(o);
    }
  });
  while (!work.empty()) {
    Object* o = work.back();
    work.pop_back();
    o->trace(mark, &work);
  }
  std::vector<Object*> garbage;
  each([&](Object* o) {
    if (o->gc_refs != reachable) garbage.push_back(o);
  });
  for (Object* o : garbage) ++o->refs;  // hold them while their contents are dropped
  for (Object* o : garbage) o->clear();
  for (Object* o : garbage)
    if (--o->refs == 0) destroy_object(o);
  for (size_t k = 0; k < n_heaps; ++k) {
    size_t count = gc_count(*heaps[k]);
    heaps[k]->countdown = intptr_t(count > 20000 ? count : 20000);
    heaps[k]->collecting = false;
    if (heaps[k] == &gc_current_heap()) gc_countdown = heaps[k]->countdown;  // it is kept in TLS
  }
  return garbage.size();
}

size_t gc_collect() { return gc_collect(gc_current_heap()); }

// Freeing is iterative: an object's members released while it is deleted
// are queued, not freed recursively, so a list nested a million deep cannot
// overflow the native stack. The queue is intrusive (a dead object is
// untracked first and its gc_next links it), so freeing allocates nothing
// and cannot fail; it is trivially destructible, so values kept in other
// thread_locals (shared field keys, say) can still be released here while a
// thread's storage is torn down.
namespace {
struct Pending {
  Object* head;  // the next object to delete
  bool draining;
};
constinit thread_local Pending pending{};
}  // namespace

void destroy_object(Object* o) {
  Pending& p = pending;
  gc_untrack(o);
  if (p.draining) {
    o->gc_next = p.head;
    p.head = o;
    return;
  }
  p.draining = true;
  for (Object* x = o;;) {  // o first, then what its release queued
    if (x->type != Type::Obj || !obj_pool_give(static_cast<Obj*>(x))) delete x;
    if (!(x = p.head)) break;
    p.head = x->gc_next;
  }
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
