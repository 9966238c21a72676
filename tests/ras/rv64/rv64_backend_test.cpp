// The RISC-V 64 back end on any host (cross-generation): every program of
// tests/ras/programs and examples/ generates words the instruction table
// knows, which llvm-mc encodes identically; long functions relax their
// branches; division checks are recorded as traps; the target's register
// names are the back end's. Running the code is tested under qemu by the
// cross build (tests/ras/programs, ras_run).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "ras/backend.hpp"
#include "ras/ras.hpp"
#include "ras/target.hpp"
#include "rv64/frame.hpp"
#include "rv64/isa.hpp"

namespace rv = ras::rv64;

namespace {

const ras::Target& riscv() {
  const ras::Target* t = ras::find_target("riscv64");
  if (!t) throw std::runtime_error("no riscv64 target");
  return *t;
}

ras::MachineCode rv64_code(const ras::Program& program) {
  ras::CompileOptions options;
  options.target = &riscv();
  return ras::generate(program, options);
}

std::vector<rv::Decoded> decode_all(const ras::MachineCode& code) {
  EXPECT_EQ(code.bytes.size() % 4, 0u);
  std::vector<rv::Decoded> out;
  for (size_t at = 0; at + 4 <= code.bytes.size(); at += 4) {
    uint32_t w =
        code.bytes[at] | code.bytes[at + 1] << 8 | code.bytes[at + 2] << 16 | uint32_t(code.bytes[at + 3]) << 24;
    auto d = rv::decode(w);
    if (!d) throw std::runtime_error(code.file + ": a word outside the instruction table at " + std::to_string(at));
    out.push_back(*d);
  }
  return out;
}

std::vector<std::string> program_files() {
  std::vector<std::string> files;
  for (const char* dir : {RAS_PROGRAMS, RAS_EXAMPLES})
    for (const auto& entry : std::filesystem::directory_iterator(dir))
      if (entry.path().extension() == ".ras") files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Rv64Backend, EveryProgramGeneratesKnownWordsThatLlvmMcAgreesWith) {
  std::set<uint32_t> words;
  std::set<int> forms;
  size_t programs = 0;
  for (const std::string& path : program_files()) {
    ras::MachineCode code = rv64_code(ras::load_file(path));
    ASSERT_EQ(code.target, &riscv());
    for (const auto& f : code.functions) EXPECT_EQ(f.offset % 4, 0u) << path;
    for (const rv::Decoded& d : decode_all(code)) {
      words.insert(rv::encode(d.ins, d.fields));
      forms.insert(int(d.ins));
    }
    ++programs;
  }
  EXPECT_GE(programs, 18u);
  const char* tool = std::getenv("LLVM_MC");
  if (!tool || !*tool) GTEST_SKIP() << "LLVM_MC not set";
  std::vector<uint32_t> ours(words.begin(), words.end());
  char src[] = "/tmp/rv64-backend-XXXXXX";
  int fd = mkstemp(src);
  ASSERT_GE(fd, 0);
  close(fd);
  {
    std::ofstream out(src);
    for (uint32_t w : ours) out << rv::text(*rv::decode(w)) << '\n';
  }
  std::string out_path = std::string(src) + ".out";
  std::string command =
      "'" + std::string(tool) + "' -triple=riscv64 -mattr=+m,+d -show-encoding '" + src + "' >" + out_path;
  ASSERT_EQ(std::system(command.c_str()), 0);
  std::istringstream in(read_all(out_path));
  std::remove(src);
  std::remove(out_path.c_str());
  std::string line;
  size_t k = 0, mismatches = 0;
  while (std::getline(in, line)) {
    size_t at = line.find("encoding: [");
    if (at == std::string::npos) continue;
    std::istringstream list(line.substr(at + 11, line.find(']', at) - at - 11));
    std::string item;
    uint32_t w = 0;
    int bytes = 0;
    while (std::getline(list, item, ',')) w |= uint32_t(std::stoul(item, nullptr, 16)) << (8 * bytes++);
    ASSERT_EQ(bytes, 4) << line;  // never a compressed form
    ASSERT_LT(k, ours.size());
    if (w != ours[k]) {
      ++mismatches;
      ADD_FAILURE() << line << ": ours " << std::hex << ours[k];
    }
    ++k;
  }
  EXPECT_EQ(k, ours.size());
  std::printf(
      "rv64 back end: %zu programs, %zu distinct instructions (%zu forms) checked against llvm-mc, %zu mismatches\n",
      programs, ours.size(), forms.size(), mismatches);
}

// A function whose one branch jumps over `filler` instructions.
std::string long_branch_program(int filler) {
  std::string text = "prolog 1\narg => $x\ngetarg %v0 $x\nmov %ret 0\nbeq !forward %v0 0 => @skip\n";
  for (int k = 0; k < filler; ++k) text += "add %ret %ret 1\n";
  text += "patch @skip\nret\n";
  return text;
}

size_t count_of(const std::vector<rv::Decoded>& code, rv::Ins ins) {
  return size_t(std::count_if(code.begin(), code.end(), [&](const rv::Decoded& d) { return d.ins == ins; }));
}

TEST(Rv64Backend, LongFunctionsRelaxTheirBranches) {
  auto near = decode_all(rv64_code(ras::load_text(long_branch_program(1000), "near.ras")));
  EXPECT_EQ(count_of(near, rv::Ins::beq), 1u);
  EXPECT_EQ(count_of(near, rv::Ins::jal), 0u);
  auto mid = decode_all(rv64_code(ras::load_text(long_branch_program(1100), "mid.ras")));
  EXPECT_EQ(count_of(mid, rv::Ins::bne), 1u);  // inverted, over a jal
  EXPECT_EQ(count_of(mid, rv::Ins::jal), 1u);
  auto far = decode_all(rv64_code(ras::load_text(long_branch_program(270000), "far.ras")));
  EXPECT_EQ(count_of(far, rv::Ins::bne), 1u);
  EXPECT_EQ(count_of(far, rv::Ins::auipc), 1u);  // beyond jal's 1 MiB
}

// A loop whose body is `filler` instructions: a forward branch over the
// whole loop and a backward conditional branch over the body. Returns
// n * filler.
std::string long_loop_program(int filler) {
  std::string text =
      "prolog 1\narg => $n\ngetarg %v0 $n\nmov %ret 0\nmov %v1 0\n"
      "beq !forward %v0 0 => @done\nget_label => @top\n";
  for (int k = 0; k < filler; ++k) text += "add %ret %ret 1\n";
  text += "add %v1 %v1 1\nblt @top %v1 %v0\npatch @done\nret\n";
  return text;
}

// Long functions run on the host's back end (riscv64 under qemu in the
// cross build; x86-64 and aarch64 relax their own way) beyond each reach:
// b<cc> +-4 KiB and jal +-1 MiB on RISC-V.
TEST(Rv64Backend, LongFunctionsRunOnTheHost) {
  if (!ras::host_target()) GTEST_SKIP() << "no back end for this host";
  for (int filler : {1000, 1100, 270000}) {
    ras::Compiled code = ras::compile(ras::load_text(long_loop_program(filler), "long.ras"));
    for (int64_t n : {0, 1, 3}) EXPECT_EQ(code.call(0, std::vector<int64_t>{n}).value, n * filler) << filler;
  }
}

TEST(Rv64Backend, DivisionChecksAreRecordedTraps) {
  auto traps = [](const std::string& op) {
    ras::MachineCode code = rv64_code(ras::load_text(
        "prolog 2\narg => $a\narg => $b\ngetarg %r0 $a\ngetarg %r1 $b\n" + op + "\nmov %ret %r0\nret\n", "t.ras"));
    std::vector<ras::TrapKind> kinds;
    for (const ras::TrapSite& t : code.traps) {
      kinds.push_back(t.kind);
      uint32_t w = code.bytes[t.offset] | code.bytes[t.offset + 1] << 8 | code.bytes[t.offset + 2] << 16 |
                   uint32_t(code.bytes[t.offset + 3]) << 24;
      EXPECT_EQ(rv::decode(w)->ins, rv::Ins::ebreak);
      EXPECT_EQ(t.loc.line, 6u);
    }
    return kinds;
  };
  using K = ras::TrapKind;
  EXPECT_EQ(traps("div %r0 %r0 %r1"), (std::vector<K>{K::divide_by_zero, K::divide_overflow}));
  EXPECT_EQ(traps("rem %r0 %r0 %r1"), (std::vector<K>{K::divide_by_zero, K::divide_overflow}));
  EXPECT_EQ(traps("div_ul %r0 %r0 %r1"), (std::vector<K>{K::divide_by_zero}));
  EXPECT_EQ(traps("div %r0 %r0 7"), (std::vector<K>{}));
  EXPECT_EQ(traps("div %r0 %r0 -1"), (std::vector<K>{K::divide_overflow}));
}

TEST(Rv64Backend, TargetDescribesTheRegisterMap) {
  const ras::Target& t = riscv();
  EXPECT_EQ(t.name, "riscv64");
  for (int k = 0; k < ras::kIntRegs; ++k) EXPECT_EQ(t.int_regs[size_t(k)], rv::x_name(rv::kIntReg[k]));
  for (int k = 0; k < ras::kFpRegs; ++k) EXPECT_EQ(t.fp_regs[size_t(k)], rv::f_name(rv::kFpReg[k]));
  EXPECT_EQ(t.instruction_align, 4);
  uint32_t fill = t.fill_word[0] | t.fill_word[1] << 8 | t.fill_word[2] << 16 | uint32_t(t.fill_word[3]) << 24;
  EXPECT_EQ(rv::decode(fill)->ins, rv::Ins::ebreak);
}

TEST(Rv64Backend, CallsToHostFunctionsUseTheirAbsoluteAddress) {
  ras::MachineCode code = rv64_code(ras::load_file(std::string(RAS_EXAMPLES) + "/hostcall.ras"));
  auto words = decode_all(code);
  // Every host call is `li t0, address` then `jalr ra, 0(t0)`.
  size_t host_calls = 0;
  for (size_t k = 0; k < words.size(); ++k)
    if (words[k].ins == rv::Ins::jalr && words[k].fields.rd == rv::ra) {
      EXPECT_EQ(words[k].fields.rs1, rv::kTemp);
      ++host_calls;
    }
  EXPECT_GE(host_calls, 1u);
}

}  // namespace
