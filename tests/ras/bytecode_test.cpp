// Bytecode: the exact layout, lossless round trips, and every loader rejection
// (each with its byte offset and what was expected).
#include "ras_test_util.hpp"

using namespace ras;
using ras_test::load_error;
using ras_test::parsed;
using Bytes = std::vector<uint8_t>;

namespace {

// The worked example of docs/ras.md, encoded by hand from the layout.
const char* kExample = "prolog 1\narg => $n\ngetarg %v0, $n\naddi_ui %ret, %v0, -2\nret\n";
const Bytes kExampleBytes = {
    'R',  'A',  'S',  'B',  0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x05,  // header (0)
    0x00, 0x04, 'm',  'a',  'i',  'n',  0x00, 0x00, 0x00, 0x05,              // function main (12)
    0x00, 0x01, 0x00, 0x3c, 0x07, 0x00, 0x00, 0x00, 0x01,                    // prolog 1 (22)
    0x01, 0x00, 0x00, 0x3e, 0x00, 0x01, 'n',                                 // arg => $n (31)
    0x00, 0x02, 0x00, 0x3f, 0x04, 0x00, 0x00, 0x00, 0x00,                    // getarg %v0, (38)
    0x00, 0x00, 0x01, 'n',                                                   //   $n (47)
    0x00, 0x03, 0x1a, 0x02, 0x06, 0x00, 0x00, 0x00, 0x00,                    // addi_ui %ret, (51)
    0x04, 0x00, 0x00, 0x00, 0x00, 0x07, 0xff, 0xff, 0xff, 0xfe,              //   %v0, -2 (60)
    0x00, 0x00, 0x00, 0x44,                                                  // ret (70)
};

Bytes with(Bytes b, size_t at, std::initializer_list<uint8_t> bytes) {
  for (uint8_t v : bytes) b.at(at++) = v;
  return b;
}

// A program that uses every operand kind, results, aliases, suffixes, imm64
// and two functions.
const char* kRich =
    "#function first\n"
    "prolog 2\narg => $a\narg_d => $b\ngetarg %v0, $a\ngetarg_d %f7, $b\n"
    "label => @top\nget_label => @again\nmovi_l %r3, 0x123456789\nmov %v4, -0x80000001\nmov %ret, -2147483648\n"
    "bltr_ui !forward, %v0, %r3 => @out\nbeq @top, %f0, %f7\naddi_ui %v1, %v1, (1 << 4) + 2\n"
    "patch @out\nprepare 1\npusharg %v0\nfinish @second\nprepare 1\npushargi 7\nfinish !print\nretval %ret\nret\n"
    "#function second\nleaf 1\narg => $x\ngetarg %ret, $x\nret\n";

}  // namespace

TEST(RasBytecode, WorkedExampleMatchesTheDocumentedLayout) {
  Program p = parsed(kExample);
  ASSERT_TRUE(check(p).empty());
  EXPECT_EQ(write_bytecode(p), kExampleBytes);
  Program back = load_bytecode(kExampleBytes, "x.rbc");
  EXPECT_TRUE(back.same(p));
  EXPECT_EQ(back.functions[0].code[3].loc, (SourceLoc{0, 0, 51}));
  EXPECT_EQ(back.functions[0].code[3].operands[2].loc.offset, 65u);
}

TEST(RasBytecode, Imm64UsesTypeCode8AndEightBytes) {
  Program p = parsed("mov %v0, 0x123456789\nmov %v0, -2147483649");
  Bytes b = write_bytecode(p);
  const Bytes first = {0x00, 0x02, 0x00, 0x01, 0x04, 0, 0, 0, 0, 0x08, 0, 0, 0, 0x01, 0x23, 0x45, 0x67, 0x89};
  EXPECT_TRUE(std::equal(first.begin(), first.end(), b.begin() + 22));
  Program back = load_bytecode(b);
  EXPECT_EQ(back.functions[0].code[0].operands[1].value, 0x123456789);
  EXPECT_EQ(back.functions[0].code[0].operands[1].kind, OperandKind::imm64);
  EXPECT_EQ(back.functions[0].code[1].operands[1].value, -2147483649LL);
}

