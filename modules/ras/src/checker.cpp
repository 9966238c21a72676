// Checks every instruction against the table (operand kinds, arity, result)
// and the semantic rules of a function body (labels, refs, variables, calls).
#include "ras/checker.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "flat_names.hpp"
#include "ras/opcodes.hpp"

namespace ras {
namespace {

bool form_allowed(const Spelling& s, const Form& f) {
  if (s.letter != Letter::none && f.letter != s.letter) return false;
  if (s.type == Type::d) return f.cls == ValueClass::dbl;
  if (s.type != Type::none) return f.cls == ValueClass::integer;
  return true;
}

using detail::FlatNames;

KindMask bit(OperandKind k) { return KindMask(1u << unsigned(k)); }

// A family's forms that are still candidates.
struct FormSet {
  std::array<const Form*, kMaxFormsPerFamily> items{};
  size_t count = 0;
  void add(const Form* f) { items[count++] = f; }
  bool empty() const { return count == 0; }
  const Form* const* begin() const { return items.data(); }
  const Form* const* end() const { return items.data() + count; }
};

std::string arities_text(const FormSet& forms) {
  std::set<int> ar;
  for (const Form* f : forms) ar.insert(f->arity);
  std::string out;
  for (int a : ar) out += (out.empty() ? "" : " or ") + std::to_string(a);
  return out;
}

// A `=> @ref` jump site of a branch to !forward.
struct ForwardRef {
  SourceLoc loc;
  bool patched = false;
};

class FunctionChecker {
 public:
  FunctionChecker(const Program& p, Function& f, const CheckOptions& o, Diagnostics& out)
      : program_(p), fn_(f), options_(o), out_(out) {}

  void run() {
    if (fn_.code.empty()) return error(fn_.loc, "function " + fn_.name + " has no instructions");
    for (size_t i = 0; i < fn_.code.size(); ++i) instruction(fn_.code[i], i);
    std::vector<std::pair<std::string_view, Ref>> unpatched;
    refs_.for_each([&](const auto& entry) {
      if (!entry.second.patched) unpatched.push_back(entry);
    });
    std::sort(unpatched.begin(), unpatched.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });  // by name, as before
    for (const auto& [view, site] : unpatched) {
      std::string name(view);
      error(site.loc, "forward branch => @" + name + " is never patched (add `patch @" + name + "`)");
    }
  }

 private:
  using Ref = ForwardRef;
  const Program& program_;
  Function& fn_;
  const CheckOptions& options_;
  Diagnostics& out_;
  // Keys are views of names in fn_.code (which the check does not resize).
  FlatNames<bool> labels_;      // bound so far
  FlatNames<Ref> refs_;         // forward jump sites so far
  FlatNames<ValueClass> vars_;  // set so far, with the class of their arg
  bool leaf_ = false;
  int64_t declared_args_ = 0, args_ = 0;  // prolog N, arg count
  int64_t call_args_ = -1, pushed_ = 0;   // prepare N (-1: no call open), pusharg count

  void error(const SourceLoc& loc, std::string msg) { out_.push_back({program_.file, loc, std::move(msg)}); }
  void error(const Instruction& ins, const std::string& msg) {
    error(ins.loc, std::string(ins.mnemonic()) + ": " + msg);
  }

