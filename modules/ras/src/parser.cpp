// Text -> Program: one instruction a line, `#` comments, optional commas,
// `=> $var` / `=> @label` results, `#function NAME` directives.
#include "ras/parser.hpp"

#include <bit>
#include <charconv>
#include <cmath>

#include "expr.hpp"
#include "names.hpp"

namespace ras {
namespace {

using detail::ident_char;
using detail::ident_start;

// Reads the lines of one file into a Program.
class Parser {
 public:
  Parser(std::string file) { result_.program.file = std::move(file); }

  void line(std::string_view text, uint32_t number) {
    line_ = text;
    number_ = number;
    pos_ = 0;
    skip_space();
    if (directive()) return;
    if (at_end()) return;
    instruction();
  }

  void keep(std::shared_ptr<const std::string> storage) { result_.program.storage = std::move(storage); }
  ParseResult finish() { return std::move(result_); }

 private:
  ParseResult result_;
  std::string_view line_;
  uint32_t number_ = 0;
  size_t pos_ = 0;

  SourceLoc loc(size_t at) const { return SourceLoc{number_, uint32_t(at + 1), 0}; }
  void error(size_t at, std::string msg) { result_.errors.push_back({result_.program.file, loc(at), std::move(msg)}); }
  void skip_space() { pos_ = detail::skip_blanks(line_, pos_); }
  // End of the meaningful text: end of line or a comment.
  bool at_end() const { return pos_ >= line_.size() || line_[pos_] == '#'; }
  std::string_view ident() {
    size_t start = pos_;
    if (pos_ < line_.size() && ident_start(line_[pos_]))
      while (pos_ < line_.size() && ident_char(line_[pos_])) ++pos_;
    return line_.substr(start, pos_ - start);
  }
  std::string rest_text() const { return std::string(line_.substr(pos_, 12)); }

  Function& current(size_t at) {
    auto& fs = result_.program.functions;
    if (fs.empty()) start_function(kDefaultFunctionName, loc(at));
    return fs.back();
  }

  // Room for a small function's code up front: it then does not move while
  // it is parsed (larger ones grow as usual).
  void start_function(std::string_view name, SourceLoc where) {
    Function& f = result_.program.functions.emplace_back(Function{std::string(name), where, {}});
    f.code.reserve(32);
  }

  // `#function NAME` at the start of a line (after blanks), `#function` followed
  // by a blank; anything else starting with '#' is a comment.
  bool directive() {
    static constexpr std::string_view kw = "#function";
    if (line_.substr(pos_, kw.size()) != kw) return false;
    size_t after = pos_ + kw.size();
    if (after < line_.size() && line_[after] != ' ' && line_[after] != '\t') return false;
    size_t start = pos_;
    pos_ = after;
    skip_space();
    size_t name_at = pos_;
    std::string_view name = ident();
    if (name.empty()) {
      error(name_at, "#function needs a name (letters, digits, '_'; not starting with a digit)");
      return true;
    }
    skip_space();
    if (!at_end()) {
      error(pos_,
            "unexpected '" + rest_text() + "' after #function " + std::string(name) + " (only a # comment may follow)");
      return true;
    }
    start_function(name, loc(start));
    return true;
  }

  // The instruction is built in place at the end of its function (no copy
  // of a finished Instruction) and taken back out if the line has an error.
  void instruction() {
    size_t at = pos_;
    std::string_view mnemonic = ident();
    if (mnemonic.empty()) return error(at, "expected a mnemonic, got '" + rest_text() + "'");
    if (pos_ < line_.size() && line_[pos_] != ' ' && line_[pos_] != '\t' && line_[pos_] != '#' &&
        line_.substr(pos_, 2) != "=>")
      return error(pos_, "unexpected '" + std::string(1, line_[pos_]) + "' in mnemonic " + std::string(mnemonic));
    bool new_function = result_.program.functions.empty();
    Function& fn = current(at);
    Instruction& ins = fn.code.emplace_back();
    ins.loc = loc(at);
    ins.spelling = decode_mnemonic(mnemonic);
    if (!ins.spelling.known()) ins.unknown_mnemonic = mnemonic;
    if (operands(ins)) return;
    fn.code.pop_back();
    if (new_function) result_.program.functions.pop_back();
  }

  bool operands(Instruction& ins) {
    bool comma_ok = false;  // a comma may follow an operand only
    for (;;) {
      skip_space();
      if (at_end()) {
        if (!comma_ok && !ins.operands.empty()) return error(pos_, "expected an operand after ','"), false;
        return true;
      }
      if (line_.substr(pos_, 2) == "=>") {
        if (!comma_ok && !ins.operands.empty()) return error(pos_, "expected an operand after ',', got '=>'"), false;
        return result(ins);
      }
      if (line_[pos_] == ',') {
        if (!comma_ok)
          return error(pos_, ins.operands.empty() ? "unexpected ',' before the first operand" : "two commas in a row"),
                 false;
        comma_ok = false;
        ++pos_;
        continue;
      }
      if (!operand(ins.operands.add())) return false;
      comma_ok = true;
    }
  }

  bool result(Instruction& ins) {
    pos_ += 2;
    skip_space();
    Operand op;
    size_t at = pos_;
    if (at_end() || (line_[pos_] != '$' && line_[pos_] != '@'))
      return error(at, "expected $variable or @label after '=>'"), false;
    if (!operand(op)) return false;
    skip_space();
    if (!at_end()) return error(pos_, "unexpected '" + rest_text() + "' after the result " + op.text()), false;
    ins.result = std::move(op);
    return true;
  }