TEST(RasBytecode, TextToBytecodeToTextIsLossless) {
  for (std::string text : {ras_test::read_data("fib.ras"), std::string(kRich)}) {
    Program p = parsed(text);
    ASSERT_TRUE(check(p).empty()) << to_string(check(p));
    Bytes b = write_bytecode(p);
    Program back = load_bytecode(b, "x.rbc");
    EXPECT_TRUE(back.same(p));
    EXPECT_EQ(print_program(back), print_program(p));
    // bytecode -> text -> bytecode gives the same bytes.
    EXPECT_EQ(write_bytecode(parsed(print_program(back))), b);
    EXPECT_TRUE(check(back).empty());
  }
}

TEST(RasBytecode, MnemonicSpellingIsKept) {
  Program back = load_bytecode(write_bytecode(parsed(kRich)));
  const auto& c = back.functions[0].code;
  EXPECT_EQ(c[5].mnemonic(), "label");
  EXPECT_EQ(c[6].mnemonic(), "get_label");
  EXPECT_EQ(c[7].mnemonic(), "movi_l");
  EXPECT_EQ(c[12].mnemonic(), "addi_ui");
  EXPECT_EQ(back.functions[1].name, "second");
}

TEST(RasBytecode, WriterRejectsWhatCannotBeStored) {
  auto write_error = [](const std::string& text) -> std::string {
    try {
      write_bytecode(parsed(text));
    } catch (const Error& e) { return e.what(); }
    return "(written)";
  };
  EXPECT_EQ(write_error("ret\nfrob 1"), "t.ras:2:1: unknown mnemonic 'frob' cannot be stored");
  EXPECT_EQ(write_error("mov %v0 1 2 3"), "t.ras:1:1: mov: 4 operands; bytecode holds at most 3");
  Program p = parsed("mov %v0 1");
  p.functions[0].code[0].operands[0].value = -1;
  EXPECT_THROW(write_bytecode(p), Error);
  p = parsed("arg => $x");
  p.functions[0].code[0].result->name = "not a name";
  EXPECT_THROW(write_bytecode(p), Error);
}

TEST(RasBytecode, EveryTruncationIsRejected) {
  for (size_t n = 0; n < kExampleBytes.size(); ++n) {
    Bytes b(kExampleBytes.begin(), kExampleBytes.begin() + long(n));
    std::string err = load_error(b);
    EXPECT_NE(err.find("truncated bytecode: expected"), std::string::npos) << n << ": " << err;
    EXPECT_NE(err.find("x.rbc:offset "), std::string::npos) << err;
  }
  EXPECT_EQ(load_error({}),
            "x.rbc:offset 0: truncated bytecode: expected the 4-byte magic \"RASB\" (4 byte(s)), 0 left");
  EXPECT_EQ(load_error(Bytes(kExampleBytes.begin(), kExampleBytes.begin() + 68)),
            "x.rbc:offset 66: truncated bytecode: expected a 4-byte immediate (4 byte(s)), 2 left");
}

TEST(RasBytecode, HeaderRejections) {
  EXPECT_EQ(load_error(with(kExampleBytes, 0, {'E'})),
            "x.rbc:offset 0: expected the magic \"RASB\" (not a ras bytecode file)");
  EXPECT_EQ(load_error(with(kExampleBytes, 5, {2})), "x.rbc:offset 4: expected format version 1, got 2");
  EXPECT_EQ(load_error(with(kExampleBytes, 11, {6})),
            "x.rbc:offset 8: header declares 6 instructions, the functions hold 5");
  EXPECT_EQ(load_error(with(kExampleBytes, 11, {4})),
            "x.rbc:offset 18: function main has 5 instructions, more than the 4 the header declares in all");
  EXPECT_EQ(load_error(with(kExampleBytes, 7, {2})),
            "x.rbc:offset 74: truncated bytecode: expected the length of a function name (2 byte(s)), 0 left");
  Bytes extra = kExampleBytes;
  extra.push_back(0);
  EXPECT_EQ(load_error(extra), "x.rbc:offset 74: expected end of file after the last function, got 1 more byte(s)");
}

