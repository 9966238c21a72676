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

// The largest program an asm program object may hold (docs/asm.md): a
// program appended to itself (asmca1(p, p)) doubles, so without a cap a short
// loop would take all memory.
inline constexpr size_t kMaxProgramBytes = size_t(64) << 20;
inline constexpr size_t kMaxInstructionBytes = 16;  // room one encoder call needs (at most 15)

// Raises "FN: the program would grow past N bytes ..." before `more` bytes
// would make p larger than kMaxProgramBytes (nothing is emitted).
void check_room(const Program& p, size_t more, const char* fn);

// Encodes into p, the program of the object pv (an x86::Error becomes
// "FN: message"), mirrors the new bytes into p.b and returns pv.
template <class Encode>
Value emit_into(const char* fn, const Value& pv, Program& p, Encode&& encode, size_t more = kMaxInstructionBytes) {
  if (t_bin_pins) [[unlikely]]
    check_not_pinned(fn, pv);
  check_room(p, more, fn);
  try {
    encode(p.a);
  } catch (const x86::Error& e) { raise(std::string(fn) + ": " + e.what()); }
  sync(pv, p);
  return pv;
}

// emit_into the program of a[0].
template <class Encode>
Value emit(Call& c, Encode&& encode, size_t more = kMaxInstructionBytes) {
  return emit_into(c.fn, c.a[0].value(), c.prog(), std::forward<Encode>(encode), more);
}

std::vector<Function> reference_functions();  // the 26 functions of the reference
std::vector<Function> extra_functions();      // labels, cmp, loads, disassembly, free, ...
std::vector<Function> arith_functions();      // inc/dec/neg/not, mul/div, cqo, cmovcc, movzx/movsx
std::vector<Function> data_functions();       // bins for JIT code, call signatures

}  // namespace ilusm::asmmod
