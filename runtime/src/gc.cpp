// Cycle collector (see gc.hpp). One tracking list per thread.
#include "gc.hpp"

#include <vector>

#include "objects.hpp"

namespace ilusm {

namespace {

struct Tracking {
  Object* head = nullptr;
  size_t count = 0;
  size_t since_collect = 0;
  size_t threshold = 20000;
  bool collecting = false;
};

thread_local Tracking heap;

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
  o->gc_next = heap.head;
  if (heap.head) heap.head->gc_prev = o;
  heap.head = o;
  ++heap.count;
  ++heap.since_collect;
}

void gc_untrack(Object* o) {
  if (!o->tracked) return;
  if (o->gc_prev) o->gc_prev->gc_next = o->gc_next; else heap.head = o->gc_next;
  if (o->gc_next) o->gc_next->gc_prev = o->gc_prev;
  o->tracked = false;
  --heap.count;
}

size_t gc_tracked_count() { return heap.count; }

bool gc_should_collect() { return heap.since_collect > heap.threshold && !heap.collecting; }

size_t gc_collect() {
  if (heap.collecting) return 0;
  heap.collecting = true;
  for (Object* o = heap.head; o; o = o->gc_next) o->gc_refs = o->refs;
  for (Object* o = heap.head; o; o = o->gc_next) o->trace(subtract_internal, nullptr);
  std::vector<Object*> work;
  for (Object* o = heap.head; o; o = o->gc_next)
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
  for (Object* o = heap.head; o; o = o->gc_next)
    if (o->gc_refs != reachable) garbage.push_back(o);
  for (Object* o : garbage) ++o->refs;  // hold them while their contents are dropped
  for (Object* o : garbage) o->clear();
  for (Object* o : garbage)
    if (--o->refs == 0) destroy_object(o);
  heap.since_collect = 0;
  heap.threshold = heap.count > 20000 ? heap.count : 20000;
  heap.collecting = false;
  return garbage.size();
}

void destroy_object(Object* o) {
  gc_untrack(o);
  delete o;
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
