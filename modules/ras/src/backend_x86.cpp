// The x86-64 back end: resolved steps -> x86::Assembler calls. Values stay
// in their mapped registers; immediates use the imm32 forms when they fit.
#include <fmt/format.h>

#include <bit>
#include <cstring>
#include <limits>
#include <type_traits>

#include "backends.hpp"
#include "code_offsets.hpp"
#include "ras/backend.hpp"
#include "ras/diagnostic.hpp"
#include "ras/resolve.hpp"
#include "step_dispatch.hpp"
#include "x86/assembler.hpp"
#include "x86_calls.hpp"
#include "x86_frame.hpp"

namespace ras {

namespace x86_backend {

using x86::Assembler;
using x86::Cond;
using x86::Gp;
using x86::Imm;
using x86::Xmm;

namespace {

bool fits32(int64_t v) { return v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max(); }

Cond condition(Op op, bool is_unsigned) {
  // By Relation (lt le eq ne ge gt), signed then unsigned.
  static constexpr Cond kSigned[] = {Cond::L, Cond::LE, Cond::E, Cond::NE, Cond::GE, Cond::G};
  static constexpr Cond kUnsigned[] = {Cond::B, Cond::BE, Cond::E, Cond::NE, Cond::AE, Cond::A};
  return (is_unsigned ? kUnsigned : kSigned)[size_t(relation_of(op))];
}

// Everything generate() builds on the way to the machine code, kept per
// thread and reused: once it has grown to a program's size, generating code
// again allocates only the result.
// A trap site before layout: its label becomes TrapSite::offset.
using PendingTrap = ras::PendingTrap<x86::Label>;

struct Workspace {
  Assembler assembler;
  std::vector<PendingTrap> traps;
  std::vector<x86::Label> entries;
  std::vector<x86::Label> marks;
  FramePlan plan;
  std::vector<x86::Label> targets;
  std::vector<Outgoing> call_args;
  CallScratch call;
};

Workspace& thread_workspace() {
  thread_local Workspace w;
  // A very large program's buffers are not kept.
  if (w.assembler.size() > (size_t{1} << 20)) w = Workspace();
  return w;
}

class FunctionGen {
 public:
  FunctionGen(Workspace& w, const ResolvedProgram& program, size_t index, std::vector<x86::Label>* marks)
      : a_(w.assembler), program_(program), function_(program.functions[index]), entries_(w.entries), marks_(marks),
        plan_(w.plan), targets_(w.targets), call_args_(w.call_args), call_scratch_(w.call), function_index_(index),
        traps_(w.traps) {
    plan_frame(function_, plan_);
  }

  void emit() {
    const auto& steps = function_.steps;
    targets_.assign(steps.size(), x86::Label{});
    for (const Step& step : steps)
      if (step.target >= 0 && !targets_[step.target].valid()) targets_[step.target] = a_.new_label();
    bool ended = false;
    for (size_t i = 0; i < steps.size(); ++i) {
      if (targets_[i].valid()) a_.bind(targets_[i]);
      if (marks_) {
        marks_->push_back(a_.new_label());
        a_.bind(marks_->back());
      }
      const Step& step = steps[i];
      try {
        emit_step(step, i);
      } catch (const x86::Error& e) { fail(step, fmt::format("cannot encode: {}", e.what())); }
      ended = step.op == Op::ret || step.op == Op::jmp;
    }
    if (!ended) epilogue();  // falling off the end returns
    for (const PendingTrap& stub : stubs_) {
      a_.bind(stub.label);
      a_.ud2();
    }
  }

 private:
  Assembler& a_;
  const ResolvedProgram& program_;
  const ResolvedFunction& function_;
  const std::vector<x86::Label>& entries_;
  std::vector<x86::Label>* marks_;
  FramePlan& plan_;
  std::vector<x86::Label>& targets_;
  std::vector<Outgoing>& call_args_;
  CallScratch& call_scratch_;
  size_t function_index_;
  std::vector<PendingTrap>& traps_;
  std::vector<PendingTrap> stubs_;  // this function's trap stubs, emitted after its code

