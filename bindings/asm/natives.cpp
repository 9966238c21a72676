#include "natives.hpp"

#include <fmt/format.h>
#include <ilusm/natives.hpp>
#include <jitmem/jitmem.hpp>

#include "asm_module.hpp"
#include "handles.hpp"

#include <algorithm>
#include <array>
#include <iterator>

namespace ilusm::asmmod {
namespace {

// The host's set_caps and the script's __ilusm_caps (Interp::cap_allowed).
const Value& checked(Interp& in, const NativeSlots& slots, Native which) {
  const Value& fn = in.global(slots.natives[which]);
  if (!fn.is_callable() || !in.cap_allowed(kNativeNames[which]))
    raise(fmt::format("missing capability: {}", kNativeNames[which]));
  return fn;
}

static_assert(int(NativeId::mmap_rw) == kMmapRw && int(NativeId::jit_put) == kJitPut &&
              int(NativeId::mprotect_rx) == kMprotectRx && int(NativeId::call) == kCall);

// Whether `fn` (the global of native `which`) is the runtime's own.
bool is_own(const Value& fn, const NativeSlots& slots, Native which) {
  Value& seen = slots.runtime[which];
  if (fn.is_bif() && fn.obj() == seen.obj()) return true;
  if (!is_runtime_native(fn, NativeId(which))) return false;
  seen = fn;
  return true;
}

// An empty program is refused before anything is allocated.
void check_not_empty(std::span<const uint8_t> code, const char* fn) {
  if (code.empty()) raise(fmt::format("{}: the program is empty (nothing to seal)", fn));
}

// The one-step seal (the natives are the runtime's own, __ilusm_caps allows them).
Value seal_direct(std::span<const uint8_t> code, const Value& name, const char* fn) {
  check_not_empty(code, fn);
  ++t_direct.seals;
  return jit_seal_code(code, name.is_nil() ? std::string_view() : std::string_view(name.as<Str>()->s), fn);
}

// Everything but the common case: each native checked, then the one-step seal
// if all four are the runtime's own, else the three natives through the globals.
[[gnu::noinline]] Value seal_checked(Interp& in, const NativeSlots& slots, std::span<const uint8_t> code,
                                     const Value& name, const char* fn) {
  std::array<Value, 4> natives = check_caps(in, slots);
  if (is_own(natives[0], slots, kMmapRw) && is_own(natives[1], slots, kJitPut) &&
      is_own(natives[2], slots, kMprotectRx) && is_own(natives[3], slots, kCall))
    return seal_direct(code, name, fn);
  check_not_empty(code, fn);
  // Copied first: a replaced native may run a script that emits into the program.
  Value bytes = make_bin({code.begin(), code.end()});
  Value size(static_cast<int64_t>(code.size()));
  Value region = in.call(natives[0], Args(&size, 1));
  Value put[3] = {region, Value(int64_t{0}), bytes};
  in.call(natives[1], Args(put, 3));
  Value seal_args[2] = {region, name};
  return in.call(natives[2], Args(seal_args, name.is_nil() ? 1 : 2));
}

}  // namespace

void explain_call_error(const char* fn, const Value& handle) { sealed_code(handle, fn, "r"); }

[[gnu::tls_model("initial-exec")]] constinit thread_local AsmDirectCounts t_direct;

NativeSlots::NativeSlots(Interp& in) : caps(in.global_slot("__ilusm_caps")) {
  for (int k = 0; k < 4; ++k) natives[k] = in.global_slot(kNativeNames[k]);
}

const Value& native(Interp& in, const NativeSlots& slots, Native which) { return checked(in, slots, which); }

std::array<Value, 4> check_caps(Interp& in, const NativeSlots& slots) {
  return {checked(in, slots, kMmapRw), checked(in, slots, kJitPut), checked(in, slots, kMprotectRx),
          checked(in, slots, kCall)};
}

Value seal(Interp& in, const NativeSlots& slots, std::span<const uint8_t> code, const Value& name, const char* fn) {
  // The encoder makes x86-64 code: on another CPU it is emitted and shown, never run.
  if constexpr (jitmem::host_arch != jitmem::Arch::x86_64)
    raise(fmt::format("{}: x86-64 code cannot run on this {} host", fn, jitmem::arch_name(jitmem::host_arch)));
  if (unrestricted_own(in, slots, kAllFour)) [[likely]]
    return seal_direct(code, name, fn);
  return seal_checked(in, slots, code, name, fn);
}

Value call_checked(Interp& in, const NativeSlots& slots, const char* fn, const Value& handle, const CallInts& ints) {
  const Value& current = native(in, slots, kCall);
  if (is_own(current, slots, kCall)) return call_direct(fn, handle, ints, jit_region_of(handle));
  // A copy: the call may replace the global (and free the function) while it runs.
  Value callee = current;
  Value args[7] = {handle};
  for (size_t k = 0; k < 6; ++k) args[k + 1] = Value(ints[k]);
  try {
    return in.call(callee, Args(args, 7));
  } catch (const Error& e) { raise(fmt::format("{}: {}", fn, e.message())); }
}

Value call_native(Interp& in, const NativeSlots& slots, const char* fn, const Value& handle,
                  const jitmem::CallArgs& args, bool uses_doubles, bool returns_double) {
  if (!unrestricted_own(in, slots, kCallOnly) && !is_own(native(in, slots, kCall), slots, kCall)) {
    if (uses_doubles)
      raise(
          fmt::format("{}: __native_call was replaced and takes integers only; a call with doubles "
                      "needs the runtime's own",
                      fn));
    return call_checked(in, slots, fn, handle, args.ints);
  }
  jitmem::CallResult r = jit_call(handle, args, fn);
  ++t_direct.calls;
  return returns_double ? Value(r.xmm0) : Value(r.rax);
}

}  // namespace ilusm::asmmod

ilusm::AsmDirectCounts ilusm::asm_direct_counts() { return asmmod::t_direct; }