TEST(RasBytecode, InstructionRejections) {
  EXPECT_EQ(load_error(with(kExampleBytes, 31, {3})),
            "x.rbc:offset 31: expected result flag 0, 1 ($var) or 2 (@label), got 3");
  EXPECT_EQ(load_error(with(kExampleBytes, 32, {4})), "x.rbc:offset 32: expected argument count 0..3, got 4");
  EXPECT_EQ(load_error(with(kExampleBytes, 33, {0, 0})), "x.rbc:offset 33: unknown opcode 0x0000");
  EXPECT_EQ(load_error(with(kExampleBytes, 33, {0, 0xff})), "x.rbc:offset 33: unknown opcode 0x00ff");
  EXPECT_EQ(load_error(with(kExampleBytes, 33, {0x04, 0x3e})), "x.rbc:offset 33: unknown opcode 0x043e");  // arg_c
  EXPECT_EQ(load_error(with(kExampleBytes, 26, {10})), "x.rbc:offset 26: expected an operand type code 0..9, got 10");
  EXPECT_EQ(load_error(with(kExampleBytes, 37, {'1'})),
            "x.rbc:offset 35: expected a result name (letters, digits, '_', not starting with a digit), got \"1\"");
  EXPECT_EQ(load_error(with(kExampleBytes, 35, {0, 0})),
            "x.rbc:offset 35: expected a result name (letters, digits, '_', not starting with a digit), got \"\"");
  EXPECT_EQ(
      load_error(with(kExampleBytes, 14, {0xff})),
      "x.rbc:offset 12: expected a function name (letters, digits, '_', not starting with a digit), got \"\\xffain\"");
  EXPECT_EQ(load_error(with(kExampleBytes, 59, {1})), "x.rbc:offset 56: expected register index 0 for %ret, got 1");
  EXPECT_EQ(load_error(with(kExampleBytes, 61, {1})),
            "x.rbc:offset 61: expected register index 0..65535, got 16777216");
  EXPECT_EQ(load_error(with(kExampleBytes, 48, {0xff, 0xff})),
            "x.rbc:offset 48: truncated bytecode: expected an operand name (65535 byte(s)), 24 left");
}

TEST(RasBytecode, Imm64ThatFitsIn32BitsIsRejected) {
  Bytes b = write_bytecode(parsed("mov %v0, 0x123456789"));
  b = with(b, 32, {0, 0, 0, 0, 0, 0, 0, 5});
  EXPECT_EQ(load_error(b), "x.rbc:offset 32: imm64 holds 5, which fits in 32 bits (expected type code 7, imm)");
}

TEST(RasBytecode, LoaderDoesNotCheckSemanticsButLoadAnyDoes) {
  // Structurally valid bytecode of a program the checker rejects.
  Bytes b = write_bytecode(parsed("jmp @nowhere"));
  EXPECT_NO_THROW(load_bytecode(b, "x.rbc"));
  try {
    load_any(b, "x.rbc");
    FAIL() << "load_any accepted an unchecked program";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "x.rbc:offset 22: jmp: a function must start with prolog or leaf\n"
                 "x.rbc:offset 26: jmp: branch to undefined label @nowhere");
  }
  EXPECT_TRUE(is_bytecode(b));
  EXPECT_FALSE(is_bytecode(Bytes{}));
  EXPECT_FALSE(is_bytecode(Bytes{'R', 'A', 'X'}));
  EXPECT_FALSE(is_bytecode(Bytes{'p', 'r', 'o', 'l', 'o', 'g'}));
}

// A file cut inside the magic is truncated bytecode, not text to parse.
TEST(RasBytecode, ShortFileWithTheMagicIsTruncatedBytecode) {
  EXPECT_TRUE(is_bytecode(Bytes{'R', 'A', 'S'}));
  EXPECT_TRUE(is_bytecode(Bytes{'R'}));
  for (Bytes b : {Bytes{'R', 'A', 'S'}, Bytes{'R', 'A', 'S', 'B'}, Bytes{'R', 'A', 'S', 'B', 0, 1, 0}}) {
    try {
      load_any(b, "x.rbc");
      FAIL() << "loaded " << b.size() << " bytes";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("x.rbc:offset "), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(": truncated bytecode: expected "), std::string::npos) << e.what();
    }
  }
}

TEST(RasBytecode, LoadAnyTakesTextToo) {
  std::string text = ras_test::read_data("fib.ras");
  Program p = load_any(Bytes(text.begin(), text.end()), "fib.ras");
  EXPECT_EQ(p.instruction_count(), 20u);
  EXPECT_THROW(load_text("prolog 0\nfrob\nret"), Error);
}
