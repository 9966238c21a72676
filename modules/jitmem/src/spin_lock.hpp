// A small lock for short critical sections (a few list operations): one
// atomic exchange to take, a plain release store to give back, and a yield
// when the holder is slow (it may have been preempted).
#pragma once

#include <sched.h>

#include <atomic>

#include "arch.hpp"

namespace jitmem::detail {

class SpinLock {
 public:
  void lock() {
    while (held_.exchange(true, std::memory_order_acquire)) {
      for (int spins = 0; held_.load(std::memory_order_relaxed); ++spins) {
        if (spins < 64) arch::cpu_relax();
        else sched_yield();
      }
    }
  }
  void unlock() { held_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool> held_{false};
};

}  // namespace jitmem::detail
