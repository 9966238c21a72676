// Frame planning for the x86-64 back end (see x86_frame.hpp).
#include "x86_frame.hpp"

#include <algorithm>

namespace ras::x86_backend {

void classify(std::span<const ValueKind> params, std::vector<Place>& out, int* stack_slots) {
  out.clear();
  int ints = 0, doubles = 0, stack = 0;
  for (ValueKind kind : params) {
    Place place;
    place.fp = kind == ValueKind::floating;
    if (place.fp && doubles < kArgXmmCount) place.reg = doubles++;
    else if (!place.fp && ints < 6) place.reg = kArgGp[ints++].id;
    else place.stack = stack++;
    out.push_back(place);
  }
  if (stack_slots) *stack_slots = stack;
}

namespace {

constexpr RegSet kAllXmm = 0xFFFF0000u;
constexpr RegSet kCallerSavedGp = gp_bit(x86::rax) | gp_bit(x86::rcx) | gp_bit(x86::rdx) | gp_bit(x86::rsi) |
                                  gp_bit(x86::rdi) | gp_bit(x86::r8) | gp_bit(x86::r9) | gp_bit(x86::r10) |
                                  gp_bit(x86::r11);

// The physical register written as operand 0, if any.
RegSet destination(const Step& step) {
  if (!writes_first_operand(step.op) || step.reg[0] < 0) return 0;
  return operand_is_double(step.op, step.dbl, 0) ? xmm_bit(kFpReg[step.reg[0]]) : gp_bit(kIntReg[step.reg[0]]);
}

// Registers an instruction may overwrite (conservative).
RegSet clobbers(const Step& step) {
  switch (step.op) {
    case Op::finish: return kCallerSavedGp | kAllXmm;
    case Op::prolog: case Op::leaf: case Op::arg: case Op::get_label: case Op::patch:
    case Op::prepare: case Op::pusharg: case Op::jmp: case Op::ret:
      return 0;
    case Op::getarg: case Op::retval: return destination(step);
    default: return destination(step) | gp_bit(kTemp) | gp_bit(kTemp2) | xmm_bit(kTempXmm);
  }
}

RegSet place_bit(const Place& place) {
  return place.fp ? xmm_bit(x86::Xmm{static_cast<uint8_t>(place.reg)})
                  : gp_bit(x86::Gp{static_cast<uint8_t>(place.reg), 8});
}

}  // namespace

void plan_frame(const ResolvedFunction& function, FramePlan& plan) {
  const auto& steps = function.steps;
  plan.saved.clear();
  plan.frame_size = 0;
  classify(function.params, plan.params, &plan.incoming_stack_slots);

  // One walk: the callee-saved registers the function writes or reads
  // (%v0..%v4), the first target of a backward branch, and the last getarg
  // of each parameter.
  unsigned used = 0;  // bit v: %v<v>
  size_t first_backward_target = steps.size();
  plan.last_read.assign(function.params.size(), -1);
  for (size_t i = 0; i < steps.size(); ++i) {
    const Step& step = steps[i];
    for (int k = 0; k < 3; ++k) {
      int reg = step.reg[k];
      if (reg < kNumRegR || reg >= kIntRet) continue;
      if (!operand_is_double(step.op, step.dbl, size_t(k))) used |= 1u << (reg - kNumRegR);
    }
    if (step.target >= 0 && static_cast<size_t>(step.target) < i)
      first_backward_target = std::min(first_backward_target, static_cast<size_t>(step.target));
    if (step.op == Op::getarg) plan.last_read[step.slot] = static_cast<int32_t>(i);
  }
  plan.saved.reserve(kNumRegV);
  for (int v = 0; v < kNumRegV; ++v)
    if (used >> v & 1) plan.saved.push_back(kIntReg[kNumRegR + v]);

  int slots = 0;
  // Parameters whose register is overwritten before their last getarg.
  plan.param_home.assign(function.params.size(), -1);
  for (size_t p = 0; p < function.params.size(); ++p) {
    if (plan.params[p].reg < 0 || plan.last_read[p] < 0) continue;
    size_t last_read = static_cast<size_t>(plan.last_read[p]);
    size_t end = first_backward_target < last_read ? steps.size() : last_read;
    RegSet written = 0;
    for (size_t i = 0; i < end; ++i) written |= clobbers(steps[i]);
    if (written & place_bit(plan.params[p])) plan.param_home[p] = 8 * slots++;
  }

  // pusharg values whose register changes before the finish that uses them.
  plan.push_home.assign(steps.size(), -1);
  for (size_t i = 0; i < steps.size(); ++i) {
    const Step& push = steps[i];
    if (push.op != Op::pusharg || push.reg[0] < 0) continue;
    RegSet source = push.dbl ? xmm_bit(kFpReg[push.reg[0]]) : gp_bit(kIntReg[push.reg[0]]);
    for (int32_t j = static_cast<int32_t>(i) + 1; j < push.finish; ++j)
      if (clobbers(steps[j]) & source) {
        plan.push_home[i] = 8 * slots++;
        break;
      }
  }

  plan.frame_size = 8 * slots;
  if (function.makes_calls && (8 + 8 * plan.saved.size() + plan.frame_size) % 16 != 0) plan.frame_size += 8;
}

}  // namespace ras::x86_backend
