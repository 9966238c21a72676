// The AArch64 back end (ARMv8.0-A, AAPCS64): resolved steps -> A64 words.
//
// Register map (docs/ras-run.md, "The AArch64 back end"):
//   %r0..%r3 -> x9 x10 x11 x12      (caller-saved)
//   %v0..%v4 -> x19 .. x23          (callee-saved: preserved across calls)
//   %ret     -> x0 (integer), d0 (double)
//   %f0..%f7 -> d16 .. d23          (caller-saved)
// x16, x17 and d31 are the back end's own temporaries.
//
// Frame: sp drops once by a 16-aligned frame holding, from sp up, the spill
// slots (parameters and pusharg values that must outlive their register),
// the callee-saved %v registers the function uses, and the frame record
// (x29, x30) when it makes calls.
//
// Conditional branches (b.cond, cbz) reach +-1 MiB: a function longer than
// that is generated again with the far ones as a skip over `b` (+-128 MiB),
// until every branch reaches (relaxation; short code stays short).
#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <limits>

#include "../backends.hpp"
#include "../code_offsets.hpp"
#include "../parallel_move.hpp"
#include "../spill_plan.hpp"
#include "../step_dispatch.hpp"
#include "emitter.hpp"
#include "ras/backend.hpp"
#include "ras/diagnostic.hpp"

