// Integer constant expressions inside an operand, read from a cursor on one
// line (private to the parser).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ras::detail {

struct ExprReader {
  explicit ExprReader(std::string_view text, size_t start = 0) : line(text), pos(start) {}
  std::string_view line;
  size_t pos = 0;        // advanced past the expression on success
  std::string error;     // set on failure
  size_t error_pos = 0;  // where the failure is

  // True if the text at pos can start an expression.
  bool at_start() const;
  // Reads one expression: C precedence for | ^ & << >> + - * / % and unary - + ~,
  // parentheses, decimal / 0x hex / 0b binary literals; 64-bit wrapping.
  bool read(int64_t& out);

 private:
  void skip_space();
  bool fail(std::string msg, size_t at);
  bool literal(int64_t& out);
  bool binary(int level, int64_t& out);
  bool unary(int64_t& out);
  bool number(int64_t& out);
  int peek_operator(int level, size_t& len) const;
  bool operator_at(size_t p) const;
  size_t after_space(size_t p) const;
  // after_space() is asked the same question once per precedence level (and a
  // comment is often aligned far to the right): remember the last answer.
  mutable size_t blank_from_ = std::string_view::npos, blank_to_ = 0;
};

}  // namespace ras::detail
