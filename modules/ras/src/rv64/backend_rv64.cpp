// The RISC-V 64 back end (RV64GC without compressed forms, LP64D): resolved
// steps -> rv64::Assembler calls. Values stay in their mapped registers
// (frame.hpp); immediates use the 12-bit forms when they fit, else `li` into
// a temporary. Register map, frame and edge semantics: docs/ras-run.md.
#include <fmt/format.h>

#include <bit>
#include <cstring>
#include <limits>

#include "../backends.hpp"
#include "../code_offsets.hpp"
#include "../parallel_move.hpp"
#include "../step_dispatch.hpp"
#include "assembler.hpp"
#include "frame.hpp"
#include "ras/backend.hpp"
#include "ras/diagnostic.hpp"

namespace ras {

namespace rv64 {

namespace {

bool fits12(int64_t v) { return fits(Layout::I, v); }

// Integer ALU families: the register row and, when there is one, the
// 12-bit-immediate row.
struct AluRow {
  Op op;
  Ins reg;
  Ins imm;  // Ins::count_: none (the immediate goes through a register)
};
constexpr AluRow kAlu[] = {
    {Op::add, Ins::add, Ins::addi},   {Op::sub, Ins::sub, Ins::count_}, {Op::mul, Ins::mul, Ins::count_},
    {Op::and_, Ins::and_, Ins::andi}, {Op::or_, Ins::or_, Ins::ori},    {Op::xor_, Ins::xor_, Ins::xori},
};
const AluRow& alu_row(Op op) {
  for (const AluRow& row : kAlu)
    if (row.op == op) return row;
  return kAlu[0];
}

// Loads by width and signedness (index: log2 width, unsigned).
constexpr Ins kLoad[4][2] = {{Ins::lb, Ins::lbu}, {Ins::lh, Ins::lhu}, {Ins::lw, Ins::lwu}, {Ins::ld, Ins::ld}};
constexpr Ins kStore[4] = {Ins::sb, Ins::sh, Ins::sw, Ins::sd};
int width_log2(Type t) { return std::countr_zero(unsigned(width_bytes(t))); }

// An integer branch: the row and whether its operands are swapped
// (a <= b is b >= a; a > b is b < a).
struct BranchRow {
  Ins ins;
  bool swap;
};
BranchRow branch_row(Op op, bool is_unsigned) {
  // By Relation (lt le eq ne ge gt), signed then unsigned.
  static constexpr BranchRow kSigned[] = {{Ins::blt, false}, {Ins::bge, true},  {Ins::beq, false},
                                          {Ins::bne, false}, {Ins::bge, false}, {Ins::blt, true}};
  static constexpr BranchRow kUnsigned[] = {{Ins::bltu, false}, {Ins::bgeu, true},  {Ins::beq, false},
                                            {Ins::bne, false},  {Ins::bgeu, false}, {Ins::bltu, true}};
  return (is_unsigned ? kUnsigned : kSigned)[size_t(relation_of(op))];
}

struct Workspace {
  Assembler assembler;
  std::vector<Assembler::Label> entries;
  std::vector<Assembler::Label> marks;
  std::vector<Assembler::Label> targets;
  std::vector<PendingTrap<Assembler::Label>> traps;
  FramePlan plan;
  std::vector<ValueKind> kinds;
  std::vector<Place> places;
  std::vector<Move> moves;  // register ids (frame.hpp)
};

Workspace& thread_workspace() {
  thread_local Workspace w;
  if (w.assembler.size() > (size_t{1} << 20)) w = Workspace();  // a very large program's buffers are not kept
  return w;
}

class FunctionGen {
 public:
  FunctionGen(Workspace& w, const ResolvedProgram& program, size_t index, bool marks)
      : w_(w), a_(w.assembler), program_(program), function_(program.functions[index]), index_(index), marks_(marks),
        plan_(w.plan) {
    plan_frame(function_, plan_);
  }

  void emit() {
    const auto& steps = function_.steps;
    w_.targets.assign(steps.size(), Assembler::Label{});
    for (const Step& step : steps)
      if (step.target >= 0 && !w_.targets[size_t(step.target)].valid())
        w_.targets[size_t(step.target)] = a_.new_label();
    bool ended = false;
    size_t first_trap = w_.traps.size();
    for (size_t i = 0; i < steps.size(); ++i) {
      if (w_.targets[i].valid()) a_.bind(w_.targets[i]);
      if (marks_) {
        w_.marks.push_back(a_.new_label());
        a_.bind(w_.marks.back());
      }
      const Step& step = steps[i];
      try {
        emit_step(step, i);
      } catch (const std::logic_error& e) { fail(step, fmt::format("cannot encode: {}", e.what())); }
      ended = step.op == Op::ret || step.op == Op::jmp;
    }
    if (!ended) epilogue();  // falling off the end returns
    emit_traps(first_trap);
  }

