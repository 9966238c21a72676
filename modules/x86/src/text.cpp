// The text front end (x86/text.hpp). Every mnemonic comes from the
// instruction list (x86::forms()); jcc/setcc/cmovcc are spelled with each
// condition name. A statement is parsed into a Form and its operands, checked
// by emitting it into a scratch Assembler, and only once the whole text is
// accepted are the statements emitted into the caller's Assembler again, so
// an error appends nothing.
#include "x86/text.hpp"

#include <array>
#include <cstring>
#include <deque>
#include <optional>
#include <vector>

#include "x86/isa.hpp"
#include "x86/names.hpp"

namespace x86 {

TextError::TextError(size_t line_, size_t column_, const std::string& message_, std::string_view source_line)
    : Error(std::to_string(line_) + ":" + std::to_string(column_) + ": " + message_ + ": `" + std::string(source_line) +
            "`"),
      line(line_), column(column_), message(message_), source(source_line) {}

namespace {

// ---- the vocabulary: registers, keywords, mnemonics, directives ----------------

enum class Sym : uint8_t { none, gp, xmm, ymm, zmm, k, size, ptr, rip, mnemonic, directive };
enum class Dir : uint8_t { data, p2align, align };

struct Word {
  Sym sym = Sym::none;
  uint8_t a = 0;  // register id; size keyword bytes; data element bytes
  uint8_t b = 0;  // gp size
  bool high8 = false;
  bool phrase = false;  // the first word of a mnemonic of two words ("rep" of "rep movsb")
  Dir dir = Dir::data;
  uint32_t mnemonic = 0;  // index into Vocabulary::mnemonics
};

struct Mnemonic {
  std::string name;
  std::vector<const Form*> forms;
  bool has_cond = false;
  Cond cond{};
  int implicit_imm = -1;       // compare-predicate spellings (cmpltps): the predicate, the last operand
  bool implicit_xmm0 = false;  // blendvps/blendvpd/pblendvb: xmm0 may be left out (llvm-mc, disassemblers)
  bool is_mov = false;         // mov r64, imm: the form by value, as llvm-mc (see Parser::instruction)
  bool jumps = false;          // jmp, j<cc>: relaxed jumps when the target is a label
  bool is_prefix = false;      // lock: may precede its instruction on the same line
  // String instructions (rep movsb, rep stosq): their implicit operands may be
  // written out, as llvm-mc and disassemblers do: 'm' movs ([rdi], [rsi]),
  // 's' stos ([rdi], al/ax/eax/rax); string_size is the element size.
  char string_op = 0;
  uint8_t string_size = 0;
};

// The compare predicates of cmpps/cmppd/cmpss/cmpsd (0..7) and their VEX forms
// (0..31), spelled into the mnemonic as llvm-mc and disassemblers write them:
// cmpltps xmm0, xmm1 is cmpps xmm0, xmm1, 1.
constexpr std::string_view kComparePredicates[] = {
    "eq",     "lt",     "le",    "unord",  "neq",    "nlt",      "nle",    "ord",   "eq_uq",   "nge",    "ngt",
    "false",  "neq_oq", "ge",    "gt",     "true",   "eq_os",    "lt_oq",  "le_oq", "unord_s", "neq_us", "nlt_uq",
    "nle_uq", "ord_s",  "eq_us", "nge_uq", "ngt_uq", "false_os", "neq_os", "ge_oq", "gt_oq",   "true_us"};

// The predicates of the AVX-512 integer compares (vpcmpd k1, x, y, 1 is
// vpcmpltd k1, x, y), as llvm-mc and disassemblers spell them.
constexpr std::string_view kIntComparePredicates[] = {"eq", "lt", "le", "false", "neq", "nlt", "nle", "true"};

// Condition spellings for j<cc>, set<cc>, cmov<cc> (each checked by cond_from_name).
constexpr std::string_view kCondSpellings[] = {"o",  "no", "b",  "c",   "nae", "ae",  "nb", "nc", "e", "z",
                                               "ne", "nz", "be", "na",  "a",   "nbe", "s",  "ns", "p", "pe",
                                               "np", "po", "l",  "nge", "ge",  "nl",  "le", "ng", "g", "nle"};

// Open addressing over short lower-case keys: one hash of at most 16 bytes
// and one compare per lookup (words are looked up for every token).
class Vocabulary {
 public:
  Vocabulary() {
    slots_.resize(8192);
    tags_.resize(slots_.size());
    for (unsigned size : {8u, 4u, 2u, 1u})
      for (uint8_t id = 0; id < 16; ++id)
        add(name(Gp{id, static_cast<uint8_t>(size)}), Word{Sym::gp, id, static_cast<uint8_t>(size)});
    for (uint8_t id = 4; id < 8; ++id) add(name(Gp{id, 1, true}), Word{Sym::gp, id, 1, true});
    for (uint8_t id = 0; id < 32; ++id) {
      add(name(Xmm{id}), Word{Sym::xmm, id});
      add(name(Ymm{id}), Word{Sym::ymm, id});
      add(name(Zmm{id}), Word{Sym::zmm, id});
    }
    for (uint8_t id = 0; id < 8; ++id) add(name(KReg{id}), Word{Sym::k, id});
    const std::pair<const char*, uint8_t> sizes[] = {{"byte", 1},     {"word", 2},     {"dword", 4},   {"qword", 8},
                                                     {"xmmword", 16}, {"ymmword", 32}, {"zmmword", 64}};
    for (auto [n, bytes] : sizes) add(n, Word{Sym::size, bytes});
    add("ptr", Word{Sym::ptr});
    add("rip", Word{Sym::rip});
    const std::pair<const char*, uint8_t> data[] = {{".byte", 1}, {"db", 1},   {".short", 2}, {".word", 2}, {"dw", 2},
                                                    {".long", 4}, {".int", 4}, {"dd", 4},     {".quad", 8}, {"dq", 8}};
    for (auto [n, bytes] : data) add(n, Word{.sym = Sym::directive, .a = bytes, .dir = Dir::data});
    add(".p2align", Word{.sym = Sym::directive, .dir = Dir::p2align});
    add(".align", Word{.sym = Sym::directive, .dir = Dir::align});
    add("align", Word{.sym = Sym::directive, .dir = Dir::align});
    // Mnemonics, in list order (the first matching form wins).
    for (const Form& f : forms()) {
      std::string_view m = f.mnemonic;
      for (std::string_view stem : {"cmp", "vcmp"}) {
        const std::string_view rest = m.substr(m.size() > stem.size() ? stem.size() : m.size());
        if (!m.starts_with(stem) || (rest != "ps" && rest != "pd" && rest != "ss" && rest != "sd") || !f.arity ||
            f.ops[f.arity - 1] != OpType::Imm)
          continue;
        const size_t count = stem == "cmp" ? 8 : 32;
        for (size_t k = 0; k < count; ++k) {
          Mnemonic& alias =
              mnemonic(std::string(stem) + std::string(kComparePredicates[k]) + std::string(rest), false, Cond{});
          alias.implicit_imm = static_cast<int>(k);
          alias.forms.push_back(&f);
        }
      }
      if (m.starts_with("vpcmp") && (m.size() == 6 || m.size() == 7) && f.arity && f.ops[f.arity - 1] == OpType::Imm)
        for (size_t k = 0; k < 8; ++k) {  // vpcmpd/ud/q/uq (vpcmpeqd is an instruction of its own)
          const std::string spelled = "vpcmp" + std::string(kIntComparePredicates[k]) + std::string(m.substr(5));
          if (const Word* w = find(spelled); w && w->sym == Sym::mnemonic && mnemonics_[w->mnemonic].implicit_imm < 0)
            continue;
          Mnemonic& alias =
              mnemonic("vpcmp" + std::string(kIntComparePredicates[k]) + std::string(m.substr(5)), false, Cond{});
          alias.implicit_imm = static_cast<int>(k);
          alias.forms.push_back(&f);
        }
      const bool cc = m == "jcc" || m == "setcc" || m == "cmovcc";
      if (!cc) {
        Mnemonic& mn = mnemonic(m, false, Cond{});
        mn.forms.push_back(&f);
        mn.implicit_xmm0 |= m == "blendvps" || m == "blendvpd" || m == "pblendvb";
        mn.is_mov |= m == "mov";
        mn.is_prefix |= m == "lock";
        if (f.arity == 0 && m.size() > 4 &&
            (m.substr(m.size() - 5, 4) == "movs" || m.substr(m.size() - 5, 4) == "stos")) {
          const char unit = m.back();
          mn.string_op = m[m.size() - 5] == 'm' ? 'm' : 's';
          mn.string_size = unit == 'b' ? 1 : unit == 'w' ? 2 : unit == 'd' ? 4 : 8;
        }
        if (size_t space = m.find(' '); space != std::string_view::npos) phrase_start(m.substr(0, space));
        mn.jumps |= m == "jmp";
        if (f.method == std::string_view("mov_imm32_sx")) mov_sx = &f;
        if (f.method == std::string_view("movabs")) movabs = &f;
        continue;
      }
      const std::string_view stem = m.substr(0, m.size() - 2);
      for (std::string_view c : kCondSpellings) {
        std::optional<Cond> cond = cond_from_name(c);
        if (!cond) continue;
        Mnemonic& mn = mnemonic(std::string(stem) + std::string(c), true, *cond);
        mn.forms.push_back(&f);
        mn.jumps |= stem == "j";
      }
    }
  }

