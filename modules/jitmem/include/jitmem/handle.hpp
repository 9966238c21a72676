// A region's identity: slot index + generation. Validated by table lookup,
// never by dereferencing, so freed, stale and forged handles are rejected.
#pragma once

#include <cstdint>

namespace jitmem {

struct Handle {
  uint32_t index = 0;
  uint32_t generation = 0;  // 0 never names a live region: Handle{} is null

  bool is_null() const { return generation == 0; }

  // One 64-bit word (for storing in a script value) and back.
  uint64_t bits() const { return (uint64_t{generation} << 32) | index; }
  static Handle from_bits(uint64_t bits) {
    return Handle{static_cast<uint32_t>(bits), static_cast<uint32_t>(bits >> 32)};
  }

  friend bool operator==(Handle, Handle) = default;
};

}  // namespace jitmem