 private:
  Workspace& w_;
  Assembler& a_;
  const ResolvedProgram& program_;
  const ResolvedFunction& function_;
  size_t index_;
  bool marks_;
  FramePlan& plan_;

  [[noreturn]] void fail(const Step& step, const std::string& message) const {
    throw Error(where(program_.file(), step.ins->loc) + ": " + message);
  }

  static unsigned R(const Step& s, int k) { return kIntReg[s.reg[k]]; }
  static unsigned F(const Step& s, int k) { return kFpReg[s.reg[k]]; }

  void fmove(unsigned dst, unsigned src) {
    if (dst != src) a_.fp(Ins::fsgnj_d, dst, src, src);
  }
  // Operand k as an integer register: its own, x0 for an immediate 0, or
  // the immediate loaded into `temp`.
  unsigned int_source(const Step& s, int k, unsigned temp) {
    if (s.reg[k] >= 0) return R(s, k);
    if (s.imm == 0) return zero;
    a_.li(temp, s.imm);
    return temp;
  }
  void load_double(unsigned dst, double value) {
    int64_t bits = std::bit_cast<int64_t>(value);
    if (bits == 0) {
      a_.fp(Ins::fmv_d_x, dst, zero);
      return;
    }
    a_.li(kTemp, bits);
    a_.fp(Ins::fmv_d_x, dst, kTemp);
  }
  unsigned double_source(const Step& s, int k) {
    if (s.reg[k] >= 0) return F(s, k);
    load_double(kFTemp, double_immediate(s));
    return kFTemp;
  }
  // A load or store at base + offset for any offset (t2 builds a far address).
  void memory(Ins ins, unsigned reg, unsigned base, int64_t offset) {
    bool is_store = row(ins).layout == Layout::Store || row(ins).layout == Layout::FStore;
    if (!fits12(offset)) {
      a_.li(kAddrTemp, offset);
      a_.r(Ins::add, kAddrTemp, kAddrTemp, base);
      base = kAddrTemp;
      offset = 0;
    }
    if (is_store) a_.store(ins, reg, base, offset);
    else a_.load(ins, reg, base, offset);
  }
  void add_sp(int64_t bytes) {
    if (bytes == 0) return;
    if (fits12(bytes)) {
      a_.i(Ins::addi, sp, sp, bytes);
    } else {
      a_.li(kTemp, bytes);
      a_.r(Ins::add, sp, sp, kTemp);
    }
  }
  // The label of a trap instruction standing for a ras error at this step,
  // placed after the function's code (emit_traps) so that the checks'
  // branches are not taken on the normal path.
  Assembler::Label trap(TrapKind kind, size_t step) {
    Assembler::Label at = a_.new_label();
    w_.traps.push_back({at, index_, step, kind});
    return at;
  }
  void emit_traps(size_t first) {
    for (size_t k = first; k < w_.traps.size(); ++k) {
      a_.bind(w_.traps[k].label);
      a_.emit(Ins::ebreak, {});
    }
  }

  void emit_step(const Step& s, size_t index) { dispatch_step(*this, s, index); }
  template <class G>
  friend void ras::dispatch_step(G&, const Step&, size_t);

  // ---- one member per kind of step (step_dispatch.hpp) -----------------------

  void neg_double(const Step& s) { a_.fp(Ins::fsgnjn_d, F(s, 0), F(s, 1), F(s, 1)); }
  void neg_int(const Step& s) { a_.r(Ins::sub, R(s, 0), zero, R(s, 1)); }
  void not_int(const Step& s) { a_.i(Ins::xori, R(s, 0), R(s, 1), -1); }
  void abs_double(const Step& s) { a_.fp(Ins::fsgnjx_d, F(s, 0), F(s, 1), F(s, 1)); }
  void sqrt_double(const Step& s) { a_.fp(Ins::fsqrt_d, F(s, 0), F(s, 1)); }
  void int_to_double(const Step& s) { a_.fp(Ins::fcvt_d_l, F(s, 0), R(s, 1)); }
  void jump(const Step& s) { a_.jump(w_.targets[size_t(s.target)]); }
  void load(const Step& s) { load_store(s); }
  void store(const Step& s) { load_store(s); }
  void retval(const Step& s) {
    if (s.dbl) fmove(F(s, 0), fa0);
    else extend(R(s, 0), a0, s.type);
  }
  void unsupported(const Step& s) {
    fail(s, fmt::format("'{}' is not supported by the riscv64 back end", s.ins->mnemonic()));
  }

