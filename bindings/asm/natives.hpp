// Sealing and calling through the host's four native capabilities, looked up
// as globals at each use so that a host (or a script) can remove, replace or
// withhold them through __ilusm_caps.
#pragma once

#include <ilusm/ilusm.hpp>

#include <array>
#include <span>
#include <string_view>

namespace ilusm::asmmod {

inline constexpr const char* kMmapRw = "__native_mmap_rw";
inline constexpr const char* kJitPut = "__native_jit_put";
inline constexpr const char* kMprotectRx = "__native_mprotect_rx";
inline constexpr const char* kCall = "__native_call";

// Raises "missing capability: NAME" for the first of the four natives that is
// absent, not a function, or withheld by __ilusm_caps (unset: all allowed);
// returns them in the order above.
std::array<Value, 4> check_caps(Interp& in);

// The native `name` as a callable value (checked against __ilusm_caps too).
Value native(Interp& in, const char* name);

// mmap_rw(size) -> region, jit_put(region, 0, bin), mprotect_rx(region[, name])
// -> handle, for the bytes of the bin `code`. `fn` names the asm function for messages.
Value seal(Interp& in, const Value& code, const Value& name, const char* fn);

// __native_call(handle, ints[0..5]); errors are prefixed with fn. While the
// global is still the runtime's own native, the call goes to jitmem directly
// (same checks and fault message, without the generic call machinery).
Value call_native(Interp& in, const char* fn, const Value& handle, const int64_t (&ints)[6]);

// Remembers the runtime's own __native_call, from a fresh interpreter (once).
void note_runtime_natives();

}  // namespace ilusm::asmmod
