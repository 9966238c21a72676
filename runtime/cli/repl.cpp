// A minimal REPL (std replaces this with the full one).
#include <iostream>
#include <string>

#include "ilusm/interp.hpp"

namespace ilusm {

int run_repl(Interp& in) {
  std::string line;
  while (std::cout << "> " << std::flush, std::getline(std::cin, line)) {
    try {
      Value v = in.run_string(line, "<repl>");
      if (!v.is_nil()) std::cout << v.to_repr() << "\n";
    } catch (const Error& e) {
      std::cerr << in.format_error(e);
    }
  }
  return 0;
}

}  // namespace ilusm
