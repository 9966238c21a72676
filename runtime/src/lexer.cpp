// Lexer: see lexer.hpp for the indentation rules.
#include "lexer.hpp"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

#include "ilusm/error.hpp"
#include "utf8.hpp"

namespace ilusm {

const char* tok_name(Tok t) {
  static const char* names[] = {
      "number",     "string",       "interpolated string",
      "identifier", "'if'",         "'whl'",
      "'fn'",       "'use'",        "'ret'",
      "'mat'",      "'tru'",        "'fls'",
      "'nil'",      "'and'",        "'or'",
      "'not'",      "'def'",        "'brk'",
      "'cnt'",      "'('",          "')'",
      "'['",        "']'",          "'{'",
      "'}'",        "','",          "':'",
      "'.'",        "'?.'",         "'?['",
      "'+'",        "'-'",          "'*'",
      "'/'",        "'%'",          "'=='",
      "'!='",       "'<'",          "'<='",
      "'>'",        "'>='",         "'='",
      "'!'",        "'..'",         "'<-'",
      "'|'",        "'|>'",         "'=>'",
      "'\\'",       "end of line",  "indent",
      "dedent",     "end of input",
  };
  return names[static_cast<int>(t)];
}

namespace {

const std::unordered_map<std::string_view, Tok> keywords = {
    {"if", Tok::If},   {"whl", Tok::Whl}, {"fn", Tok::Fn},   {"use", Tok::Use}, {"ret", Tok::Ret},
    {"mat", Tok::Mat}, {"tru", Tok::Tru}, {"fls", Tok::Fls}, {"nil", Tok::Nil}, {"and", Tok::And},
    {"or", Tok::Or},   {"not", Tok::Not}, {"def", Tok::Def}, {"brk", Tok::Brk}, {"cnt", Tok::Cnt},
};

// Two-character punctuation first, then one-character (a data table, longest match).
struct Punct {
  const char* text;
  Tok tok;
};
const Punct puncts[] = {
    {"?.", Tok::QDot},  {"?[", Tok::QBrack}, {"==", Tok::Eq},    {"!=", Tok::Ne},     {"<=", Tok::Le},
    {">=", Tok::Ge},    {"..", Tok::DotDot}, {"<-", Tok::Arrow}, {"|>", Tok::PipeGt}, {"=>", Tok::FatArrow},
    {"(", Tok::LParen}, {")", Tok::RParen},  {"[", Tok::LBrack}, {"]", Tok::RBrack},  {"{", Tok::LBrace},
    {"}", Tok::RBrace}, {",", Tok::Comma},   {":", Tok::Colon},  {".", Tok::Dot},     {"+", Tok::Plus},
    {"-", Tok::Minus},  {"*", Tok::Star},    {"/", Tok::Slash},  {"%", Tok::Percent}, {"<", Tok::Lt},
    {">", Tok::Gt},     {"=", Tok::Assign},  {"!", Tok::Bang},   {"|", Tok::Pipe},    {"\\", Tok::Backslash},
};

bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c); }

// An indentation context: the outermost one, or a lambda block opened inside brackets.
struct Ctx {
  std::vector<int> indents;
  std::vector<bool> brackets;  // open brackets; true = a lambda's parameter list
};

class Lexer {
 public:
  Lexer(std::string_view src, const std::string& file, int line, int col, bool in_brackets)
      : s_(src), file_(file), line_(line), col_(col) {
    ctx_.push_back(Ctx{{0}, {}});
    if (in_brackets) ctx_.back().brackets.push_back(false);
  }

  std::vector<Token> run() {
    bool line_start = true;
    while (true) {
      if (line_start) {
        if (!start_line()) break;
        line_start = false;
      }
      if (pos_ >= s_.size()) break;
      char c = s_[pos_];
      if (c == '\n' || c == '\r') {
        spaced_ = true;
        newline_char();
        opens_lambda_block();
        line_start = true;
        continue;
      }
      if (c == ' ' || c == '\t') {
        advance();
        spaced_ = true;
        continue;
      }
      if (c == '#') {
        skip_comment();
        continue;
      }
      lex_token();
      spaced_ = false;
      end_line_ = line_;
      end_col_ = col_;
    }
    // End of input: close the logical line and every open block.
    if (!in_brackets_outermost()) {
      if (!toks_.empty() && !is_layout(toks_.back().kind)) emit(Tok::Newline, end_line_, end_col_);
      while (!ctx_.empty()) {
        auto& c = ctx_.back();
        while (c.indents.size() > 1) {
          c.indents.pop_back();
          emit(Tok::Dedent, end_line_, end_col_);
        }
        if (ctx_.size() == 1) break;
        ctx_.pop_back();
      }
    }
    emit(Tok::End, end_line_, end_col_);  // errors at the end point just past the last token
    return std::move(toks_);
  }

