// libFuzzer target: any bytes given as an ilusm source must lex, parse and
// resolve, or fail with an ilusm::Error (a location and a message), never
// crash or exhaust the stack. The code is not run (a fuzzed loop need not end).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "ilusm/interp.hpp"
#include "interp_impl.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static ilusm::Interp* in = new ilusm::Interp(ilusm::Options{.natives = false, .stdlib = false});
  std::string source(reinterpret_cast<const char*>(data), size);
  try {
    in->impl().compile(std::move(source), "fuzz.ilu");
  } catch (const ilusm::Error& e) {
    if (e.message().empty()) std::abort();  // every error says what was wrong
  }
  // An interpreter keeps every chunk it compiled: start afresh now and then.
  static int runs = 0;
  if (++runs % 512 == 0) {
    delete in;
    in = new ilusm::Interp(ilusm::Options{.natives = false, .stdlib = false});
  }
  return 0;
}