  [[noreturn]] void fail(const Step& step, const std::string& message) const {
    throw Error(where(program_.file(), step.ins->loc) + ": " + message);
  }

  Gp R(const Step& s, int k) const { return kIntReg[s.reg[k]]; }
  Xmm F(const Step& s, int k) const { return kFpReg[s.reg[k]]; }

  void move(Gp dst, Gp src) {
    if (dst != src) a_.mov(dst, src);
  }
  void move(Xmm dst, Xmm src) {
    if (dst != src) a_.movapd(dst, src);
  }
  void load_imm(Gp dst, int64_t value) {
    if (value == 0) a_.xor_(dst.r32(), dst.r32());
    else a_.mov(dst, Imm(value));
  }
  void load_double(Xmm dst, double value) {
    if (std::bit_cast<uint64_t>(value) == 0) {
      a_.xorpd(dst, dst);
      return;
    }
    a_.mov(kTemp, Imm(std::bit_cast<int64_t>(value)));
    a_.movq(dst, kTemp);
  }
  // The immediate of `s` in a register when it does not fit imm32.
  Gp wide_imm(const Step& s, Gp temp) {
    a_.mov(temp, Imm(s.imm));
    return temp;
  }

  void emit_step(const Step& s, size_t index) { dispatch_step(*this, s, index); }
  template <class G>
  friend void ras::dispatch_step(G&, const Step&, size_t);

  // ---- one member per kind of step (step_dispatch.hpp) -----------------------

  void neg_double(const Step& s) { sign_mask(s, 0x8000000000000000ull, false); }
  void neg_int(const Step& s) {
    move(R(s, 0), R(s, 1));
    a_.neg(R(s, 0));
  }
  void not_int(const Step& s) {
    move(R(s, 0), R(s, 1));
    a_.not_(R(s, 0));
  }
  void abs_double(const Step& s) { sign_mask(s, 0x7fffffffffffffffull, true); }
  void sqrt_double(const Step& s) { a_.sqrtsd(F(s, 0), F(s, 1)); }
  void int_to_double(const Step& s) { a_.cvtsi2sd(F(s, 0), R(s, 1)); }
  void jump(const Step& s) { a_.jmp(targets_[s.target]); }
  void unsupported(const Step& s) {
    fail(s, fmt::format("'{}' is not supported by the x86-64 back end", s.ins->mnemonic()));
  }

  // ---- frame ----------------------------------------------------------------

  x86::Mem frame_slot(int offset, int extra = 0) const { return x86::qword_ptr(x86::rsp, offset + extra); }

  void prologue() {
    for (Gp reg : plan_.saved) a_.push(reg);
    if (plan_.frame_size) a_.sub(x86::rsp, Imm(plan_.frame_size));
    for (size_t p = 0; p < plan_.params.size(); ++p) {
      if (plan_.param_home[p] < 0) continue;
      const Place& place = plan_.params[p];
      if (place.fp) a_.movsd(frame_slot(plan_.param_home[p]), Xmm{static_cast<uint8_t>(place.reg)});
      else a_.mov(frame_slot(plan_.param_home[p]), x86::gp64(place.reg));
    }
  }

  void epilogue() {
    if (plan_.frame_size) a_.add(x86::rsp, Imm(plan_.frame_size));
    for (auto it = plan_.saved.rbegin(); it != plan_.saved.rend(); ++it) a_.pop(*it);
    a_.ret();
  }

  // ---- integer arithmetic ------------------------------------------------------

  void mov_int(const Step& s) {
    if (s.reg[1] >= 0) move(R(s, 0), R(s, 1));
    else load_imm(R(s, 0), s.imm);
  }

