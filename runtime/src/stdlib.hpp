// Internal: the stdlib modules register themselves here (runtime/stdlib/).
#pragma once

#include "ilusm/interp.hpp"

namespace ilusm {

// Registers `use trl`, `use txt`, ... with Interp::register_module.
void open_stdlib(Interp& in);

}  // namespace ilusm
