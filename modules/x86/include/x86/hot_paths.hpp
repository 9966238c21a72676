// Inline fast paths for the instructions a JIT emits most (the asm reference's
// mix: 64-bit register moves and ALU ops, mov r64,imm, push/pop, ret, nop).
// They write the same bytes as the general, table-driven encoders in src/
// (the differential test goes through these), which handle every other form.
#pragma once

#include <array>
#include <cstring>
#include <type_traits>
#include <utility>

// Forced inline: these are a handful of instructions each, and an outlined
// call (GCC's inliner budget runs out in large dispatch loops) costs more.
#define X86_HOT [[gnu::always_inline]] inline

namespace x86 {

// The general paths get memory operands as copies made on their own branch:
// the caller's operand then never has its address taken on the fast path, so
// one built in the call stays in registers instead of being stored first.
template <typename T>
X86_HOT T slow_copy(const T& x) {
  return x;
}

// A well-formed 64-bit register (id 0..15, no high8 flag): only these take the
// fast paths; anything else goes to the general encoders, which reject what
// is not a register with an error (nothing emitted).
X86_HOT bool is_r64(Gp g) { return (g.size == 8) & (g.id < 16) & !g.high8; }

// One path for every `op r/m64, r64`: only the opcode differs.
X86_HOT void Assembler::alu(AluOp op, Gp dst, Gp src) {
  static constexpr uint8_t kOpcode[] = {0x01, 0x09, 0x11, 0x19, 0x21, 0x29, 0x31, 0x39, 0x89, 0x85};
  const auto i = static_cast<uint8_t>(op);
  if (is_r64(dst) && is_r64(src) && i < sizeof kOpcode) [[likely]]
    rr64(kOpcode[i], src.id, dst.id);
  else alu_any(op, dst, src);  // other sizes, and the errors
}
X86_HOT void Assembler::mov(Gp dst, Gp src) { alu(AluOp::Mov, dst, src); }
X86_HOT void Assembler::test(Gp a, Gp b) { alu(AluOp::Test, a, b); }

namespace detail {
// The ModRM/SIB/displacement layout of [base + index*scale + disp] for each
// (displacement class, has an index, base & 7), looked up rather than decided
// field by field: JIT code mixes bases, indexes and displacement sizes
// unpredictably, and one load replaces a dozen selections by mask.
// Displacement classes: 0 none, 1 disp8, 2 disp32 (rbp/r13 bases always have
// one: a zero disp8). A SIB byte comes with an index or an rsp/r12 base.
// Each entry, as one word so that using it takes no field extractions:
// bits 0-7 ModRM without reg (mod and rm), bits 8-15 the SIB without scale
// and index (the base; and index 100, "none", when only the base needs a
// SIB), bits 16-23 the bit where the displacement starts (8 after ModRM, 16
// after SIB), bits 24-31 the length of ModRM + SIB + displacement.
inline constexpr auto kMemLayouts = [] {
  std::array<uint32_t, 48> t{};
  for (unsigned cls = 0; cls < 3; ++cls)
    for (unsigned idx = 0; idx < 2; ++idx)
      for (unsigned lo = 0; lo < 8; ++lo) {
        const unsigned c = cls == 0 && lo == 5 ? 1 : cls, sib = idx | (lo == 4), disp_len = c == 2 ? 4 : c;
        const unsigned modrm = c << 6 | (sib ? 4 : lo), sib_byte = sib ? (idx ? lo : 0x20 | lo) : 0;
        t[cls << 4 | idx << 3 | lo] = modrm | sib_byte << 8 | (8 + 8 * sib) << 16 | (1 + sib + disp_len) << 24;
      }
  return t;
}();
// SIB.ss by scale; -1: not a scale (checked with or without an index).
inline constexpr int8_t kScaleBits[16] = {-1, 0, 1, -1, 2, -1, -1, -1, 3, -1, -1, -1, -1, -1, -1, -1};

// ModRM, SIB and displacement of a checked [base + index*scale + disp]
// (64-bit base 0..15, index 0..15 but not 4, a valid scale, disp32) with
// `reg` in ModRM.reg, as one little-endian word of which the first *len
// bytes count (the rest is scratch the caller writes over or leaves past the end).
X86_HOT uint64_t mem_tail_word(unsigned reg, const Mem& m, unsigned* len) {
  const int64_t d = m.disp;
  const unsigned disp_class = (d != 0) + (static_cast<uint64_t>(d + 128) > 255);
  const uint32_t f = kMemLayouts[disp_class << 4 | unsigned{m.has_index} << 3 | (m.base.id & 7u)];
  const uint64_t ss = static_cast<uint64_t>(kScaleBits[m.scale & 15]) & 3u;
  const uint64_t sib_index = (ss << 6 | (m.index.id & 7u) << 3) & (uint64_t{0} - m.has_index);
  *len = f >> 24;
  // The displacement as it is (sign-extended): the bytes past its length are scratch.
  return ((f & 0xFFFFu) | (reg & 7u) << 3 | sib_index << 8) | static_cast<uint64_t>(d) << (f >> 16 & 63u);
}
}  // namespace detail

// [base + index*scale + disp] with a 64-bit register in ModRM.reg (see
// src/encode.cpp for the general form and its rules).
X86_HOT bool Assembler::rm64(unsigned opcode, unsigned reg, const Mem& m) {
  // The checks are combined without branches (one rarely taken exit).
  const bool idx = m.has_index;
  // A scale is checked with or without an index (the general path names a bad one).
  const bool bad_index =
      (idx & (!is_r64(m.index) | (m.index.id == 4))) | (detail::kScaleBits[m.scale & 15] < 0) | (m.scale > 15);
  if ((m.kind != MemKind::Based) | !m.has_base | !is_r64(m.base) | bad_index | (reg > 15) | (m.disp < INT32_MIN) |
      (m.disp > INT32_MAX))
    return false;
  // REX, opcode, ModRM, [SIB], disp: at most 8 bytes, written as one word.
  const unsigned index = idx ? m.index.id : 0u;
  const uint64_t rex = 0x48u | (reg >> 1 & 4) | (index >> 2 & 2) | m.base.id >> 3;
  unsigned tail_len;
  const uint64_t tail = detail::mem_tail_word(reg, m, &tail_len);
  put_bytes(rex | opcode << 8 | tail << 16, 2 + tail_len);
  return true;
}

// Memory operands: the 64-bit register forms go through rm64 (no label, rip or
// absolute addressing); anything it declines takes the general path.
inline bool mem_is_64(const Mem& m) { return m.size == 0 || m.size == 8; }

#define X86_ALU_MEM(fn, k)                                                                                    \
  X86_HOT void Assembler::fn(Gp dst, const Mem& src) {                                                        \
    if (!(is_r64(dst) && mem_is_64(src) && rm64(8 * k + 3, dst.id, src))) alu_rm_any(k, dst, slow_copy(src)); \
  }                                                                                                           \
  X86_HOT void Assembler::fn(const Mem& dst, Gp src) {                                                        \
    if (!(is_r64(src) && mem_is_64(dst) && rm64(8 * k + 1, src.id, dst))) alu_mr_any(k, slow_copy(dst), src); \
  }                                                                                                           \
  X86_HOT void Assembler::fn(Gp dst, Imm imm) { alu_ri(k, dst, imm); }                                        \
  X86_HOT void Assembler::fn(Gp dst, Gp src) { alu(static_cast<AluOp>(k), dst, src); }
#define X86_ALU(m, n, k) X86_ALU_MEM(m, k)
#include "x86/insns.def"
#undef X86_ALU_MEM

// 64-bit register, immediate: 83 /k ib when it fits a byte, else 81 /k id,
// or for rax the accumulator's short form REX.W 8k+5 id (errors and other
// sizes are left to the general path).
X86_HOT void Assembler::alu_ri(unsigned k, Gp dst, Imm imm) {
  const int64_t v = imm.value;
  if (is_r64(dst) && v >= INT32_MIN && v <= INT32_MAX) {
    const uint64_t head = (0x48u | dst.id >> 3) | (0xC0u | k << 3 | (dst.id & 7)) << 16;
    const uint64_t imm32 = static_cast<uint64_t>(v) & 0xFFFFFFFFu;
    if (v >= -128 && v <= 127) put_bytes(head | 0x83u << 8 | (imm32 & 0xFF) << 24, 4);
    else if (dst.id != 0) put_bytes(head | 0x81u << 8 | imm32 << 24, 7);
    else put_bytes(0x48u | (8 * k + 5) << 8 | imm32 << 16, 6);
  } else {
    alu_ri_any(k, dst, imm);
  }
}

X86_HOT void Assembler::mov(Gp dst, const Mem& src) {
  if (!(is_r64(dst) && mem_is_64(src) && rm64(0x8B, dst.id, src))) mov_rm_any(dst, slow_copy(src));
}
X86_HOT void Assembler::mov(const Mem& dst, Gp src) {
  if (!(is_r64(src) && mem_is_64(dst) && rm64(0x89, src.id, dst))) mov_mr_any(slow_copy(dst), src);
}
X86_HOT void Assembler::lea(Gp dst, const Mem& src) {
  if (!(is_r64(dst) && rm64(0x8D, dst.id, src))) lea_any(dst, slow_copy(src));
}

X86_HOT void Assembler::mov(Gp dst, Imm imm) {
  const int64_t v = imm.value;
  if (!is_r64(dst)) return mov_imm_any(dst, imm);
  const uint64_t rex_b = dst.id >> 3, r = dst.id & 7u;
  if (static_cast<uint64_t>(v) <= 0xFFFFFFFFu) {  // [REX.B] B8+r id: zero-extends
    const uint64_t bytes =
        rex_b ? 0x41u | (0xB8u + r) << 8 | static_cast<uint64_t>(v) << 16 : (0xB8u + r) | static_cast<uint64_t>(v) << 8;
    put_bytes(bytes, 5 + static_cast<unsigned>(rex_b));
  } else if (v < 0 && v >= INT32_MIN) {  // REX.W C7 /0 id (negative int32)
    mov_imm32_sx(dst, imm);
  } else {
    mov_imm_any(dst, imm);
  }
}

X86_HOT void Assembler::mov_imm32_sx(Gp dst, Imm imm) {
  const int64_t v = imm.value;
  if (!is_r64(dst) || v < INT32_MIN || v > INT32_MAX) return mov_imm32_sx_any(dst, imm);
  put_bytes((0x48u | dst.id >> 3) | 0xC7u << 8 | (0xC0u | (dst.id & 7u)) << 16 |
                (static_cast<uint64_t>(v) & 0xFFFFFFFFu) << 24,
            7);
}

X86_HOT void Assembler::push(Gp reg) {
  if (is_r64(reg)) plus_r(0x50, reg.id);
  else push_any(reg);
}
X86_HOT void Assembler::pop(Gp reg) {
  if (is_r64(reg)) plus_r(0x58, reg.id);
  else pop_any(reg);
}

// Label jumps are recorded out of line of the byte stream (finalize() sizes them).
X86_HOT void Assembler::jmp(Label target) { label_jump(false, 0, target); }
X86_HOT void Assembler::jcc(Cond cond, Label target) { label_jump(true, static_cast<uint8_t>(cond), target); }
X86_HOT void Assembler::bind(Label label) {
  if (label.id < labels_.size() && labels_[label.id].raw == SIZE_MAX) [[likely]]
    labels_[label.id] = LabelState{size_, jumps_};
  else bind_slow(label);  // names the error
}

X86_HOT void Assembler::db(uint8_t byte) { put_bytes(byte, 1); }
X86_HOT void Assembler::ret() { put_bytes(0xC3, 1); }
X86_HOT void Assembler::nop() { put_bytes(0x90, 1); }

// ---- VEX rows --------------------------------------------------------------------
// The usual vector forms (vector registers 0-15, an imm8 in range, memory
// [base + index*scale + disp32] of the row's size) are written inline with the
// row's Encoding as a constant, so prefix, map, opcode, W, L and pp fold away
// and, where the caller's operands are constants, so do their checks. The rest
// goes out of line to the row's general path (vx in src/vec.cpp).
namespace detail {
constexpr bool vex_fast_shape(Shape s) {
  return s == Shape::V_VVM || s == Shape::V_VVMI || s == Shape::V_VM || s == Shape::V_VMI || s == Shape::M_V ||
         s == Shape::V_VXM || s == Shape::V_VI || s == Shape::V_XM || s == Shape::X_YM || s == Shape::X_X ||
         s == Shape::V_MEM || s == Shape::V_VV || s == Shape::V_VMEM || s == Shape::M_VV || s == Shape::XM_VI ||
         s == Shape::Y_YXMI;
}
// The row of a load move's store twin (op2): the same but for the prefix,
// which differs for vmovq (F3 0F 7E, store 66 0F D6).
constexpr Encoding store_twin(Encoding e) {
  if (e.prefix2) e.prefix = e.prefix2;
  return e;
}
template <typename T>
constexpr bool kVexFastOperand =
    std::is_same_v<T, Xmm> || std::is_same_v<T, Ymm> || std::is_same_v<T, Mem> || std::is_same_v<T, Imm>;

// The VEX prefix and opcode `op` of row E for each (R, X, B), the high bits
// of ModRM.reg, the index and the base (or ModRM.rm), with vvvv = 0 (stored
// inverted: 1111, xor-ed with the register): C5 when the map is 0F, W0 and no
// X/B bit is needed, else C4. A table rather than both forms and a selection:
// whether X/B are needed follows the registers, which JIT code mixes
// unpredictably.
template <Encoding E, uint8_t Op>
inline constexpr auto kVexHeads = [] {
  constexpr unsigned kPp = vex_pp(E.prefix);
  constexpr uint64_t kTail = 15u << 3 | E.l << 2 | kPp;  // vvvv, L, pp
  std::array<uint64_t, 8> t{};
  for (unsigned rxb = 0; rxb < 8; ++rxb) {
    if (E.map == 1 && !E.w && (rxb & 3) == 0) t[rxb] = 0xC5u | ((rxb >> 2 ^ 1u) << 7 | kTail) << 8 | uint64_t{Op} << 16;
    else t[rxb] = 0xC4u | ((rxb ^ 7u) << 5 | E.map) << 8 | (E.w << 7 | kTail) << 16 | uint64_t{Op} << 24;
  }
  return t;
}();
}  // namespace detail

template <Encoding E, typename... A>
X86_HOT bool Assembler::vex_fast(const A&... args) {
  constexpr Shape kShape = static_cast<Shape>(E.shape);
  if constexpr (!detail::vex_fast_shape(kShape) || !(... && detail::kVexFastOperand<A>)) {
    return false;
  } else {
    constexpr Roles r = kVexRoles[E.shape];
    unsigned id[4] = {0, 0, 0, 0}, any = 0;
    const Mem* m = nullptr;
    int64_t imm = 0;
    size_t i = 0;
    auto take = [&](const auto& x) {
      using T = std::decay_t<decltype(x)>;
      if constexpr (std::is_same_v<T, Mem>) m = &x;
      else if constexpr (std::is_same_v<T, Imm>) imm = x.value;
      else any |= id[i] = x.id;
      ++i;
    };
    (take(args), ...);
    const unsigned reg = r.reg >= 0 ? id[r.reg] : (E.digit & 7u);
    const unsigned vvvv = r.vvvv >= 0 ? id[r.vvvv] : 0u;
    // One test of everything that sends the operands to the general path:
    // the checks are or-ed (no branch each), and ids < 16 are tested on the
    // or of all of them. A full buffer also goes there (the general path
    // grows it), so this one keeps nothing live across a call.
    bool bad = cap_ - size_ < 16;
    if constexpr (r.imm >= 0) bad |= (imm < -128) | (imm > 255);
    // The prefix and opcode from the table, vvvv xor-ed in where it sits
    // (C5: byte 1, C4: byte 2, bits 3-6, i.e. 13 bits below the head's end).
    // The length is worked out beside the load, not read from it (C4 only:
    // a constant), so what depends on it need not wait for the load.
    auto head = [&](const auto& table, unsigned rxb, unsigned* hlen) -> uint64_t {
      if constexpr (E.map == 1 && !E.w) *hlen = 3 + ((rxb & 3) != 0);
      else *hlen = 4;
      return table[rxb] ^ static_cast<uint64_t>(vvvv) << (8 * *hlen - 13);
    };
    unsigned hlen, len;
    uint64_t word;
    uint8_t* p = buf_ + size_;
    if constexpr (!(... || std::is_same_v<A, Mem>)) {
      unsigned rg = reg, rm = id[r.rm];
      if ((any > 15) | bad) [[unlikely]]
        return false;
      if constexpr (E.op2 != 0) {  // llvm-mc's store twin for moves (see vx in src/vec.cpp)
        if (rg < 8 && rm >= 8) {
          std::swap(rg, rm);
          word = head(detail::kVexHeads<detail::store_twin(E), E.op2>, (rg >> 1 & 4) | rm >> 3, &hlen);
        } else {
          word = head(detail::kVexHeads<E, E.op>, (rg >> 1 & 4) | rm >> 3, &hlen);
        }
      } else {
        word = head(detail::kVexHeads<E, E.op>, (rg >> 1 & 4) | rm >> 3, &hlen);
      }
      word |= uint64_t{0xC0u | (rg & 7) << 3 | (rm & 7)} << (8 * hlen);
      len = hlen + 1;
      std::memcpy(p, &word, 8);
    } else {
      const bool idx = m->has_index;
      const unsigned index = idx ? m->index.id : 0u;
      bad |= (m->kind != MemKind::Based) | !m->has_base | (m->base.size != 8) | m->base.high8 | (m->vindex != 0) |
             (m->scale > 15) | (detail::kScaleBits[m->scale & 15] < 0) | (m->disp < INT32_MIN) | (m->disp > INT32_MAX) |
             (idx & ((m->index.size != 8) | m->index.high8 | (index == 4)));
      if constexpr (E.mem != 0) bad |= (m->size != 0) & (m->size != E.mem);
      if (((any | m->base.id | index) > 15) | bad) [[unlikely]]
        return false;
      // The prefix is stored as soon as it is made (fewer values live at once).
      word = head(detail::kVexHeads<E, E.op>, (reg >> 1 & 4) | (index >> 2 & 2) | m->base.id >> 3, &hlen);
      std::memcpy(p, &word, 8);
      unsigned tail_len;
      const uint64_t rest = detail::mem_tail_word(reg, *m, &tail_len);
      std::memcpy(p + hlen, &rest, 8);
      len = hlen + tail_len;
    }
    if constexpr (r.imm >= 0) p[len++] = static_cast<uint8_t>(imm);
    size_ += len;
    return true;
  }
}

// The general path gets its operands through slow_copy (see there).
#define X86_HOTV_(m, e, params, args, copies)                            \
  X86_HOT void Assembler::m params {                                     \
    if (!vex_fast<X86_HOT_UNPAREN e>(X86_HOT_UNPAREN args)) [[unlikely]] \
      m(VexAny{}, X86_HOT_UNPAREN copies);                               \
  }
#define X86_HOT_UNPAREN(...) __VA_ARGS__
#define X86_HOT_CP(x) slow_copy(x)
#define X86_HOTV2(m, n, e, A, B) \
  X86_HOTV_(m, e, (detail::In<A> a, detail::In<B> b), (a, b), (X86_HOT_CP(a), X86_HOT_CP(b)))
#define X86_HOTV3(m, n, e, A, B, C)                                               \
  X86_HOTV_(m, e, (detail::In<A> a, detail::In<B> b, detail::In<C> c), (a, b, c), \
            (X86_HOT_CP(a), X86_HOT_CP(b), X86_HOT_CP(c)))
#define X86_HOTV4(m, n, e, A, B, C, D)                                                                \
  X86_HOTV_(m, e, (detail::In<A> a, detail::In<B> b, detail::In<C> c, detail::In<D> d), (a, b, c, d), \
            (X86_HOT_CP(a), X86_HOT_CP(b), X86_HOT_CP(c), X86_HOT_CP(d)))
#define X86_VEX(...) X86_ROWS_VEX(X86_HOTV, __VA_ARGS__)
#include "x86/insns.def"
#undef X86_HOTV_
#undef X86_HOT_UNPAREN
#undef X86_HOT_CP
#undef X86_HOTV2
#undef X86_HOTV3
#undef X86_HOTV4

}  // namespace x86

#undef X86_HOT
