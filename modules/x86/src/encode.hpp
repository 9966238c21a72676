// The core encoder: prefixes, REX, opcode, ModRM, SIB, displacement and
// immediate of one instruction, written to a caller-provided 16-byte slot.
// Nothing here knows instruction names beyond what an Enc carries.
#pragma once

#include <cstdint>
#include <string>

#include "x86/error.hpp"
#include "x86/operands.hpp"

namespace x86::detail {

// Prefixes and opcode of one instruction form, with its mnemonic for errors.
struct Enc {
  const char* name;
  uint8_t p66 = 0;   // 0x66 operand-size prefix (or mandatory 66 of SSE)
  uint8_t mand = 0;  // F2/F3 mandatory prefix
  uint8_t w = 0;     // REX.W
  uint8_t len = 1;   // opcode bytes
  uint8_t op[3] = {0, 0, 0};
};

// A register as the ModRM sees it: number, and the REX constraints of 8-bit regs.
struct Field {
  uint8_t id = 0;
  uint8_t byte_rex = 0;  // spl/bpl/sil/dil: needs a REX prefix
  uint8_t high8 = 0;     // ah/ch/dh/bh: forbids a REX prefix
  uint8_t bad = 0;       // not a register (id, size or high8 out of range): the encoders refuse it
};

// Whether a Gp is a register at all: id 0..15, size 1/2/4/8, high8 only for ah..bh.
constexpr bool valid(Gp g) {
  const bool sized = g.size == 1 || g.size == 2 || g.size == 4 || g.size == 8;
  return g.id < 16 && sized && (!g.high8 || (g.size == 1 && g.id >= 4 && g.id < 8));
}
constexpr Field field(Gp g) {
  return Field{g.id, static_cast<uint8_t>(g.size == 1 && g.id >= 4 && g.id < 8 && !g.high8),
               static_cast<uint8_t>(g.high8), static_cast<uint8_t>(!valid(g))};
}
// Legacy and VEX encodings reach xmm0..15 only (xmm16..31 need EVEX).
constexpr Field field(Xmm x) { return Field{x.id, 0, 0, static_cast<uint8_t>(x.id > 15)}; }
constexpr Field field(Ymm x) { return Field{x.id, 0, 0, static_cast<uint8_t>(x.id > 15)}; }
constexpr Field field(KReg k) { return Field{k.id, 0, 0, static_cast<uint8_t>(k.id > 7)}; }
constexpr Field digit(unsigned d) { return Field{static_cast<uint8_t>(d), 0, 0, 0}; }
[[noreturn, gnu::cold]] void fail_register(const char* name, Field f);

[[noreturn]] void fail(const char* name, const std::string& message);

constexpr bool fits8(int64_t v) { return v >= -128 && v <= 127; }
constexpr bool fits32(int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; }

// The immediate for an operand of `size` bytes: values of that width, signed or
// unsigned (64-bit: a sign-extended imm32), returned sign-extended. Throws if
// it does not fit.
int64_t imm_for_size(const char* name, int64_t imm, unsigned size);

// Encoders: return the instruction length. encode_m also reports where its
// disp32 starts, for RIP-relative label references.
unsigned encode_r(uint8_t* out, const Enc& e, Field reg, Field rm, int imm_bytes, int64_t imm);
unsigned encode_m(uint8_t* out, const Enc& e, Field reg, const Mem& m, int imm_bytes, int64_t imm, unsigned* disp_at);
unsigned encode_o(uint8_t* out, const Enc& e, Field reg, int imm_bytes, int64_t imm);

// ModRM (with reg's low bits), SIB and displacement of a memory operand, and
// the REX.X/REX.B bits (bit 1, bit 0) its base and index need (also used by
// the EVEX encoder, src/evex.cpp, which scales disp8 itself).
struct MemTail {
  uint8_t bytes[6];  // ModRM, SIB, then disp bytes are written after the head
  unsigned n = 0, disp_bytes = 0, xb = 0;
};
// vsib: the index is a vector register (0-15 here; EVEX puts bit 4 in V').
MemTail encode_mem_tail(const char* name, unsigned r, const Mem& m, bool vsib = false);
// Writes t's ModRM/SIB, m.disp in t.disp_bytes and the immediate at p;
// returns the instruction's length from out (disp_at: where the disp starts).
unsigned encode_tail(uint8_t* out, uint8_t* p, const MemTail& t, const Mem& m, int imm_bytes, int64_t imm,
                     unsigned* disp_at);

// A VEX-encoded form: pp (0: none, 1: 66, 2: F3, 3: F2), map (1: 0F, 2: 0F38,
// 3: 0F3A), W, L and the opcode. The 2-byte C5 prefix is used whenever it can
// express the instruction (map 0F, W0, no REX.X/B bits), as llvm-mc and GNU as do.
struct Vex {
  const char* name;
  uint8_t pp = 0, map = 1, w = 0, l = 0, op = 0;
  uint8_t vsib = 0;  // the memory operand has a vector index (gathers)
};
// reg: ModRM.reg (register or /digit), vvvv: the extra source register (0 if none).
unsigned encode_vex_r(uint8_t* out, const Vex& v, Field reg, Field vvvv, Field rm, int imm_bytes, int64_t imm);
unsigned encode_vex_m(uint8_t* out, const Vex& v, Field reg, Field vvvv, const Mem& m, int imm_bytes, int64_t imm,
                      unsigned* disp_at);

// Enc for an integer operation of `size` bytes: 66 for 16-bit, REX.W for 64-bit,
// and the byte-sized opcode (`op8`) for 8-bit operands.
inline Enc sized_enc(const char* name, unsigned size, uint8_t op8, uint8_t op) {
  Enc e{name};
  e.p66 = size == 2 ? 0x66 : 0;
  e.w = size == 8;
  e.op[0] = size == 1 ? op8 : op;
  return e;
}

}  // namespace x86::detail
