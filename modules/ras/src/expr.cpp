// Integer constant expressions: precedence climbing over one line of text.
#include "expr.hpp"

#include <cctype>
#include <limits>
#include <string>

#include "names.hpp"
#include "ras/parser.hpp"
#include "support/stack.hpp"

namespace ras::detail {
namespace {

// Binary operators by precedence level, lowest first.
struct BinOp {
  std::string_view text;
  int level;
};
constexpr BinOp kOps[] = {{"<<", 3}, {">>", 3}, {"|", 0}, {"^", 1}, {"&", 2},
                          {"+", 4},  {"-", 4},  {"*", 5}, {"/", 5}, {"%", 5}};
constexpr int kLevels = 6;

}  // namespace

void ExprReader::skip_space() { pos = skip_blanks(line, pos); }

bool ExprReader::fail(std::string msg, size_t at) {
  if (error.empty()) {
    error = std::move(msg);
    error_pos = at;
  }
  return false;
}

bool ExprReader::at_start() const {
  if (pos >= line.size()) return false;
  char c = line[pos];
  return is_digit(c) || c == '-' || c == '+' || c == '~' || c == '(';
}

bool ExprReader::read(int64_t& out) { return literal(out) || binary(0, out); }

// Most operands are a bare decimal such as `2` or `-1`: read those without
// the precedence climb. Anything else (hex, an operator after the number, a
// digit run that may not fit) is left to binary(), which also gives the errors.
bool ExprReader::literal(int64_t& out) {
  size_t p = pos;
  bool negative = p < line.size() && line[p] == '-';
  if (negative) ++p;
  size_t start = p;
  uint64_t v = 0;
  for (; p < line.size() && p - start < 18 && is_digit(line[p]); ++p) v = v * 10 + uint64_t(line[p] - '0');
  if (p == start || (p < line.size() && ident_char(line[p]))) return false;
  if (operator_at(skip_blanks(line, p))) return false;
  pos = p;
  out = negative ? int64_t(0 - v) : int64_t(v);
  return true;
}

// Whether an operator starts at p. `%` directly followed by a letter is a
// register (%v0), not the remainder operator.
bool ExprReader::operator_at(size_t p) const {
  if (p >= line.size() || std::string_view("<>|^&+-*/%").find(line[p]) == std::string_view::npos) return false;
  return !(line[p] == '%' && p + 1 < line.size() && std::isalpha(static_cast<unsigned char>(line[p + 1])));
}

size_t ExprReader::after_space(size_t p) const {
  if (p == blank_from_) return blank_to_;
  blank_from_ = p;
  return blank_to_ = skip_blanks(line, p);
}

// The operator of this level at pos (after spaces), or -1.
int ExprReader::peek_operator(int level, size_t& len) const {
  size_t p = after_space(pos);
  // Most operands are a bare number: settle that before scanning the table
  // (this runs once per precedence level).
  if (!operator_at(p)) return -1;
  for (int i = 0; i < int(std::size(kOps)); ++i) {
    const BinOp& op = kOps[i];
    if (op.level != level || line.substr(p).substr(0, op.text.size()) != op.text) continue;
    len = p + op.text.size() - pos;
    return i;
  }
  return -1;
}

bool ExprReader::binary(int level, int64_t& out) {
  if (level == kLevels) return unary(out);
  if (!binary(level + 1, out)) return false;
  for (;;) {
    size_t len = 0;
    int i = peek_operator(level, len);
    if (i < 0) return true;
    size_t op_pos = pos + len - kOps[i].text.size();
    pos += len;
    int64_t rhs = 0;
    if (!binary(level + 1, rhs)) return false;
    uint64_t a = uint64_t(out), b = uint64_t(rhs);
    std::string_view t = kOps[i].text;
    if (t == "|") out = int64_t(a | b);
    else if (t == "^") out = int64_t(a ^ b);
    else if (t == "&") out = int64_t(a & b);
    else if (t == "+") out = int64_t(a + b);
    else if (t == "-") out = int64_t(a - b);
    else if (t == "*") out = int64_t(a * b);
    else if (t == "<<" || t == ">>") {
      if (rhs < 0 || rhs > 63) return fail("shift count " + std::to_string(rhs) + " is out of range 0..63", op_pos);
      out = t == "<<" ? int64_t(a << rhs) : out >> rhs;  // >> is arithmetic
    } else {                                             // / and %
      if (rhs == 0) return fail("division by zero in constant expression", op_pos);
      if (out == std::numeric_limits<int64_t>::min() && rhs == -1) out = t == "/" ? out : 0;
      else out = t == "/" ? out / rhs : out % rhs;
    }
  }
}

bool ExprReader::unary(int64_t& out) {
  // Prefix operators are read first and applied innermost first afterwards:
  // a long run of them (100,000 '-') takes no recursion.
  std::string prefix;
  for (;;) {
    skip_space();
    if (pos >= line.size()) return fail("expected an integer", pos);
    char c = line[pos];
    if (c != '-' && c != '+' && c != '~') break;
    prefix += c;
    ++pos;
  }
  if (line[pos] == '(') {
    // Each level of parentheses recurses through every precedence level: bounded
    // by the stack the thread really has.
    if (support::stack_low()) return fail("constant expression nested too deeply", pos);
    size_t open = pos++;
    if (!binary(0, out)) return false;
    skip_space();
    if (pos >= line.size() || line[pos] != ')')
      return fail("expected ')' to close '(' at column " + std::to_string(open + 1), pos);
    ++pos;
  } else if (!number(out)) {
    return false;
  }
  for (auto it = prefix.rbegin(); it != prefix.rend(); ++it) {
    if (*it == '-') out = int64_t(0 - uint64_t(out));
    if (*it == '~') out = ~out;
  }
  return true;
}

bool ExprReader::number(int64_t& out) {
  size_t start = pos;
  if (pos >= line.size() || !is_digit(line[pos])) return fail("expected an integer", pos);
  unsigned base = 10;
  if (line[pos] == '0' && pos + 1 < line.size() && (line[pos + 1] == 'x' || line[pos + 1] == 'X')) base = 16;
  if (line[pos] == '0' && pos + 1 < line.size() && (line[pos + 1] == 'b' || line[pos + 1] == 'B')) base = 2;
  if (base != 10) pos += 2;
  uint64_t v = 0;
  size_t digits = 0;
  for (; pos < line.size() && ident_char(line[pos]); ++pos, ++digits) {
    char c = char(std::tolower(static_cast<unsigned char>(line[pos])));
    unsigned d = c >= '0' && c <= '9' ? unsigned(c - '0') : c >= 'a' && c <= 'f' ? unsigned(c - 'a' + 10) : 99;
    if (d >= base) return fail("bad digit '" + std::string(1, line[pos]) + "' in integer", pos);
    if (v > (std::numeric_limits<uint64_t>::max() - d) / base)
      return fail("integer " + std::string(line.substr(start, pos + 1 - start)) + "... does not fit in 64 bits", start);
    v = v * base + d;
  }
  if (digits == 0) return fail("expected digits after '" + std::string(line.substr(start, 2)) + "'", pos);
  out = int64_t(v);
  return true;
}

}  // namespace ras::detail

namespace ras {

bool eval_int_expr(std::string_view text, int64_t& out, std::string& error) {
  detail::ExprReader r(text);
  if (!r.read(out)) {
    error = r.error + " (at column " + std::to_string(r.error_pos + 1) + ")";
    return false;
  }
  r.pos = detail::skip_blanks(text, r.pos);
  if (r.pos != text.size()) {
    error = "unexpected '" + std::string(1, text[r.pos]) + "' after the expression (at column " +
            std::to_string(r.pos + 1) + ")";
    return false;
  }
  return true;
}

}  // namespace ras
