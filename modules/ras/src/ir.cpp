// Small helpers of the program representation.
#include "ras/ir.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "ras/diagnostic.hpp"

namespace ras {

std::string_view kind_name(OperandKind k) {
  static constexpr std::string_view names[] = {"var",    "label",   "call", "reg_r", "reg_v",
                                               "reg_fp", "reg_ret", "imm",  "imm64", "imm_d"};
  size_t i = size_t(k);
  return i < std::size(names) ? names[i] : "?";
}

std::string double_text(double d) {
  if (std::isnan(d)) return "nan";
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d);  // shortest text that reads back the same
  std::string out(buffer, end);
  // Keep it a double literal: "2" would read back as an integer.
  if (out.find_first_of(".en") == std::string::npos) out += ".0";
  return out;
}

std::string Operand::text() const {
  switch (kind) {
    case OperandKind::var: return fmt::format("${}", name);
    case OperandKind::label: return fmt::format("@{}", name);
    case OperandKind::call: return fmt::format("!{}", name);
    case OperandKind::reg_r: return fmt::format("%r{}", value);
    case OperandKind::reg_v: return fmt::format("%v{}", value);
    case OperandKind::reg_fp: return fmt::format("%f{}", value);
    case OperandKind::reg_ret: return "%ret";
    case OperandKind::imm:
    case OperandKind::imm64: return std::to_string(value);
    case OperandKind::imm_d: return double_text(as_double());
  }
  return "?";
}

bool Instruction::same(const Instruction& o) const {
  if (mnemonic() != o.mnemonic() || operands.size() != o.operands.size()) return false;
  for (size_t i = 0; i < operands.size(); ++i)
    if (!operands[i].same(o.operands[i])) return false;
  if (result.has_value() != o.result.has_value()) return false;
  return !result || result->same(*o.result);
}

const Function* Program::find(std::string_view name) const {
  for (const Function& f : functions)
    if (f.name == name) return &f;
  return nullptr;
}

size_t Program::instruction_count() const {
  size_t n = 0;
  for (const Function& f : functions) n += f.code.size();
  return n;
}

bool Program::same(const Program& o) const {
  if (functions.size() != o.functions.size()) return false;
  for (size_t i = 0; i < functions.size(); ++i) {
    const Function &a = functions[i], &b = o.functions[i];
    if (a.name != b.name || a.code.size() != b.code.size()) return false;
    for (size_t j = 0; j < a.code.size(); ++j)
      if (!a.code[j].same(b.code[j])) return false;
  }
  return true;
}

std::string where(const std::string& file, const SourceLoc& loc) {
  if (loc.line == 0) return file + ":offset " + std::to_string(loc.offset);
  return file + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.col);
}

std::string to_string(const Diagnostics& d) {
  std::string out;
  for (const Diagnostic& x : d) {
    if (!out.empty()) out += '\n';
    out += x.str();
  }
  return out;
}

}  // namespace ras
