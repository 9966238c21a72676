// Frame planning for the RISC-V 64 back end (see frame.hpp).
#include "frame.hpp"

#include <algorithm>

namespace ras::rv64 {

void classify(std::span<const ValueKind> params, std::vector<Place>& out, int* stack_slots) {
  out.clear();
  int ints = 0, doubles = 0, stack = 0;
  for (ValueKind kind : params) {
    Place place;
    place.fp = kind == ValueKind::floating;
    if (place.fp && doubles < kArgRegs) place.reg = fid(fa0 + doubles++);
    else if (ints < kArgRegs) place.reg = a0 + ints++;
    else place.stack = stack++;
    out.push_back(place);
  }
  if (stack_slots) *stack_slots = stack;
}

void call_kinds(const ResolvedFunction& function, const Step& finish, std::vector<ValueKind>& out) {
  out.clear();
  for (int32_t p : function.pushes(finish))
    out.push_back(function.steps[size_t(p)].dbl ? ValueKind::floating : ValueKind::integer);
}

namespace {

// ra, t0-t6, a0-a7, ft0-ft11, fa0-fa7: what a call may overwrite.
constexpr RegSet caller_saved() {
  RegSet set = bit(ra);
  for (int x : {t0, t1, t2, t3, t4, t5, t6}) set |= bit(x);
  for (int x = a0; x <= a7; ++x) set |= bit(x);
  for (int f = ft0; f <= ft7; ++f) set |= bit(fid(f));
  for (int f = ft8; f <= ft11; ++f) set |= bit(fid(f));
  for (int f = fa0; f <= fa7; ++f) set |= bit(fid(f));
  return set;
}

constexpr RegSet kTemps = bit(kTemp) | bit(kTemp2) | bit(kAddrTemp) | bit(fid(kFTemp)) | bit(fid(kFTemp2));

RegSet destination(const Step& step) {
  if (!writes_first_operand(step.op) || step.reg[0] < 0) return 0;
  return operand_is_double(step.op, step.dbl, 0) ? bit(fid(kFpReg[step.reg[0]])) : bit(kIntReg[step.reg[0]]);
}

// Registers an instruction may overwrite (conservative).
RegSet clobbers(const Step& step) {
  switch (step.op) {
    case Op::finish: return caller_saved();
    case Op::prolog: case Op::leaf: case Op::arg: case Op::get_label: case Op::patch:
    case Op::prepare: case Op::pusharg: case Op::jmp: case Op::ret:
      return 0;
    default: return destination(step) | kTemps;
  }
}

}  // namespace

void plan_frame(const ResolvedFunction& function, FramePlan& plan) {
  const auto& steps = function.steps;
  plan.saved.clear();
  plan.save_ra = function.makes_calls;
  int stack_slots = 0;
  classify(function.params, plan.params, &stack_slots);

  // The %v registers used, the first target of a backward branch, the last
  // getarg of each parameter and the largest outgoing stack area.
  unsigned used = 0;
  size_t first_backward_target = steps.size();
  plan.last_read.assign(function.params.size(), -1);
  int out_slots = 0;
  for (size_t i = 0; i < steps.size(); ++i) {
    const Step& step = steps[i];
    for (int k = 0; k < 3; ++k) {
      int reg = step.reg[k];
      if (reg < kNumRegR || reg >= kIntRet) continue;
      if (!operand_is_double(step.op, step.dbl, size_t(k))) used |= 1u << (reg - kNumRegR);
    }
    if (step.target >= 0 && size_t(step.target) < i) first_backward_target = std::min(first_backward_target, size_t(step.target));
    if (step.op == Op::getarg) plan.last_read[size_t(step.slot)] = int32_t(i);
    if (step.op == Op::finish) {
      call_kinds(function, step, plan.kinds);
      int slots = 0;
      classify(plan.kinds, plan.places, &slots);
      out_slots = std::max(out_slots, slots);
    }
  }
  for (int v = 0; v < kNumRegV; ++v)
    if (used >> v & 1) plan.saved.push_back(kIntReg[kNumRegR + v]);
  plan.out_bytes = 8 * out_slots;

  // Parameters whose register is overwritten before their last getarg.
  int slots = 0;
  plan.param_home.assign(function.params.size(), -1);
  for (size_t p = 0; p < function.params.size(); ++p) {
    if (plan.params[p].reg < 0 || plan.last_read[p] < 0) continue;
    size_t last = size_t(plan.last_read[p]);
    size_t end = first_backward_target < last ? steps.size() : last;
    RegSet written = 0;
    for (size_t i = 0; i < end; ++i) written |= clobbers(steps[i]);
    if (written & bit(plan.params[p].reg)) plan.param_home[p] = plan.out_bytes + 8 * slots++;
  }

  // pusharg values whose register changes before the finish that uses them.
  plan.push_home.assign(steps.size(), -1);
  for (size_t i = 0; i < steps.size(); ++i) {
    const Step& push = steps[i];
    if (push.op != Op::pusharg || push.reg[0] < 0) continue;
    RegSet source = push.dbl ? bit(fid(kFpReg[push.reg[0]])) : bit(kIntReg[push.reg[0]]);
    for (int32_t j = int32_t(i) + 1; j < push.finish; ++j)
      if (clobbers(steps[size_t(j)]) & source) {
        plan.push_home[i] = plan.out_bytes + 8 * slots++;
        break;
      }
  }

  int bytes = plan.out_bytes + 8 * slots + 8 * int(plan.saved.size()) + 8 * int(plan.save_ra);
  plan.frame_size = (bytes + 15) & ~15;
}

}  // namespace ras::rv64