  // Keys of up to 24 bytes as three little-endian words, case-folded by
  // setting bit 5 of every byte: over the identifier alphabet (letters,
  // digits, _ . $ @ ?) that maps A..Z to a..z and nothing else onto another
  // identifier byte (_ and @ become 0x7F and `, which no identifier has).
  struct Key {
    uint64_t w[3] = {0, 0, 0};
    size_t len = 0;
  };
  static uint64_t fold(uint64_t word, size_t bytes) {  // the first `bytes` (0..8) bytes, folded
    if (bytes == 0) return 0;
    const uint64_t mask = bytes >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * bytes)) - 1;
    return (word | 0x2020202020202020ull) & mask;
  }
  // `readable_end`: how far bytes may be read (whole words are loaded when they fit).
  static bool pack(std::string_view id, Key& k, const char* readable_end) {
    const size_t n = id.size();
    if (n == 0 || n > 24) return false;
    k.len = n;
    if (id.data() + 24 <= readable_end) {
      uint64_t w[3];
      std::memcpy(w, id.data(), 24);
      k.w[0] = fold(w[0], n);
      k.w[1] = fold(w[1], n > 8 ? n - 8 : 0);
      k.w[2] = fold(w[2], n > 16 ? n - 16 : 0);
      return true;
    }
    char buf[24] = {};
    std::memcpy(buf, id.data(), n);
    uint64_t w[3];
    std::memcpy(w, buf, 24);
    k.w[0] = fold(w[0], n);
    k.w[1] = fold(w[1], n > 8 ? n - 8 : 0);
    k.w[2] = fold(w[2], n > 16 ? n - 16 : 0);
    return true;
  }
  // Probes a small array of 16-bit tags first (it stays in L1), the keys only on a tag match.
  const Word* find(const Key& k) const {
    const size_t h = hash(k);
    const uint16_t tag = tag_of(h);
    for (size_t i = h & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      const uint16_t t = tags_[i];
      if (t == 0) return nullptr;
      if (t != tag) continue;
      const Slot& s = slots_[i];
      if (same(s.key, k)) return &s.value;
    }
  }
  const Word* find(std::string_view id, const char* readable_end) const {
    Key k;
    return pack(id, k, readable_end) ? find(k) : nullptr;
  }
  const Word* find(std::string_view id) const { return find(id, id.data() + id.size()); }
  const Form* mov_sx = nullptr;  // mov_imm32_sx: mov r64, simm32 (REX.W C7 /0)
  const Form* movabs = nullptr;
  const Mnemonic& mnemonic_at(uint32_t i) const { return mnemonics_[i]; }

 private:
  struct Slot {
    Key key;
    Word value;  // in the slot: no further dependent load
  };
  std::vector<Slot> slots_;
  std::vector<uint16_t> tags_;  // per slot: 0 empty, else high hash bits | 1 (probed first: it stays in L1)
  std::vector<Mnemonic> mnemonics_;

  static uint16_t tag_of(size_t h) { return static_cast<uint16_t>(h >> 48) | 1u; }
  static bool same(const Key& a, const Key& b) {
    return a.len == b.len && a.w[0] == b.w[0] && a.w[1] == b.w[1] && a.w[2] == b.w[2];
  }

  static size_t hash(const Key& k) {
    uint64_t h =
        (k.w[0] * 0x9E3779B97F4A7C15ull) ^ (k.w[1] * 0xC2B2AE3D27D4EB4Full) ^ (k.w[2] * 0x165667B19E3779F9ull) ^ k.len;
    return static_cast<size_t>(h ^ (h >> 29));
  }
  void add(std::string_view key, Word w) {
    Key k;
    if (!pack(key, k, key.data() + key.size())) return;
    size_t i = hash(k) & (slots_.size() - 1);
    while (tags_[i] != 0) {
      if (same(slots_[i].key, k)) return;
      i = (i + 1) & (slots_.size() - 1);
    }
    tags_[i] = tag_of(hash(k));
    slots_[i] = Slot{k, w};
  }
  void phrase_start(std::string_view first) {
    Key k;
    pack(first, k, first.data() + first.size());
    if (!find(k)) add(first, Word{});
    const_cast<Word*>(find(k))->phrase = true;
  }
  Mnemonic& mnemonic(std::string_view m, bool has_cond, Cond cond) {
    if (const Word* w = find(m); w && w->sym == Sym::mnemonic) return mnemonics_[w->mnemonic];
    Word w{.sym = Sym::mnemonic, .mnemonic = static_cast<uint32_t>(mnemonics_.size())};
    mnemonics_.push_back(Mnemonic{std::string(m), {}, has_cond, cond});
    add(m, w);
    return mnemonics_.back();
  }
};

