// A small AArch64 (ARMv8.0-A, A64) instruction emitter for the ras back end:
// only the forms the back end needs, 64-bit registers, with labels and
// branch fixups. Encodings: Arm ARM (DDI 0487) C4; checked against llvm-mc
// by tests/ras/a64 (test_a64_llvm_mc.py).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace ras::a64 {

// General registers x0..x30; 31 is xzr or sp depending on the instruction.
enum Reg : uint8_t { x0 = 0, x9 = 9, x15 = 15, x16 = 16, x17 = 17, x29 = 29, x30 = 30, xzr = 31, sp = 31 };
// Condition codes (the 4-bit field).
enum class Cond : uint8_t { eq, ne, hs, lo, mi, pl, vs, vc, hi, ls, ge, lt, gt, le, al };
constexpr Cond invert(Cond c) { return Cond(uint8_t(c) ^ 1); }

// Load/store kinds: width, sign extension, FP register.
enum class Mem : uint8_t { sb, ub, sh, uh, sw, uw, x, d, strb, strh, strw, strx, strd };

struct Label {
  int32_t id = -1;
  bool valid() const { return id >= 0; }
};

class Emitter {
 public:
  void clear();
  size_t size() const { return 4 * words_.size(); }  // bytes so far
  std::span<const uint32_t> words() const { return words_; }

  Label new_label();
  void bind(Label l);
  size_t offset(Label l) const { return 4 * size_t(bound_[size_t(l.id)]); }

  // Integer (64-bit). `rn`/`rd` of the imm12 forms may be sp (31).
  void add(Reg d, Reg n, Reg m) { word(0x8B000000u | rm(m) | rn(n) | d); }
  void sub(Reg d, Reg n, Reg m) { word(0xCB000000u | rm(m) | rn(n) | d); }
  void cmp(Reg n, Reg m) { word(0xEB000000u | rm(m) | rn(n) | xzr); }  // subs xzr
  void and_(Reg d, Reg n, Reg m) { word(0x8A000000u | rm(m) | rn(n) | d); }
  void orr(Reg d, Reg n, Reg m) { word(0xAA000000u | rm(m) | rn(n) | d); }
  void eor(Reg d, Reg n, Reg m) { word(0xCA000000u | rm(m) | rn(n) | d); }
  void orn(Reg d, Reg n, Reg m) { word(0xAA200000u | rm(m) | rn(n) | d); }
  void mov(Reg d, Reg m) { orr(d, xzr, m); }  // not sp
  void mul(Reg d, Reg n, Reg m) { word(0x9B007C00u | rm(m) | rn(n) | d); }
  void msub(Reg d, Reg n, Reg m, Reg a) { word(0x9B008000u | rm(m) | uint32_t(a) << 10 | rn(n) | d); }
  void sdiv(Reg d, Reg n, Reg m) { word(0x9AC00C00u | rm(m) | rn(n) | d); }
  void udiv(Reg d, Reg n, Reg m) { word(0x9AC00800u | rm(m) | rn(n) | d); }
  void lslv(Reg d, Reg n, Reg m) { word(0x9AC02000u | rm(m) | rn(n) | d); }
  void lsrv(Reg d, Reg n, Reg m) { word(0x9AC02400u | rm(m) | rn(n) | d); }
  void asrv(Reg d, Reg n, Reg m) { word(0x9AC02800u | rm(m) | rn(n) | d); }
  // imm12, optionally shifted left by 12: add/sub/cmp/cmn.
  void add_imm(Reg d, Reg n, uint32_t imm12, bool shift12 = false) { arith_imm(0x91000000u, d, n, imm12, shift12); }
  void sub_imm(Reg d, Reg n, uint32_t imm12, bool shift12 = false) { arith_imm(0xD1000000u, d, n, imm12, shift12); }
  void cmp_imm(Reg n, uint32_t imm12, bool shift12 = false) { arith_imm(0xF1000000u, xzr, n, imm12, shift12); }
  void cmn_imm(Reg n, uint32_t imm12, bool shift12 = false) { arith_imm(0xB1000000u, xzr, n, imm12, shift12); }
  void ubfm(Reg d, Reg n, unsigned immr, unsigned imms) { word(0xD3400000u | immr << 16 | imms << 10 | rn(n) | d); }
  void sbfm(Reg d, Reg n, unsigned immr, unsigned imms) { word(0x93400000u | immr << 16 | imms << 10 | rn(n) | d); }
  void csinc(Reg d, Reg n, Reg m, Cond c) { word(0x9A800400u | rm(m) | uint32_t(c) << 12 | rn(n) | d); }
  void cset(Reg d, Cond c) { csinc(d, xzr, xzr, invert(c)); }
  // if c: flags = n - imm5, else flags = nzcv.
  void ccmp_imm(Reg n, unsigned imm5, unsigned nzcv, Cond c) {
    word(0xFA400800u | imm5 << 16 | uint32_t(c) << 12 | rn(n) | nzcv);
  }
  void movz(Reg d, uint16_t imm, unsigned hw) { word(0xD2800000u | hw << 21 | uint32_t(imm) << 5 | d); }
  void movn(Reg d, uint16_t imm, unsigned hw) { word(0x92800000u | hw << 21 | uint32_t(imm) << 5 | d); }
  void movk(Reg d, uint16_t imm, unsigned hw) { word(0xF2800000u | hw << 21 | uint32_t(imm) << 5 | d); }
  // Any 64-bit value in at most four instructions (movz or movn, then movk).
  void mov_imm(Reg d, uint64_t value);

