// Umbrella header for embedding ilusm.
#pragma once

#include "ilusm/error.hpp"
#include "ilusm/interp.hpp"
#include "ilusm/value.hpp"
