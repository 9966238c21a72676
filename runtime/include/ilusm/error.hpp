// ilusm::Error: every ilusm error is a C++ exception carrying a message and,
// once known, the file:line:col where it happened.
#pragma once

#include <stdexcept>
#include <string>

namespace ilusm {

struct Location {
  std::string file;  // "" when unknown
  int line = 0, col = 0;
  bool known() const { return line > 0; }
};

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message), message_(message) {}
  Error(const std::string& message, Location where)
      : std::runtime_error(message), message_(message), where_(std::move(where)) {}

  const std::string& message() const { return message_; }
  const Location& where() const { return where_; }
  void locate(Location where) {
    if (!where_.known()) where_ = std::move(where);
  }

 private:
  std::string message_;
  Location where_;
};

// Raised where Interp::interrupt() stopped the code: `try` does not catch it,
// so it unwinds to the host (the REPL reports it and goes on).
class Interrupted : public Error {
 public:
  using Error::Error;
};

}  // namespace ilusm
