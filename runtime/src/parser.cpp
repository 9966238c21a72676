// Recursive-descent parser. Precedence, lowest first: pipelines (| and |>),
// or, and, comparison, range (..), + -, * / %, unary (! not -), postfix
// (call, index, field, ?. ?[), primary. `if c: a | b` takes `|` as its else,
// so branches, lambda bodies and stage arguments are parsed with pipes off.
#include "parser.hpp"

#include "support/stack.hpp"

#include <fmt/format.h>

#include "ilusm/error.hpp"
#include "lexer.hpp"

namespace ilusm {

namespace {

constexpr int max_nesting = 200;

class Parser {
 public:
  Parser(Chunk& chunk, std::vector<Token> toks) : c_(chunk), t_(std::move(toks)) {}

  void program() {
    FuncProto* main = c_.proto();
    main->name = "<main>";
    main->line = main->col = 1;
    Node* body = c_.node(K::Block, 1, 1);
    while (!at(Tok::End)) {
      if (accept(Tok::Newline)) continue;
      body->kids.push_back(statement());
      end_statement();
    }
    main->body = body;
    c_.main = main;
  }

  // Parse a standalone expression (an interpolation part).
  Node* lone_expression() {
    Node* e = expression();
    if (!at(Tok::End)) fail(fmt::format("unexpected {} in interpolation", tok_name(peek().kind)));
    return e;
  }

 private:
  // ---- token helpers
  const Token& peek(size_t ahead = 0) const {
    size_t i = p_ + ahead;
    return i < t_.size() ? t_[i] : t_.back();
  }
  bool at(Tok k) const { return peek().kind == k; }
  const Token& next() {
    const Token& t = t_[p_];
    if (p_ + 1 < t_.size()) ++p_;
    return t;
  }
  bool accept(Tok k) {
    if (!at(k)) return false;
    next();
    return true;
  }
  const Token& expect(Tok k, const char* what) {
    if (!at(k)) fail(fmt::format("expected {} {}, found {}", tok_name(k), what, describe(peek())));
    return next();
  }
  static std::string describe(const Token& t) {
    if (t.kind == Tok::Ident) return "'" + t.text + "'";
    return tok_name(t.kind);
  }
  [[noreturn]] void fail(const std::string& msg) { fail_at(msg, peek()); }
  [[noreturn]] void fail_at(const std::string& msg, const Token& t) {
    throw Error(msg, Location{c_.file, t.line, t.col});
  }
  Node* node(K k, const Token& t) { return c_.node(k, t.line, t.col); }

  struct Depth {
    Parser& p;
    explicit Depth(Parser& parser) : p(parser) {
      if (++p.depth_ > max_nesting || support::stack_low()) p.fail("expression nested too deeply");
    }
    ~Depth() { --p.depth_; }
  };

  // Which pipes an expression may take: branches of an if/mat leave `|` to
  // the if (its else) but still take `|>`; lambda bodies and stage arguments
  // take none (the pipeline around them does). Brackets turn all back on.
  enum Pipes { all_pipes, no_bar, no_pipes };
  struct PipeMode {
    Parser& p;
    Pipes saved;
    PipeMode(Parser& parser, Pipes mode) : p(parser), saved(parser.pipes_) { p.pipes_ = mode; }
    ~PipeMode() { p.pipes_ = saved; }
  };

  void end_statement() {
    if (accept(Tok::Newline)) return;
    if (at(Tok::End) || at(Tok::Dedent)) return;
    if (p_ > 0 && t_[p_ - 1].kind == Tok::Dedent) return;  // a block just closed the line
    fail(fmt::format("expected end of line, found {}", describe(peek())));
  }

