// RV64GC instructions the RISC-V back end emits (RV64I, M, D; never the
// compressed forms), as one table: each row is a mnemonic with the fixed bits
// of its word (match/mask) and an operand layout. The encoder fills a row's
// fields; the disassembler finds the row whose fixed bits match a word and
// prints its fields, so the two cannot disagree on what a form looks like.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ras::rv64 {

// Register numbers (x0..x31, f0..f31), named by their ABI names.
// clang-format off
enum X : uint8_t {
  zero = 0, ra, sp, gp, tp, t0, t1, t2, s0, s1, a0, a1, a2, a3, a4, a5, a6, a7,
  s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, t3, t4, t5, t6,
};
// clang-format on
// clang-format off
enum F : uint8_t {
  ft0 = 0, ft1, ft2, ft3, ft4, ft5, ft6, ft7, fs0, fs1, fa0, fa1, fa2, fa3, fa4, fa5, fa6, fa7,
  fs2, fs3, fs4, fs5, fs6, fs7, fs8, fs9, fs10, fs11, ft8, ft9, ft10, ft11,
};
// clang-format on

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

// One row per mnemonic; the values index detail::kRows.
// clang-format off
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
// clang-format on
inline constexpr int kInsCount = int(Ins::count_);

// Rounding modes of the D instructions that take one.
enum class Rm : uint8_t { rne = 0, rtz = 1, rdn = 2, rup = 3, rmm = 4, dyn = 7 };

