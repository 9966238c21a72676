// Data movement: mov (and its immediate forms), movzx/movsx/movsxd, lea, xchg,
// push/pop, cmovcc, setcc.
#include "emit.hpp"

namespace x86 {

using namespace detail;

void Assembler::mov_rm_any(Gp dst, const Mem& src) {
  const unsigned size = mem_size("mov", src, dst.size);
  Emit::rm(*this, sized_enc("mov", size, 0x8A, 0x8B), field(dst), src);
}

void Assembler::mov_mr_any(const Mem& dst, Gp src) {
  const unsigned size = mem_size("mov", dst, src.size);
  Emit::rm(*this, sized_enc("mov", size, 0x88, 0x89), field(src), dst);
}

void Assembler::mov_imm_any(Gp dst, Imm imm) {
  check_size("mov", dst.size, kAll);
  const int64_t v = imm.value;
  if (dst.size == 8) {
    if (v >= 0 && v <= int64_t{0xFFFFFFFF}) {  // mov r32, imm32 zero-extends
      Emit::ro(*this, sized_enc("mov", 4, 0xB0, 0xB8), field(dst), 4, v);
    } else if (fits32(v)) {
      mov_imm32_sx(dst, imm);
    } else {
      movabs(dst, imm);
    }
    return;
  }
  const int64_t x = imm_for_size("mov", v, dst.size);
  Emit::ro(*this, sized_enc("mov", dst.size, 0xB0, 0xB8), field(dst), dst.size, x);
}

void Assembler::mov(const Mem& dst, Imm imm) {
  const unsigned size = mem_size_required("mov", dst);
  check_size("mov", size, kAll);
  const int64_t v = imm_for_size("mov", imm.value, size);
  Emit::rm(*this, sized_enc("mov", size, 0xC6, 0xC7), digit(0), dst, size == 8 ? 4 : size, v);
}

void Assembler::mov_imm32_sx_any(Gp dst, Imm imm) {
  check_size("mov_imm32_sx", dst.size, 8);
  const int64_t v = imm_for_size("mov_imm32_sx", imm.value, 8);
  Emit::rr(*this, sized_enc("mov_imm32_sx", 8, 0xC7, 0xC7), digit(0), field(dst), 4, v);
}

void Assembler::movabs(Gp dst, Imm imm) {
  check_size("movabs", dst.size, 8);
  Emit::ro(*this, sized_enc("movabs", 8, 0xB8, 0xB8), field(dst), 8, imm.value);
}

namespace {

// movzx/movsx: 0F B6/BE from a byte, 0F B7/BF from a word.
void extend(Assembler& a, const char* name, uint8_t op_byte, Gp dst, unsigned src_size, const Gp* src_reg,
            const Mem* src_mem) {
  check_size(name, src_size, 1 | 2);
  check_size(name, dst.size, kWide);
  if (dst.size <= src_size) fail(name, "the destination must be wider than the source");
  Enc e = sized_enc(name, dst.size, 0, 0x0F);
  e.len = 2;
  e.op[1] = static_cast<uint8_t>(op_byte + (src_size == 2));
  if (src_reg) Emit::rr(a, e, field(dst), field(*src_reg));
  else Emit::rm(a, e, field(dst), *src_mem);
}

}  // namespace

void Assembler::movzx(Gp dst, Gp src) { extend(*this, "movzx", 0xB6, dst, src.size, &src, nullptr); }
void Assembler::movzx(Gp dst, const Mem& src) {
  extend(*this, "movzx", 0xB6, dst, mem_size_required("movzx", src), nullptr, &src);
}
void Assembler::movsx(Gp dst, Gp src) { extend(*this, "movsx", 0xBE, dst, src.size, &src, nullptr); }
void Assembler::movsx(Gp dst, const Mem& src) {
  extend(*this, "movsx", 0xBE, dst, mem_size_required("movsx", src), nullptr, &src);
}

void Assembler::movsxd(Gp dst, Gp src) {
  check_size("movsxd", dst.size, 8);
  check_size("movsxd", src.size, 4);
  Emit::rr(*this, sized_enc("movsxd", 8, 0x63, 0x63), field(dst), field(src));
}
void Assembler::movsxd(Gp dst, const Mem& src) {
  check_size("movsxd", dst.size, 8);
  mem_size("movsxd", src, 4);
  Emit::rm(*this, sized_enc("movsxd", 8, 0x63, 0x63), field(dst), src);
}

void Assembler::lea_any(Gp dst, const Mem& src) {
  check_size("lea", dst.size, kWide);
  Emit::rm(*this, sized_enc("lea", dst.size, 0x8D, 0x8D), field(dst), src);
}

// With the accumulator, 16/64-bit (and 32-bit unless both are eax) take 90+r;
// xchg rax, rax is a plain nop (90), as llvm-mc and GNU as emit it.
void Assembler::xchg(Gp a, Gp b) {
  check_same("xchg", a, b);
  if (a.size == 8 && a.id == 0 && b.id == 0) return nop();
  if (a.size != 1 && (a.id == 0 || b.id == 0) && !(a.size == 4 && a.id == 0 && b.id == 0)) {
    const Gp other = a.id == 0 ? b : a;
    Emit::ro(*this, sized_enc("xchg", a.size, 0x90, 0x90), field(other));
    return;
  }
  Emit::rr(*this, sized_enc("xchg", a.size, 0x86, 0x87), field(a), field(b));
}

void Assembler::xchg(const Mem& a, Gp b) {
  const unsigned size = mem_size("xchg", a, b.size);
  Emit::rm(*this, sized_enc("xchg", size, 0x86, 0x87), field(b), a);
}

void Assembler::push_any(Gp reg) {
  check_size("push", reg.size, 8);
  Emit::ro(*this, Enc{"push", 0, 0, 0, 1, {0x50}}, field(reg));
}
void Assembler::pop_any(Gp reg) {
  check_size("pop", reg.size, 8);
  Emit::ro(*this, Enc{"pop", 0, 0, 0, 1, {0x58}}, field(reg));
}
void Assembler::push(const Mem& src) {
  mem_size("push", src, 8);
  Emit::rm(*this, Enc{"push", 0, 0, 0, 1, {0xFF}}, digit(6), src);
}
void Assembler::pop(const Mem& dst) {
  mem_size("pop", dst, 8);
  Emit::rm(*this, Enc{"pop", 0, 0, 0, 1, {0x8F}}, digit(0), dst);
}
// push imm8 (6A) or imm32 (68), both sign-extended to 64 bits.
void Assembler::push(Imm imm) {
  const int64_t v = imm_for_size("push", imm.value, 8);
  const bool short_form = fits8(v);
  Enc e{"push", 0, 0, 0, 1, {static_cast<uint8_t>(short_form ? 0x6A : 0x68)}};
  Emit::ro(*this, e, Field{}, short_form ? 1 : 4, v);
}

void Assembler::cmovcc(Cond cond, Gp dst, Gp src) {
  check_same("cmovcc", dst, src);
  check_size("cmovcc", dst.size, kWide);
  Enc e = sized_enc("cmovcc", dst.size, 0, 0x0F);
  e.len = 2;
  e.op[1] = static_cast<uint8_t>(0x40 + cond_code("cmovcc", cond));
  Emit::rr(*this, e, field(dst), field(src));
}
void Assembler::cmovcc(Cond cond, Gp dst, const Mem& src) {
  check_size("cmovcc", dst.size, kWide);
  Enc e = sized_enc("cmovcc", mem_size("cmovcc", src, dst.size), 0, 0x0F);
  e.len = 2;
  e.op[1] = static_cast<uint8_t>(0x40 + cond_code("cmovcc", cond));
  Emit::rm(*this, e, field(dst), src);
}

void Assembler::setcc(Cond cond, Gp dst) {
  check_size("setcc", dst.size, 1);
  Enc e{"setcc", 0, 0, 0, 2, {0x0F, static_cast<uint8_t>(0x90 + cond_code("setcc", cond))}};
  Emit::rr(*this, e, digit(0), field(dst));
}
void Assembler::setcc(Cond cond, const Mem& dst) {
  mem_size("setcc", dst, 1);
  Enc e{"setcc", 0, 0, 0, 2, {0x0F, static_cast<uint8_t>(0x90 + cond_code("setcc", cond))}};
  Emit::rm(*this, e, digit(0), dst);
}

}  // namespace x86
