// Out-of-tree program for the install test: a host that embeds the
// interpreter with the bindings (pkg-config ilusm), adds a native function and
// runs a script that builds machine code with `use asm`. Prints
// "asm 42", "native 42" and "ras 42".
#include <ilusm/bindings.hpp>
#include <ilusm/ilusm.hpp>

#include <cstdio>

int main() {
  ilusm::Interp in;
  ilusm::open_bindings(in);
  in.define(
      "twice", [](ilusm::Interp&, ilusm::Args a) { return ilusm::Value(2 * ilusm::arg_int(a, 0, "twice")); }, 1, 1);
  try {
    in.run_string(R"(use asm
p = asmne()
asmmo1(p, "rax", "rdi")
asmad(p, "rax", "rsi")
asmre(p)
prn $"asm {asmca3(asmse(p), 10, 32)}"
prn $"native {twice(21)}"
use ras
h = rasas("prolog 2\narg => $a\narg => $b\ngetarg %r0 $a\ngetarg %r1 $b\nadd %ret %r0 %r1\nret\n")
prn $"ras {rasca(h, 40, 2)}"
)",
                  "install-host");
  } catch (const ilusm::Error& e) {
    std::fputs(in.format_error(e).c_str(), stderr);
    return 1;
  }
  return 0;
}
