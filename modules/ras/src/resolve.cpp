// Binds names to positions, slots and callees (see resolve.hpp).
#include "ras/resolve.hpp"

#include <fmt/format.h>

#include <string_view>

#include "flat_names.hpp"
#include "ras/diagnostic.hpp"

namespace ras {

bool writes_first_operand(Op op) {
  switch (op) {
    case Op::mov:
    case Op::add:
    case Op::sub:
    case Op::mul:
    case Op::div:
    case Op::rem:
    case Op::and_:
    case Op::or_:
    case Op::xor_:
    case Op::lsh:
    case Op::rsh:
    case Op::neg:
    case Op::not_:
    case Op::lt:
    case Op::le:
    case Op::eq:
    case Op::ne:
    case Op::ge:
    case Op::gt:
    case Op::ld:
    case Op::ldx:
    case Op::getarg:
    case Op::retval:
    case Op::abs:
    case Op::sqrt:
    case Op::ext:
    case Op::trunc: return true;
    default: return false;
  }
}

namespace {

// Register number in the file of the operand's class (see resolve.hpp).
int8_t register_number(const Operand& operand, bool fp_class) {
  switch (operand.kind) {
    case OperandKind::reg_r: return static_cast<int8_t>(operand.value);
    case OperandKind::reg_v: return static_cast<int8_t>(kNumRegR + operand.value);
    case OperandKind::reg_fp: return static_cast<int8_t>(operand.value);
    case OperandKind::reg_ret: return static_cast<int8_t>(fp_class ? kFpRet : kIntRet);
    default: return -1;
  }
}

using NameTable = detail::FlatNames<int32_t>;

class Resolver {
 public:
  Resolver(const Program& program, const HostTable& hosts) : program_(program), hosts_(hosts) {}

  // Fills `out`, reusing the storage it already has.
  void run(ResolvedProgram& out) {
    out.source = &program_;
    out.functions.resize(program_.functions.size());
    for (size_t i = 0; i < program_.functions.size(); ++i) decode(program_.functions[i], out.functions[i]);
    for (size_t i = 0; i < out.functions.size(); ++i) bind(out, out.functions[i]);
  }

 private:
  const Program& program_;
  const HostTable& hosts_;

  int32_t function_index(std::string_view name) const {
    for (size_t i = 0; i < program_.functions.size(); ++i)
      if (program_.functions[i].name == name) return static_cast<int32_t>(i);
    return -1;
  }

  [[noreturn]] void fail(const SourceLoc& loc, const std::string& message) const {
    throw Error(where(program_.file, loc) + ": " + message);
  }

  // Operands -> registers and the immediate; the parameter list.
  void decode(const Function& function, ResolvedFunction& out) const {
    out.source = &function;
    out.steps.clear();
    out.push_steps.clear();
    out.params.clear();
    out.returns_double = out.makes_calls = false;
    out.steps.reserve(function.code.size());
    size_t pushargs = 0;
    for (const Instruction& ins : function.code) {
      if (!ins.form) fail(ins.loc, fmt::format("'{}' was not checked (run ras::check first)", ins.mnemonic()));
      Step& step = out.steps.emplace_back();  // filled in place: no copy of a half-written struct
      step.ins = &ins;
      step.op = ins.op();
      step.type = ins.spelling.type;
      step.dbl = ins.form->cls == ValueClass::dbl || step.type == Type::d;
      step.is_unsigned = is_unsigned(step.type);
      for (size_t k = 0; k < ins.operands.size() && k < 3; ++k) {
        const Operand& operand = ins.operands[k];
        if (operand.is_reg()) step.reg[k] = register_number(operand, operand_is_double(step.op, step.dbl, k));
        if (operand.is_imm() || operand.kind == OperandKind::imm_d) {
          step.has_imm = true;
          step.imm_is_double = operand.kind == OperandKind::imm_d;
          step.imm = operand.value;
        }
      }
      if (step.op == Op::arg) out.params.push_back(step.dbl ? ValueKind::floating : ValueKind::integer);
      if (operand_is_double(step.op, step.dbl, 0) && writes_first_operand(step.op) &&
          ins.operands[0].kind == OperandKind::reg_ret)
        out.returns_double = true;
      if (step.op == Op::finish) out.makes_calls = true;
      if (step.op == Op::pusharg) ++pushargs;
    }
    out.push_steps.reserve(pushargs);
  }

