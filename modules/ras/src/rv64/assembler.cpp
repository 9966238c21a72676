// RISC-V code buffer and branch relaxation (see assembler.hpp).
#include "assembler.hpp"

#include <fmt/format.h>
#include <bit>
#include <cstring>

namespace ras::rv64 {

namespace {

int64_t sign_extend(uint64_t v, int bits) { return static_cast<int64_t>(v << (64 - bits)) >> (64 - bits); }

// auipc/jalr pair for a pc-relative `offset`: hi (20 bits, the U field) and lo (12 bits).
struct HiLo {
  int64_t hi, lo;
};
HiLo split(int64_t offset) {
  int64_t lo = sign_extend(static_cast<uint64_t>(offset) & 0xfff, 12);
  return {(offset - lo) >> 12, lo};
}
bool fits_pair(int64_t offset) {
  int64_t hi = split(offset).hi;
  return hi >= -(int64_t{1} << 19) && hi < (int64_t{1} << 19);
}

}  // namespace

Ins invert(Ins b) { return Ins(int(Ins::beq) + ((int(b) - int(Ins::beq)) ^ 1)); }

void Assembler::clear() {
  words_.clear();
  sites_.clear();
  labels_.clear();
  bytes_.clear();
}

Assembler::Label Assembler::new_label() {
  labels_.emplace_back();
  return Label{static_cast<int32_t>(labels_.size() - 1)};
}

void Assembler::bind(Label label) {
  labels_.at(size_t(label.id)) = LabelPos{static_cast<int32_t>(words_.size()), static_cast<uint32_t>(sites_.size())};
}

void Assembler::r(Ins ins, unsigned rd, unsigned rs1, unsigned rs2) {
  emit(ins, Fields{uint8_t(rd), uint8_t(rs1), uint8_t(rs2), 0, Rm::dyn});
}
void Assembler::i(Ins ins, unsigned rd, unsigned rs1, int64_t imm) {
  emit(ins, Fields{uint8_t(rd), uint8_t(rs1), 0, imm, Rm::dyn});
}
void Assembler::load(Ins ins, unsigned rd, unsigned base, int64_t offset) {
  emit(ins, Fields{uint8_t(rd), uint8_t(base), 0, offset, Rm::dyn});
}
void Assembler::store(Ins ins, unsigned value, unsigned base, int64_t offset) {
  emit(ins, Fields{0, uint8_t(base), uint8_t(value), offset, Rm::dyn});
}
void Assembler::fp(Ins ins, unsigned rd, unsigned rs1, unsigned rs2, Rm rm) {
  emit(ins, Fields{uint8_t(rd), uint8_t(rs1), uint8_t(rs2), 0, rm});
}

void Assembler::li(unsigned rd, int64_t value) {
  if (value >= INT32_MIN && value <= INT32_MAX) {
    int64_t lo = sign_extend(static_cast<uint64_t>(value) & 0xfff, 12);
    int64_t hi = ((value - lo) >> 12) & 0xfffff;
    if (hi) emit(Ins::lui, Fields{uint8_t(rd), 0, 0, hi, Rm::dyn});
    // addiw: lui's 32-bit result plus lo wraps within 32 bits (0x7ffff800..0x7fffffff)
    if (lo || !hi) i(hi ? Ins::addiw : Ins::addi, rd, hi ? rd : unsigned{zero}, lo);
    return;
  }
  // value = (hi << shift) + lo, hi built first (it has fewer significant bits).
  int64_t lo = sign_extend(static_cast<uint64_t>(value) & 0xfff, 12);
  uint64_t hi52 = (static_cast<uint64_t>(value) + 0x800) >> 12;
  int shift = 12 + std::countr_zero(hi52);
  int64_t hi = sign_extend(hi52 >> (shift - 12), 64 - shift);
  li(rd, hi);
  i(Ins::slli, rd, rd, shift);
  if (lo) i(Ins::addi, rd, rd, lo);
}

void Assembler::site(SiteKind kind, Ins ins, unsigned rs1, unsigned rs2, Label target) {
  if (!target.valid()) throw std::logic_error("rv64::Assembler: jump to an unmade label");
  sites_.push_back(Site{static_cast<uint32_t>(words_.size()), target.id, kind, ins, uint8_t(rs1), uint8_t(rs2), 4});
  words_.push_back(0);  // placeholder, written by finalize()
}

void Assembler::branch(Ins b, unsigned rs1, unsigned rs2, Label target) { site(SiteKind::branch, b, rs1, rs2, target); }
void Assembler::jump(Label target) { site(SiteKind::jump, Ins::jal, zero, zero, target); }
void Assembler::call(Label target) { site(SiteKind::call, Ins::jal, ra, zero, target); }

size_t Assembler::label_offset(Label label) const {
  const LabelPos& pos = labels_.at(size_t(label.id));
  if (pos.word < 0) throw std::logic_error("rv64::Assembler: unbound label");
  return static_cast<size_t>(4 * int64_t{pos.word} + extra_[pos.sites]);
}

void Assembler::put(uint32_t word) {
  uint8_t little[4] = {uint8_t(word), uint8_t(word >> 8), uint8_t(word >> 16), uint8_t(word >> 24)};
  std::memcpy(out_, little, 4);
  out_ += 4;
}

std::span<const uint8_t> Assembler::finalize() {
  for (const Site& s : sites_)
    if (labels_[size_t(s.label)].word < 0) throw std::logic_error("rv64::Assembler: jump to an unbound label");
  extra_.assign(sites_.size() + 1, 0);
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t k = 0; k < sites_.size(); ++k) extra_[k + 1] = extra_[k] + (sites_[k].size - 4u);
    for (size_t k = 0; k < sites_.size(); ++k) {
      Site& s = sites_[k];
      int64_t distance = static_cast<int64_t>(label_offset(Label{s.label})) - site_offset(k);
      uint8_t need;
      if (s.kind == SiteKind::branch)
        need = fits(Layout::Branch, distance) ? 4 : fits(Layout::J, distance - 4) ? 8 : 12;
      else need = fits(Layout::J, distance) ? 4 : 8;
      if (need > s.size) {
        s.size = need;
        changed = true;
      }
    }
  }
  bytes_.resize(4 * words_.size() + extra_.back());
  out_ = bytes_.data();
  size_t next_site = 0;
  for (size_t w = 0; w < words_.size(); ++w) {
    // The words up to the next site in one go (little-endian, as RISC-V stores them).
    size_t run_end = next_site == sites_.size() ? words_.size() : sites_[next_site].word;
    if (w < run_end) {
      if constexpr (std::endian::native == std::endian::little) {
        std::memcpy(out_, &words_[w], 4 * (run_end - w));
        out_ += 4 * (run_end - w);
      } else {
        for (size_t k = w; k < run_end; ++k) put(words_[k]);
      }
      w = run_end - 1;
      continue;
    }
    const Site& s = sites_[next_site];
    int64_t at = site_offset(next_site++);
    int64_t distance = static_cast<int64_t>(label_offset(Label{s.label})) - at;
    unsigned link = s.kind == SiteKind::call ? unsigned{ra} : unsigned{zero};
    if (s.size == 4) {
      put(s.kind == SiteKind::branch ? encode(s.ins, Fields{0, s.rs1, s.rs2, distance, Rm::dyn})
                                     : encode(Ins::jal, Fields{uint8_t(link), 0, 0, distance, Rm::dyn}));
      continue;
    }
    if (s.kind == SiteKind::branch) {
      put(encode(invert(s.ins), Fields{0, s.rs1, s.rs2, s.size, Rm::dyn}));  // skip the long jump
      at += 4;
      distance -= 4;
      if (s.size == 8) {
        put(encode(Ins::jal, Fields{zero, 0, 0, distance, Rm::dyn}));
        continue;
      }
    }
    if (!fits_pair(distance)) throw std::length_error(fmt::format("a jump of {} bytes is beyond +-2 GiB", distance));
    HiLo parts = split(distance);
    unsigned base = s.kind == SiteKind::call ? unsigned{ra} : unsigned{kFarTemp};
    put(encode(Ins::auipc, Fields{uint8_t(base), 0, 0, parts.hi & 0xfffff, Rm::dyn}));
    put(encode(Ins::jalr, Fields{uint8_t(link), uint8_t(base), 0, parts.lo, Rm::dyn}));
  }
  return bytes_;
}

}  // namespace ras::rv64
