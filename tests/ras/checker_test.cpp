// The checker: every family's forms, suffix normalisation, and every error kind
// with file:line:col, mnemonic, operand and the expected kinds.
#include "ras_test_util.hpp"

using namespace ras;
using ras_test::check_text;

namespace {

// A function with arguments, a bound label @back and a double argument, to
// wrap one instruction line (line 5 of the text).
const std::string kPrefix = "prolog 2\narg => $a\narg_d => $x\nget_label => @back\n";

std::string wrapped(const std::string& line) {
  std::string text = kPrefix + line + "\n";
  if (line.find("=> @fwd") != std::string::npos) text += "patch @fwd\n";
  return text + "ret\n";
}

// Checks one wrapped line; returns the checked instruction.
Instruction checked_line(const std::string& line) {
  ParseResult r = parse(wrapped(line), "t.ras");
  EXPECT_TRUE(r.ok()) << to_string(r.errors);
  Diagnostics d = check(r.program);
  EXPECT_TRUE(d.empty()) << line << "\n" << to_string(d);
  return r.program.functions.at(0).code.at(4);
}

std::string line_errors(const std::string& line) { return check_text(wrapped(line)); }

struct FormCase {
  const char* line;
  Op op;
  Letter letter;
  ValueClass cls;
};

}  // namespace

TEST(RasChecker, SeedFibonacciChecksCleanly) {
  ParseResult r = parse(ras_test::read_data("fib.ras"), "fib.ras");
  ASSERT_TRUE(r.ok());
  Diagnostics d = check(r.program);
  EXPECT_TRUE(d.empty()) << to_string(d);
  const auto& code = r.program.functions[0].code;
  for (const Instruction& ins : code) EXPECT_NE(ins.form, nullptr) << ins.mnemonic();
  EXPECT_EQ(code[14].form->letter, Letter::i);  // add %v1 %v1 1
  EXPECT_EQ(code[15].form->letter, Letter::r);  // add %ret %v1 %v2
  EXPECT_EQ(code[3].form->letter, Letter::i);   // blt !forward %v0 2
}