  void bind(const ResolvedProgram& program, ResolvedFunction& function) const {
    const Function& source = *function.source;
    auto& steps = function.steps;
    if (steps.empty() || (steps[0].op != Op::prolog && steps[0].op != Op::leaf))
      fail(steps.empty() ? source.loc : steps[0].ins->loc,
           fmt::format("function '{}' must start with prolog or leaf", source.name));

    // One pass: names are defined before their uses (branches go back to a
    // get_label, patch follows its branch, getarg follows its arg), as the
    // checker requires; a use before its definition fails as undefined.
    NameTable labels;  // get_label name -> position
    NameTable sites;   // jump-site name -> branch step
    NameTable vars;    // $var -> parameter slot
    int32_t params = 0;
    int32_t open_call = -1;  // index of the current prepare, if any
    auto& pushes = function.push_steps;
    size_t call_start = 0;  // the open call's first entry in pushes
    int64_t declared = 0;
    for (size_t i = 0; i < steps.size(); ++i) {
      Step& step = steps[i];
      const Instruction& ins = *step.ins;
      if (i > 0 && (step.op == Op::prolog || step.op == Op::leaf))
        fail(ins.loc, fmt::format("{} must be the first instruction of a function", ins.mnemonic()));
      if (ins.result && ins.result->kind == OperandKind::label) {
        auto& table = step.op == Op::get_label ? labels : sites;
        if (labels.find(ins.result->name) || sites.find(ins.result->name))
          fail(ins.result->loc, fmt::format("@{} is already defined", ins.result->name));
        table.set(ins.result->name, static_cast<int32_t>(i));
      }
      if (step.op == Op::arg) vars.set(ins.result->name, params++);
      if (is_branch(step.op)) step.target = branch_target(step, labels, source);
      switch (step.op) {
        case Op::patch: {
          const int32_t* site = sites.find(ins.operands[0].name);
          if (!site)
            fail(ins.operands[0].loc,
                 fmt::format("patch: @{} is not the jump site of a branch to !forward", ins.operands[0].name));
          steps[*site].target = static_cast<int32_t>(i);
          break;
        }
        case Op::getarg: {
          const int32_t* var = vars.find(ins.operands[1].name);
          if (!var)
            fail(ins.operands[1].loc,
                 fmt::format("getarg: ${} is not set by an arg instruction", ins.operands[1].name));
          step.slot = *var;
          bool want_fp = function.params[step.slot] == ValueKind::floating;
          if (want_fp != step.dbl)
            fail(ins.operands[1].loc,
                 fmt::format("getarg: ${} is {} argument, read it with {}", ins.operands[1].name,
                             want_fp ? "a double" : "an integer", want_fp ? "getarg_d" : "getarg"));
          break;
        }
        case Op::div:
        case Op::rem:
          if (!step.dbl && step.has_imm && step.imm == 0) fail(ins.operands[2].loc, "division by zero");
          break;
        case Op::prepare:
          if (open_call < 0) {
            open_call = static_cast<int32_t>(i);
            call_start = pushes.size();
            declared = 0;
          }
          if (step.imm < 0) fail(ins.operands[0].loc, "prepare: the argument count must not be negative");
          declared += step.imm;
          break;
        case Op::pusharg:
          if (open_call < 0) fail(ins.loc, "pusharg without a prepare before it");
          step.slot = static_cast<int32_t>(pushes.size() - call_start);
          pushes.push_back(static_cast<int32_t>(i));
          break;
        case Op::finish:
          if (source.code[0].op() == Op::leaf)
            fail(ins.loc, fmt::format("finish in leaf function '{}' (use prolog)", source.name));
          step.first_push = static_cast<int32_t>(call_start);
          step.push_count = static_cast<int32_t>(pushes.size() - call_start);
          if (step.push_count != declared)
            fail(ins.loc,
                 fmt::format("finish: prepare declared {} argument(s) but {} were pushed", declared, step.push_count));
          bind_callee(program, step, function);
          check_arguments(step, function, program);
          for (int32_t p : function.pushes(step)) steps[p].finish = static_cast<int32_t>(i);
          open_call = -1;
          call_start = pushes.size();  // no call open: nothing pushed since
          declared = 0;
          break;
        default:
          if (open_call >= 0 && (step.op == Op::ret || is_branch(step.op)))
            fail(ins.loc, fmt::format("{} between prepare and finish", ins.mnemonic()));
          break;
      }
    }
    const Step& entry = steps[0];
    if (entry.imm != params)
      fail(entry.ins->loc, fmt::format("{} declares {} argument(s) but the function has {} arg instruction(s)",
                                       entry.ins->mnemonic(), entry.imm, params));
    if (open_call >= 0) fail(steps[open_call].ins->loc, "prepare without a finish");
    for (const Step& step : steps)
      if (is_branch(step.op) && step.target < 0)
        fail(step.ins->loc, fmt::format("the branch to !forward stored in @{} is never patched",
                                        step.ins->result ? step.ins->result->name : std::string("?")));
  }

