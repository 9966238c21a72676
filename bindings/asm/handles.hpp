// Sealed handles as the asm module sees them: the code behind a live handle
// (validated by jitmem, never by trusting the obj's fields) and explicit free.
#pragma once

#include <ilusm/ilusm.hpp>
#include <ilusm/natives.hpp>

#include <cstdint>
#include <span>

namespace ilusm::asmmod {

struct SealedCode {
  std::span<const uint8_t> bytes;  // the executable view
  uint64_t address = 0;
};

// The runtime's region behind a sealed handle obj (the resource, never the
// fields a script can forge), live and sealed; raises like sealed_code.
JitMemory& code_of(const Value& h, const char* fn, const char* param);

// The code of a live, sealed handle; raises "FN: argument PARAM: ..." for a
// forged, freed or never-sealed one.
SealedCode sealed_code(const Value& h, const char* fn, const char* param);

// Marks h as the target of a call from other JIT code: asmfr then refuses it
// (the callers keep it alive and it is released when they all are).
void mark_called(const Value& h);

// Releases h's memory now; later calls through h raise. Raises for an invalid
// handle or one that other JIT code calls.
void free_handle(const Value& h, const char* fn);

}  // namespace ilusm::asmmod