  void instruction(Instruction& ins, size_t index) {
    ins.form = nullptr;
    if (!ins.spelling.known()) return error(ins.loc, "unknown mnemonic '" + std::string(ins.mnemonic()) + "'");
    const Family& fam = *family(ins.op());
    // The common path stays small: each rule below is called only where it
    // applies, and the messages are built out of line.
    KindMask kinds = 0;
    for (const Operand& op : ins.operands) {
      // Register count per kind (0: not a numbered register); one compare per operand.
      static constexpr uint8_t kLimit[kOperandKindCount] = {0, 0, 0, kNumRegR, kNumRegV, kNumRegFP, 0, 0, 0};
      unsigned limit = kLimit[size_t(op.kind)];
      if (limit != 0 && uint64_t(op.value) >= limit) [[unlikely]]
        register_out_of_range(ins, op, limit);
      kinds |= bit(op.kind);
    }
    ins.form = match(ins, fam);
    if (!ins.form) return;
    const Op op = ins.op();
    if (index == 0 || op == Op::prolog || op == Op::leaf) entry(ins, index);
    if (fam.result != ResultRule::none || ins.result) result(ins, fam);
    if (kinds & bit(OperandKind::var)) variables(ins);
    if ((op == Op::div || op == Op::rem) && ins.form->cls == ValueClass::integer) divisor(ins);
    if (is_branch(op) || op == Op::patch || op == Op::finish || op == Op::arg || op == Op::prepare || op == Op::pusharg)
      operands(ins);
  }

  // An immediate 0 divisor (div, rem, and their unsigned forms) is known to
  // fail; both back ends would only report it when the instruction runs.
  void divisor(const Instruction& ins) {
    const Operand& d = ins.operands[2];
    if (d.is_imm() && d.value == 0) error(d.loc, std::string(ins.mnemonic()) + ": division by zero");
  }

  [[gnu::cold, gnu::noinline]] void register_out_of_range(const Instruction& ins, const Operand& op, unsigned limit) {
    std::string prefix = op.text().substr(0, 2);
    error(op.loc, std::string(ins.mnemonic()) + ": register " + op.text() + " is out of range (" + prefix + "0.." +
                      prefix + std::to_string(limit - 1) + ")");
  }

  // The first form (in table order) that the spelling allows and the operands fit.
  const Form* match(const Instruction& ins, const Family& fam) {
    for (const Form& f : fam.forms)
      if (fits(ins, f)) return &f;
    return mismatch(ins, fam);
  }

  static bool fits(const Instruction& ins, const Form& f) {
    if (f.arity != ins.operands.size() || !form_allowed(ins.spelling, f)) return false;
    for (size_t i = 0; i < ins.operands.size(); ++i)
      if (!(f.kinds[i] & bit(ins.operands[i].kind))) return false;
    return true;
  }

  // No form fits: narrow the candidates operand by operand to say what was expected.
  const Form* mismatch(const Instruction& ins, const Family& fam) {
    FormSet cands, fit;
    for (const Form& f : fam.forms)
      if (form_allowed(ins.spelling, f)) cands.add(&f);
    if (cands.empty()) {  // the letter exists, and the suffix, but not together (pushargi_d)
      const char* letter = ins.spelling.letter == Letter::r ? "r" : "i";
      error(ins, std::string("no ") + letter + " form of " + std::string(fam.name) + " works on " +
                     (ins.spelling.type == Type::d ? "doubles" : "integers"));
      return nullptr;
    }
    for (const Form* f : cands)
      if (f->arity == ins.operands.size()) fit.add(f);
    if (fit.empty()) {
      error(ins, "expects " + arities_text(cands) + " operand(s), got " + std::to_string(ins.operands.size()));
      return nullptr;
    }
    for (size_t i = 0; i < ins.operands.size(); ++i) {
      const Operand& op = ins.operands[i];
      KindMask expected = 0;
      FormSet next;
      for (const Form* f : fit) {
        expected |= f->kinds[i];
        if (f->kinds[i] & bit(op.kind)) next.add(f);
      }
      if (next.empty()) {
        error(op.loc, std::string(ins.mnemonic()) + ": operand " + std::to_string(i + 1) + " (" + op.text() + ") is " +
                          std::string(kind_name(op.kind)) + ", expected " + kinds_text(expected));
        return nullptr;
      }
      fit = next;
    }
    return *fit.begin();
  }

