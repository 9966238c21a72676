// The modules that scripts load with `use asm` and `use ras`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ilusm/interp.hpp"

namespace ilusm {

// Registers every binding module with the interpreter.
void open_bindings(Interp& in);

// The lines asmds gives for an asm program or a sealed handle (the REPL's
// `:dis EXPR`); raises ilusm::Error like asmds for anything else.
std::vector<std::string> asm_disassembly(const Value& program_or_handle);

// The REPL's `:asm TEXT`: Intel-syntax text assembled (x86::assemble_text,
// names local to the text) and listed like asmds; raises "`:asm: LINE:COL: ...`".
std::vector<std::string> asm_text_listing(std::string_view text);

}  // namespace ilusm
