// The bytes one emitting call leaves in a fresh Assembler (the x86 tests'
// way to pin an encoding next to the differential test's llvm-mc check).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "x86/x86.hpp"

inline std::vector<uint8_t> bytes(const std::function<void(x86::Assembler&)>& emit) {
  x86::Assembler a;
  emit(a);
  return {a.code().begin(), a.code().end()};
}
