// perf's JIT symbol convention: /tmp/perf-PID.map, one "START SIZE NAME" line
// (hex, no 0x) per function.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <mutex>

#include "naming.hpp"

namespace jitmem::detail {

void perf_map_add(uintptr_t address, size_t size, std::string_view name) {
  static std::mutex lock;
  static int fd = -2;  // -2: not opened yet, -1: could not open
  std::lock_guard guard(lock);
  if (fd == -2) {
    std::string path = fmt::format("/tmp/perf-{}.map", getpid());
    fd = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  }
  if (fd < 0) return;
  std::string line = fmt::format("{:x} {:x} {}\n", address, size, name);
  // One write per line: O_APPEND keeps lines whole.
  [[maybe_unused]] ssize_t written = ::write(fd, line.data(), line.size());
}

}  // namespace jitmem::detail
