// The spelling rules of the instruction table (opcodes.cpp): how a mnemonic
// splits into family, form letter and type suffix. They run once, to build
// the lookup tables of spellings.cpp that the parser and loader use.
#pragma once

#include <string>
#include <string_view>

#include "ras/opcodes.hpp"

namespace ras::detail {

Spelling decode_by_rules(std::string_view mnemonic);
std::string spell_by_rules(const Spelling& s);

}  // namespace ras::detail
