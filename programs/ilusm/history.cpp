#include "history.hpp"

#include <sys/stat.h>
#include <support/files.hpp>

#include <cerrno>
#include <cstdint>

namespace ilusm::repl {
namespace {

constexpr std::string_view kHeader = "_HiStOrY_V2_";

bool is_octal(char c) { return c >= '0' && c <= '7'; }

char control(char c) { return c == '?' ? '\x7f' : static_cast<char>(c & 0x1f); }

// One escape after a backslash at text[i]; appends the byte and returns the
// index after the escape.
size_t unescape(std::string_view text, size_t i, std::string& out) {
  static constexpr std::string_view from = "ntrabfvsE\\";
  static constexpr std::string_view to = "\n\t\r\a\b\f\v \x1b\\";
  if (i >= text.size()) return out += '\\', i;
  char c = text[i];
  if (is_octal(c)) {
    int v = 0;
    size_t n = 0;
    while (n < 3 && i + n < text.size() && is_octal(text[i + n])) v = v * 8 + (text[i + n++] - '0');
    out += static_cast<char>(v & 0xff);
    return i + n;
  }
  if (size_t k = from.find(c); k != std::string_view::npos) return out += to[k], i + 1;
  if (c == '^' && i + 1 < text.size()) return out += control(text[i + 1]), i + 2;
  if (c == 'M' && i + 2 < text.size() && (text[i + 1] == '-' || text[i + 1] == '^')) {
    char b = text[i + 1] == '^' ? control(text[i + 2]) : text[i + 2];
    return out += static_cast<char>(static_cast<unsigned char>(b) | 0x80), i + 3;
  }
  return out += c, i + 1;  // an escape vis does not make: the character itself
}

}  // namespace

std::string encode_history(const std::vector<std::string>& entries) {
  std::string out(kHeader);
  out += '\n';
  for (const std::string& e : entries) {
    for (char c : e) {
      auto u = static_cast<unsigned char>(c);
      if (u <= ' ' || u == 0x7f || c == '\\') {
        char esc[5] = {'\\', char('0' + (u >> 6)), char('0' + ((u >> 3) & 7)), char('0' + (u & 7)), 0};
        out += esc;
      } else {
        out += c;
      }
    }
    out += '\n';
  }
  return out;
}

std::vector<std::string> decode_history(std::string_view text) {
  std::vector<std::string> entries;
  size_t at = 0;
  bool first = true;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(at, end - at);
    at = end + 1;
    if (first && line == kHeader) {
      first = false;
      continue;
    }
    first = false;
    if (line.empty()) continue;
    std::string entry;
    for (size_t i = 0; i < line.size();) {
      if (line[i] == '\\') i = unescape(line, i + 1, entry);
      else entry += line[i++];
    }
    entries.push_back(std::move(entry));
  }
  if (entries.size() > kHistoryEntries)
    entries.erase(entries.begin(), entries.end() - static_cast<std::ptrdiff_t>(kHistoryEntries));
  return entries;
}

bool load_history(const std::string& path, std::vector<std::string>& entries, std::string& error) {
  entries.clear();
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0 && errno == ENOENT) return true;  // none yet
  std::string text;
  if (!support::read_file(path, text, error, kHistoryBytes, /*regular_only=*/true)) return false;
  entries = decode_history(text);
  return true;
}

bool save_history(const std::string& path, const std::vector<std::string>& entries, std::string& error) {
  std::string text = encode_history(entries);
  return support::write_file(path, {reinterpret_cast<const uint8_t*>(text.data()), text.size()}, error, 0600);
}

}  // namespace ilusm::repl
