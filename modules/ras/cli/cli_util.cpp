// Helpers shared by rasm commands: files in and out, loading, messages.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "cli.hpp"

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
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw ras::Error(path + ": cannot open for writing");
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    out.close();
    if (!out) {
      std::filesystem::remove(tmp);
      throw ras::Error(path + ": write error");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp);
    throw ras::Error(path + ": " + ec.message());
  }
}

ras::Program load_program(const std::string& path) { return ras::load_file(path); }

}  // namespace rasm
