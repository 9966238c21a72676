// The 26 functions of the asm reference (docs/asm.md, "The reference functions"), in its order.
#include <fmt/format.h>

#include "functions.hpp"
#include "natives.hpp"

namespace ilusm::asmmod {
namespace {

using x86::Assembler;
using x86::Gp;
using RR = void (Assembler::*)(Gp, Gp);

constexpr const char* kArgRegs[] = {"rdi", "rsi", "rdx", "rcx", "r8", "r9"};

using RI = void (Assembler::*)(Gp, x86::Imm);

// op r/m64, r64 with d in ModRM.rm and s in ModRM.reg (the 89/01/29/21/09/31
// forms), on the raw arguments (hot in emitting loops: no ArgList), with
// check_args' checks and messages in parameter order.
template <RR Op>
Value two_regs_fast(Interp&, Args args, const void* ctx) {
  const Function& f = bound(ctx).f;
  check_count(f.name, f.params, args.size());
  Program& p = to_program(args[0], f.name, f.params[0].name);
  Gp d = to_reg(args[1], f.name, f.params[1].name);
  Gp s = to_reg(args[2], f.name, f.params[2].name);
  return emit_into(f.name, args[0], p, [&](Assembler& a) { (a.*Op)(d, s); });
}

// add/sub/and/or/xor d, s where s is a register (as two_regs_fast) or an imm32:
// the encoder picks the shortest form (83 /n ib, the rax short form, 81 /n id).
template <RR Op, RI OpImm>
Value alu_fast(Interp& in, Args args, const void* ctx) {
  if (args.size() != 3 || args[2].is_str()) return two_regs_fast<Op>(in, args, ctx);
  const Function& f = bound(ctx).f;
  Program& p = to_program(args[0], f.name, f.params[0].name);
  Gp d = to_reg(args[1], f.name, f.params[1].name);
  Gp unused;
  int64_t imm = 0;
  to_reg_or_imm32(args[2], f.name, f.params[2].name, unused, imm);
  return emit_into(f.name, args[0], p, [&](Assembler& a) { (a.*OpImm)(d, imm); });
}

// Builds a tiny function with `build` and seals it (asmtr, asmta).
template <class Build>
Value sealed_example(Call& c, Build&& build) {
  Assembler a(16);
  build(a);
  std::span<const uint8_t> code = a.finalize();
  return seal(c.in, c.natives, code, Value(), c.fn);
}

// asmca2/3/4 on the raw arguments (the hot path: no ArgList): r, then ints.
// Ints is how many integers the function takes (asmca3: 2, asmca4: 0; the
// loop is unrolled), or -1 for 0..6 (asmca2: optional parameters).
// A handle with a signature (asmsg), or an argument that is neither an int
// nor a bin (an integral double, an error), leaves for calls.cpp.
template <int Ints>
Value call_fast(Interp& in, Args args, const void* ctx) {
  const auto& [f, natives] = bound(ctx);
  JitRegion* region = args.empty() ? nullptr : jit_region_of(args[0]);  // once: the call needs it too
  if (region && region->mem->signature) [[unlikely]]
    return call_typed(in, *natives, f.name, f.params, args, region->mem->signature);
  size_t n = Ints >= 0 ? size_t(Ints) + 1 : args.size();
  if (Ints < 0 || args.size() != n) check_count(f.name, f.params, args.size());
  CallInts ints = {};  // the unused ones are 0
  BinPins pins;        // bins: their bytes' addresses, pinned until the call returns
  for (size_t k = 1; k < n; ++k) {
    if (args[k].is_int()) [[likely]]
      ints[k - 1] = args[k].as_int();
    else if (args[k].is_bin()) ints[k - 1] = static_cast<int64_t>(pins.pin(args[k]));
    else return call_untyped(in, *natives, f.name, f.params, args);
  }
  return call_native(in, *natives, f.name, args[0], ints, region);
}
Value no_body(Call&) { return Value(); }

// asmse(p[, name]) on the raw arguments (sealing is hot: no ArgList).
Value seal_fast(Interp& in, Args args, const void* ctx) {
  const auto& [f, natives] = bound(ctx);
  check_count(f.name, f.params, args.size());
  Program& p = to_program(args[0], f.name, f.params[0].name);
  Value name;
  if (args.size() > 1) check_str(args[1], f.name, f.params[1].name), name = args[1];
  std::span<const uint8_t> code = final_code(p, f.name);
  Value h = seal(in, *natives, code, name, f.name);
  // Code that calls other handles keeps them alive (and thus mapped) through
  // its memory, out of the script's reach; the `calls` field only shows them.
  if (!p.calls.empty() && h.is_obj()) {
    if (JitRegion* r = jit_region_of(h)) r->mem->callees = p.calls;
    h.as<Obj>()->set(std::string_view("calls"), make_list(p.calls));
  }
  return h;
}

const Param P{"p", Kind::prog};
const Param D{"d", Kind::reg};
const Param S{"s", Kind::reg};
const Param SI{"s", Kind::reg_imm};
const Param R{"r", Kind::reg};
const Param H{"r", Kind::any};

}  // namespace

std::vector<Function> reference_functions() {
  return {
      {"asmca",
       {},
       [](Call& c) {
         check_caps(c.in, c.natives);
         return Value(true);
       }},
      {"asmne", {}, [](Call&) { return new_program(); }},
      {"asmar",
       {},
       [](Call&) {
         std::vector<Value> regs;
         for (const char* r : kArgRegs) regs.emplace_back(r);
         return make_list(std::move(regs));
       }},
      {"asmid", {{"nm", Kind::reg}}, [](Call& c) { return Value(int64_t{c.a[0].reg.id}); }},
      {"asmpu",
       {P, {"xs", Kind::bytes}},
       [](Call& c) {
         return emit(
             c, [&](Assembler& a) { a.embed(c.a.bytes); }, c.a.bytes.size());
       }},
      {"asmmo",
       {P, {"opc", Kind::byte}, D, S},
       [](Call& c) {
         return emit(c, [&](Assembler& a) { a.modrm(static_cast<uint8_t>(c.a[1].i), c.a[2].reg, c.a[3].reg); });
       }},
      {"asmmo1", {P, D, S}, no_body, two_regs_fast<&Assembler::mov>},
      {"asmad", {P, D, SI}, no_body, alu_fast<&Assembler::add, &Assembler::add>},
      {"asmsu", {P, D, SI}, no_body, alu_fast<&Assembler::sub, &Assembler::sub>},
      {"asmsn", {P, D, SI}, no_body, alu_fast<&Assembler::and_, &Assembler::and_>},
      {"asmso", {P, D, SI}, no_body, alu_fast<&Assembler::or_, &Assembler::or_>},
      {"asmsx", {P, D, SI}, no_body, alu_fast<&Assembler::xor_, &Assembler::xor_>},
      {"asmmv",
       {P, D, {"imm", Kind::imm32}},
       [](Call& c) { return emit(c, [&](Assembler& a) { a.mov_imm32_sx(c.a[1].reg, c.a[2].i); }); }},
      {"asmpu1",
       {P, {"r", Kind::reg_imm}},
       [](Call& c) {
         return emit(c, [&](Assembler& a) {
           if (c.a[1].is_reg) a.push(c.a[1].reg);
           else a.push(x86::Imm(c.a[1].i));  // 6a ib or 68 id, sign-extended
         });
       }},
      {"asmpo", {P, R}, [](Call& c) { return emit(c, [&](Assembler& a) { a.pop(c.a[1].reg); }); }},
      {"asmre", {P}, [](Call& c) { return emit(c, [&](Assembler& a) { a.ret(); }); }},
      {"asmno", {P}, [](Call& c) { return emit(c, [&](Assembler& a) { a.nop(); }); }},
      {"asmca1",
       {P, {"q", Kind::prog}},
       [](Call& c) {
         // Copy q's settled code first: q == p must append p to itself.
         auto q = final_code(*c.a[1].prog, c.fn);
         check_room(c.prog(), q.size(), c.fn);
         std::vector<uint8_t> bytes(q.begin(), q.end());
         auto& callees = c.a[1].prog->calls;
         c.prog().calls.insert(c.prog().calls.end(), callees.begin(), callees.end());
         return emit(c, [&](Assembler& a) { a.embed(bytes); });
       }},
      {"asmby",
       {P},
       [](Call& c) {
         std::vector<Value> out;
         for (uint8_t b : final_code(c.prog(), c.fn)) out.emplace_back(int64_t{b});
         return make_list(std::move(out));
       }},
      {"asmbi",
       {P},
       [](Call& c) {
         if (t_bin_pins) check_not_pinned(c.fn, c.a[0].value());
         final_code(c.prog(), c.fn);
         sync(c.a[0].value(), c.prog());
         Value b = c.a[0].value().as<Obj>()->get("b");
         return make_bin_view(b, 0, b.as<Bin>()->size());
       }},
      {"asmse", {P, {"name", Kind::str, true}}, no_body, seal_fast},
      {"asmca2",
       {H,
        {"a0", Kind::int64, true},
        {"a1", Kind::int64, true},
        {"a2", Kind::int64, true},
        {"a3", Kind::int64, true},
        {"a4", Kind::int64, true},
        {"a5", Kind::int64, true}},
       no_body,
       call_fast<-1>},
      {"asmca3", {H, {"a", Kind::int64}, {"b", Kind::int64}}, no_body, call_fast<2>},
      {"asmca4", {H}, no_body, call_fast<0>},
      {"asmtr",
       {},
       [](Call& c) {
         return sealed_example(c, [](Assembler& a) {
           a.xor_(x86::rax, x86::rax);
           a.ret();
         });
       }},
      {"asmta",
       {},
       [](Call& c) {
         return sealed_example(c, [](Assembler& a) {
           a.mov(x86::rax, x86::rdi);
           a.add(x86::rax, x86::rsi);
           a.ret();
         });
       }},
  };
}

}  // namespace ilusm::asmmod