  // ---- statements
  Node* statement() {
    Depth d(*this);
    const Token& t = peek();
    switch (t.kind) {
      case Tok::Use: return use_stmt();
      case Tok::Def: {
        next();
        const Token& name = expect(Tok::Ident, "after 'def'");
        Node* n = node(K::Def, t);
        n->a = name_node(name);
        expect(Tok::Assign, "after the def name");
        n->b = expression();
        return n;
      }
      case Tok::Ret: {
        next();
        if (fn_depth_ == 0) fail_at("'ret' outside a function", t);
        Node* n = node(K::Return, t);
        if (!at(Tok::Newline) && !at(Tok::Dedent) && !at(Tok::End) && !at(Tok::Pipe)) n->a = expression();
        return n;
      }
      case Tok::Brk:
      case Tok::Cnt: {
        next();
        if (loop_depth_ == 0) fail_at(fmt::format("{} outside a loop", tok_name(t.kind)), t);
        return node(t.kind == Tok::Brk ? K::Break : K::Continue, t);
      }
      case Tok::Whl: {
        next();
        Node* n = node(K::While, t);
        n->a = expression();
        expect(Tok::Colon, "after the whl condition");
        ++loop_depth_;
        n->b = body();
        --loop_depth_;
        return n;
      }
      case Tok::Ident:
        if (peek(1).kind == Tok::Arrow) return for_stmt();
        if (peek(1).kind == Tok::LParen && is_fundef()) return fundef();
        if (starts_argument(peek(1))) return bare_call();
        break;
      case Tok::LBrace:
      case Tok::LBrack:
        if (is_destructure()) return destructure();
        break;
      default: break;
    }
    Node* e = expression();
    if (at(Tok::Assign)) {
      const Token& eq = next();
      check_target(e, eq);
      Node* n = node(K::Assign, eq);
      n->a = e;
      n->b = expression();
      return n;
    }
    return e;
  }

  Node* use_stmt() {
    const Token& t = next();
    Node* n = node(K::Use, t);
    if (at(Tok::Ident)) {
      n->name = next().text;
    } else if (at(Tok::Str)) {
      n->name = next().text;
      n->op = Op::Add;  // marks a file path
    } else {
      fail("expected a module name or a \"path.ilu\" after 'use'");
    }
    return n;
  }

  void check_target(Node* e, const Token& at_tok) {
    if (e->k == K::Name || e->k == K::Field || e->k == K::Index) return;
    fail_at("cannot assign to this expression (expected a name, field or index)", at_tok);
  }

  Node* name_node(const Token& t) {
    Node* n = node(K::Name, t);
    n->name = t.text;
    return n;
  }

  Node* for_stmt() {
    const Token& var = next();
    const Token& arrow = next();
    Node* n = node(K::For, arrow);
    n->a = name_node(var);
    n->b = expression();
    expect(Tok::Colon, "after the loop source");
    ++loop_depth_;
    n->c = body();
    --loop_depth_;
    return n;
  }

  // IDENT ( params ) = ...   (the ')' is followed by '=')
  bool is_fundef() const {
    size_t i = p_ + 1;
    int depth = 0;
    for (; i < t_.size(); ++i) {
      Tok k = t_[i].kind;
      if (k == Tok::LParen) ++depth;
      if (k == Tok::RParen && --depth == 0) break;
      if (k == Tok::Newline || k == Tok::End) return false;
    }
    return i + 1 < t_.size() && t_[i + 1].kind == Tok::Assign;
  }

  Node* fundef() {
    const Token& name = next();
    FuncProto* fn = c_.proto();
    fn->name = name.text;
    fn->line = name.line;
    fn->col = name.col;
    expect(Tok::LParen, "");
    fn->params = params();
    expect(Tok::Assign, "after the parameter list");
    fn->body = function_body(true);
    Node* lam = node(K::Lambda, name);
    lam->fn = fn;
    Node* n = node(K::Assign, name);
    n->a = name_node(name);
    n->b = lam;
    return n;
  }

  std::vector<std::string> params() {
    std::vector<std::string> ps;
    if (!at(Tok::RParen)) {
      do {
        const Token& p = expect(Tok::Ident, "(a parameter name)");
        for (auto& q : ps)
          if (q == p.text) fail_at("duplicate parameter '" + p.text + "'", p);
        ps.push_back(p.text);
      } while (accept(Tok::Comma));
    }
    expect(Tok::RParen, "to close the parameter list");
    return ps;
  }

