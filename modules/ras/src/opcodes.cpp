// The instruction table as data, and mnemonic spelling <-> opcode.
#include "ras/opcodes.hpp"

#include <array>

#include "ras/ir.hpp"
#include "spelling_rules.hpp"

namespace ras {
namespace {

using namespace kinds;
constexpr auto INT = ValueClass::integer;
constexpr auto DBL = ValueClass::dbl;
constexpr auto NL = Letter::none;
constexpr auto LR = Letter::r;
constexpr auto LI = Letter::i;

constexpr TypeMask types(std::initializer_list<Type> ts) {
  TypeMask m = 0;
  for (Type t : ts) m |= type_bit(t);
  return m;
}
using enum Type;
// Suffix sets shared by several families.
constexpr TypeMask kIntTypes = types({none, i, ui, l, ul});
constexpr TypeMask kIntDblTypes = types({none, i, ui, l, ul, d});
constexpr TypeMask kWordTypes = types({none, i, ui, l, ul, p, d});
constexpr TypeMask kLoadTypes = types({none, c, uc, s, us, i, ui, l, ul, p, d});
constexpr TypeMask kStoreTypes = types({none, c, s, i, l, p, d});
constexpr TypeMask kRetvalTypes = types({none, c, uc, s, us, i, ui, l, ul, p, d});
constexpr TypeMask kNone = types({none});
constexpr TypeMask kDbl = types({none, d});

// Forms (operand signatures).
constexpr Form kMov[] = {{LR, INT, 2, {R, R}}, {LI, INT, 2, {R, I}}, {LR, DBL, 2, {F, F}}, {LI, DBL, 2, {F, N}}};
constexpr Form kArithD[] = {
    {LR, INT, 3, {R, R, R}}, {LI, INT, 3, {R, R, I}}, {LR, DBL, 3, {F, F, F}}, {LI, DBL, 3, {F, F, N}}};
constexpr Form kArith[] = {{LR, INT, 3, {R, R, R}}, {LI, INT, 3, {R, R, I}}};
constexpr Form kUnaryD[] = {{LR, INT, 2, {R, R}}, {LR, DBL, 2, {F, F}}};
constexpr Form kUnary[] = {{LR, INT, 2, {R, R}}};
constexpr Form kUnaryOnlyD[] = {{LR, DBL, 2, {F, F}}};
constexpr Form kBranch[] = {
    {LR, INT, 3, {T, R, R}}, {LI, INT, 3, {T, R, I}}, {LR, DBL, 3, {T, F, F}}, {LI, DBL, 3, {T, F, N}}};
constexpr Form kJmp[] = {{LI, INT, 1, {T}}};
// Loads and stores: the address (and offset) operands are integers in both
// classes; only the loaded or stored value is a double in the _d forms.
constexpr Form kLd[] = {{LR, INT, 2, {R, R}}, {LI, INT, 2, {R, I}}, {LR, DBL, 2, {F, R}}, {LI, DBL, 2, {F, I}}};
constexpr Form kLdx[] = {
    {LR, INT, 3, {R, R, R}}, {LI, INT, 3, {R, R, I}}, {LR, DBL, 3, {F, R, R}}, {LI, DBL, 3, {F, R, I}}};
constexpr Form kSt[] = {{LR, INT, 2, {R, R}}, {LI, INT, 2, {I, R}}, {LR, DBL, 2, {R, F}}, {LI, DBL, 2, {I, F}}};
constexpr Form kStx[] = {
    {LR, INT, 3, {R, R, R}}, {LI, INT, 3, {I, R, R}}, {LR, DBL, 3, {R, R, F}}, {LI, DBL, 3, {I, R, F}}};
constexpr Form kNoOperands[] = {{NL, INT, 0, {}}};
constexpr Form kNoOperandsD[] = {{NL, INT, 0, {}}, {NL, DBL, 0, {}}};
constexpr Form kPatch[] = {{NL, INT, 1, {L}}};
constexpr Form kCount[] = {{NL, INT, 1, {I}}};
constexpr Form kCountD[] = {{NL, INT, 1, {I}}, {NL, DBL, 1, {I}}};
constexpr Form kGetarg[] = {{NL, INT, 2, {R, V}}, {NL, DBL, 2, {F, V}}};
constexpr Form kPusharg[] = {{LR, INT, 1, {R}}, {LI, INT, 1, {I}}, {LR, DBL, 1, {F}}};
constexpr Form kFinish[] = {{NL, INT, 1, {C}}};
constexpr Form kRetval[] = {{NL, INT, 1, {R}}, {NL, DBL, 1, {F}}};
constexpr Form kExt[] = {{LR, DBL, 2, {F, R}}};
constexpr Form kTrunc[] = {{LR, DBL, 2, {R, F}}};

using RR = ResultRule;
constexpr Family kFamilies[] = {
    {Op::mov, "mov", "", kIntDblTypes, RR::none, kMov,
     "dst = src (register or immediate; doubles: movi_d takes a double literal, or an integer it converts)"},
    {Op::add, "add", "", kIntDblTypes, RR::none, kArithD, "dst = a + b"},
    {Op::sub, "sub", "", kIntDblTypes, RR::none, kArithD, "dst = a - b"},
    {Op::mul, "mul", "", kIntDblTypes, RR::none, kArithD, "dst = a * b"},
    {Op::div, "div", "", kIntDblTypes, RR::none, kArithD, "dst = a / b (signed, or unsigned with _ui/_ul)"},
    {Op::rem, "rem", "", kIntTypes, RR::none, kArith, "dst = a % b (signed, or unsigned with _ui/_ul)"},
    {Op::and_, "and", "", kIntTypes, RR::none, kArith, "dst = a & b"},
    {Op::or_, "or", "", kIntTypes, RR::none, kArith, "dst = a | b"},
    {Op::xor_, "xor", "", kIntTypes, RR::none, kArith, "dst = a ^ b"},
    {Op::lsh, "lsh", "", kIntTypes, RR::none, kArith, "dst = a << b"},
    {Op::rsh, "rsh", "", kIntTypes, RR::none, kArith, "dst = a >> b (arithmetic, or logical with _ui/_ul)"},
    {Op::neg, "neg", "", kIntDblTypes, RR::none, kUnaryD, "dst = -src"},
    {Op::not_, "not", "", kIntTypes, RR::none, kUnary, "dst = ~src"},
    {Op::lt, "lt", "", kIntTypes, RR::none, kArith, "dst = a < b ? 1 : 0"},
    {Op::le, "le", "", kIntTypes, RR::none, kArith, "dst = a <= b ? 1 : 0"},
    {Op::eq, "eq", "", kIntTypes, RR::none, kArith, "dst = a == b ? 1 : 0"},
    {Op::ne, "ne", "", kIntTypes, RR::none, kArith, "dst = a != b ? 1 : 0"},
    {Op::ge, "ge", "", kIntTypes, RR::none, kArith, "dst = a >= b ? 1 : 0"},
    {Op::gt, "gt", "", kIntTypes, RR::none, kArith, "dst = a > b ? 1 : 0"},
    {Op::blt, "blt", "", kWordTypes, RR::ref_if_forward, kBranch, "goto target if a < b"},
    {Op::ble, "ble", "", kWordTypes, RR::ref_if_forward, kBranch, "goto target if a <= b"},
    {Op::beq, "beq", "", kWordTypes, RR::ref_if_forward, kBranch, "goto target if a == b"},
    {Op::bne, "bne", "", kWordTypes, RR::ref_if_forward, kBranch, "goto target if a != b"},
    {Op::bge, "bge", "", kWordTypes, RR::ref_if_forward, kBranch, "goto target if a >= b"},
    {Op::bgt, "bgt", "", kWordTypes, RR::ref_if_forward, kBranch, "goto target if a > b"},
    {Op::jmp, "jmp", "", kNone, RR::ref_if_forward, kJmp, "goto target"},
    {Op::ld, "ld", "", kLoadTypes, RR::none, kLd,
     "dst = *(type*)addr (addr: register or immediate; _d: a double into %f)"},
    {Op::ldx, "ldx", "", kLoadTypes, RR::none, kLdx,
     "dst = *(type*)(base + offset) (offset: register or immediate; _d: a double)"},
    {Op::st, "st", "", kStoreTypes, RR::none, kSt,
     "*(type*)addr = src (addr: register or immediate; _d: a double from %f)"},
    {Op::stx, "stx", "", kStoreTypes, RR::none, kStx,
     "*(type*)(base + offset) = src; operands: offset, base, src (_d: a double)"},
    {Op::get_label, "get_label", "label", kNone, RR::label, kNoOperands,
     "=> @name binds @name here (backward branches)"},
    {Op::patch, "patch", "", kNone, RR::none, kPatch, "points the forward branch stored in @ref here"},
    {Op::prolog, "prolog", "", kNone, RR::none, kCount, "function entry taking N arguments"},
    {Op::leaf, "leaf", "", kNone, RR::none, kCount, "entry of a function that makes no calls, taking N arguments"},
    {Op::arg, "arg", "", kWordTypes, RR::var, kNoOperandsD, "=> $var: the next argument's slot"},
    {Op::getarg, "getarg", "", kRetvalTypes, RR::none, kGetarg, "dst = the argument in slot $var"},
    {Op::prepare, "prepare", "", kWordTypes, RR::none, kCountD, "start a call with N arguments"},
    {Op::pusharg, "pusharg", "", kWordTypes, RR::none, kPusharg, "push the next argument (register or immediate)"},
    {Op::finish, "finish", "", kNone, RR::none, kFinish, "call @self, @function of this file, or !host function"},
    {Op::retval, "retval", "", kRetvalTypes, RR::none, kRetval, "dst = the value returned by the last call"},
    {Op::ret, "ret", "", kNone, RR::none, kNoOperands, "return (the result is in %ret)"},
    {Op::abs, "abs", "", kDbl, RR::none, kUnaryOnlyD, "dst = |src| (double)"},
    {Op::sqrt, "sqrt", "", kDbl, RR::none, kUnaryOnlyD, "dst = sqrt(src) (double)"},
    {Op::ext, "ext", "", kDbl, RR::none, kExt, "double dst = integer src"},
    {Op::trunc, "trunc", "", kDbl, RR::none, kTrunc, "integer dst = double src, rounded toward zero"},
};

constexpr bool forms_fit() {
  for (const Family& f : kFamilies)
    if (f.forms.size() > kMaxFormsPerFamily) return false;
  return true;
}
static_assert(forms_fit(), "a family has more forms than kMaxFormsPerFamily");

constexpr std::array<std::string_view, kTypeCount> kSuffix = {"", "c", "uc", "s", "us", "i", "ui", "l", "ul", "p", "d"};

bool has_letter(const Family& f, Letter l) {
  for (const Form& form : f.forms)
    if (form.letter == l) return true;
  return false;
}

}  // namespace

std::string_view type_suffix(Type t) { return kSuffix[size_t(t)]; }

std::span<const Family> families() { return kFamilies; }

// Op -> its family (nullptr: no such family), built at compile time (constant
// initialization, so usable from any static initializer): family() is one
// inline load, and it runs several times per instruction.
constexpr std::array<const Family*, kOpLimit> detail::kFamilyByOp = [] {
  std::array<const Family*, kOpLimit> index{};
  for (const Family& f : kFamilies) index[size_t(f.op)] = &f;
  return index;
}();

bool valid_spelling(const Spelling& s) {
  const Family* f = family(s.op);
  if (!f) return false;
  if (s.alias > 1 || (s.alias == 1 && f->alias.empty())) return false;
  if (size_t(s.type) >= kTypeCount || !(f->types & type_bit(s.type))) return false;
  return s.letter == Letter::none || has_letter(*f, s.letter);
}

std::string detail::spell_by_rules(const Spelling& s) {
  const Family* f = family(s.op);
  if (!f) return "?";
  std::string out(s.alias ? f->alias : f->name);
  if (s.letter == Letter::r) out += 'r';
  if (s.letter == Letter::i) out += 'i';
  if (s.type != Type::none) {
    out += '_';
    out += type_suffix(s.type);
  }
  return out;
}

Spelling detail::decode_by_rules(std::string_view m) {
  Spelling s;
  // Split off a type suffix.
  if (size_t us = m.rfind('_'); us != std::string_view::npos) {
    std::string_view suf = m.substr(us + 1);
    for (size_t t = 1; t < kTypeCount; ++t)
      if (suf == kSuffix[t]) {
        s.type = Type(t);
        m = m.substr(0, us);
        break;
      }
  }
  auto match = [&](std::string_view base) -> bool {
    if (base.empty()) return false;
    for (const Family& f : kFamilies) {
      if (f.name[0] != base[0] && (f.alias.empty() || f.alias[0] != base[0])) continue;  // cheap reject first
      uint8_t alias = base == f.name ? 0 : (!f.alias.empty() && base == f.alias) ? 1 : 2;
      if (alias == 2) continue;
      s.op = f.op;
      s.alias = alias;
      return true;
    }
    return false;
  };
  if (!match(m) && m.size() > 1) {
    char last = m.back();
    if ((last == 'r' || last == 'i') && match(m.substr(0, m.size() - 1)))
      s.letter = last == 'r' ? Letter::r : Letter::i;
  }
  if (!s.known() || !valid_spelling(s)) return Spelling{};
  return s;
}

uint16_t opcode_of(const Spelling& s) {
  return uint16_t(unsigned(s.op) | unsigned(s.letter) << 8 | unsigned(s.type) << 10 | unsigned(s.alias) << 14);
}

std::string kinds_text(KindMask m) {
  std::string out;
  for (int k = 0; k < kOperandKindCount; ++k)
    if (m & (1 << k)) {
      if (!out.empty()) out += ", ";
      out += kind_name(OperandKind(k));
    }
  return out;
}

}  // namespace ras
