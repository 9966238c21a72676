// Beyond the reference, in its naming style (asm + two letters): labels and
// jumps, compare/test/set, imm64 moves, memory operands, imul, shifts, calls,
// disassembly and explicit free. docs/asm.md documents each with an example.
#include <fmt/format.h>

#include "asm_module.hpp"
#include "disasm.hpp"
#include "functions.hpp"
#include "handles.hpp"
#include "ilusm/bindings.hpp"

namespace ilusm::asmmod {
namespace {

using x86::Assembler;
using x86::Gp;
using x86::Label;
using LS = Program::LabelState;

// A jump or call to label `l`: until l is bound, p.b waits for the layout.
void reference_label(Program& p, int64_t l) {
  p.uses_labels = true;
  if (p.labels[l] == LS::fresh) p.labels[l] = LS::referenced, ++p.unbound_refs;
}

Label label(int64_t l) { return Label{static_cast<uint32_t>(l)}; }

// After asmtx: the named labels the text bound or used join the program's
// label states (so asmbd, asmse and p.b see them like asmlb labels).
void adopt_text_labels(Program& p) {
  for (const auto& [name, e] : p.names.names) {
    uint32_t id = e.label.id;
    if (p.labels.size() <= id) p.labels.resize(id + 1, LS::fresh);
    LS& state = p.labels[id];
    if (e.bound && state != LS::bound) {
      if (state == LS::referenced) --p.unbound_refs;
      state = LS::bound;
    } else if (e.referenced && state == LS::fresh) {
      state = LS::referenced;
      ++p.unbound_refs;
    }
  }
  if (p.a.has_pending_labels()) p.uses_labels = true;
}

using RI = void (Assembler::*)(Gp, x86::Imm);
using RG = void (Assembler::*)(Gp, Gp);

// op r64, r64 | imm32 (cmp, test).
template <RG OpR, RI OpI>
Value reg_or_imm(Call& c) {
  return emit(c, [&](Assembler& a) {
    if (c.a[2].is_reg) (a.*OpR)(c.a[1].reg, c.a[2].reg);
    else (a.*OpI)(c.a[1].reg, c.a[2].i);
  });
}

// shl/shr/sar r64, imm8 | cl.
template <RI OpI, RG OpCl>
Value shift(Call& c) {
  return emit(c, [&](Assembler& a) {
    if (c.a[2].is_reg) (a.*OpCl)(c.a[1].reg, x86::cl);
    else (a.*OpI)(c.a[1].reg, c.a[2].i);
  });
}

std::vector<std::string> disassembly(const Value& x, const char* fn) {
  if (Program* p = program_of(x)) return disassemble(final_code(*p, fn));
  if (!x.is_obj()) fail(fn, "x", fmt::format("expected a program or a sealed handle, got {}", describe(x)));
  return disassemble(sealed_code(x, fn, "x").bytes);
}

Value lines(std::vector<std::string> text) {
  std::vector<Value> out;
  out.reserve(text.size());
  for (auto& s : text) out.emplace_back(make_str(std::move(s)));
  return make_list(std::move(out));
}

const Param P{"p", Kind::prog};
const Param D{"d", Kind::reg};
const Param S{"s", Kind::reg};
const Param R{"r", Kind::reg};
const Param L{"l", Kind::label};
const Param CC{"cc", Kind::cond};
const Param M{"m", Kind::mem};

}  // namespace

std::vector<Function> extra_functions() {
  return {
      {"asmlb",
       {P, {"name", Kind::str, true}},
       [](Call& c) {
         Program& p = c.prog();
         // A name: the label asmtx text calls so (made now if no text used it yet).
         std::string_view name = c.a[1].present ? std::string_view(c.a[1].value().as<Str>()->s) : "";
         const x86::TextLabels::Entry* named = name.empty() ? nullptr : p.names.find(name);
         Label l = named ? named->label : p.a.new_label(name);
         if (!name.empty() && !named) p.names.add(name, l);
         if (p.labels.size() <= l.id) p.labels.resize(l.id + 1, LS::fresh);
         return Value(int64_t{l.id});
       }},
      {"asmtx",
       {P, {"text", Kind::str}},
       [](Call& c) {
         Program& p = c.prog();
         const std::string& text = c.a[1].value().as<Str>()->s;
         return emit(c, [&](Assembler& a) {
           try {
             x86::assemble_text(a, text, p.names);
           } catch (const x86::TextError& e) { fail(c.fn, "text", e.what()); }
           adopt_text_labels(p);
         });
       }},
      {"asmbd",
       {P, L},
       [](Call& c) {
         Program& p = c.prog();
         int64_t l = c.a[1].i;
         if (p.labels[l] == LS::bound) fail(c.fn, "l", fmt::format("label {} is already bound", l));
         return emit(c, [&](Assembler& a) {
           a.bind(label(l));
           if (p.labels[l] == LS::referenced) --p.unbound_refs;
           p.labels[l] = LS::bound;
         });
       }},
      {"asmjm",
       {P, L},
       [](Call& c) {
         return emit(c, [&](Assembler& a) {
           a.jmp(label(c.a[1].i));
           reference_label(c.prog(), c.a[1].i);
         });
       }},
      {"asmjc",
       {P, CC, L},
       [](Call& c) {
         return emit(c, [&](Assembler& a) {
           a.jcc(c.a[1].cond, label(c.a[2].i));
           reference_label(c.prog(), c.a[2].i);
         });
       }},
      {"asmcl",
       {P, {"t", Kind::callee}},
       [](Call& c) {
         if (!c.a[1].is_reg) {  // a label of this program: call rel32
           return emit(c, [&](Assembler& a) {
             a.call(label(c.a[1].i));
             reference_label(c.prog(), c.a[1].i);
           });
         }
         // A sealed handle: movabs r11, address; call r11 (r11 is scratch in SysV).
         SealedCode target = sealed_code(c.a[1].value(), c.fn, "t");
         Value result = emit(c, [&](Assembler& a) {
           a.movabs(x86::r11, static_cast<int64_t>(target.address));
           a.call(x86::r11);
         });
         mark_called(c.a[1].value());
         c.prog().calls.push_back(c.a[1].value());
         return result;
       }},
      {"asmcm", {P, {"a", Kind::reg}, {"b", Kind::reg_imm}}, reg_or_imm<&Assembler::cmp, &Assembler::cmp>},
      {"asmte", {P, {"a", Kind::reg}, {"b", Kind::reg_imm}}, reg_or_imm<&Assembler::test, &Assembler::test>},
      {"asmsc",
       {P, CC, R},
       [](Call& c) { return emit(c, [&](Assembler& a) { a.setcc(c.a[1].cond, c.a[2].reg.r8()); }); }},
      {"asmmq",
       {P, D, {"imm", Kind::imm64}},
       [](Call& c) { return emit(c, [&](Assembler& a) { a.movabs(c.a[1].reg, c.a[2].i); }); }},
      {"asmld", {P, D, M}, [](Call& c) { return emit(c, [&](Assembler& a) { a.mov(c.a[1].reg, c.a[2].mem); }); }},
      {"asmst", {P, M, S}, [](Call& c) { return emit(c, [&](Assembler& a) { a.mov(c.a[1].mem, c.a[2].reg); }); }},
      {"asmle", {P, D, M}, [](Call& c) { return emit(c, [&](Assembler& a) { a.lea(c.a[1].reg, c.a[2].mem); }); }},
      {"asmim",
       {P, D, S, {"imm", Kind::imm32, true}},
       [](Call& c) {
         return emit(c, [&](Assembler& a) {
           if (c.a[3].present) a.imul(c.a[1].reg, c.a[2].reg, c.a[3].i);
           else a.imul(c.a[1].reg, c.a[2].reg);
         });
       }},
      {"asmsl", {P, R, {"n", Kind::shift}}, shift<&Assembler::shl, &Assembler::shl>},
      {"asmsr", {P, R, {"n", Kind::shift}}, shift<&Assembler::shr, &Assembler::shr>},
      {"asmsa", {P, R, {"n", Kind::shift}}, shift<&Assembler::sar, &Assembler::sar>},
      {"asmds", {{"x", Kind::any}}, [](Call& c) { return lines(disassembly(c.a[0].value(), c.fn)); }},
      {"asmfr",
       {{"h", Kind::any}},
       nullptr,
       [](Interp&, Args args, const void* ctx) {  // raw: no ArgList
         const Function& f = bound(ctx).f;
         check_count(f.name, f.params, args.size());
         free_handle(args[0], f.name);
         return Value();
       }},
  };
}

}  // namespace ilusm::asmmod

namespace ilusm {

std::vector<std::string> asm_disassembly(const Value& x) { return asmmod::disassembly(x, ":dis"); }

std::vector<std::string> asm_text_listing(std::string_view text) {
  x86::Assembler a(256);
  try {
    x86::assemble_text(a, text);
    return asmmod::disassemble(a.finalize());
  } catch (const x86::Error& e) { raise(std::string(":asm: ") + e.what()); }
}

}  // namespace ilusm