  // A function body: an indented block or one expression/statement.
  Node* function_body(bool allow_statement) {
    int saved_loops = loop_depth_;
    loop_depth_ = 0;
    ++fn_depth_;
    Node* b;
    if (at(Tok::Newline) && peek(1).kind == Tok::Indent) {
      b = block();
    } else if (allow_statement) {
      PipeMode pm(*this, all_pipes);
      b = statement();
    } else {
      PipeMode pm(*this, no_pipes);
      b = expression();
    }
    --fn_depth_;
    loop_depth_ = saved_loops;
    return b;
  }

  // NEWLINE INDENT statements DEDENT
  Node* block() {
    const Token& nl = expect(Tok::Newline, "");
    expect(Tok::Indent, "(an indented block)");
    PipeMode pm(*this, all_pipes);
    Node* b = node(K::Block, nl);
    while (!at(Tok::Dedent) && !at(Tok::End)) {
      if (accept(Tok::Newline)) continue;
      b->kids.push_back(statement());
      end_statement();
    }
    accept(Tok::Dedent);
    return b;
  }

  // After a header's ':' : an indented block or a one-line statement.
  Node* body() {
    if (at(Tok::Newline)) return block();
    PipeMode pm(*this, no_bar);
    return statement();
  }

  Node* bare_call() {
    const Token& name = next();
    Node* n = node(K::Call, name);
    n->a = name_node(name);
    do n->kids.push_back(expression());
    while (accept(Tok::Comma));  // prn a, b
    return n;
  }

  // Tokens that can start a paren-less call's argument (not '(' or '-').
  static bool starts_argument(const Token& t) {
    switch (t.kind) {
      case Tok::Num:
      case Tok::Str:
      case Tok::IStr:
      case Tok::Ident:
      case Tok::Tru:
      case Tok::Fls:
      case Tok::Nil:
      case Tok::Backslash:
      case Tok::Bang:
      case Tok::Not:
      case Tok::If:
      case Tok::Mat:
      case Tok::Fn: return true;
      case Tok::LBrack:
      case Tok::LBrace: return t.spaced;  // `prn [1]`, but `xs[1] = 2`
      default: return false;
    }
  }

  // {a, b} = x   or   [a, b] = x
  bool is_destructure() const {
    Tok close = peek().kind == Tok::LBrace ? Tok::RBrace : Tok::RBrack;
    size_t i = p_ + 1;
    while (i < t_.size() && t_[i].kind == Tok::Ident) {
      ++i;
      if (t_[i].kind == close) return i + 1 < t_.size() && t_[i + 1].kind == Tok::Assign;
      if (t_[i].kind != Tok::Comma) return false;
      ++i;
    }
    return false;
  }

  Node* destructure() {
    const Token& open = next();
    Tok close = open.kind == Tok::LBrace ? Tok::RBrace : Tok::RBrack;
    Node* n = node(K::Destruct, open);
    n->op = open.kind == Tok::LBrace ? Op::None : Op::Add;
    do {
      const Token& name = expect(Tok::Ident, "in destructuring");
      n->keys.push_back(name.text);
      n->key_values.push_back(Value(name.text));
      n->kids.push_back(name_node(name));
    } while (accept(Tok::Comma));
    expect(close, "to close the destructuring pattern");
    expect(Tok::Assign, "after the destructuring pattern");
    n->b = expression();
    return n;
  }

  // ---- expressions
  Node* expression() {
    Depth d(*this);
    Node* left = or_expr();
    while ((at(Tok::Pipe) && pipes_ == all_pipes) || (at(Tok::PipeGt) && pipes_ != no_pipes)) {
      next();
      left = stage(left);
    }
    return left;
  }