  // dst = a OP b for add sub mul and or xor (registers).
  void alu(Op op, Gp dst, Gp src) {
    switch (op) {
      case Op::add: a_.add(dst, src); break;
      case Op::sub: a_.sub(dst, src); break;
      case Op::mul: a_.imul(dst, src); break;
      case Op::and_: a_.and_(dst, src); break;
      case Op::or_: a_.or_(dst, src); break;
      default: a_.xor_(dst, src); break;
    }
  }
  void alu(Op op, Gp dst, int32_t imm) {
    switch (op) {
      case Op::add: a_.add(dst, Imm(imm)); break;
      case Op::sub: a_.sub(dst, Imm(imm)); break;
      case Op::and_: a_.and_(dst, Imm(imm)); break;
      case Op::or_: a_.or_(dst, Imm(imm)); break;
      default: a_.xor_(dst, Imm(imm)); break;
    }
  }

  void arith_int(const Step& s) {
    Gp d = R(s, 0), a = R(s, 1);
    if (s.reg[2] < 0 && fits32(s.imm)) {
      int32_t imm = static_cast<int32_t>(s.imm);
      if (s.op == Op::mul) {
        a_.imul(d, a, Imm(imm));
      } else if (d != a && (s.op == Op::add || (s.op == Op::sub && imm != std::numeric_limits<int32_t>::min()))) {
        a_.lea(d, x86::ptr(a, s.op == Op::add ? imm : -int64_t{imm}));
      } else {
        move(d, a);
        alu(s.op, d, imm);
      }
      return;
    }
    Gp b = s.reg[2] < 0 ? wide_imm(s, kTemp) : R(s, 2);
    bool commutes = s.op != Op::sub;
    if (d == a) {
      alu(s.op, d, b);
    } else if (d == b && commutes) {
      alu(s.op, d, a);
    } else if (d == b) {  // d = a - d
      a_.neg(d);
      a_.add(d, a);
    } else if (s.op == Op::add) {
      a_.lea(d, x86::ptr(a, b));
    } else {
      a_.mov(d, a);
      alu(s.op, d, b);
    }
  }

  // rdx:rax division; %ret (rax) is preserved when it is not the destination.
  // A zero divisor branches to a trap stub (ras error "division by zero");
  // INT64_MIN / -1 is left to the divide instruction's own fault, recorded
  // as a trap site (the only fault idiv can still raise).
  void divide(const Step& s, size_t index) {
    Gp d = R(s, 0), a = R(s, 1);
    bool save = d != x86::rax;
    if (save) a_.push(x86::rax);
    Gp b = s.reg[2] < 0 ? wide_imm(s, kTemp) : R(s, 2);
    if (s.reg[2] >= 0) {
      a_.test(b, b);
      a_.jcc(Cond::E, trap(index, TrapKind::divide_by_zero));
    }
    if (b == x86::rax) {
      a_.mov(kTemp, b);
      b = kTemp;
    }
    move(x86::rax, a);
    if (s.is_unsigned) {
      a_.xor_(x86::edx, x86::edx);
      a_.div(b);
    } else {
      a_.cqo();
      if (s.reg[2] >= 0 || s.imm == -1) {
        x86::Label at = a_.new_label();
        a_.bind(at);
        traps_.push_back({at, function_index_, index, TrapKind::divide_overflow});
      }
      a_.idiv(b);
    }
    Gp result = s.op == Op::rem ? x86::rdx : x86::rax;
    move(d, result);
    if (save) a_.pop(x86::rax);
  }

  // A label of a trap stub emitted after the function's code.
  x86::Label trap(size_t index, TrapKind kind) {
    x86::Label stub = a_.new_label();
    stubs_.push_back({stub, function_index_, index, kind});
    traps_.push_back(stubs_.back());
    return stub;
  }

  void shift(const Step& s) {
    Gp d = R(s, 0), a = R(s, 1);
    bool left = s.op == Op::lsh, logical = s.is_unsigned;
    if (s.reg[2] < 0) {
      int count = static_cast<int>(s.imm & 63);
      move(d, a);
      if (count == 0) return;
      if (left) a_.shl(d, Imm(count));
      else if (logical) a_.shr(d, Imm(count));
      else a_.sar(d, Imm(count));
      return;
    }
    a_.mov(kTemp, R(s, 2));
    move(d, a);
    if (left) a_.shl(d, x86::cl);
    else if (logical) a_.shr(d, x86::cl);
    else a_.sar(d, x86::cl);
  }