  // Loads and stores: [n + scaled unsigned imm12], [n + m], [n + simm9].
  // `t` is a d register number for Mem::d / strd.
  void ldst_imm(Mem kind, unsigned t, Reg n, uint32_t scaled_imm12);
  void ldst_reg(Mem kind, unsigned t, Reg n, Reg m);
  void ldst_unscaled(Mem kind, unsigned t, Reg n, int32_t simm9);
  static int scale(Mem kind);  // log2 of the access size

  // Doubles (d0..d31).
  void fmov(unsigned d, unsigned n) { word(0x1E604000u | rn(n) | d); }
  void fmov_from_x(unsigned d, Reg n) { word(0x9E670000u | rn(n) | d); }
  void fadd(unsigned d, unsigned n, unsigned m) { word(0x1E602800u | rm(m) | rn(n) | d); }
  void fsub(unsigned d, unsigned n, unsigned m) { word(0x1E603800u | rm(m) | rn(n) | d); }
  void fmul(unsigned d, unsigned n, unsigned m) { word(0x1E600800u | rm(m) | rn(n) | d); }
  void fdiv(unsigned d, unsigned n, unsigned m) { word(0x1E601800u | rm(m) | rn(n) | d); }
  void fneg(unsigned d, unsigned n) { word(0x1E614000u | rn(n) | d); }
  void fabs(unsigned d, unsigned n) { word(0x1E60C000u | rn(n) | d); }
  void fsqrt(unsigned d, unsigned n) { word(0x1E61C000u | rn(n) | d); }
  void scvtf(unsigned d, Reg n) { word(0x9E620000u | rn(n) | d); }
  void fcvtzs(Reg d, unsigned n) { word(0x9E780000u | rn(n) | d); }
  void fcmp(unsigned n, unsigned m) { word(0x1E602000u | rm(m) | rn(n)); }

  // Control flow. b_cond and cbz reach +-1 MiB, b and bl +-128 MiB. `site`
  // numbers a short branch for finalize() (the caller's own numbering).
  void b(Label l) { branch(0x14000000u, l, Fix::imm26, 0); }
  void bl(Label l) { branch(0x94000000u, l, Fix::imm26, 0); }
  void b_cond(Cond c, Label l, uint32_t site) { branch(0x54000000u | uint32_t(c), l, Fix::imm19, site); }
  void cbz(Reg t, Label l, uint32_t site) { branch(0xB4000000u | t, l, Fix::imm19, site); }
  // The same conditions skipping the next instruction (the long form of a
  // short branch: skip over a `b`). No fixup.
  void b_cond_skip(Cond c) { word(0x54000000u | 2u << 5 | uint32_t(c)); }
  void cbnz_skip(Reg t) { word(0xB5000000u | 2u << 5 | t); }
  void blr(Reg n) { word(0xD63F0000u | rn(n)); }
  void ret() { word(0xD65F03C0u); }
  void brk(uint16_t imm) { word(0xD4200000u | uint32_t(imm) << 5); }

  // Patch every branch. Returns the sites of the imm19 branches whose
  // target is out of reach (empty: the code is complete); an imm26 branch
  // out of reach throws ras::Error.
  std::vector<uint32_t> finalize();

 private:
  enum class Fix : uint8_t { imm19, imm26 };
  struct Fixup {
    uint32_t at;  // word index
    int32_t label;
    Fix kind;
    uint32_t site;
  };
  std::vector<uint32_t> words_;
  std::vector<int32_t> bound_;  // per label: word index, or -1
  std::vector<Fixup> fixups_;

  static uint32_t rm(unsigned r) { return uint32_t(r) << 16; }
  static uint32_t rn(unsigned r) { return uint32_t(r) << 5; }
  void word(uint32_t w) { words_.push_back(w); }
  void arith_imm(uint32_t base, Reg d, Reg n, uint32_t imm12, bool shift12) {
    word(base | uint32_t(shift12) << 22 | (imm12 & 0xfff) << 10 | rn(n) | d);
  }
  void branch(uint32_t base, Label l, Fix kind, uint32_t site);
};

}  // namespace ras::a64
