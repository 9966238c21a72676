// Shared test helpers: seal a snippet, read /proc/self/maps.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "code.hpp"
#include "jitmem/jitmem.hpp"

namespace jitmem_test {

// "threadsafe" (the child re-executes the test binary), or what
// JITMEM_TEST_DEATH_STYLE says: "fast" under qemu-user without binfmt, where
// the test binary cannot be executed again from inside the emulation.
inline const char* death_test_style() {
  const char* style = std::getenv("JITMEM_TEST_DEATH_STYLE");
  return style && *style ? style : "threadsafe";
}

// Allocate, write and seal a snippet; fails the test on any error.
inline jitmem::Handle seal_snippet(jitmem::Memory& memory, const Snippet& snippet, std::string_view name = {}) {
  auto handle = memory.allocate(snippet.bytes.size());
  EXPECT_TRUE(handle.ok()) << (handle.ok() ? "" : handle.error().message);
  if (!handle) return {};
  EXPECT_TRUE(memory.write(*handle, 0, snippet.bytes).ok());
  EXPECT_TRUE(memory.seal(*handle, name).ok());
  return *handle;
}

struct Mapping {
  uintptr_t begin = 0, end = 0;
  std::string perms;  // "r-xp", "rw-s", ...
};

inline std::vector<Mapping> read_maps() {
  std::vector<Mapping> maps;
  std::ifstream in("/proc/self/maps");
  std::string line;
  while (std::getline(in, line)) {
    Mapping m;
    size_t dash = line.find('-'), space = line.find(' ');
    m.begin = std::stoull(line.substr(0, dash), nullptr, 16);
    m.end = std::stoull(line.substr(dash + 1, space - dash - 1), nullptr, 16);
    m.perms = line.substr(space + 1, 4);
    maps.push_back(m);
  }
  return maps;
}

inline Mapping mapping_of(uintptr_t address) {
  for (const Mapping& m : read_maps())
    if (address >= m.begin && address < m.end) return m;
  return {};
}

// Every mapping of the process that is both writable and executable.
inline std::vector<std::string> writable_and_executable() {
  std::vector<std::string> bad;
  for (const Mapping& m : read_maps())
    if (m.perms[1] == 'w' && m.perms[2] == 'x') bad.push_back(std::to_string(m.begin) + " " + m.perms);
  return bad;
}

}  // namespace jitmem_test
