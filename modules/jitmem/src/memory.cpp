// Memory: a slot table of regions (validated by generation, read lock-free)
// over arenas carved into size-class chunks. A chunk stays with the slot it
// was carved for: freed slots wait in a FIFO per size class (threaded
// through the slots) and come back with their chunk, so reuse is one pop.
#include "jitmem/memory.hpp"

#include <fmt/format.h>
#include <sys/mman.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <vector>

#include "arena.hpp"
#include "code_blocks.hpp"
#include "code_sync.hpp"
#include "naming.hpp"
#include "size_class.hpp"
#include "spin_lock.hpp"

namespace jitmem {

using detail::Arena;

namespace {

enum State : uint64_t { state_free = 0, state_writable = 1, state_sealed = 2 };

constexpr uint64_t make_word(uint32_t generation, State state) { return (uint64_t{generation} << 2) | state; }

constexpr size_t max_region_size = size_t{1} << 30;
constexpr size_t arena_size = size_t{4} << 20;  // virtual; pages are touched lazily
constexpr uint32_t dedicated = UINT32_MAX;      // Slot::size_class of an own mapping
constexpr size_t block_slots = 1024;
constexpr size_t max_blocks = 4096;  // up to 4M live regions

struct Slot {
  // generation << 2 | state; written under the lock, read lock-free.
  std::atomic<uint64_t> word{0};
  std::atomic<uint8_t*> rw{nullptr};
  std::atomic<uintptr_t> exec{0};
  std::atomic<size_t> size{0};
  // Guarded by Impl::lock.
  uint32_t size_class = 0;
  uint32_t arena = 0;
  uint32_t next_free = 0;  // the next slot in its class's free FIFO
  std::string name;
  void* gdb_token = nullptr;
};

size_t round_up(size_t n, size_t to) { return (n + to - 1) / to * to; }

std::string handle_text(Handle h) { return fmt::format("(index {}, generation {})", h.index, h.generation); }

Error stale_error(Handle h, const char* fn) {
  return Error{Errc::stale_handle, fmt::format("{}: handle {} is not a live region (freed, forged or never allocated)",
                                               fn, handle_text(h))};
}

// Freed slots of one size class, oldest first (a list through Slot::next_free).
struct FreeFifo {
  uint32_t head = 0, tail = 0;
  size_t count = 0;
};

}  // namespace

struct Memory::Impl {
  Options options;
  mutable detail::SpinLock lock;
  std::atomic<Slot*> blocks[max_blocks]{};
  uint32_t slot_count = 0;
  std::vector<uint32_t> free_slots;
  std::vector<Arena> arenas;
  std::vector<uint32_t> free_arena_ids;
  uint32_t current_arena = dedicated;
  FreeFifo free_chunks[detail::class_count];
  size_t live_count = 0;
  size_t carved = 0;
  size_t mapped = 0;
  size_t free_chunk_count = 0;

  Slot* slot_at(uint32_t index) const {
    if (index >= max_blocks * block_slots) return nullptr;
    Slot* block = blocks[index / block_slots].load(std::memory_order_acquire);
    return block ? &block[index % block_slots] : nullptr;
  }

  // The slot of a live handle, or nullptr (no error value: hot paths).
  Slot* live(Handle h) const {
    Slot* slot = h.generation ? slot_at(h.index) : nullptr;
    if (!slot) return nullptr;
    uint64_t word = slot->word.load(std::memory_order_acquire);
    return (word >> 2) == h.generation && (word & 3) != state_free ? slot : nullptr;
  }

  static State state_of(const Slot* slot) { return static_cast<State>(slot->word.load(std::memory_order_acquire) & 3); }

  bool table_full() const { return free_slots.empty() && slot_count == max_blocks * block_slots; }

  // A slot index without a chunk (lock held; the table is not full).
  uint32_t take_slot() {
    if (!free_slots.empty()) {
      uint32_t index = free_slots.back();
      free_slots.pop_back();
      return index;
    }
    uint32_t index = slot_count++;
    auto& block = blocks[index / block_slots];
    if (!block.load(std::memory_order_relaxed)) block.store(new Slot[block_slots], std::memory_order_release);
    return index;
  }