  // ---- frame ----------------------------------------------------------------

  void prologue() {
    add_sp(-plan_.frame_size);
    if (plan_.save_ra) memory(Ins::sd, ra, sp, plan_.frame_size - 8);
    for (size_t k = 0; k < plan_.saved.size(); ++k) memory(Ins::sd, plan_.saved[k], sp, plan_.saved_offset(k));
    for (size_t p = 0; p < plan_.params.size(); ++p) {
      int home = plan_.home(plan_.param_home[p]);
      if (home < 0) continue;
      int reg = plan_.params[p].reg;
      if (reg >= 32) memory(Ins::fsd, unsigned(reg - 32), sp, home);
      else memory(Ins::sd, unsigned(reg), sp, home);
    }
  }

  void epilogue() {
    for (size_t k = 0; k < plan_.saved.size(); ++k) memory(Ins::ld, plan_.saved[k], sp, plan_.saved_offset(k));
    if (plan_.save_ra) memory(Ins::ld, ra, sp, plan_.frame_size - 8);
    add_sp(plan_.frame_size);
    a_.load(Ins::jalr, zero, ra, 0);
  }

  // ---- integers ---------------------------------------------------------------

  void mov_int(const Step& s) {
    if (s.reg[1] >= 0) a_.mv(R(s, 0), R(s, 1));
    else a_.li(R(s, 0), s.imm);
  }

  void arith_int(const Step& s) {
    unsigned d = R(s, 0), a = R(s, 1);
    const AluRow& row = alu_row(s.op);
    if (s.reg[2] < 0) {
      if (row.imm != Ins::count_ && fits12(s.imm)) return a_.i(row.imm, d, a, s.imm);
      if (s.op == Op::sub && s.imm != std::numeric_limits<int64_t>::min() && fits12(-s.imm))
        return a_.i(Ins::addi, d, a, -s.imm);
    }
    a_.r(row.reg, d, a, int_source(s, 2, kTemp));
  }

  // The hardware gives a result for both ras errors (x / 0 and INT64_MIN /
  // -1); ras stops there (docs/ras-run.md), so each is checked first.
  void divide(const Step& s, size_t index) {
    unsigned d = R(s, 0), a = R(s, 1), b = int_source(s, 2, kTemp);
    bool immediate = s.reg[2] < 0;  // resolve refuses an immediate 0
    if (!immediate) a_.branch(Ins::beq, b, zero, trap(TrapKind::divide_by_zero, index));
    if (!s.is_unsigned && (!immediate || s.imm == -1)) {
      Assembler::Label fine = a_.new_label();
      if (!immediate) {
        a_.i(Ins::addi, kTemp2, b, 1);  // b == -1 <=> b + 1 == 0
        a_.branch(Ins::bne, kTemp2, zero, fine);
      }
      a_.i(Ins::addi, kTemp2, zero, -1);
      a_.i(Ins::slli, kTemp2, kTemp2, 63);
      a_.branch(Ins::beq, a, kTemp2, trap(TrapKind::divide_overflow, index));
      a_.bind(fine);
    }
    Ins ins = s.op == Op::div ? (s.is_unsigned ? Ins::divu : Ins::div) : (s.is_unsigned ? Ins::remu : Ins::rem);
    a_.r(ins, d, a, b);
  }

  // Counts are taken modulo 64, as the hardware's sll/srl/sra do.
  void shift(const Step& s) {
    unsigned d = R(s, 0), a = R(s, 1);
    bool left = s.op == Op::lsh;
    if (s.reg[2] < 0) {
      int count = int(s.imm & 63);
      if (count == 0) return a_.mv(d, a);
      return a_.i(left ? Ins::slli : s.is_unsigned ? Ins::srli : Ins::srai, d, a, count);
    }
    a_.r(left ? Ins::sll : s.is_unsigned ? Ins::srl : Ins::sra, d, a, R(s, 2));
  }

