#include "natives.hpp"

#include <fmt/format.h>

#include <array>

namespace ilusm::asmmod {
namespace {

// Whether __ilusm_caps lets scripts use `name`: unset (nil) allows everything,
// a list allows the names it contains, an obj the fields that are truthy.
bool allowed(const Value& caps, std::string_view name) {
  if (caps.is_nil() || caps.is_undef()) return true;
  if (caps.is_list()) {
    for (const Value& c : caps.as<List>()->items)
      if (c.is_str() && c.as<Str>()->s == name) return true;
    return false;
  }
  if (caps.is_obj()) return caps.as<Obj>()->get(name).truthy();
  raise(fmt::format("__ilusm_caps must be a list of capability names or an obj, got {}",
                    caps.type_name()));
}

Value checked(Interp& in, const char* name, const Value& caps) {
  Value fn = in.get(name);
  if (!fn.is_callable() || !allowed(caps, name)) raise(fmt::format("missing capability: {}", name));
  return fn;
}

}  // namespace

Value native(Interp& in, const char* name) { return checked(in, name, in.get("__ilusm_caps")); }

std::array<Value, 4> check_caps(Interp& in) {
  Value caps = in.get("__ilusm_caps");
  return {checked(in, kMmapRw, caps), checked(in, kJitPut, caps), checked(in, kMprotectRx, caps),
          checked(in, kCall, caps)};
}

Value seal(Interp& in, std::span<const uint8_t> code, const Value& name, const char* fn) {
  auto natives = check_caps(in);
  if (code.empty()) raise(fmt::format("{}: the program is empty (nothing to seal)", fn));
  Value size(static_cast<int64_t>(code.size()));
  Value region = in.call(natives[0], Args(&size, 1));
  Value put[3] = {region, Value(int64_t{0}), make_bin({code.begin(), code.end()})};
  in.call(natives[1], Args(put, 3));
  Value seal_args[2] = {region, name};
  return in.call(natives[2], Args(seal_args, name.is_nil() ? 1 : 2));
}

}  // namespace ilusm::asmmod
