// Every supported instruction form, each as (Intel text, emitter call): every
// register in each operand position and boundary immediates/displacements.
// The differential test checks the bytes against llvm-mc; the round trip
// disassembles a sample with objdump.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "x86/x86.hpp"

struct Case {
  std::string text;  // what the emitter is meant to produce, in Intel syntax
  std::function<void(x86::Assembler&)> emit;
};

std::vector<Case> all_cases();
// The cases generated from the instruction list (x86::forms()) for the rows
// encoded by table (SSE, VEX, fixed bytes), emitted through x86::emit.
std::vector<Case> list_cases();

// Memory operands: every base/index/scale/boundary displacement, RIP and
// absolute (full), or a few of each shape (few).
std::vector<x86::Mem> mems_full();
std::vector<x86::Mem> mems_few();
