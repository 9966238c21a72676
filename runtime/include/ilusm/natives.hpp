// The native capabilities that let scripts run machine code (design.md):
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
#include <string>

#include "ilusm/value.hpp"
#include "jitmem/jitmem.hpp"

namespace ilusm {

// One jitmem region, shared by the region obj and the handle obj made from it.
// Freed explicitly or when the last obj referring to it is reclaimed.
struct JitMemory {
  jitmem::Handle handle;
  size_t size = 0;
  bool sealed = false;
  bool freed = false;
  std::string name;
  ~JitMemory() { release(); }
  bool release();  // free the region; false if it was already freed
};

struct JitRegion : Resource {
  JitRegion(std::shared_ptr<JitMemory> m, bool code) : mem(std::move(m)), is_code(code) {}
  std::shared_ptr<JitMemory> mem;
  bool is_code;  // a sealed handle (from __native_mprotect_rx), not the writable region
};

// The resource behind a region or handle obj; nullptr for anything else
// (including a script-made obj with the same fields).
JitRegion* jit_region_of(const Value& v);

}  // namespace ilusm
