// libFuzzer target: any bytes must load or be rejected with ras::Error; what
// loads is canonical (writes back to the same bytes) and prints to text that
// parses back to the same program.
#include <cstdlib>

#include "ras/ras.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> in(data, size);
  ras::Program p;
  try {
    p = ras::load_bytecode(in, "fuzz.rbc");
  } catch (const ras::Error&) { return 0; }
  std::vector<uint8_t> out = ras::write_bytecode(p);
  if (out.size() != size || !std::equal(out.begin(), out.end(), data)) std::abort();
  ras::ParseResult r = ras::parse(ras::print_program(p), "printed.ras");
  if (!r.ok() || !r.program.same(p)) std::abort();
  ras::Diagnostics d = ras::check(p);
  for (const ras::Diagnostic& x : d) (void)x.str();
  return 0;
}
