// Program -> canonical text (one instruction a line, operands separated by
// ", ", `#function NAME` before each function). parse(print(p)) == p.
#pragma once

#include <string>

#include "ras/ir.hpp"

namespace ras {

std::string print_instruction(const Instruction& ins);
std::string print_program(const Program& program);

}  // namespace ras
