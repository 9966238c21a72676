// The one exception type of the encoder: what was wrong with an instruction
// (operand combination, range, register mix) or with the code at finalisation.
#pragma once

#include <stdexcept>
#include <string>

namespace x86 {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace x86
