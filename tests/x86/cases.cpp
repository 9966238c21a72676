#include "cases.hpp"

#include <cstdint>

using namespace x86;

namespace {

std::vector<Gp> regs(unsigned size) {
  std::vector<Gp> r;
  for (uint8_t i = 0; i < 16; ++i) r.push_back(Gp{i, static_cast<uint8_t>(size)});
  if (size == 1) r.insert(r.end(), {ah, ch, dh, bh});
  return r;
}
// ah..bh and a REX prefix cannot meet (error_test checks that they throw).
bool legal(Gp a, Gp b = Gp{0, 8}) { return !((a.high8 || b.high8) && (a.needs_rex() || b.needs_rex())); }

bool mem_needs_rex(const Mem& m) { return (m.has_base && m.base.id >= 8) || (m.has_index && m.index.id >= 8); }

const std::vector<int64_t> kDisps = {0, 1, -1, 127, 128, -128, -129, INT32_MAX, INT32_MIN};

}  // namespace

// Every base with every boundary displacement, every index with every scale,
// the rsp/r12/rbp/r13 special cases, index-only, RIP-relative and absolute.
std::vector<Mem> mems_full() {
  std::vector<Mem> m;
  for (uint8_t b = 0; b < 16; ++b)
    for (int64_t d : kDisps) m.push_back(ptr(gp64(b), d));
  size_t k = 0;
  for (uint8_t i = 0; i < 16; ++i) {
    if (i == 4) continue;
    for (unsigned s : {1u, 2u, 4u, 8u}) {
      m.push_back(ptr(gp64((i + 5 + s) % 16), gp64(i), s, kDisps[k++ % kDisps.size()]));
      m.push_back(ptr_index(gp64(i), s, kDisps[k++ % kDisps.size()]));
    }
  }
  for (Gp b : {rsp, r12, rbp, r13})
    for (int64_t d : {0, 1, 128})
      for (Gp i : {rcx, r12, rbp, r13}) m.push_back(ptr(b, i, 2, d));
  for (int64_t d : {0, -1, 16, INT32_MAX, INT32_MIN}) {
    m.push_back(ptr_rip(d));
    m.push_back(ptr_abs(d == 0 ? 0x1000 : d));
  }
  return m;
}
std::vector<Mem> mems_few() {
  return {ptr(rax),    ptr(r13, 1),    ptr(rsp, rcx, 8, -128), ptr(r12, r15, 2, 128), ptr(rbp), ptr_index(r9, 4, -16),
          ptr_rip(16), ptr_abs(0x1000)};
}

namespace {

std::vector<int64_t> imms(unsigned size) {
  std::vector<int64_t> v = {0, 1, -1, 127, -128};
  if (size == 1) v.insert(v.end(), {128, 255});
  if (size >= 2) v.insert(v.end(), {128, -129, 255, 256, 32767, -32768});
  if (size == 2) v.insert(v.end(), {65535, 0xFF80});
  if (size >= 4) v.insert(v.end(), {32768, -32769, INT32_MAX, INT32_MIN});
  if (size == 4) v.insert(v.end(), {0xFFFFFFFFLL, 0x80000000LL, 0xFFFFFF80LL});
  return v;
}

std::string s(Gp r) { return std::string(name(r)); }
std::string s(const Mem& m) { return to_string(m); }
std::string s(Imm i) { return std::to_string(i.value); }

struct Gen {
  std::vector<Case> out;
  template <typename F, typename... A>
  void add(const std::string& mnemonic, F f, A... a) {
    std::string text = mnemonic;
    [[maybe_unused]] const char* sep = " ";
    ((text += sep, text += s(a), sep = ", "), ...);
    out.push_back({text, [f, a...](Assembler& as) { f(as, a...); }});
  }
};

#define OP(fn) [](Assembler& a, auto... x) { a.fn(x...); }

// r,r / r,m / m,r / r,imm / m,imm for the operand sizes in `sizes`.
template <typename F>
void rr(Gen& g, const std::string& m, F f, std::initializer_list<unsigned> sizes) {
  for (unsigned z : sizes)
    for (Gp d : regs(z))
      for (Gp src : regs(z))
        if (legal(d, src)) g.add(m, f, d, src);
}
template <bool mem_first, typename F>
void rm(Gen& g, const std::string& m, F f, std::initializer_list<unsigned> sizes) {
  auto add = [&](const Mem& x, Gp r) {
    if constexpr (mem_first) g.add(m, f, x, r);
    else g.add(m, f, r, x);
  };
  for (unsigned z : sizes) {
    for (Gp r : regs(z))
      for (const Mem& x : mems_few())
        if (!(r.high8 && mem_needs_rex(x))) add(x, r);
    const Gp r = z == 1 ? cl : Gp{2, static_cast<uint8_t>(z)};
    for (const Mem& x : mems_full()) add(x, r);
  }
}
template <typename F>
void ri(Gen& g, const std::string& m, F f, std::initializer_list<unsigned> sizes) {
  for (unsigned z : sizes)
    for (Gp d : regs(z))
      for (int64_t v : imms(z)) g.add(m, f, d, Imm(v));
}
template <typename F>
void mi(Gen& g, const std::string& m, F f, std::initializer_list<unsigned> sizes) {
  for (unsigned z : sizes)
    for (const Mem& x : mems_few())
      for (int64_t v : imms(z)) g.add(m, f, x.sized(static_cast<uint8_t>(z)), Imm(v));
}
template <typename F>
void unary(Gen& g, const std::string& m, F f) {
  for (unsigned z : {1u, 2u, 4u, 8u}) {
    for (Gp d : regs(z)) g.add(m, f, d);
    for (const Mem& x : mems_few()) g.add(m, f, x.sized(static_cast<uint8_t>(z)));
  }
}

}  // namespace

