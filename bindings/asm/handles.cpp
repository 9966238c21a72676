#include "handles.hpp"

#include <fmt/format.h>
#include <ilusm/natives.hpp>

#include "args.hpp"

namespace ilusm::asmmod {

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

SealedCode sealed_code(const Value& h, const char* fn, const char* param) {
  auto entry = jitmem::default_memory().entry(code_of(h, fn, param).handle);
  if (!entry.ok()) fail(fn, param, entry.error().message);
  return {{static_cast<const uint8_t*>(entry->code), entry->size}, reinterpret_cast<uintptr_t>(entry->code)};
}

void mark_called(const Value& h) { code_of(h, "asmcl", "t").pinned = true; }

void free_handle(const Value& h, const char* fn) {
  JitMemory& m = code_of(h, fn, "h");
  if (m.pinned) fail(fn, "h", "other JIT code calls this handle (asmcl); it is released with its callers");
  m.release();
}

}  // namespace ilusm::asmmod
