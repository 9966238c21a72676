// Doubles in the front end: double literals (parser, printer, bytecode type
// code 9, loader checks) and the checker's double loads and stores.
#include <bit>
#include <cmath>
#include <limits>

#include "ras_test_util.hpp"

using namespace ras;
using ras_test::check_text;
using ras_test::load_error;
using ras_test::parse_errors;
using ras_test::parsed;
using Bytes = std::vector<uint8_t>;

namespace {

// The operand of `mov_d %f0 TEXT`.
Operand literal(const std::string& text) {
  Program p = parsed("mov_d %f0 " + text);
  return p.functions.at(0).code.at(0).operands.at(1);
}

uint64_t bits(double d) { return std::bit_cast<uint64_t>(d); }

// `prolog 0`, `movi_d %f0 1.5`, `ret` as bytecode; the double's 8 bytes start at kDoubleAt.
const char* kMovText = "prolog 0\nmovi_d %f0 1.5\nret\n";
constexpr size_t kDoubleAt = 41;

}  // namespace

TEST(RasDoubles, LiteralKindIsTypeCode9) {
  EXPECT_EQ(int(OperandKind::imm_d), 9);
  EXPECT_EQ(kind_name(OperandKind::imm_d), "imm_d");
  EXPECT_EQ(kOperandKindCount, 10);
}

TEST(RasDoubles, ParsesDecimalExponentInfAndNan) {
  struct Case {
    const char* text;
    double value;
  } cases[] = {
      {"1.5", 1.5},
      {"-2.25e3", -2250.0},
      {".5", 0.5},
      {"5.", 5.0},
      {"1e-3", 1e-3},
      {"+0.25", 0.25},
      {"1E3", 1000.0},
      {"0.1", 0.1},
      {"-0.0", -0.0},
      {"1.7976931348623157e308", 1.7976931348623157e308},
      {"5e-324", 5e-324},
      {"inf", std::numeric_limits<double>::infinity()},
      {"-inf", -std::numeric_limits<double>::infinity()},
  };
  for (const Case& c : cases) {
    Operand o = literal(c.text);
    EXPECT_EQ(o.kind, OperandKind::imm_d) << c.text;
    EXPECT_EQ(bits(o.as_double()), bits(c.value)) << c.text;  // bit for bit (-0.0 too)
  }
  Operand nan = literal("nan");
  EXPECT_EQ(nan.kind, OperandKind::imm_d);
  EXPECT_EQ(uint64_t(nan.value), kCanonicalNaN);
  EXPECT_EQ(literal("1.5").loc, (SourceLoc{1, 11, 0}));
}

TEST(RasDoubles, NumbersWithoutPointOrExponentStayIntegers) {
  EXPECT_EQ(literal("2").kind, OperandKind::imm);
  EXPECT_EQ(literal("-7").kind, OperandKind::imm);
  EXPECT_EQ(literal("0x1e5").kind, OperandKind::imm);  // hex: never a double
  EXPECT_EQ(literal("0x1e5").value, 0x1e5);
  EXPECT_EQ(literal("(1 << 4) + 2").value, 18);
  EXPECT_EQ(literal("0x100000000").kind, OperandKind::imm64);
}

TEST(RasDoubles, BadLiteralsNameLineAndColumn) {
  EXPECT_EQ(parse_errors("mov_d %f0 1.5x"),
            "t.ras:1:11: expected a double literal (digits with a '.' or an exponent, inf or nan), got '1.5x'");
  EXPECT_EQ(parse_errors("prolog 0\nmov_d %f0, 1e"),
            "t.ras:2:12: expected a double literal (digits with a '.' or an exponent, inf or nan), got '1e'");
  EXPECT_EQ(parse_errors("mov_d %f0 1.5*2"),
            "t.ras:1:11: expected a double literal (digits with a '.' or an exponent, inf or nan), got '1.5*2'");
  EXPECT_EQ(parse_errors("mov_d %f0 1e999"), "t.ras:1:11: double literal 1e999 is out of range");
  EXPECT_EQ(parse_errors("mov_d %f0 -1e-999"), "t.ras:1:11: double literal -1e-999 is out of range");
  EXPECT_EQ(parse_errors("mov_d %f0 -nan"), "t.ras:1:11: unexpected sign on nan (a double literal nan has none)");
}

TEST(RasDoubles, PrintsShortestTextThatReadsBackAsADouble) {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {"2.0", "2.0"},
      {"-2.25e3", "-2250.0"},
      {"0.1", "0.1"},
      {"1e300", "1e+300"},
      {"-0.0", "-0.0"},
      {"5e-324", "5e-324"},
      {"inf", "inf"},
      {"-inf", "-inf"},
      {"nan", "nan"},
      {".125", "0.125"},
      {"0.30000000000000004", "0.30000000000000004"},
  };
  for (const Case& c : cases) {
    Operand o = literal(c.in);
    EXPECT_EQ(o.text(), c.out) << c.in;
    Operand back = literal(o.text());
    EXPECT_EQ(back.kind, OperandKind::imm_d) << c.in;
    EXPECT_EQ(back.value, o.value) << c.in;
  }
  EXPECT_EQ(double_text(1e21), "1e+21");
  EXPECT_EQ(double_text(123456789.0), "123456789.0");
}