  void compare_set(const Step& s) {
    unsigned d = R(s, 0), a = R(s, 1);
    Ins slt = s.is_unsigned ? Ins::sltu : Ins::slt;
    if (s.op == Op::eq || s.op == Op::ne) {
      if (s.reg[2] < 0 && fits12(s.imm)) a_.i(Ins::xori, kTemp, a, s.imm);
      else a_.r(Ins::xor_, kTemp, a, int_source(s, 2, kTemp));
      if (s.op == Op::eq) a_.i(Ins::sltiu, d, kTemp, 1);
      else a_.r(Ins::sltu, d, zero, kTemp);
      return;
    }
    if (s.op == Op::lt && s.reg[2] < 0 && fits12(s.imm))
      return a_.i(s.is_unsigned ? Ins::sltiu : Ins::slti, d, a, s.imm);
    unsigned b = int_source(s, 2, kTemp);
    bool swap = s.op == Op::gt || s.op == Op::le;    // b < a
    bool negate = s.op == Op::le || s.op == Op::ge;  // !(...)
    a_.r(slt, d, swap ? b : a, swap ? a : b);
    if (negate) a_.i(Ins::xori, d, d, 1);
  }

  void branch_int(const Step& s) {
    unsigned a = R(s, 1), b = int_source(s, 2, kTemp);
    BranchRow row = branch_row(s.op, s.is_unsigned);
    a_.branch(row.ins, row.swap ? b : a, row.swap ? a : b, w_.targets[size_t(s.target)]);
  }

  // flt/fle/feq give 0 on NaN, so every ordered test falls through on NaN;
  // bne branches when feq says "not equal" (NaN included).
  void branch_double(const Step& s) {
    unsigned a = F(s, 1), b = double_source(s, 2);
    Assembler::Label target = w_.targets[size_t(s.target)];
    switch (s.op) {
      case Op::blt: a_.fp(Ins::flt_d, kTemp, a, b); break;
      case Op::ble: a_.fp(Ins::fle_d, kTemp, a, b); break;
      case Op::bgt: a_.fp(Ins::flt_d, kTemp, b, a); break;
      case Op::bge: a_.fp(Ins::fle_d, kTemp, b, a); break;
      default: a_.fp(Ins::feq_d, kTemp, a, b); break;
    }
    a_.branch(s.op == Op::bne ? Ins::beq : Ins::bne, kTemp, zero, target);
  }

  // ---- doubles ----------------------------------------------------------------

  void mov_double(const Step& s) {
    if (s.reg[1] >= 0) fmove(F(s, 0), F(s, 1));
    else load_double(F(s, 0), double_immediate(s));
  }

  void arith_double(const Step& s) {
    static constexpr Ins kRows[] = {Ins::fadd_d, Ins::fsub_d, Ins::fmul_d, Ins::fdiv_d};
    size_t k = s.op == Op::add ? 0 : s.op == Op::sub ? 1 : s.op == Op::mul ? 2 : 3;
    a_.fp(kRows[k], F(s, 0), F(s, 1), double_source(s, 2));
  }

  // fcvt.l.d rounds toward zero and saturates as ras does (docs/ras-run.md),
  // but gives INT64_MAX for NaN where ras gives 0: the result is masked
  // with feq(x, x), which is 0 only for NaN (no branch).
  void truncate(const Step& s) {
    unsigned d = R(s, 0), x = F(s, 1);
    a_.fp(Ins::fcvt_l_d, d, x, 0, Rm::rtz);
    a_.fp(Ins::feq_d, kTemp, x, x);
    a_.r(Ins::sub, kTemp, zero, kTemp);  // 1 -> all ones, 0 -> 0
    a_.r(Ins::and_, d, d, kTemp);
  }

  // ---- memory -----------------------------------------------------------------

  void load_store(const Step& s) {
    bool store = s.op == Op::st || s.op == Op::stx;
    int value = store ? (s.op == Op::st ? 1 : 2) : 0;
    unsigned base;
    int64_t offset = 0;
    if (s.op == Op::ld || s.op == Op::st) {  // one address operand
      int k = s.op == Op::ld ? 1 : 0;
      if (s.reg[k] >= 0) {
        base = R(s, k);
      } else if (fits12(s.imm)) {
        base = zero;
        offset = s.imm;
      } else {
        a_.li(kTemp, s.imm);
        base = kTemp;
      }
    } else {  // ldx dst, base, off | stx off, base, value
      int off = s.op == Op::ldx ? 2 : 0;
      base = R(s, 1);
      if (s.reg[off] >= 0) {
        a_.r(Ins::add, kTemp, base, R(s, off));
        base = kTemp;
      } else if (fits12(s.imm)) {
        offset = s.imm;
      } else {
        a_.li(kTemp, s.imm);
        a_.r(Ins::add, kTemp, kTemp, base);
        base = kTemp;
      }
    }
    int w = width_log2(s.type);
    if (store) {
      if (s.dbl) a_.store(Ins::fsd, F(s, value), base, offset);
      else a_.store(kStore[w], R(s, value), base, offset);
    } else {
      if (s.dbl) a_.load(Ins::fld, F(s, 0), base, offset);
      else a_.load(kLoad[w][is_unsigned(s.type) ? 1 : 0], R(s, 0), base, offset);
    }
  }