  // One pipeline stage: `.field`, `name arg`, `f(args)` (left becomes the first argument) or `f`.
  Node* stage(Node* left) {
    PipeMode pm(*this, no_pipes);
    const Token& t = peek();
    if (at(Tok::Dot)) {
      next();
      Node* n = field_node(K::Field, left, t);
      return postfix_ops(n);
    }
    if (at(Tok::Ident) && starts_argument(peek(1))) {
      const Token& name = next();
      Node* n = node(K::Call, name);
      n->a = name_node(name);
      n->a->stage_fallback = true;
      n->kids.push_back(left);
      n->kids.push_back(expression());
      return n;
    }
    Node* f = unary();
    if (f->k == K::Call) {
      f->kids.insert(f->kids.begin(), left);
      if (f->a->k == K::Name) f->a->stage_fallback = true;
      return f;
    }
    if (f->k == K::Name) f->stage_fallback = true;
    Node* n = node(K::Call, t);
    n->a = f;
    n->kids.push_back(left);
    return n;
  }

  Node* or_expr() {
    Node* left = and_expr();
    while (at(Tok::Or)) {
      Node* n = node(K::Or, next());
      n->a = left;
      n->b = and_expr();
      left = n;
    }
    return left;
  }

  Node* and_expr() {
    Node* left = comparison();
    while (at(Tok::And)) {
      Node* n = node(K::And, next());
      n->a = left;
      n->b = comparison();
      left = n;
    }
    return left;
  }

  static Op compare_op(Tok k) {
    switch (k) {
      case Tok::Eq: return Op::Eq;
      case Tok::Ne: return Op::Ne;
      case Tok::Lt: return Op::Lt;
      case Tok::Le: return Op::Le;
      case Tok::Gt: return Op::Gt;
      case Tok::Ge: return Op::Ge;
      default: return Op::None;
    }
  }

  Node* comparison() {
    Node* left = range();
    while (compare_op(peek().kind) != Op::None) {
      const Token& t = next();
      Node* n = node(K::Binary, t);
      n->op = compare_op(t.kind);
      n->a = left;
      n->b = range();
      left = n;
    }
    return left;
  }

  Node* range() {
    Node* left = additive();
    if (at(Tok::DotDot)) {
      Node* n = node(K::Range, next());
      n->a = left;
      n->b = additive();
      return n;
    }
    return left;
  }

  Node* additive() {
    Node* left = multiplicative();
    while (at(Tok::Plus) || at(Tok::Minus)) {
      const Token& t = next();
      Node* n = node(K::Binary, t);
      n->op = t.kind == Tok::Plus ? Op::Add : Op::Sub;
      n->a = left;
      n->b = multiplicative();
      left = n;
    }
    return left;
  }

  Node* multiplicative() {
    Node* left = unary();
    while (at(Tok::Star) || at(Tok::Slash) || at(Tok::Percent)) {
      const Token& t = next();
      Node* n = node(K::Binary, t);
      n->op = t.kind == Tok::Star ? Op::Mul : t.kind == Tok::Slash ? Op::Div : Op::Mod;
      n->a = left;
      n->b = unary();
      left = n;
    }
    return left;
  }

  Node* unary() {
    Depth d(*this);
    const Token& t = peek();
    if (at(Tok::Bang) || at(Tok::Not)) {
      next();
      Node* n = node(K::Not, t);
      n->a = unary();
      return n;
    }
    if (at(Tok::Minus)) {
      next();
      Node* operand = unary();
      if (operand->k == K::Const && operand->value.is_num()) {  // fold -literal
        const Value& v = operand->value;
        if (v.is_int() && v.as_int() != INT64_MIN) operand->value = Value(-v.as_int());
        else operand->value = Value(-v.as_number());
        operand->line = t.line;
        operand->col = t.col;
        return operand;
      }
      Node* n = node(K::Neg, t);
      n->a = operand;
      return n;
    }
    return postfix_ops(primary());
  }

  Node* field_node(K k, Node* obj, const Token& at_tok) {
    const Token& name = peek();
    if (name.kind != Tok::Ident && !(name.kind >= Tok::If && name.kind <= Tok::Cnt))
      fail("expected a field name after " + std::string(k == K::OptField ? "'?.'" : "'.'"));
    next();
    Node* n = node(k, at_tok);
    n->a = obj;
    n->name = name.kind == Tok::Ident
                  ? name.text
                  : std::string(tok_name(name.kind)).substr(1, std::string(tok_name(name.kind)).size() - 2);
    n->value = Value(n->name);
    return n;
  }

