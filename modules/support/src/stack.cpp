#include "support/stack.hpp"

#include <pthread.h>

namespace support {

uintptr_t stack_floor() {
  pthread_attr_t attr;
  void* low = nullptr;
  size_t size = 0;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    pthread_attr_getstack(&attr, &low, &size);
    pthread_attr_destroy(&attr);
  }
  auto here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  auto base = reinterpret_cast<uintptr_t>(low);
  // Unknown bounds, or bounds that do not contain this frame (a coroutine or
  // an alternate stack): assume 256 KiB below here.
  if (!low || here <= base || here - base > size) base = here > (size_t(256) << 10) ? here - (size_t(256) << 10) : 0;
  size_t usable = here - base;
  // A small stack keeps at least half of what it has for the walk itself.
  size_t reserve = kStackReserve < usable / 2 ? kStackReserve : usable / 2;
  return base + reserve;
}

}  // namespace support