TEST(RasDoubles, TextBytecodeTextIsLossless) {
  const char* text =
      "prolog 0\nmovi_d %f0, 1.5\nmov %f1, -2250.0\nmov_d %f2, 0.1\nmov_d %f3, 5e-324\nmov_d %f4, -0.0\n"
      "mov_d %f5, inf\nmov_d %f6, nan\nmov_d %f7, 2\nldxi_d %f0, %v0, 8\nstxr_d %r1, %v0, %f0\nldr_d %f1, %r0\n"
      "sti_d 4096, %f1\nret\n";
  Program p = parsed(text);
  ASSERT_TRUE(check(p).empty()) << to_string(check(p));
  Bytes bc = write_bytecode(p);
  Program back = load_bytecode(bc, "x.rbc");
  EXPECT_TRUE(back.same(p));
  EXPECT_EQ(print_program(back), text);
  EXPECT_EQ(write_bytecode(back), bc);
  EXPECT_EQ(back.functions[0].code[8].operands[1].kind, OperandKind::imm);  // an integer stays one
}

TEST(RasDoubles, BytecodeHoldsTheBigEndianBits) {
  Program p = parsed(kMovText);
  Bytes bc = write_bytecode(p);
  // movi_d: result 0, 2 operands, opcode; %f0 (type 5, index 0); type 9 and 1.5 = 0x3ff8000000000000.
  const Bytes insn = {0x00, 0x02, 0x2a, 0x01, 0x05, 0, 0, 0, 0, 0x09, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0};
  ASSERT_GE(bc.size(), kDoubleAt + 8);
  EXPECT_EQ(Bytes(bc.begin() + long(kDoubleAt) - 10, bc.begin() + long(kDoubleAt) + 8), insn);
}

TEST(RasDoubles, LoaderRejectsATruncatedDouble) {
  Bytes bc = write_bytecode(parsed(kMovText));
  for (size_t keep = 0; keep < 8; ++keep) {
    Bytes cut(bc.begin(), bc.begin() + long(kDoubleAt + keep));
    EXPECT_EQ(load_error(cut), "x.rbc:offset " + std::to_string(kDoubleAt) +
                                   ": truncated bytecode: expected an 8-byte double immediate (8 byte(s)), " +
                                   std::to_string(keep) + " left");
  }
}

TEST(RasDoubles, LoaderKeepsOneNaN) {
  Bytes bc = write_bytecode(parsed(kMovText));
  Bytes odd = bc;
  const uint8_t payload[8] = {0x7f, 0xf8, 0, 0, 0, 0, 0, 1};
  std::copy(std::begin(payload), std::end(payload), odd.begin() + long(kDoubleAt));
  EXPECT_EQ(load_error(odd),
            "x.rbc:offset 41: imm_d holds the NaN 0x7ff8000000000001; the only NaN stored is "
            "0x7ff8000000000000 (nan)");
  Bytes negative = bc;
  negative[kDoubleAt] = 0xff;  // 0xfff8...: the sign bit set
  EXPECT_NE(load_error(negative), "(loaded)");
  Bytes canonical = bc;
  const uint8_t quiet[8] = {0x7f, 0xf8, 0, 0, 0, 0, 0, 0};
  std::copy(std::begin(quiet), std::end(quiet), canonical.begin() + long(kDoubleAt));
  Program p = load_bytecode(canonical, "x.rbc");
  EXPECT_TRUE(std::isnan(p.functions[0].code[1].operands[1].as_double()));
  EXPECT_EQ(print_program(p), "prolog 0\nmovi_d %f0, nan\nret\n");
}

TEST(RasDoubles, WriterStoresEveryNaNAsTheOne) {
  Program p = parsed(kMovText);
  p.functions[0].code[1].operands[1].value = int64_t(0x7ff0000000000001ull);  // a signalling NaN, set by hand
  Bytes bc = write_bytecode(p);
  EXPECT_EQ(Bytes(bc.begin() + long(kDoubleAt), bc.begin() + long(kDoubleAt) + 8),
            (Bytes{0x7f, 0xf8, 0, 0, 0, 0, 0, 0}));
}

