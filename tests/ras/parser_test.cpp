// The text parser: operand kinds, numbers and expressions, commas, comments,
// results, #function, and errors with file:line:col.
#include "ras_test_util.hpp"

using namespace ras;
using ras_test::parse_errors;
using ras_test::parsed;

namespace {
const Instruction& only(const Program& p) {
  EXPECT_EQ(p.instruction_count(), 1u);
  return p.functions.at(0).code.at(0);
}
int64_t imm(const std::string& operand) {
  Program p = parsed("mov %v0 " + operand);
  const Operand& o = only(p).operands.at(1);
  EXPECT_TRUE(o.is_imm()) << operand;
  return o.value;
}
}  // namespace

TEST(RasParser, SeedFibonacciAsWritten) {
  Program p = parsed(ras_test::read_data("fib.ras"));
  ASSERT_EQ(p.functions.size(), 1u);
  EXPECT_EQ(p.functions[0].name, "main");
  const auto& code = p.functions[0].code;
  ASSERT_EQ(code.size(), 20u);
  const Instruction& blt = code[3];
  EXPECT_EQ(blt.mnemonic(), "blt");
  EXPECT_EQ(blt.op(), Op::blt);
  EXPECT_EQ(blt.loc, (SourceLoc{5, 1, 0}));
  ASSERT_EQ(blt.operands.size(), 3u);
  EXPECT_EQ(blt.operands[0].kind, OperandKind::call);
  EXPECT_EQ(blt.operands[0].name, "forward");
  EXPECT_EQ(blt.operands[0].loc, (SourceLoc{5, 15, 0}));
  EXPECT_EQ(blt.operands[1].kind, OperandKind::reg_v);
  EXPECT_EQ(blt.operands[2].kind, OperandKind::imm);
  EXPECT_EQ(blt.operands[2].value, 2);
  ASSERT_TRUE(blt.result.has_value());
  EXPECT_EQ(blt.result->kind, OperandKind::label);
  EXPECT_EQ(blt.result->name, "ref");
  EXPECT_EQ(code[1].result->kind, OperandKind::var);
  EXPECT_EQ(code[1].result->name, "in");
  EXPECT_EQ(code[8].operands[0].text(), "@self");
  EXPECT_EQ(code[15].operands[0].kind, OperandKind::reg_ret);
}

TEST(RasParser, EveryOperandKind) {
  Program p = parsed("x $a @b !c\nx %r3 %v4 %f7\nx %ret 5 0x100000000");
  const auto& c = p.functions[0].code;
  OperandKind want[] = {OperandKind::var,     OperandKind::label, OperandKind::call,
                        OperandKind::reg_r,   OperandKind::reg_v, OperandKind::reg_fp,
                        OperandKind::reg_ret, OperandKind::imm,   OperandKind::imm64};
  for (int i = 0; i < 9; ++i) {
    const Operand& o = c[size_t(i / 3)].operands[size_t(i % 3)];
    EXPECT_EQ(o.kind, want[i]) << i;
    EXPECT_EQ(int(o.kind), i) << "type code order";
  }
  EXPECT_EQ(c[1].operands[0].value, 3);
  EXPECT_EQ(c[1].operands[2].value, 7);
  EXPECT_EQ(c[2].operands[2].value, int64_t(1) << 32);
  EXPECT_EQ(c[0].operands[1].loc, (SourceLoc{1, 6, 0}));
}

TEST(RasParser, Integers) {
  EXPECT_EQ(imm("42"), 42);
  EXPECT_EQ(imm("-7"), -7);
  EXPECT_EQ(imm("0x2a"), 42);
  EXPECT_EQ(imm("0X2A"), 42);
  EXPECT_EQ(imm("-0x10"), -16);
  EXPECT_EQ(imm("0b101"), 5);
  EXPECT_EQ(imm("9223372036854775807"), INT64_MAX);
  EXPECT_EQ(imm("-9223372036854775808"), INT64_MIN);
  EXPECT_EQ(imm("0xffffffffffffffff"), -1);  // 64-bit patterns are accepted
  EXPECT_EQ(only(parsed("mov %v0 2147483647")).operands[1].kind, OperandKind::imm);
  EXPECT_EQ(only(parsed("mov %v0 2147483648")).operands[1].kind, OperandKind::imm64);
  EXPECT_EQ(only(parsed("mov %v0 -2147483648")).operands[1].kind, OperandKind::imm);
  EXPECT_EQ(only(parsed("mov %v0 -2147483649")).operands[1].kind, OperandKind::imm64);
}

