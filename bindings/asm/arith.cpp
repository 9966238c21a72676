// Beyond the reference, the integer instructions a newcomer reaches for after
// add and sub: inc/dec/neg/not, the widening mul and the divisions (with cqo),
// cmovcc, and the zero/sign extensions. Same conventions as the reference:
// asm + two letters, the program first, registers by their 64-bit names.
#include <fmt/format.h>

#include <array>
#include <span>

#include "functions.hpp"

namespace ilusm::asmmod {
namespace {

using x86::Assembler;
using x86::Gp;
using R = void (Assembler::*)(Gp);

// op r/m64 (one operand).
template <R Op>
Value unary(Call& c) {
  return emit(c, [&](Assembler& a) { (a.*Op)(c.a[1].reg); });
}

// The width w of the source of movzx/movsx, in bits, checked against the
// widths the instruction has; returns s narrowed to it.
Gp narrowed(Call& c, std::span<const int64_t> widths) {
  int64_t w = c.a[3].i;
  for (int64_t ok : widths)
    if (w == ok) return w == 8 ? c.a[2].reg.r8() : w == 16 ? c.a[2].reg.r16() : c.a[2].reg.r32();
  std::string list;
  for (int64_t ok : widths) list += fmt::format("{}{}", list.empty() ? "" : ", ", ok);
  fail(c.fn, "w", fmt::format("expected the width of s in bits ({}), got {}", list, w));
}

constexpr std::array<int64_t, 2> kZxWidths = {8, 16};
constexpr std::array<int64_t, 3> kSxWidths = {8, 16, 32};

const Param P{"p", Kind::prog};
const Param D{"d", Kind::reg};
const Param S{"s", Kind::reg};
const Param R1{"r", Kind::reg};
const Param W{"w", Kind::int64};

}  // namespace

std::vector<Function> arith_functions() {
  return {
      {"asmin", {P, R1}, unary<&Assembler::inc>},
      {"asmde", {P, R1}, unary<&Assembler::dec>},
      {"asmng", {P, R1}, unary<&Assembler::neg>},
      {"asmnt", {P, R1}, unary<&Assembler::not_>},
      {"asmmu", {P, S}, unary<&Assembler::mul>},
      {"asmdv", {P, S}, unary<&Assembler::div>},
      {"asmiv", {P, S}, unary<&Assembler::idiv>},
      {"asmcq", {P}, [](Call& c) { return emit(c, [](Assembler& a) { a.cqo(); }); }},
      {"asmcv",
       {P, {"cc", Kind::cond}, D, S},
       [](Call& c) { return emit(c, [&](Assembler& a) { a.cmovcc(c.a[1].cond, c.a[2].reg, c.a[3].reg); }); }},
      {"asmmz",
       {P, D, S, W},
       [](Call& c) {
         Gp s = narrowed(c, kZxWidths);
         return emit(c, [&](Assembler& a) { a.movzx(c.a[1].reg, s); });
       }},
      {"asmms",
       {P, D, S, W},
       [](Call& c) {
         Gp s = narrowed(c, kSxWidths);
         return emit(c, [&](Assembler& a) {
           if (s.size == 4) a.movsxd(c.a[1].reg, s);
           else a.movsx(c.a[1].reg, s);
         });
       }},
  };
}

}  // namespace ilusm::asmmod