  bool operand(Operand& op) {
    size_t at = pos_;
    op.loc = loc(at);
    char c = line_[pos_];
    if (c == '%') return reg(op);
    if (c == '$' || c == '@' || c == '!') {
      ++pos_;
      std::string_view name = ident();
      if (name.empty()) return error(pos_, std::string("expected a name after '") + c + "'"), false;
      op.kind = c == '$' ? OperandKind::var : c == '@' ? OperandKind::label : OperandKind::call;
      op.name = name;
      return separated();
    }
    switch (double_literal(op)) {
      case Literal::none: break;
      case Literal::read: return separated();
      case Literal::bad: return false;
    }
    detail::ExprReader expr(line_, pos_);
    if (!expr.at_start())
      return error(at, "unexpected '" + rest_text() +
                           "' (expected an operand: %register, $var, @label, !call or an integer)"),
             false;
    if (!expr.read(op.value)) return error(expr.error_pos, expr.error), false;
    pos_ = expr.pos;
    op.kind = needs_imm64(op.value) ? OperandKind::imm64 : OperandKind::imm;
    return separated();
  }

  // A double literal: decimal digits with a '.' or an exponent (1.5, -2.25e3,
  // .5, 1e-3), or inf, -inf, nan. Anything else is left to the integer
  // expression reader.
  enum class Literal { none, read, bad };
  Literal double_literal(Operand& op) {
    size_t at = pos_, end = pos_;
    while (end < line_.size() && line_[end] != ' ' && line_[end] != '\t' && line_[end] != ',' && line_[end] != '#' &&
           line_.substr(end, 2) != "=>")
      ++end;
    std::string_view token = line_.substr(at, end - at);
    std::string_view body = token.substr(token.starts_with('-') || token.starts_with('+') ? 1 : 0);
    if (body.empty()) return Literal::none;
    bool named = body == "inf" || body == "nan";
    size_t digits = 0;
    while (digits < body.size() && detail::is_digit(body[digits])) ++digits;
    bool numeric = (digits < body.size() && body[digits] == '.' && (digits > 0 || body.size() > 1)) ||
                   (digits > 0 && digits < body.size() && (body[digits] == 'e' || body[digits] == 'E'));
    if (!named && !numeric) return Literal::none;
    if (body == "nan" && body.size() != token.size())
      return error(at, "unexpected sign on nan (a double literal nan has none)"), Literal::bad;
    double value = 0;
    auto [ptr, ec] = std::from_chars(body.data(), body.data() + body.size(), value, std::chars_format::general);
    if (ptr != body.data() + body.size() || (ec != std::errc() && ec != std::errc::result_out_of_range))
      return error(at, "expected a double literal (digits with a '.' or an exponent, inf or nan), got '" +
                           std::string(token) + "'"),
             Literal::bad;
    if (ec == std::errc::result_out_of_range)
      return error(at, "double literal " + std::string(token) + " is out of range"), Literal::bad;
    if (token.starts_with('-')) value = -value;
    op.kind = OperandKind::imm_d;
    op.value = int64_t(canonical_double_bits(std::bit_cast<int64_t>(value)));
    pos_ = end;
    return Literal::read;
  }

  bool reg(Operand& op) {
    size_t at = pos_++;
    std::string_view name = ident();
    if (name == "ret") {
      op.kind = OperandKind::reg_ret;
      return separated();
    }
    bool digits = name.size() >= 2 && name.size() <= 6;
    for (size_t i = 1; digits && i < name.size(); ++i) digits = detail::is_digit(name[i]);
    if (digits && (name[0] == 'r' || name[0] == 'v' || name[0] == 'f')) {
      op.kind = name[0] == 'r' ? OperandKind::reg_r : name[0] == 'v' ? OperandKind::reg_v : OperandKind::reg_fp;
      op.value = 0;  // at most 5 digits (checked above): no overflow
      for (char d : name.substr(1)) op.value = op.value * 10 + (d - '0');
      if (op.value > detail::kMaxRegisterIndex)
        return error(at, "register index " + std::string(name.substr(1)) + " is too large"), false;
      return separated();
    }
    error(at, "unknown register '%" + std::string(name) + "' (expected %r0..%r" + std::to_string(kNumRegR - 1) +
                  ", %v0..%v" + std::to_string(kNumRegV - 1) + ", %f0..%f" + std::to_string(kNumRegFP - 1) +
                  " or %ret)");
    return false;
  }

  // An operand must end at a blank, a comma, a comment or the end of the line.
  bool separated() {
    if (pos_ >= line_.size()) return true;
    char c = line_[pos_];
    if (c == ' ' || c == '\t' || c == ',' || c == '#' || line_.substr(pos_, 2) == "=>") return true;
    return error(pos_, "unexpected '" + rest_text() + "' after operand"), false;
  }
};

}  // namespace

ParseResult parse(std::string_view source, std::string file) {
  Parser p(std::move(file));
  // Names and mnemonics are views of the program's own copy of the text.
  auto storage = std::make_shared<const std::string>(source);
  std::string_view text = *storage;
  p.keep(std::move(storage));
  uint32_t number = 1;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    p.line(line, number++);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return p.finish();
}

}  // namespace ras
