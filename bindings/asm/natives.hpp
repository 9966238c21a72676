// Sealing and calling through the host's four native capabilities, looked up
// as globals at each use so that a host (or a script) can remove, replace or
// withhold them through __ilusm_caps.
#pragma once

#include <ilusm/ilusm.hpp>
#include <ilusm/natives.hpp>
#include <jitmem/call.hpp>

#include "asm_module.hpp"

#include <array>
#include <span>
#include <string_view>

namespace ilusm::asmmod {

// The four natives in the order asmse uses them (and asmca checks them).
enum Native { kMmapRw, kJitPut, kMprotectRx, kCall };  // the first four of ilusm::kNativeNames

// The global slots of the natives and of __ilusm_caps in one interpreter:
// resolved once when `use asm` is registered, read at every use (O(1)), so a
// removed or replaced native is seen at once.
struct NativeSlots {
  explicit NativeSlots(Interp& in);
  int natives[4];
  int caps;
  // The runtime's own native Bifs once seen in the globals (held, so their
  // addresses cannot be reused by other functions): the test for the direct
  // paths is then one pointer comparison per native.
  mutable Value runtime[4];
};

// Raises "missing capability: NAME" for the first of the four natives that is
// absent, not a function, or withheld by __ilusm_caps (unset: all allowed);
// returns them in the order above.
std::array<Value, 4> check_caps(Interp& in, const NativeSlots& slots);

// One native as a callable value (checked against __ilusm_caps too).
const Value& native(Interp& in, const NativeSlots& slots, Native which);

// mmap_rw(size) -> region, jit_put(region, 0, bin), mprotect_rx(region[, name])
// -> handle, for the bytes `code`. `fn` names the asm function for messages.
// While all four globals are the runtime's own natives, the three steps run in
// one (ilusm::jit_seal_code: same handle, same errors, no region obj, no bin);
// replaced natives get the bytes as a new bin.
Value seal(Interp& in, const NativeSlots& slots, std::span<const uint8_t> code, const Value& name, const char* fn);

// The common case in one test: no host narrowing, __ilusm_caps unset and
// each global `which` the runtime's own native Bif, already seen (then every
// check of check_caps passes). Anything else takes the full checks.
template <size_t N>
bool unrestricted_own(Interp& in, const NativeSlots& slots, const Native (&which)[N]) {
  const Value& caps = in.global(slots.caps);
  if ((!caps.is_nil() && !caps.is_undef()) || in.caps_narrowed()) return false;
  for (Native k : which) {
    const Value& fn = in.global(slots.natives[k]);
    if (!fn.is_bif() || fn.obj() != slots.runtime[k].obj()) return false;
  }
  return true;
}
inline constexpr Native kAllFour[] = {kMmapRw, kJitPut, kMprotectRx, kCall};
inline constexpr Native kCallOnly[] = {kCall};

// initial-exec: a plain %fs-relative access on the call path (no __tls_get_addr).
[[gnu::tls_model("initial-exec")]] extern constinit thread_local AsmDirectCounts t_direct;  // asm_direct_counts()

// __native_call(handle, ints[0..5]); errors are prefixed with fn. While the
// global is still the runtime's own native, the call goes to jitmem directly
// (ilusm::jit_call: the native's checks and errors without the generic call).
using CallInts = int64_t[jitmem::max_int_args];
// Raises the module's own message ("FN: argument r: the handle was freed", as
// asmds and asmfr say) if handle is not a live sealed handle; returns if it is.
void explain_call_error(const char* fn, const Value& handle);
inline Value call_direct(const char* fn, const Value& handle, const CallInts& ints, JitRegion* region) {
  int64_t rax;
  try {
    rax = jit_call(region, handle, ints, fn);
  } catch (const Error&) {
    // jit_call words a bad handle as __native_call does; a fault (the handle
    // was fine) keeps jit_call's message.
    explain_call_error(fn, handle);
    throw;
  }
  ++t_direct.calls;
  return Value(rax);
}
// Everything but the common case: __ilusm_caps set, a native not seen yet or replaced.
Value call_checked(Interp& in, const NativeSlots& slots, const char* fn, const Value& handle, const CallInts& ints);
// region: jit_region_of(handle), looked up once by the caller.
inline Value call_native(Interp& in, const NativeSlots& slots, const char* fn, const Value& handle,
                         const CallInts& ints, JitRegion* region) {
  if (unrestricted_own(in, slots, kCallOnly)) [[likely]]
    return call_direct(fn, handle, ints, region);
  return call_checked(in, slots, fn, handle, ints);
}

// A call with all argument registers (a handle with a signature): like
// call_native, through jit_call's CallArgs form; the result is xmm0 when
// returns_double. A replaced __native_call takes integers only: a call with
// doubles (in or out) through it is refused.
Value call_native(Interp& in, const NativeSlots& slots, const char* fn, const Value& handle,
                  const jitmem::CallArgs& args, bool uses_doubles, bool returns_double);

}  // namespace ilusm::asmmod