std::vector<Case> all_cases() {
  Gen g;
  const auto all = {1u, 2u, 4u, 8u};
  const auto wide = {2u, 4u, 8u};

#define ALU(fn, txt)              \
  rr(g, txt, OP(fn), all);        \
  rm<false>(g, txt, OP(fn), all); \
  rm<true>(g, txt, OP(fn), all);  \
  ri(g, txt, OP(fn), all);        \
  mi(g, txt, OP(fn), all);
  ALU(add, "add");
  ALU(or_, "or");
  ALU(adc, "adc");
  ALU(sbb, "sbb");
  ALU(and_, "and");
  ALU(sub, "sub");
  ALU(xor_, "xor");
  ALU(cmp, "cmp");
#undef ALU

  // mov: the register-immediate form is chosen by value (see docs/encoder.md).
  rr(g, "mov", OP(mov), all);
  rm<false>(g, "mov", OP(mov), all);
  rm<true>(g, "mov", OP(mov), all);
  mi(g, "mov", OP(mov), all);
  for (unsigned z : {1u, 2u, 4u})
    for (Gp d : regs(z))
      for (int64_t v : imms(z)) g.add("mov", OP(mov), d, Imm(v));
  const int64_t k64[] = {0,          1,          -1,          127,         INT32_MAX, INT32_MIN,
                         0x80000000, 0xFFFFFFFF, 0x100000000, -0x80000001, INT64_MAX, INT64_MIN};
  for (Gp d : regs(8))
    for (int64_t v : k64) {
      const bool zext = v >= 0 && v <= 0xFFFFFFFF;
      const bool sx = !zext && v >= INT32_MIN && v <= INT32_MAX;
      const std::string text = zext ? "mov " + s(d.r32()) : (sx ? "mov " : "movabs ") + s(d);
      g.out.push_back({text + ", " + std::to_string(v), [d, v](Assembler& a) { a.mov(d, v); }});
      if (v >= INT32_MIN && v <= INT32_MAX) g.add("mov", OP(mov_imm32_sx), d, Imm(v));
      g.add("movabs", OP(movabs), d, Imm(v));
    }

  rr(g, "test", OP(test), all);
  // alu(AluOp, r, r): the same forms, the operation chosen by value.
  {
    const char* names[] = {"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp", "mov", "test"};
    for (unsigned i = 0; i < 10; ++i) {
      const auto op = static_cast<AluOp>(i);
      rr(
          g, names[i], [op](Assembler& a, Gp d, Gp src) { a.alu(op, d, src); }, all);
    }
  }
  rm<true>(g, "test", OP(test), all);
  ri(g, "test", OP(test), all);
  mi(g, "test", OP(test), all);

  unary(g, "inc", OP(inc));
  unary(g, "dec", OP(dec));
  unary(g, "neg", OP(neg));
  unary(g, "not", OP(not_));
  unary(g, "mul", OP(mul));
  unary(g, "imul", OP(imul));
  unary(g, "div", OP(div));
  unary(g, "idiv", OP(idiv));
  rr(g, "imul", OP(imul), wide);
  rm<false>(g, "imul", OP(imul), wide);
  for (unsigned z : wide)
    for (Gp d : regs(z)) {
      for (int64_t v : imms(z)) g.add("imul", OP(imul), d, Gp{static_cast<uint8_t>(15 - d.id), d.size}, Imm(v));
      for (const Mem& x : mems_few()) g.add("imul", OP(imul), d, x, Imm(300));
    }
  g.add("cqo", OP(cqo));
  g.add("cdq", OP(cdq));
  g.add("cdqe", OP(cdqe));

#define SHIFT(fn, txt)                                                        \
  for (unsigned z : all) {                                                    \
    for (Gp d : regs(z)) {                                                    \
      for (int64_t c : {0, 1, 2, 31, 63, 255}) g.add(txt, OP(fn), d, Imm(c)); \
      g.add(txt, OP(fn), d, cl);                                              \
    }                                                                         \
    for (const Mem& x : mems_few()) {                                         \
      g.add(txt, OP(fn), x.sized(static_cast<uint8_t>(z)), Imm(1));           \
      g.add(txt, OP(fn), x.sized(static_cast<uint8_t>(z)), Imm(7));           \
      g.add(txt, OP(fn), x.sized(static_cast<uint8_t>(z)), cl);               \
    }                                                                         \
  }
  SHIFT(rol, "rol");
  SHIFT(ror, "ror");
  SHIFT(rcl, "rcl");
  SHIFT(rcr, "rcr");
  SHIFT(shl, "shl");
  SHIFT(shr, "shr");
  SHIFT(sar, "sar");
#undef SHIFT

#define BT(fn, txt)                                                                               \
  rr(g, txt, OP(fn), wide);                                                                       \
  rm<true>(g, txt, OP(fn), wide);                                                                 \
  for (unsigned z : wide) {                                                                       \
    for (Gp d : regs(z))                                                                          \
      for (int64_t b : {0, 1, 63, 255}) g.add(txt, OP(fn), d, Imm(b));                            \
    for (const Mem& x : mems_few()) g.add(txt, OP(fn), x.sized(static_cast<uint8_t>(z)), Imm(5)); \
  }
  BT(bt, "bt");
  BT(bts, "bts");
  BT(btr, "btr");
  BT(btc, "btc");
#undef BT

  for (auto [fn, txt] : {std::pair{0, "popcnt"}, {1, "lzcnt"}, {2, "tzcnt"}}) {
    auto f = [fn](Assembler& a, auto d, auto x) {
      if (fn == 0) a.popcnt(d, x);
      else if (fn == 1) a.lzcnt(d, x);
      else a.tzcnt(d, x);
    };
    rr(g, txt, f, wide);
    rm<false>(g, txt, f, wide);
  }

  for (unsigned dz : wide)
    for (unsigned sz : {1u, 2u}) {
      if (dz <= sz) continue;
      for (Gp d : regs(dz))
        for (Gp x : regs(sz)) {
          if (!legal(d, x) || (dz == 8 && x.high8)) continue;  // REX.W forbids ah..bh
          g.add("movzx", OP(movzx), d, x);
          g.add("movsx", OP(movsx), d, x);
        }
      for (const Mem& x : mems_few()) {
        g.add("movzx", OP(movzx), Gp{3, static_cast<uint8_t>(dz)}, x.sized(static_cast<uint8_t>(sz)));
        g.add("movsx", OP(movsx), Gp{11, static_cast<uint8_t>(dz)}, x.sized(static_cast<uint8_t>(sz)));
      }
    }
  for (Gp d : regs(8))
    for (Gp x : regs(4)) g.add("movsxd", OP(movsxd), d, x);
  for (const Mem& x : mems_few()) g.add("movsxd", OP(movsxd), r9, x);

  rm<false>(g, "lea", OP(lea), wide);
  rr(g, "xchg", OP(xchg), all);
  rm<true>(g, "xchg", OP(xchg), all);

  for (Gp r : regs(8)) {
    g.add("push", OP(push), r);
    g.add("pop", OP(pop), r);
    g.add("jmp", OP(jmp), r);
    g.add("call", OP(call), r);
  }
  for (const Mem& x : mems_full()) {
    g.add("push", OP(push), x.sized(8));
    g.add("pop", OP(pop), x.sized(8));
    // llvm-mc reads "jmp qword ptr [4096]" as a direct jump to 4096: absolute
    // indirect targets are checked in the objdump round trip instead.
    if (x.kind == MemKind::Absolute) continue;
    g.add("jmp", OP(jmp), x.sized(8));
    g.add("call", OP(call), x.sized(8));
  }
  for (int64_t v : {0, 1, -1, 127, 128, -128, -129, INT32_MAX, INT32_MIN}) g.add("push", OP(push), Imm(v));

  for (unsigned c = 0; c < 16; ++c) {
    const Cond cc = static_cast<Cond>(c);
    const std::string n(name(cc));
    for (unsigned z : wide)
      for (Gp d : regs(z))
        for (Gp x : regs(z))
          g.out.push_back({"cmov" + n + " " + s(d) + ", " + s(x), [cc, d, x](Assembler& a) { a.cmovcc(cc, d, x); }});
    for (const Mem& x : mems_few())
      g.out.push_back({"cmov" + n + " rdx, " + s(x), [cc, x](Assembler& a) { a.cmovcc(cc, rdx, x); }});
    for (Gp d : regs(1)) g.out.push_back({"set" + n + " " + s(d), [cc, d](Assembler& a) { a.setcc(cc, d); }});
    for (const Mem& x : mems_few())
      g.out.push_back({"set" + n + " " + s(x.sized(1)), [cc, x](Assembler& a) { a.setcc(cc, x.sized(1)); }});
  }

  g.add("ret", OP(ret));
  for (int64_t v : {0, 1, 65535}) g.add("ret", OP(ret), Imm(v));
  g.add("int3", OP(int3));
  g.add("ud2", OP(ud2));
  g.add("endbr64", OP(endbr64));
  g.add("nop", OP(nop));

  // Atomics and odds; lock with each lockable memory-destination form.
  rr(g, "xadd", OP(xadd), all);
  rm<true>(g, "xadd", OP(xadd), all);
  rr(g, "cmpxchg", OP(cmpxchg), all);
  rm<true>(g, "cmpxchg", OP(cmpxchg), all);
  for (unsigned z : {4u, 8u}) {
    for (Gp r : regs(z)) {
      g.add("bswap", OP(bswap), r);
      for (const Mem& x : mems_few()) g.add("movnti", OP(movnti), x, r);
    }
    for (const Mem& x : mems_full()) g.add("movnti", OP(movnti), x, Gp{9, static_cast<uint8_t>(z)});
  }
  for (unsigned dz : {4u, 8u})
    for (unsigned sz : {1u, 2u, 4u, 8u}) {
      if ((sz == 8 && dz != 8) || ((sz == 2 || sz == 4) && dz != 4)) continue;
      for (uint8_t i = 0; i < 16; ++i) {
        g.add("crc32", OP(crc32), Gp{i, static_cast<uint8_t>(dz)},
              Gp{static_cast<uint8_t>((i + 3) % 16), static_cast<uint8_t>(sz)});
        g.add("crc32", OP(crc32), Gp{static_cast<uint8_t>((i + 5) % 16), static_cast<uint8_t>(dz)},
              Gp{i, static_cast<uint8_t>(sz)});
      }
      for (const Mem& x : mems_few())
        g.add("crc32", OP(crc32), Gp{10, static_cast<uint8_t>(dz)}, x.sized(static_cast<uint8_t>(sz)));
    }
  for (const Mem& x : mems_few()) {
    auto locked = [&](const std::string& text, std::function<void(Assembler&)> f) {
      g.out.push_back({"lock " + text, [f](Assembler& a) {
                         a.lock();
                         f(a);
                       }});
    };
    const Mem q = x.sized(8);
    locked("add " + s(q) + ", rcx", [q](Assembler& a) { a.add(q, rcx); });
    locked("add " + s(q) + ", 1", [q](Assembler& a) { a.add(q, 1); });
    locked("sub " + s(x.sized(4)) + ", r9d", [x](Assembler& a) { a.sub(x.sized(4), r9d); });
    locked("xadd " + s(q) + ", r11", [q](Assembler& a) { a.xadd(q, r11); });
    locked("cmpxchg " + s(q) + ", rdx", [q](Assembler& a) { a.cmpxchg(q, rdx); });
    locked("cmpxchg16b " + s(x.sized(16)), [x](Assembler& a) { a.cmpxchg16b(x.sized(16)); });
    locked("xchg " + s(q) + ", r8", [q](Assembler& a) { a.xchg(q, r8); });
    // (16-bit: lock() writes F0 before the 66 prefix, llvm-mc after it; same instruction.)
    locked("inc " + s(x.sized(4)), [x](Assembler& a) { a.inc(x.sized(4)); });
    locked("dec " + s(q), [q](Assembler& a) { a.dec(q); });
    locked("adc " + s(x.sized(1)) + ", bl", [x](Assembler& a) { a.adc(x.sized(1), bl); });
    locked("sbb " + s(q) + ", rax", [q](Assembler& a) { a.sbb(q, rax); });
    locked("bts " + s(q) + ", rax", [q](Assembler& a) { a.bts(q, rax); });
  }

  // SSE, AVX and the other list-driven families: list_cases.cpp.
  for (Case& c : list_cases()) g.out.push_back(std::move(c));
  return std::move(g.out);
}
