// Text format -> Program. See docs/ras.md for the format.
#pragma once

#include <string>
#include <string_view>

#include "ras/diagnostic.hpp"
#include "ras/ir.hpp"

namespace ras {

struct ParseResult {
  Program program;     // everything that parsed (lines with errors are left out)
  Diagnostics errors;  // empty on success
  bool ok() const { return errors.empty(); }
};

// Parse a whole file. Unknown mnemonics are accepted here (spelling.op ==
// Op::unknown); check(), the backends and the bytecode writer reject them.
ParseResult parse(std::string_view text, std::string file = "<input>");

// Evaluate an integer constant expression such as "(1 << 4) + 2" (64-bit,
// wrapping). Used by the parser; exposed for tests and tools.
// Returns false and sets `error` on failure.
bool eval_int_expr(std::string_view text, int64_t& out, std::string& error);

}  // namespace ras