TEST(RasChecker, EveryFamilyFormIsAccepted) {
  const FormCase cases[] = {
      {"mov %v0 %r1", Op::mov, Letter::r, ValueClass::integer},
      {"mov %ret 1", Op::mov, Letter::i, ValueClass::integer},
      {"mov %v0 0x123456789", Op::mov, Letter::i, ValueClass::integer},
      {"mov %f0 %f1", Op::mov, Letter::r, ValueClass::dbl},
      {"mov %f0 3", Op::mov, Letter::i, ValueClass::dbl},
      {"mov %ret %f1", Op::mov, Letter::r, ValueClass::dbl},
      {"add %v0 %v1 %v2", Op::add, Letter::r, ValueClass::integer},
      {"add %f0 %f1 %f2", Op::add, Letter::r, ValueClass::dbl},
      {"sub %v0 %v1 -3", Op::sub, Letter::i, ValueClass::integer},
      {"sub %f0 %f1 %f2", Op::sub, Letter::r, ValueClass::dbl},
      {"mul %r0 %r1 %r2", Op::mul, Letter::r, ValueClass::integer},
      {"mul %f0 %f1 %f2", Op::mul, Letter::r, ValueClass::dbl},
      {"div %r0 %r1 7", Op::div, Letter::i, ValueClass::integer},
      {"div_ul %r0 %r1 %r2", Op::div, Letter::r, ValueClass::integer},
      {"div %f0 %f1 %f2", Op::div, Letter::r, ValueClass::dbl},
      {"rem %r0 %r1 %r2", Op::rem, Letter::r, ValueClass::integer},
      {"remi_ui %r0 %r1 3", Op::rem, Letter::i, ValueClass::integer},
      {"and %r0 %r1 255", Op::and_, Letter::i, ValueClass::integer},
      {"or %r0 %r1 %r2", Op::or_, Letter::r, ValueClass::integer},
      {"xor %r0 %r1 -1", Op::xor_, Letter::i, ValueClass::integer},
      {"lsh %r0 %r1 3", Op::lsh, Letter::i, ValueClass::integer},
      {"rsh %r0 %r1 %r2", Op::rsh, Letter::r, ValueClass::integer},
      {"rshi_ui %r0 %r1 3", Op::rsh, Letter::i, ValueClass::integer},
      {"neg %r0 %r1", Op::neg, Letter::r, ValueClass::integer},
      {"neg %f0 %f1", Op::neg, Letter::r, ValueClass::dbl},
      {"not %r0 %r1", Op::not_, Letter::r, ValueClass::integer},
      {"lt %r0 %r1 %r2", Op::lt, Letter::r, ValueClass::integer},
      {"le %r0 %r1 2", Op::le, Letter::i, ValueClass::integer},
      {"eq %r0 %r1 %r2", Op::eq, Letter::r, ValueClass::integer},
      {"ne %r0 %r1 2", Op::ne, Letter::i, ValueClass::integer},
      {"ge_ui %r0 %r1 %r2", Op::ge, Letter::r, ValueClass::integer},
      {"gt %r0 %r1 2", Op::gt, Letter::i, ValueClass::integer},
      {"blt @back %v0 %v1", Op::blt, Letter::r, ValueClass::integer},
      {"ble !forward %v0 3 => @fwd", Op::ble, Letter::i, ValueClass::integer},
      {"beq @back %f0 %f1", Op::beq, Letter::r, ValueClass::dbl},
      {"bne_ui !forward %v0 %v1 => @fwd", Op::bne, Letter::r, ValueClass::integer},
      {"bge @back %v0 0", Op::bge, Letter::i, ValueClass::integer},
      {"bgtr_d !forward %f0 %f1 => @fwd", Op::bgt, Letter::r, ValueClass::dbl},
      {"jmp @back", Op::jmp, Letter::i, ValueClass::integer},
      {"jmp !forward => @fwd", Op::jmp, Letter::i, ValueClass::integer},
      {"ld %v0 %v1", Op::ld, Letter::r, ValueClass::integer},
      {"ld_uc %v0 0x1000", Op::ld, Letter::i, ValueClass::integer},
      {"ldx_s %v0 %v1 %v2", Op::ldx, Letter::r, ValueClass::integer},
      {"ldx_ui %v0 %v1 8", Op::ldx, Letter::i, ValueClass::integer},
      {"st %v0 %v1", Op::st, Letter::r, ValueClass::integer},
      {"st_c 0x1000 %v1", Op::st, Letter::i, ValueClass::integer},
      {"stx_i %v0 %v1 %v2", Op::stx, Letter::r, ValueClass::integer},
      {"stx 8 %v1 %v2", Op::stx, Letter::i, ValueClass::integer},
      {"label => @here", Op::get_label, Letter::none, ValueClass::integer},
      {"getarg %v1 $a", Op::getarg, Letter::none, ValueClass::integer},
      {"getarg_d %f1 $x", Op::getarg, Letter::none, ValueClass::dbl},
      {"retval %v1", Op::retval, Letter::none, ValueClass::integer},
      {"retval %f1", Op::retval, Letter::none, ValueClass::dbl},
      {"abs %f0 %f1", Op::abs, Letter::r, ValueClass::dbl},
      {"sqrt_d %f0 %f1", Op::sqrt, Letter::r, ValueClass::dbl},
      {"ext %f0 %v1", Op::ext, Letter::r, ValueClass::dbl},
      {"trunc %v0 %f1", Op::trunc, Letter::r, ValueClass::dbl},
      {"ret", Op::ret, Letter::none, ValueClass::integer},
  };
  for (const FormCase& c : cases) {
    Instruction ins = checked_line(c.line);
    EXPECT_EQ(ins.op(), c.op) << c.line;
    ASSERT_NE(ins.form, nullptr) << c.line;
    EXPECT_EQ(ins.form->letter, c.letter) << c.line;
    EXPECT_EQ(ins.form->cls, c.cls) << c.line;
  }
}

TEST(RasChecker, CallSequenceForms) {
  std::string text =
      "prolog 0\nprepare 3\npusharg %v0\npusharg -5\npusharg_d %f1\nfinish @self\nretval %v0\n"
      "prepare_i 2\npushargi_ui 0x100000000\npushargr_l %r1\nfinish !print\nret\n"
      "#function g\nprolog 0\nprepare 0\nfinish @main\nret\n";
  ParseResult r = parse(text, "t.ras");
  ASSERT_TRUE(r.ok());
  Diagnostics d = check(r.program);
  EXPECT_TRUE(d.empty()) << to_string(d);
  const auto& c = r.program.functions[0].code;
  EXPECT_EQ(c[2].form->letter, Letter::r);
  EXPECT_EQ(c[3].form->letter, Letter::i);
  EXPECT_EQ(c[4].form->cls, ValueClass::dbl);
  EXPECT_EQ(c[8].spelling.type, Type::ui);
}

