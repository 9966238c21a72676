// Every valid spelling of the instruction table, enumerated once, so that
// decoding a mnemonic (parser) and naming an opcode (bytecode loader) are
// table lookups instead of running the spelling rules per instruction.
#include <array>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <vector>

#include "spelling_rules.hpp"

namespace ras {
namespace {

constexpr int kMaxOps = 96;      // every Op value is below this (checked when the table is built)
constexpr size_t kSlots = 2048;  // open addressing, a power of two well above the spelling count

constexpr size_t spelling_index(const Spelling& s) {
  return ((size_t(s.op) * 3 + size_t(s.letter)) * kTypeCount + size_t(s.type)) * 2 + s.alias;
}
constexpr size_t kIndexSize = kMaxOps * 3 * kTypeCount * 2;

// A mnemonic as two zero-padded 8-byte words: every valid one is shorter
// than 16 bytes (checked when the table is built), so hashing and comparing
// take a few word operations instead of a loop over the bytes.
struct Key {
  uint64_t w[2] = {0, 0};
  bool operator==(const Key&) const = default;
  size_t slot() const { return size_t((w[0] * 0x9E3779B97F4A7C15ull ^ w[1] * 0xC2B2AE3D27D4EB4Full) >> 53); }
};
static_assert((size_t{1} << 11) == kSlots, "slot() keeps 11 bits");

bool make_key(std::string_view m, Key& key) {
  if (m.size() > kMaxMnemonic) return false;
  std::memcpy(key.w, m.data(), m.size());
  return true;
}

struct Table {
  struct Entry {
    Key key;
    uint8_t length;
    Spelling spelling;
    std::string_view text() const { return std::string_view(reinterpret_cast<const char*>(key.w), length); }
  };
  std::vector<Entry> entries;
  std::array<uint16_t, kSlots> by_name{};          // entry index + 1, 0: empty
  std::array<uint16_t, kIndexSize> by_spelling{};  // entry index + 1, 0: not a valid spelling

  Table() {
    for (const Family& f : families()) {
      if (size_t(f.op) >= kMaxOps) throw std::logic_error("spellings: raise kMaxOps");
      for (uint8_t alias = 0; alias < 2; ++alias)
        for (uint8_t letter = 0; letter < 3; ++letter)
          for (uint8_t type = 0; type < kTypeCount; ++type) {
            Spelling s{f.op, Letter(letter), Type(type), alias};
            if (valid_spelling(s)) add(s);
          }
    }
  }

  void add(const Spelling& s) {
    std::string text = detail::spell_by_rules(s);
    // The rules decide which spelling a text means (it must be this one).
    if (detail::decode_by_rules(text) != s) throw std::logic_error("spellings: ambiguous mnemonic " + text);
    Entry e{{}, uint8_t(text.size()), s};
    if (!make_key(text, e.key)) throw std::logic_error("spellings: mnemonic longer than 15 bytes: " + text);
    entries.push_back(e);
    uint16_t id = uint16_t(entries.size());
    by_spelling[spelling_index(s)] = id;
    for (size_t slot = e.key.slot();; slot = (slot + 1) & (kSlots - 1))
      if (!by_name[slot]) {
        by_name[slot] = id;
        break;
      }
  }

  const Entry* find(std::string_view m) const {
    Key key;
    if (!make_key(m, key)) return nullptr;
    for (size_t slot = key.slot();; slot = (slot + 1) & (kSlots - 1)) {
      uint16_t id = by_name[slot];
      if (!id) return nullptr;
      const Entry& e = entries[id - 1];
      if (e.key == key && e.length == m.size()) return &e;  // the length tells "add" from "add\0"
    }
  }
};

// Built on first use (the rules are constexpr data, so this is safe from any
// static initializer), then reached through a pointer: a lookup is one load
// and a test, with the building (and its register spills) out of line.
const Table* built_table = nullptr;

[[gnu::noinline, gnu::cold]] const Table* build_table() {
  static const Table t;
  __atomic_store_n(&built_table, &t, __ATOMIC_RELEASE);
  return &t;
}
[[gnu::always_inline]] inline const Table& table() {
  const Table* t = __atomic_load_n(&built_table, __ATOMIC_ACQUIRE);
  return t ? *t : *build_table();
}

}  // namespace

Spelling decode_mnemonic(std::string_view mnemonic) {
  const Table::Entry* e = table().find(mnemonic);
  return e ? e->spelling : Spelling{};
}

std::string_view spelling_text(const Spelling& s) {
  if (size_t(s.op) >= kMaxOps || size_t(s.letter) > 2 || size_t(s.type) >= kTypeCount || s.alias > 1) return "?";
  uint16_t id = table().by_spelling[spelling_index(s)];
  return id ? table().entries[id - 1].text() : std::string_view("?");
}

std::string spell(const Spelling& s) { return std::string(spelling_text(s)); }

std::optional<Spelling> spelling_of_opcode(uint16_t code) {
  Spelling s = opcode_fields(code);
  if (!valid_spelling(s)) return std::nullopt;
  return s;
}

}  // namespace ras
