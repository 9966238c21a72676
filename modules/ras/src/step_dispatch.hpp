// Internal to the back ends: the one place that sorts a resolved ras step into
// the kind of code it needs. Every back end meets the same steps; each
// implements one member per kind below and calls dispatch_step, so a new ras op
// is added here once and the compiler names every back end that lacks it.
// Nothing here names a CPU.
#pragma once

#include <cstddef>

#include "ras/opcodes.hpp"
#include "ras/resolve.hpp"

namespace ras {

// The relation a compare-and-set or branch op tests, in a fixed order
// (lt le eq ne ge gt) so a back end maps it to its condition codes by table.
enum class Relation : unsigned char { lt, le, eq, ne, ge, gt };

constexpr Relation relation_of(Op op) {
  // lt..gt and blt..bgt are numbered in the same order (ras/opcodes.hpp).
  unsigned first = op >= Op::blt && op <= Op::bgt ? unsigned(Op::blt) : unsigned(Op::lt);
  return Relation(unsigned(op) - first);
}
static_assert(relation_of(Op::ge) == Relation::ge && relation_of(Op::bne) == Relation::ne);

// Gen provides (each taking the step, some its index for trap or call sites):
//   prologue() epilogue()
//   mov_int mov_double arith_int arith_double divide(s, i) shift
//   neg_int neg_double not_int abs_double sqrt_double int_to_double truncate
//   compare_set branch_int branch_double jump load store
//   getarg capture_push(s, i) call retval unsupported
template <class Gen>
void dispatch_step(Gen& g, const Step& s, size_t index) {
  switch (s.op) {
    case Op::prolog:
    case Op::leaf: g.prologue(); break;
    case Op::arg:
    case Op::get_label:
    case Op::patch:
    case Op::prepare: break;  // resolved away: they emit nothing themselves
    case Op::mov: s.dbl ? g.mov_double(s) : g.mov_int(s); break;
    case Op::add:
    case Op::sub:
    case Op::mul:
    case Op::and_:
    case Op::or_:
    case Op::xor_: s.dbl ? g.arith_double(s) : g.arith_int(s); break;
    case Op::div:
    case Op::rem: s.dbl ? g.arith_double(s) : g.divide(s, index); break;
    case Op::lsh:
    case Op::rsh: g.shift(s); break;
    case Op::neg: s.dbl ? g.neg_double(s) : g.neg_int(s); break;
    case Op::not_: g.not_int(s); break;
    case Op::abs: g.abs_double(s); break;
    case Op::sqrt: g.sqrt_double(s); break;
    case Op::ext: g.int_to_double(s); break;
    case Op::trunc: g.truncate(s); break;
    case Op::lt:
    case Op::le:
    case Op::eq:
    case Op::ne:
    case Op::ge:
    case Op::gt: g.compare_set(s); break;
    case Op::blt:
    case Op::ble:
    case Op::beq:
    case Op::bne:
    case Op::bge:
    case Op::bgt: s.dbl ? g.branch_double(s) : g.branch_int(s); break;
    case Op::jmp: g.jump(s); break;
    case Op::ld:
    case Op::ldx: g.load(s); break;
    case Op::st:
    case Op::stx: g.store(s); break;
    case Op::getarg: g.getarg(s); break;
    case Op::pusharg: g.capture_push(s, index); break;
    case Op::finish: g.call(s); break;
    case Op::retval: g.retval(s); break;
    case Op::ret: g.epilogue(); break;
    default: g.unsupported(s);
  }
}

}  // namespace ras
