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
  if (e.prefix == 0x66)
    x.p66 = 0x66;
  else
    x.mand = e.prefix;
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
  const uint8_t pp = e.prefix == 0x66 ? 1 : e.prefix == 0xF3 ? 2 : e.prefix == 0xF2 ? 3 : 0;
  return Vex{n, pp, e.map, static_cast<uint8_t>(w), e.l, e.op};
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
  if (shape(e) == Shape::GR_X)
    Emit::rr(a, enc, field(x), field(g));
  else
    Emit::rr(a, enc, field(g), field(x));
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
  if (shape(e) == Shape::GR_XI)
    Emit::rr(a, enc, field(x), field(g), 1, v);
  else
    Emit::rr(a, enc, field(g), field(x), 1, v);
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
// Operand positions per shape (x86::Roles): which operand is ModRM.reg, vvvv,
// r/m, the imm8 and the is4 register.
constexpr auto kRoles = [] {
  std::array<Roles, 64> r{};
  auto set = [&](Shape s, Roles x) { r[static_cast<size_t>(s)] = x; };
  set(Shape::V_VVM, {0, 1, 2, -1, -1});
  set(Shape::V_VVMI, {0, 1, 2, 3, -1});
  set(Shape::V_VM, {0, -1, 1, -1, -1});
  set(Shape::V_VMI, {0, -1, 1, 2, -1});
  set(Shape::M_V, {1, -1, 0, -1, -1});
  set(Shape::V_VXM, {0, 1, 2, -1, -1});
  set(Shape::V_VI, {-1, 0, 1, 2, -1});
  set(Shape::V_XM, {0, -1, 1, -1, -1});
  set(Shape::X_YM, {0, -1, 1, -1, -1});
  set(Shape::V_MEM, {0, -1, 1, -1, -1});
  set(Shape::V_VV, {0, 1, 2, -1, -1});
  set(Shape::V_VVMV, {0, 1, 2, -1, 3});
  set(Shape::V_VMEM, {0, 1, 2, -1, -1});
  set(Shape::M_VV, {2, 1, 0, -1, -1});
  set(Shape::XM_VI, {1, -1, 0, 2, -1});
  set(Shape::Y_YXMI, {0, 1, 2, 3, -1});
  set(Shape::G_V, {0, -1, 1, -1, -1});
  set(Shape::X_G, {0, -1, 1, -1, -1});
  set(Shape::GR_X, {1, -1, 0, -1, -1});
  set(Shape::VSIB, {0, 2, 1, -1, -1});
  set(Shape::G_GGM, {0, 1, 2, -1, -1});
  set(Shape::G_GMG, {0, 2, 1, -1, -1});
  set(Shape::VG_GM, {-1, 0, 1, -1, -1});
  set(Shape::G_GMI, {0, -1, 1, 2, -1});
  set(Shape::K_KM, {0, -1, 1, -1, -1});
  set(Shape::M_K, {1, -1, 0, -1, -1});
  set(Shape::K_G, {0, -1, 1, -1, -1});
  set(Shape::G_K, {0, -1, 1, -1, -1});
  set(Shape::K_KK, {0, 1, 2, -1, -1});
  set(Shape::K_K, {0, -1, 1, -1, -1});
  set(Shape::X_X, {0, -1, 1, -1, -1});
  set(Shape::X_XYM, {0, -1, 1, -1, -1});
  set(Shape::GR_VI, {1, -1, 0, 2, -1});
  set(Shape::G_VI, {0, -1, 1, 2, -1});
  set(Shape::M_VI, {1, -1, 0, 2, -1});
  set(Shape::X_XGMI, {0, 1, 2, 3, -1});
  set(Shape::X_XGM, {0, 1, 2, -1, -1});
  return r;
}();

