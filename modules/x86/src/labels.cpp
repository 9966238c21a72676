// Labels and the finalisation pass: jumps to labels are kept out of the byte
// stream until finalize() knows where everything lands. They start short
// (rel8) and grow to rel32 only when the target is out of reach; growing can
// push other jumps out of reach, so the pass repeats until nothing changes
// (sizes only grow, so it terminates).
#include <cstdlib>
#include <cstring>
#include <new>

#include "encode.hpp"
#include "x86/assembler.hpp"

namespace x86 {

namespace {
constexpr uint8_t kShort = 2;
constexpr size_t kSlack = 64;  // finalize's copy reads and writes this far past a run
uint8_t long_size(bool is_jcc) { return is_jcc ? 6 : 5; }
// The four jump forms by (is jcc, is long): opcode bytes (bits 0-15), the bit
// where the condition is added (16-23) and where the displacement starts
// (24-31). Looked up rather than branched on: jmp and jcc, short and long,
// come mixed.
constexpr uint32_t jump_form(uint32_t opcode, uint32_t cond_at, uint32_t rel_at) {
  return opcode | cond_at << 16 | rel_at << 24;
}
constexpr uint32_t kJumpForms[4] = {
    jump_form(0xEB, 0, 8),     // EB rel8
    jump_form(0xE9, 0, 8),     // E9 rel32
    jump_form(0x70, 0, 8),     // 7x rel8
    jump_form(0x800F, 8, 16),  // 0F 8x rel32
};
}  // namespace

Label Assembler::new_label(std::string_view name) {
  const auto id = static_cast<uint32_t>(labels_.size());
  labels_.push_back(LabelState{});
  if (!name.empty()) label_names_.emplace(id, std::string(name));
  return Label{id};
}

void Assembler::check_label(uint32_t label, const char* what) const {
  if (label >= labels_.size())
    detail::fail(what, "label #" + std::to_string(label) + " does not belong to this assembler");
}

std::string Assembler::describe_label(uint32_t id) const {
  const auto it = label_names_.find(id);
  return it == label_names_.end() ? "label #" + std::to_string(id) : "label '" + it->second + "'";
}

void Assembler::label_jump_slow(bool is_jcc, uint8_t cond, Label target) {
  const char* name = is_jcc ? "jcc" : "jmp";
  check_label(target.id, name);
  if (cond > 15) detail::fail(name, "condition " + std::to_string(cond) + " is not an x86::Cond (0..15)");
  if (jumps_ == jump_list_.size()) jump_list_.resize(jump_list_.size() < 64 ? 64 : 2 * jump_list_.size());
  jump_list_[jumps_++] = Jump{size_, target.id, is_jcc, cond};
}

void Assembler::bind_slow(Label label) {  // bind() when the label is foreign or bound
  check_label(label.id, "bind");
  detail::fail("bind", describe_label(label.id) + " is already bound");
}

bool Assembler::is_bound(Label label) const { return label.id < labels_.size() && labels_[label.id].raw != SIZE_MAX; }

std::string_view Assembler::label_name(Label label) const {
  check_label(label.id, "label_name");
  const auto it = label_names_.find(label.id);
  return it == label_names_.end() ? std::string_view() : std::string_view(it->second);
}

size_t Assembler::label_offset(Label label) const {
  check_label(label.id, "label_offset");
  const LabelState& l = labels_[label.id];
  if (l.raw == SIZE_MAX) detail::fail("label_offset", describe_label(label.id) + " is not bound");
  if (l.jumps != 0) detail::fail("label_offset", "call finalize() first");
  return l.raw;
}

void Assembler::call(Label target) {
  check_label(target.id, "call");
  uint8_t* p = room();
  p[0] = 0xE8;
  std::memset(p + 1, 0, 4);
  refs_.push_back(Ref{size_ + 1, target.id, jumps_, 0, 4});
  size_ += 5;
}

void Assembler::lea(Gp dst, Label label) { lea(dst, ptr(label)); }

void Assembler::unbound_label(uint32_t label, size_t at) const {
  throw Error("finalize: unbound " + describe_label(label) + " (referenced at offset " + std::to_string(at) + ")");
}

std::span<const uint8_t> Assembler::finalize() {
  if (refs_.empty() && jumps_ == 0) return code();
  // The message is built out of line: this runs once per label use.
  auto check_bound = [&](const LabelState& l, uint32_t label, size_t at) {
    if (l.raw == SIZE_MAX) [[unlikely]]
      unbound_label(label, at);
  };
  // Jump sizes in emission order; `extra[k]` = bytes inserted by jumps 0..k-1.
  std::vector<uint8_t>& sizes = jump_sizes_;
  std::vector<size_t>& extra = jump_extra_;
  sizes.assign(jumps_, kShort);
  extra.resize(jumps_ + 1);
  for (uint32_t k = 0; k <= jumps_; ++k) extra[k] = size_t{kShort} * k;  // as if all short
  auto final_of = [&](size_t raw, uint32_t before) { return static_cast<int64_t>(raw + extra[before]); };
  // One sweep both sums and checks. A backward target is measured with this
  // sweep's sums, a forward one with the previous sweep's (the all-short sums
  // before the first) at both ends: either way the distance is never more
  // than the final one, as sizes only grow. A sweep that changes nothing read
  // only final values, so its answer is the layout.
  auto sweep = [&] {
    bool changed = false;
    size_t inserted = 0;
    for (uint32_t k = 0; k < jumps_; ++k) {
      const size_t before = extra[k];  // the previous sweep's
      extra[k] = inserted;
      if (sizes[k] == kShort) {  // every jump in the first sweep: each is checked
        const Jump& j = jump_list_[k];
        const LabelState& l = labels_[j.label];
        check_bound(l, j.label, j.at);
        const size_t from = j.at + (l.jumps > k ? before : inserted) + kShort;
        const int64_t d = final_of(l.raw, l.jumps) - static_cast<int64_t>(from);
        // Chosen without a branch: which jumps reach is as mixed as the code.
        const bool grows = !detail::fits8(d);
        sizes[k] = grows ? long_size(j.is_jcc) : kShort;
        changed |= grows;
      }
      inserted += sizes[k];
    }
    extra[jumps_] = inserted;
    return changed;
  };

  // Copies the raw stream to `out`, inserting each jump where it was emitted;
  // false when a short jump does not reach (the sizes are not settled yet),
  // the copy then being scratch. Written for jumpy code, where the runs
  // between jumps are short and their lengths and the jump forms
  // unpredictable: each run is copied in 64-byte blocks (one block covers
  // most), each jump is one 8-byte store chosen without branches. This reads
  // up to 63 bytes past a run (within cap_) and writes as far past it (within
  // `need`, overwritten later).
  auto copy_out = [&](uint8_t* out) {
    size_t from = 0, to = 0;
    for (uint32_t k = 0; k < jumps_; ++k) {
      const Jump& r = jump_list_[k];
      const size_t run = r.at - from;
      if (run > 4096) std::memcpy(out + to, buf_ + from, run);
      else
        for (size_t i = 0; i == 0 || i < run; i += 64) std::memcpy(out + to + i, buf_ + from + i, 64);
      to += run;
      from = r.at;
      const LabelState& l = labels_[r.label];
      const bool is_short = sizes[k] == kShort;
      const int64_t d = final_of(l.raw, l.jumps) - static_cast<int64_t>(to + sizes[k]);
      if (!(is_short ? detail::fits8(d) : detail::fits32(d))) [[unlikely]] {
        if (is_short) return false;
        throw Error("finalize: " + std::string(r.is_jcc ? "jcc" : "jmp") + " at offset " + std::to_string(r.at) +
                    " to " + describe_label(r.label) + " is out of rel32 range (more than 2 GiB away)");
      }
      // The form's opcode bytes, the condition added to the last one (a jmp's
      // is 0), then rel8/rel32 (the bytes past the form's size are scratch).
      const uint32_t f = kJumpForms[r.is_jcc << 1 | !is_short];
      const uint64_t opcode = (f & 0xFFFFu) + (uint64_t{r.cond} << (f >> 16 & 63u));
      const uint64_t word = opcode | static_cast<uint64_t>(d) << (f >> 24);
      std::memcpy(out + to, &word, 8);
      to += sizes[k];
    }
    std::memcpy(out + to, buf_ + from, size_ - from);
    return true;
  };

  auto ref_distance = [&](const Ref& r) {
    const LabelState& l = labels_[r.label];
    return final_of(l.raw, l.jumps) + r.addend - final_of(r.at + r.end_delta, r.jumps);
  };
  if (cap_ - size_ < kSlack) grow(kSlack);
  // The first sweep's layout is usually final, and the copy verifies it
  // (every distance is measured there with the final sums): the sweep that
  // would only confirm it is skipped. Otherwise sweep to the fixed point and
  // copy again. Nothing of the assembler changes before the copy succeeds.
  sweep();
  for (const Ref& r : refs_) check_bound(labels_[r.label], r.label, r.at);
  size_t total, need;
  uint8_t* out;
  for (;;) {
    for (const Ref& r : refs_)
      if (!detail::fits32(ref_distance(r))) [[unlikely]]
        throw Error("finalize: " + describe_label(r.label) + " is out of rel32 range");
    total = size_ + extra[jumps_];
    need = total + kSlack;
    if (spare_cap_ < need) {  // the previous buffer becomes the next spare
      auto* grown = static_cast<uint8_t*>(std::realloc(spare_, need));
      if (!grown) throw std::bad_alloc();
      spare_ = grown;
      spare_cap_ = need;
    }
    out = spare_;
    if (copy_out(out)) break;
    while (sweep()) {}
  }

  // RIP-relative references (call rel32, [rip + label]) keep their size.
  for (const Ref& r : refs_) {
    const int32_t d32 = static_cast<int32_t>(ref_distance(r));
    std::memcpy(out + final_of(r.at, r.jumps), &d32, 4);
  }

  for (LabelState& l : labels_) {
    if (l.raw == SIZE_MAX) continue;
    l.raw = static_cast<size_t>(final_of(l.raw, l.jumps));
    l.jumps = 0;
  }
  spare_ = buf_;
  spare_cap_ = cap_;
  buf_ = out;
  size_ = total;
  cap_ = need;
  refs_.clear();
  jumps_ = 0;
  return code();
}

}  // namespace x86