TEST(RasChecker, SuffixedNamesNormaliseToTheSameOpcode) {
  Instruction a = checked_line("addr_i %v0 %v1 %v2");
  Instruction b = checked_line("add %v0 %v1 %v2");
  EXPECT_EQ(a.op(), b.op());
  EXPECT_EQ(a.form, b.form);
  EXPECT_EQ(a.spelling.type, Type::i);
  EXPECT_EQ(b.spelling.type, Type::none);
  Instruction c = checked_line("addi_ui %v0 %v1 1");
  EXPECT_EQ(c.form, checked_line("add %v0 %v1 1").form);
  EXPECT_TRUE(is_unsigned(c.spelling.type));
  EXPECT_EQ(checked_line("blti_i @back %v0 1").op(), Op::blt);
  EXPECT_EQ(checked_line("movi_i %v0 1").form->letter, Letter::i);
  EXPECT_EQ(checked_line("getarg_ui %v0 $a").op(), Op::getarg);
  EXPECT_EQ(checked_line("retval_i %v0").spelling.type, Type::i);
  EXPECT_EQ(checked_line("addr_d %f0 %f1 %f2").form->cls, ValueClass::dbl);
}

TEST(RasChecker, OperandKindErrorsNameEverything) {
  EXPECT_EQ(line_errors("add %v0 %f1 1"), "t.ras:5:9: add: operand 2 (%f1) is reg_fp, expected reg_r, reg_v, reg_ret");
  EXPECT_EQ(line_errors("getarg %v0 7"), "t.ras:5:12: getarg: operand 2 (7) is imm, expected var");
  EXPECT_EQ(line_errors("blt %v0 %v0 1"), "t.ras:5:5: blt: operand 1 (%v0) is reg_v, expected label, call");
  EXPECT_EQ(line_errors("addr %v0 %v1 1"), "t.ras:5:14: addr: operand 3 (1) is imm, expected reg_r, reg_v, reg_ret");
  EXPECT_EQ(line_errors("addi_i %v0 %v1 %v2"), "t.ras:5:16: addi_i: operand 3 (%v2) is reg_v, expected imm, imm64");
  EXPECT_EQ(line_errors("add_d %v0 %f1 %f2"), "t.ras:5:7: add_d: operand 1 (%v0) is reg_v, expected reg_fp, reg_ret");
  EXPECT_EQ(line_errors("add_i %f0 %f1 %f2"),
            "t.ras:5:7: add_i: operand 1 (%f0) is reg_fp, expected reg_r, reg_v, reg_ret");
  EXPECT_EQ(line_errors("sqrt %v0 %v1"), "t.ras:5:6: sqrt: operand 1 (%v0) is reg_v, expected reg_fp, reg_ret");
}

TEST(RasChecker, ArityErrors) {
  EXPECT_EQ(line_errors("add %v0 %v1"), "t.ras:5:1: add: expects 3 operand(s), got 2");
  EXPECT_EQ(line_errors("mov %v0 1 2 3"), "t.ras:5:1: mov: expects 2 operand(s), got 4");
  EXPECT_EQ(line_errors("ret 1"), "t.ras:5:1: ret: expects 0 operand(s), got 1");
  EXPECT_EQ(line_errors("pusharg"), "t.ras:5:1: pusharg: expects 1 operand(s), got 0");
}

// docs/ras-run.md: a division by the immediate 0 is rejected when checking.
TEST(RasChecker, DivisionByImmediateZero) {
  EXPECT_EQ(line_errors("div %v0 %v1 0"), "t.ras:5:13: div: division by zero");
  EXPECT_EQ(line_errors("rem %v0 %v1 0"), "t.ras:5:13: rem: division by zero");
  EXPECT_EQ(line_errors("divi_ui %v0 %v1 0"), "t.ras:5:17: divi_ui: division by zero");
  EXPECT_EQ(line_errors("remi_ul %r0 %v1 0"), "t.ras:5:17: remi_ul: division by zero");
  EXPECT_EQ(line_errors("div %v0 %v1 1"), "");
  EXPECT_EQ(line_errors("div %v0 %v1 %v2"), "");
  EXPECT_EQ(line_errors("div_d %f0 %f1 0.0"), "");  // IEEE: inf or nan, not an error
}