// The operands of one VEX instruction, gathered by type.
struct VexOps {
  Field f[4]{};
  const Mem* mem = nullptr;
  int64_t imm = 0;
  unsigned gp_size = 0;   // the general-purpose operands' size (they must agree)
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
  if (!q_index && wide) index = 16;          // vgatherdpd/vpgatherdq: dword indexes of 8-byte elements
  if (q_index && !wide) {                    // vgatherqps/vpgatherqd: xmm data, xmm or ymm indexes
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
  const Roles r = kRoles[e.shape];
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
      std::swap(reg, rm);
    }
    return Emit::vr(a, v, reg, vvvv, rm, imm_bytes, imm);
  }
  if (static_cast<Shape>(e.shape) == Shape::VSIB) {
    v.vsib = 1;
    v.l = static_cast<uint8_t>(gather_l(n, e, o));
  } else if (static_cast<Shape>(e.shape) == Shape::X_XYM) {  // 128 or 256 bits, as the size says
    const unsigned size = o.mem->size;
    if (size != 16 && size != 32) fail(n, "the memory operand needs its size: xmmword_ptr (128 bits) or ymmword_ptr (256 bits)");
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

// ---- VEX fast path ---------------------------------------------------------------
// The usual vector forms (vector registers 0-15, an imm8 in range, memory
// [base + index*scale + disp32] of the row's size) are written here with the
// row's Encoding as a constant; everything else, and every error, goes to vx().
constexpr bool fast_shape(Shape s) {
  return s == Shape::V_VVM || s == Shape::V_VVMI || s == Shape::V_VM || s == Shape::V_VMI ||
         s == Shape::M_V || s == Shape::V_VXM || s == Shape::V_VI || s == Shape::V_XM ||
         s == Shape::X_YM || s == Shape::X_X || s == Shape::V_MEM || s == Shape::V_VV || s == Shape::V_VMEM ||
         s == Shape::M_VV || s == Shape::XM_VI || s == Shape::Y_YXMI;
}

template <typename T>
constexpr bool kVecReg = std::is_same_v<T, Xmm> || std::is_same_v<T, Ymm>;

template <Encoding E, typename... A>
[[gnu::always_inline]] inline void vfast(Assembler& a, const char* n, const A&... args) {
  constexpr Shape kShape = static_cast<Shape>(E.shape);
  if constexpr (!fast_shape(kShape) || !(... && (kVecReg<A> || std::is_same_v<A, Mem> || std::is_same_v<A, Imm>))) {
    return vx(a, n, E, args...);
  } else {
    constexpr Roles r = kRoles[E.shape];
    unsigned id[4] = {0, 0, 0, 0}, any = 0;
    const Mem* m = nullptr;
    int64_t imm = 0;
    size_t i = 0;
    auto take_fast = [&](const auto& x) {
      using T = std::decay_t<decltype(x)>;
      if constexpr (std::is_same_v<T, Mem>) m = &x;
      else if constexpr (std::is_same_v<T, Imm>) imm = x.value;
      else any |= id[i] = x.id;
      ++i;
    };
    (take_fast(args), ...);
    const unsigned reg = r.reg >= 0 ? id[r.reg] : (E.digit & 7u);
    const unsigned vvvv = r.vvvv >= 0 ? id[r.vvvv] : 0u;
    bool ok = any < 16;
    if constexpr (r.imm >= 0) ok &= imm >= -128 && imm <= 255;
    constexpr unsigned kPp = E.prefix == 0x66 ? 1u : E.prefix == 0xF3 ? 2u : E.prefix == 0xF2 ? 3u : 0u;
    const uint64_t tail = (~vvvv & 15u) << 3 | E.l << 2 | kPp;  // vvvv, L, pp
    // The prefix + opcode as one word: C5 when the map is 0F, W0 and no X/B
    // bit is needed (chosen without a branch), else C4.
    auto head = [&](unsigned R, unsigned X, unsigned B, uint8_t op, unsigned* hlen) -> uint64_t {
      const uint64_t c4 = 0xC4u | (((R << 2 | X << 1 | B) ^ 7u) << 5 | E.map) << 8 | (E.w << 7 | tail) << 16 |
                          uint64_t{op} << 24;
      if constexpr (E.map == 1 && !E.w) {
        const uint64_t c5 = 0xC5u | ((R ^ 1u) << 7 | tail) << 8 | uint64_t{op} << 16;
        const bool two = (X | B) == 0;
        *hlen = 4 - two;
        return two ? c5 : c4;
      } else {
        *hlen = 4;
        return c4;
      }
    };
    unsigned hlen, len;
    uint64_t word;
    uint8_t* p = Emit::room(a);
    if constexpr (!(... || std::is_same_v<A, Mem>)) {
      unsigned rg = reg, rm = id[r.rm];
      uint8_t op = E.op;
      if constexpr (E.op2 != 0) {  // llvm-mc's store twin for moves (see vx)
        if (rg < 8 && rm >= 8) {
          op = E.op2;
          std::swap(rg, rm);
        }
      }
      if (!ok) [[unlikely]]
        return vx(a, n, E, args...);
      word = head(rg >> 3, 0, (rm >> 3) & 1, op, &hlen);
      word |= uint64_t{0xC0u | (rg & 7) << 3 | (rm & 7)} << (8 * hlen);
      len = hlen + 1;
      std::memcpy(p, &word, 8);
    } else {
      static constexpr int8_t kScaleBits[16] = {-1, 0, 1, -1, 2, -1, -1, -1, 3, -1, -1, -1, -1, -1, -1, -1};
      const bool idx = m->has_index;
      ok &= (m->kind == MemKind::Based) & m->has_base & (m->base.size == 8) & (m->base.id < 16) &
            !m->base.high8 & !m->vindex & (m->scale < 16) & (kScaleBits[m->scale & 15] >= 0) &
            (m->disp >= INT32_MIN) & (m->disp <= INT32_MAX);
      if (idx) ok &= (m->index.size == 8) & (m->index.id < 16) & (m->index.id != 4) & !m->index.high8;
      if constexpr (E.mem != 0) ok &= (m->size == 0) | (m->size == E.mem);
      if (!ok) [[unlikely]]
        return vx(a, n, E, args...);
      const unsigned base = m->base.id, index = idx ? m->index.id : 4u;
      word = head(reg >> 3, index >> 3, base >> 3, E.op, &hlen);
      std::memcpy(p, &word, 8);
      // ModRM, SIB, disp as in Assembler::rm64.
      const int64_t d = m->disp;
      const unsigned lo = base & 7u, sib = idx | (lo == 4);
      const unsigned mod = ((d != 0) | (lo == 5)) * (1u + ((d < -128) | (d > 127)));
      const unsigned disp_len = (0x040100u >> (8 * mod)) & 0xFF;
      const uint64_t ss = idx ? static_cast<unsigned>(kScaleBits[m->scale & 15]) : 0u;
      const uint64_t modrm = mod << 6 | (reg & 7u) << 3 | (sib ? 4u : lo);
      const uint64_t sib_byte = sib ? (ss << 6 | (index & 7u) << 3 | lo) : 0u;
      const uint64_t rest = modrm | sib_byte << 8 | uint64_t{static_cast<uint32_t>(d)} << (8 + 8 * sib);
      std::memcpy(p + hlen, &rest, 8);
      len = hlen + 1 + sib + disp_len;
    }
    if constexpr (r.imm >= 0) p[len++] = static_cast<uint8_t>(imm);
    Emit::advance(a, len);
  }
}

}  // namespace

// The methods of the SSE and VEX rows: each passes its row's Encoding.
#define X86_DEF_(fn, m, n, e, params, args)             \
  void Assembler::m params {                              \
    static constexpr Encoding kEnc = e;                   \
    fn(*this, n, kEnc, X86_UNPAREN args);                 \
  }
// VEX rows: the Encoding is a template argument of the fast path.
#define X86_DEFV_(m, n, e, params, args) \
  void Assembler::m params { vfast<X86_UNPAREN e>(*this, n, X86_UNPAREN args); }
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