  void entry(const Instruction& ins, size_t index) {
    bool is_entry = ins.op() == Op::prolog || ins.op() == Op::leaf;
    if (index == 0 && !is_entry) error(ins, "a function must start with prolog or leaf");
    if (index != 0 && is_entry) error(ins, "only the first instruction of a function may be prolog or leaf");
    if (is_entry) {
      leaf_ = ins.op() == Op::leaf;
      declared_args_ = ins.operands[0].value;
      if (declared_args_ < 0 || declared_args_ > 255)
        error(ins.operands[0].loc, std::string(ins.mnemonic()) + ": argument count " + std::to_string(declared_args_) +
                                       " is out of range 0..255");
    }
  }

  void result(const Instruction& ins, const Family& fam) {
    bool forward = !ins.operands.empty() && ins.operands[0].kind == OperandKind::call;
    ResultRule rule = fam.result;
    bool need_var = rule == ResultRule::var;
    bool need_label = rule == ResultRule::label || (rule == ResultRule::ref_if_forward && forward);
    const std::optional<Operand>& r = ins.result;
    if (!need_var && !need_label) {
      if (r)
        error(r->loc, std::string(ins.mnemonic()) + ": takes no result (=> " + r->text() + ")" +
                          (rule == ResultRule::ref_if_forward ? "; only a branch to !forward stores a jump site" : ""));
      return;
    }
    const char* want = need_var                    ? "=> $variable"
                       : rule == ResultRule::label ? "=> @label"
                                                   : "=> @ref (the jump site to patch)";
    if (!r) return error(ins, std::string("needs a result ") + want);
    if (r->kind != (need_var ? OperandKind::var : OperandKind::label))
      return error(r->loc, std::string(ins.mnemonic()) + ": result " + r->text() + " is " +
                               std::string(kind_name(r->kind)) + ", expected " + want);
    if (need_var) {
      if (!vars_.insert(r->name, ins.form->cls))
        error(r->loc, std::string(ins.mnemonic()) + ": variable $" + std::string(r->name) + " is already set");
      return;
    }
    if (r->name == "self")
      return error(r->loc, std::string(ins.mnemonic()) + ": @self is reserved for the function entry");
    if (labels_.find(r->name) || refs_.find(r->name))
      return error(r->loc, std::string(ins.mnemonic()) + ": @" + std::string(r->name) +
                               " is already defined in function " + std::string(fn_.name));
    if (ins.op() == Op::get_label) labels_.insert(r->name, true);
    else refs_.insert(r->name, Ref{r->loc});
  }

  void variables(const Instruction& ins) {
    for (const Operand& o : ins.operands) {
      if (o.kind != OperandKind::var) continue;
      const ValueClass* cls = vars_.find(o.name);
      if (!cls)
        error(o.loc, std::string(ins.mnemonic()) + ": variable $" + std::string(o.name) +
                         " is used before it is set (set it with `arg => $" + std::string(o.name) + "`)");
      else if (*cls != ins.form->cls)
        error(o.loc, std::string(ins.mnemonic()) + ": $" + std::string(o.name) +
                         (*cls == ValueClass::dbl ? " is a double argument (arg_d); use getarg_d with a %f register"
                                                  : " is an integer argument; use getarg with an integer register"));
    }
  }

  // The rules of branches, patch, calls and arguments.
  void operands(const Instruction& ins) {
    const Op op = ins.op();
    if (leaf_ && op == Op::finish) error(ins.loc, "finish in leaf function '" + fn_.name + "' (use prolog)");
    if (is_branch(op)) target(ins, ins.operands[0]);
    if (op == Op::patch) patch(ins.operands[0]);
    if (op == Op::finish) call(ins, ins.operands[0]);
    if (op == Op::arg && ++args_ > declared_args_)
      error(ins, "more arguments than the " + std::to_string(declared_args_) + " that prolog declares");
    if (op == Op::prepare) {
      if (call_args_ >= 0) error(ins, "the previous prepare has no finish yet");
      call_args_ = ins.operands[0].value;
      pushed_ = 0;
      if (call_args_ < 0 || call_args_ > 255)
        error(ins.operands[0].loc, std::string(ins.mnemonic()) + ": argument count " + std::to_string(call_args_) +
                                       " is out of range 0..255");
    }
    if (op == Op::pusharg) {
      if (call_args_ < 0) error(ins, "pusharg without prepare");
      else if (++pushed_ > call_args_)
        error(ins, "more arguments than the " + std::to_string(call_args_) + " that prepare declares");
    }
    if (op == Op::finish) {
      if (call_args_ < 0) error(ins, "finish without prepare");
      else if (pushed_ != call_args_)
        error(ins, "prepare declares " + std::to_string(call_args_) + " argument(s) but " + std::to_string(pushed_) +
                       " were pushed");
      call_args_ = -1;
    }
  }

