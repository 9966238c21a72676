// libFuzzer target: any text must parse without crashing; a program that
// checks must survive text -> bytecode -> program and print -> parse unchanged.
#include <cstdlib>
#include <string_view>

#include "ras/ras.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ras::ParseResult r = ras::parse(text, "fuzz.ras");
  if (!r.ok()) return 0;
  ras::Diagnostics d = ras::check(r.program);
  for (const ras::Diagnostic& x : d) (void)x.str();
  // Everything the parser accepted prints and parses back to the same content.
  std::string printed = ras::print_program(r.program);
  ras::ParseResult again = ras::parse(printed, "printed.ras");
  if (!again.ok() || !again.program.same(r.program)) std::abort();
  if (!d.empty()) return 0;
  std::vector<uint8_t> bytes = ras::write_bytecode(r.program);
  ras::Program loaded = ras::load_bytecode(bytes, "fuzz.rbc");
  if (!loaded.same(r.program) || ras::write_bytecode(loaded) != bytes) std::abort();
  if (!ras::check(loaded).empty()) std::abort();
  return 0;
}
