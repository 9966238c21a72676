// The cycle collector. Reference counting frees most values at once; this
// finds unreachable cycles among containers (lst, obj, closures, cells):
// copy each container's refcount, subtract references held by other
// containers, and whatever keeps a positive count is referenced from outside
// (C++ Values: globals, frames, temporaries) and marks what it reaches.
// The rest is garbage: held, cleared, released.
#pragma once

#include <cstddef>
#include <typeinfo>

#include "ilusm/value.hpp"

namespace ilusm {

struct GcState {
  Object* head = nullptr;
  size_t count = 0;
  size_t since_collect = 0;
  size_t threshold = 20000;
  bool collecting = false;
};
extern thread_local GcState gc_state;

void gc_track(Object* o);      // link a new container
void gc_untrack(Object* o);    // unlink (on destruction)
size_t gc_collect();           // returns the number of objects freed
size_t gc_tracked_count();

// Recycled obj storage (obj_pool.cpp): take a pooled obj (nullptr if none),
// give one whose last reference was dropped (false: the pool is full, delete it).
Obj* obj_pool_take();
bool obj_pool_give(Obj* o);
size_t obj_pool_size();
// Dropped objs whose resource asked to be kept (Resource::keep_with): the
// first one if its resource is a `kind`, else nullptr. Not tracked yet.
Obj* obj_pool_take_kept(const std::type_info& kind);
size_t obj_pool_kept_size();
// Allocation since the last collection passed the threshold (checked at calls and loops).
inline bool gc_should_collect() { return gc_state.since_collect > gc_state.threshold; }

}  // namespace ilusm
