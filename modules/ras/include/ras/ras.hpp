// One include for users of the front end, and the load-and-check helpers.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "ras/bytecode.hpp"
#include "ras/checker.hpp"
#include "ras/diagnostic.hpp"
#include "ras/ir.hpp"
#include "ras/opcodes.hpp"
#include "ras/parser.hpp"
#include "ras/printer.hpp"

namespace ras {

// Parse + check text; throws ras::Error listing every diagnostic.
Program load_text(std::string_view text, std::string file = "<input>", const CheckOptions& options = {});

// Text or bytecode (told apart by the magic) -> checked Program; throws ras::Error.
Program load_any(std::span<const uint8_t> bytes, std::string file, const CheckOptions& options = {});

// Read a file and load_any() it; throws ras::Error if it cannot be read.
Program load_file(const std::string& path, const CheckOptions& options = {});

}  // namespace ras
