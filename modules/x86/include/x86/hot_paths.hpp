// Inline fast paths for the instructions a JIT emits most (the asm reference's
// mix: 64-bit register moves and ALU ops, mov r64,imm, push/pop, ret, nop).
// They write the same bytes as the general, table-driven encoders in src/
// (the differential test goes through these), which handle every other form.
#pragma once

// Forced inline: these are a handful of instructions each, and an outlined
// call (GCC's inliner budget runs out in large dispatch loops) costs more.
#define X86_HOT [[gnu::always_inline]] inline

namespace x86 {

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
  else
    alu_any(op, dst, src);  // other sizes, and the errors
}
X86_HOT void Assembler::mov(Gp dst, Gp src) { alu(AluOp::Mov, dst, src); }
X86_HOT void Assembler::test(Gp a, Gp b) { alu(AluOp::Test, a, b); }

// [base + index*scale + disp] with a 64-bit register in ModRM.reg (see
// src/encode.cpp for the general form and its rules).
X86_HOT bool Assembler::rm64(unsigned opcode, unsigned reg, const Mem& m) {
  // Written without data-dependent branches: JIT code mixes bases, indexes and
  // displacement sizes unpredictably.
  static constexpr int8_t kScaleBits[16] = {-1, 0, 1, -1, 2, -1, -1, -1, 3, -1, -1, -1, -1, -1, -1, -1};
  const bool idx = m.has_index;
  // A scale is checked with or without an index (the general path names a bad one).
  const bool bad_index = (idx & (!is_r64(m.index) | (m.index.id == 4))) | (kScaleBits[m.scale & 15] < 0) |
                         (m.scale > 15);
  if ((m.kind != MemKind::Based) | !m.has_base | !is_r64(m.base) | bad_index | (reg > 15) |
      (m.disp < INT32_MIN) | (m.disp > INT32_MAX))
    return false;
  const unsigned b = m.base.id & 7u;
  const unsigned index = idx ? m.index.id : 4u;  // 4 with no REX.X: no index
  const unsigned ss = idx ? static_cast<unsigned>(kScaleBits[m.scale & 15]) : 0u;
  const unsigned sib = idx | (b == 4);           // rsp/r12 bases need a SIB byte
  const unsigned mod = ((m.disp != 0) | (b == 5)) * (1u + ((m.disp < -128) | (m.disp > 127)));
  const unsigned disp_len = (0x040100u >> (8 * mod)) & 0xFF;  // mod 0/1/2 -> 0/1/4 bytes
  // REX, opcode, ModRM, [SIB], disp: at most 8 bytes, written as one word.
  const uint64_t rex = 0x48u | (reg >> 3) << 2 | (index >> 3) << 1 | m.base.id >> 3;
  const uint64_t modrm = mod << 6 | (reg & 7u) << 3 | (sib ? 4u : b);
  const uint64_t sib_byte = sib ? (ss << 6 | (index & 7u) << 3 | b) : 0u;
  const uint64_t disp = static_cast<uint32_t>(m.disp);
  put_bytes(rex | opcode << 8 | modrm << 16 | sib_byte << 24 | disp << (24 + 8 * sib), 3 + sib + disp_len);
  return true;
}

// Memory operands: the 64-bit register forms go through rm64 (no label, rip or
// absolute addressing); anything it declines takes the general path.
inline bool mem_is_64(const Mem& m) { return m.size == 0 || m.size == 8; }

#define X86_ALU_MEM(fn, k)                                                           \
  X86_HOT void Assembler::fn(Gp dst, const Mem& src) {                                \
    if (!(is_r64(dst) && mem_is_64(src) && rm64(8 * k + 3, dst.id, src)))            \
      alu_rm_any(k, dst, src);                                                       \
  }                                                                                  \
  X86_HOT void Assembler::fn(const Mem& dst, Gp src) {                                \
    if (!(is_r64(src) && mem_is_64(dst) && rm64(8 * k + 1, src.id, dst)))            \
      alu_mr_any(k, dst, src);                                                       \
  }                                                                                  \
  X86_HOT void Assembler::fn(Gp dst, Imm imm) { alu_ri(k, dst, imm); }                 \
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
    if (v >= -128 && v <= 127)
      put_bytes(head | 0x83u << 8 | (imm32 & 0xFF) << 24, 4);
    else if (dst.id != 0)
      put_bytes(head | 0x81u << 8 | imm32 << 24, 7);
    else
      put_bytes(0x48u | (8 * k + 5) << 8 | imm32 << 16, 6);
  } else {
    alu_ri_any(k, dst, imm);
  }
}

X86_HOT void Assembler::mov(Gp dst, const Mem& src) {
  if (!(is_r64(dst) && mem_is_64(src) && rm64(0x8B, dst.id, src))) mov_rm_any(dst, src);
}
X86_HOT void Assembler::mov(const Mem& dst, Gp src) {
  if (!(is_r64(src) && mem_is_64(dst) && rm64(0x89, src.id, dst))) mov_mr_any(dst, src);
}
X86_HOT void Assembler::lea(Gp dst, const Mem& src) {
  if (!(is_r64(dst) && rm64(0x8D, dst.id, src))) lea_any(dst, src);
}

X86_HOT void Assembler::mov(Gp dst, Imm imm) {
  const int64_t v = imm.value;
  if (!is_r64(dst)) return mov_imm_any(dst, imm);
  const uint64_t rex_b = dst.id >> 3, r = dst.id & 7u;
  if (static_cast<uint64_t>(v) <= 0xFFFFFFFFu) {  // [REX.B] B8+r id: zero-extends
    const uint64_t bytes = rex_b ? 0x41u | (0xB8u + r) << 8 | static_cast<uint64_t>(v) << 16
                                 : (0xB8u + r) | static_cast<uint64_t>(v) << 8;
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
                (static_cast<uint64_t>(v) & 0xFFFFFFFFu) << 24, 7);
}

X86_HOT void Assembler::push(Gp reg) {
  if (is_r64(reg))
    plus_r(0x50, reg.id);
  else
    push_any(reg);
}
X86_HOT void Assembler::pop(Gp reg) {
  if (is_r64(reg))
    plus_r(0x58, reg.id);
  else
    pop_any(reg);
}

// Label jumps are recorded out of line of the byte stream (finalize() sizes them).
X86_HOT void Assembler::jmp(Label target) { label_jump(false, 0, target); }
X86_HOT void Assembler::jcc(Cond cond, Label target) { label_jump(true, static_cast<uint8_t>(cond), target); }
X86_HOT void Assembler::bind(Label label) {
  if (label.id < labels_.size() && labels_[label.id].raw == SIZE_MAX) [[likely]]
    labels_[label.id] = LabelState{size_, jumps_};
  else
    bind_slow(label);  // names the error
}

X86_HOT void Assembler::db(uint8_t byte) { put_bytes(byte, 1); }
X86_HOT void Assembler::ret() { put_bytes(0xC3, 1); }
X86_HOT void Assembler::nop() { put_bytes(0x90, 1); }

}  // namespace x86

#undef X86_HOT
