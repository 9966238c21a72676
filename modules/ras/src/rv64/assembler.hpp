// A RISC-V 64 code buffer: instruction words, labels, and the jumps whose
// length depends on their distance (relaxed when the code is laid out).
//
//   branch  b<cc> rs1, rs2, L      +-4 KiB; else b<!cc> over `jal zero, L`
//                                  (+-1 MiB); else b<!cc> over
//                                  `auipc t2, hi; jalr zero, lo(t2)` (+-2 GiB)
//   jump    jal zero, L            else auipc t2 + jalr zero
//   call    jal ra, L              else auipc ra + jalr ra
//
// finalize() starts every site short and lengthens the ones out of reach
// until nothing changes (lengths only grow, so it ends).
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

#include "isa.hpp"

namespace ras::rv64 {

// The register the long branch and jump forms build their target in: never
// a ras register, and never an operand of a branch the back end emits.
inline constexpr X kFarTemp = t2;

class Assembler {
 public:
  struct Label {
    int32_t id = -1;
    bool valid() const { return id >= 0; }
  };

  void clear();
  void reserve(size_t words) { words_.reserve(words); }
  // Bytes so far with every relaxable site at its short length.
  size_t size() const { return 4 * words_.size(); }

  Label new_label();
  void bind(Label label);

  // One instruction (fields checked by encode()).
  void emit(Ins ins, const Fields& fields) { words_.push_back(encode(ins, fields)); }
  void r(Ins ins, unsigned rd, unsigned rs1, unsigned rs2);
  void i(Ins ins, unsigned rd, unsigned rs1, int64_t imm);                         // I and Shift layouts
  void load(Ins ins, unsigned rd, unsigned base, int64_t offset);                  // lb..lwu, fld
  void store(Ins ins, unsigned value, unsigned base, int64_t offset);              // sb..sd, fsd
  void fp(Ins ins, unsigned rd, unsigned rs1, unsigned rs2 = 0, Rm rm = Rm::dyn);  // the D rows
  void mv(unsigned rd, unsigned rs) {
    if (rd != rs) i(Ins::addi, rd, rs, 0);
  }
  // rd = any 64-bit value: lui/addiw for 32-bit values, else a recursive
  // lui/addi/slli chain (at most 8 instructions).
  void li(unsigned rd, int64_t value);

  void branch(Ins b, unsigned rs1, unsigned rs2, Label target);  // beq..bgeu
  void jump(Label target);
  void call(Label target);

  // Lays out the code; throws std::length_error if a site is beyond +-2 GiB.
  std::span<const uint8_t> finalize();
  // After finalize().
  size_t label_offset(Label label) const;

 private:
  enum class SiteKind : uint8_t { branch, jump, call };
  struct Site {
    uint32_t word;  // its placeholder's index in words_
    int32_t label;
    SiteKind kind;
    Ins ins;  // branch: the condition
    uint8_t rs1, rs2;
    uint8_t size;  // bytes: 4, 8 or 12
  };
  struct LabelPos {
    int32_t word = -1;   // index of the next word when bound
    uint32_t sites = 0;  // relaxable sites before it
  };
  std::vector<uint32_t> words_;
  std::vector<Site> sites_;
  std::vector<LabelPos> labels_;
  std::vector<uint32_t> extra_;  // layout: bytes the sites before site k add beyond 4 each
  std::vector<uint8_t> bytes_;
  uint8_t* out_ = nullptr;  // finalize(): where the next byte goes

  void site(SiteKind kind, Ins ins, unsigned rs1, unsigned rs2, Label target);
  int64_t site_offset(size_t k) const { return 4 * int64_t{sites_[k].word} + extra_[k]; }
  void put(uint32_t word);
};

// The inverted condition of a branch row (beq <-> bne, blt <-> bge, bltu <-> bgeu).
Ins invert(Ins b);

}  // namespace ras::rv64
