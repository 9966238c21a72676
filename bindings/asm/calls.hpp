// Calls beyond six integers: bins passed as the address of their bytes
// (pinned for the call), and handles with a signature declared by asmsg
// (doubles in xmm0-7, a double result from xmm0).
#pragma once

#include <ilusm/ilusm.hpp>
#include <jitmem/call.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "args.hpp"
#include "natives.hpp"

namespace ilusm::asmmod {

// A call signature: one kind per parameter, in order, and the result.
// Integers and bins take rdi, rsi, rdx, rcx, r8, r9 in their order, doubles
// xmm0..xmm7 in theirs (SysV), so at most 6 of i/b and 8 of d.
struct Signature {
  static constexpr size_t kMax = jitmem::max_int_args + jitmem::max_double_args;
  uint8_t count = 0;
  bool returns_double = false;
  char kinds[kMax] = {};  // 'i', 'd' or 'b' per parameter
  std::string_view params() const { return {kinds, count}; }
};

// Packed into JitMemory::signature (0 = none declared): bit 63 set, bits 0-3
// the count, bit 4 a double result, two bits per parameter from bit 8.
uint64_t pack(std::string_view params, bool returns_double);
Signature unpack(uint64_t packed);

// The signature a handle declared, or 0 (also for anything that is not a handle).
inline uint64_t declared_signature(const Value& h) {
  JitRegion* r = jit_region_of(h);
  return r ? r->mem->signature : 0;
}

// "(b, b, i) -> d" for messages and docs.
std::string describe_signature(const Signature& s);

// asmca2/3/4 on their raw arguments when the fast all-integer path does not
// apply: a bin among the arguments (no signature), or a handle with a
// signature (`packed`, checked argument by argument). `params` names the
// arguments in messages (args[0] is the handle).
Value call_untyped(Interp& in, const NativeSlots& slots, const char* fn, const std::vector<Param>& params, Args args);
Value call_typed(Interp& in, const NativeSlots& slots, const char* fn, const std::vector<Param>& params, Args args,
                 uint64_t packed);

// Emitting into a program whose bytes p.b a running call was given would move
// them: refused ("FN: ... in use by a running call") before anything is encoded.
void check_not_pinned(const char* fn, const Value& program);

}  // namespace ilusm::asmmod
