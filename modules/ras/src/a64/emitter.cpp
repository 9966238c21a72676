// AArch64 emitter (see emitter.hpp): immediates, loads and stores, fixups.
#include "emitter.hpp"

#include <fmt/format.h>

#include "ras/diagnostic.hpp"

namespace ras::a64 {

namespace {

// opc field and size per Mem kind: {size, V (FP), opc}.
struct MemForm {
  uint8_t size, v, opc;
};
constexpr MemForm kMemForms[] = {
    {0, 0, 2},  // sb: ldrsb x
    {0, 0, 1},  // ub: ldrb w
    {1, 0, 2},  // sh: ldrsh x
    {1, 0, 1},  // uh: ldrh w
    {2, 0, 2},  // sw: ldrsw x
    {2, 0, 1},  // uw: ldr w
    {3, 0, 1},  // x: ldr x
    {3, 1, 1},  // d: ldr d
    {0, 0, 0},  // strb
    {1, 0, 0},  // strh
    {2, 0, 0},  // str w
    {3, 0, 0},  // str x
    {3, 1, 0},  // str d
};

uint32_t mem_bits(Mem kind) {
  const MemForm& f = kMemForms[size_t(kind)];
  return uint32_t(f.size) << 30 | uint32_t(f.v) << 26 | uint32_t(f.opc) << 22;
}

}  // namespace

void Emitter::clear() {
  words_.clear();
  bound_.clear();
  fixups_.clear();
}

Label Emitter::new_label() {
  bound_.push_back(-1);
  return Label{int32_t(bound_.size() - 1)};
}

void Emitter::bind(Label l) { bound_[size_t(l.id)] = int32_t(words_.size()); }

void Emitter::mov_imm(Reg d, uint64_t value) {
  // Start from all zeros (movz) or all ones (movn), whichever leaves fewer
  // 16-bit chunks to patch with movk.
  int zeros = 0, ones = 0;
  for (unsigned hw = 0; hw < 4; ++hw) {
    uint16_t chunk = uint16_t(value >> (16 * hw));
    zeros += chunk == 0;
    ones += chunk == 0xffff;
  }
  bool inverted = ones > zeros;
  uint16_t background = inverted ? 0xffff : 0;
  bool first = true;
  for (unsigned hw = 0; hw < 4; ++hw) {
    uint16_t chunk = uint16_t(value >> (16 * hw));
    if (chunk == background) continue;
    if (first) inverted ? movn(d, uint16_t(~chunk), hw) : movz(d, chunk, hw);
    else movk(d, chunk, hw);
    first = false;
  }
  if (first) inverted ? movn(d, 0, 0) : movz(d, 0, 0);  // 0 or -1
}

int Emitter::scale(Mem kind) { return kMemForms[size_t(kind)].size; }

void Emitter::ldst_imm(Mem kind, unsigned t, Reg n, uint32_t scaled_imm12) {
  word(0x39000000u | mem_bits(kind) | (scaled_imm12 & 0xfff) << 10 | rn(n) | t);
}

void Emitter::ldst_reg(Mem kind, unsigned t, Reg n, Reg m) {
  word(0x38206800u | mem_bits(kind) | rm(m) | rn(n) | t);  // option LSL (011), S = 0
}

void Emitter::ldst_unscaled(Mem kind, unsigned t, Reg n, int32_t simm9) {
  word(0x38000000u | mem_bits(kind) | (uint32_t(simm9) & 0x1ff) << 12 | rn(n) | t);
}

void Emitter::branch(uint32_t base, Label l, Fix kind, uint32_t site) {
  fixups_.push_back({uint32_t(words_.size()), l.id, kind, site});
  word(base);
}

std::vector<uint32_t> Emitter::finalize() {
  std::vector<uint32_t> too_far;
  for (const Fixup& f : fixups_) {
    int64_t delta = int64_t(bound_[size_t(f.label)]) - int64_t(f.at);  // in words
    if (f.kind == Fix::imm19) {
      if (delta < -(1 << 18) || delta >= (1 << 18)) {
        too_far.push_back(f.site);
        continue;
      }
      words_[f.at] |= (uint32_t(delta) & 0x7ffff) << 5;
    } else {
      if (delta < -(1 << 25) || delta >= (1 << 25))
        throw Error(fmt::format("aarch64: branch of {} bytes is beyond the +-128 MiB of b/bl", 4 * delta));
      words_[f.at] |= uint32_t(delta) & 0x3ffffff;
    }
  }
  return too_far;
}

}  // namespace ras::a64
