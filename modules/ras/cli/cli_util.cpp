// Helpers shared by rasm commands: files in and out, loading, messages.
#include <cstdio>

#include "cli.hpp"
#include "support/files.hpp"

namespace rasm {

int fail(const std::string& message) {
  std::fprintf(stderr, "rasm: %s\n", message.c_str());
  return kFailed;
}

int usage(std::string_view u) {
  std::fprintf(stderr, "usage: rasm %.*s\n", int(u.size()), u.data());
  return kUsage;
}

void write_file(const std::string& path, std::span<const uint8_t> bytes) {
  std::string error;
  if (!support::write_file(path, bytes, error)) throw ras::Error(error);
}

ras::Program load_program(const std::string& path) { return ras::load_file(path); }

}  // namespace rasm
