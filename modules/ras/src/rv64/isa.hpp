// RV64GC instructions the RISC-V back end emits (RV64I, M, D; never the
// compressed forms), as one table: each row is a mnemonic with the fixed bits
// of its word (match/mask) and an operand layout. The encoder fills a row's
// fields; the disassembler finds the row whose fixed bits match a word and
// prints its fields, so the two cannot disagree on what a form looks like.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ras::rv64 {

// Register numbers (x0..x31, f0..f31), named by their ABI names.
enum X : uint8_t {
  zero = 0, ra, sp, gp, tp, t0, t1, t2, s0, s1, a0, a1, a2, a3, a4, a5, a6, a7,
  s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, t3, t4, t5, t6,
};
enum F : uint8_t {
  ft0 = 0, ft1, ft2, ft3, ft4, ft5, ft6, ft7, fs0, fs1, fa0, fa1, fa2, fa3, fa4, fa5, fa6, fa7,
  fs2, fs3, fs4, fs5, fs6, fs7, fs8, fs9, fs10, fs11, ft8, ft9, ft10, ft11,
};

// Operand layouts (how a row's variable fields are written and printed).
enum class Layout : uint8_t {
  R,       // rd, rs1, rs2                 add a0, a1, a2
  I,       // rd, rs1, imm12               addi a0, a1, -5
  Shift,   // rd, rs1, shamt6              slli a0, a1, 63
  Load,    // rd, imm12(rs1)               ld a0, 8(sp)
  Store,   // rs2, imm12(rs1)              sd a0, 8(sp)
  Branch,  // rs1, rs2, offset13           beq a0, a1, 16
  U,       // rd, imm20                    lui a0, 74565
  J,       // rd, offset21                 jal ra, 2048
  Jalr,    // rd, imm12(rs1)               jalr ra, 0(t0)
  FR,      // fd, fs1, fs2                 fsgnj.d ft0, ft1, ft1
  FRm,     // fd, fs1, fs2, rm             fadd.d ft0, ft1, ft2, dyn
  FRm1,    // fd, fs1, rm                  fsqrt.d ft0, ft1, dyn
  FCmp,    // rd, fs1, fs2                 feq.d a0, ft0, ft1
  FtoX,    // rd, fs1, rm                  fcvt.l.d a0, ft0, rtz
  XtoF,    // fd, rs1, rm                  fcvt.d.l ft0, a0, dyn
  FmvXD,   // rd, fs1                      fmv.x.d a0, ft0
  FmvDX,   // fd, rs1                      fmv.d.x ft0, a0
  FLoad,   // fd, imm12(rs1)               fld ft0, 8(sp)
  FStore,  // fs2, imm12(rs1)              fsd ft0, 8(sp)
  None,    // no operands                  ebreak
};

// One row per mnemonic; the values index kRows (isa.cpp).
enum class Ins : uint8_t {
  // RV64I register-register
  add, sub, sll, slt, sltu, xor_, srl, sra, or_, and_, addw, subw,
  // M
  mul, mulh, div, divu, rem, remu,
  // register-immediate
  addi, slti, sltiu, xori, ori, andi, addiw, slli, srli, srai,
  // loads and stores
  lb, lh, lw, ld, lbu, lhu, lwu, sb, sh, sw, sd,
  // branches and jumps
  beq, bne, blt, bge, bltu, bgeu, jal, jalr, lui, auipc,
  // D
  fld, fsd, fadd_d, fsub_d, fmul_d, fdiv_d, fsqrt_d, fsgnj_d, fsgnjn_d, fsgnjx_d,
  feq_d, flt_d, fle_d, fcvt_l_d, fcvt_d_l, fmv_x_d, fmv_d_x,
  // a trap
  ebreak,
  count_
};
inline constexpr int kInsCount = int(Ins::count_);

// Rounding modes of the D instructions that take one.
enum class Rm : uint8_t { rne = 0, rtz = 1, rdn = 2, rup = 3, rmm = 4, dyn = 7 };

struct Row {
  std::string_view name;
  Layout layout;
  uint32_t match;  // the fixed bits
  uint32_t mask;   // which bits are fixed
};
const Row& row(Ins ins);

// The operands of one instruction, by layout: registers are x or f numbers
// as the layout says; imm is the immediate, shift amount or byte offset.
struct Fields {
  uint8_t rd = 0, rs1 = 0, rs2 = 0;
  int64_t imm = 0;
  Rm rm = Rm::dyn;
};

// Whether `value` fits the immediate of `layout` (I/Load/Store: signed 12
// bits; Shift: 0..63; Branch: even, signed 13 bits; J: even, signed 21 bits;
// U: 0..2^20-1).
bool fits(Layout layout, int64_t value);

// The instruction word. The fields must fit (the back end checks before it
// emits; a violation is a programming error and throws std::logic_error).
uint32_t encode(Ins ins, const Fields& f);

// Disassembly of one word: the row and its fields, or nullopt for a word
// that is not one of the forms above.
struct Decoded {
  Ins ins;
  Fields fields;
};
std::optional<Decoded> decode(uint32_t word);
// "add a0, a1, a2" (canonical names, no aliases: the text llvm-mc reads
// back and `llvm-objdump -M no-aliases` prints). Branch and jal targets are
// the relative offset llvm-mc reads ("beq a0, a1, 16"), or with `pc` the
// absolute address objdump prints ("beq a0, a1, 0x10").
std::string text(const Decoded& d, std::optional<uint64_t> pc = std::nullopt);

// Register names ("a0", "ft3").
std::string_view x_name(unsigned x);
std::string_view f_name(unsigned f);

}  // namespace ras::rv64
