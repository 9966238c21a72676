// Typed x86-64 operands: general-purpose and xmm registers, memory references,
// immediates and labels. Values are small and trivially copyable; whether a
// combination is encodable is decided by the Assembler, which reports x86::Error.
#pragma once

#include <concepts>
#include <cstdint>

namespace x86 {

// A general-purpose register of 1, 2, 4 or 8 bytes. `id` is the hardware number
// 0..15; ah, ch, dh, bh are ids 4..7 with `high8` set (usable only without REX).
struct Gp {
  uint8_t id = 0;
  uint8_t size = 8;
  bool high8 = false;

  constexpr bool operator==(const Gp&) const = default;
  // spl, bpl, sil, dil need a REX prefix to be told apart from ah..bh.
  constexpr bool needs_rex() const { return id >= 8 || (size == 1 && id >= 4 && !high8); }
  constexpr Gp r64() const { return Gp{id, 8, false}; }
  constexpr Gp r32() const { return Gp{id, 4, false}; }
  constexpr Gp r16() const { return Gp{id, 2, false}; }
  constexpr Gp r8() const { return Gp{id, 1, false}; }
};

// Vector registers: xmm0..xmm15 (xmm16..31 only with EVEX), ymm, zmm; and the
// AVX-512 mask registers k0..k7. An instruction form says which type each
// operand position takes, so a ymm given to an SSE form does not compile, and
// through x86::emit (run-time operands) it is an error naming the position.
template <typename T>
struct Masked;
struct KReg;
struct Xmm {
  uint8_t id = 0;
  constexpr bool operator==(const Xmm&) const = default;
  constexpr Masked<Xmm> k(KReg mask) const;  // EVEX write mask: xmm1 {k1}
};
struct Ymm {
  uint8_t id = 0;
  constexpr bool operator==(const Ymm&) const = default;
  constexpr Masked<Ymm> k(KReg mask) const;
};
struct Zmm {
  uint8_t id = 0;
  constexpr bool operator==(const Zmm&) const = default;
  constexpr Masked<Zmm> k(KReg mask) const;
};
struct KReg {
  uint8_t id = 0;
  constexpr bool operator==(const KReg&) const = default;
  constexpr Masked<KReg> k(KReg mask) const;  // compares into a mask: k1 {k2}
};

// AVX-512 (EVEX) decorations. A write mask on the destination, {k1}..{k7},
// with merging (the default) or zeroing ({z}): a.vaddps(zmm1.k(k2).z(), zmm2,
// zmm3) is `vaddps zmm1 {k2} {z}, zmm2, zmm3`. Only EVEX forms take a Masked
// operand (they also take the plain register: the conversion is implicit);
// the encoder refuses k0 as a mask, {z} without a mask, and {z} where the
// destination is memory or a mask register.
template <typename T>
struct Masked {
  T reg{};
  uint8_t k = 0;        // the mask register's id, meaningful when `masked`
  bool masked = false;  // a {k} was given (k0 included, which is an error)
  bool zero = false;    // {z}
  constexpr Masked() = default;
  constexpr Masked(T r) : reg(r) {}
  constexpr Masked(T r, KReg mask, bool z = false) : reg(r), k(mask.id), masked(true), zero(z) {}
  constexpr Masked z() const {
    Masked m = *this;
    m.zero = true;
    return m;
  }
};
using XmmK = Masked<Xmm>;
using YmmK = Masked<Ymm>;
using ZmmK = Masked<Zmm>;
using KRegK = Masked<KReg>;
constexpr Masked<Xmm> Xmm::k(KReg mask) const { return {*this, mask}; }
constexpr Masked<Ymm> Ymm::k(KReg mask) const { return {*this, mask}; }
constexpr Masked<Zmm> Zmm::k(KReg mask) const { return {*this, mask}; }
constexpr Masked<KReg> KReg::k(KReg mask) const { return {*this, mask}; }

// Embedded rounding ({rn-sae} round to nearest, {rd-sae} down, {ru-sae} up,
// {rz-sae} toward zero; each suppresses exceptions) and SAE alone ({sae}):
// the last register operand of an EVEX register form that has them,
// a.vaddps(zmm1, zmm2, zmm3, rz_sae).
enum class Round : uint8_t { RnSae, RdSae, RuSae, RzSae, Sae };
inline constexpr Round rn_sae = Round::RnSae, rd_sae = Round::RdSae, ru_sae = Round::RuSae, rz_sae = Round::RzSae,
                       sae = Round::Sae;

// A code position created by Assembler::new_label and fixed by Assembler::bind.
struct Label {
  static constexpr uint32_t kNone = 0xFFFFFFFFu;
  uint32_t id = kNone;
  constexpr bool valid() const { return id != kNone; }
  constexpr bool operator==(const Label&) const = default;
};

// An immediate operand; the instruction decides how many bytes it gets.
struct Imm {
  int64_t value = 0;
  constexpr Imm() = default;
  template <std::integral T>
  constexpr Imm(T v) : value(static_cast<int64_t>(v)) {}
};

// How a memory operand forms its address.
enum class MemKind : uint8_t {
  Based,     // [base + index*scale + disp] (base and/or index)
  Absolute,  // [disp32] through a SIB byte (sign-extended 32-bit address)
  Rip,       // [rip + disp32]
  LabelRel,  // [rip + label + disp]
};

struct Bcst;

// [base + index*scale + disp] with an operand size in bytes (0 = taken from the
// other operand or implied by the instruction). Range checks happen on encoding.
struct Mem {
  MemKind kind = MemKind::Based;
  bool has_base = false;
  bool has_index = false;
  uint8_t scale = 1;   // 1, 2, 4 or 8
  uint8_t size = 0;    // 0, 1, 2, 4, 8, 16, 32, 64
  uint8_t vindex = 0;  // VSIB (gathers): 16/32/64 = the index is xmm/ymm/zmm number index.id
  Gp base{};
  Gp index{};
  int64_t disp = 0;
  uint32_t label = Label::kNone;

