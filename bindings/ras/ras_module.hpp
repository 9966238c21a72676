// `use ras`: the portable runtime assembler from ilusm scripts.
#pragma once

#include "ilusm/interp.hpp"

namespace ilusm {

// Registers the `ras` module (rasas, rasip, rasca, rascf, rasbc, rastx, rasfr).
void open_ras(Interp& in);

}  // namespace ilusm