  static uint32_t next_generation(const Slot* slot) {
    return static_cast<uint32_t>(slot->word.load(std::memory_order_relaxed) >> 2) + 1;
  }

  uint32_t add_arena(const Arena& arena) {
    mapped += arena.size;
    if (!free_arena_ids.empty()) {
      uint32_t id = free_arena_ids.back();
      free_arena_ids.pop_back();
      arenas[id] = arena;
      return id;
    }
    arenas.push_back(arena);
    return static_cast<uint32_t>(arenas.size() - 1);
  }

  void drop_arena(uint32_t id) {
    Arena& arena = arenas[id];
    mapped -= arena.size;
    if (options.mode == Mode::strict) {
      munmap(arena.rw, arena.size);
      arena.rw = arena.rx = nullptr;
    } else {
      arena.release();
    }
    free_arena_ids.push_back(id);
  }

  // A slot with a chunk of class `c` (lock held): the oldest freed one once
  // reuse_delay younger ones wait behind it, else a fresh chunk in a new slot.
  Result<uint32_t> take_chunk(uint32_t c, const char* fn) {
    FreeFifo& fifo = free_chunks[c];
    if (fifo.count > reuse_delay) {
      uint32_t index = fifo.head;
      fifo.head = slot_at(index)->next_free;
      --fifo.count;
      --free_chunk_count;
      return index;
    }
    if (table_full()) return table_full_error(fn);
    size_t need = detail::class_size(c);
    if (current_arena == dedicated || arenas[current_arena].used + need > arenas[current_arena].size) {
      auto arena = Arena::create(arena_size, fn);
      if (!arena) return arena.error();
      current_arena = add_arena(*arena);
    }
    Arena& arena = arenas[current_arena];
    size_t offset = arena.used;
    arena.used += need;
    carved += need;
    detail::fill_trap(arena.rw + offset, need);
    return bind_slot(c, current_arena, offset);
  }

  // A new slot for the memory at `offset` in arena `arena_id` (lock held).
  uint32_t bind_slot(uint32_t size_class, uint32_t arena_id, size_t offset) {
    uint32_t index = take_slot();
    Slot* slot = slot_at(index);
    const Arena& arena = arenas[arena_id];
    slot->size_class = size_class;
    slot->arena = arena_id;
    slot->rw.store(arena.rw + offset, std::memory_order_relaxed);
    slot->exec.store(reinterpret_cast<uintptr_t>(arena.rx + offset), std::memory_order_relaxed);
    return index;
  }

  // Makes slot `index` live under a new generation, in state `state` (lock
  // held; the release store comes after everything written to the slot).
  Handle publish(uint32_t index, size_t size, State state) {
    Slot* slot = slot_at(index);
    uint32_t generation = next_generation(slot);
    slot->size.store(size, std::memory_order_relaxed);
    slot->word.store(make_word(generation, state), std::memory_order_release);
    ++live_count;
    return Handle{index, generation};
  }

  // A freed chunk waits at the back of its class's FIFO (lock held).
  void put_chunk(uint32_t index, Slot* slot) {
    FreeFifo& fifo = free_chunks[slot->size_class];
    if (fifo.count) slot_at(fifo.tail)->next_free = index;
    else fifo.head = index;
    fifo.tail = index;
    ++fifo.count;
    ++free_chunk_count;
  }

  static Error table_full_error(const char* fn) {
    return Error{Errc::out_of_memory, fmt::format("{}: no free slot ({} regions is the most one Memory "
                                                  "holds)",
                                                  fn, max_blocks * block_slots)};
  }

  // An own mapping for a large region (dual) or any region (strict).
  Result<uint32_t> take_mapping(size_t size) {
    size_t bytes = round_up(size, detail::page_size());
    Arena arena;
    if (options.mode == Mode::strict) {
      void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (p == MAP_FAILED)
        return Error{errno == ENOMEM ? Errc::out_of_memory : Errc::system,
                     fmt::format("jitmem::allocate: mmap of {} bytes failed: {}", bytes, std::strerror(errno))};
      arena.rw = arena.rx = static_cast<uint8_t*>(p);
      arena.size = bytes;
    } else {
      auto created = Arena::create(bytes, "jitmem::allocate");
      if (!created) return created.error();
      arena = *created;
    }
    arena.used = bytes;
    carved += bytes;
    detail::fill_trap(arena.rw, size);
    return add_arena(arena);
  }