TEST(RasChecker, UnknownMnemonic) {
  EXPECT_EQ(line_errors("frob %v0"), "t.ras:5:1: unknown mnemonic 'frob'");
  EXPECT_EQ(line_errors("rem_d %f0 %f1 %f2"), "t.ras:5:1: unknown mnemonic 'rem_d'");
}

TEST(RasChecker, RegisterOutOfRange) {
  EXPECT_EQ(line_errors("mov %v5 1"), "t.ras:5:5: mov: register %v5 is out of range (%v0..%v4)");
  EXPECT_EQ(line_errors("mov %r4 1"), "t.ras:5:5: mov: register %r4 is out of range (%r0..%r3)");
  EXPECT_EQ(line_errors("mov %f8 %f0"), "t.ras:5:5: mov: register %f8 is out of range (%f0..%f7)");
  EXPECT_EQ(line_errors("mov %v4 %r3"), "");
}

TEST(RasChecker, Labels) {
  EXPECT_EQ(line_errors("jmp @nowhere"), "t.ras:5:5: jmp: branch to undefined label @nowhere");
  EXPECT_EQ(line_errors("bne @later %v0 1\nlabel => @later"),
            "t.ras:5:5: bne: label @later is bound later; branch forward with !forward => @ref and patch @ref");
  EXPECT_EQ(line_errors("jmp @self"), "t.ras:5:5: jmp: cannot branch to @self (use get_label after prolog)");
  EXPECT_EQ(line_errors("jmp !print => @r\npatch @r"),
            "t.ras:5:5: jmp: branch target !print is not allowed (use !forward or a bound @label)");
  EXPECT_EQ(line_errors("label => @back"), "t.ras:5:10: label: @back is already defined in function main");
  EXPECT_EQ(line_errors("label => @self"), "t.ras:5:10: label: @self is reserved for the function entry");
  EXPECT_EQ(line_errors("jmp !forward => @r\njmp @r\npatch @r"),
            "t.ras:6:5: jmp: @r is a forward jump site (for patch), not a label");
}

TEST(RasChecker, Patches) {
  EXPECT_EQ(line_errors("patch @nope"),
            "t.ras:5:7: patch of unknown ref @nope (expected the => @ref of an earlier branch to !forward)");
  EXPECT_EQ(line_errors("patch @back"), "t.ras:5:7: patch: @back is a label, not a forward jump site");
  EXPECT_EQ(line_errors("jmp !forward => @r\npatch @r\npatch @r"), "t.ras:7:7: patch: @r is already patched");
  EXPECT_EQ(line_errors("jmp !forward => @r"), "t.ras:5:17: forward branch => @r is never patched (add `patch @r`)");
  EXPECT_EQ(line_errors("patch @r\njmp !forward => @r"),
            "t.ras:5:7: patch of unknown ref @r (expected the => @ref of an earlier branch to !forward)\n"
            "t.ras:6:17: forward branch => @r is never patched (add `patch @r`)");
}

TEST(RasChecker, Results) {
  EXPECT_EQ(line_errors("jmp !forward"), "t.ras:5:1: jmp: needs a result => @ref (the jump site to patch)");
  EXPECT_EQ(line_errors("jmp @back => @x"),
            "t.ras:5:14: jmp: takes no result (=> @x); only a branch to !forward stores a jump site");
  EXPECT_EQ(line_errors("add %v0 %v0 1 => $y"), "t.ras:5:18: add: takes no result (=> $y)");
  EXPECT_EQ(line_errors("label"), "t.ras:5:1: label: needs a result => @label");
  EXPECT_EQ(line_errors("label => $v"), "t.ras:5:10: label: result $v is var, expected => @label");
  EXPECT_EQ(line_errors("jmp !forward => $v"),
            "t.ras:5:17: jmp: result $v is var, expected => @ref (the jump site to patch)");
}

