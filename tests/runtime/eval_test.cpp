// Evaluator semantics: values, operators, control flow, functions, scoping,
// errors with locations, modules, stack overflow.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "helpers.hpp"

namespace ilusm {
namespace {

using test::Captured;
using test::run;

TEST(Eval, IntegersStayExactAndDivisionIsExactOrDouble) {
  EXPECT_EQ(run("prn 9007199254740993 + 0"), "9007199254740993\n");
  EXPECT_EQ(run("prn(10 / 4, 10 / 5, 7 % 3, -7 % 3, 7 % -3)"), "2.5 2 1 2 -2\n");
  EXPECT_EQ(run("prn(0.1 + 0.2, 2.0, 1.5 * 2, 3 - 0.5)"), "0.30000000000000004 2 3 2.5\n");
  EXPECT_EQ(run("prn 9223372036854775807 + 1"), "9.223372036854776e+18\n");  // overflow -> double
  EXPECT_EQ(run("prn(-(3), -2.5, 0xff)"), "-3 -2.5 255\n");
}

TEST(Eval, StringAndListPlus) {
  EXPECT_EQ(run(R"(prn("a" + "b", "n" + 1, 2 + "x", [1] + [2, 3]))"), "ab n1 2x [1, 2, 3]\n");
  Captured c;
  EXPECT_EQ(c.error("x = [1] + 1"), "cannot apply + to lst and num");
}

TEST(Eval, PrintingQuotesStringsOnlyInsideContainers) {
  EXPECT_EQ(run(R"(prn "hi")"), "hi\n");
  EXPECT_EQ(run(R"(prn ["a", 1, tru, nil, [fls]])"), "[\"a\", 1, tru, nil, [fls]]\n");
  EXPECT_EQ(run(R"(prn {a: 1, b: "x", c: {d: []}})"), "{a: 1, b: \"x\", c: {d: []}}\n");
  EXPECT_EQ(run("f(x) = x\nprn(f, prn, \\(y) y)"), "<fun f> <bif prn> <fun>\n");
}

TEST(Eval, TruthinessFollowsTheMajorityOfTheDocs) {
  EXPECT_EQ(run(R"(prn(!fls, !nil, !0, !"", ![], !{}, !0.0, !"a", ![0]))"), "tru tru tru tru tru fls tru fls fls\n");
}

TEST(Eval, AndOrReturnOperands) {
  EXPECT_EQ(run(R"(prn(1 and 2, 0 and 2, 0 or "x", nil or fls, "a" or err("no")))"), "2 0 x fls a\n");
}

TEST(Eval, ComparisonAndStructuralEquality) {
  EXPECT_EQ(run(R"(prn(1 == 1.0, "a" < "b", [1, [2]] == [1, [2]], {a: 1} == {a: 1}, 1 != "1"))"),
            "tru tru tru tru tru\n");
  Captured c;
  EXPECT_EQ(c.error("x = 1 < \"a\""), "cannot compare num with str using <");
}

TEST(Eval, TypNames) {
  EXPECT_EQ(run("f() = 1\nprn(typ(1), typ(1.5), typ(\"s\"), typ([]), typ({}), typ(tru), typ(nil), typ(f), typ(prn))"),
            "num num str lst obj bol nil fun bif\n");
}

TEST(Eval, StringsIndexByCodePoint) {
  EXPECT_EQ(run(R"(s = "héllo"
prn(len(s), s[1], s[4]))"),
            "5 é o\n");
  Captured c;
  EXPECT_EQ(c.error(R"(x = "abc"[3])"), "index 3 out of range for str of length 3");
}

TEST(Eval, ListsAndObjectsMutateInPlace) {
  EXPECT_EQ(run("xs = [1, 2, 3]\nys = xs\nxs[1] = 99\nprn ys"), "[1, 99, 3]\n");
  EXPECT_EQ(run("o = {port: 1}\no.port = 9\no.debug = tru\no[\"k\"] = 2\nprn(o, o.missing)"),
            "{port: 9, debug: tru, k: 2} nil\n");
  Captured c;
  EXPECT_EQ(c.error("xs = [1]\nxs[5] = 0"), "index 5 out of range for lst of length 1");
  EXPECT_EQ(c.error("xs = [1]\nx = xs[-1]"), "index -1 out of range for lst of length 1");
  EXPECT_EQ(c.error("x = nil\ny = x.f"), "cannot read field 'f' of nil");
}

TEST(Eval, OptionalChaining) {
  EXPECT_EQ(run("u = nil\nv = {info: {email: \"e\"}}\nprn(u?.info?.email, v?.info?.email, u?[0], [5]?[0])"),
            "nil e nil 5\n");
}

TEST(Eval, IfAsStatementAndExpressionWithChains) {
  EXPECT_EQ(run("f(x) = if x < 0: \"neg\" | if x == 0: \"zero\" | \"pos\"\nprn(f(-1), f(0), f(1))"), "neg zero pos\n");
  EXPECT_EQ(run("x = 5\nif x > 3:\n  prn \"big\"\n| prn \"small\""), "big\n");
  EXPECT_EQ(run("if 0: prn 1 | prn 2"), "2\n");
  EXPECT_EQ(run("x = if fls: 1\nprn x"), "nil\n");
}

TEST(Eval, LoopsRangesBreakContinue) {
  EXPECT_EQ(run("i <- 3..0: prn i"), "3\n2\n1\n0\n");
  EXPECT_EQ(run("i <- 5..5: prn i"), "5\n");
  EXPECT_EQ(run("x <- [1, 2, 3, 4, 5]:\n  if x == 2: cnt\n  if x == 4: brk\n  prn x"), "1\n3\n");
  EXPECT_EQ(run("n = 0\nwhl n < 3: n = n + 1\nprn n"), "3\n");
  EXPECT_EQ(run("c <- \"aé\": prn c"), "a\né\n");
  EXPECT_EQ(run("prn 1..3"), "[1, 2, 3]\n");
  Captured c;
  EXPECT_EQ(c.error("x <- 5: prn x"), "cannot loop over num (expected a lst, str, bin or range)");
  EXPECT_EQ(c.error("i <- 0..1.5: prn i"), "range bounds must be integers, got num and num");
}

TEST(Eval, MatYieldsTheArmValue) {
  EXPECT_EQ(run("f(x) = mat x: 1 => \"one\" | 2 => \"two\" | _ => \"other\"\nprn(f(1), f(2), f(3))"),
            "one two other\n");
  EXPECT_EQ(run("mat \"b\":\n  \"a\": prn 1\n  \"b\": prn 2\n"), "2\n");
  EXPECT_EQ(run("prn mat 9: 1 => 1"), "nil\n");
}

TEST(Eval, FunctionsReturnLastValueOrRet) {
  EXPECT_EQ(run("f(x) =\n  if x > 0:\n    ret \"pos\"\n  \"other\"\nprn(f(1), f(-1))"), "pos other\n");
  EXPECT_EQ(run("g() =\n  ret\nprn g()"), "nil\n");
  EXPECT_EQ(run("h(xs) =\n  x <- xs:\n    if x > 1: ret x\n  0\nprn h([1, 5, 7])"), "5\n");
}

TEST(Eval, ClosuresCaptureByReference) {
  EXPECT_EQ(run("mk() =\n  n = 0\n  \\()\n    n = n + 1\n    n\nc = mk()\nc()\nprn c()"), "2\n");
  EXPECT_EQ(run("adder(k) = \\(x) x + k\nprn adder(2)(40)"), "42\n");
  EXPECT_EQ(run("outer() =\n  a = 1\n  mid = \\()\n    inner = \\() a + 1\n    inner()\n  mid()\nprn outer()"), "2\n");
}

TEST(Eval, AssignmentInAFunctionUpdatesAGlobalOrMakesALocal) {
  EXPECT_EQ(run("count = 0\ninc() = count = count + 1\ninc()\ninc()\nprn count"), "2\n");
  EXPECT_EQ(run("f() =\n  tmp = 5\n  tmp\nf()\nprn typ(try(\\() tmp).err)"), "str\n");
  EXPECT_EQ(run("i = 100\nf() =\n  i <- 0..2: x = i\n  i\nprn(f(), i)"), "2 100\n");
}

TEST(Eval, DefCannotBeRebound) {
  Captured c;
  c.run("def pi = 3");
  EXPECT_EQ(c.located("pi = 4"), "1:1 cannot rebind 'pi': it was bound with def");
  EXPECT_EQ(c.run("prn pi"), "3\n");
}

TEST(Eval, BuiltinsCannotBeAssignedByScripts) {
  Captured c;
  EXPECT_EQ(c.located("x = 1\ntry = 5"), "2:1 cannot assign to builtin 'try'");
  EXPECT_EQ(c.error("f() = prn = 1\nf()"), "cannot assign to builtin 'prn'");
  EXPECT_EQ(c.run("prn typ(try)"), "bif\n");
}

TEST(Eval, BarPipeInsideAThenBranchIsTheElseButArrowPipesStillWork) {
  EXPECT_EQ(run("x = 1\ny = if x == 1: [1, 2] |> len | 0\nprn y"), "2\n");
  EXPECT_EQ(run("x = 2\ny = if x == 1: [1, 2] |> len | 0\nprn y"), "0\n");
}

TEST(Eval, Destructuring) {
  EXPECT_EQ(run("{x, y} = {x: 1, y: 2, z: 3}\n[a, b] = [\"p\", \"q\"]\nprn(x, y, a, b)"), "1 2 p q\n");
  Captured c;
  EXPECT_EQ(c.error("[a, b] = [1]"), "cannot destructure a lst of 1 items into 2 names");
}

TEST(Eval, Interpolation) {
  EXPECT_EQ(run("n = 2\nu = nil\nprn $\"n={n} sum={n + 1} u={u or \"guest\"} l={[1, \"a\"]}\""),
            "n=2 sum=3 u=guest l=[1, \"a\"]\n");
}

TEST(Eval, PipelinesPassTheLeftValueAsFirstArgument) {
  EXPECT_EQ(run("dbl(x) = x * 2\nadd(a, b) = a + b\nprn 5 | dbl |> add(1)"), "11\n");
  EXPECT_EQ(run("cfg = {host: \"h\"}\nprn cfg | .host"), "h\n");
  EXPECT_EQ(run("twice(x, f) = f(f(x))\nprn 3 | twice \\(x) x * 10"), "300\n");
}

TEST(Eval, BuiltinsStrIntTypLen) {
  EXPECT_EQ(
      run(R"(prn(str(42) + "!", int("42"), int(" 0x10 "), int(3.9), int(-3.9), int("2.5"), len([1, 2]), len({a: 1})))"),
      "42! 42 16 3 -3 2 2 1\n");
  Captured c;
  EXPECT_EQ(c.error("x = int(\"abc\")"), "int: cannot convert \"abc\" to an integer");
  EXPECT_EQ(c.error("x = len(5)"), "len: expected a str, lst, obj or bin, got num");
  EXPECT_EQ(c.error("x = len()"), "len() takes 1 argument, got 0");
}

TEST(Eval, TryErrAsr) {
  EXPECT_EQ(run("r = try(\\() err(\"boom\"))\nprn(r.val, r.err)\nok = try(\\() 5)\nprn(ok.val, ok.err)"),
            "nil boom\n5 nil\n");
  EXPECT_EQ(run("prn try(\\() asr(1 == 2)).err\nprn try(\\() asr(fls, \"custom\")).err\nprn asr(tru)"),
            "assertion failed\ncustom\ntru\n");
  EXPECT_EQ(run("prn try(\\() 1 / 0).err"), "division by zero\n");
}

TEST(Eval, ErrorsCarryFileLineAndColumn) {
  Captured c;
  EXPECT_EQ(c.located("x = 1\ny = x / 0"), "2:7 division by zero");
  EXPECT_EQ(c.located("prn undefined_thing"), "1:5 undefined variable 'undefined_thing'");
  EXPECT_EQ(c.located("f(a) = a\nf(1, 2)"), "2:2 f() takes 1 argument, got 2");
  EXPECT_EQ(c.located("x = 5\nx(1)"), "2:2 cannot call num (not a function)");
  EXPECT_EQ(c.located("f() = err(\"inner\")\ng() = f()\ng()"), "1:10 inner");
}

TEST(Eval, UncaughtErrorReportHasMessageLocationSourceAndCaret) {
  Captured c;
  try {
    c.in.run_string("x = 1\ny = \"é\" + (1 / 0)\n", "t.ilu");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(c.in.format_error(e),
              "error: division by zero\n  at t.ilu:2:14\n  y = \"é\" + (1 / 0)\n               ^\n");
  }
}

TEST(Eval, RunawayRecursionIsAStackOverflowError) {
  Captured c;
  std::string msg = c.error("f(n) = f(n + 1) + 1\nf(0)");
  EXPECT_NE(msg.find("stack overflow"), std::string::npos) << msg;
  EXPECT_EQ(c.run("prn try(\\() (\\(n) n)(1)).val"), "1\n");  // still usable afterwards
  EXPECT_EQ(c.run("d(n) = if n == 0: 0 | 1 + d(n - 1)\nprn d(1000)"), "1000\n");
}

TEST(Eval, StackOverflowIsCatchableWithTry) {
  EXPECT_EQ(run("f(n) = f(n + 1)\nr = try(\\() f(0))\nprn r.err"), "stack overflow (too many nested calls)\n");
}

TEST(Eval, LambdaBlockInsideCallArguments) {
  EXPECT_EQ(run("run(f) = f()\nv = run(\\()\n  a = 20\n  a + 22\n)\nprn v"), "42\n");
}

TEST(Eval, BareCallsAndPipeContinuationLines) {
  EXPECT_EQ(run("inc(x) = x + 1\nr = 1\n  | inc\n  | inc\nprn r"), "3\n");
  EXPECT_EQ(run("prn !tru\nprn typ(1)"), "fls\nnum\n");
}

}  // namespace
}  // namespace ilusm
