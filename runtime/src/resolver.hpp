// Name resolution: turns every Name node into a frame slot, a captured cell,
// a closure upvalue or a global slot, before the chunk runs.
//
// Scoping: top-level names are globals. Inside a function, assigning a name
// updates the nearest enclosing binding (an enclosing function's local or a
// global) if one exists; otherwise it creates a local of that function.
// Parameters and loop variables are always local. Blocks do not make scopes.
#pragma once

#include <functional>
#include <string>

#include "ast.hpp"

namespace ilusm {

struct GlobalTable {
  std::function<bool(const std::string&)> exists;  // already bound in the interpreter
  std::function<int(const std::string&)> slot;     // slot for a name (created if needed)
};

// Throws ilusm::Error for a rebound def or similar static errors.
void resolve_chunk(Chunk& chunk, const GlobalTable& globals);

}  // namespace ilusm
