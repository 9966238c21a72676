// Registers the standard modules (trl, txt). Placeholder until they land.
#include "stdlib.hpp"

namespace ilusm {

void open_stdlib(Interp&) {}

}  // namespace ilusm