 private:
  [[noreturn]] void fail(const std::string& msg, int line, int col) { throw Error(msg, Location{file_, line, col}); }
  [[noreturn]] void fail(const std::string& msg) { fail(msg, line_, col_); }

  bool in_brackets() const { return !ctx_.back().brackets.empty(); }
  bool in_brackets_outermost() const { return ctx_.size() == 1 && in_brackets(); }

  void advance() {  // columns count code points
    ++pos_;
    if (pos_ >= s_.size() || (static_cast<unsigned char>(s_[pos_]) & 0xC0) != 0x80) ++col_;
  }
  void newline_char() {
    if (s_[pos_] == '\r' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
    col_ = 1;
  }
  void skip_comment() {
    while (pos_ < s_.size() && s_[pos_] != '\n' && s_[pos_] != '\r') advance();
  }

  Token& emit(Tok k) { return emit(k, line_, col_); }
  Token& emit(Tok k, int line, int col) {
    Token t;
    t.kind = k;
    t.line = line;
    t.col = col;
    t.spaced = spaced_;
    toks_.push_back(std::move(t));
    return toks_.back();
  }

  // A newline inside brackets right after a lambda header opens a block context.
  void opens_lambda_block() {
    if (in_brackets() && !toks_.empty() && toks_.back().lambda_header) ctx_.push_back(Ctx{{line_indent_}, {}});
  }

  // Measure the indentation of the next non-blank line and emit layout tokens.
  // Returns false at end of input.
  bool start_line() {
    while (true) {
      int indent = 0;
      bool tabs = false, spaces = false;
      while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t')) {
        (s_[pos_] == '\t' ? tabs : spaces) = true;
        indent = s_[pos_] == '\t' ? (indent / 8 + 1) * 8 : indent + 1;
        advance();
      }
      if (pos_ >= s_.size()) return false;
      char c = s_[pos_];
      if (c == '#') {
        skip_comment();
        continue;
      }
      if (c == '\n' || c == '\r') {
        newline_char();
        continue;
      }
      if (indent > 0 && !in_brackets()) check_indent_style(tabs, spaces);
      line_indent_ = indent;
      layout(indent, c == '|');
      return true;
    }
  }

  // The first indented line sets the file's indentation character; a line
  // indented with the other one (a tab among spaces: its width is a guess)
  // is an error that says so.
  void check_indent_style(bool tabs, bool spaces) {
    if (!indent_char_) indent_char_ = tabs && !spaces ? '\t' : ' ';
    if (indent_char_ == ' ' && tabs) fail("inconsistent indentation: tab (the file indents with spaces)", line_, 1);
    if (indent_char_ == '\t' && spaces) fail("inconsistent indentation: space (the file indents with tabs)", line_, 1);
  }

  static bool is_layout(Tok k) { return k == Tok::Newline || k == Tok::Indent || k == Tok::Dedent; }

  void layout(int indent, bool pipe_line) {
    if (in_brackets()) return;  // inside brackets: lines are joined
    Ctx* c = &ctx_.back();
    if (toks_.empty()) {
      if (indent > 0) fail("unexpected indentation", line_, indent + 1);
      return;
    }
    if (pipe_line && indent >= c->indents.back()) return;  // `|` continues the line
    if (!is_layout(toks_.back().kind)) emit(Tok::Newline, end_line_, end_col_);
    if (indent > c->indents.back()) {
      c->indents.push_back(indent);
      emit(Tok::Indent, line_, indent + 1);
      return;
    }
    while (indent < c->indents.back() && c->indents.size() > 1) {
      c->indents.pop_back();
      emit(Tok::Dedent, line_, indent + 1);
    }
    if (ctx_.size() > 1 && c->indents.size() == 1 && indent <= c->indents.back()) {
      ctx_.pop_back();  // leaving a lambda block opened inside brackets
      return;
    }
    if (indent != c->indents.back())
      fail("inconsistent indentation: this line matches no enclosing block", line_, indent + 1);
  }