  // The same address with another operand size.
  constexpr Mem sized(uint8_t bytes) const {
    Mem m = *this;
    m.size = bytes;
    return m;
  }
  // EVEX: a masked store destination (`[rax] {k1}`) and an embedded broadcast
  // source (`dword ptr [rax]{1to16}`: one element loaded and repeated; its
  // size, when given, must be the form's element size). `bcst(n)` gives the
  // element count N of {1toN}: checked where the form implies it, required
  // where it picks the vector length (`qword_ptr(rax).bcst(4)` into an xmm
  // destination of vcvtpd2ps is {1to4}, 256 bits).
  constexpr Masked<Mem> k(KReg mask) const;
  constexpr Bcst bcst(uint8_t count = 0) const;
};

// A broadcast memory source of an EVEX form ({1toN}; count: N, 0 = the form's).
struct Bcst {
  Mem mem{};
  uint8_t count = 0;
};
constexpr Bcst Mem::bcst(uint8_t count) const { return Bcst{*this, count}; }
constexpr Masked<Mem> Mem::k(KReg mask) const { return {*this, mask}; }
using MemK = Masked<Mem>;

// Condition codes in their encoding order (the low nibble of jcc/setcc/cmovcc).
enum class Cond : uint8_t {
  O = 0,
  NO,
  B,
  AE,
  E,
  NE,
  BE,
  A,
  S,
  NS,
  P,
  NP,
  L,
  GE,
  LE,
  G,
  C = B,
  NAE = B,
  NB = AE,
  NC = AE,
  Z = E,
  NZ = NE,
  NA = BE,
  NBE = A,
  PE = P,
  PO = NP,
  NGE = L,
  NL = GE,
  NG = LE,
  NLE = G,
};

// ---- register constants -------------------------------------------------

#define X86_GP_SET(n64, n32, n16, n8, i) inline constexpr Gp n64{i, 8}, n32{i, 4}, n16{i, 2}, n8{i, 1};
X86_GP_SET(rax, eax, ax, al, 0)
X86_GP_SET(rcx, ecx, cx, cl, 1)
X86_GP_SET(rdx, edx, dx, dl, 2)
X86_GP_SET(rbx, ebx, bx, bl, 3)
X86_GP_SET(rsp, esp, sp, spl, 4)
X86_GP_SET(rbp, ebp, bp, bpl, 5)
X86_GP_SET(rsi, esi, si, sil, 6)
X86_GP_SET(rdi, edi, di, dil, 7)
X86_GP_SET(r8, r8d, r8w, r8b, 8)
X86_GP_SET(r9, r9d, r9w, r9b, 9)
X86_GP_SET(r10, r10d, r10w, r10b, 10)
X86_GP_SET(r11, r11d, r11w, r11b, 11)
X86_GP_SET(r12, r12d, r12w, r12b, 12)
X86_GP_SET(r13, r13d, r13w, r13b, 13)
X86_GP_SET(r14, r14d, r14w, r14b, 14)
X86_GP_SET(r15, r15d, r15w, r15b, 15)
#undef X86_GP_SET

inline constexpr Gp ah{4, 1, true}, ch{5, 1, true}, dh{6, 1, true}, bh{7, 1, true};

// clang-format off
#define X86_VEC_SET(i) inline constexpr Xmm xmm##i{i}; inline constexpr Ymm ymm##i{i}; inline constexpr Zmm zmm##i{i};
X86_VEC_SET(0) X86_VEC_SET(1) X86_VEC_SET(2) X86_VEC_SET(3) X86_VEC_SET(4) X86_VEC_SET(5) X86_VEC_SET(6)
X86_VEC_SET(7) X86_VEC_SET(8) X86_VEC_SET(9) X86_VEC_SET(10) X86_VEC_SET(11) X86_VEC_SET(12) X86_VEC_SET(13)
X86_VEC_SET(14) X86_VEC_SET(15) X86_VEC_SET(16) X86_VEC_SET(17) X86_VEC_SET(18) X86_VEC_SET(19) X86_VEC_SET(20)
X86_VEC_SET(21) X86_VEC_SET(22) X86_VEC_SET(23) X86_VEC_SET(24) X86_VEC_SET(25) X86_VEC_SET(26) X86_VEC_SET(27)
X86_VEC_SET(28) X86_VEC_SET(29) X86_VEC_SET(30) X86_VEC_SET(31)
#undef X86_VEC_SET
inline constexpr KReg k0{0}, k1{1}, k2{2}, k3{3}, k4{4}, k5{5}, k6{6}, k7{7};
// clang-format on

// The 64-bit register with hardware number `id` (0..15).
constexpr Gp gp64(unsigned id) { return Gp{static_cast<uint8_t>(id), 8}; }

// ---- memory operand builders (unsized: size comes from the other operand) ----

constexpr Mem ptr(Gp base, int64_t disp = 0) {
  Mem m;
  m.has_base = true;
  m.base = base;
  m.disp = disp;
  return m;
}
constexpr Mem ptr(Gp base, Gp index, unsigned scale = 1, int64_t disp = 0) {
  Mem m = ptr(base, disp);
  m.has_index = true;
  m.index = index;
  m.scale = static_cast<uint8_t>(scale);
  return m;
}
// VSIB addresses of gathers: [base + xmm/ymm index*scale + disp].
constexpr Mem ptr(Gp base, Xmm index, unsigned scale = 1, int64_t disp = 0) {
  Mem m = ptr(base, Gp{index.id, 8}, scale, disp);
  m.vindex = 16;
  return m;
}
constexpr Mem ptr(Gp base, Ymm index, unsigned scale = 1, int64_t disp = 0) {
  Mem m = ptr(base, Gp{index.id, 8}, scale, disp);
  m.vindex = 32;
  return m;
}
constexpr Mem ptr(Gp base, Zmm index, unsigned scale = 1, int64_t disp = 0) {  // AVX-512 gathers/scatters
  Mem m = ptr(base, Gp{index.id, 8}, scale, disp);
  m.vindex = 64;
  return m;
}
// [index*scale + disp32] without a base register.
constexpr Mem ptr_index(Gp index, unsigned scale, int64_t disp = 0) {
  Mem m;
  m.has_index = true;
  m.index = index;
  m.scale = static_cast<uint8_t>(scale);
  m.disp = disp;
  return m;
}
// An absolute address that fits a sign-extended 32-bit displacement.
constexpr Mem ptr_abs(int64_t address) {
  Mem m;
  m.kind = MemKind::Absolute;
  m.disp = address;
  return m;
}
constexpr Mem ptr_rip(int64_t disp) {
  Mem m;
  m.kind = MemKind::Rip;
  m.disp = disp;
  return m;
}
constexpr Mem ptr(Label label, int64_t disp = 0) {
  Mem m;
  m.kind = MemKind::LabelRel;
  m.label = label.id;
  m.disp = disp;
  return m;
}

// Sized builders: byte_ptr(rdi, 8), qword_ptr(rax, rcx, 8, -16), qword_ptr(label) ...
#define X86_SIZED_PTR(name, bytes)                                                    \
  template <typename... A>                                                            \
  constexpr Mem name(A... a) {                                                        \
    return ptr(a...).sized(bytes);                                                    \
  }                                                                                   \
  constexpr Mem name##_abs(int64_t address) { return ptr_abs(address).sized(bytes); } \
  constexpr Mem name##_rip(int64_t disp) { return ptr_rip(disp).sized(bytes); }
X86_SIZED_PTR(byte_ptr, 1)
X86_SIZED_PTR(word_ptr, 2)
X86_SIZED_PTR(dword_ptr, 4)
X86_SIZED_PTR(qword_ptr, 8)
X86_SIZED_PTR(xmmword_ptr, 16)
X86_SIZED_PTR(ymmword_ptr, 32)
X86_SIZED_PTR(zmmword_ptr, 64)
#undef X86_SIZED_PTR

}  // namespace x86