  // Name sealed code for perf and gdb (lock held, the slot live).
  void name(Slot* slot, const Entry& entry, std::string_view name) {
    auto address = reinterpret_cast<uintptr_t>(entry.code);
    slot->name = name;
    if (options.perf_map) detail::perf_map_add(address, entry.size, name);
    if (options.gdb_jit) slot->gdb_token = detail::gdb_register(address, entry.size, name);
  }

  // Forget a name (lock held).
  void unname(Slot* slot) {
    if (slot->gdb_token) detail::gdb_unregister(slot->gdb_token);
    slot->gdb_token = nullptr;
    slot->name.clear();
  }
};

Memory::Memory(Options options) : impl_(std::make_unique<Impl>()) { impl_->options = options; }

Memory::~Memory() {
  Impl& m = *impl_;
  for (uint32_t i = 0; i < m.slot_count; ++i) {
    Slot* slot = m.slot_at(i);
    if (slot->gdb_token) m.unname(slot);
  }
  for (uint32_t id = 0; id < m.arenas.size(); ++id)
    if (m.arenas[id].rw) m.drop_arena(id);
  for (auto& block : m.blocks) delete[] block.load();
}

Mode Memory::mode() const { return impl_->options.mode; }

Result<Handle> Memory::allocate(size_t size) {
  if (size == 0 || size > max_region_size)
    return Error{Errc::invalid_argument,
                 fmt::format("jitmem::allocate: size {} is out of range (expected 1..{})", size, max_region_size)};
  Impl& m = *impl_;
  std::lock_guard guard(m.lock);
  uint32_t index;
  if (m.options.mode == Mode::dual_mapping && size <= detail::largest_class_size) {
    auto chunk = m.take_chunk(detail::size_class_of(size), "jitmem::allocate");
    if (!chunk) return chunk.error();
    index = *chunk;
  } else {
    if (m.table_full()) return Impl::table_full_error("jitmem::allocate");
    auto mapping = m.take_mapping(size);
    if (!mapping) return mapping.error();
    index = m.bind_slot(dedicated, *mapping, 0);
  }
  return m.publish(index, size, state_writable);
}

Result<Sealed> Memory::seal_code(std::span<const uint8_t> code, std::string_view name) {
  Impl& m = *impl_;
  if (code.empty()) return Error{Errc::invalid_argument, "jitmem::seal_code: code is empty (expected 1 or more bytes)"};
  if (m.options.mode != Mode::dual_mapping || code.size() > detail::small_limit) {
    // Large or strict: the general path (a copy this long is not held under the lock).
    auto handle = allocate(code.size());
    if (!handle) return handle.error();
    if (Status written = write(*handle, 0, code); !written) return written.error();
    auto entry = seal(*handle, name);
    if (!entry) {
      (void)free(*handle);
      return entry.error();
    }
    return Sealed{*handle, *entry};
  }
  Handle handle;
  Entry entry;
  {
    std::lock_guard guard(m.lock);
    auto chunk = m.take_chunk(detail::size_class_of(code.size()), "jitmem::seal_code");
    if (!chunk) return chunk.error();
    Slot* slot = m.slot_at(*chunk);
    detail::copy_code(slot->rw.load(std::memory_order_relaxed), code);
    // Published sealed at once: readers never see it writable.
    handle = m.publish(*chunk, code.size(), state_sealed);
    entry = Entry{reinterpret_cast<const void*>(slot->exec.load(std::memory_order_relaxed)), code.size()};
    if (!name.empty()) m.name(slot, entry, name);
  }
  detail::sync_written_code(static_cast<const uint8_t*>(entry.code), entry.size);
  return Sealed{handle, entry};
}

Status Memory::write(Handle handle, size_t offset, std::span<const uint8_t> bytes) {
  Slot* slot = impl_->live(handle);
  if (!slot) return stale_error(handle, "jitmem::write");
  if (Impl::state_of(slot) != state_writable)
    return Error{Errc::sealed,
                 fmt::format("jitmem::write: region {} is sealed; writing is refused", handle_text(handle))};
  size_t size = slot->size.load(std::memory_order_relaxed);
  if (offset > size || bytes.size() > size - offset)
    return Error{Errc::out_of_bounds,
                 fmt::format("jitmem::write: offset {} + {} bytes exceeds region size {}", offset, bytes.size(), size)};
  uint8_t* rw = slot->rw.load(std::memory_order_relaxed);
  // Up to the region's end from a block boundary: whole blocks (past the end is trap fill).
  if (offset % detail::code_block == 0 && offset + bytes.size() == size) detail::copy_code(rw + offset, bytes);
  else if (!bytes.empty()) std::memcpy(rw + offset, bytes.data(), bytes.size());
  return {};
}

Result<std::span<uint8_t>> Memory::writable(Handle handle) {
  Slot* slot = impl_->live(handle);
  if (!slot) return stale_error(handle, "jitmem::writable");
  if (Impl::state_of(slot) != state_writable)
    return Error{Errc::sealed,
                 fmt::format("jitmem::writable: region {} is sealed; writing is refused", handle_text(handle))};
  return std::span<uint8_t>(slot->rw.load(std::memory_order_relaxed), slot->size.load(std::memory_order_relaxed));
}

Result<Entry> Memory::seal(Handle handle, std::string_view name) {
  Impl& m = *impl_;
  Slot* slot = m.live(handle);
  if (!slot) return stale_error(handle, "jitmem::seal");
  Entry entry{reinterpret_cast<const void*>(slot->exec.load(std::memory_order_relaxed)),
              slot->size.load(std::memory_order_relaxed)};
  if (m.options.mode == Mode::strict && Impl::state_of(slot) == state_writable) {
    std::lock_guard guard(m.lock);
    const Arena& arena = m.arenas[slot->arena];
    if (mprotect(arena.rx, arena.size, PROT_READ | PROT_EXEC) != 0)
      return Error{Errc::system, fmt::format("jitmem::seal: mprotect failed: {}", std::strerror(errno))};
    detail::arch::sync_code(arena.rx, arena.size);
  } else if (Impl::state_of(slot) == state_writable) {
    detail::sync_written_code(static_cast<const uint8_t*>(entry.code), entry.size);
  }
  uint64_t expected = make_word(handle.generation, state_writable);
  if (!slot->word.compare_exchange_strong(expected, make_word(handle.generation, state_sealed),
                                          std::memory_order_acq_rel)) {
    if ((expected >> 2) != handle.generation || (expected & 3) == state_free)
      return stale_error(handle, "jitmem::seal");
    return Error{Errc::sealed, fmt::format("jitmem::seal: region {} is already sealed", handle_text(handle))};
  }
  if (!name.empty()) {
    std::lock_guard guard(m.lock);
    // Freed meanwhile (through a forged or shared handle)? Then nothing to name.
    if (m.live(handle) == slot) m.name(slot, entry, name);
  }
  return entry;
}

Status Memory::free(Handle handle) {
  Impl& m = *impl_;
  const uint8_t* scrubbed = nullptr;  // the trap fill to make visible, after the lock
  size_t scrubbed_size = 0;
  {
    std::lock_guard guard(m.lock);
    Slot* slot = m.live(handle);
    if (!slot) return stale_error(handle, "jitmem::free");
    uint32_t next = handle.generation + 1;
    slot->word.store(make_word(next, state_free), std::memory_order_release);
    if (slot->gdb_token || !slot->name.empty()) m.unname(slot);
    // A wrapped generation retires the slot (and its chunk): handle 0 is null.
    if (slot->size_class == dedicated) {
      m.carved -= m.arenas[slot->arena].size;
      m.drop_arena(slot->arena);
      slot->rw.store(nullptr, std::memory_order_relaxed);
      slot->exec.store(0, std::memory_order_relaxed);
      if (next != 0) m.free_slots.push_back(handle.index);
    } else {
      // Only the region's bytes can have been written: the rest is still trap fill.
      scrubbed_size = slot->size.load(std::memory_order_relaxed);
      scrubbed = reinterpret_cast<const uint8_t*>(slot->exec.load(std::memory_order_relaxed));
      detail::fill_trap(slot->rw.load(std::memory_order_relaxed), scrubbed_size);
      if (next != 0) m.put_chunk(handle.index, slot);
    }
    slot->size.store(0, std::memory_order_relaxed);
    --m.live_count;
  }
  if (scrubbed) detail::sync_written_code(scrubbed, scrubbed_size);
  return {};
}

Result<Entry> Memory::entry(Handle handle) const {
  Slot* slot = impl_->live(handle);
  if (!slot) return stale_error(handle, "jitmem::entry");
  Entry entry{reinterpret_cast<const void*>(slot->exec.load(std::memory_order_relaxed)),
              slot->size.load(std::memory_order_relaxed)};
  uint64_t word = slot->word.load(std::memory_order_acquire);
  if (word == make_word(handle.generation, state_sealed)) return entry;
  if ((word >> 2) != handle.generation) return stale_error(handle, "jitmem::entry");
  return Error{Errc::not_sealed, fmt::format("jitmem::entry: region {} is not sealed yet", handle_text(handle))};
}

Entry Memory::sealed_entry(Handle handle) const noexcept {
  const Slot* slot = impl_->slot_at(handle.index);
  if (!slot || handle.generation == 0) return {};
  const uint64_t sealed = make_word(handle.generation, state_sealed);
  if (slot->word.load(std::memory_order_acquire) != sealed) return {};
  Entry entry{reinterpret_cast<const void*>(slot->exec.load(std::memory_order_relaxed)),
              slot->size.load(std::memory_order_relaxed)};
  // Freed meanwhile? Then the fields may belong to the next owner.
  if (slot->word.load(std::memory_order_acquire) != sealed) return {};
  return entry;
}

SealedRef Memory::sealed_ref(Handle handle) const noexcept {
  Entry entry = sealed_entry(handle);
  if (!entry.code) return {};
  // sealed_entry checked this word before and after reading the entry.
  return {&impl_->slot_at(handle.index)->word, make_word(handle.generation, state_sealed), entry};
}

bool Memory::is_live(Handle handle) const { return impl_->live(handle) != nullptr; }

Result<RegionInfo> Memory::info(Handle handle) const {
  std::lock_guard guard(impl_->lock);
  Slot* slot = impl_->live(handle);
  if (!slot) return stale_error(handle, "jitmem::info");
  return RegionInfo{slot->exec.load(), slot->size.load(), Impl::state_of(slot) == state_sealed, slot->name};
}

Handle Memory::find(uintptr_t address) const {
  std::lock_guard guard(impl_->lock);
  for (uint32_t i = 0; i < impl_->slot_count; ++i) {
    Slot* slot = impl_->slot_at(i);
    uint64_t word = slot->word.load(std::memory_order_acquire);
    uintptr_t begin = slot->exec.load();
    if ((word & 3) != state_free && address >= begin && address < begin + slot->size.load())
      return Handle{i, static_cast<uint32_t>(word >> 2)};
  }
  return Handle{};
}

Stats Memory::stats() const {
  std::lock_guard guard(impl_->lock);
  const Impl& m = *impl_;
  return Stats{m.live_count, m.mapped, m.carved, m.free_chunk_count, m.arenas.size() - m.free_arena_ids.size()};
}

Memory& default_memory() {
  static Memory* memory = new Memory();  // never destroyed: code may run during exit
  return *memory;
}

const char* errc_name(Errc code) {
  switch (code) {
    case Errc::invalid_argument: return "invalid_argument";
    case Errc::out_of_bounds: return "out_of_bounds";
    case Errc::sealed: return "sealed";
    case Errc::not_sealed: return "not_sealed";
    case Errc::stale_handle: return "stale_handle";
    case Errc::out_of_memory: return "out_of_memory";
    case Errc::system: return "system";
  }
  return "unknown";
}

}  // namespace jitmem