namespace ras {

namespace a64 {
namespace {

// %r0-3, %v0-4, %ret (unified numbering of resolve.hpp).
constexpr Reg kIntReg[kIntRegs] = {Reg(9), Reg(10), Reg(11), Reg(12), Reg(19), Reg(20), Reg(21), Reg(22), Reg(23), x0};
// %f0-7, %ret: d registers.
constexpr unsigned kFpReg[kFpRegs] = {16, 17, 18, 19, 20, 21, 22, 23, 0};
constexpr int kArgRegs = 8;  // x0-x7 and d0-d7
constexpr Reg kTemp = x16, kTemp2 = x17;
constexpr unsigned kTempD = 31;
// The largest frame the scaled 12-bit offsets of ldr/str x reach.
constexpr int kMaxFrame = 8 * 4095;

// Physical registers as one bit set: x0-x31 bits 0-31, d0-d31 bits 32-63.
using RegSet = uint64_t;
constexpr RegSet xbit(unsigned r) { return RegSet{1} << r; }
constexpr RegSet dbit(unsigned r) { return RegSet{1} << (32 + r); }
// AAPCS64: x0-x18 and x30 are not preserved by a call, nor d0-d7, d16-d31.
constexpr RegSet kCallClobbered = 0x4007FFFFull | 0xFFFF00FFull << 32;

Cond int_condition(Op op, bool is_unsigned) {
  // By Relation (lt le eq ne ge gt), signed then unsigned.
  static constexpr Cond kSigned[] = {Cond::lt, Cond::le, Cond::eq, Cond::ne, Cond::ge, Cond::gt};
  static constexpr Cond kUnsigned[] = {Cond::lo, Cond::ls, Cond::eq, Cond::ne, Cond::hs, Cond::hi};
  return (is_unsigned ? kUnsigned : kSigned)[size_t(relation_of(op))];
}

// After fcmp, an unordered result sets C and V: these are false on NaN
// except ne, as the interpreter's compares are.
Cond double_condition(Op op) {
  static constexpr Cond kByRelation[] = {Cond::mi, Cond::ls, Cond::eq, Cond::ne, Cond::ge, Cond::gt};
  return kByRelation[size_t(relation_of(op))];
}

Mem load_kind(Type t) {
  switch (t) {
    case Type::c: return Mem::sb;
    case Type::uc: return Mem::ub;
    case Type::s: return Mem::sh;
    case Type::us: return Mem::uh;
    case Type::i: return Mem::sw;
    case Type::ui: return Mem::uw;
    default: return Mem::x;
  }
}

Mem store_kind(Type t) {
  switch (width_bytes(t)) {
    case 1: return Mem::strb;
    case 2: return Mem::strh;
    case 4: return Mem::strw;
    default: return Mem::strx;
  }
}

// AAPCS64: x0-x7 and d0-d7, then the stack.
constexpr int kArgX[kArgRegs] = {0, 1, 2, 3, 4, 5, 6, 7};
void classify(std::span<const ValueKind> params, std::vector<Place>& out, int* stack_slots) {
  ras::classify(params, kArgX, kArgRegs, out, stack_slots);
}

RegSet place_bit(const Place& p) { return p.fp ? dbit(unsigned(p.reg)) : xbit(unsigned(p.reg)); }

RegSet destination(const Step& step) {
  if (!writes_first_operand(step.op) || step.reg[0] < 0) return 0;
  return operand_is_double(step.op, step.dbl, 0) ? dbit(kFpReg[step.reg[0]]) : xbit(kIntReg[step.reg[0]]);
}

RegSet clobbers(const Step& step) {
  if (writes_no_register(step.op)) return 0;
  if (step.op == Op::finish) return kCallClobbered;
  return destination(step);  // the temporaries are never parameters or user registers
}

struct FramePlan : SpillPlan {
  std::vector<Reg> saved;  // callee-saved registers, stored upward from saved_offset
  std::vector<Place> params;
  int saved_offset = 0;
  int record_offset = -1;  // x29/x30 pair, when the function makes calls
  int frame_size = 0;
  int incoming_offset(int k) const { return frame_size + 8 * k; }
};

void plan_frame(const ResolvedFunction& function, FramePlan& plan) {
  classify(function.params, plan.params, nullptr);
  plan_spills(
      function, clobbers, [&](size_t p) { return plan.params[p].reg < 0 ? 0 : place_bit(plan.params[p]); },
      [](const Step& push) { return push.dbl ? dbit(kFpReg[push.reg[0]]) : xbit(kIntReg[push.reg[0]]); }, plan);
  plan.saved.clear();
  for (int v = 0; v < kNumRegV; ++v)
    if (plan.used_v >> v & 1) plan.saved.push_back(kIntReg[kNumRegR + v]);
  plan.saved_offset = 8 * plan.slots;
  int top = plan.saved_offset + 8 * int(plan.saved.size());
  plan.record_offset = -1;
  if (function.makes_calls) {
    top = (top + 15) & ~15;
    plan.record_offset = top;
    top += 16;
  }
  plan.frame_size = (top + 15) & ~15;
}

// A trap stub or site before layout.
using PendingTrap = ras::PendingTrap<Label>;

struct Outgoing {
  bool fp = false;
  int reg = -1;  // source register: x number, or 32 + d number
  int home = -1;
  int64_t imm = 0;
};

// Per-thread storage reused across programs.
struct Workspace {
  Emitter a;
  std::vector<Label> entries;
  std::vector<Label> marks;
  std::vector<PendingTrap> traps;
  std::vector<bool> long_sites;  // per short-branch site: emit the long form
  FramePlan plan;
  std::vector<Label> targets;
  std::vector<Outgoing> args;
  std::vector<ValueKind> kinds;
  std::vector<Place> places;
  std::vector<Move> moves;
  uint32_t sites = 0;
};

Workspace& thread_workspace() {
  thread_local Workspace w;
  if (w.a.size() > (size_t{1} << 20)) w = Workspace();
  return w;
}

class FunctionGen {
 public:
  FunctionGen(Workspace& w, const ResolvedProgram& program, size_t index, bool marks)
      : w_(w), a_(w.a), program_(program), function_(program.functions[index]), index_(index), marks_(marks),
        plan_(w.plan) {
    plan_frame(function_, plan_);
    if (plan_.frame_size > kMaxFrame)
      throw Error(fmt::format("{}: function '{}': a frame of {} bytes is beyond the AArch64 back end's {}",
                              program.file(), function_.source->name, plan_.frame_size, kMaxFrame));
  }

  void emit() {
    const auto& steps = function_.steps;
    w_.targets.assign(steps.size(), Label{});
    for (const Step& step : steps)
      if (step.target >= 0 && !w_.targets[size_t(step.target)].valid())
        w_.targets[size_t(step.target)] = a_.new_label();
    bool ended = false;
    for (size_t i = 0; i < steps.size(); ++i) {
      if (w_.targets[i].valid()) a_.bind(w_.targets[i]);
      if (marks_) {
        w_.marks.push_back(a_.new_label());
        a_.bind(w_.marks.back());
      }
      emit_step(steps[i], i);
      ended = steps[i].op == Op::ret || steps[i].op == Op::jmp;
    }
    if (!ended) epilogue();
    for (const PendingTrap& stub : stubs_) {
      a_.bind(stub.label);
      a_.brk(1);
    }
  }

