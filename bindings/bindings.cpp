// Registers the binding modules: `use asm` and `use ras`.
#include "ilusm/bindings.hpp"

#include "asm/asm_module.hpp"
#include "ras/ras_module.hpp"

namespace ilusm {

void open_bindings(Interp& in) {
  open_asm(in);
  open_ras(in);
}

}  // namespace ilusm
