#include "asm_module.hpp"

#include <memory>
#include <stdexcept>
#include <string>

#include "functions.hpp"
#include "natives.hpp"

namespace ilusm {
namespace {

// The entry of a function without a fast path: check_args, then the body.
Value checked_entry(Interp& in, Args args, const void* ctx) {
  const asmmod::Bound& b = asmmod::bound(ctx);
  asmmod::ArgList a;
  check_args(b.f.name, b.f.params, args, a);
  asmmod::Call c{in, a, b.f.name, *b.natives};
  return b.f.body(c);
}

}  // namespace

void open_asm(Interp& in) {
  using namespace asmmod;
  auto natives = std::make_shared<const NativeSlots>(in);
  Module m{"asm", {}};
  auto add = [&](std::vector<Function> fns) {
    for (Function& f : fns) {
      binding::check_table(f.name, f.params);  // check_count relies on its order
      // Arity is checked by check_args (or the fast entry) so that the message names the parameters.
      auto ctx = std::make_shared<const Bound>(Bound{std::move(f), natives});
      m.functions.push_back(ModuleFn{ctx->f.name, {}, 0, -1, {}, ctx->f.fast ? ctx->f.fast : checked_entry, ctx});
    }
  };
  add(reference_functions());
  add(extra_functions());
  add(arith_functions());
  in.register_module(std::move(m));
}

}  // namespace ilusm