 private:
  Workspace& w_;
  Emitter& a_;
  const ResolvedProgram& program_;
  const ResolvedFunction& function_;
  size_t index_;
  bool marks_;
  FramePlan& plan_;
  std::vector<PendingTrap> stubs_;

  [[noreturn]] void fail(const Step& step, const std::string& message) const {
    throw Error(where(program_.file(), step.ins->loc) + ": " + message);
  }

  static Reg R(const Step& s, int k) { return kIntReg[s.reg[k]]; }
  static unsigned F(const Step& s, int k) { return kFpReg[s.reg[k]]; }

  void move(Reg d, Reg n) {
    if (d != n) a_.mov(d, n);
  }
  void fmove(unsigned d, unsigned n) {
    if (d != n) a_.fmov(d, n);
  }

  // A conditional branch of either reach (see the file comment).
  void branch_if(Cond c, Label target) {
    uint32_t site = w_.sites++;
    if (site < w_.long_sites.size() && w_.long_sites[site]) {
      a_.b_cond_skip(invert(c));
      a_.b(target);
    } else {
      a_.b_cond(c, target, site);
    }
  }
  void branch_if_zero(Reg r, Label target) {
    uint32_t site = w_.sites++;
    if (site < w_.long_sites.size() && w_.long_sites[site]) {
      a_.cbnz_skip(r);
      a_.b(target);
    } else {
      a_.cbz(r, target, site);
    }
  }
  Label trap(size_t step, TrapKind kind) {
    Label stub = a_.new_label();
    stubs_.push_back({stub, index_, step, kind});
    w_.traps.push_back(stubs_.back());
    return stub;
  }

  void emit_step(const Step& s, size_t index) { dispatch_step(*this, s, index); }
  template <class G>
  friend void ras::dispatch_step(G&, const Step&, size_t);

  // ---- one member per kind of step (step_dispatch.hpp) -----------------------

  void mov_int(const Step& s) {
    if (s.reg[1] >= 0) move(R(s, 0), R(s, 1));
    else a_.mov_imm(R(s, 0), uint64_t(s.imm));
  }
  void neg_double(const Step& s) { a_.fneg(F(s, 0), F(s, 1)); }
  void neg_int(const Step& s) { a_.sub(R(s, 0), xzr, R(s, 1)); }
  void not_int(const Step& s) { a_.orn(R(s, 0), xzr, R(s, 1)); }
  void abs_double(const Step& s) { a_.fabs(F(s, 0), F(s, 1)); }
  void sqrt_double(const Step& s) { a_.fsqrt(F(s, 0), F(s, 1)); }
  void int_to_double(const Step& s) { a_.scvtf(F(s, 0), R(s, 1)); }
  void truncate(const Step& s) { a_.fcvtzs(R(s, 0), F(s, 1)); }  // saturates, NaN -> 0: the ras semantics
  void compare_set(const Step& s) {
    compare(R(s, 1), s, 2);
    a_.cset(R(s, 0), int_condition(s.op, s.is_unsigned));
  }
  void branch_double(const Step& s) {
    a_.fcmp(F(s, 1), double_source(s, 2));
    branch_if(double_condition(s.op), w_.targets[size_t(s.target)]);
  }
  void branch_int(const Step& s) {
    compare(R(s, 1), s, 2);
    branch_if(int_condition(s.op, s.is_unsigned), w_.targets[size_t(s.target)]);
  }
  void jump(const Step& s) { a_.b(w_.targets[size_t(s.target)]); }
  void load(const Step& s) { access(s, s.dbl ? Mem::d : load_kind(s.type), s.dbl ? F(s, 0) : unsigned(R(s, 0))); }
  void store(const Step& s) {
    int value = s.op == Op::st ? 1 : 2;
    access(s, s.dbl ? Mem::strd : store_kind(s.type), s.dbl ? F(s, value) : unsigned(R(s, value)));
  }
  void retval(const Step& s) {
    if (s.dbl) fmove(F(s, 0), 0);
    else extend(R(s, 0), x0, s.type);
  }
  void unsupported(const Step& s) {
    fail(s, fmt::format("'{}' is not supported by the AArch64 back end", s.ins->mnemonic()));
  }

