// Issue 14, item 13: one rule for integer literals (hex and decimal), NaN
// results the same from the JIT and the interpreter, and a clear message for
// a tab among spaces.
#include <gtest/gtest.h>
#include <ilusm/ilusm.hpp>

#include <bit>
#include <cmath>
#include <string>

#include "ras/backend.hpp"
#include "ras/interp.hpp"
#include "ras/ir.hpp"
#include "ras/ras.hpp"

namespace {

std::string run(std::string_view code) {
  ilusm::Interp in;
  std::string out;
  in.set_output([&](std::string_view s) { out += s; });
  try {
    in.run_string(code, "t.ilu");
  } catch (const ilusm::Error& e) {
    return "error: " + e.message() + " at " + std::to_string(e.where().line) + ":" + std::to_string(e.where().col);
  }
  return out;
}

TEST(Literals, HexAndDecimalBeyondInt64AreDoubles) {
  EXPECT_EQ(run("prn(typ(0xFFFFFFFFFFFFFFFF))\nprn(typ(18446744073709551615))"), "num\nnum\n");
  EXPECT_EQ(run("prn(0xFFFFFFFFFFFFFFFF == 18446744073709551615)"), "tru\n");
  EXPECT_EQ(run("prn(0xFFFFFFFFFFFFFFFF > 0)\nprn(0x8000000000000000 == 9223372036854775808)"), "tru\ntru\n");
  EXPECT_EQ(run("prn(0x7FFFFFFFFFFFFFFF)\nprn(0x7FFFFFFFFFFFFFFF + 1 == 0x8000000000000000)"),
            "9223372036854775807\ntru\n");
  EXPECT_EQ(run("prn(0x1_0000)"), "error: malformed number '0x1_' at 1:5");
  EXPECT_EQ(run("prn(0x100000000000000000000 == 1208925819614629174706176)"), "tru\n");  // beyond 64 bits too
}

TEST(Indentation, TabAmongSpacesSaysSo) {
  EXPECT_EQ(run("if tru:\n    x = 1\n\ty = 2\n"),
            "error: inconsistent indentation: tab (the file indents with spaces) at 3:1");
  EXPECT_EQ(run("if tru:\n\tx = 1\n    y = 2\n"),
            "error: inconsistent indentation: space (the file indents with tabs) at 3:1");
  EXPECT_EQ(run("if tru:\n\tprn(1)\n\tprn(2)\n"), "1\n2\n");
  EXPECT_EQ(run("x = [1,\n\t2]\nif tru:\n    prn(x)\n"), "[1, 2]\n");  // inside brackets: not layout
}

// (-nan) + (+nan), nan - (-nan) and friends: the same canonical NaN from both back ends.
TEST(Nan, JitAndInterpreterAgree) {
  const char* ops[] = {"add_d", "sub_d", "mul_d", "div_d"};
  for (const char* op : ops)
    for (int order = 0; order < 2; ++order) {
      // 0/0 is the x86 default NaN (sign set); `nan` is the positive quiet NaN.
      std::string text = "prolog 0\nmov_d %f1, 0.0\ndiv_d %f1, %f1, %f1\nmov_d %f2, nan\n" + std::string(op) +
                         (order ? " %ret, %f1, %f2\nret\n" : " %ret, %f2, %f1\nret\n");
      ras::Program program = ras::load_text(text, "t.ras");
      ras::RunResult jit = ras::compile(program).call(0, {}, {});
      ras::RunResult interp = ras::Interpreter(program).call(0, {}, {});
      ASSERT_TRUE(jit.is_double && interp.is_double) << text;
      EXPECT_EQ(std::bit_cast<uint64_t>(jit.dvalue), ras::kCanonicalNaN) << text;
      EXPECT_EQ(std::bit_cast<uint64_t>(interp.dvalue), ras::kCanonicalNaN) << text;
    }
}

}  // namespace
