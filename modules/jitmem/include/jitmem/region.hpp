// RAII ownership of one region: freed when the Region goes out of scope.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "jitmem/call.hpp"
#include "jitmem/memory.hpp"

namespace jitmem {

class Region {
 public:
  Region() = default;
  Region(Memory& memory, Handle handle) : memory_(&memory), handle_(handle) {}
  static Result<Region> create(Memory& memory, size_t size);
  // Allocate, copy `code`, seal: one call for the common case.
  static Result<Region> from_code(Memory& memory, std::span<const uint8_t> code, std::string_view name = {});

  Region(Region&& other) noexcept;
  Region& operator=(Region&& other) noexcept;
  Region(const Region&) = delete;
  Region& operator=(const Region&) = delete;
  ~Region();

  Handle handle() const { return handle_; }
  Memory* memory() const { return memory_; }
  Handle release();  // give up ownership without freeing

  Status write(size_t offset, std::span<const uint8_t> bytes);
  Result<std::span<uint8_t>> writable();
  Result<Entry> seal(std::string_view name = {});
  Result<Entry> entry() const;
  Result<CallResult> call(std::span<const int64_t> ints, std::span<const double> doubles = {}) const;
  Status free();  // explicit release; the Region becomes empty

 private:
  Memory* memory_ = nullptr;
  Handle handle_{};
};

}  // namespace jitmem
