#include "asm_module.hpp"

#include <memory>
#include <stdexcept>
#include <string>

#include "functions.hpp"
#include "natives.hpp"

namespace ilusm {

void open_asm(Interp& in) {
  using namespace asmmod;
  auto natives = std::make_shared<const NativeSlots>(in);
  Module m{"asm", {}};
  auto add = [&](std::vector<Function> fns) {
    for (Function& f : fns) {
      // check_count relies on optional parameters coming last.
      for (size_t k = 1; k < f.params.size(); ++k)
        if (f.params[k - 1].optional && !f.params[k].optional)
          throw std::logic_error(std::string(f.name) + ": a required parameter after an optional one");
      if (f.fast) {
        m.functions.push_back(ModuleFn{f.name, [f, natives](Interp& interp, Args args) {
                                         return f.fast(interp, args, f, *natives);
                                       }, 0, -1});
        continue;
      }
      // Arity is checked by check_args so that the message names the parameters.
      m.functions.push_back(ModuleFn{f.name, [f, natives](Interp& interp, Args args) {
                                       ArgList a;
                                       check_args(f.name, f.params, args, a);
                                       Call c{interp, a, f.name, *natives};
                                       return f.body(c);
                                     }, 0, -1});
    }
  };
  add(reference_functions());
  add(extra_functions());
  in.register_module(std::move(m));
}

}  // namespace ilusm
