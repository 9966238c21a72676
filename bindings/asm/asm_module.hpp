// `use asm`: registers the asm module (flat names and the `asm` namespace
// object) in an interpreter. Called by ilusm::open_bindings.
#pragma once

#include <ilusm/ilusm.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace ilusm {

void open_asm(Interp& in);

// How often this thread sealed and called through the direct paths (taken
// only while the natives are the runtime's own): for tests.
struct AsmDirectCounts {
  uint64_t seals = 0, calls = 0;
};
AsmDirectCounts asm_direct_counts();

}  // namespace ilusm
