// The native capabilities (see ilusm/natives.hpp), backed by jitmem: W^X
// regions, sealed code, guarded calls that turn faults into ilusm errors.
#include "ilusm/natives.hpp"

#include <cmath>
#include <typeinfo>

#include <fmt/format.h>

#include "gc.hpp"
#include "interp_impl.hpp"

namespace ilusm {

namespace {

// Looked up once (every call of sealed code asks).
jitmem::Memory& memory() {
  static jitmem::Memory& m = jitmem::default_memory();
  return m;
}

[[noreturn]] void fail(const char* fn, const jitmem::Error& e) { raise(fmt::format("{}: {}", fn, e.message)); }

JitRegion& region_arg(Args a, size_t i, const char* fn, bool want_code) {
  JitRegion* r = jit_region_of(a[i]);
  const char* what =
      want_code ? "a sealed code handle (from __native_mprotect_rx)" : "a writable region (from __native_mmap_rw)";
  if (!r) raise(fmt::format("{}: argument {} must be {}, got {}", fn, i + 1, what, a[i].type_name()));
  if (r->mem->freed) raise(fmt::format("{}: argument {} was freed", fn, i + 1));
  if (r->is_code != want_code) {
    if (want_code && r->mem->sealed)
      raise(fmt::format("{}: argument {} is the writable region, not the handle __native_mprotect_rx returned", fn,
                        i + 1));
    if (want_code) raise(fmt::format("{}: argument {} is a region that was never sealed", fn, i + 1));
    raise(fmt::format("{}: argument {} is a sealed handle, not a writable region", fn, i + 1));
  }
  return *r;
}

int64_t int_arg(const Value& v, const char* fn, size_t i) {
  if (v.is_int()) return v.as_int();
  if (v.is_double() && std::trunc(v.as_double()) == v.as_double() && std::fabs(v.as_double()) < 9.2e18)
    return static_cast<int64_t>(v.as_double());
  raise(fmt::format("{}: argument {} must be an integer, got {}", fn, i + 1, v.type_name()));
}

// Field keys shared by every region and handle obj (strs are immutable; one
// set per thread because reference counts are not atomic). Released when the
// thread ends (destroy_object keeps no state that thread exit tears down).
struct Keys {
  Value addr{"addr"}, size{"size"}, name{"name"}, sealed{"sealed"};
};
const Keys& keys() {
  thread_local const Keys k;
  return k;
}

// A fresh region or handle obj with its informative fields (built in place:
// the obj is new, so no key lookups).
Value describe(std::unique_ptr<JitRegion> r, uintptr_t addr, bool with_sealed) {
  const JitMemory& m = *r->mem;
  const Keys& k = keys();
  Value o = make_resource_obj(std::move(r));
  auto& fields = o.as<Obj>()->fields;
  fields.reserve(2 + !m.name.empty() + with_sealed);
  fields.emplace_back(k.addr, Value(int64_t(addr)));
  fields.emplace_back(k.size, Value(int64_t(m.size)));
  if (!m.name.empty()) fields.emplace_back(k.name, Value(m.name));
  if (with_sealed) fields.emplace_back(k.sealed, Value(false));
  return o;
}

constexpr int64_t kMaxRegion = int64_t(1) << 30;

void check_region_size(int64_t size, const char* fn) {
  if (size <= 0 || size > kMaxRegion) raise(fmt::format("{}: size must be 1..{} bytes, got {}", fn, kMaxRegion, size));
}

Value mmap_rw(Interp& in, Args a) {
  const char* fn = "__native_mmap_rw";
  require_cap(in, NativeId::mmap_rw);
  int64_t size = int_arg(a[0], fn, 0);
  check_region_size(size, "__native_mmap_rw");
  auto h = memory().allocate(size_t(size));
  if (!h) fail(fn, h.error());
  auto mem = std::make_shared<JitMemory>();
  mem->handle = *h;
  mem->size = size_t(size);
  auto info = memory().info(*h);
  return describe(std::make_unique<JitRegion>(std::move(mem), false), info ? info->exec_address : 0, true);
}

Value jit_put(Interp& in, Args a) {
  const char* fn = "__native_jit_put";
  require_cap(in, NativeId::jit_put);
  JitRegion& r = region_arg(a, 0, fn, false);
  if (r.mem->sealed) raise(fmt::format("{}: the region is sealed", fn));
  int64_t offset = int_arg(a[1], fn, 1);
  std::vector<uint8_t> list_bytes;
  std::span<const uint8_t> bytes;
  if (a[2].is_bin()) {
    const Bin* b = a[2].as<Bin>();
    bytes = {b->data(), b->size()};
  } else if (a[2].is_list()) {
    const auto& items = a[2].as<List>()->items;
    list_bytes.reserve(items.size());
    for (size_t i = 0; i < items.size(); ++i) {
      const Value& x = items[i];
      if (!x.is_int() || x.as_int() < 0 || x.as_int() > 255)
        raise(fmt::format("{}: byte {} is {}, expected an integer 0..255", fn, i, x.to_repr()));
      list_bytes.push_back(uint8_t(x.as_int()));
    }
    bytes = list_bytes;
  } else {
    raise(fmt::format("{}: argument 3 must be a bin or a lst of bytes, got {}", fn, a[2].type_name()));
  }
  if (offset < 0 || uint64_t(offset) > r.mem->size || bytes.size() > r.mem->size - uint64_t(offset))
    raise(fmt::format("{}: offset {} + {} bytes exceeds the region size {}", fn, offset, bytes.size(), r.mem->size));
  auto st = memory().write(r.mem->handle, size_t(offset), bytes);
  if (!st) fail(fn, st.error());
  return Value(int64_t(bytes.size()));
}

Value mprotect_rx(Interp& in, Args a) {
  const char* fn = "__native_mprotect_rx";
  require_cap(in, NativeId::mprotect_rx);
  JitRegion& r = region_arg(a, 0, fn, false);
  if (r.mem->sealed) raise(fmt::format("{}: the region is already sealed", fn));
  std::string name;
  if (a.size() > 1 && !a[1].is_nil()) name = arg_str(a, 1, fn);
  auto entry = memory().seal(r.mem->handle, name);
  if (!entry) fail(fn, entry.error());
  r.mem->sealed = true;
  r.mem->name = name;
  a[0].as<Obj>()->set_key(keys().sealed, Value(true));
  return describe(std::make_unique<JitRegion>(r.shared(), true), reinterpret_cast<uintptr_t>(entry->code), false);
}

Value native_call(Interp& in, Args a) {
  require_cap(in, NativeId::call);
  int64_t ints[jitmem::max_int_args] = {};
  for (size_t i = 1; i < a.size(); ++i) ints[i - 1] = int_arg(a[i], "__native_call", i);
  return Value(jit_call(a[0], ints));
}

// The errors of jit_call, out of its hot path.
[[noreturn, gnu::noinline]] void call_error(const Value& handle, const char* caller) {
  try {
    JitRegion& r = region_arg(Args(&handle, 1), 0, "__native_call", true);
    auto entry = memory().entry(r.mem->handle);  // why jitmem refused it
    if (!entry) fail("__native_call", entry.error());
    raise("__native_call: argument 1 is not callable");
  } catch (Error& e) {
    if (caller) raise(fmt::format("{}: {}", caller, e.message()));
    throw;
  }
}

[[noreturn, gnu::noinline]] void fault_error(const jitmem::CallResult& res, const char* caller) {
  // Ctrl-C (or a host's interrupt) ended the call: not a fault of the code.
  if (res.fault == jitmem::Fault::interrupted)
    raise(fmt::format("{}{}interrupted", caller ? caller : "", caller ? ": " : ""));
  raise(fmt::format("{}{}jit fault: {}", caller ? caller : "", caller ? ": " : "", res.describe()));
}

Value native_free(Interp&, Args a) {
  JitRegion* r = jit_region_of(a[0]);
  if (!r) raise(fmt::format("__native_free: argument 1 must be a region or code handle, got {}", a[0].type_name()));
  return Value(r->mem->release());
}

}  // namespace

const char JitRegion::kTag = 0;

bool JitRegion::keep_with(Obj& o) {
  const Keys& k = keys();
  auto& f = o.fields;
  if (!own_ || f.size() != 2 || f[0].first.obj() != k.addr.obj() || f[1].first.obj() != k.size.obj()) return false;
  own_->release();  // as deleting it would: unreachable code is unmapped now
  f[0].second.reset();
  f[1].second.reset();
  return true;
}

void JitRegion::own(jitmem::Handle h, size_t size) {
  JitMemory& m = *own_;
  m.handle = h;
  m.size = size;
  m.sealed = true;
  m.freed = false;
  m.pinned = false;
  m.signature = 0;
  m.name.clear();
  m.ref = {};
}

size_t jit_kept_handle_count() { return obj_pool_kept_size(); }

Value jit_seal_code(std::span<const uint8_t> code, std::string_view name, const char* fn) {
  check_region_size(int64_t(code.size()), fn);
  // A dropped handle kept whole (an unnamed one has just addr and size) is
  // refilled; otherwise a new one is built before the code is sealed.
  Obj* kept = name.empty() ? obj_pool_take_kept(typeid(JitRegion)) : nullptr;
  std::unique_ptr<JitRegion> region = kept ? nullptr : std::make_unique<JitRegion>();
  // One step (allocate, copy, seal under one lock): never visible writable.
  auto sealed = memory().seal_code(code, name);
  if (!sealed) {
    delete kept;
    fail(fn, sealed.error());
  }
  auto addr = reinterpret_cast<uintptr_t>(sealed->entry.code);
  if (kept) {
    static_cast<JitRegion&>(*kept->resource).own(sealed->handle, code.size());
    kept->fields[0].second = Value(int64_t(addr));
    kept->fields[1].second = Value(int64_t(code.size()));
    gc_track(kept);
    return Value(static_cast<Object*>(kept));
  }
  region->own(sealed->handle, code.size());
  if (!name.empty()) region->mem->name = name;
  return describe(std::move(region), addr, false);
}

// The first call of a handle (or one whose slot word changed), and every
// error: looks the handle up in jitmem and keeps the result in its JitMemory.
const jitmem::SealedRef& jit_ref_slow(JitRegion* r, const Value& handle, const char* caller) {
  if (!r || !r->is_code || r->mem->freed) call_error(handle, caller);
  JitMemory& m = *r->mem;
  if (!m.ref.live()) {
    m.ref = memory().sealed_ref(m.handle);
    if (!m.ref.word) call_error(handle, caller);
  }
  return m.ref;
}

int64_t jit_call(const Value& handle, const int64_t (&ints)[jitmem::max_int_args], const char* caller) {
  return jit_call(jit_region_of(handle), handle, ints, caller);
}

void jit_call_fault(const jitmem::CallResult& res, const char* caller) { fault_error(res, caller); }

jitmem::CallResult jit_call(const Value& handle, const jitmem::CallArgs& args, const char* caller) {
  const jitmem::Entry& entry = jit_ref(jit_region_of(handle), handle, caller).entry;
  jitmem::CallResult res = jitmem::call_guarded(entry.code, entry.size, args);
  if (!res.ok()) [[unlikely]]
    fault_error(res, caller);
  return res;
}

void require_cap(Interp& in, NativeId which, const char* fn) {
  std::string_view name = kNativeNames[size_t(which)];
  if (in.cap_allowed(name)) [[likely]]
    return;
  raise(fmt::format("{}{}missing capability: {}", fn ? fn : "", fn ? ": " : "", name));
}

void require_runtime_native(Interp& in, NativeId which, const char* fn, std::string_view why) {
  std::string_view name = kNativeNames[size_t(which)];
  if (!in.cap_allowed(name) || !is_runtime_native(in.get(name), which))
    raise(fmt::format("{}: missing capability: {} ({})", fn, name, why));
}

bool is_runtime_native(const Value& v, NativeId which) {
  using Fn = Value (*)(Interp&, Args);
  static constexpr Fn kOwn[] = {mmap_rw, jit_put, mprotect_rx, native_call, native_free};
  if (!v.is_bif()) return false;
  auto* target = v.as<Bif>()->fn.target<Fn>();
  return target && *target == kOwn[size_t(which)];
}

namespace {

// The per-thread free list of JitRegion blocks: trivially destructible so it
// stays usable while other thread_locals are destroyed; Drain gives the blocks
// back to the heap at thread exit and then turns the list off.
struct FreeBlock {
  FreeBlock* next;
};
thread_local FreeBlock* t_region_blocks = nullptr;
thread_local size_t t_region_count = 0;
thread_local bool t_region_pool_off = false;
thread_local bool t_region_drain_armed = false;  // plain flag: no TLS init call per delete
constexpr size_t kRegionPoolMax = 64;

struct Drain {
  bool constructed = false;
  ~Drain() {
    t_region_pool_off = true;
    while (FreeBlock* b = t_region_blocks) {
      t_region_blocks = b->next;
      ::operator delete(b);
    }
    t_region_count = 0;
  }
};
thread_local Drain t_region_drain;

}  // namespace

void* JitRegion::operator new(size_t size) {
  if (FreeBlock* b = t_region_blocks; b && size == sizeof(JitRegion)) [[likely]] {
    t_region_blocks = b->next;
    --t_region_count;
    return b;
  }
  return ::operator new(size);
}

void JitRegion::operator delete(void* p) noexcept {
  if (t_region_count < kRegionPoolMax && !t_region_pool_off) [[likely]] {
    if (!t_region_drain_armed) [[unlikely]] {  // construct the drain: blocks freed at thread exit
      t_region_drain.constructed = true;
      t_region_drain_armed = true;
    }
    auto* b = static_cast<FreeBlock*>(p);
    b->next = t_region_blocks;
    t_region_blocks = b;
    ++t_region_count;
    return;
  }
  ::operator delete(p);
}

size_t jit_region_pool_size() { return t_region_count; }

bool JitMemory::release() {
  if (freed) return false;
  freed = true;
  (void)memory().free(handle);
  std::vector<Value>().swap(callees);  // after the free: the callers' code is gone first
  return true;
}

void install_natives(Interp& in) {
  in.define("__native_mmap_rw", mmap_rw, 1, 1);
  in.define("__native_jit_put", jit_put, 3, 3);
  in.define("__native_mprotect_rx", mprotect_rx, 1, 2);
  in.define("__native_call", native_call, 1, 7);
  in.define("__native_free", native_free, 1, 1);
}

}  // namespace ilusm