TEST(RasParser, ConstantExpressions) {
  EXPECT_EQ(imm("(1 << 4) + 2"), 18);
  EXPECT_EQ(imm("1 << 4 + 2"), 64);  // C precedence: + binds tighter than <<
  EXPECT_EQ(imm("2 + 3 * 4"), 14);
  EXPECT_EQ(imm("(2 + 3) * 4"), 20);
  EXPECT_EQ(imm("7 % 3"), 1);
  EXPECT_EQ(imm("-7 / 2"), -3);
  EXPECT_EQ(imm("0xff & ~0x0f | 0x100 ^ 1"), 0x1f1);
  EXPECT_EQ(imm("-1 >> 4"), -1);  // arithmetic shift
  EXPECT_EQ(imm("1 << 63"), INT64_MIN);
  EXPECT_EQ(imm("-(-5)"), 5);
  EXPECT_EQ(imm("+5"), 5);
  EXPECT_EQ(imm("9223372036854775807 + 1"), INT64_MIN);  // wraps
  EXPECT_EQ(imm("-9223372036854775807 - 1 / -1"), -9223372036854775807 + 1);
  int64_t v = 0;
  std::string err;
  EXPECT_TRUE(eval_int_expr("(-9223372036854775807 - 1) / -1", v, err)) << err;
  EXPECT_EQ(v, INT64_MIN);
  EXPECT_TRUE(eval_int_expr("((3))", v, err));
  EXPECT_EQ(v, 3);
}

TEST(RasParser, ExpressionErrors) {
  int64_t v = 0;
  std::string err;
  EXPECT_FALSE(eval_int_expr("1 / 0", v, err));
  EXPECT_NE(err.find("division by zero"), std::string::npos) << err;
  EXPECT_FALSE(eval_int_expr("1 << 64", v, err));
  EXPECT_NE(err.find("shift count 64"), std::string::npos) << err;
  EXPECT_FALSE(eval_int_expr("(1 + 2", v, err));
  EXPECT_NE(err.find("expected ')'"), std::string::npos) << err;
  EXPECT_FALSE(eval_int_expr("18446744073709551616", v, err));
  EXPECT_NE(err.find("does not fit in 64 bits"), std::string::npos) << err;
  EXPECT_FALSE(eval_int_expr("0x", v, err));
  EXPECT_FALSE(eval_int_expr("12ab", v, err));
  EXPECT_NE(err.find("bad digit 'a'"), std::string::npos) << err;
  EXPECT_FALSE(eval_int_expr("1 +", v, err));
  EXPECT_FALSE(eval_int_expr("1 2", v, err));
  EXPECT_EQ(parse_errors("mov %v0 (1 << 2"), "t.ras:1:16: expected ')' to close '(' at column 9");
  EXPECT_EQ(parse_errors("mov %v0 4 % 0"), "t.ras:1:11: division by zero in constant expression");
}

// A bare decimal takes a short path; what follows it decides whether it is
// the whole operand or the start of an expression.
TEST(RasParser, BareDecimalsAndWhatFollowsThem) {
  EXPECT_EQ(imm("123456789012345678"), 123456789012345678);    // 18 digits: the short path
  EXPECT_EQ(imm("1234567890123456789"), 1234567890123456789);  // 19 digits: the full reader
  EXPECT_EQ(imm("-0"), 0);
  EXPECT_EQ(imm("007"), 7);
  EXPECT_EQ(imm("10 % 4"), 2);
  EXPECT_EQ(imm("10 %4"), 2);
  EXPECT_EQ(imm("6 - 1"), 5);
  EXPECT_EQ(imm("6 / 2 # halved"), 3);
  EXPECT_EQ(imm("2\t*\t3"), 6);
  Program p = parsed("x 10 %v1 -3 => $y");
  ASSERT_EQ(only(p).operands.size(), 3u);
  EXPECT_EQ(only(p).operands[0].value, 10);
  EXPECT_EQ(only(p).operands[1].kind, OperandKind::reg_v);
  EXPECT_EQ(only(p).operands[2].value, -3);
  EXPECT_EQ(only(p).result->name, "y");
  EXPECT_EQ(parse_errors("mov %v0 12ab"), "t.ras:1:11: bad digit 'a' in integer");
  EXPECT_EQ(parse_errors("mov %v0 99999999999999999999"),
            "t.ras:1:9: integer 99999999999999999999... does not fit in 64 bits");
}

