// Between the VEX and EVEX rows of one mnemonic (src/evex.cpp).
#pragma once

#include <span>

#include "x86/isa.hpp"

namespace x86::detail {

// The form of `family` (Vex or Evex) with this mnemonic that takes exactly
// these operand types, or nullptr. A VEX method given xmm/ymm16-31 emits its
// EVEX twin; an EVEX method whose operands VEX can express emits its VEX twin
// (the choice llvm-mc and GNU as make).
const Form* twin_form(const char* mnemonic, Family family, std::span<const Operand> ops);

}  // namespace x86::detail
