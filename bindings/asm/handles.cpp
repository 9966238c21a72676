#include "handles.hpp"

#include <fmt/format.h>
#include <ilusm/natives.hpp>

#include <mutex>
#include <unordered_set>

#include "args.hpp"

namespace ilusm::asmmod {
namespace {

// The runtime's region behind a sealed handle obj (the resource, never the
// fields a script can forge), live and sealed.
JitMemory& code_of(const Value& h, const char* fn, const char* param) {
  JitRegion* r = jit_region_of(h);
  if (!r) {
    if (h.is_obj()) fail(fn, param, "not a live sealed handle (freed, forged or never sealed)");
    fail(fn, param, fmt::format("expected a sealed handle (from asmse), got {}", describe(h)));
  }
  if (r->mem->freed) fail(fn, param, "the handle was freed");
  if (!r->is_code) fail(fn, param, "a region that was never sealed, not a handle");
  return *r->mem;
}

// Regions that other JIT code calls (asmcl): asmfr refuses them. Keyed by the
// jitmem handle bits, whose generation makes them unique over time.
std::mutex called_mutex;
std::unordered_set<uint64_t> called;

}  // namespace

SealedCode sealed_code(const Value& h, const char* fn, const char* param) {
  auto entry = jitmem::default_memory().entry(code_of(h, fn, param).handle);
  if (!entry.ok()) fail(fn, param, entry.error().message);
  return {{static_cast<const uint8_t*>(entry->code), entry->size},
          reinterpret_cast<uintptr_t>(entry->code)};
}

void mark_called(const Value& h) {
  JitMemory& m = code_of(h, "asmcl", "t");
  std::lock_guard lock(called_mutex);
  called.insert(m.handle.bits());
}

void free_handle(const Value& h, const char* fn) {
  JitMemory& m = code_of(h, fn, "h");
  {
    std::lock_guard lock(called_mutex);
    if (called.count(m.handle.bits()))
      fail(fn, "h", "other JIT code calls this handle (asmcl); it is released with its callers");
  }
  m.release();
}

}  // namespace ilusm::asmmod
