// The RISC-V instruction table against llvm-mc (every row, registers and
// immediates at their edges), the disassembler's round trip, 64-bit constant
// loads (run on a small model of the instructions li emits) and branch
// relaxation at each range limit.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "rv64/assembler.hpp"
#include "rv64/isa.hpp"

namespace rv = ras::rv64;
using rv::Ins;
using rv::Layout;

namespace {

// Immediates worth checking for a layout: both ends of its range and a few inside.
std::vector<int64_t> immediates(Layout l) {
  switch (l) {
    case Layout::I:
    case Layout::Load:
    case Layout::Store:
    case Layout::Jalr:
    case Layout::FLoad:
    case Layout::FStore: return {0, 1, -1, 5, 2047, -2048, 0x555, -0x556};
    case Layout::Shift: return {0, 1, 31, 32, 63};
    case Layout::Branch: return {0, 2, -2, 16, 4094, -4096, 0x554, -0x556};
    case Layout::J: return {0, 2, -2, 2048, (1 << 20) - 2, -(1 << 20), 0x55554, -0x55556};
    case Layout::U: return {0, 1, 0x7ffff, 0x80000, 0xfffff, 0x12345};
    default: return {0};
  }
}

// Every row with a spread of registers (x0, x31, and others) and immediates.
std::vector<uint32_t> all_forms() {
  std::vector<uint32_t> words;
  const uint8_t regs[][3] = {{0, 0, 0}, {31, 31, 31}, {10, 11, 12}, {5, 28, 1}, {2, 8, 30}, {17, 18, 9}};
  const rv::Rm rms[] = {rv::Rm::dyn, rv::Rm::rtz, rv::Rm::rne, rv::Rm::rdn, rv::Rm::rup, rv::Rm::rmm};
  for (int n = 0; n < rv::kInsCount; ++n) {
    Ins ins = Ins(n);
    Layout l = rv::row(ins).layout;
    bool has_rm = l == Layout::FRm || l == Layout::FRm1 || l == Layout::FtoX || l == Layout::XtoF;
    size_t k = 0;
    for (auto& r : regs)
      for (int64_t imm : immediates(l)) {
        rv::Fields f{r[0], r[1], r[2], imm, has_rm ? rms[k++ % std::size(rms)] : rv::Rm::dyn};
        words.push_back(rv::encode(ins, f));
      }
  }
  return words;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `command` with the lines in a temporary file (its path replaces
// "{src}" and "{obj}" a second temporary); returns stdout, throws with stderr.
std::string run_on(std::string command, const std::vector<std::string>& lines) {
  char src[] = "/tmp/rv64-isa-XXXXXX";
  int fd = mkstemp(src);
  if (fd < 0) throw std::runtime_error("mkstemp");
  close(fd);
  {
    std::ofstream out(src);
    for (const auto& line : lines) out << line << '\n';
  }
  std::string obj = std::string(src) + ".o", out_path = std::string(src) + ".out", err_path = std::string(src) + ".err";
  for (auto [key, value] : {std::pair<std::string, std::string>{"{src}", src}, {"{obj}", obj}})
    for (size_t at; (at = command.find(key)) != std::string::npos;) command.replace(at, key.size(), value);
  int status = std::system((command + " >" + out_path + " 2>" + err_path).c_str());
  std::string out = read_all(out_path), err = read_all(err_path);
  for (const std::string& path : {std::string(src), obj, out_path, err_path}) std::remove(path.c_str());
  if (status != 0) throw std::runtime_error("failed: " + command + "\n" + err.substr(0, 4000));
  return out;
}

// llvm-mc's encodings of `lines`, one word per line.
std::vector<uint32_t> llvm_mc(const std::string& tool, const std::vector<std::string>& lines) {
  std::string out = run_on("'" + tool + "' -triple=riscv64 -mattr=+m,+d -show-encoding '{src}'", lines);
  std::vector<uint32_t> words;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    size_t at = line.find("encoding: [");
    if (at == std::string::npos) continue;
    std::istringstream list(line.substr(at + 11, line.find(']', at) - at - 11));
    std::string item;
    uint32_t w = 0;
    int bytes = 0;
    while (std::getline(list, item, ',')) w |= static_cast<uint32_t>(std::stoul(item, nullptr, 16)) << (8 * bytes++);
    if (bytes != 4) throw std::runtime_error("not a 4-byte encoding (compressed?): " + line);
    words.push_back(w);
  }
  return words;
}

TEST(Rv64Isa, EveryFormMatchesLlvmMc) {
  const char* tool = std::getenv("LLVM_MC");
  if (!tool || !*tool) GTEST_SKIP() << "LLVM_MC not set";
  std::vector<uint32_t> words = all_forms();
  std::vector<std::string> lines;
  for (uint32_t w : words) {
    auto d = rv::decode(w);
    ASSERT_TRUE(d) << std::hex << w;
    lines.push_back(rv::text(*d));
  }
  std::vector<uint32_t> theirs = llvm_mc(tool, lines);
  ASSERT_EQ(theirs.size(), words.size());
  size_t mismatches = 0;
  for (size_t k = 0; k < words.size(); ++k)
    if (theirs[k] != words[k]) {
      ++mismatches;
      ADD_FAILURE() << lines[k] << ": ours " << std::hex << words[k] << ", llvm-mc " << theirs[k];
    }
  std::printf("rv64 differential: %zu instructions (%d forms) checked against llvm-mc, %zu mismatches\n", words.size(),
              rv::kInsCount, mismatches);
}

// The built-in disassembler (rasm dis --target=riscv64) against
// llvm-objdump -M no-aliases: the same text for every form, branch and jal
// targets as absolute addresses.
TEST(Rv64Isa, DisassemblyMatchesLlvmObjdump) {
  const char* mc = std::getenv("LLVM_MC");
  const char* objdump = std::getenv("LLVM_OBJDUMP");
  if (!mc || !*mc || !objdump || !*objdump) GTEST_SKIP() << "LLVM_MC or LLVM_OBJDUMP not set";
  std::vector<uint32_t> words = all_forms();
  std::vector<std::string> lines;
  for (uint32_t w : words) lines.push_back(".word " + std::to_string(w));
  std::string out =
      run_on("'" + std::string(mc) + "' -triple=riscv64 -mattr=+m,+d -filetype=obj '{src}' -o '{obj}' && '" + objdump +
                 "' -d -M no-aliases --mattr=+m,+d '{obj}'",
             lines);
  std::istringstream in(out);
  std::string line;
  size_t k = 0, mismatches = 0;
  while (std::getline(in, line)) {
    // "       4: 6f 00 10 00  \tjal\tzero, 0x804 <.text+0x804>"
    size_t tab = line.find('\t'), colon = line.find(':'), first = line.find_first_not_of(' ');
    if (tab == std::string::npos || colon > tab || first >= colon ||
        line.substr(first, colon - first).find_first_not_of("0123456789abcdef") != std::string::npos)
      continue;  // not an instruction line

    std::string theirs = line.substr(tab + 1);
    if (size_t sym = theirs.find(" <"); sym != std::string::npos) theirs.erase(sym);
    for (char& c : theirs) c = c == '\t' ? ' ' : c;
    while (!theirs.empty() && theirs.back() == ' ') theirs.pop_back();
    ASSERT_LT(k, words.size());
    std::string ours = rv::text(*rv::decode(words[k]), 4 * k);
    if (ours != theirs) {
      ++mismatches;
      ADD_FAILURE() << "at " << 4 * k << ": ours '" << ours << "', llvm-objdump '" << theirs << "'";
    }
    ++k;
  }
  EXPECT_EQ(k, words.size());
  std::printf("rv64 disassembler: %zu instructions checked against llvm-objdump, %zu mismatches\n", k, mismatches);
}

TEST(Rv64Isa, DecodeInvertsEncode) {
  for (uint32_t w : all_forms()) {
    auto d = rv::decode(w);
    ASSERT_TRUE(d);
    EXPECT_EQ(rv::encode(d->ins, d->fields), w) << rv::text(*d);
  }
  EXPECT_FALSE(rv::decode(0));           // defined-illegal all-zero word
  EXPECT_FALSE(rv::decode(0xffffffff));  // not a form ras emits
  EXPECT_EQ(rv::text(*rv::decode(0x00b50533)), "add a0, a0, a1");
}

TEST(Rv64Isa, OutOfRangeFieldsAreRefused) {
  EXPECT_THROW(rv::encode(Ins::addi, {1, 1, 0, 2048}), std::logic_error);
  EXPECT_THROW(rv::encode(Ins::beq, {0, 1, 2, 3}), std::logic_error);  // odd offset
  EXPECT_THROW(rv::encode(Ins::slli, {1, 1, 0, 64}), std::logic_error);
  EXPECT_THROW(rv::encode(Ins::jal, {1, 0, 0, 1 << 20}), std::logic_error);
}

// The instructions li emits, run on a model of the register file.
int64_t run_li(const std::vector<uint8_t>& code) {
  int64_t x[32] = {};
  for (size_t at = 0; at < code.size(); at += 4) {
    uint32_t w = code[at] | code[at + 1] << 8 | code[at + 2] << 16 | uint32_t(code[at + 3]) << 24;
    auto d = rv::decode(w);
    if (!d) throw std::runtime_error("undecodable");
    const auto& f = d->fields;
    int64_t v;
    switch (d->ins) {
      case Ins::lui: v = static_cast<int32_t>(static_cast<uint32_t>(f.imm) << 12); break;
      case Ins::addi: v = static_cast<int64_t>(static_cast<uint64_t>(x[f.rs1]) + static_cast<uint64_t>(f.imm)); break;
      case Ins::addiw: v = static_cast<int32_t>(static_cast<uint32_t>(x[f.rs1]) + static_cast<uint32_t>(f.imm)); break;
      case Ins::slli: v = static_cast<int64_t>(static_cast<uint64_t>(x[f.rs1]) << f.imm); break;
      default: throw std::runtime_error("li emitted " + rv::text(*d));
    }
    if (f.rd) x[f.rd] = v;
  }
  return x[rv::a0];
}

TEST(Rv64Assembler, LoadsEvery64BitShape) {
  std::vector<int64_t> values = {0,
                                 1,
                                 -1,
                                 2047,
                                 -2048,
                                 2048,
                                 -2049,
                                 0x7ff,
                                 0x800,
                                 0x7ffff800,
                                 0x7fffffff,
                                 INT32_MIN,
                                 int64_t{INT32_MAX} + 1,
                                 int64_t{INT32_MIN} - 1,
                                 0xffffffffLL,
                                 0x100000000LL,
                                 INT64_MAX,
                                 INT64_MIN,
                                 INT64_MIN + 1,
                                 INT64_MAX - 0x7ff,
                                 0x123456789abcdef0LL,
                                 static_cast<int64_t>(0xfedcba9876543210ull),
                                 0x7ff8000000000000LL,
                                 static_cast<int64_t>(0x8000000000000800ull)};
  std::mt19937_64 random(7);
  for (int n = 0; n < 2000; ++n) {
    uint64_t v = random();
    values.push_back(static_cast<int64_t>(v >> (random() % 64)));
    values.push_back(static_cast<int64_t>(v & random()));
  }
  for (int bit = 0; bit < 64; ++bit) {
    values.push_back(static_cast<int64_t>(uint64_t{1} << bit));
    values.push_back(~static_cast<int64_t>(uint64_t{1} << bit));
  }
  for (int64_t v : values) {
    rv::Assembler a;
    a.li(rv::a0, v);
    auto code = a.finalize();
    EXPECT_LE(code.size(), 32u) << v;
    EXPECT_EQ(run_li(std::vector<uint8_t>(code.begin(), code.end())), v) << std::hex << v;
  }
}

// The words of a finalized buffer, decoded.
std::vector<rv::Decoded> words_of(std::span<const uint8_t> code) {
  std::vector<rv::Decoded> out;
  for (size_t at = 0; at < code.size(); at += 4) {
    uint32_t w = code[at] | code[at + 1] << 8 | code[at + 2] << 16 | uint32_t(code[at + 3]) << 24;
    out.push_back(*rv::decode(w));
  }
  return out;
}

// A branch over `gap` bytes of filler, forward or backward.
std::vector<rv::Decoded> branch_over(int64_t gap, bool backward) {
  rv::Assembler a;
  auto target = a.new_label();
  if (backward) a.bind(target);
  if (!backward) a.branch(Ins::blt, rv::a0, rv::a1, target);
  for (int64_t k = 0; k < gap / 4; ++k) a.i(Ins::addi, rv::zero, rv::zero, 0);
  if (backward) a.branch(Ins::blt, rv::a0, rv::a1, target);
  if (!backward) a.bind(target);
  return words_of(a.finalize());
}

TEST(Rv64Assembler, BranchesRelaxAtTheirLimits) {
  // Forward: offset = 4 + gap. Just inside +4094 stays one blt.
  auto in = branch_over(4088, false);
  EXPECT_EQ(in.front().ins, Ins::blt);
  EXPECT_EQ(in.front().fields.imm, 4092);
  auto out = branch_over(4096, false);  // 4100 > 4094: bge over jal
  EXPECT_EQ(out[0].ins, Ins::bge);
  EXPECT_EQ(out[0].fields.imm, 8);
  EXPECT_EQ(out[1].ins, Ins::jal);
  EXPECT_EQ(out[1].fields.imm, 4096 + 4);
  // Backward: offset = -gap. -4096 is the last one-instruction distance.
  EXPECT_EQ(branch_over(4096, true).back().ins, Ins::blt);
  auto back = branch_over(4100, true);
  EXPECT_EQ(back[back.size() - 2].ins, Ins::bge);
  EXPECT_EQ(back.back().ins, Ins::jal);
  EXPECT_EQ(back.back().fields.imm, -4104);
  // jal's own limit: +-1 MiB, then auipc + jalr through t2.
  auto far_in = branch_over((1 << 20) - 8 - 4, false);
  EXPECT_EQ(far_in[1].ins, Ins::jal);
  auto far = branch_over(1 << 20, false);
  ASSERT_EQ(far[1].ins, Ins::auipc);
  EXPECT_EQ(far[1].fields.rd, rv::kFarTemp);
  EXPECT_EQ(far[2].ins, Ins::jalr);
  EXPECT_EQ(far[0].fields.imm, 12);
  int64_t reach = (far[1].fields.imm << 12) + far[2].fields.imm;
  EXPECT_EQ(reach, (1 << 20) + 8);  // from the auipc to the label
}

TEST(Rv64Assembler, JumpsAndCallsRelax) {
  for (bool call : {false, true}) {
    for (int64_t gap : {int64_t{1 << 20} - 8, int64_t{1 << 20}}) {
      rv::Assembler a;
      auto target = a.new_label();
      call ? a.call(target) : a.jump(target);
      for (int64_t k = 0; k < gap / 4; ++k) a.i(Ins::addi, rv::zero, rv::zero, 0);
      a.bind(target);
      auto w = words_of(a.finalize());
      unsigned link = call ? rv::ra : rv::zero;
      if (gap + 4 < (1 << 20)) {
        EXPECT_EQ(w[0].ins, Ins::jal);
        EXPECT_EQ(w[0].fields.rd, link);
      } else {
        EXPECT_EQ(w[0].ins, Ins::auipc);
        EXPECT_EQ(w[1].ins, Ins::jalr);
        EXPECT_EQ(w[1].fields.rd, link);
        EXPECT_EQ((w[0].fields.imm << 12) + w[1].fields.imm, gap + 8);
      }
    }
  }
}

TEST(Rv64Assembler, LabelOffsetsFollowRelaxation) {
  rv::Assembler a;
  auto far = a.new_label(), after = a.new_label();
  a.branch(Ins::beq, rv::a0, rv::zero, far);
  a.bind(after);
  for (int k = 0; k < 2000; ++k) a.i(Ins::addi, rv::zero, rv::zero, 0);
  a.bind(far);
  a.finalize();
  EXPECT_EQ(a.label_offset(after), 8u);  // the branch became bne + jal
  EXPECT_EQ(a.label_offset(far), 8u + 8000u);
}

}  // namespace
