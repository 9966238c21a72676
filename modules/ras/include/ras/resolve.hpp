// Resolution: the step both back ends share between a checked Program and
// code. It binds labels and jump sites to instruction indices, argument
// variables to parameter slots, `finish` targets to functions of the file or
// host functions, and each call to the pusharg steps that feed it. Everything
// a back end could trip over later (an unpatched !forward, an unknown host,
// an argument count that does not match the callee, division by a zero
// immediate) is reported here as ras::Error with file:line:col.
#pragma once

#include <bit>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "ras/host.hpp"
#include "ras/ir.hpp"

namespace ras {

// Unified register numbers. Integer file: %r0-3 = 0-3, %v0-4 = 4-8, %ret = 9.
// Double file: %f0-7 = 0-7, %ret = 8.
inline constexpr int kIntRegs = kNumRegR + kNumRegV + 1;
inline constexpr int kIntRet = kIntRegs - 1;
inline constexpr int kFpRegs = kNumRegFP + 1;
inline constexpr int kFpRet = kFpRegs - 1;

enum class CalleeKind : uint8_t { none, function, host };

struct Step {
  const Instruction* ins = nullptr;
  Op op = Op::unknown;
  Type type = Type::none;
  bool dbl = false;  // the double form of the family
  bool is_unsigned = false;
  int8_t reg[3] = {-1, -1, -1};  // unified register number per operand (-1: not a register)
  bool has_imm = false;
  bool imm_is_double = false;  // imm holds a double's bits (an imm_d operand: mov_d %f0 1.5)
  int64_t imm = 0;             // the (single) immediate operand
  int32_t target = -1;         // branches, jmp: index of the step to continue at
  int32_t slot = -1;           // getarg: parameter position; pusharg: index in its call
  // finish: the callee and where its pusharg steps are (ResolvedFunction::pushes).
  CalleeKind callee = CalleeKind::none;
  int32_t function = -1;
  const HostFunction* host = nullptr;
  int32_t first_push = 0;  // finish: its pusharg steps are push_steps[first_push, +push_count)
  int32_t push_count = 0;
  int32_t finish = -1;  // pusharg: index of the finish step that consumes it
};

struct ResolvedFunction {
  const Function* source = nullptr;
  std::vector<Step> steps;
  std::vector<int32_t> push_steps;  // the pusharg steps of every call, call after call
  // The pusharg steps feeding a finish, in push order.
  std::span<const int32_t> pushes(const Step& finish) const {
    return std::span<const int32_t>(push_steps).subspan(size_t(finish.first_push), size_t(finish.push_count));
  }
  std::vector<ValueKind> params;  // from the arg instructions, in order
  bool returns_double = false;    // %ret is written as a double somewhere
  bool makes_calls = false;
};

struct ResolvedProgram {
  const Program* source = nullptr;
  std::vector<ResolvedFunction> functions;
  const std::string& file() const { return source->file; }
};

// Resolve a checked program (ras::check must have succeeded: every
// Instruction::form is set). Throws ras::Error naming file:line:col.
ResolvedProgram resolve(const Program& program, const HostTable& hosts);
// The same into an existing ResolvedProgram, reusing its storage (a back end
// keeps one per thread, so resolving does not allocate once it has grown).
void resolve_into(const Program& program, const HostTable& hosts, ResolvedProgram& out);

// Whether step operand 0 is written by the instruction (mov, add, ld, ...).
bool writes_first_operand(Op op);

// Whether operand `index` of an instruction of the double class (`dbl`) is a
// double register: all of them but the integer side of ext/trunc and the
// address operands of ld/ldx/st/stx _d. Inline: asked per register operand.
constexpr bool operand_is_double(Op op, bool dbl, size_t index) {
  if (!dbl) return false;
  switch (op) {
    case Op::ext:
    case Op::ld:
    case Op::ldx: return index == 0;
    case Op::trunc:
    case Op::st: return index == 1;
    case Op::stx: return index == 2;
    default: return true;
  }
}

// The immediate of a mov_d as a double: a double literal's bits, or an
// integer converted.
inline double double_immediate(const Step& step) {
  return step.imm_is_double ? std::bit_cast<double>(step.imm) : static_cast<double>(step.imm);
}

}  // namespace ras
