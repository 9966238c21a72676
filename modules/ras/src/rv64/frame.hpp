// Internal to the RISC-V 64 back end: the register map, where parameters and
// arguments live by the LP64D calling convention, and the per-function frame.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "../spill_plan.hpp"
#include "isa.hpp"
#include "ras/resolve.hpp"

namespace ras::rv64 {

// %r0-3, %v0-4, %ret (unified numbering of resolve.hpp). %r are temporaries
// that are no argument registers, so argument setup moves rarely collide.
inline constexpr X kIntReg[kIntRegs] = {t3, t4, t5, t6, s1, s2, s3, s4, s5, a0};
// %f0-7, %ret.
inline constexpr F kFpReg[kFpRegs] = {ft0, ft1, ft2, ft3, ft4, ft5, ft6, ft7, fa0};
// The back end's temporaries (never ras registers): t0 and t1 hold
// immediates and check values, t2 far-jump targets and large frame
// addresses (assembler.hpp), ft8/ft9 double immediates.
inline constexpr X kTemp = t0, kTemp2 = t1, kAddrTemp = t2;
inline constexpr F kFTemp = ft8, kFTemp2 = ft9;
inline constexpr int kArgRegs = 8;  // a0-a7, and fa0-fa7

// Registers as one 64-bit set: x0-31 are bits 0-31, f0-31 bits 32-63.
using RegSet = uint64_t;
constexpr int fid(unsigned f) { return 32 + int(f); }
constexpr RegSet bit(int id) { return RegSet{1} << id; }

// LP64D placement (ras::Place, reg = a register id above): integers in
// a0-a7, doubles in fa0-fa7, and a double that finds no f register goes in
// the next free a register (its bits) before the stack, which is what sets
// this apart from the shared ras::classify.
void classify(std::span<const ValueKind> params, std::vector<Place>& out, int* stack_slots);

// The shared spill plan (which parameters and pusharg values need a slot)
// plus this back end's frame (sp-relative):
//   [sp, out_bytes)          outgoing stack arguments (the largest call)
//   [out_bytes, +8*slots)    spill slots
//   then the saved s registers, then ra at the top (when the function calls).
struct FramePlan : SpillPlan {
  std::vector<X> saved;  // callee-saved registers stored at entry
  bool save_ra = false;
  std::vector<Place> params;
  std::vector<ValueKind> kinds;  // planning scratch
  std::vector<Place> places;     // planning scratch
  int out_bytes = 0;
  int frame_size = 0;  // 16-aligned

  int incoming_offset(int k) const { return frame_size + 8 * k; }
  int saved_offset(size_t k) const { return frame_size - 8 * (int(save_ra) + 1 + int(k)); }
  // sp offset of a spill slot offset from SpillPlan (param_home, push_home), or -1.
  int home(int spill_offset) const { return spill_offset < 0 ? -1 : out_bytes + spill_offset; }
};

void plan_frame(const ResolvedFunction& function, FramePlan& plan);

// The argument kinds of a call (its pusharg steps, in order).
void call_kinds(const ResolvedFunction& function, const Step& finish, std::vector<ValueKind>& out);

}  // namespace ras::rv64
