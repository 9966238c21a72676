// SSE (legacy-encoded) and VEX rows of the instruction list: one encoder per
// operand signature, steered by the row's Encoding (shape, prefix, map,
// opcode, W, L, memory size, /digit). The methods are defined from
// x86/insns.def at the end of this file.
#include <array>
#include <cstring>
#include <utility>

#include "emit.hpp"
#include "evex.hpp"
#include "x86/names.hpp"

namespace x86 {

using namespace detail;

namespace {

Enc legacy(const char* n, const Encoding& e, bool w) {
  Enc x{n};
  if (e.prefix == 0x66) x.p66 = 0x66;
  else x.mand = e.prefix;
  x.w = w;
  x.op[0] = 0x0F;
  if (e.map == 1) {
    x.len = 2;
    x.op[1] = e.op;
  } else {
    x.len = 3;
    x.op[1] = e.map == 2 ? 0x38 : 0x3A;
    x.op[2] = e.op;
  }
  return x;
}

Vex vex(const char* n, const Encoding& e, bool w) {
  return Vex{n, vex_pp(e.prefix), e.map, static_cast<uint8_t>(w), e.l, e.op};
}

// REX.W/VEX.W from the general-purpose operand's size, which the row restricts.
bool gp_w(const char* n, const Encoding& e, unsigned size) {
  check_size(n, size, e.w == kWBySize ? 4 | 8 : e.w ? 8 : 4);
  return size == 8;
}
bool fixed_w(const Encoding& e) { return e.w == 1; }

int64_t imm8(const char* n, Imm i) {
  if (i.value < -128 || i.value > 255)
    fail(n, "immediate " + std::to_string(i.value) + " does not fit 8 bits (-128..255)");
  return i.value;
}

void check_mem(const char* n, const Encoding& e, const Mem& m) {
  if (e.mem) mem_size(n, m, e.mem);
}

Shape shape(const Encoding& e) { return static_cast<Shape>(e.shape); }

// ---- legacy SSE ----------------------------------------------------------------
void sse(Assembler& a, const char* n, const Encoding& e, Xmm x, Xmm y) {
  Emit::rr(a, legacy(n, e, fixed_w(e)), field(x), field(y));
}
void sse(Assembler& a, const char* n, const Encoding& e, Xmm x, const Mem& m) {
  if (shape(e) == Shape::X_GM) {  // integer source in memory: its size picks W
    const unsigned size = mem_size_required(n, m);
    return Emit::rm(a, legacy(n, e, gp_w(n, e, size)), field(x), m);
  }
  check_mem(n, e, m);
  Emit::rm(a, legacy(n, e, fixed_w(e)), field(x), m);
}
void sse(Assembler& a, const char* n, const Encoding& e, const Mem& m, Xmm x) {
  check_mem(n, e, m);
  Emit::rm(a, legacy(n, e, fixed_w(e)), field(x), m);
}
void sse(Assembler& a, const char* n, const Encoding& e, Xmm x, Gp g) {
  Emit::rr(a, legacy(n, e, gp_w(n, e, g.size)), field(x), field(g));
}
void sse(Assembler& a, const char* n, const Encoding& e, Gp g, Xmm x) {
  const Enc enc = legacy(n, e, gp_w(n, e, g.size));
  if (shape(e) == Shape::GR_X) Emit::rr(a, enc, field(x), field(g));
  else Emit::rr(a, enc, field(g), field(x));
}
void sse(Assembler& a, const char* n, const Encoding& e, Gp g, const Mem& m) {
  const Enc enc = legacy(n, e, gp_w(n, e, g.size));
  check_mem(n, e, m);
  Emit::rm(a, enc, field(g), m);
}
void sse(Assembler& a, const char* n, const Encoding& e, Xmm x, Imm i) {
  const int64_t v = imm8(n, i);
  Emit::rr(a, legacy(n, e, fixed_w(e)), digit(e.digit), field(x), 1, v);
}
void sse(Assembler& a, const char* n, const Encoding& e, Xmm x, Xmm y, Imm i) {
  const int64_t v = imm8(n, i);
  Emit::rr(a, legacy(n, e, fixed_w(e)), field(x), field(y), 1, v);
}
void sse(Assembler& a, const char* n, const Encoding& e, Xmm x, const Mem& m, Imm i) {
  const int64_t v = imm8(n, i);
  check_mem(n, e, m);
  Emit::rm(a, legacy(n, e, fixed_w(e)), field(x), m, 1, v);
}

void sse(Assembler& a, const char* n, const Encoding& e, Xmm x, Xmm y, Xmm mask) {
  if (mask.id != 0) fail(n, "the mask operand must be xmm0, not " + std::string(name(mask)));
  Emit::rr(a, legacy(n, e, fixed_w(e)), field(x), field(y));
}
void sse(Assembler& a, const char* n, const Encoding& e, Xmm x, const Mem& m, Xmm mask) {
  if (mask.id != 0) fail(n, "the mask operand must be xmm0, not " + std::string(name(mask)));
  check_mem(n, e, m);
  Emit::rm(a, legacy(n, e, fixed_w(e)), field(x), m);
}
void sse(Assembler& a, const char* n, const Encoding& e, Gp g, Xmm x, Imm i) {
  const int64_t v = imm8(n, i);
  const Enc enc = legacy(n, e, gp_w(n, e, g.size));
  if (shape(e) == Shape::GR_XI) Emit::rr(a, enc, field(x), field(g), 1, v);
  else Emit::rr(a, enc, field(g), field(x), 1, v);
}
void sse(Assembler& a, const char* n, const Encoding& e, const Mem& m, Xmm x, Imm i) {
  const int64_t v = imm8(n, i);
  check_mem(n, e, m);
  Emit::rm(a, legacy(n, e, fixed_w(e)), field(x), m, 1, v);
}
void sse(Assembler& a, const char* n, const Encoding& e, Xmm x, Gp g, Imm i) {
  const int64_t v = imm8(n, i);
  Emit::rr(a, legacy(n, e, gp_w(n, e, g.size)), field(x), field(g), 1, v);
}

// ---- VEX -------------------------------------------------------------------------
// The operands of one VEX instruction, gathered by type.
struct VexOps {
  Field f[4]{};
  const Mem* mem = nullptr;
  int64_t imm = 0;
  unsigned gp_size = 0;  // the general-purpose operands' size (they must agree)
  bool gp_mixed = false;
  uint8_t vec_bytes[4]{};  // 16/32 per vector operand position
};

template <typename T>
void take(VexOps& o, size_t i, const T& x) {
  if constexpr (std::is_same_v<T, Mem>) {
    o.mem = &x;
  } else if constexpr (std::is_same_v<T, Imm>) {
    o.imm = x.value;
  } else {
    o.f[i] = field(x);
    if constexpr (std::is_same_v<T, Gp>) {
      o.gp_mixed |= o.gp_size != 0 && o.gp_size != x.size;
      o.gp_size = x.size;
    } else {
      o.vec_bytes[i] = std::is_same_v<T, Ymm> ? 32 : 16;
    }
  }
}

// Gathers: which index width the form takes, the VEX.L it implies, the memory
// size (the elements loaded), and three distinct registers (else #UD).
unsigned gather_l(const char* n, const Encoding& e, const VexOps& o) {
  const Mem& m = *o.mem;
  if (!m.has_index || !m.vindex) fail(n, "the memory operand needs a vector index ([base + xmm/ymm*scale])");
  const unsigned dst = o.vec_bytes[0];
  const bool q_index = e.op & 1, wide = e.w;
  unsigned index = dst, l = e.l;
  if (!q_index && wide) index = 16;  // vgatherdpd/vpgatherdq: dword indexes of 8-byte elements
  if (q_index && !wide) {            // vgatherqps/vpgatherqd: xmm data, xmm or ymm indexes
    index = m.vindex == 32 ? 32 : 16;
    l = index == 32;
  }
  if (m.vindex != index)
    fail(n, std::string("the index must be ") + (index == 32 ? "a ymm" : "an xmm") + " register for this form");
  const unsigned elems = (q_index ? index / 8 : index / 4) < (wide ? dst / 8 : dst / 4)
                             ? (q_index ? index / 8 : index / 4)
                             : (wide ? dst / 8 : dst / 4);
  mem_size(n, m, elems * (wide ? 8 : 4));
  if (o.f[0].id == o.f[2].id || o.f[0].id == m.index.id || o.f[2].id == m.index.id)
    fail(n, "destination, index and mask must be three different registers");
  return l;
}

template <typename T>
bool evex_register(const T& x) {  // xmm/ymm16-31: only EVEX reaches them
  if constexpr (std::is_same_v<T, Xmm> || std::is_same_v<T, Ymm>) return x.id >= 16 && x.id < 32;
  else return false;
}

template <typename... A>
void vx(Assembler& a, const char* n, const Encoding& e, const A&... args) {
  if ((... || evex_register(args))) {  // the EVEX twin of the form, if the list has one
    const Operand ops[] = {Operand(args)...};
    if (const Form* f = twin_form(n, Family::Evex, ops)) return f->emit(a, ops);
  }
  VexOps o;
  size_t i = 0;
  (take(o, i++, args), ...);
  const Roles r = kVexRoles[e.shape];
  // W: fixed by the row, or from the general-purpose operands' size.
  bool w = e.w == 1;
  if (o.gp_size) {
    if (o.gp_mixed) fail(n, "operands must have the same size");
    check_size(n, o.gp_size, e.w == kWBySize ? 4 | 8 : e.w ? 8 : 4);
    if (e.w == kWBySize) w = o.gp_size == 8;
  }
  Vex v = vex(n, e, w);
  Field reg = r.reg >= 0 ? o.f[r.reg] : digit(e.digit);
  Field vvvv = r.vvvv >= 0 ? o.f[r.vvvv] : Field{};
  int imm_bytes = 0;
  int64_t imm = 0;
  if (r.imm >= 0) {
    imm = imm8(n, Imm(o.imm));
    imm_bytes = 1;
  } else if (r.is4 >= 0) {
    const Field x = o.f[r.is4];
    if (x.bad) fail_register(n, x);
    imm = x.id << 4;
    imm_bytes = 1;
  }
  if (!o.mem) {
    Field rm = o.f[r.rm];
    // llvm-mc's choice for register moves: the store twin when only r/m is
    // xmm8-15 (its REX.B would need the 3-byte prefix, REX.R fits in C5).
    if (e.op2 && reg.id < 8 && rm.id >= 8 && rm.id < 16) {
      v.op = e.op2;
      if (e.prefix2) v.pp = vex_pp(e.prefix2);  // vmovq: 66 0F D6
      std::swap(reg, rm);
    }
    return Emit::vr(a, v, reg, vvvv, rm, imm_bytes, imm);
  }
  if (static_cast<Shape>(e.shape) == Shape::VSIB) {
    v.vsib = 1;
    v.l = static_cast<uint8_t>(gather_l(n, e, o));
  } else if (static_cast<Shape>(e.shape) == Shape::X_XYM) {  // 128 or 256 bits, as the size says
    const unsigned size = o.mem->size;
    if (size != 16 && size != 32)
      fail(n, "the memory operand needs its size: xmmword_ptr (128 bits) or ymmword_ptr (256 bits)");
    v.l = size == 32;
  } else if (e.w == kWBySize && !o.gp_size) {  // an integer source in memory: its size picks W
    const unsigned size = mem_size_required(n, *o.mem);
    check_size(n, size, 4 | 8);
    v.w = size == 8;
  } else if (e.mem) {
    mem_size(n, *o.mem, e.mem);
  } else if (o.gp_size) {
    mem_size(n, *o.mem, o.gp_size);
  }
  Emit::vm(a, v, reg, vvvv, *o.mem, imm_bytes, imm);
}

}  // namespace

// The methods of the SSE and VEX rows: each passes its row's Encoding.
#define X86_DEF_(fn, m, n, e, params, args) \
  void Assembler::m params {                \
    static constexpr Encoding kEnc = e;     \
    fn(*this, n, kEnc, X86_UNPAREN args);   \
  }
// VEX rows: the general path, which the inline method (x86/hot_paths.hpp)
// calls for what its fast path leaves, and for every error.
#define X86_DEFV_(m, n, e, params, args)          \
  void Assembler::m(VexAny, X86_UNPAREN params) { \
    static constexpr Encoding kEnc = e;           \
    vx(*this, n, kEnc, X86_UNPAREN args);         \
  }
#define X86_UNPAREN(...) __VA_ARGS__
#define X86_DEFS2(m, n, e, A, B) X86_DEF_(sse, m, n, e, (In<A> a, In<B> b), (a, b))
#define X86_DEFS3(m, n, e, A, B, C) X86_DEF_(sse, m, n, e, (In<A> a, In<B> b, In<C> c), (a, b, c))
#define X86_DEFV0(m, n, e)
#define X86_DEFV1(m, n, e, A)
#define X86_DEFV2(m, n, e, A, B) X86_DEFV_(m, n, e, (In<A> a, In<B> b), (a, b))
#define X86_DEFV3(m, n, e, A, B, C) X86_DEFV_(m, n, e, (In<A> a, In<B> b, In<C> c), (a, b, c))
#define X86_DEFV4(m, n, e, A, B, C, D) X86_DEFV_(m, n, e, (In<A> a, In<B> b, In<C> c, In<D> d), (a, b, c, d))
#define X86_SSE(...) X86_ROWS_SSE(X86_DEFS, __VA_ARGS__)
#define X86_VEX(...) X86_ROWS_VEX(X86_DEFV, __VA_ARGS__)
#include "x86/insns.def"

}  // namespace x86