  // ---- frame ------------------------------------------------------------------

  // An 8-byte sp-relative slot (offsets are multiples of 8 below kMaxFrame).
  void slot(Mem kind, unsigned reg, int offset) { a_.ldst_imm(kind, reg, sp, uint32_t(offset / 8)); }

  void adjust_sp(bool down, int bytes) {
    auto op = [&](uint32_t imm, bool shift) { down ? a_.sub_imm(sp, sp, imm, shift) : a_.add_imm(sp, sp, imm, shift); };
    if (bytes >> 12) op(uint32_t(bytes) >> 12, true);
    if (bytes & 0xfff) op(uint32_t(bytes) & 0xfff, false);
  }

  void prologue() {
    if (plan_.frame_size) adjust_sp(true, plan_.frame_size);
    if (plan_.record_offset >= 0) {
      slot(Mem::strx, x29, plan_.record_offset);
      slot(Mem::strx, x30, plan_.record_offset + 8);
      a_.add_imm(x29, sp, uint32_t(plan_.record_offset));
    }
    for (size_t i = 0; i < plan_.saved.size(); ++i) slot(Mem::strx, plan_.saved[i], plan_.saved_offset + 8 * int(i));
    for (size_t p = 0; p < plan_.params.size(); ++p)
      if (plan_.param_home[p] >= 0)
        slot(plan_.params[p].fp ? Mem::strd : Mem::strx, unsigned(plan_.params[p].reg), plan_.param_home[p]);
  }

  void epilogue() {
    for (size_t i = 0; i < plan_.saved.size(); ++i) slot(Mem::x, plan_.saved[i], plan_.saved_offset + 8 * int(i));
    if (plan_.record_offset >= 0) {
      slot(Mem::x, x29, plan_.record_offset);
      slot(Mem::x, x30, plan_.record_offset + 8);
    }
    if (plan_.frame_size) adjust_sp(false, plan_.frame_size);
    a_.ret();
  }

  // ---- integers -----------------------------------------------------------------

  // The step's immediate in a temporary register.
  Reg imm_reg(const Step& s, Reg temp = kTemp) {
    a_.mov_imm(temp, uint64_t(s.imm));
    return temp;
  }
  Reg source(const Step& s, int k) { return s.reg[k] >= 0 ? R(s, k) : imm_reg(s); }

  // add/sub of an immediate as one or two imm12 instructions when it fits.
  bool add_immediate(Reg d, Reg n, int64_t v) {
    if (v == std::numeric_limits<int64_t>::min()) return false;
    bool negative = v < 0;
    uint64_t m = negative ? uint64_t(-v) : uint64_t(v);
    if (m >= (uint64_t{1} << 24)) return false;
    auto op = [&](Reg dst, Reg src, uint32_t imm, bool shift) {
      negative ? a_.sub_imm(dst, src, imm, shift) : a_.add_imm(dst, src, imm, shift);
    };
    if (m >> 12) {
      op(d, n, uint32_t(m >> 12), true);
      if (m & 0xfff) op(d, d, uint32_t(m & 0xfff), false);
    } else {
      op(d, n, uint32_t(m), false);
    }
    return true;
  }

  void arith_int(const Step& s) {
    Reg d = R(s, 0), a = R(s, 1);
    if (s.reg[2] < 0 && (s.op == Op::add || s.op == Op::sub) &&
        add_immediate(d, a, s.op == Op::add ? s.imm : (s.imm == std::numeric_limits<int64_t>::min() ? s.imm : -s.imm)))
      return;
    Reg b = source(s, 2);
    switch (s.op) {
      case Op::add: a_.add(d, a, b); break;
      case Op::sub: a_.sub(d, a, b); break;
      case Op::mul: a_.mul(d, a, b); break;
      case Op::and_: a_.and_(d, a, b); break;
      case Op::or_: a_.orr(d, a, b); break;
      default: a_.eor(d, a, b); break;
    }
  }