  // ---- arguments and calls -------------------------------------------------------

  // dst = src narrowed and extended as the type suffix says (getarg_uc, retval_i, ...).
  void extend(unsigned dst, unsigned src, Type type) {
    int bytes = width_bytes(type);
    if (bytes == 8) return a_.mv(dst, src);
    if (bytes == 4 && !is_unsigned(type)) return a_.i(Ins::addiw, dst, src, 0);
    if (bytes == 1 && is_unsigned(type)) return a_.i(Ins::andi, dst, src, 255);
    int shift = 64 - 8 * bytes;
    a_.i(Ins::slli, dst, src, shift);
    a_.i(is_unsigned(type) ? Ins::srli : Ins::srai, dst, dst, shift);
  }

  void getarg(const Step& s) {
    const Place& place = plan_.params[size_t(s.slot)];
    int home = plan_.home(plan_.param_home[size_t(s.slot)]);
    if (home >= 0 || place.reg < 0) {
      int offset = home >= 0 ? home : plan_.incoming_offset(place.stack);
      if (s.dbl) memory(Ins::fld, F(s, 0), sp, offset);
      else memory(kLoad[width_log2(s.type)][is_unsigned(s.type) ? 1 : 0], R(s, 0), sp, offset);
      return;
    }
    if (!s.dbl) return extend(R(s, 0), unsigned(place.reg), s.type);
    if (place.reg >= 32) fmove(F(s, 0), unsigned(place.reg - 32));
    else a_.fp(Ins::fmv_d_x, F(s, 0), unsigned(place.reg));  // a double passed in an integer register
  }

  void capture_push(const Step& s, size_t index) {
    int home = plan_.home(plan_.push_home[index]);
    if (home < 0) return;  // read at the finish
    if (s.dbl) memory(Ins::fsd, F(s, 0), sp, home);
    else memory(Ins::sd, R(s, 0), sp, home);
  }

  // One argument's source: a register id (frame.hpp), a frame slot, or an immediate.
  struct Source {
    int reg = -1;
    int home = -1;
    int64_t imm = 0;
    bool fp = false;
  };
  Source source_of(int32_t p) const {
    const Step& push = function_.steps[size_t(p)];
    Source src;
    src.fp = push.dbl;
    src.home = plan_.home(plan_.push_home[size_t(p)]);
    if (src.home < 0 && push.reg[0] >= 0) src.reg = push.dbl ? fid(F(push, 0)) : int(R(push, 0));
    src.imm = push.imm;
    return src;
  }

  // A register-to-register move between any two ids (x<-x, f<-f, x<-f bits).
  void move_reg(int dst, int src) {
    if (dst >= 32) fmove(unsigned(dst - 32), unsigned(src - 32));
    else if (src >= 32) a_.fp(Ins::fmv_x_d, unsigned(dst), unsigned(src - 32));
    else a_.mv(unsigned(dst), unsigned(src));
  }

  // The argument registers take their values "at once". Only a0 and fa0
  // are both ras registers and argument registers, and no move goes from an
  // integer register to fa0, so the moves never form a cycle.
  void argument_moves() {
    parallel_move(
        w_.moves, [&](int dst, int src) { move_reg(dst, src); },
        [](int, int) { throw std::logic_error("argument moves form a cycle"); });
  }

