// The modules that scripts load with `use asm` and `use ras`.
#pragma once

#include <string>
#include <vector>

#include "ilusm/interp.hpp"

namespace ilusm {

// Registers every binding module with the interpreter.
void open_bindings(Interp& in);

// The lines asmds gives for an asm program or a sealed handle (the REPL's
// `:dis EXPR`); raises ilusm::Error like asmds for anything else.
std::vector<std::string> asm_disassembly(const Value& program_or_handle);

}  // namespace ilusm
