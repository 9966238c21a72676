// The REPL's history file (~/.ilusm_history). The REPL reads and writes it
// itself, through support's file helpers (never libedit's read_history /
// write_history): a FIFO or device is refused without waiting for a writer,
// a symlink is followed to the regular file it names and stays a symlink,
// the file keeps its mode and owner, a new one is made private (0600, less
// the umask: history can hold secrets typed at the prompt), and it is never
// left half-written.
//
// The format is libedit's, so either can read the other's file: a first
// line "_HiStOrY_V2_", then one entry a line with the backslash, space,
// tab, newline and other control bytes as octal escapes ("\040", "\012",
// "\134"); other bytes (UTF-8 text) are written as they are.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ilusm::repl {

// The most entries kept (the oldest go first) and the largest file read.
inline constexpr size_t kHistoryEntries = 1000;
inline constexpr size_t kHistoryBytes = size_t(4) << 20;

std::string encode_history(const std::vector<std::string>& entries);
// Decodes what encode_history (or libedit) wrote: octal escapes, "\\", the
// C escapes (\n, \t, \s for a space, ...), and vis's \^X and \M-X forms.
std::vector<std::string> decode_history(std::string_view text);

// Loads `path` into entries (the last kHistoryEntries). A missing file is no
// error (true, no entries); anything else that cannot be read gives false
// and "PATH: WHY" in error.
bool load_history(const std::string& path, std::vector<std::string>& entries, std::string& error);
// Writes the entries to `path` (support::write_file; a new file 0600).
bool save_history(const std::string& path, const std::vector<std::string>& entries, std::string& error);

}  // namespace ilusm::repl
