// The native capabilities that let scripts run machine code (docs/embedding.md):
//   __native_mmap_rw(size)                 -> region   (writable, not executable)
//   __native_jit_put(region, offset, bytes)   bytes: bin or lst of 0..255
//   __native_mprotect_rx(region[, name])   -> handle   {addr, size[, name]}
//   __native_call(handle, a0..a5)          -> int64 in rax (missing args are 0)
//   __native_free(region or handle)        -> tru, or fls if already freed
// They are ordinary globals: a host may remove or replace any of them.
// Regions and handles are objs carrying a JitRegion resource; the fields a
// script sees are informational, only the resource is trusted.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "ilusm/interp.hpp"
#include "ilusm/value.hpp"
#include "jitmem/call.hpp"
#include "jitmem/jitmem.hpp"

namespace ilusm {

// One jitmem region, shared by the region obj and the handle obj made from it.
// Freed explicitly or when the last obj referring to it is reclaimed.
struct JitMemory {
  jitmem::Handle handle;
  size_t size = 0;
  bool sealed = false;
  bool freed = false;
  bool pinned = false;  // other JIT code calls it (asm's asmcl): explicit free is refused
  // A call signature declared by asm's asmsg (packed by the asm module; 0: none,
  // integer arguments only). Kept here so that it cannot be forged by a script.
  uint64_t signature = 0;
  std::string name;
  // The handles this code calls (asm's asmcl), kept mapped while it is: held
  // here, where no script can drop them (a handle's `calls` field is a copy).
  std::vector<Value> callees;
  // The handle's entry and the jitmem slot word that proves it live, filled
  // at the first call (jit_call): later calls check that one word instead
  // of looking the handle up again.
  jitmem::SealedRef ref;
  JitMemory() = default;
  JitMemory(const JitMemory&) = delete;
  JitMemory& operator=(const JitMemory&) = delete;
  ~JitMemory() { release(); }
  bool release();  // free the region; false if it was already freed
};

// The resource of a region or handle obj. The natives' region and handle share
// one JitMemory; a handle sealed in one step (jit_seal_code) owns its memory
// inline, saving an allocation.
class JitRegion final : public Resource {
  std::shared_ptr<JitMemory> shared_;  // region objs and the handles made from them
  std::optional<JitMemory> own_;       // a handle sealed in one step

 public:
  // Resource::tag of every JitRegion (defined in natives.cpp: one address
  // for every library that tests it).
  static const char kTag;
  JitRegion(std::shared_ptr<JitMemory> m, bool code)
      : Resource(&kTag), shared_(std::move(m)), mem(shared_.get()), is_code(code) {}
  JitRegion() : Resource(&kTag), mem(&own_.emplace()), is_code(true) {}  // a handle with its own memory
  JitRegion(const JitRegion&) = delete;
  JitRegion& operator=(const JitRegion&) = delete;
  // The memory as shared with a new handle (region objs only).
  const std::shared_ptr<JitMemory>& shared() const { return shared_; }
  // A dropped one-step handle obj with only its addr and size fields frees
  // its memory now and is kept for the next jit_seal_code (obj_pool.cpp).
  bool keep_with(Obj& o) override;
  // A one-step handle (new or kept) takes over newly sealed memory (jit_seal_code).
  void own(jitmem::Handle h, size_t size);

  JitMemory* const mem;
  const bool is_code;  // a sealed handle (from __native_mprotect_rx), not the writable region

