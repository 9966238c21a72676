// The x86-64 encoder library: include this one header.
#pragma once

#include "x86/assembler.hpp"
#include "x86/error.hpp"
#include "x86/isa.hpp"
#include "x86/names.hpp"
#include "x86/operands.hpp"
