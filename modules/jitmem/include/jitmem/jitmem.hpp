// Umbrella header for the executable-memory manager.
#pragma once

#include "jitmem/call.hpp"
#include "jitmem/handle.hpp"
#include "jitmem/host.hpp"
#include "jitmem/memory.hpp"
#include "jitmem/region.hpp"
#include "jitmem/result.hpp"
