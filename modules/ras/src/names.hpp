// What a name ($var, @label, !call, #function) may contain; shared by the
// parser's rules and the bytecode writer/loader so text round-trips.
#pragma once

#include <cctype>
#include <cstdint>
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

// Largest register index the text and the bytecode carry (the checker then
// enforces the real register counts).
inline constexpr int64_t kMaxRegisterIndex = 0xffff;

}  // namespace ras::detail
