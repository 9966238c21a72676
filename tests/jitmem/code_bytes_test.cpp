// The outside oracle for the hand-written test code: llvm-mc assembles each
// snippet's source for its CPU (all three, whatever the host), llvm-objcopy
// extracts .text, and the bytes must match.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "code.hpp"

namespace {

std::string run_dir() {
  char path[] = "/tmp/jitmem-code-XXXXXX";
  return mkdtemp(path) ? path : "";
}

TEST(CodeBytes, SnippetsMatchLlvmMc) {
  const char* llvm_mc = std::getenv("LLVM_MC");
  const char* objcopy = std::getenv("OBJCOPY");
  if (!llvm_mc || !*llvm_mc || !objcopy || !*objcopy) GTEST_SKIP() << "llvm-mc or objcopy not found";
  std::string dir = run_dir();
  ASSERT_FALSE(dir.empty());
  size_t checked = 0;
  for (const jitmem_test::Snippets* cpu : jitmem_test::all_cpus) {
    std::vector<const jitmem_test::Snippet*> all = {&cpu->add2,
                                                    &cpu->add6,
                                                    &cpu->arg6,
                                                    &cpu->add_doubles,
                                                    &cpu->double8,
                                                    &cpu->null_load,
                                                    &cpu->illegal,
                                                    &cpu->trap,
                                                    &cpu->div_zero,
                                                    &cpu->recurse,
                                                    &cpu->call_arg0_then_illegal,
                                                    &cpu->call_arg0,
                                                    &cpu->nop,
                                                    &cpu->identity,
                                                    &cpu->bad_sp,
                                                    &cpu->fp_control,
                                                    &cpu->set_df,
                                                    &cpu->spin};
    for (const jitmem_test::Snippet& clobber : cpu->clobbers) all.push_back(&clobber);
    for (const jitmem_test::Snippet* snippet : all) {
      if (snippet->bytes.empty()) continue;  // not on this CPU
      SCOPED_TRACE(std::string(cpu->triple) + " " + snippet->name);
      std::string source = dir + "/code.s", object = dir + "/code.o", binary = dir + "/code.bin";
      std::ofstream(source) << cpu->prefix << snippet->source;
      std::string command = std::string(llvm_mc) + " -triple=" + cpu->triple +
                            (*cpu->mattr ? std::string(" -mattr=") + cpu->mattr : "") + " -filetype=obj " + source +
                            " -o " + object + " && " + objcopy + " -O binary -j .text " + object + " " + binary;
      ASSERT_EQ(std::system(command.c_str()), 0) << command;
      std::ifstream in(binary, std::ios::binary);
      std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
      EXPECT_EQ(bytes, snippet->bytes);
      ++checked;
    }
  }
  std::printf("%zu snippets match llvm-mc\n", checked);
  if (std::system(("rm -rf " + dir).c_str()) != 0) ADD_FAILURE() << "could not remove " << dir;
}

}  // namespace
