// Differential test: every case of cases.cpp is encoded by x86::Assembler and
// by llvm-mc (one run for the whole batch) and the bytes are compared. A
// sample is cross-checked with GNU as as well.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <set>

#include "cases.hpp"
#include "oracle.hpp"

namespace {

struct Encoded {
  std::vector<Case> cases;
  std::vector<oracle::Bytes> bytes;  // ours, one per case
};

const Encoded& encoded() {
  static const Encoded e = [] {
    Encoded r{all_cases(), {}};
    x86::Assembler a(1 << 20);
    for (const Case& c : r.cases) {
      const size_t start = a.size();
      try {
        c.emit(a);
      } catch (const x86::Error& err) { ADD_FAILURE() << c.text << ": encoder threw: " << err.what(); }
      r.bytes.emplace_back(a.code().begin() + static_cast<ptrdiff_t>(start), a.code().end());
    }
    return r;
  }();
  return e;
}

TEST(Differential, EveryFormMatchesLlvmMc) {
  const auto mc = oracle::tool("LLVM_MC");
  if (!mc) GTEST_SKIP() << "LLVM_MC not set (llvm-mc not found at configure time)";
  const Encoded& e = encoded();
  std::vector<std::string> lines;
  for (const Case& c : e.cases) lines.push_back(c.text);
  const std::vector<oracle::Bytes> want = oracle::llvm_mc(*mc, lines);
  size_t mismatches = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (e.bytes[i] == want[i]) continue;
    if (++mismatches <= 30)
      ADD_FAILURE() << lines[i] << "\n  ours:    " << oracle::hex(e.bytes[i])
                    << "\n  llvm-mc: " << oracle::hex(want[i]);
  }
  EXPECT_EQ(mismatches, 0u);
  std::printf("differential: %zu instructions checked against llvm-mc, %zu mismatches\n", lines.size(), mismatches);
}

// Every form of the instruction list has cases (by mnemonic; jcc, setcc and
// cmovcc by one condition). Label jumps (jmp/jcc/call label) are laid out by
// finalize() and checked by labels_test and labels_objdump_test instead.
TEST(Differential, EveryListedFormHasCases) {
  std::set<std::string> mnemonics;
  for (const Case& c : encoded().cases) {  // the first word, and the first two ("rep movsb")
    const size_t sp = c.text.find(' ');
    mnemonics.insert(c.text.substr(0, sp));
    mnemonics.insert(c.text.substr(0, sp == std::string::npos ? sp : c.text.find(' ', sp + 1)));
  }
  size_t checked = 0, evex = 0;
  for (const x86::Form& f : x86::forms()) {
    if (f.arity && f.ops[f.arity - 1] == x86::OpType::Label && f.method != std::string("lea")) continue;
    std::string m = f.mnemonic;
    if (m.size() > 2 && m.ends_with("cc")) {
      m.resize(m.size() - 2);
      m += m == "j" ? "ne" : "e";
    }
    EXPECT_TRUE(mnemonics.count(m)) << f.mnemonic << " has no differential case";
    ++checked;
    evex += f.encoding.family == x86::Family::Evex;
  }
  std::printf("differential: %zu forms of the list have cases, %zu of them EVEX\n", checked, evex);
}

// Compares a batch slice by slice, so a mismatch names its instruction.
void expect_same_stream(const std::vector<std::string>& lines, const std::vector<oracle::Bytes>& ours,
                        const oracle::Bytes& theirs) {
  size_t at = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const oracle::Bytes slice(theirs.begin() + static_cast<ptrdiff_t>(std::min(at, theirs.size())),
                              theirs.begin() + static_cast<ptrdiff_t>(std::min(at + ours[i].size(), theirs.size())));
    ASSERT_EQ(slice, ours[i]) << lines[i] << "\n  ours: " << oracle::hex(ours[i]) << "\n  as:   " << oracle::hex(slice);
    at += ours[i].size();
  }
  EXPECT_EQ(at, theirs.size());
}

TEST(Differential, SampleMatchesGnuAs) {
  const auto as = oracle::tool("GNU_AS"), objcopy = oracle::tool("OBJCOPY");
  if (!as || !objcopy) GTEST_SKIP() << "GNU_AS/OBJCOPY not set";
  const Encoded& e = encoded();
  std::vector<std::string> lines;
  std::vector<oracle::Bytes> ours;
  for (size_t i = 0; i < e.cases.size(); i += 23) {
    // xchg r, r: GNU as puts the first operand in ModRM.rm, llvm-mc in ModRM.reg
    // (same length; we follow llvm-mc, see docs/encoder.md).
    if (e.cases[i].text.rfind("xchg", 0) == 0) continue;
    // Gathers and scatters: GNU as wants the memory operand sized by element
    // (dword ptr), llvm-mc by the bytes moved (xmmword ptr); the bytes are llvm-mc's.
    if (e.cases[i].text.find("gather") != std::string::npos || e.cases[i].text.find("scatter") != std::string::npos)
      continue;
    // An unsized broadcast from an absolute address ([4096]{1to8}): GNU as
    // wants the element size written there (dword ptr [4096]{1to8}).
    const std::string& t = e.cases[i].text;
    if (const size_t open = t.find('['); t.find("{1to") != std::string::npos && t.find(" ptr ") == std::string::npos &&
                                         open + 1 < t.size() &&
                                         (std::isdigit(static_cast<unsigned char>(t[open + 1])) || t[open + 1] == '-'))
      continue;
    // EVEX vmovq with memory: GNU as writes the r/m64 forms (66 0F 6E/7E W1), llvm-mc
    // (and we) F3 0F 7E W1 and 66 0F D6 W1; the same moves (docs/encoder.md).
    if (t.rfind("vmovq ", 0) == 0 && t.find(" ptr ") != std::string::npos && e.bytes[i][0] == 0x62) continue;
    lines.push_back(e.cases[i].text);
    ours.push_back(e.bytes[i]);
  }
  expect_same_stream(lines, ours, oracle::gnu_as(*as, *objcopy, lines, false));
  std::printf("differential: %zu sampled instructions checked against GNU as\n", lines.size());
}

// `mov r64, imm` as written: x86::Assembler::mov picks what GNU as -O2 picks.
TEST(Differential, MovImmediateMatchesGnuAsO2) {
  const auto as = oracle::tool("GNU_AS"), objcopy = oracle::tool("OBJCOPY");
  if (!as || !objcopy) GTEST_SKIP() << "GNU_AS/OBJCOPY not set";
  const int64_t values[] = {0,          1,          -1,          127,         INT32_MAX, INT32_MIN,
                            0x80000000, 0xFFFFFFFF, 0x100000000, -0x80000001, INT64_MAX, INT64_MIN};
  std::vector<std::string> lines;
  std::vector<oracle::Bytes> ours;
  for (uint8_t r = 0; r < 16; ++r)
    for (int64_t v : values) {
      x86::Assembler a;
      a.mov(x86::gp64(r), v);
      lines.push_back("mov " + std::string(x86::name(x86::gp64(r))) + ", " + std::to_string(v));
      ours.emplace_back(a.code().begin(), a.code().end());
    }
  expect_same_stream(lines, ours, oracle::gnu_as(*as, *objcopy, lines, true));
}

}  // namespace
