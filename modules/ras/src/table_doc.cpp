// The instruction table rendered as Markdown, for docs/ras.md and `rasm table`.
#include <fmt/format.h>

#include <string>

#include "ras/opcodes.hpp"

namespace ras {
namespace {

std::string mask_letter(KindMask m) {
  struct Named {
    KindMask mask;
    const char* letter;
  };
  static constexpr Named named[] = {{kinds::R, "R"}, {kinds::F, "F"}, {kinds::I, "I"}, {kinds::N, "N"},
                                    {kinds::V, "V"}, {kinds::T, "T"}, {kinds::L, "L"}};
  for (const Named& n : named)
    if (n.mask == m) return n.letter;
  return fmt::format("({})", kinds_text(m));
}

std::string form_text(const Family& f, const Form& form) {
  Spelling s{f.op, form.letter, form.cls == ValueClass::dbl ? Type::d : Type::none, 0};
  std::string out = fmt::format("`{}`", spell(s));
  for (int i = 0; i < form.arity; ++i) {
    out += i ? ',' : ' ';
    out += mask_letter(form.kinds[i]);
  }
  return out;
}

}  // namespace

std::string table_markdown() {
  std::string out =
      "| family | forms (spelled with letter and _d) | type suffixes | result | meaning |\n"
      "| --- | --- | --- | --- | --- |\n";
  for (const Family& f : families()) {
    out += "| `" + std::string(f.name) + "`";
    if (!f.alias.empty()) out += " (`" + std::string(f.alias) + "`)";
    out += " | ";
    for (size_t i = 0; i < f.forms.size(); ++i) {
      if (i) out += " · ";
      out += form_text(f, f.forms[i]);
    }
    out += " | ";
    std::string types;
    for (int t = 1; t < kTypeCount; ++t)
      if (f.types & type_bit(Type(t))) types += (types.empty() ? "_" : " _") + std::string(type_suffix(Type(t)));
    out += (types.empty() ? "-" : types) + " | ";
    switch (f.result) {
      case ResultRule::none: out += "-"; break;
      case ResultRule::var: out += "`=> $var`"; break;
      case ResultRule::label: out += "`=> @label`"; break;
      case ResultRule::ref_if_forward: out += "`=> @ref` if !forward"; break;
    }
    std::string summary;
    for (char c : f.summary) summary += c == '|' ? "\\|" : std::string(1, c);  // a bare | would end the cell
    out += " | " + summary + " |\n";
  }
  return out;
}

}  // namespace ras
