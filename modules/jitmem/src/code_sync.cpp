#include "code_sync.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <mutex>

#include "arch.hpp"
#include "arena.hpp"
#include "jitmem/memory.hpp"

namespace jitmem {

namespace detail {

std::atomic<int> retranslations_in_flight{0};

namespace {

// Runs `return 1` at an address, rewrites it through the other view to
// `return 2` (with the cache upkeep real hardware needs) and runs it again.
// Real CPUs return 2; qemu-user returns 1.
bool probe_stale_code() {
  auto arena = Arena::create(page_size(), "jitmem: emulation probe");
  if (!arena) return false;
  using Fn = int (*)();
  auto run = [&](uint8_t value) {
    auto code = arch::return_code(value);
    std::memcpy(arena->rw, code.data(), code.size());
    arch::sync_code(arena->rx, code.size());
    return reinterpret_cast<Fn>(arena->rx)();
  };
  run(1);
  bool stale = run(2) == 1;
  arena->release();
  return stale;
}

bool decide_stale_code() {
  if (const char* forced = std::getenv("JITMEM_EMULATED"); forced && *forced) return std::strcmp(forced, "0") != 0;
  return probe_stale_code();
}

}  // namespace

void sync_written_code(const uint8_t* rx, size_t n) {
  arch::sync_code(rx, n);
  if (!stale_code_emulation()) [[likely]]
    return;
  // Dropping and restoring exec on the executable view makes qemu discard
  // its translations of those pages. The view is never writable.
  uintptr_t page = page_size();
  auto begin = reinterpret_cast<uintptr_t>(rx) & ~(page - 1);
  auto end = (reinterpret_cast<uintptr_t>(rx) + n + page - 1) & ~(page - 1);
  void* at = reinterpret_cast<void*>(begin);
  retranslations_in_flight.fetch_add(1, std::memory_order_acq_rel);
  mprotect(at, end - begin, PROT_READ);
  mprotect(at, end - begin, PROT_READ | PROT_EXEC);
  retranslations_in_flight.fetch_sub(1, std::memory_order_acq_rel);
}

}  // namespace detail

bool stale_code_emulation() {
  static const bool stale = detail::decide_stale_code();
  return stale;
}

}  // namespace jitmem
