// How much native stack the running thread has left, from its real bounds
// (pthread_getattr_np: the main thread's rlimit-sized stack or a thread's own
// size), so that recursive walks of user input stop with an error before the
// stack runs out, whatever the thread's stack size.
#pragma once

#include <cstddef>
#include <cstdint>

namespace support {

// Bytes kept free below the deepest frame a guarded walk may enter: room to
// format and throw the error (sanitizer frames are several times larger).
#if defined(__SANITIZE_ADDRESS__)
inline constexpr size_t kStackReserve = size_t(512) << 10;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr size_t kStackReserve = size_t(512) << 10;
#else
inline constexpr size_t kStackReserve = size_t(128) << 10;
#endif
#else
inline constexpr size_t kStackReserve = size_t(128) << 10;
#endif

// The lowest address this thread's frames may reach before a guarded walk
// must stop (the stack's low end plus kStackReserve), computed once per thread.
uintptr_t stack_floor();

// Whether the caller's frame is within kStackReserve of the end of the stack.
inline bool stack_low() {
  thread_local uintptr_t floor = 0;
  if (!floor) [[unlikely]]
    floor = stack_floor();
  return reinterpret_cast<uintptr_t>(__builtin_frame_address(0)) < floor;
}

}  // namespace support
