// The ilusm parser: tokens to a Chunk's syntax tree (names still unresolved).
#pragma once

#include <memory>
#include <string>

#include "ast.hpp"

namespace ilusm {

// Parses `chunk->source`; sets chunk->main. Throws ilusm::Error with location.
void parse_chunk(Chunk& chunk);

}  // namespace ilusm