  // cmp a, b|imm with the shortest encoding (test for 0).
  void compare(const Step& s, Gp a, int k) {
    if (s.reg[k] >= 0) a_.cmp(a, R(s, k));
    else if (s.imm == 0) a_.test(a, a);
    else if (fits32(s.imm)) a_.cmp(a, Imm(s.imm));
    else a_.cmp(a, wide_imm(s, kTemp2));
  }

  void compare_set(const Step& s) {
    Gp d = R(s, 0), a = R(s, 1);
    Cond cond = condition(s.op, s.is_unsigned);
    bool distinct = d != a && (s.reg[2] < 0 || d != R(s, 2));
    if (distinct) {
      a_.xor_(d.r32(), d.r32());
      compare(s, a, 2);
      a_.setcc(cond, d.r8());
    } else {
      compare(s, a, 2);
      a_.setcc(cond, x86::cl);
      a_.movzx(d.r32(), x86::cl);
    }
  }

  void branch_int(const Step& s) {
    compare(s, R(s, 1), 2);
    a_.jcc(condition(s.op, s.is_unsigned), targets_[s.target]);
  }

  // ucomisd sets CF/ZF like an unsigned compare and PF on NaN; orient each
  // test so that an unordered result does not branch (except bne).
  void branch_double(const Step& s) {
    Xmm a = F(s, 1), b = double_source(s, 2);
    x86::Label target = targets_[s.target];
    switch (s.op) {
      case Op::blt:
        a_.ucomisd(b, a);
        a_.jcc(Cond::A, target);
        break;
      case Op::ble:
        a_.ucomisd(b, a);
        a_.jcc(Cond::AE, target);
        break;
      case Op::bgt:
        a_.ucomisd(a, b);
        a_.jcc(Cond::A, target);
        break;
      case Op::bge:
        a_.ucomisd(a, b);
        a_.jcc(Cond::AE, target);
        break;
      case Op::beq: {
        x86::Label skip = a_.new_label();
        a_.ucomisd(a, b);
        a_.jcc(Cond::P, skip);
        a_.jcc(Cond::E, target);
        a_.bind(skip);
        break;
      }
      default:
        a_.ucomisd(a, b);
        a_.jcc(Cond::P, target);
        a_.jcc(Cond::NE, target);
        break;
    }
  }

  // ---- doubles ---------------------------------------------------------------

  // Saturating conversion (docs/ras-run.md): the hardware gives INT64_MIN
  // for NaN and every out-of-range value; only then look at the input.
  void truncate(const Step& s) {
    Gp d = R(s, 0);
    Xmm f = F(s, 1);
    x86::Label done = a_.new_label(), nan = a_.new_label();
    a_.cvttsd2si(d, f);
    a_.cmp(d, Imm(1));  // overflows only for INT64_MIN
    a_.jcc(Cond::NO, done);
    a_.xorpd(kTempXmm, kTempXmm);
    a_.ucomisd(f, kTempXmm);
    a_.jcc(Cond::P, nan);
    a_.jcc(Cond::B, done);  // negative: INT64_MIN is the answer
    a_.not_(d);             // INT64_MIN -> INT64_MAX
    a_.jmp(done);
    a_.bind(nan);
    a_.xor_(d.r32(), d.r32());
    a_.bind(done);
  }

  void mov_double(const Step& s) {
    if (s.reg[1] >= 0) move(F(s, 0), F(s, 1));
    else load_double(F(s, 0), double_immediate(s));
  }

  // A double operand `k`: its register, or the immediate built in the scratch register.
  Xmm double_source(const Step& s, int k) {
    if (s.reg[k] >= 0) return F(s, k);
    load_double(kTempXmm, double_immediate(s));
    return kTempXmm;
  }

