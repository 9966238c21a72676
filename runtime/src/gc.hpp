// The cycle collector. Reference counting frees most values at once; this
// finds unreachable cycles among containers (lst, obj, closures, cells):
// copy each container's refcount, subtract references held by other
// containers, and whatever keeps a positive count is referenced from outside
// (C++ Values: globals, frames, temporaries) and marks what it reaches.
// The rest is garbage: held, cleared, released.
//
// Each interpreter has its own heap (the list of its containers): a container
// joins the heap of the interpreter running on its thread when it is made
// (HeapScope, set by every Interp entry point); one made outside any (by a
// host between calls) joins its thread's heap. A collection looks at one
// interpreter's heap together with its thread's, so cycles through host-made
// containers are still found. A container that outlives its interpreter moves
// to the thread's heap.
#pragma once

#include <cstddef>
#include <typeinfo>

#include "ilusm/value.hpp"

namespace ilusm {

// One heap. The first container's gc_prev is the heap itself, tagged (low bit
// set), so unlinking any container needs no lookup of its heap.
struct GcState {
  Object* head = nullptr;
  intptr_t countdown = 20000;  // containers still to make before the next collection
  bool collecting = false;
};
// The heap new containers join: the running interpreter's; nullptr: the thread's.
extern constinit thread_local GcState* gc_heap;
// The current heap's countdown, kept here while it is current (one TLS load
// per check at calls and loops; HeapScope moves it in and out).
extern constinit thread_local intptr_t gc_countdown;
GcState& gc_thread_heap();
inline GcState& gc_current_heap() { return gc_heap ? *gc_heap : gc_thread_heap(); }

// Makes h the heap of the containers made in this scope (the previous one after it).
// Already current (a native of the running interpreter calling back into it,
// as trl.map does per element): one compare, nothing moved.
struct HeapScope {
  GcState* saved;
  explicit HeapScope(GcState& h) : saved(gc_heap) {
    if (saved == &h) return;
    gc_current_heap().countdown = gc_countdown;
    gc_heap = &h;
    gc_countdown = h.countdown;
  }
  ~HeapScope() {
    if (gc_heap == saved) return;
    gc_heap->countdown = gc_countdown;
    gc_heap = saved;
    gc_countdown = gc_current_heap().countdown;
  }
  HeapScope(const HeapScope&) = delete;
  HeapScope& operator=(const HeapScope&) = delete;
};

// An interpreter's heap: on destruction (after everything else of the
// interpreter was released) what is left moves to the thread's heap.
struct InterpHeap {
  GcState state;
  InterpHeap() = default;
  InterpHeap(const InterpHeap&) = delete;
  InterpHeap& operator=(const InterpHeap&) = delete;
  ~InterpHeap();
};

void gc_track(Object* o);           // link a new container into the current heap
void gc_untrack(Object* o);         // unlink (on destruction)
size_t gc_collect(GcState& h);      // h with its thread's heap; returns the number of objects freed
size_t gc_collect();                // the current heap (the running interpreter's)
size_t gc_count(const GcState& h);  // containers in h (walks it)

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
inline bool gc_should_collect() { return gc_countdown < 0; }

}  // namespace ilusm
