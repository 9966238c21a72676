// The RV64 instruction table, encoder and disassembler (see isa.hpp).
#include "isa.hpp"

#include <fmt/format.h>

#include <array>
#include <stdexcept>

namespace ras::rv64 {

namespace {

constexpr std::string_view kXNames[32] = {"zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "s0", "s1", "a0",
                                          "a1",   "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
                                          "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
constexpr std::string_view kFNames[32] = {
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0",  "fa1",  "fa2", "fa3", "fa4",  "fa5",
    "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"};
constexpr std::string_view kRmNames[8] = {"rne", "rtz", "rdn", "rup", "rmm", "?", "?", "dyn"};

uint32_t field(uint32_t w, int lo, int width) { return (w >> lo) & ((1u << width) - 1); }
int64_t sign_extend(uint32_t v, int bits) {
  return static_cast<int64_t>(static_cast<uint64_t>(v) << (64 - bits)) >> (64 - bits);
}

}  // namespace

void encoding_error(Ins ins, const Fields& f) {
  throw std::logic_error(fmt::format("rv64::encode: {} operands out of range (imm {})", row(ins).name, f.imm));
}

std::optional<Decoded> decode(uint32_t w) {
  for (size_t i = 0; i < detail::kRows.size(); ++i) {
    const Row& r = detail::kRows[i];
    if ((w & r.mask) != r.match) continue;
    Decoded d{Ins(i), {}};
    Fields& f = d.fields;
    f.rd = static_cast<uint8_t>(field(w, 7, 5));
    f.rs1 = static_cast<uint8_t>(field(w, 15, 5));
    f.rs2 = static_cast<uint8_t>(field(w, 20, 5));
    uint32_t f3 = field(w, 12, 3);
    switch (r.layout) {
      case Layout::FRm:
      case Layout::FRm1:
      case Layout::FtoX:
      case Layout::XtoF:
        if (f3 == 5 || f3 == 6) return std::nullopt;  // reserved rounding modes
        f.rm = Rm(f3);
        break;
      case Layout::I:
      case Layout::Load:
      case Layout::Jalr:
      case Layout::FLoad: f.imm = sign_extend(field(w, 20, 12), 12); break;
      case Layout::Shift: f.imm = field(w, 20, 6); break;
      case Layout::Store:
      case Layout::FStore: f.imm = sign_extend(field(w, 7, 5) | field(w, 25, 7) << 5, 12); break;
      case Layout::Branch:
        f.imm =
            sign_extend(field(w, 8, 4) << 1 | field(w, 25, 6) << 5 | field(w, 7, 1) << 11 | field(w, 31, 1) << 12, 13);
        break;
      case Layout::U: f.imm = field(w, 12, 20); break;
      case Layout::J:
        f.imm = sign_extend(
            field(w, 21, 10) << 1 | field(w, 20, 1) << 11 | field(w, 12, 8) << 12 | field(w, 31, 1) << 20, 21);
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
    case Layout::I:
    case Layout::Shift: return fmt::format("{} {}, {}, {}", r.name, x(f.rd), x(f.rs1), f.imm);
    case Layout::Load:
    case Layout::Jalr: return fmt::format("{} {}, {}({})", r.name, x(f.rd), f.imm, x(f.rs1));
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
