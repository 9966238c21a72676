// The asm module's functions as data: name, parameters, body. asm_module.cpp
// registers them; the bodies run only after check_args accepted everything.
#pragma once

#include <memory>
#include <utility>
#include <vector>

#include "args.hpp"
#include "calls.hpp"
#include "natives.hpp"
#include "program.hpp"

namespace ilusm::asmmod {

struct Call {
  Interp& in;
  ArgList& a;
  const char* fn;
  const NativeSlots& natives;
  Program& prog() { return *a[0].prog; }
};

struct Function {
  const char* name;
  std::vector<Param> params;
  Value (*body)(Call&);
  // Optional: runs on the raw arguments instead of check_args + body, for the
  // hot calls (asmse, asmca2/3/4, asmfr); it must check them itself, with the
  // same messages. It is the Bif's entry itself: ctx is the function's Bound.
  BifEntry fast = nullptr;
};

// A function bound to one interpreter's native slots: the context of its Bif.
struct Bound {
  Function f;
  std::shared_ptr<const NativeSlots> natives;
};
inline const Bound& bound(const void* ctx) { return *static_cast<const Bound*>(ctx); }

// Encodes into p, the program of the object pv (an x86::Error becomes
// "FN: message"), mirrors the new bytes into p.b and returns pv.
template <class Encode>
Value emit_into(const char* fn, const Value& pv, Program& p, Encode&& encode) {
  if (t_bin_pins) [[unlikely]] check_not_pinned(fn, pv);
  try {
    encode(p.a);
  } catch (const x86::Error& e) {
    raise(std::string(fn) + ": " + e.what());
  }
  sync(pv, p);
  return pv;
}

// emit_into the program of a[0].
template <class Encode>
Value emit(Call& c, Encode&& encode) {
  return emit_into(c.fn, c.a[0].value(), c.prog(), std::forward<Encode>(encode));
}

std::vector<Function> reference_functions();  // the 26 functions of the reference
std::vector<Function> extra_functions();      // labels, cmp, loads, disassembly, free, ...
std::vector<Function> arith_functions();      // inc/dec/neg/not, mul/div, cqo, cmovcc, movzx/movsx
std::vector<Function> data_functions();       // bins for JIT code, call signatures

}  // namespace ilusm::asmmod
