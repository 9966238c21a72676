// Run under gdb by naming_test: seals a named function that executes ud2 and
// calls it without a guard, so gdb stops inside the JIT code.
#include <cstdio>

#include "code.hpp"
#include "jitmem/jitmem.hpp"

int main() {
  jitmem::Options options;
  options.perf_map = false;  // gdb only: leave no /tmp/perf-PID.map behind
  jitmem::Memory memory(options);
  auto region = jitmem::Region::from_code(memory, jitmem_test::illegal.bytes, "jitmem_gdb_probe");
  if (!region) {
    std::fprintf(stderr, "%s\n", region.error().message.c_str());
    return 1;
  }
  jitmem::function_pointer<void (*)()> (*region->entry())();
  return 0;
}
