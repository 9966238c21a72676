// UTF-8 helpers shared by the lexer and the txt module: strings are indexed by code point.
// Invalid bytes are tolerated: every byte that is not a continuation byte
// starts a code point, so counting agrees with the interpreter's len().
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ilusm::utf8 {

// Byte offset where each code point starts, plus s.size() as a last entry.
std::vector<size_t> starts(std::string_view s);
size_t count(std::string_view s);
// The code point that begins s (s must not be empty); U+FFFD for a bad sequence.
char32_t first(std::string_view s);
// Appends the UTF-8 form of cp (cp must be a valid scalar value).
void append(std::string& out, char32_t cp);
bool is_scalar(int64_t cp);  // 0..0x10FFFF without the surrogates

// Simple one-to-one case mapping: ASCII, Latin-1, Latin Extended-A, Greek and
// Cyrillic; other code points are returned unchanged.
char32_t to_upper(char32_t c);
char32_t to_lower(char32_t c);

}  // namespace ilusm::utf8
