// The modules that scripts load with `use asm` and `use ras`.
#pragma once

#include "ilusm/interp.hpp"

namespace ilusm {

// Registers every binding module with the interpreter.
void open_bindings(Interp& in);

}  // namespace ilusm