  void lex_token() {
    char c = s_[pos_];
    int line = line_, col = col_;
    if (is_digit(c)) return lex_number();
    if (is_ident_start(c)) {
      size_t b = pos_;
      while (pos_ < s_.size() && is_ident_char(s_[pos_])) advance();
      std::string_view word = s_.substr(b, pos_ - b);
      auto kw = keywords.find(word);
      if (kw != keywords.end()) {
        emit(kw->second, line, col);
      } else {
        emit(Tok::Ident, line, col).text = std::string(word);
      }
      return;
    }
    if (c == '"' || c == '\'') {
      advance();
      Token& t = emit(Tok::Str, line, col);
      t.text = read_string(c, line, col, nullptr);
      return;
    }
    if (c == '$' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '"') {
      advance();
      advance();
      Token t;
      t.kind = Tok::IStr;
      t.line = line;
      t.col = col;
      read_string('"', line, col, &t.parts);
      toks_.push_back(std::move(t));
      return;
    }
    for (const Punct& p : puncts) {
      size_t n = std::strlen(p.text);
      if (s_.compare(pos_, n, p.text) != 0) continue;
      for (size_t i = 0; i < n; ++i) advance();
      bracket(p.tok, line, col);
      return;
    }
    if (static_cast<unsigned char>(c) < 0x20)
      fail("unexpected control character (code " + std::to_string(int(c)) + ")");
    fail(std::string("unexpected character '") + c + "'");
  }

  void bracket(Tok k, int line, int col) {
    auto& br = ctx_.back().brackets;
    Token& t = emit(k, line, col);
    switch (k) {
      case Tok::LParen: br.push_back(toks_.size() >= 2 && toks_[toks_.size() - 2].kind == Tok::Backslash); break;
      case Tok::LBrack:
      case Tok::LBrace:
      case Tok::QBrack: br.push_back(false); break;
      case Tok::RParen:
      case Tok::RBrack:
      case Tok::RBrace:
        if (br.empty()) fail(std::string("unmatched ") + tok_name(k), line, col);
        t.lambda_header = br.back() && k == Tok::RParen;
        br.pop_back();
        break;
      default: break;
    }
  }

