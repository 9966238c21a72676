// The instruction families (src/*.cpp) emit through these three paths.
#pragma once

#include "encode.hpp"
#include "x86/assembler.hpp"

namespace x86::detail {

struct Emit {
  static void rr(Assembler& a, const Enc& e, Field reg, Field rm, int imm_bytes = 0,
                 int64_t imm = 0) {
    a.rr(e, reg, rm, imm_bytes, imm);
  }
  static void rm(Assembler& a, const Enc& e, Field reg, const Mem& m, int imm_bytes = 0,
                 int64_t imm = 0) {
    a.rm(e, reg, m, imm_bytes, imm);
  }
  static void ro(Assembler& a, const Enc& e, Field reg, int imm_bytes = 0, int64_t imm = 0) {
    a.ro(e, reg, imm_bytes, imm);
  }
};

// Operand-size checks shared by the families; `sizes` is a mask of allowed byte sizes.
inline void check_size(const char* name, unsigned size, unsigned sizes) {
  if (!(size & sizes)) {
    std::string allowed;
    for (unsigned s : {1u, 2u, 4u, 8u})
      if (s & sizes) {
        if (!allowed.empty()) allowed += '/';
        allowed += std::to_string(8 * s);
      }
    fail(name, "operand size " + std::to_string(8 * size) + " bits is not allowed (" + allowed +
                   " bits)");
  }
}
inline void check_same(const char* name, Gp a, Gp b) {
  if (a.size != b.size) fail(name, "operands must have the same size");
}
// The memory operand's size, or `implied` when it has none; a mismatch is an error.
inline unsigned mem_size(const char* name, const Mem& m, unsigned implied) {
  if (m.size == 0) return implied;
  if (m.size != implied)
    fail(name, "memory operand size " + std::to_string(8 * m.size) + " bits does not match " +
                   std::to_string(8 * implied) + " bits");
  return implied;
}
inline unsigned mem_size_required(const char* name, const Mem& m) {
  if (m.size == 0) fail(name, "memory operand needs a size (byte_ptr, word_ptr, dword_ptr, qword_ptr)");
  return m.size;
}

constexpr unsigned kAll = 1 | 2 | 4 | 8;
constexpr unsigned kWide = 2 | 4 | 8;

}  // namespace x86::detail
