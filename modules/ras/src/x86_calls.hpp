// Internal to the x86-64 back end: placing call arguments by the SysV ABI.
// pusharg is deferred to the finish, where all register arguments are set
// by one parallel move (sources may themselves be argument registers: %r2
// and %r3 live in r8 and r9).
#pragma once

#include <cstdint>
#include <vector>

#include "parallel_move.hpp"
#include "x86/assembler.hpp"
#include "x86_frame.hpp"

namespace ras::x86_backend {

struct Outgoing {
  bool fp = false;
  int reg = -1;     // source register: gp id 0-15, or 16 + xmm id
  int home = -1;    // source frame slot (captured early), when reg < 0
  int64_t imm = 0;  // source immediate, when reg < 0 and home < 0
};

struct CallTarget {
  const void* host = nullptr;  // absolute address, or
  x86::Label label;            // a function of the same code buffer
};

// Working lists of emit_call, kept by the caller across the calls of a
// function so that lowering a call does not allocate.
struct CallScratch {
  std::vector<ValueKind> kinds;
  std::vector<Place> places;
  std::vector<Move> moves;
};

// Emit argument setup, the call and the stack cleanup.
void emit_call(x86::Assembler& a, const std::vector<Outgoing>& args, const CallTarget& target, CallScratch& scratch);

}  // namespace ras::x86_backend
