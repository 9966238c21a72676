// Helpers shared by the ras front-end tests.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ras/ras.hpp"

namespace ras_test {

inline std::string read_data(const std::string& name) {
  std::ifstream in(std::string(RAS_TEST_DATA) + "/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Parses text that must parse cleanly.
inline ras::Program parsed(const std::string& text) {
  ras::ParseResult r = ras::parse(text, "t.ras");
  EXPECT_TRUE(r.ok()) << ras::to_string(r.errors);
  return std::move(r.program);
}

// Parse + check; returns all diagnostics as text ("" when clean).
inline std::string check_text(const std::string& text, const ras::CheckOptions& opts = {}) {
  ras::ParseResult r = ras::parse(text, "t.ras");
  if (!r.ok()) return "PARSE: " + ras::to_string(r.errors);
  return ras::to_string(ras::check(r.program, opts));
}

// Loads bytecode named x.rbc; returns the loader's error, or "(loaded)".
inline std::string load_error(const std::vector<uint8_t>& bytes) {
  try {
    ras::load_bytecode(bytes, "x.rbc");
  } catch (const ras::Error& e) { return e.what(); }
  return "(loaded)";
}

inline std::string parse_errors(const std::string& text) { return ras::to_string(ras::parse(text, "t.ras").errors); }

}  // namespace ras_test
