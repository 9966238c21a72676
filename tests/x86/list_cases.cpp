// Differential cases generated from the instruction list: for every form of
// the table-encoded families (SSE, VEX, fixed bytes, one-memory-operand), every register in each
// register position (the other positions held at varying registers), memory
// operands of every shape (all bases, indexes, scales and displacement edges
// for the first form of each shape, a few of each kind for the rest) and
// 8-bit immediates at their edges. Each case goes through x86::emit, the
// run-time path a text front end uses, which calls the typed method.
#include <algorithm>
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
// Memory sizes: the row's, else the general-purpose operands' (BMI), else
// (integer sources of conversions) 4 and 8.
std::vector<uint8_t> mem_sizes(const Form& f, uint8_t gsize) {
  if (f.encoding.mem) return {f.encoding.mem};
  if (f.encoding.family == Family::Vex && f.encoding.shape == static_cast<uint8_t>(Shape::X_XYM)) return {16, 32};
  if (const unsigned max_l = evex_l_by_size(f.encoding)) {  // the size picks L: every length the row reaches
    std::vector<uint8_t> r;
    for (unsigned l = 0; l <= max_l; ++l) r.push_back(static_cast<uint8_t>(16u << l));
    return r;
  }
  for (size_t i = 0; i < f.arity; ++i)
    if (f.ops[i] == OpType::Gp) return {gsize};
  return {4, 8};
}

bool is_vsib(const Encoding& e) { return e.family == Family::Vex && e.shape == static_cast<uint8_t>(Shape::VSIB); }

// Gathers (SDM rules, written out independently of the encoder): the index
// widths a form takes with its destination width, and the bytes it loads.
struct GatherMem {
  uint8_t vindex, size;
};
std::vector<GatherMem> gather_mems(const Encoding& e, unsigned dst) {
  const bool q_index = e.op & 1, wide = e.w;
  std::vector<unsigned> indexes = {dst};
  if (!q_index && wide) indexes = {16};
  if (q_index && !wide) indexes = {16, 32};
  std::vector<GatherMem> r;
  for (unsigned index : indexes) {
    const unsigned elems = std::min(q_index ? index / 8 : index / 4, wide ? dst / 8 : dst / 4);
    r.push_back({static_cast<uint8_t>(index), static_cast<uint8_t>(elems * (wide ? 8 : 4))});
  }
  return r;
}
Mem vsib(Gp base, bool has_base, uint8_t index, uint8_t vindex, unsigned scale, int64_t disp) {
  Mem m = has_base ? ptr(base, Gp{index, 8}, scale, disp) : ptr_index(Gp{index, 8}, scale, disp);
  m.vindex = vindex;
  return m;
}
// VSIB operands: every index register (but the two others in use), bases incl.
// rsp/r12/rbp/r13 and none, every scale, displacement edges.
std::vector<Mem> vsib_mems(const GatherMem& g, uint8_t avoid1, uint8_t avoid2, uint8_t count = 16) {
  std::vector<Mem> r;
  const int64_t disps[] = {0, 8, -128, 128, INT32_MAX, INT32_MIN};
  size_t k = 0;
  for (uint8_t i = 0; i < count; ++i) {
    if (i == avoid1 || i == avoid2) continue;
    r.push_back(vsib(gp64((i * 5 + 3) % 16), true, i, g.vindex, 1u << (i % 4), disps[k++ % 6]).sized(g.size));
  }
  for (Gp b : {rsp, r12, rbp, r13, rax})
    for (int64_t d : disps) r.push_back(vsib(b, true, 7, g.vindex, 8, d).sized(g.size));
  for (int64_t d : disps) r.push_back(vsib(rax, false, 11, g.vindex, 4, d).sized(g.size));
  return r;
}
constexpr uint8_t kVsibIndex = 5;

// AVX-512 gathers and scatters (SDM rules, written out independently of the
// encoder): the data register's bytes, the index widths the form takes, the bytes moved.
bool is_evex_vsib(const Encoding& e) {
  const auto s = static_cast<Shape>(e.shape);
  return e.family == Family::Evex &&
         (s == Shape::E_VSIB || s == Shape::E_HSIB || s == Shape::E_SIBV || s == Shape::E_SIBH);
}
std::vector<GatherMem> evex_gather_mems(const Encoding& e) {
  const auto s = static_cast<Shape>(e.shape);
  const bool half = s == Shape::E_HSIB || s == Shape::E_SIBH;
  const unsigned data = half ? (e.l == 2 ? 32 : 16) : 16u << e.l;
  const bool q_index = e.op & 1, wide = e.w;
  std::vector<unsigned> indexes = {data};
  if (!q_index && wide) indexes = {std::max(16u, data / 2)};
  if (q_index && !wide) indexes = e.l == 2 ? std::vector<unsigned>{64} : std::vector<unsigned>{16, 32};
  std::vector<GatherMem> r;
  for (unsigned index : indexes) {
    const unsigned elems = std::min(q_index ? index / 8 : index / 4, wide ? data / 8 : data / 4);
    r.push_back({static_cast<uint8_t>(index), static_cast<uint8_t>(elems * (wide ? 8 : 4))});
  }
  return r;
}