  // sdiv/udiv give 0 for a zero divisor and wrap INT64_MIN / -1; the ras
  // semantics make both errors, so check first (trap stubs after the code).
  void divide(const Step& s, size_t index) {
    Reg d = R(s, 0), a = R(s, 1), b = source(s, 2);
    if (s.reg[2] >= 0) branch_if_zero(b, trap(index, TrapKind::divide_by_zero));
    if (!s.is_unsigned && (s.reg[2] >= 0 || s.imm == -1)) {
      if (s.reg[2] >= 0) {
        a_.cmn_imm(b, 1);                // b == -1 ?
        a_.ccmp_imm(a, 1, 0, Cond::eq);  // then a - 1 overflows iff a == INT64_MIN; else V = 0
      } else {
        a_.cmp_imm(a, 1);
      }
      branch_if(Cond::vs, trap(index, TrapKind::divide_overflow));
    }
    if (s.op == Op::div) {
      s.is_unsigned ? a_.udiv(d, a, b) : a_.sdiv(d, a, b);
    } else {
      s.is_unsigned ? a_.udiv(kTemp2, a, b) : a_.sdiv(kTemp2, a, b);
      a_.msub(d, kTemp2, b, a);
    }
  }

  void shift(const Step& s) {
    Reg d = R(s, 0), a = R(s, 1);
    bool left = s.op == Op::lsh, logical = s.is_unsigned;
    if (s.reg[2] >= 0) {  // the hardware takes the count modulo 64, as ras does
      Reg b = R(s, 2);
      left ? a_.lslv(d, a, b) : logical ? a_.lsrv(d, a, b) : a_.asrv(d, a, b);
      return;
    }
    unsigned count = unsigned(s.imm & 63);
    if (count == 0) return move(d, a);
    if (left) a_.ubfm(d, a, (64 - count) & 63, 63 - count);
    else if (logical) a_.ubfm(d, a, count, 63);
    else a_.sbfm(d, a, count, 63);
  }

  // Flags of a - operand k (register or immediate).
  void compare(Reg a, const Step& s, int k) {
    if (s.reg[k] >= 0) return a_.cmp(a, R(s, k));
    int64_t v = s.imm;
    if (v >= 0 && v < 4096) return a_.cmp_imm(a, uint32_t(v));
    if (v < 0 && v > -4096) return a_.cmn_imm(a, uint32_t(-v));
    if (v > 0 && v < (1 << 24) && (v & 0xfff) == 0) return a_.cmp_imm(a, uint32_t(v >> 12), true);
    a_.cmp(a, imm_reg(s));
  }

  // dst = src extended as the type suffix says (getarg_c, retval_ui, ...).
  void extend(Reg d, Reg n, Type type) {
    int bits = 8 * width_bytes(type);
    if (bits == 64) return move(d, n);
    is_unsigned(type) ? a_.ubfm(d, n, 0, unsigned(bits - 1)) : a_.sbfm(d, n, 0, unsigned(bits - 1));
  }

  // ---- doubles --------------------------------------------------------------------

  void load_double(unsigned d, double value) {
    uint64_t bits = std::bit_cast<uint64_t>(value);
    if (bits == 0) return a_.fmov_from_x(d, xzr);
    a_.mov_imm(kTemp, bits);
    a_.fmov_from_x(d, kTemp);
  }

  void mov_double(const Step& s) {
    if (s.reg[1] >= 0) fmove(F(s, 0), F(s, 1));
    else load_double(F(s, 0), double_immediate(s));
  }

  unsigned double_source(const Step& s, int k) {
    if (s.reg[k] >= 0) return F(s, k);
    load_double(kTempD, double_immediate(s));
    return kTempD;
  }

  void arith_double(const Step& s) {
    unsigned d = F(s, 0), a = F(s, 1), b = double_source(s, 2);
    switch (s.op) {
      case Op::add: a_.fadd(d, a, b); break;
      case Op::sub: a_.fsub(d, a, b); break;
      case Op::mul: a_.fmul(d, a, b); break;
      default: a_.fdiv(d, a, b); break;
    }
  }

