// The instruction list's vocabulary: how a row of x86/insns.def is encoded
// (Encoding) and which operand types each of its forms takes (the X86_SIG_*
// macros). assembler.hpp declares its methods from these, src/ defines them,
// and isa.cpp builds the run-time table (x86/isa.hpp) from the same rows.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "x86/operands.hpp"

namespace x86 {

// Which encoder a row goes through.
enum class Family : uint8_t {
  Hand,      // written by hand (special encodings, inline hot paths); the row is data only
  Fixed,     // fixed bytes, no operands
  Alu,       // add..cmp: 8k+0..5, 80/81/83 /k
  Unary,     // F6/F7 or FE/FF /digit
  Shift,     // C0/C1, D0/D1, D2/D3 /digit
  BitTest,   // 0F op r/m,r and 0F BA /digit r/m,imm8
  BitCount,  // F3 0F op r,r/m
  MemOp,     // 0F op /digit with one memory operand (prefetch*, clflush, cmpxchg8b/16b)
  Sse,       // legacy SSE: [66|F2|F3] [REX] 0F [38|3A] op
  Vex,       // VEX (C5/C4) encoded AVX, AVX2, FMA, BMI, F16C, AVX-512 mask instructions
  Evex,      // EVEX (62) encoded AVX-512 F/BW/DQ/VL (src/evex.cpp)
};

// One row's encoding. Fields a family does not use are 0.
struct Encoding {
  Family family = Family::Hand;
  uint8_t shape = 0;     // operand shape (Shape below) for Sse/Vex rows
  uint8_t prefix = 0;    // 0, 0x66, 0xF3, 0xF2: mandatory prefix (VEX pp)
  uint8_t map = 0;       // 0: one-byte opcode, 1: 0F, 2: 0F 38, 3: 0F 3A
  uint8_t op = 0;        // opcode; Alu: k; Unary: the byte form's opcode
  uint8_t op2 = 0;       // Unary: the opcode of the wider forms; Vex: the store twin of a load
                         // move (0: none), used for reg-reg when it saves the 3-byte VEX
  uint8_t prefix2 = 0;   // Vex: the store twin's prefix when it differs (vmovq: 66 0F D6 for F3 0F 7E)
  uint8_t digit = 0xFF;  // ModRM.reg of a /digit form (0xFF: a register operand)
  uint8_t w = 0;         // REX.W / VEX.W: 0, 1, or kWBySize (from the GP operand: 4 -> 0, 8 -> 1)
  uint8_t l = 0;         // VEX.L
  uint8_t mem = 0;       // memory operand size in bytes (0: given by the operand)
  uint8_t len = 0;       // Fixed: byte count
  uint32_t bytes = 0;    // Fixed: the bytes, little-endian
  uint8_t elem = 0;      // Evex: the broadcast element size in bytes (4/8), or 0: no broadcast
  uint8_t evex = 0;      // Evex: the kEv* flags below
};

// VEX/EVEX pp: the mandatory prefix of a row as the two bits that stand for it.
constexpr uint8_t vex_pp(uint8_t prefix) { return prefix == 0x66 ? 1 : prefix == 0xF3 ? 2 : prefix == 0xF2 ? 3 : 0; }

inline constexpr uint8_t kWBySize = 2;
// Evex rows: what the form allows beyond its operands' types.
inline constexpr uint8_t kEvMask = 1;  // a write mask {k1}..{k7}
inline constexpr uint8_t kEvZero = 2;  // zeroing-masking {z}
inline constexpr uint8_t kEvEr = 4;    // embedded rounding {rn-sae}..{rz-sae} (register form)
inline constexpr uint8_t kEvSae = 8;   // {sae} (register form)
inline constexpr uint8_t kEvT1 = 16;   // disp8*N with N = the element size (vpcompress/vexpand), not the memory size
// The combinations rows name (X86_EVEX's flags column: NONE, ER, SAE, K, KSAE, KT1, KZ, KZER, KZSAE, KZT1).
inline constexpr uint8_t kEv_NONE = 0, kEv_ER = kEvEr, kEv_SAE = kEvSae, kEv_KSAE = kEvMask | kEvSae,
                         kEv_KT1 = kEvMask | kEvT1;
inline constexpr uint8_t kEv_K = kEvMask, kEv_KZ = kEvMask | kEvZero, kEv_KZER = kEv_KZ | kEvEr,
                         kEv_KZSAE = kEv_KZ | kEvSae, kEv_KZT1 = kEv_KZ | kEvT1;

// Operand shapes of Sse/Vex rows: operand order as in Intel syntax; V is the
// row's vector type (Xmm for L0, Ymm for L1), G a general-purpose register,
// M memory, I an 8-bit immediate. Where the operand goes is the shape's.
enum class Shape : uint8_t {
  X_XM,    // x, x/m          reg, rm
  X_XMI,   // x, x/m, ib
  X_M,     // x, m
  M_X,     // m, x            rm, reg
  X_G,     // x, r32/r64      reg, rm
  X_GM,    // x, r/m (32/64 by size: W)
  G_X,     // r, x            reg, rm
  G_XM,    // r, x/m          (W by the register's size)
  GR_X,    // r/m, x          rm, reg  (gp in rm)
  X_I,     // x, ib           rm, /digit
  X_X,     // x, x            reg, rm (register only)
  X_XM0,   // x, x/m, xmm0    reg, rm (the implicit mask register, written out)
  G_XI,    // r, x, ib        reg, rm
  GR_XI,   // r, x, ib        rm, reg
  M_XI,    // m, x, ib        rm, reg
  X_GMI,   // x, r/m, ib      reg, rm
  V_VVM,   // v, v, v/m       reg, vvvv, rm
  V_VVMI,  // v, v, v/m, ib
  V_VM,    // v, v/m          reg, rm
  V_VMI,   // v, v/m, ib
  M_V,     // m, v            rm, reg
  V_VXM,   // v, v, x/m128    reg, vvvv, rm (shift counts)
  V_VI,    // v, v, ib        vvvv, rm, /digit (shifts by imm)
  V_XM,    // v, x/m          reg, rm (broadcasts, widening conversions)
  X_YM,    // x, y            reg, rm (narrowing conversions; memory: X_XYM)
  V_MEM,   // v, m            reg, rm
  V_VV,    // v, v, v         reg, vvvv, rm (register only)
  V_VVMV,  // v, v, v/m, v    reg, vvvv, rm, is4 (imm8[7:4])
  V_VMEM,  // v, v, m         reg, vvvv, rm
  M_VV,    // m, v, v         rm, vvvv, reg
  XM_VI,   // x/m, v, ib      rm, reg
  Y_YXMI,  // y, y, x/m128, ib  reg, vvvv, rm
  G_V,     // r32, v          reg, rm
  VSIB,    // v, [base + vindex*s], v   reg, rm (VSIB), vvvv (the mask)
  G_GGM,   // r, r, r/m       reg, vvvv, rm (W by size)
  G_GMG,   // r, r/m, r       reg, rm, vvvv
  VG_GM,   // r, r/m          vvvv, rm, /digit
  G_GMI,   // r, r/m, ib      reg, rm
  // AVX-512 mask registers (VEX): k = KReg
  K_KM,  // k, k/m          reg, rm
  M_K,   // m, k            rm, reg
  K_G,   // k, r32/r64      reg, rm
  G_K,   // r32/r64, k      reg, rm
  K_KK,  // k, k, k         reg, vvvv, rm
  K_K,   // k, k            reg, rm
  // VEX odds
  X_XYM,   // x, m128/m256    reg, rm (vcvtpd2ps & co: VEX.L from the memory size, which must be given)
  GR_VI,   // r32/r64, x, ib  rm, reg (vpextrb/d/q)
  G_VI,    // r32, x, ib      reg, rm (vpextrw)
  M_VI,    // m, x, ib        rm, reg
  X_XGMI,  // x, x, r/m, ib   reg, vvvv, rm (vpinsr*)
  X_XGM,   // x, x, r32/r64/m32/m64   reg, vvvv, rm (vcvtsi2ss/sd: W from the size)
  K_KI,    // k, k, ib        reg, rm (kshift*)
  // EVEX (Evex rows): V is the row's vector type (L0 xmm, L1 ymm, L2 zmm), VK
  // the same with an optional {k}{z}; B adds a broadcast source (Bcst), R a
  // rounding/SAE operand (Round) on the zmm register form.
  E_VVM,    // vk, v, v/m              reg, vvvv, rm
  E_VVMB,   // vk, v, v/m/bcst
  E_VVMBR,  // vk, v, v/m/bcst [, round (zmm)]
  E_SVVMR,  // xk, x, x/m [, round]    scalars
  E_VMBR,   // vk, v/m/bcst [, round (zmm)]   reg, rm
  E_VM,     // vk, v/m                 reg, rm
  E_MV,     // m{k}, v                 rm, reg
  E_MVR,    // vk/m{k}, v              rm, reg (vpcompress*)
  E_KVM,    // k{k}, v, v/m            reg, vvvv, rm
  E_KVMB,   // k{k}, v, v/m/bcst
  E_KVMIB,  // k{k}, v, v/m/bcst, ib
  E_VVMIB,  // vk, v, v/m/bcst, ib
  E_VMIB,   // vk, v/m/bcst, ib        reg, rm
  E_VIB,    // vk, v/m/bcst, ib        vvvv, rm, /digit (shifts by imm)
  E_VI,     // vk, v/m, ib             vvvv, rm, /digit
  E_VX,     // vk, x/m                 reg, rm (broadcasts)
  E_VG,     // vk, r32/r64             reg, rm
  E_XVI,    // xk/m{k}, v, ib          rm, reg (vextract*32x4)
  E_YVI,    // yk/m{k}, z, ib          rm, reg (vextract*64x4)
  E_VVXI,   // vk, v, x/m, ib          reg, vvvv, rm (vinsert*32x4)
  E_VVYI,   // zk, z, y/m, ib          reg, vvvv, rm (vinsert*64x4)
  E_CMPR,   // k{k}, v, v/m/bcst, ib; k{k}, z, z, {sae}, ib (vcmpps/pd)
  E_SCMPR,  // k{k}, x, x/m, ib; k{k}, x, x, {sae}, ib       scalar compares
  E_KVMI,   // k{k}, v, v/m, ib          (vpcmpb/w)
  E_VVX,    // vk, v, x/m128             reg, vvvv, rm (shifts by an xmm count)
  E_VVMI,   // vk, v, v/m, ib
  E_VMI,    // vk, v/m, ib               reg, rm
  E_VMB,    // vk, v/m/bcst              reg, rm
  E_XV,     // xk/m{k}, v                rm, reg (down-converts to a quarter or less)
  E_HV,     // hk/m{k}, v                rm, reg (down-converts: h the half-width type, X86_EV_H_*)
  E_VH,     // vk, h/m                   reg, rm (widening from the half-width type)
  E_VHB,    // vk, h/m/bcst
  E_VHBR,   // vk, h/m/bcst [, round (zmm)]
  E_VK,     // v, k                      reg, rm (vpmovm2*, vpbroadcastm*)
  E_KV,     // k, v                      reg, rm (vpmov*2m)
  E_VMEM,   // vk, m                     reg, rm (vbroadcast{f,i}32x4 & co)
  E_XXG,    // x, x, r32/r64/m32/m64     reg, vvvv, rm (vcvtsi2ss & co: W by the size)
  E_XXRG,   // x, x, {er}, r32/r64       (the rounding operand comes before the integer)
  E_GX,     // r32/r64, x/m              reg, rm (vcvtss2si & co: W by the register's size)
  E_GXR,    // r32/r64, x, {er}/{sae}
  E_VSIB,   // v{k}, [base + vindex*s]   reg, rm (VSIB; the mask is required)
  E_HSIB,   // h{k}, [base + vindex*s]   (qword indexes of dwords: h = xmm at L0 (xmm or ymm index), ymm at L2)
  E_SIBV,   // [base + vindex*s]{k}, v   rm, reg
  E_SIBH,   // [base + vindex*s]{k}, h
  // narrowing conversions, {sae} forms of existing rows, vfpclass/vrange/vfixupimm
  E_NXM,     // xk, x/m/bcst              reg, rm (narrowing, L0 row: m128/m256 by the memory size or {1toN})
  E_NXY,     // xk, y                     reg, rm (narrowing, L1 row: register only)
  E_HMBR,    // hk, v/m/bcst [, round]    reg, rm (narrowing at 512 bits: ymm <- zmm)
  E_KMIB,    // k{k}, x/m/bcst, ib        reg, rm (vfpclass, L0 row: m128/m256/m512 by size or {1toN})
  E_KVI,     // k{k}, v, ib               reg, rm (vfpclass, L1/L2 rows: register only)
  E_VVMIBR,  // vk, v, v/m/bcst, ib; vk, z, z, {sae}, ib   (vrange*, vfixupimm*)
  E_VHR,     // zk, y, {sae}              reg, rm (the {sae} form of an E_VH row: vcvtph2ps)
  E_YVRI,    // yk, z, {sae}, ib          rm, reg (the {sae} form of an E_YVI row: vcvtps2ph)
  E_VRI,     // zk, z, {sae}, ib          reg, rm (the {sae} form of an E_VMIB row: vrndscale* & co)
  // AVX-512 scalar forms (xmm0-31; the memory operand is the scalar, m32/m64)
  E_SVV,     // xk, x, x                      reg, vvvv, rm (vmovss/sd merge: register only)
  E_XX,      // x, x/m                        reg, rm (no mask: vcomiss & co, the <name>_evex method)
  E_XXR,     // x, x, {sae}                   reg, rm
  E_SVVMIR,  // xk, x, x/m, ib; xk, x, x, {sae}, ib   reg, vvvv, rm (vrndscaless & co)
  E_KXMI,    // k{k}, x/m, ib                 reg, rm (vfpclassss/sd)
  // EVEX forms that take no write mask (moves with xmm16-31, inserts
  // and extracts, vpsadbw, byte shifts). Plain operand types, so a {k}{z}
  // does not compile; where the VEX form has the same C++ signature the
  // row's method is <name>_evex (the VEX method reaches it by the twin rule).
  E_VVMN,    // v, v, v/m                 reg, vvvv, rm (vpsadbw)
  E_VIN,     // v, v, ib                  vvvv, rm, /digit (vpslldq/vpsrldq)
  E_VMEMIN,  // v, m, ib                  vvvv, rm, /digit (their memory form: EVEX only, so the plain name)
  E_VMN,     // x, x/m                    reg, rm (vmovq)
  E_VMEMN,   // v, m                      reg, rm (vmovd/vmovq loads, vmovntdqa)
  E_MVN,     // m, v                      rm, reg (vmovd/vmovq, vmovhps & co, vmovnt* stores)
  E_XGN,     // x, r32/r64                reg, rm (vmovd/vmovq)
  E_RX,      // r32/r64, x                rm, reg (vmovd/vmovq)
  E_RXI,     // r32/r64, x, ib            rm, reg (vpextrb/d/q, vextractps)
  E_GXI,     // r32, x, ib                reg, rm (vpextrw)
  E_MXI,     // m, x, ib                  rm, reg (vpextr*, vextractps)
  E_XXGI,    // x, x, r32/r64/m, ib       reg, vvvv, rm (vpinsr*)
  E_XXMI,    // x, x, x/m, ib             reg, vvvv, rm (vinsertps)
  E_XXMEM,   // x, x, m                   reg, vvvv, rm (vmovhps & co loads)
  E_XXN,     // x, x, x                   reg, vvvv, rm (vmovhlps/vmovlhps: register only)
};

// EVEX rows whose one memory (or broadcast) overload serves every vector
// length, because the destination (an xmm of a narrowing conversion, a mask
// register) does not say which: the memory operand's size or the broadcast's
// {1toN} picks L. Returns the largest L such a row reaches, 0 for the rest.
constexpr unsigned evex_l_by_size(const Encoding& e) {
  if (e.family != Family::Evex) return 0;
  const auto s = static_cast<Shape>(e.shape);
  return s == Shape::E_NXM ? 1 : s == Shape::E_KMIB ? 2 : 0;
}

// Where each operand of a VEX shape goes: its position (0-based) for ModRM.reg
// (-1: the row's /digit), vvvv, r/m, an imm8 and an is4 register (-1: none).
struct Roles {
  int8_t reg, vvvv, rm, imm, is4;
};
// Operand positions per VEX shape (the general encoder in src/vec.cpp and the
// inline fast path in x86/hot_paths.hpp read the same table).
inline constexpr auto kVexRoles = [] {
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
  set(Shape::K_KI, {0, -1, 1, 2, -1});
  set(Shape::G_XM, {0, -1, 1, -1, -1});
  set(Shape::G_XM, {0, -1, 1, -1, -1});
  return r;
}();

namespace detail {
// Memory operands are taken by reference, everything else by value.
template <typename T>
using In =
    std::conditional_t<std::is_same_v<T, Mem> || std::is_same_v<T, MemK> || std::is_same_v<T, Bcst>, const T&, T>;
}  // namespace detail

// ---- the forms (C++ signatures) of each family and shape ---------------------
// X86_SIG_<x>(F, m, n, e) calls F<arity>(m, n, e, T...) once per overload:
// m the method name, n the mnemonic, e the Encoding (in parentheses).
#define X86_SIG_ALU(F, m, n, e) \
  F##2(m, n, e, Gp, Gp)F##2(m, n, e, Gp, Mem)F##2(m, n, e, Mem, Gp)F##2(m, n, e, Gp, Imm)F##2(m, n, e, Mem, Imm)
#define X86_SIG_UNARY(F, m, n, e) F##1(m, n, e, Gp)F##1(m, n, e, Mem)
#define X86_SIG_SHIFT(F, m, n, e) \
  F##2(m, n, e, Gp, Imm)F##2(m, n, e, Mem, Imm)F##2(m, n, e, Gp, Gp)F##2(m, n, e, Mem, Gp)
#define X86_SIG_BT(F, m, n, e) F##2(m, n, e, Gp, Gp)F##2(m, n, e, Mem, Gp)F##2(m, n, e, Gp, Imm)F##2(m, n, e, Mem, Imm)
#define X86_SIG_BITCNT(F, m, n, e) F##2(m, n, e, Gp, Gp)F##2(m, n, e, Gp, Mem)
#define X86_SIG_FIXED(F, m, n, e) F##0(m, n, e)
#define X86_SIG_MEMOP(F, m, n, e) F##1(m, n, e, Mem)

#define X86_SIG_SSE_X_XM(F, m, n, e) F##2(m, n, e, Xmm, Xmm)F##2(m, n, e, Xmm, Mem)
#define X86_SIG_SSE_X_XMI(F, m, n, e) F##3(m, n, e, Xmm, Xmm, Imm)F##3(m, n, e, Xmm, Mem, Imm)
#define X86_SIG_SSE_X_M(F, m, n, e) F##2(m, n, e, Xmm, Mem)
#define X86_SIG_SSE_M_X(F, m, n, e) F##2(m, n, e, Mem, Xmm)
#define X86_SIG_SSE_X_G(F, m, n, e) F##2(m, n, e, Xmm, Gp)
#define X86_SIG_SSE_X_GM(F, m, n, e) F##2(m, n, e, Xmm, Gp)F##2(m, n, e, Xmm, Mem)
#define X86_SIG_SSE_G_X(F, m, n, e) F##2(m, n, e, Gp, Xmm)
#define X86_SIG_SSE_G_XM(F, m, n, e) F##2(m, n, e, Gp, Xmm)F##2(m, n, e, Gp, Mem)
#define X86_SIG_SSE_GR_X(F, m, n, e) F##2(m, n, e, Gp, Xmm)
#define X86_SIG_SSE_X_I(F, m, n, e) F##2(m, n, e, Xmm, Imm)
#define X86_SIG_SSE_X_X(F, m, n, e) F##2(m, n, e, Xmm, Xmm)
#define X86_SIG_SSE_X_XM0(F, m, n, e) F##3(m, n, e, Xmm, Xmm, Xmm)F##3(m, n, e, Xmm, Mem, Xmm)
#define X86_SIG_SSE_G_XI(F, m, n, e) F##3(m, n, e, Gp, Xmm, Imm)
#define X86_SIG_SSE_GR_XI(F, m, n, e) F##3(m, n, e, Gp, Xmm, Imm)
#define X86_SIG_SSE_M_XI(F, m, n, e) F##3(m, n, e, Mem, Xmm, Imm)
#define X86_SIG_SSE_X_GMI(F, m, n, e) F##3(m, n, e, Xmm, Gp, Imm)F##3(m, n, e, Xmm, Mem, Imm)

// VEX shapes, by vector length (_0: xmm, _1: ymm).
#define X86_SIG_VEX_V_VVM_0(F, m, n, e) F##3(m, n, e, Xmm, Xmm, Xmm)F##3(m, n, e, Xmm, Xmm, Mem)
#define X86_SIG_VEX_V_VVM_1(F, m, n, e) F##3(m, n, e, Ymm, Ymm, Ymm)F##3(m, n, e, Ymm, Ymm, Mem)
#define X86_SIG_VEX_V_VVMI_0(F, m, n, e) F##4(m, n, e, Xmm, Xmm, Xmm, Imm)F##4(m, n, e, Xmm, Xmm, Mem, Imm)
#define X86_SIG_VEX_V_VVMI_1(F, m, n, e) F##4(m, n, e, Ymm, Ymm, Ymm, Imm)F##4(m, n, e, Ymm, Ymm, Mem, Imm)
#define X86_SIG_VEX_V_VM_0(F, m, n, e) F##2(m, n, e, Xmm, Xmm)F##2(m, n, e, Xmm, Mem)
#define X86_SIG_VEX_V_VM_1(F, m, n, e) F##2(m, n, e, Ymm, Ymm)F##2(m, n, e, Ymm, Mem)
#define X86_SIG_VEX_V_VMI_0(F, m, n, e) F##3(m, n, e, Xmm, Xmm, Imm)F##3(m, n, e, Xmm, Mem, Imm)
#define X86_SIG_VEX_V_VMI_1(F, m, n, e) F##3(m, n, e, Ymm, Ymm, Imm)F##3(m, n, e, Ymm, Mem, Imm)
#define X86_SIG_VEX_M_V_0(F, m, n, e) F##2(m, n, e, Mem, Xmm)
#define X86_SIG_VEX_M_V_1(F, m, n, e) F##2(m, n, e, Mem, Ymm)
#define X86_SIG_VEX_V_VXM_0(F, m, n, e) X86_SIG_VEX_V_VVM_0(F, m, n, e)
#define X86_SIG_VEX_V_VXM_1(F, m, n, e) F##3(m, n, e, Ymm, Ymm, Xmm)F##3(m, n, e, Ymm, Ymm, Mem)
#define X86_SIG_VEX_V_VI_0(F, m, n, e) F##3(m, n, e, Xmm, Xmm, Imm)
#define X86_SIG_VEX_V_VI_1(F, m, n, e) F##3(m, n, e, Ymm, Ymm, Imm)
#define X86_SIG_VEX_V_XM_0(F, m, n, e) X86_SIG_VEX_V_VM_0(F, m, n, e)
#define X86_SIG_VEX_V_XM_1(F, m, n, e) F##2(m, n, e, Ymm, Xmm)F##2(m, n, e, Ymm, Mem)
#define X86_SIG_VEX_X_YM_1(F, m, n, e) F##2(m, n, e, Xmm, Ymm)
#define X86_SIG_VEX_V_MEM_0(F, m, n, e) F##2(m, n, e, Xmm, Mem)
#define X86_SIG_VEX_V_MEM_1(F, m, n, e) F##2(m, n, e, Ymm, Mem)
#define X86_SIG_VEX_V_VV_0(F, m, n, e) F##3(m, n, e, Xmm, Xmm, Xmm)
#define X86_SIG_VEX_V_VVMV_0(F, m, n, e) F##4(m, n, e, Xmm, Xmm, Xmm, Xmm)F##4(m, n, e, Xmm, Xmm, Mem, Xmm)
#define X86_SIG_VEX_V_VVMV_1(F, m, n, e) F##4(m, n, e, Ymm, Ymm, Ymm, Ymm)F##4(m, n, e, Ymm, Ymm, Mem, Ymm)
#define X86_SIG_VEX_V_VMEM_0(F, m, n, e) F##3(m, n, e, Xmm, Xmm, Mem)
#define X86_SIG_VEX_V_VMEM_1(F, m, n, e) F##3(m, n, e, Ymm, Ymm, Mem)
#define X86_SIG_VEX_M_VV_0(F, m, n, e) F##3(m, n, e, Mem, Xmm, Xmm)
#define X86_SIG_VEX_M_VV_1(F, m, n, e) F##3(m, n, e, Mem, Ymm, Ymm)
#define X86_SIG_VEX_XM_VI_0(F, m, n, e) F##3(m, n, e, Xmm, Xmm, Imm)F##3(m, n, e, Mem, Xmm, Imm)
#define X86_SIG_VEX_XM_VI_1(F, m, n, e) F##3(m, n, e, Xmm, Ymm, Imm)F##3(m, n, e, Mem, Ymm, Imm)
#define X86_SIG_VEX_Y_YXMI_1(F, m, n, e) F##4(m, n, e, Ymm, Ymm, Xmm, Imm)F##4(m, n, e, Ymm, Ymm, Mem, Imm)
#define X86_SIG_VEX_X_G_0(F, m, n, e) F##2(m, n, e, Xmm, Gp)
#define X86_SIG_VEX_GR_X_0(F, m, n, e) F##2(m, n, e, Gp, Xmm)
#define X86_SIG_VEX_G_V_0(F, m, n, e) F##2(m, n, e, Gp, Xmm)
#define X86_SIG_VEX_G_V_1(F, m, n, e) F##2(m, n, e, Gp, Ymm)
#define X86_SIG_VEX_VSIB_0(F, m, n, e) F##3(m, n, e, Xmm, Mem, Xmm)
#define X86_SIG_VEX_VSIB_1(F, m, n, e) F##3(m, n, e, Ymm, Mem, Ymm)
#define X86_SIG_VEX_G_GGM_0(F, m, n, e) F##3(m, n, e, Gp, Gp, Gp)F##3(m, n, e, Gp, Gp, Mem)
#define X86_SIG_VEX_G_GMG_0(F, m, n, e) F##3(m, n, e, Gp, Gp, Gp)F##3(m, n, e, Gp, Mem, Gp)
#define X86_SIG_VEX_VG_GM_0(F, m, n, e) F##2(m, n, e, Gp, Gp)F##2(m, n, e, Gp, Mem)
#define X86_SIG_VEX_G_GMI_0(F, m, n, e) F##3(m, n, e, Gp, Gp, Imm)F##3(m, n, e, Gp, Mem, Imm)
#define X86_SIG_VEX_K_KM_0(F, m, n, e) F##2(m, n, e, KReg, KReg)F##2(m, n, e, KReg, Mem)
#define X86_SIG_VEX_M_K_0(F, m, n, e) F##2(m, n, e, Mem, KReg)
#define X86_SIG_VEX_K_G_0(F, m, n, e) F##2(m, n, e, KReg, Gp)
#define X86_SIG_VEX_G_K_0(F, m, n, e) F##2(m, n, e, Gp, KReg)
#define X86_SIG_VEX_K_KK_1(F, m, n, e) F##3(m, n, e, KReg, KReg, KReg)
#define X86_SIG_VEX_K_K_0(F, m, n, e) F##2(m, n, e, KReg, KReg)
#define X86_SIG_VEX_K_KI_0(F, m, n, e) F##3(m, n, e, KReg, KReg, Imm)
#define X86_SIG_VEX_G_XM_0(F, m, n, e) F##2(m, n, e, Gp, Xmm)F##2(m, n, e, Gp, Mem)
#define X86_SIG_VEX_X_X_0(F, m, n, e) F##2(m, n, e, Xmm, Xmm)
#define X86_SIG_VEX_X_XYM_0(F, m, n, e) F##2(m, n, e, Xmm, Mem)
#define X86_SIG_VEX_GR_VI_0(F, m, n, e) F##3(m, n, e, Gp, Xmm, Imm)
#define X86_SIG_VEX_G_VI_0(F, m, n, e) F##3(m, n, e, Gp, Xmm, Imm)
#define X86_SIG_VEX_M_VI_0(F, m, n, e) F##3(m, n, e, Mem, Xmm, Imm)
#define X86_SIG_VEX_X_XGMI_0(F, m, n, e) F##4(m, n, e, Xmm, Xmm, Gp, Imm)F##4(m, n, e, Xmm, Xmm, Mem, Imm)
#define X86_SIG_VEX_X_XGM_0(F, m, n, e) F##3(m, n, e, Xmm, Xmm, Gp)F##3(m, n, e, Xmm, Xmm, Mem)

// EVEX shapes: V/VK the row's vector type (X86_EV_*_<L>), R(...) the forms
// that exist only at 512 bits (embedded rounding needs L'L for the mode).
#define X86_EV_V_0 Xmm
#define X86_EV_V_1 Ymm
#define X86_EV_V_2 Zmm
#define X86_EV_VK_0 XmmK
#define X86_EV_VK_1 YmmK
#define X86_EV_VK_2 ZmmK
// H: the half-width vector (widening sources, the 64x4-style destinations).
#define X86_EV_H_0 Xmm
#define X86_EV_H_1 Xmm
#define X86_EV_H_2 Ymm
#define X86_EV_HK_0 XmmK
#define X86_EV_HK_1 XmmK
#define X86_EV_HK_2 YmmK
#define X86_EV_R_0(...)
#define X86_EV_R_1(...)
#define X86_EV_R_2(...) __VA_ARGS__
#define X86_SIG_EVEX_E_VVM(F, m, n, e, V, VK, R, H, HK) F##3(m, n, e, VK, V, V)F##3(m, n, e, VK, V, Mem)
#define X86_SIG_EVEX_E_VVMB(F, m, n, e, V, VK, R, H, HK) \
  X86_SIG_EVEX_E_VVM(F, m, n, e, V, VK, R, H, HK) F##3(m, n, e, VK, V, Bcst)
#define X86_SIG_EVEX_E_VVMBR(F, m, n, e, V, VK, R, H, HK) \
  X86_SIG_EVEX_E_VVMB(F, m, n, e, V, VK, R, H, HK) R(F##4(m, n, e, VK, V, V, Round))
#define X86_SIG_EVEX_E_SVVMR(F, m, n, e, V, VK, R, H, HK) \
  F##3(m, n, e, XmmK, Xmm, Xmm)F##3(m, n, e, XmmK, Xmm, Mem)F##4(m, n, e, XmmK, Xmm, Xmm, Round)
#define X86_SIG_EVEX_E_VMBR(F, m, n, e, V, VK, R, H, HK) \
  F##2(m, n, e, VK, V)F##2(m, n, e, VK, Mem)F##2(m, n, e, VK, Bcst)R(F##3(m, n, e, VK, V, Round))
#define X86_SIG_EVEX_E_VM(F, m, n, e, V, VK, R, H, HK) F##2(m, n, e, VK, V)F##2(m, n, e, VK, Mem)
#define X86_SIG_EVEX_E_MV(F, m, n, e, V, VK, R, H, HK) F##2(m, n, e, MemK, V)
#define X86_SIG_EVEX_E_MVR(F, m, n, e, V, VK, R, H, HK) F##2(m, n, e, VK, V)F##2(m, n, e, MemK, V)
#define X86_SIG_EVEX_E_KVM(F, m, n, e, V, VK, R, H, HK) F##3(m, n, e, KRegK, V, V)F##3(m, n, e, KRegK, V, Mem)
#define X86_SIG_EVEX_E_KVMB(F, m, n, e, V, VK, R, H, HK) \
  X86_SIG_EVEX_E_KVM(F, m, n, e, V, VK, R, H, HK) F##3(m, n, e, KRegK, V, Bcst)
#define X86_SIG_EVEX_E_KVMIB(F, m, n, e, V, VK, R, H, HK) \
  F##4(m, n, e, KRegK, V, V, Imm)F##4(m, n, e, KRegK, V, Mem, Imm)F##4(m, n, e, KRegK, V, Bcst, Imm)
#define X86_SIG_EVEX_E_VVMIB(F, m, n, e, V, VK, R, H, HK) \
  F##4(m, n, e, VK, V, V, Imm)F##4(m, n, e, VK, V, Mem, Imm)F##4(m, n, e, VK, V, Bcst, Imm)
#define X86_SIG_EVEX_E_VMIB(F, m, n, e, V, VK, R, H, HK) \
  F##3(m, n, e, VK, V, Imm)F##3(m, n, e, VK, Mem, Imm)F##3(m, n, e, VK, Bcst, Imm)
#define X86_SIG_EVEX_E_VIB(F, m, n, e, V, VK, R, H, HK) X86_SIG_EVEX_E_VMIB(F, m, n, e, V, VK, R, H, HK)
#define X86_SIG_EVEX_E_VI(F, m, n, e, V, VK, R, H, HK) F##3(m, n, e, VK, V, Imm)F##3(m, n, e, VK, Mem, Imm)
#define X86_SIG_EVEX_E_VX(F, m, n, e, V, VK, R, H, HK) F##2(m, n, e, VK, Xmm)F##2(m, n, e, VK, Mem)
#define X86_SIG_EVEX_E_VG(F, m, n, e, V, VK, R, H, HK) F##2(m, n, e, VK, Gp)
#define X86_SIG_EVEX_E_XVI(F, m, n, e, V, VK, R, H, HK) F##3(m, n, e, XmmK, V, Imm)F##3(m, n, e, MemK, V, Imm)
#define X86_SIG_EVEX_E_YVI(F, m, n, e, V, VK, R, H, HK) F##3(m, n, e, YmmK, Zmm, Imm)F##3(m, n, e, MemK, Zmm, Imm)
#define X86_SIG_EVEX_E_VVXI(F, m, n, e, V, VK, R, H, HK) F##4(m, n, e, VK, V, Xmm, Imm)F##4(m, n, e, VK, V, Mem, Imm)
#define X86_SIG_EVEX_E_VVYI(F, m, n, e, V, VK, R, H, HK) \
  F##4(m, n, e, ZmmK, Zmm, Ymm, Imm)F##4(m, n, e, ZmmK, Zmm, Mem, Imm)
#define X86_SIG_EVEX_E_CMPR(F, m, n, e, V, VK, R, H, HK) \
  X86_SIG_EVEX_E_KVMIB(F, m, n, e, V, VK, R, H, HK) R(F##5(m, n, e, KRegK, V, V, Round, Imm))
#define X86_SIG_EVEX_E_SCMPR(F, m, n, e, V, VK, R, H, HK) \
  F##4(m, n, e, KRegK, Xmm, Xmm, Imm)F##4(m, n, e, KRegK, Xmm, Mem, Imm)F##5(m, n, e, KRegK, Xmm, Xmm, Round, Imm)
#define X86_SIG_EVEX_E_KVMI(F, m, n, e, V, VK, R, H, HK) \
  F##4(m, n, e, KRegK, V, V, Imm)F##4(m, n, e, KRegK, V, Mem, Imm)
#define X86_SIG_EVEX_E_VVX(F, m, n, e, V, VK, R, H, HK) F##3(m, n, e, VK, V, Xmm)F##3(m, n, e, VK, V, Mem)
#define X86_SIG_EVEX_E_VVMI(F, m, n, e, V, VK, R, H, HK) F##4(m, n, e, VK, V, V, Imm)F##4(m, n, e, VK, V, Mem, Imm)
#define X86_SIG_EVEX_E_VMI(F, m, n, e, V, VK, R, H, HK) F##3(m, n, e, VK, V, Imm)F##3(m, n, e, VK, Mem, Imm)
#define X86_SIG_EVEX_E_VMB(F, m, n, e, V, VK, R, H, HK) \
  F##2(m, n, e, VK, V)F##2(m, n, e, VK, Mem)F##2(m, n, e, VK, Bcst)
#define X86_SIG_EVEX_E_XV(F, m, n, e, V, VK, R, H, HK) F##2(m, n, e, XmmK, V)F##2(m, n, e, MemK, V)
#define X86_SIG_EVEX_E_HV(F, m, n, e, V, VK, R, H, HK) F##2(m, n, e, HK, V)F##2(m, n, e, MemK, V)
#define X86_SIG_EVEX_E_VH(F, m, n, e, V, VK, R, H, HK) F##2(m, n, e, VK, H)F##2(m, n, e, VK, Mem)
#define X86_SIG_EVEX_E_VHB(F, m, n, e, V, VK, R, H, HK) \
  X86_SIG_EVEX_E_VH(F, m, n, e, V, VK, R, H, HK) F##2(m, n, e, VK, Bcst)
#define X86_SIG_EVEX_E_VK(F, m, n, e, V, VK, R, H, HK) F##2(m, n, e, V, KReg)
#define X86_SIG_EVEX_E_KV(F, m, n, e, V, VK, R, H, HK) F##2(m, n, e, KReg, V)
#define X86_SIG_EVEX_E_VMEM(F, m, n, e, V, VK, R, H, HK) F##2(m, n, e, VK, Mem)
#define X86_SIG_EVEX_E_XXG(F, m, n, e, V, VK, R, H, HK) F##3(m, n, e, Xmm, Xmm, Gp)F##3(m, n, e, Xmm, Xmm, Mem)
#define X86_SIG_EVEX_E_XXRG(F, m, n, e, V, VK, R, H, HK) F##4(m, n, e, Xmm, Xmm, Round, Gp)
#define X86_SIG_EVEX_E_GX(F, m, n, e, V, VK, R, H, HK) F##2(m, n, e, Gp, Xmm)F##2(m, n, e, Gp, Mem)
#define X86_SIG_EVEX_E_GXR(F, m, n, e, V, VK, R, H, HK) F##3(m, n, e, Gp, Xmm, Round)
#define X86_SIG_EVEX_E_VSIB(F, m, n, e, V, VK, R, H, HK) F##2(m, n, e, VK, Mem)
#define X86_SIG_EVEX_E_HSIB(F, m, n, e, V, VK, R, H, HK) F##2(m, n, e, HK, Mem)
#define X86_SIG_EVEX_E_SIBV(F, m, n, e, V, VK, R, H, HK) F##2(m, n, e, MemK, V)
#define X86_SIG_EVEX_E_SIBH(F, m, n, e, V, VK, R, H, HK) F##2(m, n, e, MemK, H)
#define X86_SIG_EVEX_E_VHBR(F, m, n, e, V, VK, R, H, HK) \
  X86_SIG_EVEX_E_VHB(F, m, n, e, V, VK, R, H, HK) R(F##3(m, n, e, VK, H, Round))
// narrowing conversions, vfpclass/vrange/vfixupimm, {sae} forms
#define X86_SIG_EVEX_E_NXM(F, m, n, e, V, VK, R, H, HK) \
  F##2(m, n, e, XmmK, Xmm)F##2(m, n, e, XmmK, Mem)F##2(m, n, e, XmmK, Bcst)
#define X86_SIG_EVEX_E_NXY(F, m, n, e, V, VK, R, H, HK) F##2(m, n, e, XmmK, Ymm)
#define X86_SIG_EVEX_E_HMBR(F, m, n, e, V, VK, R, H, HK) \
  F##2(m, n, e, HK, V)F##2(m, n, e, HK, Mem)F##2(m, n, e, HK, Bcst)R(F##3(m, n, e, HK, V, Round))
#define X86_SIG_EVEX_E_KMIB(F, m, n, e, V, VK, R, H, HK) \
  F##3(m, n, e, KRegK, Xmm, Imm)F##3(m, n, e, KRegK, Mem, Imm)F##3(m, n, e, KRegK, Bcst, Imm)
#define X86_SIG_EVEX_E_KVI(F, m, n, e, V, VK, R, H, HK) F##3(m, n, e, KRegK, V, Imm)
#define X86_SIG_EVEX_E_VVMIBR(F, m, n, e, V, VK, R, H, HK) \
  X86_SIG_EVEX_E_VVMIB(F, m, n, e, V, VK, R, H, HK) R(F##5(m, n, e, VK, V, V, Round, Imm))
#define X86_SIG_EVEX_E_VHR(F, m, n, e, V, VK, R, H, HK) F##3(m, n, e, VK, H, Round)
#define X86_SIG_EVEX_E_YVRI(F, m, n, e, V, VK, R, H, HK) F##4(m, n, e, YmmK, Zmm, Round, Imm)
#define X86_SIG_EVEX_E_VRI(F, m, n, e, V, VK, R, H, HK) F##4(m, n, e, VK, V, Round, Imm)
// AVX-512 scalar forms (L0 rows only: the types are written out).
#define X86_SIG_EVEX_E_SVV(F, m, n, e, V, VK, R, H, HK) F##3(m, n, e, XmmK, Xmm, Xmm)
#define X86_SIG_EVEX_E_XX(F, m, n, e, V, VK, R, H, HK) F##2(m, n, e, Xmm, Xmm)F##2(m, n, e, Xmm, Mem)
#define X86_SIG_EVEX_E_XXR(F, m, n, e, V, VK, R, H, HK) F##3(m, n, e, Xmm, Xmm, Round)
#define X86_SIG_EVEX_E_SVVMIR(F, m, n, e, V, VK, R, H, HK) \
  F##4(m, n, e, XmmK, Xmm, Xmm, Imm)F##4(m, n, e, XmmK, Xmm, Mem, Imm)F##5(m, n, e, XmmK, Xmm, Xmm, Round, Imm)
#define X86_SIG_EVEX_E_KXMI(F, m, n, e, V, VK, R, H, HK) F##3(m, n, e, KRegK, Xmm, Imm)F##3(m, n, e, KRegK, Mem, Imm)
// the shapes without a write mask.
#define X86_SIG_EVEX_E_VVMN(F, m, n, e, V, VK, R, H, HK) F##3(m, n, e, V, V, V)F##3(m, n, e, V, V, Mem)
#define X86_SIG_EVEX_E_VIN(F, m, n, e, V, VK, R, H, HK) F##3(m, n, e, V, V, Imm)
#define X86_SIG_EVEX_E_VMEMIN(F, m, n, e, V, VK, R, H, HK) F##3(m, n, e, V, Mem, Imm)
#define X86_SIG_EVEX_E_VMN(F, m, n, e, V, VK, R, H, HK) F##2(m, n, e, Xmm, Xmm)F##2(m, n, e, Xmm, Mem)
#define X86_SIG_EVEX_E_VMEMN(F, m, n, e, V, VK, R, H, HK) F##2(m, n, e, V, Mem)
#define X86_SIG_EVEX_E_MVN(F, m, n, e, V, VK, R, H, HK) F##2(m, n, e, Mem, V)
#define X86_SIG_EVEX_E_XGN(F, m, n, e, V, VK, R, H, HK) F##2(m, n, e, Xmm, Gp)
#define X86_SIG_EVEX_E_RX(F, m, n, e, V, VK, R, H, HK) F##2(m, n, e, Gp, Xmm)
#define X86_SIG_EVEX_E_RXI(F, m, n, e, V, VK, R, H, HK) F##3(m, n, e, Gp, Xmm, Imm)
#define X86_SIG_EVEX_E_GXI(F, m, n, e, V, VK, R, H, HK) F##3(m, n, e, Gp, Xmm, Imm)
#define X86_SIG_EVEX_E_MXI(F, m, n, e, V, VK, R, H, HK) F##3(m, n, e, Mem, Xmm, Imm)
#define X86_SIG_EVEX_E_XXGI(F, m, n, e, V, VK, R, H, HK) \
  F##4(m, n, e, Xmm, Xmm, Gp, Imm)F##4(m, n, e, Xmm, Xmm, Mem, Imm)
#define X86_SIG_EVEX_E_XXMI(F, m, n, e, V, VK, R, H, HK) \
  F##4(m, n, e, Xmm, Xmm, Xmm, Imm)F##4(m, n, e, Xmm, Xmm, Mem, Imm)
#define X86_SIG_EVEX_E_XXMEM(F, m, n, e, V, VK, R, H, HK) F##3(m, n, e, Xmm, Xmm, Mem)
#define X86_SIG_EVEX_E_XXN(F, m, n, e, V, VK, R, H, HK) F##3(m, n, e, Xmm, Xmm, Xmm)

// Declarations (assembler.hpp).
#define X86_DECL0(m, n, e) void m();
#define X86_DECL1(m, n, e, A) void m(detail::In<A>);
#define X86_DECL2(m, n, e, A, B) void m(detail::In<A>, detail::In<B>);
#define X86_DECL3(m, n, e, A, B, C) void m(detail::In<A>, detail::In<B>, detail::In<C>);
#define X86_DECL4(m, n, e, A, B, C, D) void m(detail::In<A>, detail::In<B>, detail::In<C>, detail::In<D>);
#define X86_DECL5(m, n, e, A, B, C, D, E) \
  void m(detail::In<A>, detail::In<B>, detail::In<C>, detail::In<D>, detail::In<E>);
// The out-of-line general path of a VEX row (src/vec.cpp): the same operands
// after a VexAny tag; the inline method (x86/hot_paths.hpp) calls it for
// whatever its fast path does not write, and for every error.
#define X86_DECL_ANY2(m, n, e, A, B) void m(VexAny, detail::In<A>, detail::In<B>);
#define X86_DECL_ANY3(m, n, e, A, B, C) void m(VexAny, detail::In<A>, detail::In<B>, detail::In<C>);
#define X86_DECL_ANY4(m, n, e, A, B, C, D) void m(VexAny, detail::In<A>, detail::In<B>, detail::In<C>, detail::In<D>);

}  // namespace x86

// ---- a row's Encoding, from its row macro's arguments ---------------------------
#define X86_ENC_ALU(k) (::x86::Encoding{.family = ::x86::Family::Alu, .op = (k)})
#define X86_ENC_UNARY(op8, op_, d) \
  (::x86::Encoding{.family = ::x86::Family::Unary, .op = (op8), .op2 = (op_), .digit = (d)})
#define X86_ENC_SHIFT(d) (::x86::Encoding{.family = ::x86::Family::Shift, .digit = (d)})
#define X86_ENC_BT(op_, d) (::x86::Encoding{.family = ::x86::Family::BitTest, .map = 1, .op = (op_), .digit = (d)})
#define X86_ENC_BITCNT(op_) (::x86::Encoding{.family = ::x86::Family::BitCount, .prefix = 0xF3, .map = 1, .op = (op_)})
#define X86_ENC_FIXED(n, b) (::x86::Encoding{.family = ::x86::Family::Fixed, .len = (n), .bytes = (b)})
#define X86_ENC_HAND (::x86::Encoding{})
#define X86_ENC_MEMOP(op_, d, w_, mem_) \
  (::x86::Encoding{.family = ::x86::Family::MemOp, .map = 1, .op = (op_), .digit = (d), .w = (w_), .mem = (mem_)})
#define X86_ENC_SSE(shape_, pfx, map_, op_, w_, mem_, d)                \
  (::x86::Encoding{.family = ::x86::Family::Sse,                        \
                   .shape = static_cast<uint8_t>(::x86::Shape::shape_), \
                   .prefix = (pfx),                                     \
                   .map = (map_),                                       \
                   .op = (op_),                                         \
                   .digit = (d),                                        \
                   .w = (w_),                                           \
                   .mem = (mem_)})
#define X86_ENC_VEX(shape_, l_, pfx, map_, op_, w_, mem_, d, alt)       \
  (::x86::Encoding{.family = ::x86::Family::Vex,                        \
                   .shape = static_cast<uint8_t>(::x86::Shape::shape_), \
                   .prefix = (pfx),                                     \
                   .map = (map_),                                       \
                   .op = (op_),                                         \
                   .op2 = static_cast<uint8_t>((alt)&0xFF),             \
                   .prefix2 = static_cast<uint8_t>((alt) >> 8),         \
                   .digit = (d),                                        \
                   .w = (w_),                                           \
                   .l = (l_),                                           \
                   .mem = (mem_)})

// ---- every row to one per-overload callback F<arity>(method, mnemonic, enc, T...) --
#define X86_ROWS_ALU(F, m, n, k) X86_SIG_ALU(F, m, n, X86_ENC_ALU(k))
#define X86_ROWS_UNARY(F, m, n, op8, op_, d) X86_SIG_UNARY(F, m, n, X86_ENC_UNARY(op8, op_, d))
#define X86_ROWS_SHIFT(F, m, n, d) X86_SIG_SHIFT(F, m, n, X86_ENC_SHIFT(d))
#define X86_ROWS_BT(F, m, n, op_, d) X86_SIG_BT(F, m, n, X86_ENC_BT(op_, d))
#define X86_ROWS_BITCNT(F, m, n, op_) X86_SIG_BITCNT(F, m, n, X86_ENC_BITCNT(op_))
#define X86_ROWS_FIXED(F, m, n, len_, b) X86_SIG_FIXED(F, m, n, X86_ENC_FIXED(len_, b))
#define X86_ROWS_MEMOP(F, m, n, op_, d, w_, mem_) X86_SIG_MEMOP(F, m, n, X86_ENC_MEMOP(op_, d, w_, mem_))
#define X86_ROWS_HAND(F, m, n, arity, ...) F##arity(m, n, X86_ENC_HAND __VA_OPT__(, ) __VA_ARGS__)
#define X86_ROWS_SSE(F, m, n, shape_, pfx, map_, op_, w_, mem_, d) \
  X86_SIG_SSE_##shape_(F, m, n, X86_ENC_SSE(shape_, pfx, map_, op_, w_, mem_, d))
#define X86_ROWS_VEX(F, m, n, shape_, l_, pfx, map_, op_, w_, mem_, d, alt) \
  X86_SIG_VEX_##shape_##_##l_(F, m, n, X86_ENC_VEX(shape_, l_, pfx, map_, op_, w_, mem_, d, alt))
#define X86_ENC_EVEX(shape_, l_, pfx, map_, op_, w_, mem_, elem_, flags, d) \
  (::x86::Encoding{.family = ::x86::Family::Evex,                           \
                   .shape = static_cast<uint8_t>(::x86::Shape::shape_),     \
                   .prefix = (pfx),                                         \
                   .map = (map_),                                           \
                   .op = (op_),                                             \
                   .digit = (d),                                            \
                   .w = (w_),                                               \
                   .l = (l_),                                               \
                   .mem = (mem_),                                           \
                   .elem = (elem_),                                         \
                   .evex = ::x86::kEv_##flags})
#define X86_ROWS_EVEX(F, m, n, shape_, l_, pfx, map_, op_, w_, mem_, elem_, flags, d)                                \
  X86_SIG_EVEX_##shape_(F, m, n, X86_ENC_EVEX(shape_, l_, pfx, map_, op_, w_, mem_, elem_, flags, d), X86_EV_V_##l_, \
                        X86_EV_VK_##l_, X86_EV_R_##l_, X86_EV_H_##l_, X86_EV_HK_##l_)
