// SSE/SSE2 scalar moves, arithmetic, compares and conversions. Each row is
// mandatory prefix + 0F + opcode with the xmm (or gp) destination in ModRM.reg.
#include "emit.hpp"

namespace x86 {

using namespace detail;

namespace {

struct SseOp {
  const char* name;
  uint8_t prefix;  // 0, 0x66, 0xF2, 0xF3
  uint8_t op;      // second opcode byte after 0F
  uint8_t mem;     // size in bytes of a memory operand
};

Enc enc(const SseOp& s, bool w = false) {
  Enc e{s.name};
  if (s.prefix == 0x66)
    e.p66 = 0x66;
  else
    e.mand = s.prefix;
  e.w = w;
  e.len = 2;
  e.op[0] = 0x0F;
  e.op[1] = s.op;
  return e;
}
void xx(Assembler& a, const SseOp& s, Xmm reg, Xmm rm) { Emit::rr(a, enc(s), field(reg), field(rm)); }
void xm(Assembler& a, const SseOp& s, Xmm reg, const Mem& m) {
  mem_size(s.name, m, s.mem);
  Emit::rm(a, enc(s), field(reg), m);
}

// Loads (xmm <- xmm/mem) and stores (mem <- xmm) of the moves.
constexpr SseOp kMovsdLd{"movsd", 0xF2, 0x10, 8}, kMovsdSt{"movsd", 0xF2, 0x11, 8},
    kMovssLd{"movss", 0xF3, 0x10, 4}, kMovssSt{"movss", 0xF3, 0x11, 4},
    kMovqLd{"movq", 0xF3, 0x7E, 8}, kMovqSt{"movq", 0x66, 0xD6, 8},
    kMovapdLd{"movapd", 0x66, 0x28, 16}, kMovapdSt{"movapd", 0x66, 0x29, 16},
    kMovapsLd{"movaps", 0, 0x28, 16}, kMovapsSt{"movaps", 0, 0x29, 16},
    kMovdLd{"movd", 0x66, 0x6E, 4}, kMovdSt{"movd", 0x66, 0x7E, 4},
    kMovqGpLd{"movq", 0x66, 0x6E, 8}, kMovqGpSt{"movq", 0x66, 0x7E, 8};

constexpr SseOp kAddsd{"addsd", 0xF2, 0x58, 8}, kMulsd{"mulsd", 0xF2, 0x59, 8},
    kSubsd{"subsd", 0xF2, 0x5C, 8}, kMinsd{"minsd", 0xF2, 0x5D, 8},
    kDivsd{"divsd", 0xF2, 0x5E, 8}, kMaxsd{"maxsd", 0xF2, 0x5F, 8},
    kSqrtsd{"sqrtsd", 0xF2, 0x51, 8}, kAddss{"addss", 0xF3, 0x58, 4},
    kMulss{"mulss", 0xF3, 0x59, 4}, kSubss{"subss", 0xF3, 0x5C, 4},
    kMinss{"minss", 0xF3, 0x5D, 4}, kDivss{"divss", 0xF3, 0x5E, 4},
    kMaxss{"maxss", 0xF3, 0x5F, 4}, kSqrtss{"sqrtss", 0xF3, 0x51, 4},
    kUcomisd{"ucomisd", 0x66, 0x2E, 8}, kComisd{"comisd", 0x66, 0x2F, 8},
    kUcomiss{"ucomiss", 0, 0x2E, 4}, kComiss{"comiss", 0, 0x2F, 4},
    kAndpd{"andpd", 0x66, 0x54, 16}, kAndnpd{"andnpd", 0x66, 0x55, 16},
    kOrpd{"orpd", 0x66, 0x56, 16}, kXorpd{"xorpd", 0x66, 0x57, 16},
    kCvtsd2ss{"cvtsd2ss", 0xF2, 0x5A, 8}, kCvtss2sd{"cvtss2sd", 0xF3, 0x5A, 4};

// Integer <-> float conversions: REX.W selects a 64-bit integer side.
constexpr SseOp kCvtsi2sd{"cvtsi2sd", 0xF2, 0x2A, 0}, kCvtsi2ss{"cvtsi2ss", 0xF3, 0x2A, 0},
    kCvttsd2si{"cvttsd2si", 0xF2, 0x2C, 8}, kCvtsd2si{"cvtsd2si", 0xF2, 0x2D, 8},
    kCvttss2si{"cvttss2si", 0xF3, 0x2C, 4};

void int_to_float(Assembler& a, const SseOp& s, Xmm dst, Gp src) {
  check_size(s.name, src.size, 4 | 8);
  Emit::rr(a, enc(s, src.size == 8), field(dst), field(src));
}
void int_to_float(Assembler& a, const SseOp& s, Xmm dst, const Mem& src) {
  const unsigned size = mem_size_required(s.name, src);
  check_size(s.name, size, 4 | 8);
  Emit::rm(a, enc(s, size == 8), field(dst), src);
}
void float_to_int(Assembler& a, const SseOp& s, Gp dst, Xmm src) {
  check_size(s.name, dst.size, 4 | 8);
  Emit::rr(a, enc(s, dst.size == 8), field(dst), field(src));
}
void float_to_int(Assembler& a, const SseOp& s, Gp dst, const Mem& src) {
  check_size(s.name, dst.size, 4 | 8);
  mem_size(s.name, src, s.mem);
  Emit::rm(a, enc(s, dst.size == 8), field(dst), src);
}

}  // namespace

#define X86_SSE_MOVE_DEF(fn, ld, st)                                                   \
  void Assembler::fn(Xmm dst, Xmm src) { xx(*this, ld, dst, src); }                    \
  void Assembler::fn(Xmm dst, const Mem& src) { xm(*this, ld, dst, src); }             \
  void Assembler::fn(const Mem& dst, Xmm src) { xm(*this, st, src, dst); }
X86_SSE_MOVE_DEF(movsd, kMovsdLd, kMovsdSt)
X86_SSE_MOVE_DEF(movss, kMovssLd, kMovssSt)
X86_SSE_MOVE_DEF(movq, kMovqLd, kMovqSt)
X86_SSE_MOVE_DEF(movapd, kMovapdLd, kMovapdSt)
X86_SSE_MOVE_DEF(movaps, kMovapsLd, kMovapsSt)
#undef X86_SSE_MOVE_DEF

void Assembler::movq(Xmm dst, Gp src) {
  check_size("movq", src.size, 8);
  Emit::rr(*this, enc(kMovqGpLd, true), field(dst), field(src));
}
void Assembler::movq(Gp dst, Xmm src) {
  check_size("movq", dst.size, 8);
  Emit::rr(*this, enc(kMovqGpSt, true), field(src), field(dst));
}
void Assembler::movd(Xmm dst, Gp src) {
  check_size("movd", src.size, 4);
  Emit::rr(*this, enc(kMovdLd), field(dst), field(src));
}
void Assembler::movd(Gp dst, Xmm src) {
  check_size("movd", dst.size, 4);
  Emit::rr(*this, enc(kMovdSt), field(src), field(dst));
}
void Assembler::movd(Xmm dst, const Mem& src) { xm(*this, kMovdLd, dst, src); }
void Assembler::movd(const Mem& dst, Xmm src) { xm(*this, kMovdSt, src, dst); }

#define X86_SSE_ARITH_DEF(fn, op)                                               \
  void Assembler::fn(Xmm dst, Xmm src) { xx(*this, op, dst, src); }             \
  void Assembler::fn(Xmm dst, const Mem& src) { xm(*this, op, dst, src); }
X86_SSE_ARITH_DEF(addsd, kAddsd)
X86_SSE_ARITH_DEF(subsd, kSubsd)
X86_SSE_ARITH_DEF(mulsd, kMulsd)
X86_SSE_ARITH_DEF(divsd, kDivsd)
X86_SSE_ARITH_DEF(minsd, kMinsd)
X86_SSE_ARITH_DEF(maxsd, kMaxsd)
X86_SSE_ARITH_DEF(sqrtsd, kSqrtsd)
X86_SSE_ARITH_DEF(addss, kAddss)
X86_SSE_ARITH_DEF(subss, kSubss)
X86_SSE_ARITH_DEF(mulss, kMulss)
X86_SSE_ARITH_DEF(divss, kDivss)
X86_SSE_ARITH_DEF(minss, kMinss)
X86_SSE_ARITH_DEF(maxss, kMaxss)
X86_SSE_ARITH_DEF(sqrtss, kSqrtss)
X86_SSE_ARITH_DEF(ucomisd, kUcomisd)
X86_SSE_ARITH_DEF(comisd, kComisd)
X86_SSE_ARITH_DEF(ucomiss, kUcomiss)
X86_SSE_ARITH_DEF(comiss, kComiss)
X86_SSE_ARITH_DEF(andpd, kAndpd)
X86_SSE_ARITH_DEF(andnpd, kAndnpd)
X86_SSE_ARITH_DEF(orpd, kOrpd)
X86_SSE_ARITH_DEF(xorpd, kXorpd)
X86_SSE_ARITH_DEF(cvtsd2ss, kCvtsd2ss)
X86_SSE_ARITH_DEF(cvtss2sd, kCvtss2sd)
#undef X86_SSE_ARITH_DEF

void Assembler::cvtsi2sd(Xmm dst, Gp src) { int_to_float(*this, kCvtsi2sd, dst, src); }
void Assembler::cvtsi2sd(Xmm dst, const Mem& src) { int_to_float(*this, kCvtsi2sd, dst, src); }
void Assembler::cvtsi2ss(Xmm dst, Gp src) { int_to_float(*this, kCvtsi2ss, dst, src); }
void Assembler::cvtsi2ss(Xmm dst, const Mem& src) { int_to_float(*this, kCvtsi2ss, dst, src); }
void Assembler::cvttsd2si(Gp dst, Xmm src) { float_to_int(*this, kCvttsd2si, dst, src); }
void Assembler::cvttsd2si(Gp dst, const Mem& src) { float_to_int(*this, kCvttsd2si, dst, src); }
void Assembler::cvtsd2si(Gp dst, Xmm src) { float_to_int(*this, kCvtsd2si, dst, src); }
void Assembler::cvtsd2si(Gp dst, const Mem& src) { float_to_int(*this, kCvtsd2si, dst, src); }
void Assembler::cvttss2si(Gp dst, Xmm src) { float_to_int(*this, kCvttss2si, dst, src); }
void Assembler::cvttss2si(Gp dst, const Mem& src) { float_to_int(*this, kCvttss2si, dst, src); }

}  // namespace x86
