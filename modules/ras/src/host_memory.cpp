// Registry of blocks from the standard `alloc` host function.
#include "ras/host_memory.hpp"

#include <cstdlib>
#include <map>
#include <mutex>

namespace ras {

namespace {

struct Blocks {
  std::mutex lock;
  std::map<uintptr_t, size_t> sizes;  // start -> size

  ~Blocks() {
    for (auto& [start, size] : sizes) std::free(reinterpret_cast<void*>(start));
  }
};

Blocks& blocks() {
  static Blocks registry;
  return registry;
}

constexpr int64_t max_block = int64_t{1} << 30;

}  // namespace

uintptr_t host_alloc(int64_t size) {
  if (size <= 0 || size > max_block) return 0;
  void* memory = std::calloc(1, static_cast<size_t>(size));
  if (memory == nullptr) return 0;
  auto& registry = blocks();
  std::lock_guard guard(registry.lock);
  auto start = reinterpret_cast<uintptr_t>(memory);
  registry.sizes[start] = static_cast<size_t>(size);
  return start;
}

void host_free(uintptr_t address) {
  auto& registry = blocks();
  std::lock_guard guard(registry.lock);
  auto it = registry.sizes.find(address);
  if (it == registry.sizes.end()) return;
  std::free(reinterpret_cast<void*>(it->first));
  registry.sizes.erase(it);
}

bool host_memory_contains(uintptr_t address, size_t size) {
  auto& registry = blocks();
  std::lock_guard guard(registry.lock);
  auto it = registry.sizes.upper_bound(address);
  if (it == registry.sizes.begin()) return false;
  --it;
  return address >= it->first && size <= it->second && address - it->first <= it->second - size;
}

}  // namespace ras
