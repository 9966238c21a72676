// libFuzzer target for the text front end (x86/text.hpp): any text either
// assembles or throws x86::TextError/x86::Error with nothing appended; text
// that assembles gives the same bytes again in a fresh assembler.
#include <cstdlib>
#include <string_view>
#include <vector>

#include "x86/text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  x86::Assembler a(64);
  a.nop();  // something before the text: an error must leave it alone
  x86::TextLabels names;
  try {
    x86::assemble_text(a, text, names);
  } catch (const x86::TextError& e) {
    if (a.size() != 1 || !names.names.empty() || e.line == 0 || e.column == 0) std::abort();
    return 0;
  }
  std::vector<uint8_t> first;
  try {
    auto code = a.finalize();
    first.assign(code.begin() + 1, code.end());
  } catch (const x86::Error&) {
    return 0;  // a name used but bound nowhere (shared names: C++ could bind it)
  }
  x86::Assembler b(64);
  b.nop();  // the same offset: alignment depends on it
  x86::TextLabels again;
  x86::assemble_text(b, text, again);
  auto code = b.finalize();
  if (std::vector<uint8_t>(code.begin() + 1, code.end()) != first) std::abort();
  return 0;
}
