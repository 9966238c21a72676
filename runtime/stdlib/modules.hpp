// The stdlib modules implemented in C++ (registered by open_stdlib).
#pragma once

#include "ilusm/interp.hpp"

namespace ilusm::stdlib {

Module trl_module();  // list helpers: use trl
Module txt_module();  // string helpers: use txt

// has/idx/rev exist in both modules; one function serves lists and strings,
// so the flat names work whichever module was loaded last.
ModuleFn has_function();
ModuleFn idx_function();
ModuleFn rev_function();

}  // namespace ilusm::stdlib
