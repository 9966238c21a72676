// Making code written through the read-write view runnable at its
// executable address: the CPU's instruction-cache upkeep (arch::sync_code),
// and under an emulator that keeps stale translations (qemu-user does not
// see stores through another view of a page it has translated), an
// mprotect of the executable view that makes it retranslate.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace jitmem::detail {

// After writing [rx, rx + n) through its read-write view (seal, free).
void sync_written_code(const uint8_t* rx, size_t n);

// Nonzero while some executable pages are briefly read-only for a
// retranslation (emulated runs only): an instruction fetch fault then is
// not the code's, and the fault handler waits and resumes.
extern std::atomic<int> retranslations_in_flight;

}  // namespace jitmem::detail
