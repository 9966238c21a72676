#include "natives.hpp"

#include <fmt/format.h>

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

}  // namespace

Value native(Interp& in, const char* name) {
  Value fn = in.get(name);
  if (!fn.is_callable() || !allowed(in.get("__ilusm_caps"), name))
    raise(fmt::format("missing capability: {}", name));
  return fn;
}

void check_caps(Interp& in) {
  for (const char* name : {kMmapRw, kJitPut, kMprotectRx, kCall}) native(in, name);
}

Value seal(Interp& in, std::span<const uint8_t> code, const Value& name, const char* fn) {
  check_caps(in);
  if (code.empty()) raise(fmt::format("{}: the program is empty (nothing to seal)", fn));
  Value size(static_cast<int64_t>(code.size()));
  Value region = in.call(native(in, kMmapRw), Args(&size, 1));
  Value put[3] = {region, Value(int64_t{0}), make_bin({code.begin(), code.end()})};
  in.call(native(in, kJitPut), Args(put, 3));
  Value seal_args[2] = {region, name};
  return in.call(native(in, kMprotectRx), Args(seal_args, name.is_nil() ? 1 : 2));
}

}  // namespace ilusm::asmmod