TEST(RasChecker, Variables) {
  EXPECT_EQ(line_errors("getarg %v0 $b"),
            "t.ras:5:12: getarg: variable $b is used before it is set (set it with `arg => $b`)");
  EXPECT_EQ(check_text("prolog 2\narg => $a\narg => $a\nret"), "t.ras:3:8: arg: variable $a is already set");
  EXPECT_EQ(check_text("prolog 1\ngetarg %v0 $a\narg => $a\nret"),
            "t.ras:2:12: getarg: variable $a is used before it is set (set it with `arg => $a`)");
  EXPECT_EQ(check_text("prolog 1\narg => $a\narg => $b\nret"),
            "t.ras:3:1: arg: more arguments than the 1 that prolog declares");
  EXPECT_EQ(check_text("prolog 1\narg\nret"), "t.ras:2:1: arg: needs a result => $variable");
  EXPECT_EQ(line_errors("getarg %v0 $x"),
            "t.ras:5:12: getarg: $x is a double argument (arg_d); use getarg_d with a %f register");
  EXPECT_EQ(line_errors("getarg_d %f0 $a"),
            "t.ras:5:14: getarg_d: $a is an integer argument; use getarg with an integer register");
}

TEST(RasChecker, Calls) {
  EXPECT_EQ(check_text("prolog 0\nprepare 0\nfinish @g\nret"),
            "t.ras:3:8: finish: call to unknown function @g (expected @self or a #function of this file)");
  EXPECT_EQ(check_text("prolog 0\nprepare 0\nfinish !forward\nret"),
            "t.ras:3:8: finish: cannot call !forward (expected @self, @function or !host_function)");
  CheckOptions hosts;
  hosts.is_host_function = [](std::string_view n) { return n == "print"; };
  EXPECT_EQ(check_text("prolog 0\nprepare 1\npusharg 1\nfinish !print\nret", hosts), "");
  EXPECT_EQ(check_text("prolog 0\nprepare 0\nfinish !nope\nret", hosts),
            "t.ras:3:8: finish: call to unknown host function !nope");
  EXPECT_EQ(check_text("prolog 0\nprepare 0\nfinish !nope\nret"), "");  // no host list: any name
  EXPECT_EQ(check_text("prolog 0\npusharg 1\nret"), "t.ras:2:1: pusharg: pusharg without prepare");
  EXPECT_EQ(check_text("prolog 0\nfinish @self\nret"), "t.ras:2:1: finish: finish without prepare");
  EXPECT_EQ(check_text("prolog 0\nprepare 1\nfinish @self\nret"),
            "t.ras:3:1: finish: prepare declares 1 argument(s) but 0 were pushed");
  EXPECT_EQ(check_text("prolog 0\nprepare 1\npusharg 1\npusharg 2\nfinish @self\nret"),
            "t.ras:4:1: pusharg: more arguments than the 1 that prepare declares\n"
            "t.ras:5:1: finish: prepare declares 1 argument(s) but 2 were pushed");
  EXPECT_EQ(check_text("prolog 0\nprepare 0\nprepare 0\nfinish @self\nret"),
            "t.ras:3:1: prepare: the previous prepare has no finish yet");
  EXPECT_EQ(check_text("leaf 0\nprepare 0\nfinish @self\nret"),
            "t.ras:3:1: finish in leaf function 'main' (use prolog)");
  EXPECT_EQ(check_text("prolog 0\nprepare -1\nret"), "t.ras:2:9: prepare: argument count -1 is out of range 0..255");
}

TEST(RasChecker, FunctionStructure) {
  EXPECT_EQ(check_text("ret"), "t.ras:1:1: ret: a function must start with prolog or leaf");
  EXPECT_EQ(check_text("prolog 0\nleaf 0\nret"),
            "t.ras:2:1: leaf: only the first instruction of a function may be prolog or leaf");
  EXPECT_EQ(check_text("prolog 300\nret"), "t.ras:1:8: prolog: argument count 300 is out of range 0..255");
  EXPECT_EQ(check_text("#function f\n#function g\nleaf 0\nret"), "t.ras:1:1: function f has no instructions");
  EXPECT_EQ(check_text("#function f\nleaf 0\nret\n#function f\nleaf 0\nret"), "t.ras:4:1: function f is defined twice");
  EXPECT_EQ(check_text(""), "t.ras:1:1: no instructions");
  EXPECT_EQ(check_text("#function self\nleaf 0\nret"),
            "t.ras:1:1: function name self is reserved (@self is the calling function)");
  // Labels are local to their function.
  EXPECT_EQ(check_text("#function f\nleaf 0\nlabel => @l\nret\n#function g\nleaf 0\nlabel => @l\njmp @l\nret"), "");
}

TEST(RasChecker, EveryErrorInAFileIsReported) {
  std::string errors = check_text("prolog 0\nmov %v9 1\nfrob\njmp @x\nret");
  EXPECT_EQ(std::count(errors.begin(), errors.end(), '\n'), 2) << errors;
}
