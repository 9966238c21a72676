// Checks a Program against the instruction table and the semantic rules, and
// records in each Instruction the form it matched.
#pragma once

#include <functional>
#include <string_view>

#include "ras/diagnostic.hpp"
#include "ras/ir.hpp"

namespace ras {

struct CheckOptions {
  // Decides whether `finish !NAME` names a known host function. If empty, any
  // name other than "forward" is accepted (the host is not known yet).
  std::function<bool(std::string_view)> is_host_function;
};

// Returns all errors (empty on success). Sets Instruction::form on every
// instruction whose operands match a form.
Diagnostics check(Program& program, const CheckOptions& options = {});

}  // namespace ras