struct Row {
  std::string_view name;
  Layout layout;
  uint32_t match;  // the fixed bits
  uint32_t mask;   // which bits are fixed
};
namespace detail {
// Fixed-bit masks per layout: opcode, funct3, funct7 and the rs2 field where
// it selects the operation (fsqrt.d, fcvt, fmv).
constexpr uint32_t kOpcode = 0x7f, kF3 = 0x7000, kF7 = 0xfe000000u, kRs2 = 0x01f00000u, kTop6 = 0xfc000000u;

constexpr uint32_t mask_of(Layout l) {
  switch (l) {
    case Layout::R:
    case Layout::FR:
    case Layout::FCmp: return kOpcode | kF3 | kF7;
    case Layout::FRm: return kOpcode | kF7;
    case Layout::FRm1:
    case Layout::FtoX:
    case Layout::XtoF: return kOpcode | kF7 | kRs2;
    case Layout::FmvXD:
    case Layout::FmvDX: return kOpcode | kF3 | kF7 | kRs2;
    case Layout::Shift: return kOpcode | kF3 | kTop6;
    case Layout::U:
    case Layout::J: return kOpcode;
    case Layout::None: return 0xffffffffu;
    default: return kOpcode | kF3;  // I, Load, Store, Branch, Jalr, FLoad, FStore
  }
}

constexpr uint32_t bits(uint32_t opcode, uint32_t f3 = 0, uint32_t f7 = 0, uint32_t rs2 = 0) {
  return opcode | f3 << 12 | rs2 << 20 | f7 << 25;
}

constexpr Row row_of(std::string_view name, Layout l, uint32_t match) { return Row{name, l, match, mask_of(l)}; }

constexpr uint32_t OP = 0x33, OP32 = 0x3b, OPIMM = 0x13, OPIMM32 = 0x1b, LOAD = 0x03, STORE = 0x23, BRANCH = 0x63,
                   OPFP = 0x53;
using L = Layout;

// In Ins order (checked below).
inline constexpr std::array<Row, kInsCount> kRows = {{
    row_of("add", L::R, bits(OP, 0)),
    row_of("sub", L::R, bits(OP, 0, 0x20)),
    row_of("sll", L::R, bits(OP, 1)),
    row_of("slt", L::R, bits(OP, 2)),
    row_of("sltu", L::R, bits(OP, 3)),
    row_of("xor", L::R, bits(OP, 4)),
    row_of("srl", L::R, bits(OP, 5)),
    row_of("sra", L::R, bits(OP, 5, 0x20)),
    row_of("or", L::R, bits(OP, 6)),
    row_of("and", L::R, bits(OP, 7)),
    row_of("addw", L::R, bits(OP32, 0)),
    row_of("subw", L::R, bits(OP32, 0, 0x20)),
    row_of("mul", L::R, bits(OP, 0, 1)),
    row_of("mulh", L::R, bits(OP, 1, 1)),
    row_of("div", L::R, bits(OP, 4, 1)),
    row_of("divu", L::R, bits(OP, 5, 1)),
    row_of("rem", L::R, bits(OP, 6, 1)),
    row_of("remu", L::R, bits(OP, 7, 1)),
    row_of("addi", L::I, bits(OPIMM, 0)),
    row_of("slti", L::I, bits(OPIMM, 2)),
    row_of("sltiu", L::I, bits(OPIMM, 3)),
    row_of("xori", L::I, bits(OPIMM, 4)),
    row_of("ori", L::I, bits(OPIMM, 6)),
    row_of("andi", L::I, bits(OPIMM, 7)),
    row_of("addiw", L::I, bits(OPIMM32, 0)),
    row_of("slli", L::Shift, bits(OPIMM, 1)),
    row_of("srli", L::Shift, bits(OPIMM, 5)),
    row_of("srai", L::Shift, bits(OPIMM, 5) | 0x10u << 26),
    row_of("lb", L::Load, bits(LOAD, 0)),
    row_of("lh", L::Load, bits(LOAD, 1)),
    row_of("lw", L::Load, bits(LOAD, 2)),
    row_of("ld", L::Load, bits(LOAD, 3)),
    row_of("lbu", L::Load, bits(LOAD, 4)),
    row_of("lhu", L::Load, bits(LOAD, 5)),
    row_of("lwu", L::Load, bits(LOAD, 6)),
    row_of("sb", L::Store, bits(STORE, 0)),
    row_of("sh", L::Store, bits(STORE, 1)),
    row_of("sw", L::Store, bits(STORE, 2)),
    row_of("sd", L::Store, bits(STORE, 3)),
    row_of("beq", L::Branch, bits(BRANCH, 0)),
    row_of("bne", L::Branch, bits(BRANCH, 1)),
    row_of("blt", L::Branch, bits(BRANCH, 4)),
    row_of("bge", L::Branch, bits(BRANCH, 5)),
    row_of("bltu", L::Branch, bits(BRANCH, 6)),
    row_of("bgeu", L::Branch, bits(BRANCH, 7)),
    row_of("jal", L::J, 0x6f),
    row_of("jalr", L::Jalr, bits(0x67, 0)),
    row_of("lui", L::U, 0x37),
    row_of("auipc", L::U, 0x17),
    row_of("fld", L::FLoad, bits(0x07, 3)),
    row_of("fsd", L::FStore, bits(0x27, 3)),
    row_of("fadd.d", L::FRm, bits(OPFP, 0, 0x01)),
    row_of("fsub.d", L::FRm, bits(OPFP, 0, 0x05)),
    row_of("fmul.d", L::FRm, bits(OPFP, 0, 0x09)),
    row_of("fdiv.d", L::FRm, bits(OPFP, 0, 0x0d)),
    row_of("fsqrt.d", L::FRm1, bits(OPFP, 0, 0x2d, 0)),
    row_of("fsgnj.d", L::FR, bits(OPFP, 0, 0x11)),
    row_of("fsgnjn.d", L::FR, bits(OPFP, 1, 0x11)),
    row_of("fsgnjx.d", L::FR, bits(OPFP, 2, 0x11)),
    row_of("feq.d", L::FCmp, bits(OPFP, 2, 0x51)),
    row_of("flt.d", L::FCmp, bits(OPFP, 1, 0x51)),
    row_of("fle.d", L::FCmp, bits(OPFP, 0, 0x51)),
    row_of("fcvt.l.d", L::FtoX, bits(OPFP, 0, 0x61, 2)),
    row_of("fcvt.d.l", L::XtoF, bits(OPFP, 0, 0x69, 2)),
    row_of("fmv.x.d", L::FmvXD, bits(OPFP, 0, 0x71, 0)),
    row_of("fmv.d.x", L::FmvDX, bits(OPFP, 0, 0x79, 0)),
    row_of("ebreak", L::None, 0x00100073u),
}};

constexpr bool table_is_consistent() {
  for (const Row& r : kRows)
    if ((r.match & ~r.mask) != 0 || r.name.empty()) return false;
  return kRows[int(Ins::ebreak)].name == "ebreak" && kRows[int(Ins::fmv_d_x)].name == "fmv.d.x" &&
         kRows[int(Ins::lui)].name == "lui" && kRows[int(Ins::addi)].name == "addi";
}
static_assert(table_is_consistent(), "kRows must follow the Ins order");

}  // namespace detail