  Node* postfix_ops(Node* e) {
    while (true) {
      const Token& t = peek();
      switch (t.kind) {
        case Tok::LParen: {
          next();
          PipeMode pm(*this, all_pipes);
          Node* n = node(K::Call, t);
          n->a = e;
          if (!at(Tok::RParen)) {
            do {
              if (at(Tok::RParen)) break;  // trailing comma
              n->kids.push_back(expression());
            } while (accept(Tok::Comma));
          }
          expect(Tok::RParen, "to close the argument list");
          e = n;
          break;
        }
        case Tok::LBrack:
        case Tok::QBrack: {
          next();
          PipeMode pm(*this, all_pipes);
          Node* n = node(t.kind == Tok::LBrack ? K::Index : K::OptIndex, t);
          n->a = e;
          n->b = expression();
          expect(Tok::RBrack, "to close the index");
          e = n;
          break;
        }
        case Tok::Dot:
          next();
          e = field_node(K::Field, e, t);
          break;
        case Tok::QDot:
          next();
          e = field_node(K::OptField, e, t);
          break;
        default: return e;
      }
    }
  }

  Node* primary() {
    const Token& t = peek();
    switch (t.kind) {
      case Tok::Num: {
        next();
        Node* n = node(K::Const, t);
        n->value = t.is_int ? Value(t.ival) : Value(t.dval);
        return n;
      }
      case Tok::Str: {
        next();
        Node* n = node(K::Const, t);
        n->value = Value(t.text);
        return n;
      }
      case Tok::IStr: next(); return interpolation(t);
      case Tok::Tru:
      case Tok::Fls:
      case Tok::Nil: {
        next();
        Node* n = node(K::Const, t);
        if (t.kind != Tok::Nil) n->value = Value(t.kind == Tok::Tru);
        return n;
      }
      case Tok::Ident: next(); return name_node(t);
      case Tok::LParen: {
        next();
        PipeMode pm(*this, all_pipes);
        Node* e = expression();
        expect(Tok::RParen, "to close the parenthesis");
        return e;
      }
      case Tok::LBrack: return list_literal();
      case Tok::LBrace: return object_literal();
      case Tok::Backslash:
      case Tok::Fn: return lambda();
      case Tok::If: return if_expr();
      case Tok::Mat: return mat_expr();
      default: fail(fmt::format("expected an expression, found {}", describe(t)));
    }
  }

  Node* list_literal() {
    const Token& t = next();
    PipeMode pm(*this, all_pipes);
    Node* n = node(K::List, t);
    // A list of literals keeps its values in the node (key_values), not a
    // node per item: a 50 MB literal needs about what its values need.
    std::vector<Value> consts;
    bool all_const = true;
    while (!at(Tok::RBrack)) {
      Node* e = expression();
      if (all_const && e->k == K::Const && c_.nodes.back().get() == e) {
        consts.push_back(std::move(e->value));
        c_.nodes.pop_back();
      } else {
        if (all_const) {  // the first item that is not a literal: back to a node per item
          all_const = false;
          for (Value& v : consts) {
            Node* k = node(K::Const, t);
            k->value = std::move(v);
            n->kids.push_back(k);
          }
          consts.clear();
        }
        n->kids.push_back(e);
      }
      if (!accept(Tok::Comma)) break;
    }
    expect(Tok::RBrack, "to close the list");
    consts.shrink_to_fit();
    n->key_values = std::move(consts);
    return n;
  }

