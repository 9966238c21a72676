// The four native capabilities (design.md), backed by jitmem.
#include "interp_impl.hpp"

namespace ilusm {

void install_natives(Interp&) {}

}  // namespace ilusm
