// The RV64 instruction table, encoder and disassembler (see isa.hpp).
#include "isa.hpp"

#include <fmt/format.h>

#include <array>
#include <stdexcept>

namespace ras::rv64 {

namespace {

// Fixed-bit masks per layout: opcode, funct3, funct7 and the rs2 field where
// it selects the operation (fsqrt.d, fcvt, fmv).
constexpr uint32_t kOpcode = 0x7f, kF3 = 0x7000, kF7 = 0xfe000000u, kRs2 = 0x01f00000u, kTop6 = 0xfc000000u;

constexpr uint32_t mask_of(Layout l) {
  switch (l) {
    case Layout::R: case Layout::FR: case Layout::FCmp: return kOpcode | kF3 | kF7;
    case Layout::FRm: return kOpcode | kF7;
    case Layout::FRm1: case Layout::FtoX: case Layout::XtoF: return kOpcode | kF7 | kRs2;
    case Layout::FmvXD: case Layout::FmvDX: return kOpcode | kF3 | kF7 | kRs2;
    case Layout::Shift: return kOpcode | kF3 | kTop6;
    case Layout::U: case Layout::J: return kOpcode;
    case Layout::None: return 0xffffffffu;
    default: return kOpcode | kF3;  // I, Load, Store, Branch, Jalr, FLoad, FStore
  }
}

constexpr uint32_t bits(uint32_t opcode, uint32_t f3 = 0, uint32_t f7 = 0, uint32_t rs2 = 0) {
  return opcode | f3 << 12 | rs2 << 20 | f7 << 25;
}

constexpr Row row_of(std::string_view name, Layout l, uint32_t match) { return Row{name, l, match, mask_of(l)}; }

constexpr uint32_t OP = 0x33, OP32 = 0x3b, OPIMM = 0x13, OPIMM32 = 0x1b, LOAD = 0x03, STORE = 0x23,
                   BRANCH = 0x63, OPFP = 0x53;
using L = Layout;

// In Ins order (checked below).
constexpr std::array<Row, kInsCount> kRows = {{
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

constexpr std::string_view kXNames[32] = {"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",
                                          "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
                                          "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
constexpr std::string_view kFNames[32] = {"ft0", "ft1", "ft2", "ft3", "ft4",  "ft5",  "ft6", "ft7",
                                          "fs0", "fs1", "fa0", "fa1", "fa2",  "fa3",  "fa4", "fa5",
                                          "fa6", "fa7", "fs2", "fs3", "fs4",  "fs5",  "fs6", "fs7",
                                          "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"};
constexpr std::string_view kRmNames[8] = {"rne", "rtz", "rdn", "rup", "rmm", "?", "?", "dyn"};

bool signed_fits(int64_t v, int bits) { return v >= -(int64_t{1} << (bits - 1)) && v < (int64_t{1} << (bits - 1)); }
uint32_t field(uint32_t w, int lo, int width) { return (w >> lo) & ((1u << width) - 1); }
int64_t sign_extend(uint32_t v, int bits) { return static_cast<int64_t>(static_cast<uint64_t>(v) << (64 - bits)) >> (64 - bits); }

}  // namespace

const Row& row(Ins ins) { return kRows[static_cast<size_t>(ins)]; }

bool fits(Layout layout, int64_t v) {
  switch (layout) {
    case Layout::I: case Layout::Load: case Layout::Store: case Layout::Jalr: case Layout::FLoad: case Layout::FStore:
      return signed_fits(v, 12);
    case Layout::Shift: return v >= 0 && v < 64;
    case Layout::Branch: return (v & 1) == 0 && signed_fits(v, 13);
    case Layout::J: return (v & 1) == 0 && signed_fits(v, 21);
    case Layout::U: return v >= 0 && v < (int64_t{1} << 20);
    default: return v == 0;
  }
}

uint32_t encode(Ins ins, const Fields& f) {
  const Row& r = row(ins);
  if (!fits(r.layout, f.imm) || f.rd > 31 || f.rs1 > 31 || f.rs2 > 31)
    throw std::logic_error(fmt::format("rv64::encode: {} operands out of range (imm {})", r.name, f.imm));
  uint32_t w = r.match;
  uint32_t rd = uint32_t{f.rd} << 7, rs1 = uint32_t{f.rs1} << 15, rs2 = uint32_t{f.rs2} << 20;
  uint32_t imm = static_cast<uint32_t>(f.imm);
  uint32_t rm = uint32_t(f.rm) << 12;
  switch (r.layout) {
    case Layout::R: case Layout::FR: case Layout::FCmp: return w | rd | rs1 | rs2;
    case Layout::FRm: return w | rd | rs1 | rs2 | rm;
    case Layout::FRm1: case Layout::FtoX: case Layout::XtoF: return w | rd | rs1 | rm;
    case Layout::FmvXD: case Layout::FmvDX: return w | rd | rs1;
    case Layout::I: case Layout::Load: case Layout::Jalr: case Layout::FLoad: return w | rd | rs1 | (imm & 0xfff) << 20;
    case Layout::Shift: return w | rd | rs1 | imm << 20;
    case Layout::Store: case Layout::FStore:
      return w | rs1 | rs2 | (imm & 0x1f) << 7 | ((imm >> 5) & 0x7f) << 25;
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

std::optional<Decoded> decode(uint32_t w) {
  for (size_t i = 0; i < kRows.size(); ++i) {
    const Row& r = kRows[i];
    if ((w & r.mask) != r.match) continue;
    Decoded d{Ins(i), {}};
    Fields& f = d.fields;
    f.rd = static_cast<uint8_t>(field(w, 7, 5));
    f.rs1 = static_cast<uint8_t>(field(w, 15, 5));
    f.rs2 = static_cast<uint8_t>(field(w, 20, 5));
    uint32_t f3 = field(w, 12, 3);
    switch (r.layout) {
      case Layout::FRm: case Layout::FRm1: case Layout::FtoX: case Layout::XtoF:
        if (f3 == 5 || f3 == 6) return std::nullopt;  // reserved rounding modes
        f.rm = Rm(f3);
        break;
      case Layout::I: case Layout::Load: case Layout::Jalr: case Layout::FLoad: f.imm = sign_extend(field(w, 20, 12), 12); break;
      case Layout::Shift: f.imm = field(w, 20, 6); break;
      case Layout::Store: case Layout::FStore:
        f.imm = sign_extend(field(w, 7, 5) | field(w, 25, 7) << 5, 12);
        break;
      case Layout::Branch:
        f.imm = sign_extend(field(w, 8, 4) << 1 | field(w, 25, 6) << 5 | field(w, 7, 1) << 11 | field(w, 31, 1) << 12, 13);
        break;
      case Layout::U: f.imm = field(w, 12, 20); break;
      case Layout::J:
        f.imm = sign_extend(field(w, 21, 10) << 1 | field(w, 20, 1) << 11 | field(w, 12, 8) << 12 | field(w, 31, 1) << 20, 21);
        break;
      default: break;
    }
    return d;
  }
  return std::nullopt;
}

std::string text(const Decoded& d, std::optional<uint64_t> pc) {
  const Row& r = row(d.ins);
  const Fields& f = d.fields;
  auto x = [](unsigned n) { return x_name(n); };
  auto fr = [](unsigned n) { return f_name(n); };
  std::string_view rm = kRmNames[unsigned(f.rm) & 7];
  std::string target = pc ? fmt::format("0x{:x}", *pc + static_cast<uint64_t>(f.imm)) : std::to_string(f.imm);
  switch (r.layout) {
    case Layout::R: return fmt::format("{} {}, {}, {}", r.name, x(f.rd), x(f.rs1), x(f.rs2));
    case Layout::I: case Layout::Shift: return fmt::format("{} {}, {}, {}", r.name, x(f.rd), x(f.rs1), f.imm);
    case Layout::Load: case Layout::Jalr: return fmt::format("{} {}, {}({})", r.name, x(f.rd), f.imm, x(f.rs1));
    case Layout::Store: return fmt::format("{} {}, {}({})", r.name, x(f.rs2), f.imm, x(f.rs1));
    case Layout::Branch: return fmt::format("{} {}, {}, {}", r.name, x(f.rs1), x(f.rs2), target);
    case Layout::U: return fmt::format("{} {}, {}", r.name, x(f.rd), f.imm);
    case Layout::J: return fmt::format("{} {}, {}", r.name, x(f.rd), target);
    case Layout::FR: return fmt::format("{} {}, {}, {}", r.name, fr(f.rd), fr(f.rs1), fr(f.rs2));
    case Layout::FRm: return fmt::format("{} {}, {}, {}, {}", r.name, fr(f.rd), fr(f.rs1), fr(f.rs2), rm);
    case Layout::FRm1: return fmt::format("{} {}, {}, {}", r.name, fr(f.rd), fr(f.rs1), rm);
    case Layout::FCmp: return fmt::format("{} {}, {}, {}", r.name, x(f.rd), fr(f.rs1), fr(f.rs2));
    case Layout::FtoX: return fmt::format("{} {}, {}, {}", r.name, x(f.rd), fr(f.rs1), rm);
    case Layout::XtoF: return fmt::format("{} {}, {}, {}", r.name, fr(f.rd), x(f.rs1), rm);
    case Layout::FmvXD: return fmt::format("{} {}, {}", r.name, x(f.rd), fr(f.rs1));
    case Layout::FmvDX: return fmt::format("{} {}, {}", r.name, fr(f.rd), x(f.rs1));
    case Layout::FLoad: return fmt::format("{} {}, {}({})", r.name, fr(f.rd), f.imm, x(f.rs1));
    case Layout::FStore: return fmt::format("{} {}, {}({})", r.name, fr(f.rs2), f.imm, x(f.rs1));
    case Layout::None: return std::string(r.name);
  }
  return std::string(r.name);
}

std::string_view x_name(unsigned x) { return kXNames[x & 31]; }
std::string_view f_name(unsigned f) { return kFNames[f & 31]; }

}  // namespace ras::rv64
