// What a name ($var, @label, !call, #function) may contain; shared by the
// parser's rules and the bytecode writer/loader so text round-trips.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace ras::detail {

// Character classes as a table (the parser and loader ask once per byte; the
// <cctype> functions are calls into libc and depend on the locale).
inline constexpr uint8_t kIdentStart = 1, kIdentChar = 2, kDigit = 4;
inline constexpr auto kCharClass = [] {
  struct Classes {
    uint8_t of[256] = {};
  } t;
  for (int c = 0; c < 256; ++c) {
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    t.of[c] = uint8_t((alpha ? kIdentStart : 0) | (alpha || digit ? kIdentChar : 0) | (digit ? kDigit : 0));
  }
  return t;
}();
inline bool ident_start(char c) { return kCharClass.of[static_cast<unsigned char>(c)] & kIdentStart; }
inline bool ident_char(char c) { return kCharClass.of[static_cast<unsigned char>(c)] & kIdentChar; }
inline bool is_digit(char c) { return kCharClass.of[static_cast<unsigned char>(c)] & kDigit; }

inline bool valid_name(std::string_view s) {
  if (s.empty() || s.size() > 0xffff || !ident_start(s[0])) return false;
  for (char c : s)
    if (!ident_char(c)) return false;
  return true;
}

// Index of the first character at or after p that is not a blank (' ' or
// '\t'). Source files align columns with long runs of spaces, so those are
// scanned eight bytes at a time, the first non-space found with one bit scan.
inline size_t skip_blanks(std::string_view s, size_t p) {
  constexpr uint64_t kEightSpaces = 0x2020202020202020ull;
  for (;;) {
    for (; p + 8 <= s.size(); p += 8) {
      uint64_t w;
      std::memcpy(&w, s.data() + p, 8);
      if (uint64_t diff = w ^ kEightSpaces) {
        p += size_t(std::endian::native == std::endian::little ? std::countr_zero(diff) : std::countl_zero(diff)) / 8;
        break;
      }
    }
    while (p < s.size() && s[p] == ' ') ++p;  // the last few bytes
    if (p < s.size() && s[p] == '\t') {
      ++p;
      continue;
    }
    return p;
  }
}

// Largest register index the text and the bytecode carry (the checker then
// enforces the real register counts).
inline constexpr int64_t kMaxRegisterIndex = 0xffff;

}  // namespace ras::detail
