// Differential cases generated from the instruction list: for every form of
// the table-encoded families (SSE, VEX, fixed bytes), every register in each
// register position (the other positions held at varying registers), memory
// operands of every shape (all bases, indexes, scales and displacement edges
// for the first form of each shape, a few of each kind for the rest) and
// 8-bit immediates at their edges. Each case goes through x86::emit, the
// run-time path a text front end uses, which calls the typed method.
#include <set>
#include <string>
#include <utility>

#include "cases.hpp"

using namespace x86;

namespace {

// GP operand sizes a form allows (its W rule).
std::vector<uint8_t> gp_sizes(const Encoding& e) {
  if (e.w == kWBySize) return {4, 8};
  return {static_cast<uint8_t>(e.w ? 8 : 4)};
}
// Memory sizes: the row's, or (integer sources of conversions) 4 and 8.
std::vector<uint8_t> mem_sizes(const Encoding& e) {
  if (e.mem) return {e.mem};
  return {4, 8};
}

std::string text(const Form& f, const std::vector<Operand>& ops) {
  std::string t = f.mnemonic;
  const char* sep = " ";
  for (const Operand& o : ops) {
    t += sep;
    sep = ", ";
    switch (o.type) {
      case OpType::Gp: t += name(o.gp); break;
      case OpType::Xmm: t += name(Xmm{o.reg}); break;
      case OpType::Ymm: t += name(Ymm{o.reg}); break;
      case OpType::Zmm: t += name(Zmm{o.reg}); break;
      case OpType::KReg: t += name(KReg{o.reg}); break;
      case OpType::Mem: t += to_string(o.mem); break;
      case OpType::Imm: t += std::to_string(o.imm); break;
      default: t += "?"; break;
    }
  }
  return t;
}

// The default register of position `pos` (distinct per position, crossing 8).
uint8_t default_id(size_t pos) { return static_cast<uint8_t>((pos * 7 + 2) % 16); }

Operand reg_operand(OpType t, uint8_t id, uint8_t gp_size) {
  switch (t) {
    case OpType::Gp: return Gp{id, gp_size};
    case OpType::Xmm: return Xmm{id};
    case OpType::Ymm: return Ymm{id};
    case OpType::Zmm: return Zmm{id};
    default: return KReg{static_cast<uint8_t>(id & 7)};
  }
}

bool is_reg(OpType t) { return t == OpType::Gp || t == OpType::Xmm || t == OpType::Ymm || t == OpType::Zmm || t == OpType::KReg; }

}  // namespace

std::vector<Case> list_cases() {
  std::vector<Case> out;
  std::set<std::pair<int, int>> full_done;  // (family, shape) that got the full memory set
  const std::vector<int64_t> imm8s = {0, 1, 127, 128, 255, -1, -128};
  for (const Form& f : forms()) {
    const Encoding& e = f.encoding;
    if (e.family != Family::Sse && e.family != Family::Vex && e.family != Family::Fixed) continue;
    const Form* form = &f;
    auto add = [&](const std::vector<Operand>& ops) {
      out.push_back({text(f, ops), [form, ops](Assembler& a) { emit(a, *form, ops); }});
    };
    for (uint8_t gsize : gp_sizes(e)) {
      std::vector<Operand> base;
      for (size_t p = 0; p < f.arity; ++p) {
        const OpType t = f.ops[p];
        if (e.family == Family::Sse && e.shape == static_cast<uint8_t>(Shape::X_XM0) && p == 2) base.push_back(xmm0);
        else if (is_reg(t)) base.push_back(reg_operand(t, default_id(p), gsize));
        else if (t == OpType::Mem) base.push_back(ptr(rdx, 8).sized(mem_sizes(e)[0]));
        else base.push_back(Imm(5));
      }
      if (f.arity == 0) {
        add(base);
        break;
      }
      for (size_t p = 0; p < f.arity; ++p) {
        const OpType t = f.ops[p];
        std::vector<Operand> ops = base;
        if (e.family == Family::Sse && e.shape == static_cast<uint8_t>(Shape::X_XM0) && p == 2) {
          ops[p] = xmm0;  // the implicit mask register
          add(ops);
        } else if (is_reg(t)) {
          for (uint8_t id = 0; id < (t == OpType::KReg ? 8 : 16); ++id) {
            ops[p] = reg_operand(t, id, gsize);
            add(ops);
          }
        } else if (t == OpType::Mem) {
          const bool full = full_done.insert({static_cast<int>(e.family), e.shape}).second;
          for (uint8_t msize : mem_sizes(e))
            for (const Mem& m : full ? mems_full() : mems_few()) {
              ops[p] = m.sized(msize);
              add(ops);
            }
        } else {
          for (int64_t v : imm8s) {
            ops[p] = Imm(v);
            add(ops);
          }
        }
      }
    }
  }
  return out;
}
