// Internal to the back ends: where arguments go by a register-then-stack
// ABI, and which values need a stack slot. A parameter
// stays in its argument register unless something before its last getarg
// (anything at all, when a backward branch comes first) may overwrite that
// register; a pusharg value stays in its register unless something before
// its finish may overwrite it. Register sets are the back end's own bits.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "ras/opcodes.hpp"
#include "ras/resolve.hpp"

namespace ras {

// Where one parameter or argument goes: a register (the back end's number
// for it) or the n-th 8-byte slot of the stack-argument area.
struct Place {
  bool fp = false;
  int reg = -1;    // -1: on the stack
  int stack = -1;  // index in the stack-argument area
};

// Integers to int_regs in order, doubles to double registers 0..fp_regs-1,
// the rest to stack slots in order; into `out` (cleared first, so a caller
// can reuse it).
inline void classify(std::span<const ValueKind> params, std::span<const int> int_regs, int fp_regs,
                     std::vector<Place>& out, int* stack_slots) {
  out.clear();
  size_t ints = 0;
  int doubles = 0, stack = 0;
  for (ValueKind kind : params) {
    Place place;
    place.fp = kind == ValueKind::floating;
    if (place.fp && doubles < fp_regs) place.reg = doubles++;
    else if (!place.fp && ints < int_regs.size()) place.reg = int_regs[ints++];
    else place.stack = stack++;
    out.push_back(place);
  }
  if (stack_slots) *stack_slots = stack;
}

// Steps that overwrite no register at all (their code, if any, is the
// frame's or a jump); the back ends' clobber sets start from this.
constexpr bool writes_no_register(Op op) {
  switch (op) {
    case Op::prolog:
    case Op::leaf:
    case Op::arg:
    case Op::get_label:
    case Op::patch:
    case Op::prepare:
    case Op::pusharg:
    case Op::jmp:
    case Op::ret: return true;
    default: return false;
  }
}

struct SpillPlan {
  unsigned used_v = 0;             // bit v: %v<v> is read or written (its callee-saved register is saved)
  std::vector<int> param_home;     // per parameter: frame offset (8 * slot), or -1
  std::vector<int> push_home;      // per step: frame offset of an early-captured pusharg, or -1
  std::vector<int32_t> last_read;  // per parameter: index of its last getarg, or -1 (planning scratch)
  int slots = 0;                   // 8-byte slots used from offset 0
};

// clobbers(step) and the bits are uint64_t register sets; param_bit(p) is 0
// for a parameter passed on the stack; push_bit(step) is the bit of a
// register pusharg's source.
template <class Clobbers, class ParamBit, class PushBit>
void plan_spills(const ResolvedFunction& function, Clobbers clobbers, ParamBit param_bit, PushBit push_bit,
                 SpillPlan& plan) {
  const auto& steps = function.steps;
  plan.used_v = 0;
  plan.slots = 0;
  size_t first_backward_target = steps.size();
  plan.last_read.assign(function.params.size(), -1);
  for (size_t i = 0; i < steps.size(); ++i) {
    const Step& step = steps[i];
    for (int k = 0; k < 3; ++k) {
      int reg = step.reg[k];
      if (reg >= kNumRegR && reg < kIntRet && !operand_is_double(step.op, step.dbl, size_t(k)))
        plan.used_v |= 1u << (reg - kNumRegR);
    }
    if (step.target >= 0 && size_t(step.target) < i)
      first_backward_target = std::min(first_backward_target, size_t(step.target));
    if (step.op == Op::getarg) plan.last_read[size_t(step.slot)] = int32_t(i);
  }
  plan.param_home.assign(function.params.size(), -1);
  for (size_t p = 0; p < function.params.size(); ++p) {
    uint64_t bit = param_bit(p);
    if (!bit || plan.last_read[p] < 0) continue;
    size_t last = size_t(plan.last_read[p]);
    size_t end = first_backward_target < last ? steps.size() : last;
    uint64_t written = 0;
    for (size_t i = 0; i < end; ++i) written |= clobbers(steps[i]);
    if (written & bit) plan.param_home[p] = 8 * plan.slots++;
  }
  plan.push_home.assign(steps.size(), -1);
  for (size_t i = 0; i < steps.size(); ++i) {
    const Step& push = steps[i];
    if (push.op != Op::pusharg || push.reg[0] < 0) continue;
    uint64_t source = push_bit(push);
    for (int32_t j = int32_t(i) + 1; j < push.finish; ++j)
      if (clobbers(steps[size_t(j)]) & source) {
        plan.push_home[i] = 8 * plan.slots++;
        break;
      }
  }
}

}  // namespace ras
