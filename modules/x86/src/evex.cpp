// AVX-512 (EVEX) rows of the instruction list: one encoder for every shape,
// steered by the row's Encoding (shape, pp, map, opcode, W, L, memory size,
// broadcast element size, kEv* flags). The methods are defined from
// x86/insns.def at the end of this file.
//
//   62 | R X B R' 0 m m m | W v v v v 1 p p | z L'L b V' a a a | opcode | ModRM ...
//
// R'/V'/X extend ModRM.reg, vvvv and a register r/m to 32 registers; aaa is
// the write mask, z zeroing, b broadcast (memory) or embedded rounding/SAE
// (register form, L'L then holds the rounding mode). A disp8 is scaled by N,
// the bytes the memory operand covers (the element size when broadcast):
// disp8*N is used when the displacement is a multiple of N within -128N..127N.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "emit.hpp"
#include "evex.hpp"
#include "x86/names.hpp"

namespace x86 {

using namespace detail;

namespace detail {

const Form* twin_form(const char* mnemonic, Family family, std::span<const Operand> ops) {
  static const std::unordered_map<std::string_view, std::vector<const Form*>> by_mnemonic = [] {
    std::unordered_map<std::string_view, std::vector<const Form*>> m;
    for (const Form& f : forms())
      if (f.encoding.family == Family::Vex || f.encoding.family == Family::Evex) m[f.mnemonic].push_back(&f);
    return m;
  }();
  const auto it = by_mnemonic.find(mnemonic);
  if (it == by_mnemonic.end()) return nullptr;
  for (const Form* f : it->second) {
    if (f->encoding.family != family || f->arity != ops.size()) continue;
    bool same = true;
    for (size_t i = 0; i < ops.size() && same; ++i) same = f->ops[i] == ops[i].type;
    if (same) return f;
  }
  return nullptr;
}

}  // namespace detail

namespace {

// Operand positions per shape: ModRM.reg (-1: the row's /digit), vvvv, r/m, imm8.
constexpr auto kEvRoles = [] {
  std::array<Roles, 256> r{};  // every Shape value (uint8_t) has its entry
  auto set = [&](std::initializer_list<Shape> shapes, Roles x) {
    for (Shape s : shapes) r[static_cast<size_t>(s)] = x;
  };
  set({Shape::E_VVM, Shape::E_VVMB, Shape::E_VVMBR, Shape::E_SVVMR, Shape::E_KVM, Shape::E_KVMB, Shape::E_VVX,
       Shape::E_XXG, Shape::E_XXRG},
      {0, 1, 2, -1, -1});
  // The imm8 is taken by type, so its position (3, or 4 after a {sae}) is not looked at.
  set({Shape::E_KVMIB, Shape::E_VVMIB, Shape::E_VVXI, Shape::E_VVYI, Shape::E_CMPR, Shape::E_SCMPR, Shape::E_KVMI,
       Shape::E_VVMI},
      {0, 1, 2, 3, -1});
  set({Shape::E_VMBR, Shape::E_VM, Shape::E_VX, Shape::E_VG, Shape::E_VMB, Shape::E_VH, Shape::E_VHB, Shape::E_VHBR,
       Shape::E_VK, Shape::E_KV, Shape::E_VMEM, Shape::E_GX, Shape::E_GXR},
      {0, -1, 1, -1, -1});
  set({Shape::E_MV, Shape::E_MVR, Shape::E_XV, Shape::E_HV, Shape::E_SIBV, Shape::E_SIBH}, {1, -1, 0, -1, -1});
  set({Shape::E_VSIB, Shape::E_HSIB}, {0, -1, 1, -1, -1});
  set({Shape::E_VMIB, Shape::E_VMI}, {0, -1, 1, 2, -1});
  set({Shape::E_VIB, Shape::E_VI}, {-1, 0, 1, 2, -1});
  set({Shape::E_XVI, Shape::E_YVI}, {1, -1, 0, 2, -1});
  // narrowing conversions, vfpclass/vrange/vfixupimm, {sae} forms
  set({Shape::E_NXM, Shape::E_NXY, Shape::E_HMBR, Shape::E_VHR}, {0, -1, 1, -1, -1});
  set({Shape::E_KMIB, Shape::E_KVI, Shape::E_VRI}, {0, -1, 1, 2, -1});
  set({Shape::E_VVMIBR}, {0, 1, 2, 3, -1});
  set({Shape::E_YVRI}, {1, -1, 0, 2, -1});
  // scalar forms
  set({Shape::E_SVV}, {0, 1, 2, -1, -1});
  set({Shape::E_XX, Shape::E_XXR}, {0, -1, 1, -1, -1});
  set({Shape::E_SVVMIR}, {0, 1, 2, 3, -1});
  set({Shape::E_KXMI}, {0, -1, 1, 2, -1});
  // the shapes without a write mask.
  set({Shape::E_VVMN, Shape::E_XXMEM, Shape::E_XXN}, {0, 1, 2, -1, -1});
  set({Shape::E_XXGI, Shape::E_XXMI}, {0, 1, 2, 3, -1});
  set({Shape::E_VIN, Shape::E_VMEMIN}, {-1, 0, 1, 2, -1});
  set({Shape::E_VMN, Shape::E_VMEMN, Shape::E_XGN}, {0, -1, 1, -1, -1});
  set({Shape::E_MVN, Shape::E_RX}, {1, -1, 0, -1, -1});
  set({Shape::E_RXI, Shape::E_MXI}, {1, -1, 0, 2, -1});
  set({Shape::E_GXI}, {0, -1, 1, 2, -1});
  return r;
}();

template <typename T>
struct IsMasked : std::false_type {};
template <typename T>
struct IsMasked<Masked<T>> : std::true_type {};

// The operands of one EVEX instruction, gathered by type.
struct EvOps {
  Field f[kMaxOperands]{};
  bool vec[kMaxOperands]{};  // a vector register (0-31) sits at this position
  const Mem* mem = nullptr;
  bool bcst = false;
  uint8_t bcst_n = 0;  // the N of {1toN} given with the broadcast (0: none)
  int64_t imm = 0;
  int round = -1;                // Round, or -1
  int round_pos = kMaxOperands;  // its position: the kEvRoles positions at or after it move up by one
  unsigned gp_size = 0;
  bool high = false;  // a vector register 16-31
  // The write mask and the operand that carries it.
  int mask_pos = -1;
  OpType mask_type = OpType::None;
  uint8_t k = 0;
  bool masked = false, zero = false;
};

template <typename T>
void take(EvOps& o, size_t i, const T& x) {
  if constexpr (IsMasked<T>::value) {
    take(o, i, x.reg);
    o.mask_pos = static_cast<int>(i);
    o.mask_type = std::is_same_v<decltype(x.reg), Mem>    ? OpType::Mem
                  : std::is_same_v<decltype(x.reg), KReg> ? OpType::KReg
                                                          : OpType::Zmm;
    o.k = x.k;
    o.masked = x.masked;
    o.zero = x.zero;
  } else if constexpr (std::is_same_v<T, Mem>) {
    o.mem = &x;
  } else if constexpr (std::is_same_v<T, Bcst>) {
    o.mem = &x.mem;
    o.bcst = true;
    o.bcst_n = x.count;
  } else if constexpr (std::is_same_v<T, Imm>) {
    o.imm = x.value;
  } else if constexpr (std::is_same_v<T, Round>) {
    o.round = static_cast<int>(x);
    o.round_pos = static_cast<int>(i);
  } else if constexpr (std::is_same_v<T, Gp>) {
    o.f[i] = field(x);
    o.gp_size = x.size;
  } else if constexpr (std::is_same_v<T, KReg>) {
    o.f[i] = field(x);
  } else {  // Xmm, Ymm, Zmm
    o.f[i] = Field{x.id, 0, 0, static_cast<uint8_t>(x.id > 31)};
    o.vec[i] = true;
    o.high |= x.id >= 16;
  }
}

std::string pos(int i) { return "operand " + std::to_string(i + 1); }

[[noreturn]] void bad_register(const char* n, const EvOps& o, size_t i) {
  if (o.vec[i])
    fail(n, pos(static_cast<int>(i)) + ": vector register #" + std::to_string(o.f[i].id) + " does not exist (0-31)");
  fail_register(n, o.f[i]);
}

// Everything the row and the operand types leave open: masks, rounding,
// broadcast and memory sizes, register ids. Returns N of disp8*N.
unsigned check(const char* n, const Encoding& e, const EvOps& o, size_t count) {
  if (o.masked) {
    if (o.k == 0) fail(n, pos(o.mask_pos) + ": k0 cannot be a write mask (k1-k7 can; no {k} means no masking)");
    if (o.k > 7) fail(n, pos(o.mask_pos) + ": mask register #" + std::to_string(o.k) + " does not exist (k1-k7)");
    if (!(e.evex & kEvMask)) fail(n, pos(o.mask_pos) + ": this form takes no write mask");
  }
  if (o.zero) {
    if (o.mask_type == OpType::Mem)
      fail(n, pos(o.mask_pos) + ": zeroing-masking {z} is not allowed with a memory destination (only merging {k})");
    if (o.mask_type == OpType::KReg || !(e.evex & kEvZero))
      fail(n, pos(o.mask_pos) + ": this form takes no zeroing-masking {z}");
    if (!o.masked) fail(n, pos(o.mask_pos) + ": {z} needs a write mask {k1}-{k7}");
  }
  for (size_t i = 0; i < count; ++i)
    if (o.f[i].bad) bad_register(n, o, i);
  if (o.round >= 0) {
    const bool sae_only = o.round == static_cast<int>(Round::Sae);
    if (sae_only && !(e.evex & kEvSae))
      fail(n, "{sae} alone is not accepted: this form takes a rounding mode ({rn-sae}, {rd-sae}, {ru-sae}, {rz-sae})");
    if (!sae_only && !(e.evex & kEvEr))
      fail(n, std::string("embedded rounding is not available for this form (") +
                  (e.evex & kEvSae ? "it takes {sae} only)" : "it has none)"));
  }
  if (o.gp_size) check_size(n, o.gp_size, e.w == kWBySize ? 4 | 8 : e.w ? 8 : 4);
  if (!o.mem) return 1;
  if (o.bcst) {
    if (o.mem->size && o.mem->size != e.elem)
      fail(n, "broadcast element size " + std::to_string(8 * o.mem->size) + " bits does not match " +
                  std::to_string(8 * e.elem) + " bits ({1to" + std::to_string(e.mem / e.elem) + "})");
    if (o.bcst_n && o.bcst_n != e.mem / e.elem)
      fail(n, "broadcast {1to" + std::to_string(o.bcst_n) + "} does not match this form, which broadcasts {1to" +
                  std::to_string(e.mem / e.elem) + "}");
    return e.elem;
  }
  if (!e.mem && !(e.evex & kEvT1)) {  // an integer source in memory: 32 or 64 bits, as its size says (and W)
    const unsigned size = mem_size_required(n, *o.mem);
    check_size(n, size, 4 | 8);
    return size;
  }
  if (e.mem) mem_size(n, *o.mem, e.mem);  // (gathers: vsib_l checks the size)
  return (e.evex & kEvT1) ? e.elem : e.mem;
}

bool is_vsib(Shape shape) {
  return shape == Shape::E_VSIB || shape == Shape::E_HSIB || shape == Shape::E_SIBV || shape == Shape::E_SIBH;
}

// Gathers and scatters (SDM rules): the index width the form takes with its
// data register, the vector length it implies, the bytes moved (the memory
// operand's size, as llvm-mc writes it), the required write mask (the CPU
// clears its bits as elements complete) and, for gathers, an index other
// than the destination (else #UD). Returns EVEX.L'L.
unsigned vsib_l(const char* n, const Encoding& e, const EvOps& o, const Roles& r) {
  const Mem& m = *o.mem;
  if (!m.has_index || !m.vindex) fail(n, "the memory operand needs a vector index ([base + xmm/ymm/zmm*scale])");
  if (m.index.id > 31) fail(n, "vector index #" + std::to_string(m.index.id) + " does not exist (0-31)");
  if (!o.masked) fail(n, "a gather or scatter needs a write mask {k1}-{k7} (it records the elements done)");
  const Shape sh = static_cast<Shape>(e.shape);
  const bool half = sh == Shape::E_HSIB || sh == Shape::E_SIBH;
  const unsigned data = half ? (e.l == 2 ? 32u : 16u) : 16u << e.l;  // bytes of the data register
  const bool q_index = e.op & 1, wide = e.w;
  unsigned index = data, l = e.l;
  if (!q_index && wide) index = std::max(16u, data / 2);  // dword indexes of qwords
  if (q_index && !wide) {                                 // qword indexes of dwords: a half-width data register
    index = e.l == 2 ? 64 : m.vindex == 32 ? 32 : 16;
    l = index == 64 ? 2 : index == 32 ? 1 : 0;
  }
  if (m.vindex != index)
    fail(n, std::string("the index must be ") +
                (index == 64   ? "a zmm"
                 : index == 32 ? "a ymm"
                               : "an xmm") +
                " register for this form");
  const unsigned elems = std::min(q_index ? index / 8 : index / 4, wide ? data / 8 : data / 4);
  mem_size(n, m, elems * (wide ? 8 : 4));
  if (sh == Shape::E_VSIB || sh == Shape::E_HSIB)
    if (o.f[r.reg].id == m.index.id) fail(n, "the destination and the index must be different registers");
  return l;
}

// The vector length of a row whose memory operand picks it (evex_l_by_size):
// the memory size, or the broadcast's {1toN} times the element, which must
// be given (nothing else says whether an xmm destination reads 128 or 256 bits).
unsigned l_by_size(const char* n, const Encoding& e, const EvOps& o) {
  const unsigned max_l = evex_l_by_size(e);
  std::string sizes, counts;
  for (unsigned l = 0; l <= max_l; ++l) {
    const char* sep = l == 0 ? "" : l == max_l ? " or " : ", ";
    sizes += sep + std::string(l == 0   ? "xmmword_ptr (128 bits)"
                               : l == 1 ? "ymmword_ptr (256 bits)"
                                        : "zmmword_ptr (512 bits)");
    counts += sep + std::string("{1to") + std::to_string((16u << l) / e.elem) + "}";
  }
  if (o.bcst) {
    const unsigned bytes = o.bcst_n * e.elem;
    if (!o.bcst_n)
      fail(n, "the broadcast needs its element count, " + counts + " (Mem::bcst(n)): it picks the vector length");
    for (unsigned l = 0; l <= max_l; ++l)
      if (bytes == 16u << l) return l;
    fail(n, "broadcast {1to" + std::to_string(o.bcst_n) + "} does not fit this instruction, which takes " + counts);
  }
  for (unsigned l = 0; l <= max_l; ++l)
    if (o.mem->size == 16u << l) return l;
  if (o.mem->size)
    fail(n, "memory operand size " + std::to_string(8 * o.mem->size) + " bits does not fit this instruction: " + sizes);
  fail(n, "the memory operand needs its size: " + sizes);
}

int64_t imm8(const char* n, int64_t v) {
  if (v < -128 || v > 255) fail(n, "immediate " + std::to_string(v) + " does not fit 8 bits (-128..255)");
  return v;
}

// Not inlined: one copy per operand-type combination (a few dozen) instead
// of one per method (2,759), which keeps this file's compile time in check;
// the EVEX methods have no inline fast path anyway.
template <typename... A>
[[gnu::noinline]] void evx(Assembler& a, const char* n, const Encoding& row, const A&... args) {
  EvOps o;
  size_t i = 0;
  (take(o, i++, args), ...);
  // VEX when it can express the instruction: no mask, broadcast or rounding,
  // registers 0-15, 128/256 bits, and a VEX form of the mnemonic exists.
  if (row.l < 2 && !o.masked && !o.zero && !o.bcst && o.round < 0 && !o.high) {
    const Operand ops[] = {Operand(args)...};
    if (const Form* f = twin_form(n, Family::Vex, ops)) return f->emit(a, ops);
  }
  Encoding sized;  // a row whose memory operand picks L: the row at that length
  if (o.mem && evex_l_by_size(row)) [[unlikely]] {
    sized = row;
    sized.l = static_cast<uint8_t>(l_by_size(n, row, o));
    sized.mem = static_cast<uint8_t>(16u << sized.l);
  }
  const Encoding& e = sized.family == Family::Evex ? sized : row;
  const unsigned scale = check(n, e, o, sizeof...(A));
  Roles r = kEvRoles[e.shape];
  for (int8_t* p : {&r.reg, &r.vvvv, &r.rm})  // a {er} operand before the last register (vcvtsi2ss x, x, {rn-sae}, r)
    if (*p >= o.round_pos) ++*p;
  const bool vsib = is_vsib(static_cast<Shape>(e.shape));
  const unsigned vl = vsib ? vsib_l(n, e, o, r) : e.l;
  const Field reg = r.reg >= 0 ? o.f[r.reg] : digit(e.digit);
  const Field vvvv = r.vvvv >= 0 ? o.f[r.vvvv] : Field{};
  const int imm_bytes = r.imm >= 0 ? 1 : 0;
  const int64_t imm = r.imm >= 0 ? imm8(n, o.imm) : 0;
  const unsigned pp = vex_pp(e.prefix);

  uint8_t* out = Emit::room(a);
  unsigned xb = 0;  // X (bit 1) and B (bit 0): index/base bit 3, or r/m register bits 4 and 3
  MemTail t;
  const Mem* disp_src = o.mem;
  Mem scaled;
  if (o.mem) {
    const Mem& m = *o.mem;
    scaled = m;
    // disp8*N: a multiple of N in reach of a scaled disp8; another
    // displacement that fits a plain disp8 must take disp32 instead.
    if (m.kind == MemKind::Based && m.has_base && m.disp != 0) {
      if (m.disp % scale == 0 && fits8(m.disp / scale)) {
        scaled.disp = m.disp / static_cast<int64_t>(scale);
        disp_src = &scaled;
      } else if (fits8(m.disp)) {
        scaled.disp = 128;  // chooses mod 10 (disp32); m.disp is written
      }
    }
    if (vsib) scaled.index.id &= 15;  // bit 4 goes to V'
    t = encode_mem_tail(n, reg.id & 7, scaled, vsib);
    xb = t.xb;
  } else {
    const Field rm = o.f[r.rm];
    xb = (rm.id >> 4 & 1) << 1 | (rm.id >> 3 & 1);
  }
  unsigned ll = vl, b = o.bcst;
  if (o.round >= 0) {  // register form: L'L holds the rounding mode (00 for SAE alone)
    b = 1;
    ll = o.round == static_cast<int>(Round::Sae) ? 0 : static_cast<unsigned>(o.round);
  }
  const unsigned R = reg.id >> 3 & 1, R2 = reg.id >> 4 & 1;
  const unsigned V2 = vsib ? o.mem->index.id >> 4 & 1 : vvvv.id >> 4 & 1;  // V' extends a VSIB index
  out[0] = 0x62;
  out[1] = static_cast<uint8_t>((R ^ 1) << 7 | ((xb >> 1) ^ 1) << 6 | ((xb & 1) ^ 1) << 5 | (R2 ^ 1) << 4 | e.map);
  // W by size: the general-purpose operand's, else the memory operand's (vcvtsi2ss x, x, m32/m64).
  const unsigned w = e.w != kWBySize ? e.w : o.gp_size ? o.gp_size == 8 : o.mem->size == 8;
  out[2] = static_cast<uint8_t>(w << 7 | (~vvvv.id & 15u) << 3 | 4 | pp);
  out[3] = static_cast<uint8_t>(o.zero << 7 | ll << 5 | b << 4 | (V2 ^ 1) << 3 | (o.masked ? o.k : 0));
  out[4] = e.op;
  unsigned len, disp_at = 0;
  if (o.mem) {
    len = encode_tail(out, out + 5, t, *disp_src, imm_bytes, imm, &disp_at);
  } else {
    out[5] = static_cast<uint8_t>(0xC0 | (reg.id & 7) << 3 | (o.f[r.rm].id & 7));
    len = 6;
    if (imm_bytes) out[len++] = static_cast<uint8_t>(imm);
  }
  Emit::commit(a, n, o.mem, len, disp_at);
}

}  // namespace

// The methods of the EVEX rows: each passes its row's Encoding.
#define X86_DEFE_(m, n, e, params, args)   \
  void Assembler::m params {               \
    static constexpr Encoding kEnc = e;    \
    evx(*this, n, kEnc, X86_UNPAREN args); \
  }
#define X86_UNPAREN(...) __VA_ARGS__
#define X86_DEFE2(m, n, e, A, B) X86_DEFE_(m, n, e, (In<A> a, In<B> b), (a, b))
#define X86_DEFE3(m, n, e, A, B, C) X86_DEFE_(m, n, e, (In<A> a, In<B> b, In<C> c), (a, b, c))
#define X86_DEFE4(m, n, e, A, B, C, D) X86_DEFE_(m, n, e, (In<A> a, In<B> b, In<C> c, In<D> d), (a, b, c, d))
#define X86_DEFE5(m, n, e, A, B, C, D, E) \
  X86_DEFE_(m, n, e, (In<A> a, In<B> b, In<C> c, In<D> d, In<E> x), (a, b, c, d, x))
#define X86_EVEX(...) X86_ROWS_EVEX(X86_DEFE, __VA_ARGS__)
#include "x86/insns.def"

}  // namespace x86
