// Indirect jumps and calls, returns, traps and nops (label jumps: labels.cpp).
#include <cstring>

#include "emit.hpp"

namespace x86 {

using namespace detail;

namespace {
// FF /4 jmp, FF /2 call: the target is always 64-bit.
void indirect(Assembler& a, const char* name, unsigned d, Gp target) {
  check_size(name, target.size, 8);
  Emit::rr(a, Enc{name, 0, 0, 0, 1, {0xFF}}, digit(d), field(target));
}
void indirect(Assembler& a, const char* name, unsigned d, const Mem& target) {
  mem_size(name, target, 8);
  Emit::rm(a, Enc{name, 0, 0, 0, 1, {0xFF}}, digit(d), target);
}

// Intel's recommended multi-byte nops (SDM vol. 2, NOP), indexed by length - 1.
constexpr uint8_t kNops[9][9] = {
    {0x90},
    {0x66, 0x90},
    {0x0F, 0x1F, 0x00},
    {0x0F, 0x1F, 0x40, 0x00},
    {0x0F, 0x1F, 0x44, 0x00, 0x00},
    {0x66, 0x0F, 0x1F, 0x44, 0x00, 0x00},
    {0x0F, 0x1F, 0x80, 0x00, 0x00, 0x00, 0x00},
    {0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
    {0x66, 0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
};
}  // namespace

void Assembler::jmp(Gp target) { indirect(*this, "jmp", 4, target); }
void Assembler::jmp(const Mem& target) { indirect(*this, "jmp", 4, target); }
void Assembler::call(Gp target) { indirect(*this, "call", 2, target); }
void Assembler::call(const Mem& target) { indirect(*this, "call", 2, target); }

void Assembler::ret(Imm pop_bytes) {
  if (pop_bytes.value < 0 || pop_bytes.value > 0xFFFF)
    fail("ret", "immediate " + std::to_string(pop_bytes.value) + " does not fit 0..65535");
  Emit::ro(*this, Enc{"ret", 0, 0, 0, 1, {0xC2}}, Field{}, 2, pop_bytes.value);
}
// Fixed-byte rows of the list (len <= 4 bytes; put_bytes writes 8 and counts len).
#define X86_FIXED(m, n, len, bytes) \
  void Assembler::m() { put_bytes(bytes, len); }
#include "x86/insns.def"
void Assembler::nop(size_t bytes) {
  if (bytes < 1 || bytes > 9) fail("nop", "length must be 1..9 bytes, not " + std::to_string(bytes));
  embed(std::span<const uint8_t>(kNops[bytes - 1], bytes));
}

}  // namespace x86