TEST(RasDoubles, CheckerTakesDoubleImmediatesInArithmeticAndBranches) {
  auto line = [](const std::string& l) { return check_text("prolog 0\nget_label => @top\n" + l + "\nret\n"); };
  for (const char* ok : {"addi_d %f0 %f1 0.5", "subi_d %f0 %f1 -1e3", "muli_d %ret %f1 2", "divi_d %f0 %f0 inf",
                         "add %f0 %f1 0.25", "blti_d @top %f0 1.5", "bne_d @top %f0 nan", "bgei_d @top %ret 0"})
    EXPECT_EQ(line(ok), "") << ok;
  Program p = parsed("prolog 0\nadd %f0 %f1 0.25\nadd %f0 %f1 2\nadd %v0 %v1 2\nret\n");
  ASSERT_TRUE(check(p).empty());
  const auto& c = p.functions[0].code;
  EXPECT_EQ(c[1].form->cls, ValueClass::dbl);
  EXPECT_EQ(c[1].form->letter, Letter::i);
  EXPECT_EQ(c[2].form->cls, ValueClass::dbl);  // %f registers: the integer 2 is converted
  EXPECT_EQ(c[3].form->cls, ValueClass::integer);
  EXPECT_EQ(line("blti_d @top %v0 1.5"), "t.ras:3:13: blti_d: operand 2 (%v0) is reg_v, expected reg_fp, reg_ret");
  EXPECT_EQ(line("pushargi_d 1.5"), "t.ras:3:1: pushargi_d: no i form of pusharg works on doubles");
}

TEST(RasDoubles, CheckerTakesDoubleLiteralsOnlyInMovD) {
  auto line = [](const std::string& l) { return check_text("prolog 0\n" + l + "\nret\n"); };
  EXPECT_EQ(line("movi_d %f0 1.5"), "");
  EXPECT_EQ(line("mov %f0 1.5"), "");
  EXPECT_EQ(line("mov_d %ret -2.25e3"), "");
  EXPECT_EQ(line("mov %v0 1.5"),
            "t.ras:2:9: mov: operand 2 (1.5) is imm_d, expected reg_r, reg_v, reg_ret, imm, imm64");
  EXPECT_EQ(line("movi %v0 1.5"), "t.ras:2:10: movi: operand 2 (1.5) is imm_d, expected imm, imm64");
  EXPECT_EQ(line("addr_d %f0 %f1 0.5"), "t.ras:2:16: addr_d: operand 3 (0.5) is imm_d, expected reg_fp, reg_ret");
  EXPECT_EQ(line("rem %v0 %v1 0.5"),
            "t.ras:2:13: rem: operand 3 (0.5) is imm_d, expected reg_r, reg_v, reg_ret, imm, imm64");
  EXPECT_EQ(line("movr_d %f0 1.5"), "t.ras:2:12: movr_d: operand 2 (1.5) is imm_d, expected reg_fp, reg_ret");
}

TEST(RasDoubles, CheckerDoubleLoadsAndStores) {
  auto line = [](const std::string& l) { return check_text("prolog 0\n" + l + "\nret\n"); };
  for (const char* ok : {"ldr_d %f0 %v0", "ldi_d %f1 4096", "ldxr_d %f2 %v0 %r1", "ldxi_d %ret %v0 -8", "str_d %v0 %f0",
                         "sti_d 4096 %f1", "stxr_d %r1 %v0 %f2", "stxi_d 8 %v0 %f3", "ld %f0 %v0", "ldx %f0 %v0 8",
                         "st %v0 %f0", "stx 8 %v0 %f0", "ldxi_d %f0 %v0 0x100000000"})
    EXPECT_EQ(line(ok), "") << ok;
  EXPECT_EQ(line("ldr_d %v0 %v1"), "t.ras:2:7: ldr_d: operand 1 (%v0) is reg_v, expected reg_fp, reg_ret");
  EXPECT_EQ(line("ldr_d %f0 %f1"), "t.ras:2:11: ldr_d: operand 2 (%f1) is reg_fp, expected reg_r, reg_v, reg_ret");
  EXPECT_EQ(line("stxi_d 8 %v0 %v1"), "t.ras:2:14: stxi_d: operand 3 (%v1) is reg_v, expected reg_fp, reg_ret");
  EXPECT_EQ(line("str_d %f0 %f1"), "t.ras:2:7: str_d: operand 1 (%f0) is reg_fp, expected reg_r, reg_v, reg_ret");
  EXPECT_EQ(line("ldi_d %f0 1.5"), "t.ras:2:11: ldi_d: operand 2 (1.5) is imm_d, expected imm, imm64");
  EXPECT_EQ(line("ldxi_i %f0 %v0 8"), "t.ras:2:8: ldxi_i: operand 1 (%f0) is reg_fp, expected reg_r, reg_v, reg_ret");
}

TEST(RasDoubles, UnsuffixedLoadsPickTheFormFromTheRegister) {
  Program p = parsed("prolog 0\nld %f0 %v0\nld %v1 %v0\nstx 8 %v0 %f0\nret\n");
  ASSERT_TRUE(check(p).empty());
  const auto& c = p.functions[0].code;
  EXPECT_EQ(c[1].form->cls, ValueClass::dbl);
  EXPECT_EQ(c[2].form->cls, ValueClass::integer);
  EXPECT_EQ(c[3].form->cls, ValueClass::dbl);
}
