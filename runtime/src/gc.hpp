// The cycle collector. Reference counting frees most values at once; this
// finds unreachable cycles among containers (lst, obj, closures, cells):
// copy each container's refcount, subtract references held by other
// containers, and whatever keeps a positive count is referenced from outside
// (C++ Values: globals, frames, temporaries) and marks what it reaches.
// The rest is garbage: held, cleared, released.
#pragma once

#include <cstddef>

#include "ilusm/value.hpp"

namespace ilusm {

void gc_track(Object* o);      // link a new container
void gc_untrack(Object* o);    // unlink (on destruction)
size_t gc_collect();           // returns the number of objects freed
size_t gc_tracked_count();
bool gc_should_collect();      // allocation since the last collection passed the threshold

}  // namespace ilusm
