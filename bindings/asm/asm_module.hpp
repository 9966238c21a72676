// `use asm`: registers the asm module (flat names and the `asm` namespace
// object) in an interpreter. Called by ilusm::open_bindings.
#pragma once

#include <ilusm/ilusm.hpp>

namespace ilusm {

void open_asm(Interp& in);

}  // namespace ilusm
