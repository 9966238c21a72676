// The outside oracle for the hand-written test code: llvm-mc assembles each
// snippet's source, objcopy extracts .text, and the bytes must match.
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
  for (const jitmem_test::Snippet* snippet : jitmem_test::all_snippets) {
    SCOPED_TRACE(snippet->name);
    std::string source = dir + "/code.s", object = dir + "/code.o", binary = dir + "/code.bin";
    std::ofstream(source) << ".intel_syntax noprefix\n" << snippet->source;
    std::string command = std::string(llvm_mc) + " -triple=x86_64 -filetype=obj " + source +
                          " -o " + object + " && " + objcopy + " -O binary -j .text " + object +
                          " " + binary;
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    std::ifstream in(binary, std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(bytes, snippet->bytes);
  }
  if (std::system(("rm -rf " + dir).c_str()) != 0) ADD_FAILURE() << "could not remove " << dir;
}

}  // namespace
