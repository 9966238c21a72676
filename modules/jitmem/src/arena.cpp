#include "arena.hpp"

#include <fmt/format.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace jitmem::detail {

size_t page_size() {
  static const size_t size = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return size;
}

static Error system_error(const char* fn, const char* what, size_t size) {
  int e = errno;
  return Error{e == ENOMEM ? Errc::out_of_memory : Errc::system,
               fmt::format("{}: {} of {} bytes failed: {}", fn, what, size, std::strerror(e))};
}

Result<Arena> Arena::create(size_t size, const char* fn) {
  int fd = memfd_create("jitmem", MFD_CLOEXEC);
  if (fd < 0) return system_error(fn, "memfd_create", size);
  if (ftruncate(fd, static_cast<off_t>(size)) != 0) {
    Error err = system_error(fn, "ftruncate", size);
    close(fd);
    return err;
  }
  void* rw = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (rw == MAP_FAILED) {
    Error err = system_error(fn, "mmap (read-write view)", size);
    close(fd);
    return err;
  }
  void* rx = mmap(nullptr, size, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
  if (rx == MAP_FAILED) {
    Error err = system_error(fn, "mmap (read-exec view)", size);
    munmap(rw, size);
    close(fd);
    return err;
  }
  close(fd);  // the mappings keep the memory alive
  Arena arena;
  arena.rw = static_cast<uint8_t*>(rw);
  arena.rx = static_cast<uint8_t*>(rx);
  arena.size = size;
  return arena;
}

void Arena::release() {
  if (rw) munmap(rw, size);
  if (rx) munmap(rx, size);
  rw = rx = nullptr;
}

}  // namespace jitmem::detail
