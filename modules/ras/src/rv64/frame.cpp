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
  if (writes_no_register(step.op)) return 0;
  if (step.op == Op::finish) return caller_saved();
  return destination(step) | kTemps;
}

}  // namespace

void plan_frame(const ResolvedFunction& function, FramePlan& plan) {
  plan.save_ra = function.makes_calls;
  classify(function.params, plan.params, nullptr);
  plan_spills(
      function, clobbers, [&](size_t p) { return plan.params[p].reg < 0 ? RegSet{0} : bit(plan.params[p].reg); },
      [](const Step& push) { return push.dbl ? bit(fid(kFpReg[push.reg[0]])) : bit(kIntReg[push.reg[0]]); }, plan);
  plan.saved.clear();
  for (int v = 0; v < kNumRegV; ++v)
    if (plan.used_v >> v & 1) plan.saved.push_back(kIntReg[kNumRegR + v]);
  int out_slots = 0;
  for (const Step& step : function.steps)
    if (step.op == Op::finish) {
      call_kinds(function, step, plan.kinds);
      int slots = 0;
      classify(plan.kinds, plan.places, &slots);
      out_slots = std::max(out_slots, slots);
    }
  plan.out_bytes = 8 * out_slots;
  int bytes = plan.out_bytes + 8 * plan.slots + 8 * int(plan.saved.size()) + 8 * int(plan.save_ra);
  plan.frame_size = (bytes + 15) & ~15;
}

}  // namespace ras::rv64