  void lex_number() {
    int line = line_, col = col_;
    size_t b = pos_;
    Token& t = emit(Tok::Num, line, col);
    if (s_[pos_] == '0' && pos_ + 1 < s_.size() && (s_[pos_ + 1] == 'x' || s_[pos_ + 1] == 'X')) {
      advance();
      advance();
      uint64_t v = 0;
      int digits = 0;
      bool fits = true;  // in int64, as for decimal literals
      while (pos_ < s_.size() && std::isxdigit(static_cast<unsigned char>(s_[pos_]))) {
        char h = s_[pos_];
        int d = is_digit(h) ? h - '0' : (h | 0x20) - 'a' + 10;
        if (v > (uint64_t(INT64_MAX) - uint64_t(d)) / 16) fits = false;
        v = v * 16 + uint64_t(d);
        ++digits;
        advance();
      }
      if (!digits) fail("hex literal needs digits after 0x", line, col);
      if (pos_ < s_.size() && is_ident_start(s_[pos_]))
        fail("malformed number '" + std::string(s_.substr(b, pos_ - b)) + s_[pos_] + "'", line, col);
      if (fits) {
        t.is_int = true;
        t.ival = static_cast<int64_t>(v);
      } else {  // one rule for hex and decimal: an integer literal beyond int64 is a double
        t.dval = std::strtod(std::string(s_.substr(b, pos_ - b)).c_str(), nullptr);  // correctly rounded
      }
      return;
    }
    while (pos_ < s_.size() && is_digit(s_[pos_])) advance();
    bool is_float = false;
    if (pos_ + 1 < s_.size() && s_[pos_] == '.' && is_digit(s_[pos_ + 1])) {
      is_float = true;
      advance();
      while (pos_ < s_.size() && is_digit(s_[pos_])) advance();
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      size_t save = pos_;
      int save_col = col_;
      advance();
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) advance();
      if (pos_ < s_.size() && is_digit(s_[pos_])) {
        is_float = true;
        while (pos_ < s_.size() && is_digit(s_[pos_])) advance();
      } else {
        pos_ = save;
        col_ = save_col;
      }
    }
    std::string text(s_.substr(b, pos_ - b));
    if (pos_ < s_.size() && is_ident_start(s_[pos_])) fail("malformed number '" + text + s_[pos_] + "'", line, col);
    if (!is_float) {
      errno = 0;
      char* end = nullptr;
      long long v = std::strtoll(text.c_str(), &end, 10);
      if (errno == 0) {
        t.is_int = true;
        t.ival = v;
        return;
      }
    }
    t.dval = std::strtod(text.c_str(), nullptr);
  }

  // Reads a string body after the opening quote. With `parts`, `{expr}` pieces
  // are collected (interpolation); otherwise braces are ordinary characters.
  std::string read_string(char quote, int line, int col, std::vector<IPart>* parts) {
    std::string out;
    while (true) {
      if (pos_ >= s_.size() || s_[pos_] == '\n' || s_[pos_] == '\r') fail("unterminated string", line, col);
      char c = s_[pos_];
      if (c == quote) {
        advance();
        break;
      }
      if (c == '\\') {
        read_escape(out);
        continue;
      }
      if (parts && c == '{') {
        advance();
        if (!out.empty()) parts->push_back(IPart{false, std::move(out), 0, 0});
        out.clear();
        IPart e{true, {}, line_, col_};
        size_t b = pos_;
        skip_balanced(line, col);
        e.text = std::string(s_.substr(b, pos_ - b));
        advance();  // the closing }
        if (e.text.find_first_not_of(" \t") == std::string::npos)
          fail("empty {} in interpolated string", e.line, e.col);
        parts->push_back(std::move(e));
        continue;
      }
      out += c;
      advance();
    }
    if (parts && (!out.empty() || parts->empty())) parts->push_back(IPart{false, std::move(out), 0, 0});
    return out;
  }

  // Skip an interpolation expression up to its matching '}' (nested strings and braces).
  void skip_balanced(int line, int col) {
    int depth = 0;
    while (true) {
      if (pos_ >= s_.size() || s_[pos_] == '\n' || s_[pos_] == '\r')
        fail("unterminated {...} in interpolated string", line, col);
      char c = s_[pos_];
      if (c == '}' && depth == 0) return;
      if (c == '{') ++depth;
      if (c == '}') --depth;
      if (c == '"' || c == '\'') {
        advance();
        std::string ignored;
        read_string(c, line_, col_, nullptr);
        continue;
      }
      if (c == '$' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '"') {
        advance();
        advance();
        std::vector<IPart> ignored;
        read_string('"', line_, col_, &ignored);
        continue;
      }
      advance();
    }
  }

  void read_escape(std::string& out) {
    int line = line_, col = col_;
    advance();
    if (pos_ >= s_.size()) fail("unterminated string", line, col);
    char e = s_[pos_];
    advance();
    switch (e) {
      case 'n': out += '\n'; return;
      case 't': out += '\t'; return;
      case 'r': out += '\r'; return;
      case '0': out += '\0'; return;
      case '\\': out += '\\'; return;
      case '"': out += '"'; return;
      case '\'': out += '\''; return;
      case '{': out += '{'; return;
      case '}': out += '}'; return;
      case 'x': {
        int v = 0;
        for (int i = 0; i < 2; ++i) {
          if (pos_ >= s_.size() || !std::isxdigit(static_cast<unsigned char>(s_[pos_])))
            fail("\\x escape needs two hex digits", line, col);
          char h = s_[pos_];
          v = v * 16 + (is_digit(h) ? h - '0' : (h | 0x20) - 'a' + 10);
          advance();
        }
        utf8::append(out, char32_t(v));
        return;
      }
      default: fail(std::string("unknown escape '\\") + e + "' in string", line, col);
    }
  }

  std::string_view s_;
  const std::string& file_;
  size_t pos_ = 0;
  int line_, col_;
  int line_indent_ = 0;
  char indent_char_ = 0;            // ' ' or '\t' once a line was indented
  int end_line_ = 1, end_col_ = 1;  // just past the last token (where a NEWLINE is reported)
  bool spaced_ = false;
  std::vector<Ctx> ctx_;
  std::vector<Token> toks_;
};

}  // namespace

std::vector<Token> lex(std::string_view src, const std::string& file, int line, int col, bool in_brackets) {
  return Lexer(src, file, line, col, in_brackets).run();
}

}  // namespace ilusm
