// Registers the binding modules (asm, ras). Filled in by those modules.
#include "ilusm/bindings.hpp"

#include "ras/ras_module.hpp"

namespace ilusm {

void open_bindings(Interp& in) {
  open_ras(in);
}

}  // namespace ilusm