// EVEX decorations as llvm-mc writes them.
constexpr const char* kRoundText[] = {"{rn-sae}", "{rd-sae}", "{ru-sae}", "{rz-sae}", "{sae}"};

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
      case OpType::Bcst:
        t += to_string(o.mem) + "{1to" + std::to_string(o.bcst_n ? o.bcst_n : f.encoding.mem / f.encoding.elem) + "}";
        break;
      case OpType::Round: t += kRoundText[static_cast<unsigned>(o.round)]; break;
      default: t += "?"; break;
    }
    if (o.masked) t += " {k" + std::to_string(o.k) + "}";
    if (o.zero) t += " {z}";
  }
  return t;
}

// EVEX: the default register of a position (some above 15, so that the
// default case needs EVEX), and the memory operands that check disp8*N: the
// multiples of N at the edges of a scaled disp8 and displacements that fit a
// plain disp8 but are no multiple of N (those take disp32).
uint8_t default_id_evex(size_t pos) { return static_cast<uint8_t>((pos * 11 + 17) % 32); }
std::vector<Mem> disp8n_mems(int64_t n) {
  std::vector<Mem> r;
  const int64_t disps[] = {n, -n, 127 * n, 128 * n, -128 * n, -129 * n, 64 * n + 1, n / 2 ? n / 2 : 3,
                           1, -1, 127,     -128};
  size_t k = 0;
  for (int64_t d : disps) {
    r.push_back(ptr(gp64((k * 5 + 3) % 16), d));
    r.push_back(ptr(gp64(k % 16), gp64((k * 3 + 1) % 16 == 4 ? 9 : (k * 3 + 1) % 16), 1u << (k % 4), d));
    ++k;
  }
  return r;
}
Operand with_mask(Operand o, uint8_t k, bool zero) {
  o.k = k;
  o.masked = true;
  o.zero = zero;
  return o;
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

bool is_reg(OpType t) {
  return t == OpType::Gp || t == OpType::Xmm || t == OpType::Ymm || t == OpType::Zmm || t == OpType::KReg;
}

}  // namespace

