// The buffer, raw bytes, and the three emit paths every instruction goes through.
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

#include "encode.hpp"
#include "x86/assembler.hpp"

namespace x86 {

using detail::Enc;
using detail::Field;

Assembler::Assembler(size_t reserve_bytes) { reserve(reserve_bytes < 64 ? 64 : reserve_bytes); }

Assembler::~Assembler() {
  std::free(buf_);
  std::free(spare_);
}

Assembler::Assembler(Assembler&& o) noexcept
    : buf_(std::exchange(o.buf_, nullptr)), size_(std::exchange(o.size_, 0)), cap_(std::exchange(o.cap_, 0)),
      labels_(std::move(o.labels_)), label_names_(std::move(o.label_names_)), refs_(std::move(o.refs_)),
      jump_list_(std::move(o.jump_list_)), jumps_(std::exchange(o.jumps_, 0)), spare_(std::exchange(o.spare_, nullptr)),
      spare_cap_(std::exchange(o.spare_cap_, 0)) {}

Assembler& Assembler::operator=(Assembler&& o) noexcept {
  if (this != &o) {
    std::free(buf_);
    buf_ = std::exchange(o.buf_, nullptr);
    size_ = std::exchange(o.size_, 0);
    cap_ = std::exchange(o.cap_, 0);
    labels_ = std::move(o.labels_);
    label_names_ = std::move(o.label_names_);
    refs_ = std::move(o.refs_);
    jump_list_ = std::move(o.jump_list_);
    jumps_ = std::exchange(o.jumps_, 0);
    std::free(spare_);
    spare_ = std::exchange(o.spare_, nullptr);
    spare_cap_ = std::exchange(o.spare_cap_, 0);
  }
  return *this;
}

void Assembler::reserve(size_t bytes) {
  if (bytes <= cap_) return;
  auto* p = static_cast<uint8_t*>(std::realloc(buf_, bytes));
  if (!p) throw std::bad_alloc();
  buf_ = p;
  cap_ = bytes;
}

void Assembler::grow(size_t extra) { reserve(cap_ * 2 > size_ + extra ? cap_ * 2 : size_ + extra); }

void Assembler::put_bytes_grow(uint64_t little_endian, unsigned count) {
  grow(16);
  std::memcpy(buf_ + size_, &little_endian, 8);
  size_ += count;
}

void Assembler::clear() {
  size_ = 0;
  labels_.clear();
  label_names_.clear();
  refs_.clear();
  jumps_ = 0;  // jump_list_ keeps its room
}

void Assembler::embed(std::span<const uint8_t> bytes) {
  if (bytes.empty()) return;
  if (cap_ - size_ < bytes.size() + 16) grow(bytes.size() + 16);
  std::memcpy(buf_ + size_, bytes.data(), bytes.size());
  size_ += bytes.size();
}

void Assembler::rr(const Enc& e, Field reg, Field rm, int imm_bytes, int64_t imm) {
  size_ += detail::encode_r(room(), e, reg, rm, imm_bytes, imm);
}

void Assembler::ro(const Enc& e, Field reg, int imm_bytes, int64_t imm) {
  size_ += detail::encode_o(room(), e, reg, imm_bytes, imm);
}

void Assembler::mem_ref(const Mem& m, unsigned len, unsigned disp_at) {
  if (m.kind == MemKind::LabelRel)
    refs_.push_back(
        Ref{size_ + disp_at, m.label, jumps_, static_cast<int32_t>(m.disp), static_cast<uint8_t>(len - disp_at)});
  size_ += len;
}

void Assembler::rm(const Enc& e, Field reg, const Mem& m, int imm_bytes, int64_t imm) {
  if (m.kind == MemKind::LabelRel) check_label(m.label, e.name);
  unsigned disp_at = 0;
  const unsigned len = detail::encode_m(room(), e, reg, m, imm_bytes, imm, &disp_at);
  mem_ref(m, len, disp_at);
}

void Assembler::vr(const detail::Vex& v, Field reg, Field vvvv, Field rm, int imm_bytes, int64_t imm) {
  size_ += detail::encode_vex_r(room(), v, reg, vvvv, rm, imm_bytes, imm);
}

void Assembler::vm(const detail::Vex& v, Field reg, Field vvvv, const Mem& m, int imm_bytes, int64_t imm) {
  if (m.kind == MemKind::LabelRel) check_label(m.label, v.name);
  unsigned disp_at = 0;
  const unsigned len = detail::encode_vex_m(room(), v, reg, vvvv, m, imm_bytes, imm, &disp_at);
  mem_ref(m, len, disp_at);
}

void Assembler::modrm(uint8_t opcode, Gp rm, Gp reg) {
  if (rm.size != reg.size) detail::fail("modrm", "operands must have the same size");
  Enc e = detail::sized_enc("modrm", rm.size, opcode, opcode);
  rr(e, detail::field(reg), detail::field(rm));
}

}  // namespace x86