  // Storage recycled through a small per-thread free list (a handle is made
  // and dropped per seal). Only storage a deleted JitRegion gave back is
  // reused, so no obj can still refer to it: a freed handle stays rejected.
  static void* operator new(size_t size);
  static void operator delete(void* p) noexcept;
};

// How many freed JitRegion blocks this thread keeps for reuse (tests).
size_t jit_region_pool_size();
// How many dropped handle objs this thread keeps whole for reuse (tests).
size_t jit_kept_handle_count();

// The resource behind a region or handle obj; nullptr for anything else
// (including a script-made obj with the same fields). An exact type test by
// Resource::tag, inline (every call of sealed code asks; JitRegion is final).
inline JitRegion* jit_region_of(const Value& v) {
  if (!v.is_obj()) return nullptr;
  Resource* r = v.as<Obj>()->resource.get();
  return r && r->tag == &JitRegion::kTag ? static_cast<JitRegion*>(r) : nullptr;
}

// The four sealing natives and the free native, in the order asm uses them.
enum class NativeId { mmap_rw, jit_put, mprotect_rx, call, free };
inline constexpr std::string_view kNativeNames[] = {"__native_mmap_rw", "__native_jit_put", "__native_mprotect_rx",
                                                    "__native_call", "__native_free"};

// Raises "missing capability: NAME" (prefixed "FN: " when fn is given) unless
// the host's set_caps and the script's __ilusm_caps allow the native
// (Interp::cap_allowed). The runtime's natives check it at every call, so a
// host's narrowing holds even for a script that calls them directly.
void require_cap(Interp& in, NativeId which, const char* fn = nullptr);

// For JIT code that is sealed and called through jitmem directly, not through
// the globals (use ras): the native must be bound to the runtime's own
// function and allowed, as `use asm` needs it. Raises
// "FN: missing capability: NAME (WHY)" otherwise.
void require_runtime_native(Interp& in, NativeId which, const char* fn, std::string_view why);

// Whether v is the runtime's own implementation of that native (a host or a
// script may have replaced the global).
bool is_runtime_native(const Value& v, NativeId which);

// What __native_mmap_rw, __native_jit_put and __native_mprotect_rx do for one
// piece of code, in one step and without the region obj (nobody else could see
// it): the same handle obj and the same errors, named after fn (a caller
// names itself: asm's asmse). name may be empty (then the handle has no name
// field and no perf/GDB entry). For callers that checked all three globals
// are the runtime's own.
Value jit_seal_code(std::span<const uint8_t> code, std::string_view name, const char* fn = "__native_mmap_rw");

// What __native_call does once its integer arguments are converted: checks
// that handle is a live sealed handle (its resource, validated lock-free by
// jitmem) and calls it guarded, returning rax. Raises __native_call's errors
// ("__native_call: argument 1 was freed", "jit fault: SIGSEGV at ..."), each
// prefixed with "CALLER: " when caller is given (asm's asmca3 calls it while
// the __native_call global is the runtime's own).
int64_t jit_call(const Value& handle, const int64_t (&ints)[jitmem::max_int_args], const char* caller = nullptr);
// The live sealed entry of handle, whose region = jit_region_of(handle), or
// the error __native_call raises for it (a region, a freed or unsealed
// handle, not a handle at all). Inline: the common case (a handle called
// before, its jitmem slot word unchanged) is one test; the first call and
// every error go to jit_ref_slow, which looks the handle up in jitmem.
const jitmem::SealedRef& jit_ref_slow(JitRegion* region, const Value& handle, const char* caller);
inline const jitmem::SealedRef& jit_ref(JitRegion* region, const Value& handle, const char* caller) {
  if (region && region->is_code && !region->mem->freed && region->mem->ref.live()) [[likely]]
    return region->mem->ref;
  return jit_ref_slow(region, handle, caller);
}
[[noreturn]] void jit_call_fault(const jitmem::CallResult& res, const char* caller);
// jit_call for a caller that has looked up region = jit_region_of(handle)
// already (asm's asmca3: its signature test needs it).
inline int64_t jit_call(JitRegion* region, const Value& handle, const int64_t (&ints)[jitmem::max_int_args],
                        const char* caller) {
  const jitmem::Entry& entry = jit_ref(region, handle, caller).entry;
  jitmem::CallResult res = jitmem::call_guarded(entry.code, entry.size, ints);
  if (!res.ok()) [[unlikely]]
    jit_call_fault(res, caller);
  return res.rax;
}
// The same with doubles in xmm0-7 too; the result holds rax and xmm0.
jitmem::CallResult jit_call(const Value& handle, const jitmem::CallArgs& args, const char* caller = nullptr);

}  // namespace ilusm