std::vector<Case> list_cases() {
  std::vector<Case> out;
  std::set<std::pair<int, int>> full_done;  // (family, shape) that got the full memory set
  const std::vector<int64_t> imm8s = {0, 1, 127, 128, 255, -1, -128};
  for (const Form& f : forms()) {
    const Encoding& e = f.encoding;
    if (e.family != Family::Sse && e.family != Family::Vex && e.family != Family::Fixed && e.family != Family::MemOp &&
        e.family != Family::Evex)
      continue;
    const bool evex = e.family == Family::Evex;
    const Form* form = &f;
    auto add = [&](const std::vector<Operand>& ops) {
      out.push_back({text(f, ops), [form, ops](Assembler& a) { emit(a, *form, ops); }});
    };
    if (is_evex_vsib(e)) {  // always masked; every data register and mask, VSIB operands with indexes 0-31
      const bool gather = f.ops[1] == OpType::Mem;
      const size_t mp = gather ? 1 : 0, rp = 1 - mp;
      const OpType rt = f.ops[rp];
      const uint8_t data_id = default_id_evex(rp);
      for (const GatherMem& g : evex_gather_mems(e)) {
        std::vector<Operand> ops(2);
        auto mem_op = [&](const Mem& m, uint8_t k) { return gather ? Operand(m) : with_mask(Operand(m), k, false); };
        auto reg_op = [&](uint8_t id, uint8_t k) {
          const Operand r = reg_operand(rt, id, 8);
          return gather ? with_mask(r, k, false) : r;
        };
        const Mem base_mem = vsib(rdx, true, kVsibIndex, g.vindex, 4, 8).sized(g.size);
        for (uint8_t id = 0; id < 32; ++id) {
          if (gather && id == kVsibIndex) continue;
          ops[rp] = reg_op(id, 1);
          ops[mp] = mem_op(base_mem, 1);
          add(ops);
        }
        for (uint8_t k = 2; k < 8; ++k) {
          ops[rp] = reg_op(data_id, k);
          ops[mp] = mem_op(base_mem, k);
          add(ops);
        }
        ops[rp] = reg_op(data_id, 3);
        for (const Mem& m : vsib_mems(g, data_id, data_id, 32)) {
          ops[mp] = mem_op(m, 3);
          add(ops);
        }
        for (const Mem& m : disp8n_mems(e.elem)) {  // disp8*N with N the element
          ops[mp] = mem_op(vsib(m.base, true, 30, g.vindex, 8, m.disp).sized(g.size), 3);
          add(ops);
        }
      }
      continue;
    }
    for (uint8_t gsize : gp_sizes(e)) {
      std::vector<Operand> base;
      for (size_t p = 0; p < f.arity; ++p) {
        const OpType t = f.ops[p];
        if (e.family == Family::Sse && e.shape == static_cast<uint8_t>(Shape::X_XM0) && p == 2) base.push_back(xmm0);
        else if (is_reg(t))
          base.push_back(reg_operand(t, evex && t != OpType::Gp ? default_id_evex(p) : default_id(p), gsize));
        else if (t == OpType::Bcst) base.push_back(Bcst{ptr(rdx, 8), static_cast<uint8_t>(e.mem / e.elem)});
        else if (t == OpType::Round) base.push_back((e.evex & kEvEr) ? Round::RzSae : Round::Sae);
        else if (t == OpType::Mem && is_vsib(e)) {
          const GatherMem g = gather_mems(e, f.ops[0] == OpType::Ymm ? 32 : 16)[0];
          base.push_back(vsib(rdx, true, kVsibIndex, g.vindex, 4, 8).sized(g.size));
        } else if (t == OpType::Mem) base.push_back(ptr(rdx, 8).sized(mem_sizes(f, gsize)[0]));
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
        } else if (t == OpType::Round) {
          for (int r = 0; r < 5; ++r)
            if (r == 4 ? (e.evex & kEvSae) : (e.evex & kEvEr)) {
              ops[p] = Round(static_cast<uint8_t>(r));
              add(ops);
            }
        } else if (t == OpType::Bcst) {  // unsized and element-sized, disp8*N with N the element
          // A row whose {1toN} picks the length needs N (each it takes); the others
          // without it, and once with their own N written out.
          const bool by_size = evex_l_by_size(e) != 0;
          std::vector<uint8_t> ns = {0};
          if (by_size) {
            ns.clear();
            for (uint8_t msize : mem_sizes(f, gsize)) ns.push_back(static_cast<uint8_t>(msize / e.elem));
          }
          for (uint8_t bn : ns) {
            for (const Mem& m : mems_few()) {
              ops[p] = Bcst{m, bn};
              add(ops);
            }
            for (const Mem& m : disp8n_mems(e.elem)) {
              ops[p] = Bcst{m.sized(e.elem), bn};
              add(ops);
            }
          }
          if (!by_size) {
            ops[p] = Bcst{ptr(rcx, 8), static_cast<uint8_t>(e.mem / e.elem)};
            add(ops);
          }
        } else if (is_reg(t)) {
          if (evex && (f.masked >> p & 1)) {  // {k1}..{k7}, with {z} where the form zeroes
            for (uint8_t k = 1; k < 8; ++k) {
              ops[p] = with_mask(base[p], k, false);
              add(ops);
              if ((e.evex & kEvZero) && t != OpType::KReg) {
                ops[p] = with_mask(base[p], k, true);
                add(ops);
              }
            }
          }
          const uint8_t count = t == OpType::KReg ? 8 : evex && t != OpType::Gp ? 32 : 16;
          for (uint8_t id = 0; id < count; ++id) {
            // Gathers need three distinct registers (the other is base[2 - p]).
            if (is_vsib(e) && (id == kVsibIndex || id == base[2 - p].reg)) continue;
            ops[p] = reg_operand(t, id, gsize);
            add(ops);
          }
        } else if (t == OpType::Mem && is_vsib(e)) {
          for (const GatherMem& g : gather_mems(e, f.ops[0] == OpType::Ymm ? 32 : 16))
            for (const Mem& m : vsib_mems(g, base[0].reg, base[2].reg)) {
              ops[p] = m;
              add(ops);
            }
        } else if (t == OpType::Mem) {
          const bool full = full_done.insert({static_cast<int>(e.family), e.shape}).second;
          for (uint8_t msize : mem_sizes(f, gsize))
            for (const Mem& m : full ? mems_full() : mems_few()) {
              ops[p] = m.sized(msize);
              add(ops);
            }
          if (evex) {
            // 0: an integer source, 32 or 64 bits by its size; a row whose size picks L: each length.
            const std::vector<uint8_t> msizes =
                evex_l_by_size(e) ? mem_sizes(f, gsize) : std::vector<uint8_t>{e.mem ? e.mem : gsize};
            for (uint8_t msize : msizes)
              for (const Mem& m : disp8n_mems((e.evex & kEvT1) ? e.elem : msize)) {
                ops[p] = m.sized(msize);
                add(ops);
              }
            if (f.masked >> p & 1)  // a masked store
              for (uint8_t k = 1; k < 8; ++k) {
                ops[p] = with_mask(Operand(ptr(rcx, r9, 4, 64).sized(e.mem)), k, false);
                add(ops);
              }
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