// Blanks are skipped eight bytes at a time: runs of every length, tabs mixed
// in, and runs that reach the end of the line.
TEST(RasParser, BlankRunsOfEveryLengthAndTabs) {
  for (size_t n = 1; n <= 20; ++n)
    for (const char* tail : {"", "\t", " \t ", "\t\t        "}) {
      std::string gap = std::string(n, ' ') + tail;
      Program p = parsed("add" + gap + "%v0" + gap + "%v1" + gap + "2" + gap + "# c" + gap);
      ASSERT_EQ(only(p).operands.size(), 3u) << n;
      EXPECT_EQ(only(p).operands[1].loc.col, 3 + 2 * gap.size() + 4) << n;
      EXPECT_EQ(only(p).operands[2].value, 2) << n;
      EXPECT_EQ(parsed(gap + "ret" + gap).instruction_count(), 1u) << n;
    }
}

TEST(RasParser, PercentBeforeALetterIsARegisterNotRemainder) {
  Program p = parsed("stxi 8 %v0 %v1");
  ASSERT_EQ(only(p).operands.size(), 3u);
  EXPECT_EQ(only(p).operands[0].value, 8);
  EXPECT_EQ(only(p).operands[1].kind, OperandKind::reg_v);
}

TEST(RasParser, CommasAreOptional) {
  Program a = parsed("add %v0, %v1, 2 => $x");
  Program b = parsed("add %v0 %v1 2 => $x");
  Program c = parsed("add %v0,%v1 ,2=> $x");
  EXPECT_TRUE(a.same(b));
  EXPECT_TRUE(a.same(c));
  // A comma separates two immediates that would otherwise read as one expression.
  EXPECT_EQ(only(parsed("x 1, -2")).operands.size(), 2u);
  EXPECT_EQ(only(parsed("x 1 -2")).operands.size(), 1u);
}

TEST(RasParser, CommaErrors) {
  EXPECT_EQ(parse_errors("add , %v0"), "t.ras:1:5: unexpected ',' before the first operand");
  EXPECT_EQ(parse_errors("add %v0,, %v1"), "t.ras:1:9: two commas in a row");
  EXPECT_EQ(parse_errors("add %v0,"), "t.ras:1:9: expected an operand after ','");
  EXPECT_EQ(parse_errors("add %v0, => $x"), "t.ras:1:10: expected an operand after ',', got '=>'");
}

TEST(RasParser, Comments) {
  Program p = parsed("# whole line\n   # indented\nret # trailing\n#functional is a comment\n# function x\nret#x");
  ASSERT_EQ(p.functions.size(), 1u);
  EXPECT_EQ(p.functions[0].code.size(), 2u);
  EXPECT_EQ(p.functions[0].code[1].loc.line, 6u);
}

TEST(RasParser, FunctionDirective) {
  Program p = parsed("#function one   # first\nret\n  #function\ttwo\nret\nret\n");
  ASSERT_EQ(p.functions.size(), 2u);
  EXPECT_EQ(p.functions[0].name, "one");
  EXPECT_EQ(p.functions[0].code.size(), 1u);
  EXPECT_EQ(p.functions[1].name, "two");
  EXPECT_EQ(p.functions[1].code.size(), 2u);
  EXPECT_EQ(p.functions[1].loc, (SourceLoc{3, 3, 0}));
  // Instructions before the first #function form a function named main.
  Program q = parsed("ret\n#function f\nret");
  ASSERT_EQ(q.functions.size(), 2u);
  EXPECT_EQ(q.functions[0].name, "main");
  // An empty #function is kept (the checker rejects it).
  EXPECT_EQ(parsed("#function a\n#function b\nret").functions.size(), 2u);
}

TEST(RasParser, FunctionDirectiveErrors) {
  EXPECT_EQ(parse_errors("#function"),
            "t.ras:1:10: #function needs a name (letters, digits, '_'; not starting with a digit)");
  EXPECT_EQ(parse_errors("#function 1f"),
            "t.ras:1:11: #function needs a name (letters, digits, '_'; not starting with a digit)");
  EXPECT_EQ(parse_errors("#function f g"),
            "t.ras:1:13: unexpected 'g' after #function f (only a # comment may follow)");
}

