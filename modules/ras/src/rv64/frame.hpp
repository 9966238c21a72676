// Internal to the RISC-V 64 back end: the register map, where parameters and
// arguments live by the LP64D calling convention, and the per-function frame.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

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

// Where a parameter or argument goes: a register (x id, or fid() of an f
// register) or the n-th 8-byte slot of the stack-argument area. A double
// goes in an integer register once fa0-fa7 are taken (LP64D).
struct Place {
  bool fp = false;
  int reg = -1;    // -1: on the stack
  int stack = -1;
};
void classify(std::span<const ValueKind> params, std::vector<Place>& out, int* stack_slots);

struct FramePlan {
  std::vector<X> saved;            // callee-saved registers stored at entry
  bool save_ra = false;
  std::vector<Place> params;
  std::vector<int> param_home;     // per parameter: sp offset of its copy, or -1
  std::vector<int> push_home;      // per step: sp offset of an early-captured pusharg, or -1
  std::vector<int32_t> last_read;  // planning scratch
  std::vector<ValueKind> kinds;    // planning scratch
  std::vector<Place> places;       // planning scratch
  int out_bytes = 0;               // outgoing stack-argument area at sp
  int frame_size = 0;              // 16-aligned

  int incoming_offset(int k) const { return frame_size + 8 * k; }
  int saved_offset(size_t k) const { return frame_size - 8 * (int(save_ra) + 1 + int(k)); }
};

void plan_frame(const ResolvedFunction& function, FramePlan& plan);

// The argument kinds of a call (its pusharg steps, in order).
void call_kinds(const ResolvedFunction& function, const Step& finish, std::vector<ValueKind>& out);

}  // namespace ras::rv64
