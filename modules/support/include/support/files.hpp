// Reading and writing whole files for the programs (ilusm, rasm) and the
// loaders, with errors that name the file:
//  - read_file refuses a directory, stops at a size limit (a source that
//    never ends, such as /dev/zero, is an error, not an out-of-memory), and
//    reads FIFOs and devices up to that limit;
//  - write_file never leaves a half-written file, keeps an existing file's
//    identity where it can be seen (path, mode, owner, hard links), follows a
//    symlink to the regular file it names, and refuses to write anything that
//    is not a regular file (a FIFO, a device, a directory, a socket).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace support {

// The largest source file read_file accepts by default (ilusm scripts, .ras
// text and bytecode).
inline constexpr size_t kMaxSourceBytes = size_t(64) << 20;

// Reads `path` into out. On failure returns false and sets error to
// "PATH: WHY" (cannot open: the system's reason; is a directory; larger
// than the limit of N bytes; read error). With regular_only, anything but a
// regular file (or a symlink to one) is refused ("is a FIFO; not read"),
// and a FIFO is opened without blocking, so no writer is waited for.
bool read_file(const std::string& path, std::string& out, std::string& error, size_t max_bytes = kMaxSourceBytes,
               bool regular_only = false);

// Writes bytes as the whole content of `path`. A new file is made with mode
// new_file_mode (0666 unless given: 0600 for a private file such as the
// REPL's history) less the umask. An existing regular file (or the regular file a
// symlink names) keeps its mode and owner: with one link it is replaced
// atomically (a temporary file beside it, made exclusively, written, synced,
// renamed over it); with several hard links it is rewritten in place (its
// identity is what the other links see) after the space is reserved, so an
// out-of-space error leaves the old content. Anything else is refused.
// On failure returns false with "PATH: WHY" and leaves the old content.
bool write_file(const std::string& path, std::span<const uint8_t> bytes, std::string& error,
                unsigned new_file_mode = 0666);

}  // namespace support