  void target(const Instruction& ins, const Operand& t) {
    if (t.kind == OperandKind::call) {
      if (t.name != "forward")
        error(t.loc, std::string(ins.mnemonic()) + ": branch target !" + std::string(t.name) +
                         " is not allowed (use !forward or a bound @label)");
      return;
    }
    if (labels_.find(t.name)) return;
    if (refs_.find(t.name))
      return error(t.loc, std::string(ins.mnemonic()) + ": @" + std::string(t.name) +
                              " is a forward jump site (for patch), not a label");
    if (t.name == "self")
      return error(t.loc, std::string(ins.mnemonic()) + ": cannot branch to @self (use get_label after prolog)");
    if (bound_later(t.name))
      return error(t.loc, std::string(ins.mnemonic()) + ": label @" + std::string(t.name) +
                              " is bound later; branch forward with !forward => @ref and patch @ref");
    error(t.loc, std::string(ins.mnemonic()) + ": branch to undefined label @" + std::string(t.name));
  }

  // Only on the error path: a scan for a get_label of that name (a correct
  // program never needs it, so the check makes no extra pass for it).
  bool bound_later(std::string_view name) const {
    for (const Instruction& ins : fn_.code)
      if (ins.result && ins.result->kind == OperandKind::label && ins.op() == Op::get_label && ins.result->name == name)
        return true;
    return false;
  }

  void patch(const Operand& t) {
    Ref* ref = refs_.find(t.name);
    if (!ref) {
      if (labels_.find(t.name))
        return error(t.loc, "patch: @" + std::string(t.name) + " is a label, not a forward jump site");
      return error(t.loc, "patch of unknown ref @" + std::string(t.name) +
                              " (expected the => @ref of an earlier branch to !forward)");
    }
    if (ref->patched) return error(t.loc, "patch: @" + std::string(t.name) + " is already patched");
    ref->patched = true;
  }

  void call(const Instruction& ins, const Operand& t) {
    if (t.kind == OperandKind::label) {
      if (t.name == "self" || program_.find(t.name)) return;
      return error(t.loc, std::string(ins.mnemonic()) + ": call to unknown function @" + std::string(t.name) +
                              " (expected @self or a #function of this file)");
    }
    if (t.name == "forward")
      return error(
          t.loc, std::string(ins.mnemonic()) + ": cannot call !forward (expected @self, @function or !host_function)");
    if (options_.is_host_function && !options_.is_host_function(t.name))
      error(t.loc, std::string(ins.mnemonic()) + ": call to unknown host function !" + std::string(t.name));
  }
};

}  // namespace

Diagnostics check(Program& program, const CheckOptions& options) {
  Diagnostics out;
  if (program.functions.empty()) out.push_back({program.file, SourceLoc{1, 1, 0}, "no instructions"});
  FlatNames<bool> names;  // views of the function names (the list is not resized here)
  for (Function& f : program.functions) {
    if (!names.insert(f.name, true)) out.push_back({program.file, f.loc, "function " + f.name + " is defined twice"});
    if (f.name == "self")
      out.push_back({program.file, f.loc, "function name self is reserved (@self is the calling function)"});
    FunctionChecker(program, f, options, out).run();
  }
  return out;
}

}  // namespace ras
