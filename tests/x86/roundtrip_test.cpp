// Round trip: a representative batch of the encoder's output is disassembled
// by objdump and each instruction is compared with the one that was meant:
// same boundaries, mnemonic, registers and numbers.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "cases.hpp"
#include "oracle.hpp"

namespace {

struct Parts {
  std::string mnemonic;
  std::vector<std::string> regs;
  std::vector<int64_t> nums;
};

bool is_register(const std::string& w) {
  return w == "rip" || x86::gp_from_name(w) || x86::xmm_from_name(w) || x86::ymm_from_name(w) ||
         x86::zmm_from_name(w) || x86::k_from_name(w);
}

// objdump shows a compare's predicate immediate in the mnemonic
// (cmpps xmm1, xmm2, 1 -> cmpltps xmm1, xmm2): accept that spelling.
void fold_compare_predicate(Parts& meant, const Parts& shown) {
  static const char* const kPred[32] = {
      "eq",     "lt",     "le",    "unord",  "neq",    "nlt",      "nle",    "ord",   "eq_uq",   "nge",    "ngt",
      "false",  "neq_oq", "ge",    "gt",     "true",   "eq_os",    "lt_oq",  "le_oq", "unord_s", "neq_us", "nlt_uq",
      "nle_uq", "ord_s",  "eq_us", "nge_uq", "ngt_uq", "false_os", "neq_os", "ge_oq", "gt_oq",   "true_us"};
  const std::string& m = meant.mnemonic;
  // AVX-512 integer compares: vpcmpd k1, x, y, 5 -> vpcmpnltd k1, x, y.
  static const char* const kIntPred[8] = {"eq", "lt", "le", "false", "neq", "nlt", "nle", "true"};
  if (m.rfind("vpcmp", 0) == 0 && m.size() <= 7 && !meant.nums.empty() && meant.nums.back() >= 0 &&
      meant.nums.back() < 8 && shown.mnemonic == "vpcmp" + std::string(kIntPred[meant.nums.back()]) + m.substr(5)) {
    meant.mnemonic = shown.mnemonic;
    meant.nums.pop_back();
    return;
  }
  const size_t at = m.rfind("cmp");
  if (at == std::string::npos || m.size() != at + 5 || meant.nums.empty()) return;
  const int64_t pred = meant.nums.back();
  if (pred < 0 || pred > 31) return;
  const std::string alias = m.substr(0, at + 3) + kPred[pred] + m.substr(at + 3);
  if (shown.mnemonic == alias) {
    meant.mnemonic = alias;
    meant.nums.pop_back();
  }
}

// Splits Intel text (ours or objdump's) into mnemonic, registers and numbers.
Parts parts(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (size_t hash = text.find('#'); hash != std::string::npos) text.resize(hash);
  if (size_t lt = text.find('<'); lt != std::string::npos) text.resize(lt);
  if (text.rfind("{evex} ", 0) == 0) text.erase(0, 7);  // objdump marks EVEX forms that have a VEX twin
  Parts p;
  size_t i = 0;
  while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) p.mnemonic += text[i++];
  // Operands without spaces, and without objdump's explicit zero displacement.
  std::string ops;
  for (; i < text.size(); ++i)
    if (!std::isspace(static_cast<unsigned char>(text[i]))) ops += text[i];
  for (size_t z; (z = ops.find("+0x0]")) != std::string::npos;) ops.erase(z, 4);
  // An EVEX broadcast: ours says {1toN}, objdump "BCST" (no number).
  for (size_t b; (b = ops.find("{1to")) != std::string::npos;) ops.erase(b, ops.find('}', b) + 1 - b);
  for (i = 0; i < ops.size();) {
    const bool neg = ops[i] == '-' && i + 1 < ops.size() && std::isdigit(static_cast<unsigned char>(ops[i + 1]));
    if (neg || std::isdigit(static_cast<unsigned char>(ops[i]))) {
      const size_t j = i + (neg ? 1 : 0);
      size_t used = 0;
      const uint64_t v = std::stoull(ops.substr(j), &used, 0);
      p.nums.push_back(neg ? -static_cast<int64_t>(v) : static_cast<int64_t>(v));
      i = j + used;
    } else if (std::isalpha(static_cast<unsigned char>(ops[i]))) {
      std::string w;
      while (i < ops.size() && std::isalnum(static_cast<unsigned char>(ops[i]))) w += ops[i++];
      if (is_register(w)) p.regs.push_back(w);
    } else {
      ++i;
    }
  }
  return p;
}