const Vocabulary& vocabulary() {
  static const Vocabulary v;
  return v;
}

// ---- statements ------------------------------------------------------------------

// A label operand (or [rip + label]) refers to a symbol of this text: a name
// (existing or new) or a GNU local label instance.
struct Symbol {
  std::string name;  // empty for local labels
  Label label{};     // the label in the caller's Assembler (valid for existing names)
  bool existing = false;
  bool defined = false;  // bound in this text
  bool referenced = false;
  size_t line = 0, col = 0;  // first use, for "never defined" errors
};

// One instruction while it is parsed.
struct Insn {
  uint8_t nops = 0;
  int8_t sym[kMaxOperands] = {-1, -1, -1, -1,
                              -1};  // operand k refers to symbol sym_index[k] (a label or [rip + label])
  uint32_t sym_index[kMaxOperands] = {};
  Operand ops[kMaxOperands];
};

// The symbols of one assemble_text call, kept per thread so that their
// storage is reused.
struct Workspace {
  std::deque<Symbol> symbols;  // a deque: by_name views their names
  std::unordered_map<std::string_view, int> by_name;
  void clear() {
    symbols.clear();
    by_name.clear();
  }
};

[[noreturn]] void fail_at(std::string_view text, const char* line_start, size_t line, const char* at,
                          const std::string& message) {
  const char* e = line_start;
  const char* end = text.data() + text.size();
  while (e < end && *e != '\n') ++e;
  throw TextError(line, static_cast<size_t>(at - line_start) + 1, message,
                  std::string_view(line_start, static_cast<size_t>(e - line_start)));
}

// Character classes, one table lookup each (the parser asks for every byte).
enum : uint8_t { kIdentStart = 1, kIdent = 2, kDigit = 4, kOperator = 8 };
constexpr std::array<uint8_t, 256> kCharClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[c] = kIdentStart | kIdent;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = kIdentStart | kIdent;
  for (char c : {'_', '.', '$', '@', '?'}) t[static_cast<unsigned char>(c)] = kIdentStart | kIdent;
  for (int c = '0'; c <= '9'; ++c) t[c] = kIdent | kDigit;
  for (char c : {'+', '-', '*', '/', '%', '<', '>', '&', '|', '^', '~', '(', ')'})
    t[static_cast<unsigned char>(c)] = kOperator;
  return t;
}();
bool is(char c, uint8_t cls) { return kCharClass[static_cast<unsigned char>(c)] & cls; }
bool ident_start(char c) { return is(c, kIdentStart); }
bool ident_char(char c) { return is(c, kIdent); }
bool digit(char c) { return is(c, kDigit); }

// A linear value in an operand: constant + registers * coefficients + a label.
struct Lin {
  int64_t c = 0;
  struct Term {
    Sym sym;
    Gp gp;
    uint8_t vreg;
    int64_t coef;
    bool star = false;  // written with '*': an index even when the scale is 1
  };
  Term regs[2];
  int nregs = 0;
  int sym = -1;  // symbol index (coefficient 1)
  bool rip = false;
  bool constant() const { return nregs == 0 && sym < 0 && !rip; }
};

// Padding of n bytes with nops as llvm-mc writes them: 10-byte nops, then one
// of the rest (1..9: the recommended forms, Assembler::nop).
void pad(Assembler& a, size_t n) {
  static constexpr uint8_t kNop10[] = {0x66, 0x2E, 0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00};
  for (; n >= 10; n -= 10) a.embed(kNop10);
  if (n) a.nop(n);
}

class Parser {
 public:
  // Parses `text` and emits each statement into `out` as soon as it is
  // parsed: the first pass into a scratch assembler (symbol i is its label
  // i; errors stop it), the second, if needed, into the caller's `a` with
  // `labels_map[i]` the label of symbol i.
  Parser(std::string_view text, const Assembler& a, TextLabels* labels, Workspace& w, Assembler& out,
         const std::vector<Label>* labels_map)
      : symbols(w.symbols), by_name_(w.by_name), text_(text), p_(text.data()), end_(text.data() + text.size()),
        line_start_(p_), a_(a), labels_(labels), out_(out), map_(labels_map) {}

  std::deque<Symbol>& symbols;
  std::unordered_map<std::string_view, int>& by_name_;
  bool has_align() const { return has_align_; }

  // Names local to one text (no TextLabels): each one used must be defined.
  void check_all_defined() {
    for (const Symbol& s : symbols)
      if (!s.name.empty() && !s.defined) fail_sym(s, "label '" + s.name + "' is used but never defined");
  }

  void run() {
    while (p_ < end_) statement();
    for (const LocalRef& l : forward_)
      if (l.pending >= 0)
        fail_sym(symbols[l.pending], "local label " + std::to_string(&l - forward_.data()) + "f has no later '" +
                                         std::to_string(&l - forward_.data()) + ":'");
  }

 private:
  struct LocalRef {
    int last = -1;     // symbol of the latest definition (for Nb)
    int pending = -1;  // symbol of the next definition, used by Nf before it
  };

  std::string_view text_;
  const char* p_;
  const char* end_;
  const char* line_start_;
  size_t line_ = 1;
  const Assembler& a_;
  TextLabels* labels_;
  Assembler& out_;
  const std::vector<Label>* map_;
  bool has_align_ = false;
  const Vocabulary& vocab_ = vocabulary();

  Label label_of(uint32_t sym) const { return map_ ? (*map_)[sym] : Label{sym}; }
  // A new symbol: in the first pass, its scratch label (ids follow the symbols').
  int added_symbol() {
    if (!map_) out_.new_label();
    return static_cast<int>(symbols.size() - 1);
  }
  std::vector<LocalRef> forward_ = std::vector<LocalRef>(10);

  [[noreturn]] void fail(const char* at, const std::string& message) {
    fail_at(text_, line_start_, line_, at, message);
  }
  [[noreturn]] void fail_sym(const Symbol& s, const std::string& message) {
    const char* ls = text_.data();
    for (size_t l = 1; l < s.line; ++l)
      ls = static_cast<const char*>(std::memchr(ls, '\n', static_cast<size_t>(end_ - ls))) + 1;
    fail_at(text_, ls, s.line, ls + s.col - 1, message);
  }

