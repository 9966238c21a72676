// A program buffer: the object {b: BIN} that asmne() returns, with the
// encoder state attached as a hidden resource (labels, pending jumps, the
// handles its calls target). The bin in `b` always mirrors the encoded code,
// except while a jump targets a label that is not bound yet: then it shows the
// code before the jump until the label is bound (the layout is not known).
#pragma once

#include <ilusm/ilusm.hpp>
#include <x86/text.hpp>
#include <x86/x86.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace ilusm::asmmod {

struct Program final : Resource {
  x86::Assembler a{256};
  enum class LabelState : uint8_t { fresh, referenced, bound };
  std::vector<LabelState> labels;
  size_t unbound_refs = 0;   // labels referenced but not bound yet
  bool uses_labels = false;  // label jumps: layout settled by finalize()
  size_t mirrored = 0;       // bytes of `a` already copied into b (label-free programs)
  std::vector<Value> calls;  // sealed handles this code calls: kept alive with it
  x86::TextLabels names;     // label names shared by asmtx texts and asmlb(p, name)
};

// The Program of a program object, attached on first use to a script-made
// {b: bin}; nullptr if v is not a program (not an obj, no bin b, or an obj
// with another resource).
Program* program_of(const Value& v);

// A new program object {b: bin}.
Value new_program();

// Copies the newly encoded bytes into p.b (or re-lays out a program with
// labels once all referenced labels are bound).
void sync(const Value& pv, Program& p);

// The final code (jumps laid out); raises "FN: label N is used but not bound".
std::span<const uint8_t> final_code(Program& p, const char* fn);

}  // namespace ilusm::asmmod
