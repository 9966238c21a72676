#include "oracle.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

namespace oracle {

namespace {

// A temporary file removed when it goes out of scope.
struct TempFile {
  std::string path;
  explicit TempFile(const char* suffix) {
    std::string tmpl = "/tmp/x86-oracle-XXXXXX";
    tmpl += suffix;
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    int fd = mkstemps(buf.data(), static_cast<int>(std::string(suffix).size()));
    if (fd < 0) throw std::runtime_error("mkstemps failed");
    close(fd);
    path = buf.data();
  }
  ~TempFile() { std::remove(path.c_str()); }
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_lines(const std::string& path, const std::vector<std::string>& lines) {
  std::ofstream out(path);
  for (const std::string& l : lines) out << l << '\n';
}

// Runs a shell command, returning its stdout; throws with stderr on failure.
std::string run(const std::string& command) {
  TempFile out(".out"), err(".err");
  const std::string full = command + " >" + out.path + " 2>" + err.path;
  const int status = std::system(full.c_str());
  if (status != 0) throw std::runtime_error("command failed: " + command + "\n" + read_file(err.path).substr(0, 4000));
  return read_file(out.path);
}

}  // namespace

std::optional<std::string> tool(const char* env_var) {
  const char* v = std::getenv(env_var);
  if (!v || !*v) return std::nullopt;
  return std::string(v);
}

std::vector<Bytes> llvm_mc(const std::string& llvm_mc_path, const std::vector<std::string>& lines) {
  TempFile src(".s");
  write_lines(src.path, lines);
  const std::string out = run("'" + llvm_mc_path +
                              "' -triple=x86_64 -x86-asm-syntax=intel -output-asm-variant=1 "
                              "-mattr=+avx512f,+avx512bw,+avx512dq,+avx512vl,+avx512cd,+avx512vbmi -show-encoding '" +
                              src.path + "'");
  std::vector<Bytes> result;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    const size_t at = line.find("encoding: [");
    if (at == std::string::npos) continue;
    Bytes bytes;
    std::istringstream list(line.substr(at + 11, line.find(']', at) - at - 11));
    std::string item;
    while (std::getline(list, item, ',')) {
      if (item.rfind("0x", 0) != 0)  // a fixup placeholder: llvm-mc read a symbol
        throw std::runtime_error("llvm-mc left a fixup in: " + line);
      bytes.push_back(static_cast<uint8_t>(std::stoul(item, nullptr, 16)));
    }
    result.push_back(std::move(bytes));
  }
  if (result.size() != lines.size())
    throw std::runtime_error("llvm-mc returned " + std::to_string(result.size()) + " encodings for " +
                             std::to_string(lines.size()) + " lines");
  return result;
}

Bytes gnu_as(const std::string& as_path, const std::string& objcopy_path, const std::vector<std::string>& lines,
             bool optimize) {
  TempFile src(".s"), obj(".o"), bin(".bin");
  std::vector<std::string> all = {".intel_syntax noprefix", ".text"};
  all.insert(all.end(), lines.begin(), lines.end());
  write_lines(src.path, all);
  run("'" + as_path + "' --64 " + (optimize ? "-O2 " : "") + "-o '" + obj.path + "' '" + src.path + "'");
  run("'" + objcopy_path + "' -O binary -j .text '" + obj.path + "' '" + bin.path + "'");
  const std::string data = read_file(bin.path);
  return Bytes(data.begin(), data.end());
}

std::vector<Disassembled> objdump(const std::string& objdump_path, const Bytes& code) {
  TempFile bin(".bin");
  {
    std::ofstream out(bin.path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(code.data()), static_cast<std::streamsize>(code.size()));
  }
  const std::string out = run("'" + objdump_path + "' -D -b binary -mi386:x86-64 -M intel -w '" + bin.path + "'");
  // With -w every instruction is one line: "  offset:\tbytes \ttext".
  std::vector<Disassembled> result;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    const size_t colon = line.find(":\t");
    if (colon == std::string::npos) continue;
    const std::string off = line.substr(0, colon);
    if (off.find_first_not_of(" 0123456789abcdef") != std::string::npos) continue;
    const size_t tab2 = line.find('\t', colon + 2);
    std::string bytes = line.substr(colon + 2, tab2 == std::string::npos ? std::string::npos : tab2 - colon - 2);
    size_t n = 0;
    std::istringstream bs(bytes);
    std::string b;
    while (bs >> b) ++n;
    result.push_back(
        {std::stoull(off, nullptr, 16), n, tab2 == std::string::npos ? std::string() : line.substr(tab2 + 1)});
  }
  return result;
}

std::string hex(const Bytes& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (uint8_t b : bytes) {
    if (!s.empty()) s += ' ';
    s += digits[b >> 4];
    s += digits[b & 15];
  }
  return s;
}

}  // namespace oracle
