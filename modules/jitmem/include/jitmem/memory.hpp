// The executable-memory manager. W^X always: code is written through a
// read-write view and run from a separate read-exec view of the same pages
// (memfd dual mapping), so sealing is a state change, not a syscall. Small
// regions share pages (size classes with free lists; freed chunks reused).
//
// Thread-safe: allocate/seal_code/free (and naming) take an internal lock;
// write, seal, entry() and the guarded call validate a handle without it. Freeing a region while
// another thread runs its code is the caller's bug.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "jitmem/handle.hpp"
#include "jitmem/result.hpp"

namespace jitmem {

enum class Mode : uint8_t {
  dual_mapping,  // default: shared pages, RW view + RX view, no syscall per function
  strict,        // one private mapping per region, mprotect RW -> RX on seal, munmap on free
};

// A freed chunk is reused only after this many later frees of its size class
// (oldest first), so a stale raw pointer to freed code keeps hitting the trap fill for
// a while instead of running the next function put there. A chunk keeps its
// slot: the handle of its next owner has the same index, a newer generation.
inline constexpr size_t reuse_delay = 16;

struct Options {
  Mode mode = Mode::dual_mapping;
  bool perf_map = true;  // named regions go to /tmp/perf-PID.map
  bool gdb_jit = true;   // named regions are registered with the GDB JIT interface
};

// Sealed code: where to jump and how many bytes are valid.
struct Entry {
  const void* code = nullptr;
  size_t size = 0;
};

// A sealed handle's entry together with the slot word that proves it still
// live and sealed (Memory::sealed_ref), for a caller that calls one handle
// many times and keeps this next to it (the ilusm runtime): live() is the
// same generation check as sealed_entry's, one load and compare instead of
// a lookup. A freed handle's slot gets another word at once (and a newer
// generation when reused), so live() turns false and stays false. Valid for
// as long as its Memory exists.
struct SealedRef {
  const std::atomic<uint64_t>* word = nullptr;  // null: no live sealed handle
  uint64_t sealed_word = 0;
  Entry entry;
  bool live() const noexcept { return word && word->load(std::memory_order_acquire) == sealed_word; }
};

// A region sealed in one step: its handle and its code.
struct Sealed {
  Handle handle;
  Entry entry;
};

struct RegionInfo {
  uintptr_t exec_address = 0;  // address the code runs at (valid to call once sealed)
  size_t size = 0;             // bytes requested at allocate()
  bool sealed = false;
  std::string name;  // "" when unnamed
};

struct Stats {
  size_t live_regions = 0;
  size_t mapped_bytes = 0;  // executable bytes mapped (one view; pages are touched lazily)
  size_t carved_bytes = 0;  // bytes ever handed out from arenas (grows only for new chunks)
  size_t free_chunks = 0;   // freed chunks waiting for reuse
  size_t arenas = 0;        // memfd arenas (dual_mapping) or mappings (strict)
};

class Memory {
 public:
  explicit Memory(Options options = {});
  ~Memory();  // unmaps everything; handles into it become stale
  Memory(const Memory&) = delete;
  Memory& operator=(const Memory&) = delete;

  // A writable region of `size` bytes (1 .. 1 GiB), filled with the host's
  // trap instruction (host_trap: int3, brk #0, ebreak).
  Result<Handle> allocate(size_t size);

  // Copy bytes into a writable region; bounds-checked, refused once sealed.
  Status write(Handle handle, size_t offset, std::span<const uint8_t> bytes);

  // The writable view itself, for emitting in place (valid until seal/free).
  Result<std::span<uint8_t>> writable(Handle handle);

  // Make the region executable and read-only for this API. An optional name
  // goes to /tmp/perf-PID.map and the GDB JIT interface.
  Result<Entry> seal(Handle handle, std::string_view name = {});

  // allocate + write + seal in one step (one lock, no state change after the
  // copy): the fast path for code that is complete. Empty code is refused.
  Result<Sealed> seal_code(std::span<const uint8_t> code, std::string_view name = {});

  // Release a region (sealed or not). The handle becomes stale; its bytes are
  // refilled with the trap so a stale jump traps rather than runs old code.
  Status free(Handle handle);

  // Lock-free: the sealed code of a live handle, or stale_handle / not_sealed.
  Result<Entry> entry(Handle handle) const;
  // The same without an error value, for hot paths: {nullptr, 0} unless the
  // handle is live and sealed.
  Entry sealed_entry(Handle handle) const noexcept;
  // sealed_entry with the slot word that keeps proving it (SealedRef); word
  // null unless the handle is live and sealed.
  SealedRef sealed_ref(Handle handle) const noexcept;

  bool is_live(Handle handle) const;
  Result<RegionInfo> info(Handle handle) const;
  // The live region whose code contains `address` (null Handle if none).
  Handle find(uintptr_t address) const;
  Stats stats() const;
  Mode mode() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// A process-wide manager (dual_mapping), created on first use, never destroyed.
Memory& default_memory();

// True when this process runs under an emulator that keeps running old code
// at an address after new code is written there through the other view
// (qemu-user: it does not see stores through a second mapping of a page it
// has translated, and cache flushes do not tell it). Found once per process
// by a probe (run code, rewrite it, run it again) or forced by the
// environment variable JITMEM_EMULATED=1 (or =0). When true, sealing and
// freeing also drop and restore PROT_EXEC on the executable view of the
// pages written, which makes the emulator retranslate (docs/jitmem.md,
// "Emulated runs"). W^X holds either way.
bool stale_code_emulation();

}  // namespace jitmem
