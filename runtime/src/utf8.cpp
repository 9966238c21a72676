#include "utf8.hpp"

namespace ilusm::utf8 {

namespace {
bool is_continuation(unsigned char b) { return (b & 0xC0) == 0x80; }
}  // namespace

std::vector<size_t> starts(std::string_view s) {
  std::vector<size_t> out;
  out.reserve(s.size() + 1);
  for (size_t i = 0; i < s.size(); ++i)
    if (!is_continuation(static_cast<unsigned char>(s[i]))) out.push_back(i);
  out.push_back(s.size());
  return out;
}

size_t count(std::string_view s) {
  size_t n = 0;
  for (unsigned char b : s) n += !is_continuation(b);
  return n;
}

char32_t first(std::string_view s) {
  auto b = static_cast<unsigned char>(s[0]);
  int extra = b < 0x80 ? 0 : b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : -1;
  if (extra < 0 || s.size() <= size_t(extra)) return extra == 0 ? b : 0xFFFD;
  char32_t cp = extra == 0 ? b : b & (0x3F >> extra);
  for (int i = 1; i <= extra; ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (!is_continuation(c)) return 0xFFFD;
    cp = (cp << 6) | (c & 0x3F);
  }
  return cp;
}

void append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

bool is_scalar(int64_t cp) { return cp >= 0 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF); }

namespace {

// Upper-case letters lo..hi map to lower case by adding `delta`. With
// `pairs`, only every other code point from lo is upper case (Ā ā Ă ă ...).
struct CaseRange {
  char32_t lo, hi;
  int delta;
  bool pairs;
};

constexpr CaseRange case_ranges[] = {
    {'A', 'Z', 32, false},       {0xC0, 0xD6, 32, false},   {0xD8, 0xDE, 32, false},  // Latin-1 (not ×)
    {0x178, 0x178, -121, false},                                                      // Ÿ -> ÿ
    {0x100, 0x12F, 1, true},     {0x132, 0x137, 1, true},                             // Latin Extended-A
    {0x139, 0x148, 1, true},     {0x14A, 0x177, 1, true},   {0x179, 0x17E, 1, true},
    {0x391, 0x3A1, 32, false},   {0x3A3, 0x3A9, 32, false},  // Greek
    {0x400, 0x40F, 80, false},   {0x410, 0x42F, 32, false},  // Cyrillic
};

bool is_upper_in(const CaseRange& r, char32_t c) { return c >= r.lo && c <= r.hi && (!r.pairs || (c - r.lo) % 2 == 0); }

}  // namespace

char32_t to_lower(char32_t c) {
  for (const auto& r : case_ranges)
    if (is_upper_in(r, c)) return char32_t(int64_t(c) + r.delta);
  return c;
}

char32_t to_upper(char32_t c) {
  if (c == 0x3C2) return 0x3A3;  // final sigma
  for (const auto& r : case_ranges) {
    int64_t up = int64_t(c) - r.delta;
    if (up >= 0 && is_upper_in(r, char32_t(up))) return char32_t(up);
  }
  return c;
}

}  // namespace ilusm::utf8
