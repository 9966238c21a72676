// An example host program that embeds ilusm: runs a string, exchanges
// globals, defines a native, calls an ilusm function from C++, captures
// output, and narrows the script's capabilities.
#include <cstdio>
#include <string>

#include "ilusm/ilusm.hpp"

int main() {
  ilusm::Interp in;

  // Capture everything the script prints.
  std::string captured;
  in.set_output([&](std::string_view text) { captured += text; });

  // Globals from C++ to ilusm.
  in.set("greeting", ilusm::Value("hello"));
  in.set("limits", ilusm::make_list({ilusm::Value(3), ilusm::Value(4)}));

  // A native function: clamp(x, lo, hi).
  in.define(
      "clamp",
      [](ilusm::Interp&, ilusm::Args a) {
        int64_t x = ilusm::arg_int(a, 0, "clamp"), lo = ilusm::arg_int(a, 1, "clamp"),
                hi = ilusm::arg_int(a, 2, "clamp");
        return ilusm::Value(x < lo ? lo : x > hi ? hi : x);
      },
      3, 3);

  in.run_string(R"(
prn $"{greeting} from ilusm"
area(w, h) = w * h
total = area(limits[0], limits[1])
prn clamp(total, 0, 10)
)",
                "host-script");

  // Globals from ilusm to C++, and calling an ilusm function.
  std::printf("total = %lld\n", static_cast<long long>(in.get("total").as_int()));
  ilusm::Value args[] = {ilusm::Value(6), ilusm::Value(7)};
  std::printf("area(6, 7) = %lld\n", static_cast<long long>(in.call_global("area", args).as_int()));
  std::printf("captured: %s", captured.c_str());

  // Narrow capabilities: remove a native and advertise what is left.
  in.remove("__native_call");
  in.set_caps({"__native_mmap_rw", "__native_jit_put", "__native_mprotect_rx"});
  try {
    in.run_string("__native_call(1)", "narrowed");
  } catch (const ilusm::Error& e) { std::printf("%s", in.format_error(e).c_str()); }
  captured.clear();
  in.run_string("prn __ilusm_caps", "caps");
  std::printf("caps: %s", captured.c_str());
  return 0;
}
