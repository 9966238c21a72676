#include "encode.hpp"

#include <cstring>

namespace x86::detail {

void fail(const char* name, const std::string& message) { throw Error(std::string(name) + ": " + message); }

void fail_register(const char* name, Field f) {
  fail(name, "register operand #" + std::to_string(f.id) +
                 " is not a register this encoding can express (ids 0-15, sizes 1/2/4/8 bytes, "
                 "high8 only for ah/ch/dh/bh; xmm16-31 need EVEX)");
}

int64_t imm_for_size(const char* name, int64_t imm, unsigned size) {
  if (size == 8) {
    if (!fits32(imm))
      fail(name, "immediate " + std::to_string(imm) +
                     " does not fit a sign-extended imm32 (use mov/movabs for 64-bit values)");
    return imm;
  }
  const int bits = static_cast<int>(size) * 8;
  const int64_t lo = -(int64_t{1} << (bits - 1));
  const int64_t hi = (int64_t{1} << bits) - 1;
  if (imm < lo || imm > hi)
    fail(name, "immediate " + std::to_string(imm) + " does not fit " + std::to_string(bits) + " bits");
  // Sign-extend the low `bits` bits, so 0xFF as a byte is -1 (and gets imm8 forms).
  const uint64_t mask = (uint64_t{1} << bits) - 1;
  const uint64_t v = static_cast<uint64_t>(imm) & mask;
  const uint64_t sign = uint64_t{1} << (bits - 1);
  return static_cast<int64_t>((v ^ sign) - sign);
}

namespace {

[[noreturn]] void fail_high8(const char* name) {
  fail(name,
       "ah/ch/dh/bh cannot be encoded in an instruction that needs a REX prefix "
       "(r8-r15, spl/bpl/sil/dil, a 64-bit operand or an extended base/index)");
}

inline uint8_t* put_imm(uint8_t* p, int bytes, int64_t imm) {
  const uint64_t v = static_cast<uint64_t>(imm);
  for (int i = 0; i < bytes; ++i) *p++ = static_cast<uint8_t>(v >> (8 * i));
  return p;
}

// Prefixes, REX (if any bit or an 8-bit register needs it) and the opcode.
inline uint8_t* put_head(uint8_t* p, const Enc& e, unsigned rex_rxb, Field reg, Field rm) {
  if (reg.bad | rm.bad) [[unlikely]]
    fail_register(e.name, reg.bad ? reg : rm);
  if (e.p66) *p++ = 0x66;
  if (e.mand) *p++ = e.mand;
  const unsigned rex = (e.w ? 8u : 0u) | rex_rxb;
  if (rex | reg.byte_rex | rm.byte_rex) {
    if (reg.high8 | rm.high8) fail_high8(e.name);
    *p++ = static_cast<uint8_t>(0x40 | rex);
  }
  p[0] = e.op[0];
  p[1] = e.op[1];
  p[2] = e.op[2];
  return p + e.len;
}

}  // namespace

unsigned encode_r(uint8_t* out, const Enc& e, Field reg, Field rm, int imm_bytes, int64_t imm) {
  uint8_t* p = put_head(out, e, (reg.id >> 3) << 2 | (rm.id >> 3), reg, rm);
  *p++ = static_cast<uint8_t>(0xC0 | (reg.id & 7) << 3 | (rm.id & 7));
  return static_cast<unsigned>(put_imm(p, imm_bytes, imm) - out);
}

unsigned encode_o(uint8_t* out, const Enc& e, Field reg, int imm_bytes, int64_t imm) {
  uint8_t* p = put_head(out, e, reg.id >> 3, Field{}, reg);
  p[-1] = static_cast<uint8_t>(p[-1] + (reg.id & 7));
  return static_cast<unsigned>(put_imm(p, imm_bytes, imm) - out);
}

namespace {

// (MemTail, in encode.hpp: ModRM, SIB, displacement and the X/B bits.)
MemTail mem_tail(const char* name, unsigned r, const Mem& m, bool vsib = false) {
  if (!fits32(m.disp)) fail(name, "displacement " + std::to_string(m.disp) + " does not fit a signed 32-bit value");
  MemTail t;
  if (m.kind == MemKind::Rip || m.kind == MemKind::LabelRel) {
    t.bytes[t.n++] = static_cast<uint8_t>(0x05 | r << 3);
    t.disp_bytes = 4;
    return t;
  }
  if (m.kind == MemKind::Absolute) {
    t.bytes[t.n++] = static_cast<uint8_t>(0x04 | r << 3);
    t.bytes[t.n++] = 0x25;  // SIB: no index, no base -> disp32
    t.disp_bytes = 4;
    return t;
  }
  if (m.kind != MemKind::Based)
    fail(name, "memory operand kind " + std::to_string(static_cast<unsigned>(m.kind)) + " is not an x86::MemKind");
  if (m.has_base && (m.base.size != 8 || !valid(m.base))) fail(name, "a base register must be 64-bit");
  if (vsib) {  // gathers: a vector index, any of 0..15 (xmm4 is an index, not "no index")
    if (!m.has_index || !m.vindex) fail(name, "the memory operand needs a vector index ([base + xmm/ymm*scale])");
    if (m.index.id > 15) fail(name, "a vector index above 15 needs EVEX");
  } else if (m.vindex) {
    fail(name, "a vector index (VSIB) is only for gathers");
  } else if (m.has_index) {
    if (m.index.size != 8 || !valid(m.index)) fail(name, "an index register must be 64-bit");
    if (m.index.id == 4) fail(name, "rsp cannot be an index register");
  }
  if (!m.has_base && !m.has_index) fail(name, "a memory operand needs a base or an index");
  unsigned ss;
  switch (m.scale) {
    case 1: ss = 0; break;
    case 2: ss = 1; break;
    case 4: ss = 2; break;
    case 8: ss = 3; break;
    default: fail(name, "scale must be 1, 2, 4 or 8, not " + std::to_string(m.scale));
  }
  if (m.has_index) t.xb |= (m.index.id >> 3) << 1;
  if (!m.has_base) {  // [index*scale + disp32]
    t.bytes[t.n++] = static_cast<uint8_t>(0x04 | r << 3);
    t.bytes[t.n++] = static_cast<uint8_t>(ss << 6 | (m.index.id & 7) << 3 | 5);
    t.disp_bytes = 4;
    return t;
  }
  const unsigned b = m.base.id & 7;
  t.xb |= m.base.id >> 3;
  // rbp/r13 as a base have no disp-less form; they take a zero disp8.
  const unsigned mod = (m.disp == 0 && b != 5) ? 0 : fits8(m.disp) ? 1 : 2;
  t.disp_bytes = mod == 0 ? 0 : mod == 1 ? 1 : 4;
  if (m.has_index || b == 4) {  // rsp/r12 as a base always need a SIB byte
    t.bytes[t.n++] = static_cast<uint8_t>(mod << 6 | r << 3 | 4);
    const unsigned x = m.has_index ? (m.index.id & 7) : 4;
    t.bytes[t.n++] = static_cast<uint8_t>(ss << 6 | x << 3 | b);
  } else {
    t.bytes[t.n++] = static_cast<uint8_t>(mod << 6 | r << 3 | b);
  }
  return t;
}

// ModRM/SIB/disp, then the immediate; returns the total length.
unsigned put_tail(uint8_t* out, uint8_t* p, const MemTail& t, const Mem& m, int imm_bytes, int64_t imm,
                  unsigned* disp_at) {
  std::memcpy(p, t.bytes, t.n);
  p += t.n;
  *disp_at = static_cast<unsigned>(p - out);
  p = put_imm(p, static_cast<int>(t.disp_bytes), m.disp);
  return static_cast<unsigned>(put_imm(p, imm_bytes, imm) - out);
}

// C5 (2-byte) when the map is 0F, W0 and no X/B bit is set; else C4 (3-byte).
uint8_t* put_vex(uint8_t* p, const Vex& v, Field reg, Field vvvv, unsigned xb) {
  if (reg.bad | vvvv.bad) [[unlikely]]
    fail_register(v.name, reg.bad ? reg : vvvv);
  const unsigned r = (reg.id >> 3) & 1, tail = (~vvvv.id & 15u) << 3 | v.l << 2 | v.pp;
  if (v.map == 1 && !v.w && !xb) {
    p[0] = 0xC5;
    p[1] = static_cast<uint8_t>((r ^ 1) << 7 | tail);
    p[2] = v.op;
    return p + 3;
  }
  p[0] = 0xC4;
  p[1] = static_cast<uint8_t>(((r << 2 | xb) ^ 7u) << 5 | v.map);
  p[2] = static_cast<uint8_t>(v.w << 7 | tail);
  p[3] = v.op;
  return p + 4;
}

}  // namespace

unsigned encode_m(uint8_t* out, const Enc& e, Field reg, const Mem& m, int imm_bytes, int64_t imm, unsigned* disp_at) {
  const MemTail t = mem_tail(e.name, reg.id & 7, m);
  uint8_t* p = put_head(out, e, (reg.id >> 3) << 2 | t.xb, reg, Field{});
  return put_tail(out, p, t, m, imm_bytes, imm, disp_at);
}

unsigned encode_vex_r(uint8_t* out, const Vex& v, Field reg, Field vvvv, Field rm, int imm_bytes, int64_t imm) {
  if (rm.bad) [[unlikely]]
    fail_register(v.name, rm);
  uint8_t* p = put_vex(out, v, reg, vvvv, rm.id >> 3);
  *p++ = static_cast<uint8_t>(0xC0 | (reg.id & 7) << 3 | (rm.id & 7));
  return static_cast<unsigned>(put_imm(p, imm_bytes, imm) - out);
}

unsigned encode_vex_m(uint8_t* out, const Vex& v, Field reg, Field vvvv, const Mem& m, int imm_bytes, int64_t imm,
                      unsigned* disp_at) {
  const MemTail t = mem_tail(v.name, reg.id & 7, m, v.vsib);
  return put_tail(out, put_vex(out, v, reg, vvvv, t.xb), t, m, imm_bytes, imm, disp_at);
}

// For the EVEX encoder (src/evex.cpp); the internal ones above stay inlinable.
MemTail encode_mem_tail(const char* name, unsigned r, const Mem& m, bool vsib) { return mem_tail(name, r, m, vsib); }
unsigned encode_tail(uint8_t* out, uint8_t* p, const MemTail& t, const Mem& m, int imm_bytes, int64_t imm,
                     unsigned* disp_at) {
  return put_tail(out, p, t, m, imm_bytes, imm, disp_at);
}

}  // namespace x86::detail