constexpr const Row& row(Ins ins) { return detail::kRows[static_cast<size_t>(ins)]; }

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
constexpr bool fits(Layout layout, int64_t v) {
  auto signed_fits = [](int64_t x, int bits) {
    return x >= -(int64_t{1} << (bits - 1)) && x < (int64_t{1} << (bits - 1));
  };
  switch (layout) {
    case Layout::I:
    case Layout::Load:
    case Layout::Store:
    case Layout::Jalr:
    case Layout::FLoad:
    case Layout::FStore: return signed_fits(v, 12);
    case Layout::Shift: return v >= 0 && v < 64;
    case Layout::Branch: return (v & 1) == 0 && signed_fits(v, 13);
    case Layout::J: return (v & 1) == 0 && signed_fits(v, 21);
    case Layout::U: return v >= 0 && v < (int64_t{1} << 20);
    default: return v == 0;
  }
}

// Throws std::logic_error naming the row (out of line: encode stays small).
[[noreturn]] void encoding_error(Ins ins, const Fields& f);

// The instruction word. The fields must fit (the back end checks before it
// emits; a violation is a programming error and throws std::logic_error).
inline uint32_t encode(Ins ins, const Fields& f) {
  const Row& r = row(ins);
  if (!fits(r.layout, f.imm) || f.rd > 31 || f.rs1 > 31 || f.rs2 > 31) encoding_error(ins, f);
  uint32_t w = r.match;
  uint32_t rd = uint32_t{f.rd} << 7, rs1 = uint32_t{f.rs1} << 15, rs2 = uint32_t{f.rs2} << 20;
  uint32_t imm = static_cast<uint32_t>(f.imm);
  uint32_t rm = uint32_t(f.rm) << 12;
  switch (r.layout) {
    case Layout::R:
    case Layout::FR:
    case Layout::FCmp: return w | rd | rs1 | rs2;
    case Layout::FRm: return w | rd | rs1 | rs2 | rm;
    case Layout::FRm1:
    case Layout::FtoX:
    case Layout::XtoF: return w | rd | rs1 | rm;
    case Layout::FmvXD:
    case Layout::FmvDX: return w | rd | rs1;
    case Layout::I:
    case Layout::Load:
    case Layout::Jalr:
    case Layout::FLoad: return w | rd | rs1 | (imm & 0xfff) << 20;
    case Layout::Shift: return w | rd | rs1 | imm << 20;
    case Layout::Store:
    case Layout::FStore: return w | rs1 | rs2 | (imm & 0x1f) << 7 | ((imm >> 5) & 0x7f) << 25;
    case Layout::Branch:
      return w | rs1 | rs2 | ((imm >> 11) & 1) << 7 | ((imm >> 1) & 0xf) << 8 | ((imm >> 5) & 0x3f) << 25 |
             ((imm >> 12) & 1) << 31;
    case Layout::U: return w | rd | imm << 12;
    case Layout::J:
      return w | rd | ((imm >> 12) & 0xff) << 12 | ((imm >> 11) & 1) << 20 | ((imm >> 1) & 0x3ff) << 21 |
             ((imm >> 20) & 1) << 31;
    case Layout::None: return w;
  }
  return w;
}

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
