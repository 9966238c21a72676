#include "calls.hpp"

#include <fmt/format.h>

#include <cmath>

#include "program.hpp"

namespace ilusm::asmmod {
namespace {

constexpr uint64_t kDeclared = uint64_t{1} << 63;
constexpr uint64_t kReturnsDouble = uint64_t{1} << 4;
constexpr char kKinds[] = {'i', 'd', 'b'};  // 2-bit codes 0, 1, 2

// The name of argument k (0-based after the handle) in messages: the
// function's parameter name, or "a<k>" past them (asmca2 with doubles).
std::string arg_name(const std::vector<Param>& params, size_t k) {
  return k + 1 < params.size() ? std::string(params[k + 1].name) : fmt::format("a{}", k);
}

[[noreturn]] void bad_arg(const char* fn, const std::vector<Param>& params, size_t k, const std::string& what) {
  std::string name = arg_name(params, k);
  fail(fn, name.c_str(), what);
}

}  // namespace

uint64_t pack(std::string_view params, bool returns_double) {
  uint64_t packed = kDeclared | params.size() | (returns_double ? kReturnsDouble : 0);
  for (size_t k = 0; k < params.size(); ++k) {
    uint64_t code = params[k] == 'i' ? 0 : params[k] == 'd' ? 1 : 2;
    packed |= code << (8 + 2 * k);
  }
  return packed;
}

Signature unpack(uint64_t packed) {
  Signature s;
  s.count = static_cast<uint8_t>(packed & 15);
  s.returns_double = packed & kReturnsDouble;
  for (size_t k = 0; k < s.count; ++k) s.kinds[k] = kKinds[(packed >> (8 + 2 * k)) & 3];
  return s;
}

std::string describe_signature(const Signature& s) {
  std::string out = "(";
  for (size_t k = 0; k < s.count; ++k) out += fmt::format("{}{}", k ? ", " : "", s.kinds[k]);
  return out + (s.returns_double ? ") -> d" : ") -> i");
}

Value call_untyped(Interp& in, const NativeSlots& slots, const char* fn, const std::vector<Param>& params, Args args) {
  CallInts ints = {};
  BinPins pins;
  for (size_t k = 1; k < args.size(); ++k) {
    const Value& v = args[k];
    if (v.is_bin()) {
      ints[k - 1] = static_cast<int64_t>(pins.pin(v));
    } else if (!v.is_num() || (v.is_double() && std::trunc(v.as_double()) != v.as_double())) {
      bad_arg(fn, params, k - 1,
              fmt::format("expected an integer or a bin, got {}{}", describe(v),
                          v.is_double() ? " (declare doubles with asmsg)" : ""));
    } else {
      ints[k - 1] = to_int64(v, fn, params[k].name);
    }
  }
  return call_native(in, slots, fn, args[0], ints, jit_region_of(args[0]));
}

Value call_typed(Interp& in, const NativeSlots& slots, const char* fn, const std::vector<Param>& params, Args args,
                 uint64_t packed) {
  Signature sig = unpack(packed);
  if (args.size() - 1 != sig.count)
    raise(fmt::format("{}: the handle's signature {} takes {} argument{}, got {}", fn, describe_signature(sig),
                      sig.count, sig.count == 1 ? "" : "s", args.size() - 1));
  jitmem::CallArgs regs;
  BinPins pins;
  size_t ints = 0, doubles = 0;
  for (size_t k = 0; k < sig.count; ++k) {
    const Value& v = args[k + 1];
    switch (sig.kinds[k]) {
      case 'i':
        if (!v.is_num() || (v.is_double() && std::trunc(v.as_double()) != v.as_double()))
          bad_arg(fn, params, k,
                  fmt::format("expected an integer (signature {}), got {}", describe_signature(sig), describe(v)));
        regs.ints[ints++] = to_int64(v, fn, arg_name(params, k).c_str());
        break;
      case 'd':
        if (!v.is_num())
          bad_arg(fn, params, k,
                  fmt::format("expected a number (signature {}), got {}", describe_signature(sig), describe(v)));
        regs.doubles[doubles++] = v.as_number();
        break;
      default:
        if (!v.is_bin())
          bad_arg(fn, params, k,
                  fmt::format("expected a bin (signature {}), got {}", describe_signature(sig), describe(v)));
        regs.ints[ints++] = static_cast<int64_t>(pins.pin(v));
    }
  }
  return call_native(in, slots, fn, args[0], regs, doubles > 0 || sig.returns_double, sig.returns_double);
}

void check_not_pinned(const char* fn, const Value& program) {
  const Value* b = program.as<Obj>()->find("b");
  if (b && b->is_bin() && b->as<Bin>()->owner().pins)
    raise(
        fmt::format("{}: the program's bytes (p.b) are in use by a running call that was given them; "
                    "emit after it returns",
                    fn));
}

}  // namespace ilusm::asmmod
