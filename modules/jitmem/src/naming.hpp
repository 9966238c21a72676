// Names for sealed code, so profilers and debuggers can show them:
// perf's /tmp/perf-PID.map and the GDB JIT interface. Best-effort: a failure
// to name code never fails the seal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace jitmem::detail {

// Append "ADDR SIZE NAME" to /tmp/perf-PID.map (perf has no removal: a later
// line for the same address wins).
void perf_map_add(uintptr_t address, size_t size, std::string_view name);

// Register an in-memory ELF object naming [address, address+size) with gdb;
// returns a token for gdb_unregister (nullptr on failure).
void* gdb_register(uintptr_t address, size_t size, std::string_view name);
void gdb_unregister(void* token);

}  // namespace jitmem::detail
