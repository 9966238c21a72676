// Test helper: maps finished code read-write, copies it, flips it to
// read-execute (never writable and executable at once) and unmaps on exit.
#pragma once

#include <sys/mman.h>

#include <cstring>
#include <span>
#include <stdexcept>

#include "x86/x86.hpp"

class Jit {
 public:
  explicit Jit(x86::Assembler& a) {
    const std::span<const uint8_t> code = a.finalize();
    size_ = code.size() ? code.size() : 1;
    void* p = mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::runtime_error("mmap failed");
    std::memcpy(p, code.data(), code.size());
    if (mprotect(p, size_, PROT_READ | PROT_EXEC) != 0) throw std::runtime_error("mprotect failed");
    mem_ = p;
  }
  ~Jit() { munmap(mem_, size_); }
  Jit(const Jit&) = delete;
  Jit& operator=(const Jit&) = delete;

  template <typename Fn>
  Fn fn(size_t offset = 0) const {
    return reinterpret_cast<Fn>(static_cast<uint8_t*>(mem_) + offset);
  }

 private:
  void* mem_ = nullptr;
  size_t size_ = 0;
};
