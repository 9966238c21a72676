// The rasm command table and the helpers commands share. Each command file
// defines a table of Commands; rasm.cpp lists the tables.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ras/ras.hpp"

namespace rasm {

using Args = std::span<const std::string_view>;  // the arguments after the command name

struct Command {
  std::string_view name;
  std::string_view usage;  // e.g. "check FILE"
  std::string_view help;   // one line
  int (*run)(Args args);   // exit status
};

// Tables of command files.
std::span<const Command> front_commands();  // check, bc, text (cli_front.cpp)
std::span<const Command> run_commands();    // run, interp, dis (cli_run.cpp)

// Exit statuses.
inline constexpr int kOk = 0, kFailed = 1, kUsage = 2;

// Prints "rasm: MESSAGE" to stderr and returns kFailed.
int fail(const std::string& message);
// Prints "usage: rasm USAGE" to stderr and returns kUsage.
int usage(std::string_view usage);

// Writes through support::write_file: never a partial file, an existing file keeps
// its mode and links, a symlink is followed to its regular file, anything else refused.
void write_file(const std::string& path, std::span<const uint8_t> bytes);  // throws ras::Error
// Text or bytecode file -> checked program; throws ras::Error with file:line:col.
ras::Program load_program(const std::string& path);

}  // namespace rasm
