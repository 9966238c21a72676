// Internal to the back ends: what every generator records while it emits
// (a label per function entry, per trap stub and, for the source map, per
// step) and turns into code offsets once its assembler has laid the code out.
// Label is the back end's own label type; nothing here names a CPU.
#pragma once

#include <cstddef>
#include <vector>

#include "ras/backend.hpp"
#include "ras/target.hpp"

namespace ras {

// A trap stub (a ras error such as division by zero), known by its label
// until the layout gives it an offset.
template <class Label>
struct PendingTrap {
  Label label;
  size_t function;
  size_t step;
  TrapKind kind;
};

// After layout: each function's entry offset, each trap site and, when
// mark_offsets is not null, each step mark's offset, by offset_of(label).
template <class Label, class OffsetOf>
void record_offsets(MachineCode& out, const std::vector<Label>& entries, const std::vector<PendingTrap<Label>>& traps,
                    const std::vector<Label>& marks, std::vector<size_t>* mark_offsets, OffsetOf offset_of) {
  for (size_t i = 0; i < entries.size(); ++i) out.functions[i].offset = offset_of(entries[i]);
  for (const PendingTrap<Label>& t : traps)
    out.traps.push_back(
        {.offset = offset_of(t.label), .function = t.function, .step = t.step, .kind = t.kind, .loc = {}});
  if (mark_offsets)
    for (const Label& mark : marks) mark_offsets->push_back(offset_of(mark));
}

}  // namespace ras
