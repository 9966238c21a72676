// Test helpers: run ilusm code with prn output captured.
#pragma once

#include <string>

#include "ilusm/interp.hpp"

namespace ilusm::test {

struct Captured {
  Interp in;
  std::string out;
  explicit Captured(Options o = {}) : in(o) {
    in.set_output([this](std::string_view s) { out += s; });
  }
  std::string run(std::string_view code) {
    out.clear();
    in.run_string(code, "test.ilu");
    return out;
  }
  // The message of the error the code raises ("" if none).
  std::string error(std::string_view code) {
    try {
      in.run_string(code, "test.ilu");
    } catch (const Error& e) { return e.message(); }
    return "";
  }
  // "line:col message" of the error.
  std::string located(std::string_view code) {
    try {
      in.run_string(code, "test.ilu");
    } catch (const Error& e) {
      return std::to_string(e.where().line) + ":" + std::to_string(e.where().col) + " " + e.message();
    }
    return "";
  }
};

inline std::string run(std::string_view code) {
  Captured c;
  return c.run(code);
}

}  // namespace ilusm::test