  void arith_double(const Step& s) {
    Xmm d = F(s, 0), a = F(s, 1), b = double_source(s, 2);
    bool commutes = s.op == Op::add || s.op == Op::mul;
    if (d == b && d != a) {
      if (commutes) {
        std::swap(a, b);
      } else {
        a_.movapd(kTempXmm, b);
        b = kTempXmm;
      }
    }
    move(d, a);
    switch (s.op) {
      case Op::add: a_.addsd(d, b); break;
      case Op::sub: a_.subsd(d, b); break;
      case Op::mul: a_.mulsd(d, b); break;
      default: a_.divsd(d, b); break;
    }
  }

  // neg: flip the sign bit; abs: clear it.
  void sign_mask(const Step& s, uint64_t mask, bool clear) {
    a_.mov(kTemp, Imm(static_cast<int64_t>(mask)));
    a_.movq(kTempXmm, kTemp);
    move(F(s, 0), F(s, 1));
    if (clear) a_.andpd(F(s, 0), kTempXmm);
    else a_.xorpd(F(s, 0), kTempXmm);
  }

  // ---- memory ----------------------------------------------------------------

  x86::Mem address(const Step& s) {
    if (s.op == Op::ld) {
      if (s.reg[1] >= 0) return x86::ptr(R(s, 1));
      if (fits32(s.imm)) return x86::ptr_abs(s.imm);
      return x86::ptr(wide_imm(s, kTemp));
    }
    if (s.op == Op::ldx) {
      if (s.reg[2] >= 0) return x86::ptr(R(s, 1), R(s, 2));
      if (fits32(s.imm)) return x86::ptr(R(s, 1), s.imm);
      return x86::ptr(R(s, 1), wide_imm(s, kTemp));
    }
    if (s.op == Op::st) {
      if (s.reg[0] >= 0) return x86::ptr(R(s, 0));
      if (fits32(s.imm)) return x86::ptr_abs(s.imm);
      return x86::ptr(wide_imm(s, kTemp));
    }
    // stx offset, base, value
    if (s.reg[0] >= 0) return x86::ptr(R(s, 1), R(s, 0));
    if (fits32(s.imm)) return x86::ptr(R(s, 1), s.imm);
    return x86::ptr(R(s, 1), wide_imm(s, kTemp));
  }

  void load(const Step& s) {
    if (s.dbl) a_.movsd(F(s, 0), address(s).sized(8));
    else extend(R(s, 0), address(s), s.type);
  }

  void store(const Step& s) {
    int value_operand = s.op == Op::st ? 1 : 2;
    if (s.dbl) return a_.movsd(address(s).sized(8), F(s, value_operand));
    Gp value = R(s, value_operand);
    x86::Mem m = address(s);
    switch (width_bytes(s.type)) {
      case 1: a_.mov(m.sized(1), value.r8()); break;
      case 2: a_.mov(m.sized(2), value.r16()); break;
      case 4: a_.mov(m.sized(4), value.r32()); break;
      default: a_.mov(m.sized(8), value); break;
    }
  }

  // ---- arguments and calls -------------------------------------------------------

  // dst = src (a register or memory) extended as the type suffix says
  // (ldx_c, getarg_us, retval_ui, ...).
  static Gp sized(Gp reg, int bytes) {
    return bytes == 1 ? reg.r8() : bytes == 2 ? reg.r16() : bytes == 4 ? reg.r32() : reg;
  }
  static x86::Mem sized(const x86::Mem& mem, int bytes) { return mem.sized(static_cast<uint8_t>(bytes)); }

  template <class Source>
  void extend(Gp dst, const Source& src, Type type) {
    int bytes = width_bytes(type);
    if (bytes == 8) {
      if constexpr (std::is_same_v<Source, Gp>) move(dst, src);
      else a_.mov(dst, sized(src, 8));
    } else if (bytes == 4) {
      if (is_unsigned(type)) a_.mov(dst.r32(), sized(src, 4));  // writing r32 zero-extends
      else a_.movsxd(dst, sized(src, 4));
    } else {
      if (is_unsigned(type)) a_.movzx(dst.r32(), sized(src, bytes));
      else a_.movsx(dst, sized(src, bytes));
    }
  }