TEST(RasParser, Results) {
  EXPECT_EQ(only(parsed("arg => $in")).result->kind, OperandKind::var);
  EXPECT_EQ(only(parsed("label => @top")).result->kind, OperandKind::label);
  EXPECT_EQ(only(parsed("label =>@top")).result->loc, (SourceLoc{1, 9, 0}));
  EXPECT_EQ(parse_errors("arg =>"), "t.ras:1:7: expected $variable or @label after '=>'");
  EXPECT_EQ(only(parsed("arg=>$in")).result->name, "in");
  EXPECT_EQ(only(parsed("ret#done")).mnemonic(), "ret");
  EXPECT_EQ(parse_errors("arg => %v0"), "t.ras:1:8: expected $variable or @label after '=>'");
  EXPECT_EQ(parse_errors("arg => $a $b"), "t.ras:1:11: unexpected '$b' after the result $a");
}

TEST(RasParser, OperandErrors) {
  EXPECT_EQ(parse_errors("mov %x0 1"),
            "t.ras:1:5: unknown register '%x0' (expected %r0..%r3, %v0..%v4, %f0..%f7 or %ret)");
  EXPECT_EQ(parse_errors("mov %v 1"),
            "t.ras:1:5: unknown register '%v' (expected %r0..%r3, %v0..%v4, %f0..%f7 or %ret)");
  EXPECT_EQ(parse_errors("mov %v70000 1"), "t.ras:1:5: register index 70000 is too large");
  EXPECT_EQ(parse_errors("getarg %v0 $"), "t.ras:1:13: expected a name after '$'");
  EXPECT_EQ(parse_errors("jmp @1"), "t.ras:1:6: expected a name after '@'");
  EXPECT_EQ(parse_errors("mov %v0 ?"),
            "t.ras:1:9: unexpected '?' (expected an operand: %register, $var, @label, !call or an integer)");
  EXPECT_EQ(parse_errors("mov %v0 $a.b"), "t.ras:1:11: unexpected '.b' after operand");
  EXPECT_EQ(parse_errors("mov %v0 12x"), "t.ras:1:11: bad digit 'x' in integer");
  EXPECT_EQ(parse_errors("9 %v0"), "t.ras:1:1: expected a mnemonic, got '9 %v0'");
  EXPECT_EQ(parse_errors("mov, %v0"), "t.ras:1:4: unexpected ',' in mnemonic mov");
}

TEST(RasParser, ErrorsOnSeveralLinesAreAllReportedAndGoodLinesKept) {
  ParseResult r = parse("ret\nmov %q 1\nret\nadd ,\n", "f.ras");
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].loc.line, 2u);
  EXPECT_EQ(r.errors[1].loc.line, 4u);
  EXPECT_EQ(r.errors[0].str().substr(0, 9), "f.ras:2:5");
  EXPECT_EQ(r.program.instruction_count(), 2u);
}

TEST(RasParser, UnknownMnemonicsAreAccepted) {
  Program p = parsed("frobnicate %v0 1 => $x");
  EXPECT_EQ(only(p).mnemonic(), "frobnicate");
  EXPECT_FALSE(only(p).spelling.known());
  EXPECT_EQ(only(p).operands.size(), 2u);
}

TEST(RasParser, CrlfAndBlankLines) {
  Program p = parsed("\r\nprolog 0\r\n\r\n  ret  \r\n");
  ASSERT_EQ(p.functions[0].code.size(), 2u);
  EXPECT_EQ(p.functions[0].code[1].loc, (SourceLoc{4, 3, 0}));
}

TEST(RasParser, EmptyInputIsAnEmptyProgram) {
  EXPECT_TRUE(parsed("").functions.empty());
  EXPECT_TRUE(parsed("# nothing\n\n").functions.empty());
}

TEST(RasParser, PrinterOutputParsesBackToTheSameProgram) {
  Program p = parsed(ras_test::read_data("fib.ras") +
                     "#function other\nprolog 0\nmov %v0 1, -2\nmov %v0 -9223372036854775808\nlabel => @l\n");
  std::string text = print_program(p);
  Program q = parsed(text);
  EXPECT_TRUE(p.same(q)) << text;
  EXPECT_EQ(print_program(q), text);
  EXPECT_EQ(print_instruction(p.functions[0].code[3]), "blt !forward, %v0, 2 => @ref");
  EXPECT_NE(text.find("#function main\nprolog 1\n"), std::string::npos) << text;
  EXPECT_EQ(print_program(parsed("ret")), "ret\n");  // a lone main needs no directive
}
