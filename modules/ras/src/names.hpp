// What a name ($var, @label, !call, #function) may contain; shared by the
// parser's rules and the bytecode writer/loader so text round-trips.
#pragma once

#include <cctype>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace ras::detail {

inline bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
inline bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

inline bool valid_name(std::string_view s) {
  if (s.empty() || s.size() > 0xffff || !ident_start(s[0])) return false;
  for (char c : s)
    if (!ident_char(c)) return false;
  return true;
}

// Index of the first character at or after p that is not a blank (' ' or
// '\t'). Source files align columns with long runs of spaces, so those are
// skipped eight at a time.
inline size_t skip_blanks(std::string_view s, size_t p) {
  constexpr uint64_t kEightSpaces = 0x2020202020202020ull;
  while (p + 8 <= s.size()) {
    uint64_t w;
    std::memcpy(&w, s.data() + p, 8);
    if (w != kEightSpaces) break;
    p += 8;
  }
  while (p < s.size() && (s[p] == ' ' || s[p] == '\t')) ++p;
  return p;
}

// Largest register index the text and the bytecode carry (the checker then
// enforces the real register counts).
inline constexpr int64_t kMaxRegisterIndex = 0xffff;

}  // namespace ras::detail
