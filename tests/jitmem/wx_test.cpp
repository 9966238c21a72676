// W^X: no mapping of the process is ever writable and executable, while
// writing, after sealing, after calling and after freeing.
#include <gtest/gtest.h>

#include "helpers.hpp"

using namespace jitmem;
using namespace jitmem_test;

namespace {

void expect_no_wx(const char* when) {
  auto bad = writable_and_executable();
  EXPECT_TRUE(bad.empty()) << when << ": writable+executable mapping at " << bad.front();
}

class WxTest : public ::testing::TestWithParam<Mode> {};

TEST_P(WxTest, NoWritableExecutableMappingAtAnyStep) {
  Memory memory{Options{GetParam()}};
  expect_no_wx("before");
  auto handle = memory.allocate(add2.bytes.size());
  ASSERT_TRUE(handle.ok());
  ASSERT_TRUE(memory.write(*handle, 0, add2.bytes).ok());
  expect_no_wx("while writable");
  auto bytes = memory.writable(*handle);
  Mapping write_view = mapping_of(reinterpret_cast<uintptr_t>(bytes->data()));
  EXPECT_EQ(write_view.perms[1], 'w');
  EXPECT_NE(write_view.perms[2], 'x');

  auto entry = memory.seal(*handle);
  ASSERT_TRUE(entry.ok());
  expect_no_wx("after sealing");
  Mapping exec_view = mapping_of(reinterpret_cast<uintptr_t>(entry->code));
  EXPECT_EQ(exec_view.perms.substr(0, 3), "r-x");

  EXPECT_EQ(call(memory, *handle, std::vector<int64_t>{1, 2})->rax, 3);
  expect_no_wx("after calling");
  ASSERT_TRUE(memory.free(*handle).ok());
  expect_no_wx("after freeing");
}

TEST_P(WxTest, SealCodeKeepsWx) {
  Memory memory{Options{GetParam()}};
  std::vector<uint8_t> long_code = nops_then(600 / host.nop.bytes.size(), add2);
  for (auto code : {std::span<const uint8_t>(add2.bytes), std::span<const uint8_t>(long_code)}) {
    auto sealed = memory.seal_code(code);
    ASSERT_TRUE(sealed.ok());
    expect_no_wx("after seal_code");
    Mapping exec_view = mapping_of(reinterpret_cast<uintptr_t>(sealed->entry.code));
    EXPECT_EQ(exec_view.perms.substr(0, 3), "r-x");
    EXPECT_EQ(call(memory, sealed->handle, std::vector<int64_t>{1, 2})->rax, 3);
    ASSERT_TRUE(memory.free(sealed->handle).ok());
    expect_no_wx("after freeing");
  }
}

TEST_P(WxTest, ManyRegionsAndLargeOnes) {
  Memory memory{Options{GetParam()}};
  std::vector<Handle> handles;
  for (int i = 0; i < 50; ++i) handles.push_back(seal_snippet(memory, add2));
  auto large = memory.allocate(2 << 20);
  ASSERT_TRUE(large.ok());
  expect_no_wx("with a large writable region");
  ASSERT_TRUE(memory.seal(*large).ok());
  expect_no_wx("with many sealed regions");
}

INSTANTIATE_TEST_SUITE_P(Modes, WxTest, ::testing::Values(Mode::dual_mapping, Mode::strict),
                         [](const auto& info) { return info.param == Mode::strict ? "strict" : "dual"; });

}  // namespace
