#include "handles.hpp"

#include <fmt/format.h>
#include <jitmem/jitmem.hpp>

#include <mutex>
#include <unordered_set>

#include "args.hpp"

namespace ilusm::asmmod {
namespace {

// The jitmem region behind a handle obj: its `addr` field is only a key; the
// region must be live, sealed and start exactly there.
jitmem::Handle region_of(const Value& h, const char* fn, const char* param) {
  if (!h.is_obj()) fail(fn, param, fmt::format("expected a sealed handle (from asmse), got {}", describe(h)));
  Value addr = h.as<Obj>()->get("addr");
  if (!addr.is_int()) fail(fn, param, "not a sealed handle (no addr field)");
  jitmem::Memory& mem = jitmem::default_memory();
  jitmem::Handle r = mem.find(static_cast<uintptr_t>(addr.as_int()));
  auto entry = r.is_null() ? jitmem::Result<jitmem::Entry>(jitmem::Error{jitmem::Errc::stale_handle, ""})
                           : mem.entry(r);
  if (!entry.ok() || reinterpret_cast<uintptr_t>(entry->code) != static_cast<uintptr_t>(addr.as_int()))
    fail(fn, param, "not a live sealed handle (freed, forged or never sealed)");
  return r;
}

// Regions that other JIT code calls (asmcl): asmfr refuses them.
std::mutex called_mutex;
std::unordered_set<uint64_t> called;

}  // namespace

SealedCode sealed_code(const Value& h, const char* fn, const char* param) {
  jitmem::Handle r = region_of(h, fn, param);
  jitmem::Entry e = jitmem::default_memory().entry(r).value();
  return {{static_cast<const uint8_t*>(e.code), e.size}, reinterpret_cast<uintptr_t>(e.code)};
}

void mark_called(const Value& h) {
  jitmem::Handle r = region_of(h, "asmcl", "t");
  std::lock_guard lock(called_mutex);
  called.insert(r.bits());
}

void free_handle(const Value& h, const char* fn) {
  jitmem::Handle r = region_of(h, fn, "h");
  {
    std::lock_guard lock(called_mutex);
    if (called.count(r.bits()))
      fail(fn, "h", "other JIT code calls this handle (asmcl); it is released with its callers");
  }
  jitmem::Status s = jitmem::default_memory().free(r);
  if (!s.ok()) raise(fmt::format("{}: {}", fn, s.error().message));
}

}  // namespace ilusm::asmmod
