// Frame planning for the x86-64 back end (see x86_frame.hpp).
#include "x86_frame.hpp"

#include <array>

namespace ras::x86_backend {

void classify(std::span<const ValueKind> params, std::vector<Place>& out, int* stack_slots) {
  static constexpr auto kIds = [] {
    std::array<int, std::size(kArgGp)> ids{};
    for (size_t i = 0; i < ids.size(); ++i) ids[i] = kArgGp[i].id;
    return ids;
  }();
  ras::classify(params, kIds, kArgXmmCount, out, stack_slots);
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
  if (writes_no_register(step.op)) return 0;
  switch (step.op) {
    case Op::finish: return kCallerSavedGp | kAllXmm;
    case Op::getarg:
    case Op::retval: return destination(step);
    default: return destination(step) | gp_bit(kTemp) | gp_bit(kTemp2) | xmm_bit(kTempXmm);
  }
}

RegSet place_bit(const Place& place) {
  return place.fp ? xmm_bit(x86::Xmm{static_cast<uint8_t>(place.reg)})
                  : gp_bit(x86::Gp{static_cast<uint8_t>(place.reg), 8});
}

}  // namespace

void plan_frame(const ResolvedFunction& function, FramePlan& plan) {
  plan.saved.clear();
  plan.frame_size = 0;
  classify(function.params, plan.params, &plan.incoming_stack_slots);
  plan_spills(
      function, clobbers,
      [&](size_t p) { return plan.params[p].reg < 0 ? uint64_t{0} : uint64_t{place_bit(plan.params[p])}; },
      [](const Step& push) { return uint64_t{push.dbl ? xmm_bit(kFpReg[push.reg[0]]) : gp_bit(kIntReg[push.reg[0]])}; },
      plan);
  plan.saved.reserve(kNumRegV);
  for (int v = 0; v < kNumRegV; ++v)
    if (plan.used_v >> v & 1) plan.saved.push_back(kIntReg[kNumRegR + v]);
  plan.frame_size = 8 * plan.slots;
  if (function.makes_calls && (8 + 8 * plan.saved.size() + plan.frame_size) % 16 != 0) plan.frame_size += 8;
}

}  // namespace ras::x86_backend
