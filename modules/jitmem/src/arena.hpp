// One memfd shared by two views: read-write for emitting, read-exec for
// running. Neither view is ever writable and executable.
#pragma once

#include <cstddef>
#include <cstdint>

#include "jitmem/result.hpp"

namespace jitmem::detail {

struct Arena {
  uint8_t* rw = nullptr;
  uint8_t* rx = nullptr;
  size_t size = 0;  // bytes in each view
  size_t used = 0;  // bump pointer

  // Map `size` bytes (a multiple of the page size) twice; errors name `fn`.
  static Result<Arena> create(size_t size, const char* fn);
  void release();  // unmap both views
};

size_t page_size();

}  // namespace jitmem::detail
