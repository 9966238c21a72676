// Register and condition names, both ways, for script bindings and text formats.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "x86/operands.hpp"

namespace x86 {

// "rax", "r8d", "sil", "ah", ... (lower case) -> the register, or nullopt.
std::optional<Gp> gp_from_name(std::string_view name);
// "xmm0".."xmm31" (ymm, zmm alike), "k0".."k7" -> the register, or nullopt.
std::optional<Xmm> xmm_from_name(std::string_view name);
std::optional<Ymm> ymm_from_name(std::string_view name);
std::optional<Zmm> zmm_from_name(std::string_view name);
std::optional<KReg> k_from_name(std::string_view name);
// "e", "ne", "z", "nz", "l", "ge", "b", "ae", ... -> the condition, or nullopt.
std::optional<Cond> cond_from_name(std::string_view name);

// The canonical (Intel) names.
std::string_view name(Gp reg);
std::string_view name(Xmm reg);
std::string_view name(Ymm reg);
std::string_view name(Zmm reg);
std::string_view name(KReg reg);
std::string_view name(Cond cond);  // "o", "no", "b", "ae", "e", ...

// Intel syntax for a memory operand, e.g. "qword ptr [rax + 8*rcx - 16]"
// (sizes byte .. zmmword).
std::string to_string(const Mem& mem);

}  // namespace x86
