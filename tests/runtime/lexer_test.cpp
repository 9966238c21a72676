// Lexer: indentation, continuation lines, strings, interpolation, errors.
#include <gtest/gtest.h>

#include "ilusm/error.hpp"
#include "lexer.hpp"

namespace ilusm {
namespace {

std::string kinds(std::string_view src) {
  std::string out;
  for (const Token& t : lex(src, "t.ilu")) {
    if (!out.empty()) out += ' ';
    switch (t.kind) {
      case Tok::Newline: out += "NL"; break;
      case Tok::Indent: out += "IN"; break;
      case Tok::Dedent: out += "DE"; break;
      case Tok::End: out += "END"; break;
      case Tok::Ident: out += t.text; break;
      case Tok::Num: out += t.is_int ? std::to_string(t.ival) : "F"; break;
      case Tok::Str: out += "S(" + t.text + ")"; break;
      default: {
        std::string n = tok_name(t.kind);
        out += n.substr(1, n.size() - 2);
      }
    }
  }
  return out;
}

std::string lex_error(std::string_view src) {
  try {
    lex(src, "t.ilu");
  } catch (const Error& e) {
    return std::to_string(e.where().line) + ":" + std::to_string(e.where().col) + " " + e.message();
  }
  return "no error";
}

TEST(Lexer, IndentStackEmitsIndentAndDedent) {
  EXPECT_EQ(kinds("if a:\n  b\n  c\nd\n"), "if a : NL IN b NL c NL DE d NL END");
  EXPECT_EQ(kinds("f() =\n    if x:\n        y\nz"), "f ( ) = NL IN if x : NL IN y NL DE DE z NL END");
}

TEST(Lexer, BlankLinesAndCommentsDoNotAffectIndentation) {
  EXPECT_EQ(kinds("a = 1  # one\n\n   # indented comment\nb"), "a = 1 NL b NL END");
}

TEST(Lexer, InconsistentIndentationIsAnErrorWithItsLine) {
  EXPECT_EQ(lex_error("if a:\n    b\n  c\n"), "3:3 inconsistent indentation: this line matches no enclosing block");
  EXPECT_EQ(lex_error("  a\n"), "1:3 unexpected indentation");
}

TEST(Lexer, PipeLinesContinueThePreviousLine) {
  EXPECT_EQ(kinds("r = xs | f\n     | g\nn"), "r = xs | f | g NL n NL END");
  EXPECT_EQ(kinds("if a: b\n| c\n"), "if a : b | c NL END");
  // At a lower indentation the block closes first, then `|` continues the if.
  EXPECT_EQ(kinds("if a:\n  b\n| c\n"), "if a : NL IN b NL DE | c NL END");
}

TEST(Lexer, NewlinesInsideBracketsAreIgnored) {
  EXPECT_EQ(kinds("xs = [1,\n   2,\n 3]\n"), "xs = [ 1 , 2 , 3 ] NL END");
}

TEST(Lexer, LambdaAtLineEndInsideBracketsOpensABlock) {
  EXPECT_EQ(kinds("run(\\()\n    a\n    b\n)\n"), "run ( \\ ( ) NL IN a NL b NL DE ) NL END");
}

TEST(Lexer, Numbers) {
  auto t = lex("42 0xFF 3.5 1e3 9223372036854775807", "t.ilu");
  EXPECT_TRUE(t[0].is_int);
  EXPECT_EQ(t[0].ival, 42);
  EXPECT_EQ(t[1].ival, 255);
  EXPECT_FALSE(t[2].is_int);
  EXPECT_DOUBLE_EQ(t[2].dval, 3.5);
  EXPECT_DOUBLE_EQ(t[3].dval, 1000.0);
  EXPECT_EQ(t[4].ival, INT64_MAX);
  EXPECT_EQ(kinds("0..3"), "0 .. 3 NL END");
  EXPECT_EQ(lex_error("x = 12ab"), "1:5 malformed number '12a'");
}

TEST(Lexer, StringsWithEscapesAndSingleQuotes) {
  auto t = lex(R"("a\tb\n\"q\"\\" 'it''s' '{"k": 1}')", "t.ilu");
  EXPECT_EQ(t[0].text, "a\tb\n\"q\"\\");
  EXPECT_EQ(t[1].text, "it");
  EXPECT_EQ(t[2].text, "s");
  EXPECT_EQ(t[3].text, "{\"k\": 1}");
  EXPECT_EQ(lex_error("x = \"abc\n"), "1:5 unterminated string");
  EXPECT_EQ(lex_error(R"(x = "\q")"), "1:6 unknown escape '\\q' in string");
}

TEST(Lexer, InterpolationSplitsPartsAndAllowsNestedStrings) {
  auto t = lex(R"($"hi {user or "guest"}! {1 + {a: 2}.a}")", "t.ilu");
  ASSERT_EQ(t[0].kind, Tok::IStr);
  ASSERT_EQ(t[0].parts.size(), 4u);
  EXPECT_EQ(t[0].parts[0].text, "hi ");
  EXPECT_TRUE(t[0].parts[1].is_expr);
  EXPECT_EQ(t[0].parts[1].text, R"(user or "guest")");
  EXPECT_EQ(t[0].parts[1].col, 7);
  EXPECT_EQ(t[0].parts[2].text, "! ");
  EXPECT_EQ(t[0].parts[3].text, "1 + {a: 2}.a");
  EXPECT_EQ(lex_error(R"(x = $"a {b)"), "1:5 unterminated {...} in interpolated string");
}

TEST(Lexer, UnexpectedCharacterNamesIt) { EXPECT_EQ(lex_error("a = 1 @ 2"), "1:7 unexpected character '@'"); }

}  // namespace
}  // namespace ilusm
