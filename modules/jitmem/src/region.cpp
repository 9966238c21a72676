#include "jitmem/region.hpp"

#include <utility>

namespace jitmem {

Result<Region> Region::create(Memory& memory, size_t size) {
  auto handle = memory.allocate(size);
  if (!handle) return handle.error();
  return Region(memory, *handle);
}

Result<Region> Region::from_code(Memory& memory, std::span<const uint8_t> code, std::string_view name) {
  auto sealed = memory.seal_code(code, name);
  if (!sealed) return sealed.error();
  return Region(memory, sealed->handle);
}

Region::Region(Region&& other) noexcept : memory_(other.memory_), handle_(std::exchange(other.handle_, Handle{})) {}

Region& Region::operator=(Region&& other) noexcept {
  if (this != &other) {
    (void)free();
    memory_ = other.memory_;
    handle_ = std::exchange(other.handle_, Handle{});
  }
  return *this;
}

Region::~Region() { (void)free(); }

Handle Region::release() { return std::exchange(handle_, Handle{}); }

Status Region::free() {
  if (handle_.is_null()) return {};
  return memory_->free(std::exchange(handle_, Handle{}));
}

Status Region::write(size_t offset, std::span<const uint8_t> bytes) {
  if (!memory_) return Error{Errc::stale_handle, "jitmem::Region::write: empty region"};
  return memory_->write(handle_, offset, bytes);
}

Result<std::span<uint8_t>> Region::writable() {
  if (!memory_) return Error{Errc::stale_handle, "jitmem::Region::writable: empty region"};
  return memory_->writable(handle_);
}

Result<Entry> Region::seal(std::string_view name) {
  if (!memory_) return Error{Errc::stale_handle, "jitmem::Region::seal: empty region"};
  return memory_->seal(handle_, name);
}

Result<Entry> Region::entry() const {
  if (!memory_) return Error{Errc::stale_handle, "jitmem::Region::entry: empty region"};
  return memory_->entry(handle_);
}

Result<CallResult> Region::call(std::span<const int64_t> ints, std::span<const double> doubles) const {
  if (!memory_) return Error{Errc::stale_handle, "jitmem::Region::call: empty region"};
  return jitmem::call(*memory_, handle_, ints, doubles);
}

}  // namespace jitmem
