// Internal: the target description of every back end, each defined next to
// its code generator (backend_x86.cpp, a64/backend_a64.cpp). targets.cpp
// lists them; add a new one there too (docs/backends.md).
#pragma once

#include "ras/target.hpp"

namespace ras {

extern const Target kTargetX86_64;
extern const Target kTargetAArch64;

}  // namespace ras
