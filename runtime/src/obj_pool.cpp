// Recycled obj storage. Objs come and go at a high rate (a native handle per
// seal, a record per call): a dropped obj keeps its field vector's capacity
// and goes to a small per-thread free list instead of back to the heap, so
// the next make_obj allocates nothing. Only an obj whose last reference was
// dropped is recycled, so no value can still point at it. Under ASan a
// pooled obj is poisoned: a stale pointer to it faults as a use after free.
#include "gc.hpp"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define ILUSM_POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define ILUSM_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define ILUSM_POISON(p, n) ((void)(p), (void)(n))
#define ILUSM_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

namespace ilusm {

namespace {

// Trivially destructible, so the list stays usable while other thread_locals
// are torn down; Drain empties it at thread exit and then turns it off. The
// list is linked through gc_next (a pooled obj is not tracked), as plain
// Object pointers: an obj is cast back to Obj only once it is unpoisoned.
thread_local Object* t_objs = nullptr;
thread_local size_t t_count = 0;
// Objs kept with their resource and field keys (Resource::keep_with): the
// handle of one seal becomes the handle of the next, nothing rebuilt.
thread_local Object* t_kept = nullptr;
thread_local size_t t_kept_count = 0;
thread_local bool t_off = false;
thread_local bool t_drain_armed = false;
constexpr size_t kPoolMax = 128;
constexpr size_t kKeptMax = 16;
constexpr size_t kKeepFields = 8;  // a bigger field vector is given back

Obj* pop(Object*& list, size_t& count) {
  Object* o = list;
  ILUSM_UNPOISON(o, sizeof(Obj));
  list = o->gc_next;
  o->gc_next = nullptr;
  --count;
  return static_cast<Obj*>(o);
}

void push(Object*& list, size_t& count, Obj* o) {
  o->gc_refs = 0;
  o->gc_next = list;
  list = o;
  ++count;
  ILUSM_POISON(o, sizeof(Obj));
}

struct Drain {
  bool constructed = false;
  ~Drain() {
    t_off = true;
    while (t_objs) delete pop(t_objs, t_count);
    while (t_kept) delete pop(t_kept, t_kept_count);
  }
};
thread_local Drain t_drain;

}  // namespace

Obj* obj_pool_take() { return t_objs ? pop(t_objs, t_count) : nullptr; }

Obj* obj_pool_take_kept(const std::type_info& kind) {
  if (!t_kept) return nullptr;
  ILUSM_UNPOISON(t_kept, sizeof(Obj));
  const Resource& r = *static_cast<Obj*>(t_kept)->resource;
  bool same = typeid(r) == kind;
  ILUSM_POISON(t_kept, sizeof(Obj));
  return same ? pop(t_kept, t_kept_count) : nullptr;
}

bool obj_pool_give(Obj* o) {
  if (t_count >= kPoolMax || t_off) return false;
  if (!t_drain_armed) [[unlikely]] {  // construct the drain: the pool is emptied at thread exit
    t_drain.constructed = true;
    t_drain_armed = true;
  }
  // Drop what it holds (destroy_object queues it: no recursion), keep the capacity.
  if (o->resource) {
    if (t_kept_count < kKeptMax && o->resource->keep_with(*o)) {
      push(t_kept, t_kept_count, o);
      return true;
    }
    o->resource.reset();
  }
  o->fields.clear();
  if (o->fields.capacity() > kKeepFields) std::vector<std::pair<Value, Value>>().swap(o->fields);
  push(t_objs, t_count, o);
  return true;
}

size_t obj_pool_size() { return t_count; }
size_t obj_pool_kept_size() { return t_kept_count; }

}  // namespace ilusm
