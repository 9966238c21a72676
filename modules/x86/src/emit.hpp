// The instruction families (src/*.cpp) emit through these three paths.
#pragma once

#include "encode.hpp"
#include "x86/assembler.hpp"

namespace x86::detail {

struct Emit {
  static void rr(Assembler& a, const Enc& e, Field reg, Field rm, int imm_bytes = 0, int64_t imm = 0) {
    a.rr(e, reg, rm, imm_bytes, imm);
  }
  static void rm(Assembler& a, const Enc& e, Field reg, const Mem& m, int imm_bytes = 0, int64_t imm = 0) {
    a.rm(e, reg, m, imm_bytes, imm);
  }
  static void ro(Assembler& a, const Enc& e, Field reg, int imm_bytes = 0, int64_t imm = 0) {
    a.ro(e, reg, imm_bytes, imm);
  }
  // Test seam: moves the end of the code by `n` bytes without writing them (the
  // reserved pages stay untouched), so a test can place a label 2 GiB away.
  static void skip_unwritten(Assembler& a, size_t n) {
    a.reserve(a.size_ + n + 64);
    a.size_ += n;
  }
  // Test seam: makes the buffer look nearly full (15 bytes left; the
  // allocation stays as it is), so the next instruction takes the path for a
  // full buffer: the inline fast paths leave it to the general encoders.
  static void squeeze_room(Assembler& a) {
    if (a.cap_ - a.size_ > 15) a.cap_ = a.size_ + 15;
  }
  // Fast paths write up to 16 bytes at room() and then advance by the length.
  [[gnu::always_inline]] static uint8_t* room(Assembler& a) { return a.room(); }
  [[gnu::always_inline]] static void advance(Assembler& a, unsigned len) { a.size_ += len; }
  static void vr(Assembler& a, const Vex& v, Field reg, Field vvvv, Field rm, int imm_bytes = 0, int64_t imm = 0) {
    a.vr(v, reg, vvvv, rm, imm_bytes, imm);
  }
  static void vm(Assembler& a, const Vex& v, Field reg, Field vvvv, const Mem& m, int imm_bytes = 0, int64_t imm = 0) {
    a.vm(v, reg, vvvv, m, imm_bytes, imm);
  }
  // EVEX (src/evex.cpp): an instruction of `len` bytes written at room();
  // records the label use of a [rip + label] operand (disp32 at disp_at).
  static void commit(Assembler& a, const char* name, const Mem* m, unsigned len, unsigned disp_at) {
    if (m && m->kind == MemKind::LabelRel) {
      a.check_label(m->label, name);
      a.mem_ref(*m, len, disp_at);
    } else {
      a.size_ += len;
    }
  }
};

// A condition's low nibble; a value outside x86::Cond is an error.
inline unsigned cond_code(const char* name, Cond cond) {
  const auto c = static_cast<unsigned>(cond);
  if (c > 15) fail(name, "condition " + std::to_string(c) + " is not an x86::Cond (0..15)");
  return c;
}

// Operand-size checks shared by the families; `sizes` is a mask of allowed byte
// sizes (one bit each, so a size that is not a power of two never passes).
inline void check_size(const char* name, unsigned size, unsigned sizes) {
  if (!(size & sizes) || (size & (size - 1))) {
    std::string allowed;
    for (unsigned s : {1u, 2u, 4u, 8u})
      if (s & sizes) {
        if (!allowed.empty()) allowed += '/';
        allowed += std::to_string(8 * s);
      }
    fail(name, "operand size " + std::to_string(8 * size) + " bits is not allowed (" + allowed + " bits)");
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