  Node* object_literal() {
    const Token& t = next();
    PipeMode pm(*this, all_pipes);
    Node* n = node(K::Object, t);
    while (!at(Tok::RBrace)) {
      std::string key;
      if (at(Tok::Str)) {
        key = next().text;
      } else if (at(Tok::Ident)) {
        key = next().text;
        while (at(Tok::Minus) && peek(1).kind == Tok::Ident) {  // {X-Custom: 1}
          next();
          key += "-" + next().text;
        }
      } else if (peek().kind >= Tok::If && peek().kind <= Tok::Cnt) {
        std::string kw = tok_name(next().kind);
        key = kw.substr(1, kw.size() - 2);
      } else {
        fail(fmt::format("expected a field name in object literal, found {}", describe(peek())));
      }
      expect(Tok::Colon, "after the field name");
      n->keys.push_back(key);
      n->key_values.push_back(Value(key));
      n->kids.push_back(expression());
      if (!accept(Tok::Comma)) break;
    }
    expect(Tok::RBrace, "to close the object");
    return n;
  }

  Node* lambda() {
    const Token& t = next();
    FuncProto* fn = c_.proto();
    fn->line = t.line;
    fn->col = t.col;
    expect(Tok::LParen, "after '\\' (lambda parameters)");
    fn->params = params();
    fn->body = function_body(false);
    Node* n = node(K::Lambda, t);
    n->fn = fn;
    return n;
  }

  // if c: a | if d: b | e    (branches parsed with pipes off)
  Node* if_expr() {
    const Token& t = next();
    Node* n = node(K::If, t);
    while (true) {
      {
        PipeMode pm(*this, all_pipes);
        n->kids.push_back(expression());
      }
      expect(Tok::Colon, "after the if condition");
      n->kids.push_back(body());
      if (!at(Tok::Pipe)) break;
      next();
      if (at(Tok::If)) {
        next();
        continue;
      }
      n->c = body();
      break;
    }
    return n;
  }

  Node* mat_expr() {
    const Token& t = next();
    Node* n = node(K::Mat, t);
    {
      PipeMode pm(*this, all_pipes);
      n->a = expression();
    }
    expect(Tok::Colon, "after the mat subject");
    if (at(Tok::Newline)) {
      next();
      expect(Tok::Indent, "(the indented mat arms)");
      while (!at(Tok::Dedent) && !at(Tok::End)) {
        if (accept(Tok::Newline)) continue;
        arm(n);
        end_statement();
      }
      accept(Tok::Dedent);
    } else {
      do arm(n);
      while (accept(Tok::Pipe));
    }
    return n;
  }

  void arm(Node* m) {
    const Token& t = peek();
    Node* pat = nullptr;
    if (t.kind == Tok::Ident && t.text == "_") {
      next();
    } else if (t.kind == Tok::Num || t.kind == Tok::Str || t.kind == Tok::Tru || t.kind == Tok::Fls ||
               t.kind == Tok::Nil || t.kind == Tok::Minus) {
      pat = unary();
      if (pat->k != K::Const) fail_at("a mat pattern must be a literal or _", t);
    } else {
      fail(fmt::format("expected a mat pattern (a literal or _), found {}", describe(t)));
    }
    if (!accept(Tok::Colon) && !accept(Tok::FatArrow))
      fail(fmt::format("expected ':' or '=>' after the mat pattern, found {}", describe(peek())));
    m->kids.push_back(pat);
    m->bodies.push_back(body());
  }

  Node* interpolation(const Token& t) {
    Node* n = node(K::Interp, t);
    for (const IPart& part : t.parts) {
      if (!part.is_expr) {
        Node* s = node(K::Const, t);
        s->value = Value(part.text);
        n->kids.push_back(s);
        continue;
      }
      Parser sub(c_, lex(part.text, c_.file, part.line, part.col, true));
      sub.fn_depth_ = fn_depth_;
      sub.depth_ = depth_;
      n->kids.push_back(sub.lone_expression());
    }
    return n;
  }

  Chunk& c_;
  std::vector<Token> t_;
  size_t p_ = 0;
  int depth_ = 0;
  int loop_depth_ = 0;
  int fn_depth_ = 0;
  Pipes pipes_ = all_pipes;
};

}  // namespace

void parse_chunk(Chunk& chunk) {
  Parser p(chunk, lex(chunk.source, chunk.file));
  p.program();
}

}  // namespace ilusm
