// Intel-syntax assembly text, as llvm-mc reads it with -x86-asm-syntax=intel,
// into an Assembler: every instruction of the instruction list (x86/isa.hpp)
// can be written, with the operand types of its forms.
//
//   x86::Assembler a;
//   x86::assemble_text(a, "top: add rax, qword ptr [rdi + 8*rsi - 16]\n"
//                         "     dec rsi; jnz top\n"
//                         "     ret");
//
// Accepted: one statement a line or several separated by `;`, `#` comments;
// labels `name:` (forward and backward references), GNU local labels `1:`
// with `1b`/`1f`; registers of every size; memory `[base + index*scale +
// disp]` in any order of terms, `[rip + disp]`, `[rip + label]`, `[disp]`,
// with the size keywords byte..zmmword `ptr` where the size is not implied;
// immediates and displacements as constant expressions (decimal, 0x hex, 0b
// binary, 'c' characters; + - * / % << >> & | ^ ~ and parentheses); data
// .byte/.short/.word/.long/.int/.quad (and db/dw/dd/dq); .p2align N,
// .align/align N (bytes; padded with nops as llvm-mc does). docs/encoder.md
// has the details.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "x86/assembler.hpp"
#include "x86/error.hpp"

namespace x86 {

// An error in the text. what() is "LINE:COLUMN: MESSAGE: `SOURCE LINE`";
// the parts are kept for callers that format their own.
class TextError : public Error {
 public:
  TextError(size_t line, size_t column, const std::string& message, std::string_view source_line);
  size_t line, column;  // 1-based
  std::string message;  // e.g. "unknown register 'rxx'"
  std::string source;   // the line the error is on
};

// The names of labels, shared by several assemble_text calls on one
// Assembler and with labels made in C++: `add(name, label)` lets text refer
// to an existing label by name; a name the text defines (`name:`) or uses
// first is made with Assembler::new_label(name) and recorded here.
struct TextLabels {
  struct Entry {
    Label label;
    bool bound = false;       // bound by text (labels bound in C++ are not tracked)
    bool referenced = false;  // used by a jump, call or [rip + name] in text
  };
  std::unordered_map<std::string, Entry> names;
  void add(std::string_view name, Label label) { names[std::string(name)].label = label; }
  const Entry* find(std::string_view name) const {
    auto it = names.find(std::string(name));
    return it == names.end() ? nullptr : &it->second;
  }
};

// Appends the instructions and data of `text` to `a`. Throws TextError (or
// x86::Error from Assembler::finalize later, for a label never bound) on an
// error, and then nothing is appended and `labels` is unchanged. Without
// `labels`, names are local to this one text.
void assemble_text(Assembler& a, std::string_view text, TextLabels& labels);
void assemble_text(Assembler& a, std::string_view text);

}  // namespace x86
