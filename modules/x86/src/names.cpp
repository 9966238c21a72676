// Register and condition-code names (Intel syntax), both directions.
#include "x86/names.hpp"

#include <array>

namespace x86 {

namespace {

constexpr std::array<std::string_view, 16> kGp64 = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                                    "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
constexpr std::array<std::string_view, 16> kGp32 = {"eax", "ecx", "edx",  "ebx",  "esp",  "ebp",  "esi",  "edi",
                                                    "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"};
constexpr std::array<std::string_view, 16> kGp16 = {"ax",  "cx",  "dx",   "bx",   "sp",   "bp",   "si",   "di",
                                                    "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w"};
constexpr std::array<std::string_view, 16> kGp8 = {"al",  "cl",  "dl",   "bl",   "spl",  "bpl",  "sil",  "dil",
                                                   "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b"};
constexpr std::array<std::string_view, 4> kHigh8 = {"ah", "ch", "dh", "bh"};
// Vector register names: "xmm0".."xmm31" with the first letter replaced for ymm/zmm.
constexpr std::array<std::string_view, 32> kXmm = {
    "xmm0",  "xmm1",  "xmm2",  "xmm3",  "xmm4",  "xmm5",  "xmm6",  "xmm7",  "xmm8",  "xmm9",  "xmm10",
    "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "xmm16", "xmm17", "xmm18", "xmm19", "xmm20", "xmm21",
    "xmm22", "xmm23", "xmm24", "xmm25", "xmm26", "xmm27", "xmm28", "xmm29", "xmm30", "xmm31"};
constexpr std::array<std::string_view, 32> kYmm = {
    "ymm0",  "ymm1",  "ymm2",  "ymm3",  "ymm4",  "ymm5",  "ymm6",  "ymm7",  "ymm8",  "ymm9",  "ymm10",
    "ymm11", "ymm12", "ymm13", "ymm14", "ymm15", "ymm16", "ymm17", "ymm18", "ymm19", "ymm20", "ymm21",
    "ymm22", "ymm23", "ymm24", "ymm25", "ymm26", "ymm27", "ymm28", "ymm29", "ymm30", "ymm31"};
constexpr std::array<std::string_view, 32> kZmm = {
    "zmm0",  "zmm1",  "zmm2",  "zmm3",  "zmm4",  "zmm5",  "zmm6",  "zmm7",  "zmm8",  "zmm9",  "zmm10",
    "zmm11", "zmm12", "zmm13", "zmm14", "zmm15", "zmm16", "zmm17", "zmm18", "zmm19", "zmm20", "zmm21",
    "zmm22", "zmm23", "zmm24", "zmm25", "zmm26", "zmm27", "zmm28", "zmm29", "zmm30", "zmm31"};
constexpr std::array<std::string_view, 8> kK = {"k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7"};
constexpr std::array<std::string_view, 16> kCond = {"o", "no", "b", "ae", "e", "ne", "be", "a",
                                                    "s", "ns", "p", "np", "l", "ge", "le", "g"};
struct CondAlias {
  std::string_view name;
  Cond cond;
};
constexpr CondAlias kCondAliases[] = {{"c", Cond::C},   {"nae", Cond::NAE}, {"nb", Cond::NB},   {"nc", Cond::NC},
                                      {"z", Cond::Z},   {"nz", Cond::NZ},   {"na", Cond::NA},   {"nbe", Cond::NBE},
                                      {"pe", Cond::PE}, {"po", Cond::PO},   {"nge", Cond::NGE}, {"nl", Cond::NL},
                                      {"ng", Cond::NG}, {"nle", Cond::NLE}};

template <size_t N>
int find(const std::array<std::string_view, N>& names, std::string_view name) {
  for (size_t i = 0; i < N; ++i)
    if (names[i] == name) return static_cast<int>(i);
  return -1;
}

}  // namespace

std::optional<Gp> gp_from_name(std::string_view name) {
  const std::array<const std::array<std::string_view, 16>*, 4> sets = {&kGp64, &kGp32, &kGp16, &kGp8};
  const uint8_t sizes[4] = {8, 4, 2, 1};
  for (size_t s = 0; s < sets.size(); ++s)
    if (int i = find(*sets[s], name); i >= 0) return Gp{static_cast<uint8_t>(i), sizes[s]};
  if (int i = find(kHigh8, name); i >= 0) return Gp{static_cast<uint8_t>(4 + i), 1, true};
  return std::nullopt;
}

std::optional<Xmm> xmm_from_name(std::string_view name) {
  if (int i = find(kXmm, name); i >= 0) return Xmm{static_cast<uint8_t>(i)};
  return std::nullopt;
}
std::optional<Ymm> ymm_from_name(std::string_view name) {
  if (int i = find(kYmm, name); i >= 0) return Ymm{static_cast<uint8_t>(i)};
  return std::nullopt;
}
std::optional<Zmm> zmm_from_name(std::string_view name) {
  if (int i = find(kZmm, name); i >= 0) return Zmm{static_cast<uint8_t>(i)};
  return std::nullopt;
}
std::optional<KReg> k_from_name(std::string_view name) {
  if (int i = find(kK, name); i >= 0) return KReg{static_cast<uint8_t>(i)};
  return std::nullopt;
}

std::optional<Cond> cond_from_name(std::string_view name) {
  if (int i = find(kCond, name); i >= 0) return static_cast<Cond>(i);
  for (const CondAlias& a : kCondAliases)
    if (a.name == name) return a.cond;
  return std::nullopt;
}

std::string_view name(Gp reg) {
  const unsigned i = reg.id & 15;
  if (reg.high8) return kHigh8[(reg.id - 4) & 3];
  switch (reg.size) {
    case 1: return kGp8[i];
    case 2: return kGp16[i];
    case 4: return kGp32[i];
    default: return kGp64[i];
  }
}

std::string_view name(Xmm reg) { return kXmm[reg.id & 31]; }
std::string_view name(Ymm reg) { return kYmm[reg.id & 31]; }
std::string_view name(Zmm reg) { return kZmm[reg.id & 31]; }
std::string_view name(KReg reg) { return kK[reg.id & 7]; }
std::string_view name(Cond cond) { return kCond[static_cast<unsigned>(cond) & 15]; }

std::string to_string(const Mem& m) {
  std::string s;
  switch (m.size) {
    case 1: s = "byte ptr "; break;
    case 2: s = "word ptr "; break;
    case 4: s = "dword ptr "; break;
    case 8: s = "qword ptr "; break;
    case 16: s = "xmmword ptr "; break;
    case 32: s = "ymmword ptr "; break;
    case 64: s = "zmmword ptr "; break;
    default: break;
  }
  s += '[';
  std::string terms;
  // Appended piece by piece: GCC 12 at -O3 gives a false -Wrestrict for
  // "literal" + std::string.
  auto term = [&](std::initializer_list<std::string_view> pieces) {
    if (!terms.empty()) terms += " + ";
    for (std::string_view piece : pieces) terms += piece;
  };
  if (m.kind == MemKind::Rip || m.kind == MemKind::LabelRel) term({"rip"});
  if (m.kind == MemKind::LabelRel) term({"L", std::to_string(m.label)});
  if (m.kind == MemKind::Based) {
    if (m.has_base) term({name(m.base)});
    if (m.has_index) {
      const std::string_view index = m.vindex == 16   ? name(Xmm{m.index.id})
                                     : m.vindex == 32 ? name(Ymm{m.index.id})
                                     : m.vindex == 64 ? name(Zmm{m.index.id})
                                                      : name(m.index);
      term({std::to_string(m.scale), "*", index});
    }
  }
  if (terms.empty()) {
    terms = std::to_string(m.disp);
  } else if (m.disp > 0) {
    terms += " + " + std::to_string(m.disp);
  } else if (m.disp < 0) {
    terms += " - " + std::to_string(0ULL - static_cast<uint64_t>(m.disp));
  }
  return s + terms + ']';
}

}  // namespace x86