  void blanks() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\r')) ++p_;
  }
  // End of a statement: newline, ';', '#' comment or end of text.
  bool at_end() {
    blanks();
    return p_ >= end_ || *p_ == '\n' || *p_ == ';' || *p_ == '#';
  }
  void finish_statement() {
    if (!at_end()) fail(p_, "expected the end of the statement, got '" + token_text() + "'");
    if (p_ < end_ && *p_ == '#')
      while (p_ < end_ && *p_ != '\n') ++p_;
    if (p_ < end_) {
      if (*p_ == '\n') ++line_, line_start_ = p_ + 1;
      ++p_;
    }
  }
  std::string token_text() {
    const char* q = p_;
    if (q < end_ && ident_char(*q))
      while (q < end_ && ident_char(*q)) ++q;
    else if (q < end_) ++q;
    return std::string(p_, q);
  }
  std::string_view ident() {
    const char* s = p_;
    while (p_ < end_ && ident_char(*p_)) ++p_;
    return std::string_view(s, static_cast<size_t>(p_ - s));
  }
  // The vocabulary word of an identifier (matched case-insensitively).
  const Word* word(std::string_view id) { return vocab_.find(id, end_); }

  int symbol(std::string_view name, const char* at) {
    if (auto it = by_name_.find(name); it != by_name_.end()) return it->second;
    Symbol s;
    s.name = std::string(name);
    if (labels_)
      if (const TextLabels::Entry* e = labels_->find(name)) s.label = e->label, s.existing = true;
    s.line = line_;
    s.col = static_cast<size_t>(at - line_start_) + 1;
    symbols.push_back(std::move(s));
    by_name_.emplace(std::string_view(symbols.back().name), static_cast<int>(symbols.size() - 1));
    return added_symbol();
  }
  int local_symbol(const char* at) {
    Symbol s;
    s.line = line_;
    s.col = static_cast<size_t>(at - line_start_) + 1;
    symbols.push_back(std::move(s));
    return added_symbol();
  }

  void define(int sym, const char* at) {
    Symbol& s = symbols[sym];
    if (s.defined) fail(at, "label '" + s.name + "' is defined twice");
    if (s.existing && a_.is_bound(s.label)) fail(at, "label '" + s.name + "' is already bound");
    s.defined = true;
    out_.bind(label_of(static_cast<uint32_t>(sym)));
  }

  void statement() {
    blanks();
    if (at_end()) return finish_statement();
    const char* at = p_;
    // A GNU local label definition: digits then ':'.
    if (digit(*p_)) {
      const char* q = p_;
      unsigned n = 0;
      while (q < end_ && digit(*q) && n < 100000) n = n * 10 + static_cast<unsigned>(*q++ - '0');
      if (q < end_ && *q == ':') {
        if (n >= forward_.size()) forward_.resize(n + 1);
        LocalRef& l = forward_[n];
        int sym = l.pending >= 0 ? l.pending : local_symbol(at);
        l.pending = -1;
        l.last = sym;
        define(sym, at);
        p_ = q + 1;
        return statement_after_label();
      }
      fail(at, "expected a mnemonic, a label or a directive, got '" + token_text() + "'");
    }
    if (!ident_start(*p_)) fail(at, "expected a mnemonic, a label or a directive, got '" + token_text() + "'");
    std::string_view id = ident();
    blanks();
    if (p_ < end_ && *p_ == ':') {
      ++p_;
      define(symbol(id, at), at);
      return statement_after_label();
    }
    const Word* w = word(id);
    // Mnemonics of two words in the list ("rep movsb"): the first word says so.
    if (w && w->phrase && p_ < end_ && ident_start(*p_)) {
      const char* save = p_;
      std::string_view id2 = ident();
      char buf[24];
      if (id.size() + 1 + id2.size() <= sizeof buf) {
        std::memcpy(buf, id.data(), id.size());
        buf[id.size()] = ' ';
        std::memcpy(buf + id.size() + 1, id2.data(), id2.size());
        const Word* two = vocab_.find(std::string_view(buf, id.size() + 1 + id2.size()));
        if (two && two->sym == Sym::mnemonic) w = two, id = std::string_view(at, static_cast<size_t>(p_ - at));
      }
      if (w->sym != Sym::mnemonic || vocab_.mnemonic_at(w->mnemonic).name.find(' ') == std::string::npos) p_ = save;
      blanks();
    }
    if (!w || (w->sym != Sym::mnemonic && w->sym != Sym::directive))
      fail(at, "unknown mnemonic '" + std::string(id) + "'");
    if (w->sym == Sym::directive) {
      directive(*w, at);
    } else {
      const Mnemonic& mn = vocab_.mnemonic_at(w->mnemonic);
      // A prefix (lock) written before its instruction on the same line.
      if (mn.is_prefix && !at_end() && ident_start(*p_)) {
        instruction(mn, at, /*prefix_only=*/true);
        return statement();
      }
      instruction(mn, at);
    }
    finish_statement();
  }
  void statement_after_label() {
    if (at_end()) return finish_statement();
    statement();
  }

  // ---- expressions ----------------------------------------------------------------

  int64_t number(const char* at) {
    uint64_t v = 0;
    auto over = [&] {
      while (p_ < end_ && ident_char(*p_)) ++p_;
      fail(at, "number '" + std::string(at, p_) + "' does not fit 64 bits");
    };
    if (*p_ == '\'') {
      if (p_ + 2 < end_ && p_[2] == '\'' && p_[1] != '\\') {
        v = static_cast<unsigned char>(p_[1]);
        p_ += 3;
        return static_cast<int64_t>(v);
      }
      fail(at, "expected a character literal like 'a'");
    }
    if (*p_ == '0' && p_ + 1 < end_ && (p_[1] == 'x' || p_[1] == 'X')) {
      p_ += 2;
      const char* s = p_;
      for (; p_ < end_; ++p_) {
        char c = *p_;
        unsigned d = digit(c)                 ? unsigned(c - '0')
                     : (c >= 'a' && c <= 'f') ? unsigned(c - 'a' + 10)
                     : (c >= 'A' && c <= 'F') ? unsigned(c - 'A' + 10)
                                              : 16u;
        if (d == 16) break;
        if (v >> 60) over();
        v = v << 4 | d;
      }
      if (p_ == s) fail(at, "expected hex digits after 0x");
    } else if (*p_ == '0' && p_ + 2 < end_ && (p_[1] == 'b' || p_[1] == 'B') && (p_[2] == '0' || p_[2] == '1')) {
      p_ += 2;
      for (; p_ < end_ && (*p_ == '0' || *p_ == '1'); ++p_) {
        if (v >> 63) over();
        v = v << 1 | unsigned(*p_ - '0');
      }
    } else {
      for (; p_ < end_ && digit(*p_); ++p_) {
        // No division per digit: overflow checks by the builtins.
        if (__builtin_mul_overflow(v, uint64_t{10}, &v) || __builtin_add_overflow(v, uint64_t(*p_ - '0'), &v)) over();
      }
    }
    if (p_ < end_ && ident_char(*p_)) fail(at, "unknown token in number '" + token_text() + "'");
    return static_cast<int64_t>(v);
  }

  static int64_t wrap_add(int64_t a, int64_t b) {
    return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
  }
  static int64_t wrap_mul(int64_t a, int64_t b) {
    return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
  }

  Lin scaled(Lin x, int64_t k, const char* at) {
    if (x.sym >= 0 || x.rip) {
      if (k != 1) fail(at, "a label or rip cannot be multiplied");
      return x;
    }
    x.c = wrap_mul(x.c, k);
    for (int i = 0; i < x.nregs; ++i) x.regs[i].coef = wrap_mul(x.regs[i].coef, k);
    return x;
  }
  Lin sum(Lin x, Lin y, const char* at) {
    x.c = wrap_add(x.c, y.c);
    for (int i = 0; i < y.nregs; ++i) {
      if (x.nregs == 2) fail(at, "a memory operand has at most two registers (base and index)");
      x.regs[x.nregs++] = y.regs[i];
    }
    if (y.sym >= 0) {
      if (x.sym >= 0) fail(at, "an operand refers to at most one label");
      x.sym = y.sym;
    }
    if (y.rip) {
      if (x.rip) fail(at, "rip twice");
      x.rip = true;
    }
    return x;
  }

  // Binary operators by precedence (GNU as: * / % << >> bind tighter than
  // & | ^, then + -; llvm-mc alike for these).
  static int precedence(char c, char c2) {
    switch (c) {
      case '*':
      case '/':
      case '%': return 3;
      case '<': return c2 == '<' ? 3 : 0;
      case '>': return c2 == '>' ? 3 : 0;
      case '|':
      case '^':
      case '&': return 2;
      case '+':
      case '-': return 1;
      default: return 0;
    }
  }

  Lin expr(bool in_memory, int min_prec = 1) {
    Lin x = unary(in_memory);
    for (;;) {
      blanks();
      if (p_ >= end_) return x;
      char c = *p_, c2 = p_ + 1 < end_ ? p_[1] : 0;
      int prec = precedence(c, c2);
      if (prec < min_prec || prec == 0) return x;
      const char* at = p_;
      p_ += (c == '<' || c == '>') ? 2 : 1;
      Lin y = expr(in_memory, prec + 1);
      if (c == '+') x = sum(x, y, at);
      else if (c == '-') x = sum(x, scaled(y, -1, at), at);
      else if (c == '*') {
        if (y.constant()) x = scaled(x, y.c, at);
        else if (x.constant()) x = scaled(y, x.c, at);
        else fail(at, "a product of two registers");
        for (int i = 0; i < x.nregs; ++i) x.regs[i].star = true;
      } else {
        if (!x.constant() || !y.constant()) fail(at, std::string("'") + c + "' needs constants on both sides");
        x.c = binary(c, x.c, y.c, at);
      }
    }
  }
  int64_t binary(char c, int64_t a, int64_t b, const char* at) {
    switch (c) {
      case '/':
      case '%':
        if (b == 0) fail(at, "division by zero");
        if (a == INT64_MIN && b == -1) return c == '/' ? a : 0;
        return c == '/' ? a / b : a % b;
      case '<': return b < 0 || b > 63 ? 0 : static_cast<int64_t>(static_cast<uint64_t>(a) << b);
      case '>': return b < 0 || b > 63 ? (a < 0 ? -1 : 0) : a >> b;
      case '&': return a & b;
      case '|': return a | b;
      default: return a ^ b;
    }
  }
  Lin unary(bool in_memory) {
    blanks();
    const char* at = p_;
    if (p_ >= end_) fail(at, "expected an operand");
    char c = *p_;
    if (c == '-' || c == '+' || c == '~') {
      ++p_;
      Lin x = unary(in_memory);
      if (c == '+') return x;
      if (c == '-') return scaled(x, -1, at);
      if (!x.constant()) fail(at, "'~' needs a constant");
      x.c = ~x.c;
      return x;
    }
    if (c == '(') {
      ++p_;
      Lin x = expr(in_memory);
      blanks();
      if (p_ >= end_ || *p_ != ')') fail(p_, "expected ')'");
      ++p_;
      return x;
    }
    Lin x;
    if (digit(c) || c == '\'') {
      // A GNU local label reference: digits then b or f.
      if (digit(c)) {
        const char* q = p_;
        unsigned n = 0;
        while (q < end_ && digit(*q) && n < 100000) n = n * 10 + static_cast<unsigned>(*q++ - '0');
        if (q < end_ && (*q == 'b' || *q == 'f') && (q + 1 >= end_ || !ident_char(q[1]))) {
          if (n >= forward_.size()) forward_.resize(n + 1);
          LocalRef& l = forward_[n];
          if (*q == 'b') {
            if (l.last < 0)
              fail(at, "local label " + std::to_string(n) + "b has no earlier '" + std::to_string(n) + ":'");
            x.sym = l.last;
          } else {
            if (l.pending < 0) l.pending = local_symbol(at);
            x.sym = l.pending;
          }
          p_ = q + 1;
          return x;
        }
      }
      x.c = number(at);
      return x;
    }
    if (!ident_start(c)) fail(at, "expected an operand, got '" + token_text() + "'");
    std::string_view id = ident();
    const Word* w = word(id);
    if (w) {
      switch (w->sym) {
        case Sym::gp:
        case Sym::xmm:
        case Sym::ymm:
        case Sym::zmm:
        case Sym::k:
          if (!in_memory) fail(at, "register '" + std::string(id) + "' in an expression");
          x.regs[0] = {w->sym, Gp{w->a, w->b, w->high8}, w->a, 1};
          x.nregs = 1;
          return x;
        case Sym::rip:
          if (!in_memory) fail(at, "rip outside a memory operand");
          x.rip = true;
          return x;
        case Sym::size:
        case Sym::ptr: fail(at, "unexpected '" + std::string(id) + "'");
        default: break;  // a mnemonic or directive name used as a label name
      }
    }
    x.sym = symbol(id, at);
    return x;
  }

  // ---- operands ---------------------------------------------------------------------

  // One operand; label symbols are noted in st.sym/sym_index.
  Operand operand(Insn& st, size_t k, const char*& at) {
    blanks();
    at = p_;
    uint8_t size = 0;
    if (p_ < end_ && ident_start(*p_)) {
      const char* save = p_;
      std::string_view id = ident();
      const Word* w = word(id);
      if (w && w->sym == Sym::size) {
        size = w->a;
        blanks();
        const char* q = p_;
        std::string_view ptr = (p_ < end_ && ident_start(*p_)) ? ident() : std::string_view();
        const Word* pw = word(ptr);
        if (!pw || pw->sym != Sym::ptr) fail(q, "expected 'ptr' after '" + std::string(id) + "'");
        blanks();
        if (p_ >= end_ || *p_ != '[') fail(p_, "expected '[' after '" + std::string(id) + " ptr'");
      } else if (w && w->sym >= Sym::gp && w->sym <= Sym::k && !before_operator()) {
        switch (w->sym) {
          case Sym::gp: return Operand(Gp{w->a, w->b, w->high8});
          case Sym::xmm: return Operand(Xmm{w->a});
          case Sym::ymm: return Operand(Ymm{w->a});
          case Sym::zmm: return Operand(Zmm{w->a});
          default: return Operand(KReg{w->a});
        }
      } else {
        p_ = save;
      }
    }
    if (p_ < end_ && *p_ == '[') return memory(st, k, size);
    if (p_ < end_ && *p_ == '{') {  // embedded rounding / SAE
      static constexpr std::string_view kRound[] = {"{rn-sae}", "{rd-sae}", "{ru-sae}", "{rz-sae}", "{sae}"};
      for (size_t r = 0; r < 5; ++r)
        if (static_cast<size_t>(end_ - p_) >= kRound[r].size()) {
          std::string d(p_, kRound[r].size());
          for (char& c : d) c = static_cast<char>(c | 0x20);
          if (d == kRound[r]) {
            p_ += kRound[r].size();
            return Operand(static_cast<Round>(r));
          }
        }
      fail(p_, "expected {rn-sae}, {rd-sae}, {ru-sae}, {rz-sae} or {sae}");
    }
    // Fast path: a plain number (optionally negative) ending the operand.
    if (p_ < end_ && (digit(*p_) || (*p_ == '-' && p_ + 1 < end_ && digit(p_[1])))) {
      const char* save = p_;
      const bool neg = *p_ == '-';
      p_ += neg;
      const char* q = p_;
      while (q < end_ && digit(*q)) ++q;
      const bool local_label = q < end_ && (*q == 'b' || *q == 'f') && (q + 1 >= end_ || !ident_char(q[1]));
      if (!local_label) {
        int64_t v = number(p_);
        if (at_operand_end()) return Operand(Imm(neg ? static_cast<int64_t>(0 - static_cast<uint64_t>(v)) : v));
      }
      p_ = save;
    }
    Lin x = expr(false);
    if (x.sym >= 0) {
      if (x.c != 0) fail(at, "a label operand with an offset");
      st.sym[k] = 1;
      st.sym_index[k] = static_cast<uint32_t>(x.sym);
      symbols[x.sym].referenced = true;
      return Operand(Label{});
    }
    return Operand(Imm(x.c));
  }
  // Whether an operator follows (a register then starts an expression, an error).
  bool before_operator() {
    blanks();
    return p_ < end_ && is(*p_, kOperator);
  }
  bool at_operand_end() {
    blanks();
    return p_ >= end_ || *p_ == ',' || *p_ == '\n' || *p_ == ';' || *p_ == '#';
  }

  // The common shapes of a memory operand without the general expression
  // parser: terms `reg`, `reg*n`, `n*reg` and plain numbers joined by + and -.
  // Anything else (parentheses, other operators, rip, labels) returns false
  // with nothing consumed, and the general path parses it.
  bool simple_memory(Lin& x) {
    const char* save = p_;
    bool negative = false;
    for (;;) {
      blanks();
      if (p_ >= end_) break;
      if (digit(*p_)) {
        const char* q = p_;
        while (q < end_ && (digit(*q) || (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z'))) ++q;
        if (q < end_ && *q == '*') break;  // n*reg: the general path
        int64_t v = number(p_);
        x.c = wrap_add(x.c, negative ? static_cast<int64_t>(0 - static_cast<uint64_t>(v)) : v);
      } else if (ident_start(*p_)) {
        const Word* w = word(ident());
        if (!w || w->sym != Sym::gp || negative || x.nregs == 2) break;
        Lin::Term t{Sym::gp, Gp{w->a, w->b, w->high8}, w->a, 1};
        blanks();
        if (p_ < end_ && *p_ == '*') {
          ++p_;
          blanks();
          if (p_ >= end_ || !digit(*p_)) break;
          t.coef = number(p_);
          t.star = true;
        }
        x.regs[x.nregs++] = t;
      } else {
        break;
      }
      blanks();
      if (p_ < end_ && *p_ == ']') return true;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) {
        negative = *p_++ == '-';
        continue;
      }
      break;
    }
    p_ = save;
    x = Lin{};
    return false;
  }

  Operand memory(Insn& st, size_t k, uint8_t size) {
    const char* open = p_++;
    Lin x;
    if (!simple_memory(x)) x = expr(true);
    blanks();
    if (p_ >= end_ || *p_ != ']') fail(p_, "expected ']' to close the memory operand");
    ++p_;
    Mem m;
    m.size = size;
    if (x.rip || x.sym >= 0) {
      if (x.nregs) fail(open, "a rip-relative operand has no base or index register");
      if (!x.rip) fail(open, "a label in memory needs rip: [rip + name]");
      m.kind = x.sym >= 0 ? MemKind::LabelRel : MemKind::Rip;
      m.disp = x.c;
      if (x.sym >= 0) {
        st.sym[k] = 1;
        st.sym_index[k] = static_cast<uint32_t>(x.sym);
        symbols[x.sym].referenced = true;
      }
      return Operand(m);
    }
    m.disp = x.c;
    if (x.nregs == 0) {
      m.kind = MemKind::Absolute;
      return Operand(m);
    }
    // Base: a register with coefficient 1; index: the other (scaled) one. Two
    // unscaled registers: the first is the base, unless it is rsp (which can
    // only be a base).
    // A vector register (VSIB of gathers: [base + 4*xmm1]) is always the index.
    int vector = -1;
    for (int i = 0; i < x.nregs; ++i) {
      const Sym r = x.regs[i].sym;
      if (r == Sym::xmm || r == Sym::ymm || r == Sym::zmm) {
        if (vector >= 0) fail(open, "two vector registers in one memory operand");
        vector = i;
      } else if (r != Sym::gp) {
        fail(open, "memory operands take general-purpose registers (and a vector index for gathers)");
      }
    }
    if (vector >= 0) {
      const Lin::Term& v = x.regs[vector];
      if (v.coef != 1 && v.coef != 2 && v.coef != 4 && v.coef != 8)
        fail(open, "scale " + std::to_string(v.coef) + " is not 1, 2, 4 or 8");
      m.has_index = true;
      m.index = Gp{v.vreg, 8};
      m.scale = static_cast<uint8_t>(v.coef);
      m.vindex = v.sym == Sym::xmm ? 16 : v.sym == Sym::ymm ? 32 : 64;
      if (x.nregs == 2) {
        const Lin::Term& b = x.regs[1 - vector];
        if (b.coef != 1 || b.star) fail(open, "with a vector index, the other register is the base (unscaled)");
        m.has_base = true;
        m.base = b.gp;
      }
      return Operand(m);
    }
    auto plain = [&](int i) { return x.regs[i].coef == 1 && !x.regs[i].star; };
    int base = -1, index = -1;
    if (x.nregs == 1) {
      (plain(0) ? base : index) = 0;
    } else if (plain(0) && plain(1)) {
      base = 0, index = 1;
      if (x.regs[1].gp.id == 4 && x.regs[0].gp.id != 4) std::swap(base, index);
    } else if (plain(0)) {
      base = 0, index = 1;
    } else if (plain(1)) {
      base = 1, index = 0;
    } else {
      fail(open, "two scaled registers in one memory operand");
    }
    if (index >= 0) {
      int64_t s = x.regs[index].coef;
      if (s != 1 && s != 2 && s != 4 && s != 8) fail(open, "scale " + std::to_string(s) + " is not 1, 2, 4 or 8");
      m.has_index = true;
      m.index = x.regs[index].gp;
      m.scale = static_cast<uint8_t>(s);
    }
    if (base >= 0) {
      m.has_base = true;
      m.base = x.regs[base].gp;
    }
    return Operand(m);
  }

  // ---- instructions and directives -----------------------------------------------

  static std::string type_text(const Form& f, size_t k) {
    OpType t = f.ops[k];
    if (t == OpType::Mem) return f.encoding.mem ? "m" + std::to_string(f.encoding.mem * 8) : "m";
    if (t == OpType::Gp) return "r";
    return std::string(name(t));
  }
  static std::string operand_text(const char* at, const char* end) {
    std::string s(at, end);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.pop_back();
    return s;
  }

  void instruction(const Mnemonic& mn, const char* at, bool prefix_only = false) {
    Insn& st = insn_;  // reused: its operands are not cleared per statement
    st.nops = 0;
    bool decorated = false;  // an operand has {k}, {z} or {1toN}
    for (int8_t& x : st.sym) x = -1;
    const char* starts[kMaxOperands] = {};
    const char* ends[kMaxOperands] = {};
    size_t n = 0;
    const size_t first = mn.has_cond ? 1 : 0;
    if (mn.has_cond) st.ops[0] = Operand(mn.cond);
    if (!prefix_only && !at_end()) {
      for (;;) {
        if (first + n >= kMaxOperands) fail(p_, "too many operands");
        st.ops[first + n] = operand(st, first + n, starts[n]);
        blanks();
        if (p_ < end_ && *p_ == '{') [[unlikely]] {  // AVX-512 decorations: kept off the usual path
          bcst_n_[first + n] = decorations(st.ops[first + n], starts[n]);
          decorated = true;
        }
        ends[n] = p_;
        ++n;
        if (p_ < end_ && *p_ == ',') {
          ++p_;
          continue;
        }
        break;
      }
    }
    if (mn.implicit_xmm0 && n == 2) st.ops[first + n++] = Operand(Xmm{0});
    if (mn.implicit_imm >= 0) {
      if (first + n >= kMaxOperands) fail(p_, "too many operands");
      st.ops[first + n] = Operand(Imm(mn.implicit_imm));
      st.nops = static_cast<uint8_t>(first + n + 1);
    } else {
      st.nops = static_cast<uint8_t>(first + n);
    }
    // The first form (in list order) whose operand types match.
    const Form* chosen = nullptr;
    for (const Form* f : mn.forms) {
      if (f->arity != st.nops) continue;
      bool ok = true;
      for (size_t k = first; k < st.nops && ok; ++k)
        ok = decorated ? accepts(*f, k, st.ops[k]) : f->ops[k] == st.ops[k].type;
      if (ok) {
        chosen = f;
        break;
      }
    }
    if (!chosen && mn.string_op && st.nops == 2 && implicit_string_operands(mn, st)) {
      chosen = mn.forms[0];
      st.nops = 0;
    }
    if (!chosen) no_form(mn, st, n, first, starts, ends, at);
    // {1toN}: N is the form's (vector bytes / element bytes), or picks the
    // length where the destination does not (evex_l_by_size: the encoder checks it).
    for (size_t k = first; decorated && !evex_l_by_size(chosen->encoding) && k < first + n; ++k)
      if (st.ops[k].type == OpType::Bcst && bcst_n_[k] != chosen->encoding.mem / chosen->encoding.elem)
        fail(starts[k - first], "operand " + std::to_string(k - first + 1) + ": {1to" + std::to_string(bcst_n_[k]) +
                                    "} does not match this form, which broadcasts {1to" +
                                    std::to_string(chosen->encoding.mem / chosen->encoding.elem) + "}");
    // mov r64, imm: llvm-mc takes C7 /0 (sign-extended imm32) when the value
    // fits, else movabs; the typed mov picks by value (docs/encoder.md).
    if (mn.is_mov && st.nops == 2 && st.ops[0].type == OpType::Gp && st.ops[0].gp.size == 8 &&
        st.ops[1].type == OpType::Imm)
      chosen = st.ops[1].imm >= INT32_MIN && st.ops[1].imm <= INT32_MAX ? vocab_.mov_sx : vocab_.movabs;
    if (mn.jumps && chosen->arity && chosen->ops[chosen->arity - 1] == OpType::Label) relaxed_jump_ = true;
    for (size_t k = 0; k < st.nops; ++k) {
      if (st.sym[k] < 0) continue;
      if (st.ops[k].type == OpType::Label) st.ops[k].label = label_of(st.sym_index[k]);
      else st.ops[k].mem.label = label_of(st.sym_index[k]).id;
    }
    if (map_) {
      chosen->emit(out_, st.ops);
      return;
    }
    try {
      chosen->emit(out_, st.ops);
    } catch (const Error& e) { fail(at, e.what()); }
  }

  bool relaxed_jump_ = false;           // a jmp/jcc to a label so far in this text
  unsigned bcst_n_[kMaxOperands] = {};  // the N of each operand's {1toN}

  // A form takes an operand: its type, and a {k}/{z} only where the form has a write mask.
  static bool accepts(const Form& f, size_t k, const Operand& o) {
    return f.ops[k] == o.type && (!(o.masked || o.zero) || (f.masked >> k & 1));
  }

  // EVEX decorations after an operand, as llvm-mc writes them: {k1}..{k7}
  // and {z} after a register or memory destination, {1toN} after a memory
  // source (it becomes a Bcst operand; returns N); a whole operand {rn-sae},
  // {rd-sae}, {ru-sae}, {rz-sae} or {sae} is a Round (parsed by operand()).
  [[gnu::noinline]] unsigned decorations(Operand& o, const char* at) {
    unsigned n = 0;
    for (;;) {
      blanks();
      if (p_ >= end_ || *p_ != '{') return n;
      const char* open = p_++;
      const char* close = static_cast<const char*>(std::memchr(p_, '}', static_cast<size_t>(end_ - p_)));
      const char* nl = static_cast<const char*>(std::memchr(p_, '\n', static_cast<size_t>(end_ - p_)));
      if (!close || (nl && nl < close)) fail(open, "expected '}' to close the decoration");
      std::string d(p_, close);
      for (char& c : d) c = static_cast<char>(c | 0x20);
      p_ = close + 1;
      const bool reg =
          o.type == OpType::Xmm || o.type == OpType::Ymm || o.type == OpType::Zmm || o.type == OpType::KReg;
      if (std::optional<KReg> k = k_from_name(d)) {
        if (!reg && o.type != OpType::Mem)
          fail(open, "a write mask {" + d + "} follows a register or memory destination");
        if (o.masked) fail(open, "two write masks on one operand");
        o.masked = true;
        o.k = k->id;
      } else if (d == "z") {
        if (!reg && o.type != OpType::Mem) fail(open, "{z} follows a register destination");
        o.zero = true;
      } else if (d.size() > 3 && d.starts_with("1to") && o.type == OpType::Mem) {
        for (size_t i = 3; i < d.size(); ++i)
          if (!digit(d[i]) || n > 64) fail(open, "expected {1to2}, {1to4}, {1to8}, {1to16} or {1to32}");
          else n = n * 10 + static_cast<unsigned>(d[i] - '0');
        o.type = OpType::Bcst;
        o.bcst_n = static_cast<uint8_t>(std::min(n, 255u));
      } else {
        fail(open, "unknown decoration '{" + d + "}' after '" + operand_text(at, open) + "'");
      }
    }
  }

  // Whether the written operands of a string instruction are its implicit ones.
  static bool implicit_string_operands(const Mnemonic& mn, const Insn& st) {
    auto mem_at = [&](const Operand& o, unsigned reg) {
      const Mem& m = o.mem;
      return o.type == OpType::Mem && m.kind == MemKind::Based && m.has_base && !m.has_index && m.base.id == reg &&
             m.base.size == 8 && m.disp == 0 && (m.size == 0 || m.size == mn.string_size);
    };
    if (!mem_at(st.ops[0], 7)) return false;               // [rdi]
    if (mn.string_op == 'm') return mem_at(st.ops[1], 6);  // [rsi]
    const Operand& r = st.ops[1];                          // al, ax, eax, rax
    return r.type == OpType::Gp && r.gp.id == 0 && !r.gp.high8 && r.gp.size == mn.string_size;
  }

  [[noreturn]] void no_form(const Mnemonic& mn, const Insn& st, size_t n, size_t first, const char* const* starts,
                            const char* const* ends, const char* at) {
    std::string arities;
    bool any = false;
    for (const Form* f : mn.forms) {
      if (f->arity == st.nops) any = true;
      std::string a = std::to_string(f->arity - first - (mn.implicit_imm >= 0 ? 1 : 0));
      if (arities.find(a) == std::string::npos) arities += (arities.empty() ? "" : " or ") + a;
    }
    if (!any)
      fail(at, "'" + mn.name + "' takes " + arities + " operand" + (arities == "1" ? "" : "s") + ", got " +
                   std::to_string(n));
    // The first operand no remaining form takes: say what they take there.
    std::vector<const Form*> live;
    for (const Form* f : mn.forms)
      if (f->arity == st.nops) live.push_back(f);
    for (size_t k = first; k < st.nops; ++k) {
      std::vector<const Form*> next;
      for (const Form* f : live)
        if (accepts(*f, k, st.ops[k])) next.push_back(f);
      if (!next.empty()) {
        live = std::move(next);
        continue;
      }
      for (const Form* f : live)
        if (f->ops[k] == st.ops[k].type)
          fail(starts[k - first],
               "operand " + std::to_string(k - first + 1) + ": '" + mn.name + "' takes no write mask {k}/{z} there");
      std::string expected;
      bool label_ok = false;
      for (const Form* f : live) {
        std::string t = type_text(*f, k);
        label_ok |= f->ops[k] == OpType::Label;
        if ((" " + expected + ",").find(" " + t + ",") == std::string::npos &&
            expected.find(" or " + t) == std::string::npos)
          expected += (expected.empty() ? "" : " or ") + t;
      }
      const size_t i = k - first;
      std::string got = operand_text(starts[i], ends[i]);
      if (st.ops[k].type == OpType::Label && !label_ok && symbols[st.sym_index[k]].name.size() &&
          !symbols[st.sym_index[k]].existing && !symbols[st.sym_index[k]].defined)
        fail(starts[i], "unknown register '" + got + "'");
      fail(starts[i], "operand " + std::to_string(i + 1) + ": expected " + expected + ", got " +
                          std::string(name(st.ops[k].type)) + " '" + got + "'");
    }
    fail(at, "no form of '" + mn.name + "' takes these operands");
  }

  void directive(const Word& w, const char* at) {
    if (w.dir == Dir::data) {
      values_.clear();
      const int64_t lo = w.a == 8 ? INT64_MIN : -(int64_t{1} << (8 * w.a - 1));
      const int64_t hi = w.a == 8 ? INT64_MAX : (int64_t{1} << (8 * w.a)) - 1;
      for (;;) {
        blanks();
        const char* v = p_;
        Lin x = expr(false);
        if (!x.constant()) fail(v, "data must be a constant (labels are not supported here)");
        if (x.c < lo || x.c > hi)
          fail(v, "value " + std::to_string(x.c) + " does not fit " + std::to_string(w.a) + " byte" +
                      (w.a == 1 ? "" : "s"));
        values_.push_back(x.c);
        blanks();
        if (p_ < end_ && *p_ == ',') {
          ++p_;
          continue;
        }
        break;
      }
      uint8_t bytes[8];
      for (int64_t v : values_) {
        for (size_t b = 0; b < w.a; ++b) bytes[b] = static_cast<uint8_t>(static_cast<uint64_t>(v) >> (8 * b));
        out_.embed(std::span<const uint8_t>(bytes, w.a));
      }
    } else {
      blanks();
      const char* v = p_;
      Lin x = expr(false);
      if (!x.constant()) fail(v, "expected a constant alignment");
      int64_t align = x.c;
      if (w.dir == Dir::p2align) {
        if (align < 0 || align > 12) fail(v, ".p2align takes 0..12 (an alignment of up to 4096 bytes)");
        align = int64_t{1} << align;
      } else if (align < 1 || align > 4096 || (align & (align - 1)))
        fail(v, "alignment " + std::to_string(align) + " is not a power of two 1..4096");
      has_align_ = true;
      if (map_) {  // the second pass, into the caller's assembler: offsets are final
        size_t mis = out_.size() % static_cast<size_t>(align);
        if (mis) pad(out_, static_cast<size_t>(align) - mis);
        return;
      }
      if (relaxed_jump_ || a_.has_pending_labels())
        fail(at,
             "align after a jump or call to a label: the jump sizes are settled later, so the "
             "padding is not known (put align before the first label jump)");
    }
  }
  Insn insn_;                    // the instruction being parsed
  std::vector<int64_t> values_;  // one data directive's values (all checked before any is written)
};

void assemble(Assembler& a, std::string_view text, TextLabels* labels, bool names_local) {
  // Pass 1: parse and emit into a scratch assembler; any error stops here.
  thread_local Workspace work;
  thread_local Assembler scratch(4096);
  work.clear();
  scratch.clear();
  Parser first(text, a, labels, work, scratch, nullptr);
  first.run();
  if (names_local) first.check_all_defined();
  // Without labels or alignment the scratch bytes are final (they depend on
  // the operands only): append them.
  if (work.symbols.empty() && !first.has_align()) {
    a.embed(scratch.code());
    return;
  }
  // Pass 2: the real labels (new names made now), then the same text into `a`.
  std::vector<Label> real(work.symbols.size());
  for (size_t i = 0; i < work.symbols.size(); ++i) {
    const Symbol& s = work.symbols[i];
    real[i] = s.existing ? s.label : a.new_label(s.name);
  }
  thread_local Workspace again;
  again.clear();
  Parser second(text, a, labels, again, a, &real);
  second.run();
  if (labels) {
    for (size_t i = 0; i < work.symbols.size(); ++i) {
      const Symbol& s = work.symbols[i];
      if (s.name.empty()) continue;
      TextLabels::Entry& e = labels->names[s.name];
      e.label = real[i];
      e.bound |= s.defined;
      e.referenced |= s.referenced;
    }
  }
}

}  // namespace

void assemble_text(Assembler& a, std::string_view text, TextLabels& labels) { assemble(a, text, &labels, false); }

void assemble_text(Assembler& a, std::string_view text) { assemble(a, text, nullptr, true); }

}  // namespace x86
