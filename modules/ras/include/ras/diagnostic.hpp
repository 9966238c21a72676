// Errors with a location. Parsing and checking collect Diagnostics; the
// bytecode writer/loader and the one-call helpers throw ras::Error.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "ras/ir.hpp"

namespace ras {

struct Diagnostic {
  std::string file;
  SourceLoc loc;
  std::string message;
  // "file:line:col: message" (or "file:offset N: message" for bytecode).
  std::string str() const { return where(file, loc) + ": " + message; }
};

using Diagnostics = std::vector<Diagnostic>;

// All diagnostics, one a line.
std::string to_string(const Diagnostics& d);

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what) : std::runtime_error(what) {}
  explicit Error(const Diagnostic& d) : std::runtime_error(d.str()) {}
  explicit Error(const Diagnostics& d) : std::runtime_error(to_string(d)) {}
};

}  // namespace ras