  void call(const Step& s) {
    call_kinds(function_, s, w_.kinds);
    classify(w_.kinds, w_.places, nullptr);
    auto pushes = function_.pushes(s);
    // 1. Stack arguments, through t0.
    for (size_t k = 0; k < pushes.size(); ++k) {
      const Place& place = w_.places[k];
      if (place.reg >= 0) continue;
      Source src = source_of(pushes[k]);
      int slot = 8 * place.stack;
      if (src.reg >= 32) {
        memory(Ins::fsd, unsigned(src.reg - 32), sp, slot);
        continue;
      }
      unsigned value = src.reg >= 0 ? unsigned(src.reg) : unsigned{kTemp};
      if (src.reg < 0) load_value(kTemp, src);
      memory(Ins::sd, value, sp, slot);
    }
    // 2. Register to register, then 3. frame slots and immediates.
    w_.moves.clear();
    for (size_t k = 0; k < pushes.size(); ++k) {
      Source src = source_of(pushes[k]);
      if (w_.places[k].reg >= 0 && src.reg >= 0) w_.moves.push_back({w_.places[k].reg, src.reg});
    }
    argument_moves();
    for (size_t k = 0; k < pushes.size(); ++k) {
      Source src = source_of(pushes[k]);
      int dst = w_.places[k].reg;
      if (dst < 0 || src.reg >= 0) continue;
      if (dst >= 32) {
        if (src.home >= 0) memory(Ins::fld, unsigned(dst - 32), sp, src.home);
        else load_double(unsigned(dst - 32), double(src.imm));
      } else {
        load_value(unsigned(dst), src);
      }
    }
    if (s.callee == CalleeKind::host) {
      a_.li(kTemp, int64_t(reinterpret_cast<uintptr_t>(s.host->address)));
      a_.load(Ins::jalr, ra, kTemp, 0);
    } else {
      a_.call(w_.entries[size_t(s.function)]);
    }
  }

  // An argument from a frame slot or an immediate into integer register
  // `dst` (a double's bits when the double travels in an integer register).
  void load_value(unsigned dst, const Source& src) {
    if (src.home >= 0) memory(Ins::ld, dst, sp, src.home);
    else a_.li(dst, src.fp ? std::bit_cast<int64_t>(double(src.imm)) : src.imm);
  }
};

void emit(const ResolvedProgram& resolved, MachineCode& out, std::vector<size_t>* marks) {
  Workspace& w = thread_workspace();
  Assembler& a = w.assembler;
  a.clear();
  a.reserve(8 * resolved.source->instruction_count() + 16);
  w.entries.clear();
  w.marks.clear();
  w.traps.clear();
  for (size_t i = 0; i < resolved.functions.size(); ++i) w.entries.push_back(a.new_label());
  for (size_t i = 0; i < resolved.functions.size(); ++i) {
    a.bind(w.entries[i]);
    FunctionGen(w, resolved, i, marks != nullptr).emit();
  }
  try {
    std::span<const uint8_t> bytes = a.finalize();
    out.bytes.assign(bytes.begin(), bytes.end());
  } catch (const std::exception& e) {
    throw Error(fmt::format("{}: cannot lay out the code: {}", resolved.file(), e.what()));
  }
  record_offsets(out, w.entries, w.traps, w.marks, marks, [&](Assembler::Label l) { return a.label_offset(l); });
}

constexpr std::string_view kTemporaries[] = {"t0", "t1", "t2", "ft8", "ft9"};

// rasm dis: the table's own disassembler (isa.hpp), the text llvm-objdump
// -M no-aliases prints.
std::string disassemble(std::span<const uint8_t> bytes, uint64_t address, size_t* length) {
  if (bytes.size() < 4) {
    *length = bytes.size();
    std::string out = ".byte";
    for (uint8_t b : bytes) out += fmt::format(" 0x{:02x}", b);
    return out;
  }
  *length = 4;
  uint32_t word = bytes[0] | bytes[1] << 8 | bytes[2] << 16 | uint32_t(bytes[3]) << 24;
  std::optional<Decoded> decoded = decode(word);
  return decoded ? text(*decoded, address) : fmt::format(".word 0x{:08x}", word);
}

}  // namespace
}  // namespace rv64

// Names as in kIntReg / kFpReg (rv64/frame.hpp).
const Target kTargetRiscv64 = {
    .name = "riscv64",
    .alias = "rv64",
    .elf_machine = 243,  // EM_RISCV
    .int_regs = {"t3", "t4", "t5", "t6", "s1", "s2", "s3", "s4", "s5", "a0"},
    .fp_regs = {"ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fa0"},
    .temporaries = rv64::kTemporaries,
    .fill_word = {0x73, 0x00, 0x10, 0x00},  // ebreak
    .fill_size = 4,
    .instruction_align = 4,
    .int_arg_regs = rv64::kArgRegs,
    .fp_arg_regs = rv64::kArgRegs,
    .emit = rv64::emit,
    .disassemble = rv64::disassemble,
};

}  // namespace ras
