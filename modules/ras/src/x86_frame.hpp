// Internal to the x86-64 back end: the register mapping, where parameters
// and arguments live by the SysV ABI, and the per-function frame plan.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "ras/resolve.hpp"
#include "spill_plan.hpp"
#include "x86/operands.hpp"

namespace ras::x86_backend {

// %r0-3, %v0-4, %ret (unified numbering of resolve.hpp).
inline constexpr x86::Gp kIntReg[kIntRegs] = {x86::r10, x86::r11, x86::r8,  x86::r9,  x86::rbx,
                                              x86::r12, x86::r13, x86::r14, x86::r15, x86::rax};
// %f0-7, %ret.
inline constexpr x86::Xmm kFpReg[kFpRegs] = {x86::xmm8,  x86::xmm9,  x86::xmm10, x86::xmm11, x86::xmm12,
                                             x86::xmm13, x86::xmm14, x86::xmm15, x86::xmm0};
inline constexpr x86::Gp kArgGp[6] = {x86::rdi, x86::rsi, x86::rdx, x86::rcx, x86::r8, x86::r9};
inline constexpr int kArgXmmCount = 8;
// The back end's temporaries: never user registers.
inline constexpr x86::Gp kTemp = x86::rcx;
inline constexpr x86::Gp kTemp2 = x86::rdx;
inline constexpr x86::Xmm kTempXmm = x86::xmm7;

// SysV classification of a parameter list (integers and doubles counted
// apart; Place::reg a gp id or an xmm id) into `out`.
void classify(std::span<const ValueKind> params, std::vector<Place>& out, int* stack_slots);

// Physical registers as one bit set: gp ids 0-15, xmm ids 16-31.
using RegSet = uint32_t;
constexpr RegSet gp_bit(const x86::Gp& r) { return RegSet{1} << r.id; }
constexpr RegSet xmm_bit(const x86::Xmm& r) { return RegSet{1} << (16 + r.id); }

// Frame plan: which callee-saved registers to push, which parameters to
// copy to the stack at entry (their registers are overwritten before the
// last getarg), which pusharg values to capture early (their register is
// written before the finish), and the resulting frame size.
struct FramePlan : SpillPlan {
  std::vector<x86::Gp> saved;  // pushed in this order at entry
  std::vector<Place> params;
  int incoming_stack_slots = 0;
  int frame_size = 0;  // bytes below the pushes (keeps rsp 16-aligned at calls)

  // rsp-relative offset of incoming stack argument `k`.
  int incoming_offset(int k) const { return frame_size + 8 * static_cast<int>(saved.size()) + 8 + 8 * k; }
};

// Fills `plan` (reusing its storage).
void plan_frame(const ResolvedFunction& function, FramePlan& plan);

}  // namespace ras::x86_backend
