// The instruction list at run time: every form of x86/insns.def with its
// mnemonic, operand types and encoding, and a way to emit it from operands
// chosen at run time (for text front ends and code generators):
//
//   for (const x86::Form* f : x86::forms_of("vpaddd")) ...
//   x86::emit(a, *f, {x86::ymm1, x86::ymm2, x86::ymmword_ptr(x86::rdi)});
//
// emit() checks the operand count and types against the form (an error names
// the position and what it takes); the typed Assembler method it calls checks
// the rest, exactly as a direct call would.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <span>
#include <string_view>
#include <vector>

#include "x86/assembler.hpp"

namespace x86 {

// The C++ type of one operand position.
// Bcst: a broadcast memory source ({1toN}); Round: an embedded rounding/SAE
// operand. A {k}{z} write mask is not a type of its own: it decorates an
// Xmm/Ymm/Zmm/KReg/Mem operand, and Form::masked says where a form takes one.
enum class OpType : uint8_t { None, Gp, Xmm, Ymm, Zmm, KReg, Mem, Imm, Cond, Label, Bcst, Round };

// An operand chosen at run time: one of the operand types, by value.
struct Operand {
  OpType type = OpType::None;
  uint8_t reg = 0;  // Xmm/Ymm/Zmm/KReg id
  Gp gp{};
  Cond cond{};
  // EVEX decorations (placed where alignment leaves room: the operand stays
  // 56 bytes): a write mask {k} (k: its id) with {z}, on the register or
  // memory operand; the rounding mode of a Round operand.
  uint8_t k = 0;
  bool masked = false;
  Label label{};
  bool zero = false;
  Round round{};
  uint8_t bcst_n = 0;  // Bcst: the N of {1toN}, 0 = the form's
  int64_t imm = 0;
  Mem mem{};  // Mem and Bcst

  constexpr Operand() = default;
  constexpr Operand(Gp r) : type(OpType::Gp), gp(r) {}
  constexpr Operand(Xmm r) : type(OpType::Xmm), reg(r.id) {}
  constexpr Operand(Ymm r) : type(OpType::Ymm), reg(r.id) {}
  constexpr Operand(Zmm r) : type(OpType::Zmm), reg(r.id) {}
  constexpr Operand(KReg r) : type(OpType::KReg), reg(r.id) {}
  constexpr Operand(const Mem& m) : type(OpType::Mem), mem(m) {}
  constexpr Operand(Imm i) : type(OpType::Imm), imm(i.value) {}
  template <std::integral T>
  constexpr Operand(T v) : type(OpType::Imm), imm(static_cast<int64_t>(v)) {}
  constexpr Operand(Cond c) : type(OpType::Cond), cond(c) {}
  constexpr Operand(Label l) : type(OpType::Label), label(l) {}
  constexpr Operand(const Bcst& b) : type(OpType::Bcst), bcst_n(b.count), mem(b.mem) {}
  constexpr Operand(Round r) : type(OpType::Round), round(r) {}
  template <typename T>
  constexpr Operand(const Masked<T>& m) : Operand(m.reg) {
    k = m.k;
    masked = m.masked;
    zero = m.zero;
  }

  // The operand as type T (the caller has checked `type`).
  template <typename T>
  constexpr T as() const {
    if constexpr (std::is_same_v<T, Gp>) return gp;
    else if constexpr (std::is_same_v<T, Mem>) return mem;
    else if constexpr (std::is_same_v<T, Imm>) return Imm(imm);
    else if constexpr (std::is_same_v<T, Cond>) return cond;
    else if constexpr (std::is_same_v<T, Label>) return label;
    else if constexpr (std::is_same_v<T, Bcst>) return Bcst{mem, bcst_n};
    else if constexpr (std::is_same_v<T, Round>) return round;
    else if constexpr (requires { T{}.reg; }) {  // Masked<V>
      T m(as<decltype(T{}.reg)>());
      m.k = k;
      m.masked = masked;
      m.zero = zero;
      return m;
    } else return T{reg};
  }
};

// The most operands a form takes (vcmpps k {k}, zmm, zmm, {sae}, imm8).
inline constexpr size_t kMaxOperands = 5;

// One form of the instruction list.
struct Form {
  const char* mnemonic;  // Intel mnemonic; "jcc", "setcc", "cmovcc" take a Cond first
  const char* method;    // the Assembler method that emits it
  Encoding encoding;
  uint8_t arity;
  OpType ops[kMaxOperands];
  void (*emit)(Assembler&, const Operand*);  // calls `method` with the operands
  uint8_t masked = 0;                        // bit i: operand i may carry a {k}{z} write mask (EVEX forms)
};

// Every form, in list order.
std::span<const Form> forms();
// The forms with this mnemonic, in list order (empty when none).
std::vector<const Form*> forms_of(std::string_view mnemonic);
// Emits `form` with `ops`; x86::Error when the count or a type does not match
// (nothing emitted) or when the instruction rejects the operands.
void emit(Assembler& a, const Form& form, std::span<const Operand> ops);
inline void emit(Assembler& a, const Form& form, std::initializer_list<Operand> ops) {
  emit(a, form, std::span<const Operand>(ops.begin(), ops.size()));
}
// "gp", "xmm", "ymm", "zmm", "k", "mem", "imm", "cond", "label", "bcst", "round".
std::string_view name(OpType type);

}  // namespace x86
