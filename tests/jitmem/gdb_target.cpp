// Run under gdb by naming_test: seals a named function that executes ud2 and
// calls it without a guard, so gdb stops inside the JIT code.
#include <cstdio>

#include "code.hpp"
#include "jitmem/jitmem.hpp"

int main() {
  auto region = jitmem::Region::from_code(jitmem::default_memory(), jitmem_test::ud2.bytes,
                                          "jitmem_gdb_probe");
  if (!region) {
    std::fprintf(stderr, "%s\n", region.error().message.c_str());
    return 1;
  }
  jitmem::function_pointer<void (*)()>(*region->entry())();
  return 0;
}
