// A pseudo-random program with many labels and jumps of every kind: objdump
// must show each jump landing on its label, and every rel32 jump must be one
// whose target a rel8 could not reach.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>

#include "oracle.hpp"
#include "x86/x86.hpp"

using namespace x86;

namespace {

TEST(LabelLayout, ObjdumpTargetsMatchLabelsAndJumpsAreShortest) {
  const auto objdump = oracle::tool("OBJDUMP");
  if (!objdump) GTEST_SKIP() << "OBJDUMP not set";
  std::mt19937 rng(12345);
  Assembler a;
  std::vector<Label> labels;
  for (int i = 0; i < 120; ++i) labels.push_back(a.new_label(std::string("L").append(std::to_string(i))));
  struct Jump {
    size_t index;  // instruction index in emission order
    Label target;
  };
  std::vector<Jump> jumps;
  size_t count = 0, next_bind = 0;
  for (int step = 0; step < 1500; ++step) {
    const unsigned r = rng() % 10;
    if (r < 3) {
      // Mostly near labels (either side), some anywhere.
      const size_t near = std::min<size_t>(labels.size() - 1, next_bind + rng() % 5 - std::min<size_t>(next_bind, 2));
      const Label t = labels[rng() % 4 ? near : rng() % labels.size()];
      if (rng() % 3 == 0) a.jmp(t);
      else a.jcc(static_cast<Cond>(rng() % 16), t);
      jumps.push_back({count++, t});
    } else if (r == 3 && next_bind < labels.size()) {
      a.bind(labels[next_bind++]);
    } else {
      a.nop(1 + rng() % 9);  // filler of varied length
      ++count;
    }
  }
  while (next_bind < labels.size()) a.bind(labels[next_bind++]);
  a.ret();
  ++count;
  const auto code = a.finalize();
  const auto shown = oracle::objdump(*objdump, oracle::Bytes(code.begin(), code.end()));
  ASSERT_EQ(shown.size(), count);
  size_t longs = 0;
  for (const Jump& j : jumps) {
    const oracle::Disassembled& d = shown[j.index];
    ASSERT_EQ(d.text[0], 'j') << d.text;
    const size_t sp = d.text.find_last_of(' ');
    const uint64_t target = std::stoull(d.text.substr(sp + 1), nullptr, 16);
    EXPECT_EQ(target, a.label_offset(j.target)) << d.offset << ": " << d.text;
    if (d.length > 2) {
      ++longs;
      const int64_t rel8 = static_cast<int64_t>(target) - static_cast<int64_t>(d.offset + 2);
      EXPECT_TRUE(rel8 < -128 || rel8 > 127) << "needless rel32 at " << d.offset << ": " << d.text;
    }
  }
  std::printf("label layout: %zu jumps (%zu rel32) checked with objdump\n", jumps.size(), longs);
}

}  // namespace
