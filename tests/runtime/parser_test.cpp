// Parser: constructs parse into the right shape; bad input gives line:col errors.
#include <gtest/gtest.h>

#include "helpers.hpp"
#include "parser.hpp"

namespace ilusm {
namespace {

using test::Captured;

std::string parse_error(std::string_view src) {
  Chunk c;
  c.file = "t.ilu";
  c.source = std::string(src);
  try {
    parse_chunk(c);
  } catch (const Error& e) {
    return std::to_string(e.where().line) + ":" + std::to_string(e.where().col) + " " + e.message();
  }
  return "no error";
}

Node* parse_one(Chunk& c, std::string_view src) {
  c.file = "t.ilu";
  c.source = std::string(src);
  parse_chunk(c);
  return c.main->body->kids.at(0);
}

TEST(Parser, PrecedenceMulOverAddOverCompareOverAndOverOr) {
  Chunk c;
  Node* n = parse_one(c, "a or b and c == d + e * f");
  ASSERT_EQ(n->k, K::Or);
  ASSERT_EQ(n->b->k, K::And);
  ASSERT_EQ(n->b->b->k, K::Binary);
  EXPECT_EQ(n->b->b->op, Op::Eq);
  EXPECT_EQ(n->b->b->b->op, Op::Add);
  EXPECT_EQ(n->b->b->b->b->op, Op::Mul);
}

TEST(Parser, RangeBindsLooserThanMinus) {
  Chunk c;
  Node* n = parse_one(c, "i <- 0..n-1: x");
  ASSERT_EQ(n->k, K::For);
  ASSERT_EQ(n->b->k, K::Range);
  EXPECT_EQ(n->b->b->op, Op::Sub);
}

TEST(Parser, OneLineAndBlockFunctionDefinitions) {
  Chunk c;
  Node* n = parse_one(c, "add(a, b) = a + b");
  ASSERT_EQ(n->k, K::Assign);
  ASSERT_EQ(n->b->k, K::Lambda);
  EXPECT_EQ(n->b->fn->params, (std::vector<std::string>{"a", "b"}));
  Chunk d;
  Node* m = parse_one(d, "sum(xs) =\n  s = 0\n  s\n");
  EXPECT_EQ(m->b->fn->body->k, K::Block);
  EXPECT_EQ(m->b->fn->body->kids.size(), 2u);
}

TEST(Parser, ParenlessCallTakesTheWholeExpression) {
  Chunk c;
  Node* n = parse_one(c, "prn 1 == 1");
  ASSERT_EQ(n->k, K::Call);
  ASSERT_EQ(n->kids.size(), 1u);
  EXPECT_EQ(n->kids[0]->op, Op::Eq);
}

TEST(Parser, PipeInsideIfIsElseAndOutsideIsAPipeline) {
  Chunk c;
  Node* n = parse_one(c, "x = if a: b | c");
  ASSERT_EQ(n->b->k, K::If);
  ASSERT_NE(n->b->c, nullptr);
  Chunk d;
  Node* m = parse_one(d, "x = xs | f(1) |> g");
  ASSERT_EQ(m->b->k, K::Call);  // g(f(xs, 1))
  ASSERT_EQ(m->b->kids[0]->k, K::Call);
  EXPECT_EQ(m->b->kids[0]->kids.size(), 2u);
}

TEST(Parser, MatAcceptsAllThreeSpellings) {
  Chunk a, b, c;
  EXPECT_EQ(parse_one(a, "mat x:\n  0: 1\n  _: 2\n")->kids.size(), 2u);
  EXPECT_EQ(parse_one(b, "mat x:\n  0 => 1\n  _ => 2\n")->kids.size(), 2u);
  EXPECT_EQ(parse_one(c, "mat x: 1 => 2 | 3 => 4 | _ => 5")->kids.size(), 3u);
}

TEST(Parser, ErrorsNameLineColumnAndWhatWasExpected) {
  EXPECT_EQ(parse_error("x = (1 + 2"), "1:11 expected ')' to close the parenthesis, found end of input");
  EXPECT_EQ(parse_error("x = \n"), "1:4 expected an expression, found end of line");
  EXPECT_EQ(parse_error("if x\n  y\n"), "1:5 expected ':' after the if condition, found end of line");
  EXPECT_EQ(parse_error("1 = 2"), "1:3 cannot assign to this expression (expected a name, field or index)");
  EXPECT_EQ(parse_error("brk"), "1:1 'brk' outside a loop");
  EXPECT_EQ(parse_error("ret 1"), "1:1 'ret' outside a function");
  EXPECT_EQ(parse_error("f(a, a) = a"), "1:6 duplicate parameter 'a'");
  EXPECT_EQ(parse_error("mat x: y => 1"), "1:8 expected a mat pattern (a literal or _), found 'y'");
  EXPECT_EQ(parse_error("a b c"), "1:5 expected end of line, found 'c'");
  EXPECT_EQ(parse_error("prn (1 + 2\n"), "1:11 expected ')' to close the argument list, found end of input");
  EXPECT_EQ(parse_error("f(x) =\n"), "1:7 expected an expression, found end of line");
}

TEST(Parser, DeepNestingIsAnErrorNotACrash) {
  std::string deep(5000, '(');
  deep += "1" + std::string(5000, ')');
  EXPECT_NE(parse_error(deep).find("nested too deeply"), std::string::npos);
}

TEST(Parser, DefRebindingInAFunctionIsRejectedBeforeRunning) {
  Captured c;
  EXPECT_EQ(c.located("f() =\n  def k = 1\n  k = 2\n"), "3:3 cannot rebind 'k': it was bound with def");
}

}  // namespace
}  // namespace ilusm
