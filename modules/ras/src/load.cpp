// Load-and-check helpers: text or bytecode in, a checked Program out.
#include <iterator>

#include "ras/ras.hpp"
#include "support/files.hpp"

namespace ras {

namespace {
Program checked(Program p, const CheckOptions& options) {
  Diagnostics d = check(p, options);
  if (!d.empty()) throw Error(d);
  return p;
}
}  // namespace

Program load_text(std::string_view text, std::string file, const CheckOptions& options) {
  ParseResult r = parse(text, std::move(file));
  if (!r.ok()) throw Error(r.errors);
  return checked(std::move(r.program), options);
}

Program load_any(std::span<const uint8_t> bytes, std::string file, const CheckOptions& options) {
  if (is_bytecode(bytes)) return checked(load_bytecode(bytes, std::move(file)), options);
  std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return load_text(text, std::move(file), options);
}

Program load_file(const std::string& path, const CheckOptions& options) {
  std::string bytes, error;
  if (!support::read_file(path, bytes, error)) throw Error(error);  // names the file and why
  return load_any(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()), path,
                  options);
}

}  // namespace ras