  // ---- memory -----------------------------------------------------------------------

  // ld/ldx/st/stx of register `t` (x or d number) with the step's address.
  void access(const Step& s, Mem kind, unsigned t) {
    bool indexed = s.op == Op::ldx || s.op == Op::stx;
    int offset_operand = s.op == Op::ldx ? 2 : s.op == Op::ld ? 1 : 0;
    if (!indexed) {
      Reg base = s.reg[offset_operand] >= 0 ? R(s, offset_operand) : imm_reg(s);
      return a_.ldst_imm(kind, t, base, 0);
    }
    Reg base = R(s, 1);
    if (s.reg[offset_operand] >= 0) return a_.ldst_reg(kind, t, base, R(s, offset_operand));
    int64_t v = s.imm;
    int scale = Emitter::scale(kind);
    if (v >= 0 && (v & ((1 << scale) - 1)) == 0 && (v >> scale) < 4096)
      return a_.ldst_imm(kind, t, base, uint32_t(v >> scale));
    if (v >= -256 && v < 256) return a_.ldst_unscaled(kind, t, base, int32_t(v));
    a_.ldst_reg(kind, t, base, imm_reg(s));
  }

  // ---- arguments and calls -----------------------------------------------------------

  void getarg(const Step& s) {
    const Place& place = plan_.params[size_t(s.slot)];
    int home = plan_.param_home[size_t(s.slot)];
    int offset = home >= 0 ? home : place.reg < 0 ? plan_.incoming_offset(place.stack) : -1;
    if (s.dbl) {
      if (offset >= 0) slot(Mem::d, F(s, 0), offset);
      else fmove(F(s, 0), unsigned(place.reg));
    } else if (offset >= 0) {
      slot(Mem::x, R(s, 0), offset);
      extend(R(s, 0), R(s, 0), s.type);
    } else {
      extend(R(s, 0), Reg(place.reg), s.type);
    }
  }

  void capture_push(const Step& s, size_t index) {
    int home = plan_.push_home[index];
    if (home < 0) return;
    if (s.dbl) slot(Mem::strd, F(s, 0), home);
    else slot(Mem::strx, R(s, 0), home);
  }