  void getarg(const Step& s) {
    const Place& place = plan_.params[s.slot];
    int home = plan_.param_home[s.slot];
    bool in_memory = home >= 0 || place.reg < 0;
    x86::Mem m = frame_slot(home >= 0 ? home : plan_.incoming_offset(place.stack));
    if (s.dbl) {
      if (in_memory) a_.movsd(F(s, 0), m);
      else move(F(s, 0), Xmm{static_cast<uint8_t>(place.reg)});
    } else {
      if (in_memory) extend(R(s, 0), m, s.type);
      else extend(R(s, 0), x86::gp64(place.reg), s.type);
    }
  }

  void retval(const Step& s) {
    if (s.dbl) move(F(s, 0), x86::xmm0);
    else extend(R(s, 0), x86::rax, s.type);
  }

  void capture_push(const Step& s, size_t index) {
    int home = plan_.push_home[index];
    if (home < 0) return;  // read at the finish
    if (s.dbl) a_.movsd(frame_slot(home), F(s, 0));
    else a_.mov(frame_slot(home), R(s, 0));
  }

  void call(const Step& s) {
    std::vector<Outgoing>& args = call_args_;
    args.clear();
    for (int32_t p : function_.pushes(s)) {
      const Step& push = function_.steps[p];
      Outgoing& arg = args.emplace_back();
      arg.fp = push.dbl;
      arg.home = plan_.push_home[p];
      if (arg.home < 0 && push.reg[0] >= 0) arg.reg = push.dbl ? 16 + F(push, 0).id : R(push, 0).id;
      arg.imm = push.imm;
    }
    CallTarget target;
    if (s.callee == CalleeKind::host) target.host = s.host->address;
    else target.label = entries_[s.function];
    emit_call(a_, args, target, call_scratch_);
  }
};

}  // namespace
}  // namespace x86_backend

namespace x86_backend {
namespace {

void emit(const ResolvedProgram& resolved, MachineCode& out, std::vector<size_t>* mark_offsets) {
  Workspace& w = thread_workspace();
  x86::Assembler& a = w.assembler;
  a.clear();
  a.reserve(64 * resolved.source->instruction_count() + 64);
  std::vector<x86::Label>& entries = w.entries;
  entries.clear();
  for (size_t i = 0; i < resolved.functions.size(); ++i) entries.push_back(a.new_label());
  std::vector<x86::Label>& marks = w.marks;
  marks.clear();
  w.traps.clear();
  for (size_t i = 0; i < resolved.functions.size(); ++i) {
    a.bind(entries[i]);
    FunctionGen(w, resolved, i, mark_offsets ? &marks : nullptr).emit();
  }
  try {
    std::span<const uint8_t> bytes = a.finalize();
    out.bytes.assign(bytes.begin(), bytes.end());
  } catch (const x86::Error& e) {
    throw Error(fmt::format("{}: cannot lay out the code: {}", resolved.file(), e.what()));
  }
  record_offsets(out, entries, w.traps, marks, mark_offsets, [&](x86::Label l) { return a.label_offset(l); });
}

constexpr std::string_view kTemporaries[] = {"rcx", "rdx", "xmm7"};

}  // namespace
}  // namespace x86_backend

// Names as in kIntReg / kFpReg (x86_frame.hpp).
const Target kTargetX86_64 = {
    .name = "x86-64",
    .alias = "x86_64",
    .elf_machine = 62,  // EM_X86_64
    .int_regs = {"r10", "r11", "r8", "r9", "rbx", "r12", "r13", "r14", "r15", "rax"},
    .fp_regs = {"xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "xmm0"},
    .temporaries = x86_backend::kTemporaries,
    .fill_word = {0xcc},  // int3
    .fill_size = 1,
    .instruction_align = 1,
    .int_arg_regs = 6,
    .fp_arg_regs = 8,
    .emit = x86_backend::emit,
};

}  // namespace ras
