// Registers the binding modules (asm, ras). Filled in by those modules.
#include "ilusm/bindings.hpp"

namespace ilusm {

void open_bindings(Interp&) {}

}  // namespace ilusm
