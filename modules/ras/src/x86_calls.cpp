// Call sequences for the x86-64 back end (see x86_calls.hpp).
#include "x86_calls.hpp"

#include "parallel_move.hpp"

#include <bit>
#include <limits>

namespace ras::x86_backend {

namespace {

bool fits32(int64_t v) { return v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max(); }

x86::Xmm xmm(int id) { return x86::Xmm{static_cast<uint8_t>(id)}; }

}  // namespace

void emit_call(x86::Assembler& a, const std::vector<Outgoing>& args, const CallTarget& target, CallScratch& scratch) {
  std::vector<ValueKind>& kinds = scratch.kinds;
  kinds.clear();
  for (const Outgoing& arg : args) kinds.push_back(arg.fp ? ValueKind::floating : ValueKind::integer);
  int stack_slots = 0;
  std::vector<Place>& places = scratch.places;
  classify(kinds, places, &stack_slots);
  int stack_bytes = (8 * stack_slots + 15) & ~15;  // keeps rsp 16-aligned
  auto home = [&](const Outgoing& arg) { return x86::qword_ptr(x86::rsp, arg.home + stack_bytes); };

  // 1. Stack arguments (rcx is free: it is only ever an argument destination).
  if (stack_bytes) a.sub(x86::rsp, x86::Imm(stack_bytes));
  for (size_t k = 0; k < args.size(); ++k) {
    if (places[k].reg >= 0) continue;
    const Outgoing& arg = args[k];
    x86::Mem slot = x86::qword_ptr(x86::rsp, 8 * places[k].stack);
    if (arg.reg >= 16) {
      a.movsd(slot, xmm(arg.reg - 16));
    } else if (arg.reg >= 0) {
      a.mov(slot, x86::gp64(arg.reg));
    } else if (arg.home >= 0) {
      a.mov(kTemp, home(arg));
      a.mov(slot, kTemp);
    } else if (!arg.fp && fits32(arg.imm)) {
      a.mov(slot, x86::Imm(arg.imm));
    } else {
      a.mov(kTemp, x86::Imm(arg.fp ? std::bit_cast<int64_t>(static_cast<double>(arg.imm)) : arg.imm));
      a.mov(slot, kTemp);
    }
  }

  // 2. Double register arguments, then 3. integer ones: moves, then the rest.
  for (bool fp : {true, false}) {
    std::vector<Move>& moves = scratch.moves;
    moves.clear();
    for (size_t k = 0; k < args.size(); ++k)
      if (places[k].reg >= 0 && args[k].fp == fp && args[k].reg >= 0)
        moves.push_back({places[k].reg, fp ? args[k].reg - 16 : args[k].reg});
    if (fp) {
      parallel_move(
          moves, [&](int d, int s) { a.movapd(xmm(d), xmm(s)); },
          [&](int d, int s) {  // unreachable (see parallel_move); swap through the temporary
            a.movapd(kTempXmm, xmm(s));
            a.movapd(xmm(s), xmm(d));
            a.movapd(xmm(d), kTempXmm);
          });
    } else {
      parallel_move(
          moves, [&](int d, int s) { a.mov(x86::gp64(d), x86::gp64(s)); },
          [&](int d, int s) { a.xchg(x86::gp64(d), x86::gp64(s)); });
    }
    for (size_t k = 0; k < args.size(); ++k) {
      const Outgoing& arg = args[k];
      if (places[k].reg < 0 || arg.fp != fp || arg.reg >= 0) continue;
      if (fp) {
        if (arg.home >= 0) {
          a.movsd(xmm(places[k].reg), home(arg));
        } else {
          double value = static_cast<double>(arg.imm);
          if (std::bit_cast<uint64_t>(value) == 0) {
            a.xorpd(xmm(places[k].reg), xmm(places[k].reg));
          } else {
            // Doubles are placed before integers, so rcx is still free here.
            a.mov(kTemp, x86::Imm(std::bit_cast<int64_t>(value)));
            a.movq(xmm(places[k].reg), kTemp);
          }
        }
      } else {
        x86::Gp dst = x86::gp64(places[k].reg);
        if (arg.home >= 0) a.mov(dst, home(arg));
        else if (arg.imm == 0) a.xor_(dst.r32(), dst.r32());
        else a.mov(dst, x86::Imm(arg.imm));
      }
    }
  }

  if (target.host) {
    a.mov(x86::rax, x86::Imm(static_cast<int64_t>(reinterpret_cast<uintptr_t>(target.host))));
    a.call(x86::rax);
  } else {
    a.call(target.label);
  }
  if (stack_bytes) a.add(x86::rsp, x86::Imm(stack_bytes));
}

}  // namespace ras::x86_backend
