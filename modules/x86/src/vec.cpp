// SSE (legacy-encoded) and VEX rows of the instruction list: one encoder per
// operand signature, steered by the row's Encoding (shape, prefix, map,
// opcode, W, L, memory size, /digit). The methods are defined from
// x86/insns.def at the end of this file.
#include "emit.hpp"
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
template <typename V>
void vx(Assembler& a, const char* n, const Encoding& e, V x, V y, V z) {
  Emit::vr(a, vex(n, e, fixed_w(e)), field(x), field(y), field(z));
}
template <typename V>
void vx(Assembler& a, const char* n, const Encoding& e, V x, V y, const Mem& m) {
  check_mem(n, e, m);
  Emit::vm(a, vex(n, e, fixed_w(e)), field(x), field(y), m);
}
template <typename V>
void vx(Assembler& a, const char* n, const Encoding& e, V x, V y, V z, Imm i) {
  const int64_t v = imm8(n, i);
  Emit::vr(a, vex(n, e, fixed_w(e)), field(x), field(y), field(z), 1, v);
}
template <typename V>
void vx(Assembler& a, const char* n, const Encoding& e, V x, V y, const Mem& m, Imm i) {
  const int64_t v = imm8(n, i);
  check_mem(n, e, m);
  Emit::vm(a, vex(n, e, fixed_w(e)), field(x), field(y), m, 1, v);
}
template <typename V>
void vx(Assembler& a, const char* n, const Encoding& e, V x, V y) {
  Emit::vr(a, vex(n, e, fixed_w(e)), field(x), Field{}, field(y));
}
template <typename V>
void vx(Assembler& a, const char* n, const Encoding& e, V x, const Mem& m) {
  check_mem(n, e, m);
  Emit::vm(a, vex(n, e, fixed_w(e)), field(x), Field{}, m);
}
template <typename V>
void vx(Assembler& a, const char* n, const Encoding& e, const Mem& m, V x) {
  check_mem(n, e, m);
  Emit::vm(a, vex(n, e, fixed_w(e)), field(x), Field{}, m);
}
template <typename V>
void vx(Assembler& a, const char* n, const Encoding& e, V x, V y, Imm i) {
  const int64_t v = imm8(n, i);
  Emit::vr(a, vex(n, e, fixed_w(e)), field(x), Field{}, field(y), 1, v);
}
template <typename V>
void vx(Assembler& a, const char* n, const Encoding& e, V x, const Mem& m, Imm i) {
  const int64_t v = imm8(n, i);
  check_mem(n, e, m);
  Emit::vm(a, vex(n, e, fixed_w(e)), field(x), Field{}, m, 1, v);
}

}  // namespace

// The methods of the SSE and VEX rows: each passes its row's Encoding.
#define X86_DEF_(fn, m, n, e, params, args)             \
  void Assembler::m params {                              \
    static constexpr Encoding kEnc = e;                   \
    fn(*this, n, kEnc, X86_UNPAREN args);                 \
  }
#define X86_UNPAREN(...) __VA_ARGS__
#define X86_DEFS2(m, n, e, A, B) X86_DEF_(sse, m, n, e, (In<A> a, In<B> b), (a, b))
#define X86_DEFS3(m, n, e, A, B, C) X86_DEF_(sse, m, n, e, (In<A> a, In<B> b, In<C> c), (a, b, c))
#define X86_DEFV2(m, n, e, A, B) X86_DEF_(vx, m, n, e, (In<A> a, In<B> b), (a, b))
#define X86_DEFV3(m, n, e, A, B, C) X86_DEF_(vx, m, n, e, (In<A> a, In<B> b, In<C> c), (a, b, c))
#define X86_DEFV4(m, n, e, A, B, C, D) \
  X86_DEF_(vx, m, n, e, (In<A> a, In<B> b, In<C> c, In<D> d), (a, b, c, d))
#define X86_SSE(...) X86_ROWS_SSE(X86_DEFS, __VA_ARGS__)
#define X86_VEX(...) X86_ROWS_VEX(X86_DEFV, __VA_ARGS__)
#include "x86/insns.def"

}  // namespace x86
