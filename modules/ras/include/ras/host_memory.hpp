// Memory handed out by the standard `alloc` host function. The registry lets
// the reference interpreter check that every load and store stays inside a
// block the program was given (see docs/ras-run.md, "trust model").
#pragma once

#include <cstddef>
#include <cstdint>

namespace ras {

// Zeroed block of `size` bytes (1 .. 1 GiB); 0 when the size is out of range.
uintptr_t host_alloc(int64_t size);
// Release a block from host_alloc; other addresses are ignored.
void host_free(uintptr_t address);
// Whether [address, address + size) lies inside one live host_alloc block.
bool host_memory_contains(uintptr_t address, size_t size);

}  // namespace ras