  int32_t branch_target(const Step& step, const NameTable& labels, const Function& source) const {
    const Operand& target = step.ins->operands[0];
    if (target.kind == OperandKind::call) {
      if (target.name != "forward")
        fail(target.loc,
             fmt::format("branch target !{}: only !forward (with => @ref and a later patch) is allowed", target.name));
      return -1;  // set by patch
    }
    const int32_t* label = labels.find(target.name);
    if (!label)
      fail(target.loc, fmt::format("@{} is not a label of function '{}' (bind it with get_label => @{})", target.name,
                                   source.name, target.name));
    return *label;
  }

  void bind_callee(const ResolvedProgram& program, Step& step, const ResolvedFunction& self) const {
    const Operand& target = step.ins->operands[0];
    if (target.kind == OperandKind::label) {
      if (target.name == "self") {
        step.callee = CalleeKind::function;
        step.function = static_cast<int32_t>(&self - program.functions.data());
        return;
      }
      int32_t index = function_index(target.name);
      if (index < 0) fail(target.loc, fmt::format("finish: @{} is not a function of this file", target.name));
      step.callee = CalleeKind::function;
      step.function = index;
      return;
    }
    const HostFunction* host = hosts_.find(target.name);
    if (!host) {
      std::string hint =
          function_index(target.name) >= 0 ? fmt::format(" (call the function of this file as @{})", target.name) : "";
      fail(target.loc, fmt::format("finish: !{} is not a registered host function{}", target.name, hint));
    }
    step.callee = CalleeKind::host;
    step.host = host;
  }

  void check_arguments(const Step& call, const ResolvedFunction& function, const ResolvedProgram& program) const {
    std::span<const int32_t> pushes = function.pushes(call);
    const std::vector<ValueKind>& params =
        call.callee == CalleeKind::host ? call.host->params : program.functions[call.function].params;
    auto name = [&] { return call.ins->operands[0].text(); };
    if (params.size() != pushes.size())
      fail(call.ins->loc,
           fmt::format("finish: {} takes {} argument(s), {} pushed", name(), params.size(), pushes.size()));
    for (size_t k = 0; k < params.size(); ++k) {
      const Step& push = function.steps[pushes[k]];
      bool is_fp = push.dbl;
      if (is_fp != (params[k] == ValueKind::floating))
        fail(push.ins->loc, fmt::format("pusharg: argument {} of {} is {}", k + 1, name(),
                                        params[k] == ValueKind::floating ? "a double (use pusharg_d)" : "an integer"));
    }
  }
};

}  // namespace

ResolvedProgram resolve(const Program& program, const HostTable& hosts) {
  ResolvedProgram out;
  Resolver(program, hosts).run(out);
  return out;
}

void resolve_into(const Program& program, const HostTable& hosts, ResolvedProgram& out) {
  Resolver(program, hosts).run(out);
}

}  // namespace ras
