// Every valid spelling of the instruction table, enumerated once, so that
// decoding a mnemonic (parser) and naming an opcode (bytecode loader) are
// table lookups instead of running the spelling rules per instruction.
#include <array>
#include <optional>
#include <stdexcept>
#include <vector>

#include "spelling_rules.hpp"

namespace ras {
namespace {

constexpr int kMaxOps = 96;  // every Op value is below this (checked when the table is built)
constexpr size_t kSlots = 2048;  // open addressing, a power of two well above the spelling count

constexpr size_t spelling_index(const Spelling& s) {
  return ((size_t(s.op) * 3 + size_t(s.letter)) * kTypeCount + size_t(s.type)) * 2 + s.alias;
}
constexpr size_t kIndexSize = kMaxOps * 3 * kTypeCount * 2;

uint32_t hash(std::string_view m) {
  uint32_t h = 2166136261u;  // FNV-1a
  for (char c : m) h = (h ^ uint8_t(c)) * 16777619u;
  return h;
}

struct Table {
  struct Entry {
    std::string text;
    Spelling spelling;
  };
  std::vector<Entry> entries;
  std::array<uint16_t, kSlots> by_name{};           // entry index + 1, 0: empty
  std::array<uint16_t, kIndexSize> by_spelling{};   // entry index + 1, 0: not a valid spelling

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
    entries.push_back({text, s});
    uint16_t id = uint16_t(entries.size());
    by_spelling[spelling_index(s)] = id;
    for (size_t slot = hash(text) & (kSlots - 1);; slot = (slot + 1) & (kSlots - 1))
      if (!by_name[slot]) {
        by_name[slot] = id;
        break;
      }
  }

  const Entry* find(std::string_view m) const {
    for (size_t slot = hash(m) & (kSlots - 1);; slot = (slot + 1) & (kSlots - 1)) {
      uint16_t id = by_name[slot];
      if (!id) return nullptr;
      const Entry& e = entries[id - 1];
      if (e.text == m) return &e;
    }
  }
};

// Built on first use (the rules are constexpr data, so this is safe from any
// static initializer); inlined so each lookup is one guard test and a load.
[[gnu::always_inline]] inline const Table& table() {
  static const Table t;
  return t;
}

}  // namespace

Spelling decode_mnemonic(std::string_view mnemonic) {
  const Table::Entry* e = table().find(mnemonic);
  return e ? e->spelling : Spelling{};
}

std::string_view spelling_text(const Spelling& s) {
  if (size_t(s.op) >= kMaxOps || size_t(s.letter) > 2 || size_t(s.type) >= kTypeCount || s.alias > 1) return "?";
  uint16_t id = table().by_spelling[spelling_index(s)];
  return id ? std::string_view(table().entries[id - 1].text) : std::string_view("?");
}

std::string spell(const Spelling& s) { return std::string(spelling_text(s)); }

std::string_view opcode_text(uint16_t code) {
  unsigned op = code & 0xff, letter = (code >> 8) & 3, type = (code >> 10) & 15, alias = code >> 14;
  if (op >= kMaxOps || letter > 2 || type >= kTypeCount || alias > 1) return {};
  uint16_t id = table().by_spelling[spelling_index(opcode_fields(code))];  // exactly the valid spellings
  return id ? std::string_view(table().entries[id - 1].text) : std::string_view();
}

std::optional<Spelling> spelling_of_opcode(uint16_t code) {
  if (opcode_text(code).empty()) return std::nullopt;
  return opcode_fields(code);
}

}  // namespace ras