  void call(const Step& s) {
    std::vector<Outgoing>& args = w_.args;
    args.clear();
    for (int32_t p : function_.pushes(s)) {
      const Step& push = function_.steps[size_t(p)];
      Outgoing& arg = args.emplace_back();
      arg.fp = push.dbl;
      arg.home = plan_.push_home[size_t(p)];
      if (arg.home < 0 && push.reg[0] >= 0) arg.reg = push.dbl ? 32 + int(F(push, 0)) : int(R(push, 0));
      arg.imm = push.imm;
    }
    w_.kinds.clear();
    for (const Outgoing& arg : args) w_.kinds.push_back(arg.fp ? ValueKind::floating : ValueKind::integer);
    int stack_slots = 0;
    std::vector<Place>& places = w_.places;
    classify(w_.kinds, places, &stack_slots);
    int stack_bytes = (8 * stack_slots + 15) & ~15;
    if (stack_bytes + plan_.frame_size > kMaxFrame)
      fail(s, "finish: too many stack arguments for the AArch64 back end");

    // An argument's value into register `t` (x, or d when fp) from a home or an immediate.
    auto load_value = [&](const Outgoing& arg, unsigned t) {
      if (arg.home >= 0) return slot(arg.fp ? Mem::d : Mem::x, t, arg.home + stack_bytes);
      if (arg.fp) return load_double(t, double(arg.imm));
      a_.mov_imm(Reg(t), uint64_t(arg.imm));
    };

    // 1. Stack arguments.
    if (stack_bytes) adjust_sp(true, stack_bytes);
    for (size_t k = 0; k < args.size(); ++k) {
      if (places[k].reg >= 0) continue;
      const Outgoing& arg = args[k];
      int at = 8 * places[k].stack;
      if (arg.reg >= 32) slot(Mem::strd, unsigned(arg.reg - 32), at);
      else if (arg.reg >= 0) slot(Mem::strx, unsigned(arg.reg), at);
      else {
        load_value(arg, arg.fp ? kTempD : unsigned(kTemp));
        slot(arg.fp ? Mem::strd : Mem::strx, arg.fp ? kTempD : unsigned(kTemp), at);
      }
    }
    // 2. Register arguments, doubles then integers: moves at once, then the rest.
    for (bool fp : {true, false}) {
      std::vector<Move>& moves = w_.moves;
      moves.clear();
      for (size_t k = 0; k < args.size(); ++k)
        if (places[k].reg >= 0 && args[k].fp == fp && args[k].reg >= 0)
          moves.push_back({places[k].reg, fp ? args[k].reg - 32 : args[k].reg});
      if (fp) {
        parallel_move(
            moves, [&](int d, int n) { a_.fmov(unsigned(d), unsigned(n)); },
            [&](int d, int n) {
              a_.fmov(kTempD, unsigned(n));
              a_.fmov(unsigned(n), unsigned(d));
              a_.fmov(unsigned(d), kTempD);
            });
      } else {
        parallel_move(
            moves, [&](int d, int n) { a_.mov(Reg(d), Reg(n)); },
            [&](int d, int n) {
              a_.mov(kTemp, Reg(n));
              a_.mov(Reg(n), Reg(d));
              a_.mov(Reg(d), kTemp);
            });
      }
      for (size_t k = 0; k < args.size(); ++k)
        if (places[k].reg >= 0 && args[k].fp == fp && args[k].reg < 0) load_value(args[k], unsigned(places[k].reg));
    }
    if (s.callee == CalleeKind::host) {
      a_.mov_imm(kTemp, uint64_t(reinterpret_cast<uintptr_t>(s.host->address)));
      a_.blr(kTemp);
    } else {
      a_.bl(w_.entries[size_t(s.function)]);
    }
    if (stack_bytes) adjust_sp(false, stack_bytes);
  }
};

void emit(const ResolvedProgram& resolved, MachineCode& out, std::vector<size_t>* mark_offsets) {
  Workspace& w = thread_workspace();
  w.long_sites.clear();
  for (;;) {  // relaxation: again with the far branches long, until all reach
    w.a.clear();
    w.entries.clear();
    w.marks.clear();
    w.traps.clear();
    w.sites = 0;
    for (size_t i = 0; i < resolved.functions.size(); ++i) w.entries.push_back(w.a.new_label());
    for (size_t i = 0; i < resolved.functions.size(); ++i) {
      w.a.bind(w.entries[i]);
      FunctionGen(w, resolved, i, mark_offsets != nullptr).emit();
    }
    std::vector<uint32_t> far = w.a.finalize();
    if (far.empty()) break;
    w.long_sites.resize(w.sites);
    for (uint32_t site : far) w.long_sites[site] = true;
  }
  std::span<const uint32_t> words = w.a.words();
  out.bytes.resize(4 * words.size());
  for (size_t i = 0; i < words.size(); ++i)
    for (int b = 0; b < 4; ++b) out.bytes[4 * i + size_t(b)] = uint8_t(words[i] >> (8 * b));  // little-endian
  record_offsets(out, w.entries, w.traps, w.marks, mark_offsets, [&](Label l) { return w.a.offset(l); });
}

constexpr std::string_view kTemporaries[] = {"x16", "x17", "d31"};

}  // namespace
}  // namespace a64

// Names as in a64::kIntReg / kFpReg.
const Target kTargetAArch64 = {
    .name = "aarch64",
    .alias = "arm64",
    .elf_machine = 183,  // EM_AARCH64
    .int_regs = {"x9", "x10", "x11", "x12", "x19", "x20", "x21", "x22", "x23", "x0"},
    .fp_regs = {"d16", "d17", "d18", "d19", "d20", "d21", "d22", "d23", "d0"},
    .temporaries = a64::kTemporaries,
    .fill_word = {0x00, 0x00, 0x20, 0xd4},  // brk #0
    .fill_size = 4,
    .instruction_align = 4,
    .int_arg_regs = 8,
    .fp_arg_regs = 8,
    .emit = a64::emit,
};

}  // namespace ras
