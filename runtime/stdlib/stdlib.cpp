// Registers the standard modules that are written in C++ (use trl, use txt).
#include "stdlib.hpp"

#include "modules.hpp"

namespace ilusm {

void open_stdlib(Interp& in) {
  in.register_module(stdlib::trl_module());
  in.register_module(stdlib::txt_module());
}

}  // namespace ilusm