// objdump prints immediates as unsigned values of the operand width.
bool same_number(int64_t ours, int64_t theirs) {
  for (int bits : {8, 16, 32}) {
    const uint64_t mask = (uint64_t{1} << bits) - 1;
    if (static_cast<uint64_t>(theirs) <= mask && (static_cast<uint64_t>(ours) & mask) == static_cast<uint64_t>(theirs))
      return true;
  }
  return ours == theirs;
}

void expect_meant(const std::string& meant, const std::string& shown) {
  Parts a = parts(meant), b = parts(shown);
  fold_compare_predicate(a, b);
  if (a.mnemonic == "xchg") {  // objdump may list the operands the other way round
    std::sort(a.regs.begin(), a.regs.end());
    std::sort(b.regs.begin(), b.regs.end());
  }
  EXPECT_EQ(a.mnemonic, b.mnemonic) << meant << " vs objdump: " << shown;
  EXPECT_EQ(a.regs, b.regs) << meant << " vs objdump: " << shown;
  ASSERT_EQ(a.nums.size(), b.nums.size()) << meant << " vs objdump: " << shown;
  for (size_t i = 0; i < a.nums.size(); ++i)
    EXPECT_TRUE(same_number(a.nums[i], b.nums[i])) << meant << " vs objdump: " << shown;
}

TEST(RoundTrip, ObjdumpShowsTheMeantInstructions) {
  const auto objdump = oracle::tool("OBJDUMP");
  if (!objdump) GTEST_SKIP() << "OBJDUMP not set";
  std::vector<Case> cases = all_cases();
  std::vector<Case> batch;
  for (size_t i = 0; i < cases.size(); i += 61) batch.push_back(cases[i]);
  // Forms llvm-mc cannot be given as text.
  for (int64_t d : {4096, -8})
    for (bool call : {false, true})
      batch.push_back(
          {std::string(call ? "call" : "jmp") + " qword ptr [" + std::to_string(d) + "]",
           [=](x86::Assembler& a) { call ? a.call(x86::qword_ptr_abs(d)) : a.jmp(x86::qword_ptr_abs(d)); }});

  x86::Assembler a;
  std::vector<size_t> ends;
  for (const Case& c : batch) {
    c.emit(a);
    ends.push_back(a.size());
  }
  const oracle::Bytes code(a.code().begin(), a.code().end());
  const auto shown = oracle::objdump(*objdump, code);
  ASSERT_EQ(shown.size(), batch.size());
  size_t start = 0;
  for (size_t i = 0; i < batch.size(); ++i) {
    EXPECT_EQ(shown[i].offset, start) << batch[i].text;
    EXPECT_EQ(shown[i].length, ends[i] - start) << batch[i].text;
    expect_meant(batch[i].text, shown[i].text);
    start = ends[i];
  }
  std::printf("round trip: %zu instructions disassembled by objdump and compared\n", batch.size());
}

// The multi-byte nops decode as one nop of the requested length each.
TEST(RoundTrip, MultiByteNops) {
  const auto objdump = oracle::tool("OBJDUMP");
  if (!objdump) GTEST_SKIP() << "OBJDUMP not set";
  x86::Assembler a;
  for (size_t n = 1; n <= 9; ++n) a.nop(n);
  const auto shown = oracle::objdump(*objdump, oracle::Bytes(a.code().begin(), a.code().end()));
  ASSERT_EQ(shown.size(), 9u);
  for (size_t n = 1; n <= 9; ++n) {
    EXPECT_EQ(shown[n - 1].length, n);
    const std::string m = parts(shown[n - 1].text).mnemonic;
    EXPECT_TRUE(m == "nop" || (n == 2 && m == "xchg")) << shown[n - 1].text;
  }
}

}  // namespace
