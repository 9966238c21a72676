// `use asm`: registers the asm module (flat names and the `asm` namespace
// object) in an interpreter. Called by ilusm::open_bindings.
#pragma once

#include <ilusm/ilusm.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace ilusm {

void open_asm(Interp& in);

// The REPL's `:dis EXPR`: the lines asmds gives for a program or a sealed
// handle; raises ilusm::Error like asmds for anything else.
std::vector<std::string> asm_disassembly(const Value& program_or_handle);

// How often this thread sealed and called through the direct paths (taken
// only while the natives are the runtime's own): for tests.
struct AsmDirectCounts {
  uint64_t seals = 0, calls = 0;
};
AsmDirectCounts asm_direct_counts();

}  // namespace ilusm
