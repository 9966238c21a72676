// The ilusm lexer: turns source into tokens, with NEWLINE/INDENT/DEDENT for
// significant indentation (an indent stack), `|`-continuation lines joined,
// newlines ignored inside brackets except after a lambda header that ends a
// line (which opens an indented block), and $"..{expr}.." split into parts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ilusm {

// clang-format off
enum class Tok : uint8_t {
  Num, Str, IStr, Ident,
  If, Whl, Fn, Use, Ret, Mat, Tru, Fls, Nil, And, Or, Not, Def, Brk, Cnt,
  LParen, RParen, LBrack, RBrack, LBrace, RBrace, Comma, Colon, Dot, QDot, QBrack,
  Plus, Minus, Star, Slash, Percent, Eq, Ne, Lt, Le, Gt, Ge, Assign, Bang,
  DotDot, Arrow, Pipe, PipeGt, FatArrow, Backslash,
  Newline, Indent, Dedent, End,
};
// clang-format on

const char* tok_name(Tok t);

// One piece of an interpolated string: literal text, or expression source.
struct IPart {
  bool is_expr = false;
  std::string text;
  int line = 0, col = 0;  // where the expression text starts
};

struct Token {
  Tok kind = Tok::End;
  int line = 0, col = 0;
  std::string text;     // identifier name, string contents
  bool is_int = false;  // numbers
  int64_t ival = 0;
  double dval = 0;
  bool lambda_header = false;  // a ')' that closes a lambda's parameter list
  bool spaced = false;         // whitespace before it (`f [1]` is a call, `xs[1]` an index)
  std::vector<IPart> parts;    // IStr
};

// Throws ilusm::Error with file:line:col on bad input. `line`/`col` offset
// the positions (for expressions inside interpolated strings); `in_brackets`
// lexes as if inside parentheses (newlines ignored).
std::vector<Token> lex(std::string_view src, const std::string& file, int line = 1, int col = 1,
                       bool in_brackets = false);

}  // namespace ilusm
