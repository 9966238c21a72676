// The instruction table: spellings decode, spell and encode consistently.
#include <set>

#include "ras_test_util.hpp"

using namespace ras;

TEST(RasTable, EveryValidSpellingRoundTripsThroughTextAndOpcode) {
  int valid = 0;
  std::set<std::string> texts;
  for (const Family& f : families())
    for (int alias = 0; alias < 2; ++alias)
      for (int letter = 0; letter < 3; ++letter)
        for (int type = 0; type < kTypeCount; ++type) {
          Spelling s{f.op, Letter(letter), Type(type), uint8_t(alias)};
          if (!valid_spelling(s)) continue;
          ++valid;
          std::string text = spell(s);
          EXPECT_TRUE(texts.insert(text).second) << "two spellings print as " << text;
          EXPECT_EQ(decode_mnemonic(text), s) << text;
          auto back = spelling_of_opcode(opcode_of(s));
          ASSERT_TRUE(back.has_value()) << text;
          EXPECT_EQ(*back, s) << text;
        }
  EXPECT_GT(valid, 300);
}

TEST(RasTable, EveryOpcodeValueDecodesOnlyToValidSpellings) {
  int valid = 0;
  for (uint32_t code = 0; code <= 0xffff; ++code) {
    auto s = spelling_of_opcode(uint16_t(code));
    if (!s) continue;
    ++valid;
    EXPECT_TRUE(valid_spelling(*s));
    EXPECT_EQ(opcode_of(*s), code);
  }
  EXPECT_GT(valid, 300);
}

// The loader accepts an opcode when valid_spelling() accepts its fields:
// exactly the spellings of the table, each with its one text.
TEST(RasTable, LoaderAcceptsExactlyTheValidOpcodes) {
  std::set<uint16_t> table_codes;
  for (const Family& f : families())
    for (int alias = 0; alias < 2; ++alias)
      for (int letter = 0; letter < 3; ++letter)
        for (int type = 0; type < kTypeCount; ++type) {
          Spelling s{f.op, Letter(letter), Type(type), uint8_t(alias)};
          if (decode_mnemonic(spell(s)) == s && spelling_text(s) != "?") table_codes.insert(opcode_of(s));
        }
  for (uint32_t code = 0; code <= 0xffff; ++code) {
    Spelling s = opcode_fields(uint16_t(code));
    EXPECT_EQ(valid_spelling(s), table_codes.count(uint16_t(code)) == 1) << code;
    if (valid_spelling(s)) { EXPECT_EQ(decode_mnemonic(spelling_text(s)), s) << code; }
  }
}

TEST(RasTable, LightningSuffixedNamesNormalise) {
  struct Case {
    const char* text;
    Op op;
    Letter letter;
    Type type;
  } cases[] = {
      {"addr_i", Op::add, Letter::r, Type::i},
      {"addi_ui", Op::add, Letter::i, Type::ui},
      {"blti_i", Op::blt, Letter::i, Type::i},
      {"movi_i", Op::mov, Letter::i, Type::i},
      {"getarg_ui", Op::getarg, Letter::none, Type::ui},
      {"prepare_i", Op::prepare, Letter::none, Type::i},
      {"pusharg_ui", Op::pusharg, Letter::none, Type::ui},
      {"retval_i", Op::retval, Letter::none, Type::i},
      {"add", Op::add, Letter::none, Type::none},
      {"divr_ul", Op::div, Letter::r, Type::ul},
      {"rshi_ui", Op::rsh, Letter::i, Type::ui},
      {"ldxi_uc", Op::ldx, Letter::i, Type::uc},
      {"stxr_s", Op::stx, Letter::r, Type::s},
      {"sqrtr_d", Op::sqrt, Letter::r, Type::d},
      {"extr_d", Op::ext, Letter::r, Type::d},
      {"truncr_d", Op::trunc, Letter::r, Type::d},
      {"jmpi", Op::jmp, Letter::i, Type::none},
      {"label", Op::get_label, Letter::none, Type::none},
      {"get_label", Op::get_label, Letter::none, Type::none},
      {"str", Op::st, Letter::r, Type::none},
      {"bltr_d", Op::blt, Letter::r, Type::d},
      {"pushargi_l", Op::pusharg, Letter::i, Type::l},
  };
  for (const Case& c : cases) {
    Spelling s = decode_mnemonic(c.text);
    EXPECT_EQ(s.op, c.op) << c.text;
    EXPECT_EQ(s.letter, c.letter) << c.text;
    EXPECT_EQ(s.type, c.type) << c.text;
    EXPECT_EQ(spell(s), c.text);
  }
}

TEST(RasTable, InvalidSpellingsAreUnknown) {
  for (const char* bad : {"foo", "addx", "add_q", "not_d", "noti", "jmp_i", "st_uc", "rem_d", "abs_i", "ret_i",
                          "finishr", "label_i", "", "_i", "addr_", "ADD", "prologi"})
    EXPECT_EQ(decode_mnemonic(bad).op, Op::unknown) << bad;
}

TEST(RasTable, TypeAttributes) {
  EXPECT_TRUE(is_unsigned(Type::ui));
  EXPECT_TRUE(is_unsigned(Type::uc));
  EXPECT_FALSE(is_unsigned(Type::i));
  EXPECT_FALSE(is_unsigned(Type::none));
  EXPECT_EQ(width_bytes(Type::c), 1);
  EXPECT_EQ(width_bytes(Type::us), 2);
  EXPECT_EQ(width_bytes(Type::ui), 4);
  EXPECT_EQ(width_bytes(Type::l), 8);
  EXPECT_EQ(width_bytes(Type::none), 8);
}

TEST(RasTable, EveryFamilyHasFormsAndIsFoundByOp) {
  for (const Family& f : families()) {
    EXPECT_FALSE(f.forms.empty()) << f.name;
    EXPECT_EQ(family(f.op), &f);
    EXPECT_FALSE(f.summary.empty()) << f.name;
  }
  EXPECT_EQ(family(Op::unknown), nullptr);
}
