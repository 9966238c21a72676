// x86::Assembler: emits x86-64 machine code into its own growing buffer.
//
//   x86::Assembler a;
//   x86::Label loop = a.new_label("loop");
//   a.xor_(eax, eax);
//   a.bind(loop);
//   a.add(rax, qword_ptr(rdi, rcx, 8));
//   a.dec(rcx);
//   a.jcc(x86::Cond::NZ, loop);
//   a.ret();
//   std::span<const uint8_t> code = a.finalize();
//
// Every instruction is checked completely and encoded at the end of the buffer
// before the size moves, so an x86::Error never leaves part of an instruction.
// Jumps to labels get their shortest form when finalize() settles the layout.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "x86/error.hpp"
#include "x86/forms.hpp"
#include "x86/operands.hpp"

namespace x86 {

// The register-register instructions that share one shape, `op r/m, reg`
// (REX.W op ModRM for 64-bit registers): the eight ALU operations in their
// group-1 order, then mov and test. Assembler::alu takes one as a value, for
// code generators that choose the operation at run time.
enum class AluOp : uint8_t { Add, Or, Adc, Sbb, And, Sub, Xor, Cmp, Mov, Test };

namespace detail {
struct Enc;    // prefixes and opcode of one instruction form
struct Field;  // a register (or /digit) as the ModRM sees it
struct Emit;   // the instruction families' access to rr/rm/ro
struct Vex;    // a VEX-encoded form
}  // namespace detail

class Assembler {
 public:
  explicit Assembler(size_t reserve_bytes = 4096);
  ~Assembler();
  Assembler(Assembler&& other) noexcept;
  Assembler& operator=(Assembler&& other) noexcept;
  Assembler(const Assembler&) = delete;
  Assembler& operator=(const Assembler&) = delete;

  // ---- buffer ---------------------------------------------------------------
  // Bytes emitted so far. Before finalize() a label jump counts as 0 bytes here.
  size_t size() const { return size_; }
  void reserve(size_t bytes);
  // Drops all code, labels and references (keeps the allocation).
  void clear();
  // Lays out label jumps (shortest forms, iterated to a fixed point), patches
  // every label reference and returns the final code. Throws x86::Error naming
  // an unbound label. Emission may continue afterwards.
  std::span<const uint8_t> finalize();
  // The bytes as they stand (final once finalize() ran and nothing was added).
  std::span<const uint8_t> code() const { return {buf_, size_}; }
  bool has_pending_labels() const { return !refs_.empty() || jumps_ != 0; }

  // ---- raw bytes ------------------------------------------------------------
  void db(uint8_t byte);
  void embed(std::span<const uint8_t> bytes);
  // REX.W (from the sizes) + opcode + ModRM(11, reg, rm): the asm module's asmmo.
  void modrm(uint8_t opcode, Gp rm, Gp reg);

  // ---- labels ---------------------------------------------------------------
  Label new_label(std::string_view name = {});
  void bind(Label label);
  bool is_bound(Label label) const;
  std::string_view label_name(Label label) const;
  // Offset of a bound label in the finalised code (call after finalize()).
  size_t label_offset(Label label) const;

  // ---- data movement ----------------------------------------------------------
  void mov(Gp dst, Gp src);
  void mov(Gp dst, const Mem& src);
  void mov(const Mem& dst, Gp src);
  // Shortest form: mov r32,imm32 (zero-extends) for 0..2^32-1, REX.W C7 /0 for
  // other int32 values, movabs otherwise (8/16/32-bit registers: imm of that size).
  void mov(Gp dst, Imm imm);
  void mov(const Mem& dst, Imm imm);
  // REX.W C7 /0 id: mov r64, imm32 sign-extended, always (the asm module's asmmv).
  void mov_imm32_sx(Gp dst, Imm imm);
  // REX.W B8+r io: always the 10-byte form.
  void movabs(Gp dst, Imm imm);
  void movzx(Gp dst, Gp src);
  void movzx(Gp dst, const Mem& src);  // src sized byte or word
  void movsx(Gp dst, Gp src);
  void movsx(Gp dst, const Mem& src);
  void movsxd(Gp dst, Gp src);
  void movsxd(Gp dst, const Mem& src);
  void lea(Gp dst, const Mem& src);
  void lea(Gp dst, Label label);  // lea dst, [rip + label]
  void xchg(Gp a, Gp b);
  void xchg(const Mem& a, Gp b);
  void push(Gp reg);
  void push(const Mem& src);
  void push(Imm imm);
  void pop(Gp reg);
  void pop(const Mem& dst);
  // Atomics and odds (lock() is the prefix of the next instruction): r/m, r
  // of 8..64 bits; movnti stores 32/64 bits; bswap 32/64; crc32 r32/r64, r/m8..64.
  void xadd(Gp dst, Gp src);
  void xadd(const Mem& dst, Gp src);
  void cmpxchg(Gp dst, Gp src);
  void cmpxchg(const Mem& dst, Gp src);
  void movnti(const Mem& dst, Gp src);
  void bswap(Gp reg);
  void crc32(Gp dst, Gp src);
  void crc32(Gp dst, const Mem& src);
  void cmovcc(Cond cond, Gp dst, Gp src);
  void cmovcc(Cond cond, Gp dst, const Mem& src);
  void setcc(Cond cond, Gp dst);
  void setcc(Cond cond, const Mem& dst);

  // ---- integer arithmetic and logic ------------------------------------------
  void test(Gp a, Gp b);
  // The same as add/or/adc/sbb/and_/sub/xor_/cmp/mov/test(dst, src), chosen by
  // `op` (one table lookup, no branch on the operation).
  void alu(AluOp op, Gp dst, Gp src);
  void test(const Mem& a, Gp b);
  void test(Gp a, Imm imm);
  void test(const Mem& a, Imm imm);

  void imul(Gp dst, Gp src);
  void imul(Gp dst, const Mem& src);
  void imul(Gp dst, Gp src, Imm imm);
  void imul(Gp dst, const Mem& src, Imm imm);

  // ---- control flow -----------------------------------------------------------
  void jmp(Label target);  // rel8 or rel32, settled by finalize()
  void jcc(Cond cond, Label target);
  void call(Label target);  // rel32
  void jmp(Gp target);
  void jmp(const Mem& target);
  void call(Gp target);
  void call(const Mem& target);
  void ret();
  void ret(Imm pop_bytes);  // C2 iw
  void nop();
  // The recommended multi-byte nop of `bytes` (1..9) bytes.
  void nop(size_t bytes);

  // ---- the instruction list ----------------------------------------------------
  // Every row of x86/insns.def that is not written by hand above: the ALU
  // operations (add or_ adc sbb and_ sub xor_ cmp: r,r r,m m,r r,imm m,imm),
  // one-operand groups, shifts (by imm, 1 uses D1, or by cl), bit tests and
  // counts, fixed-byte instructions, SSE and AVX forms (docs/encoder.md lists
  // them). Integer -> float conversions take the integer size (32/64) from the
  // register or memory size; float -> integer from the destination's.
#define X86_ALU(...) X86_ROWS_ALU(X86_DECL, __VA_ARGS__)
#define X86_UNARY(...) X86_ROWS_UNARY(X86_DECL, __VA_ARGS__)
#define X86_SHIFT(...) X86_ROWS_SHIFT(X86_DECL, __VA_ARGS__)
#define X86_BT(...) X86_ROWS_BT(X86_DECL, __VA_ARGS__)
#define X86_BITCNT(...) X86_ROWS_BITCNT(X86_DECL, __VA_ARGS__)
#define X86_FIXED(...) X86_ROWS_FIXED(X86_DECL, __VA_ARGS__)
#define X86_MEMOP(...) X86_ROWS_MEMOP(X86_DECL, __VA_ARGS__)
#define X86_SSE(...) X86_ROWS_SSE(X86_DECL, __VA_ARGS__)
#define X86_VEX(...) X86_ROWS_VEX(X86_DECL, __VA_ARGS__)
#define X86_EVEX(...) X86_ROWS_EVEX(X86_DECL, __VA_ARGS__)
#include "x86/insns.def"

 private:
  friend struct detail::Emit;
  // Where a label reference is and what it needs at finalisation.
  struct Ref {  // a rel32 label use (call, [rip + label]): its size is fixed
    size_t at;  // offset of the disp32
    uint32_t label;
    uint32_t jumps;     // relaxable jumps emitted before this reference
    int32_t addend;     // extra displacement
    uint8_t end_delta;  // instruction end - at
  };
  struct Jump {  // 16 bytes: a relaxable jmp/jcc; its index = jumps emitted before it
    size_t at;   // raw offset the jump goes before
    uint32_t label;
    uint8_t is_jcc;
    uint8_t cond;
  };
  struct LabelState {
    size_t raw = SIZE_MAX;  // raw offset once bound
    uint32_t jumps = 0;     // relaxable jumps emitted before the bind
  };

  uint8_t* buf_ = nullptr;
  size_t size_ = 0;
  size_t cap_ = 0;
  std::vector<LabelState> labels_;
  std::unordered_map<uint32_t, std::string> label_names_;  // only named labels
  std::vector<Ref> refs_;
  // Relaxable jumps in emission order: the first jumps_ entries. The vector's
  // size is the room (grown out of line), so recording one is a compare and a
  // 16-byte store.
  std::vector<Jump> jump_list_;
  uint32_t jumps_ = 0;
  // finalize() scratch, kept so repeated use does not allocate (or fault in pages).
  uint8_t* spare_ = nullptr;
  size_t spare_cap_ = 0;
  std::vector<uint8_t> jump_sizes_;
  std::vector<size_t> jump_extra_;

  // Room for one more instruction at buf_ + size_ (x86 instructions are <= 15 bytes).
  [[gnu::always_inline]] uint8_t* room() {
    if (cap_ - size_ < 16) [[unlikely]]
      grow(16);
    return buf_ + size_;
  }
  void grow(size_t extra);
  void check_label(uint32_t label, const char* what) const;
  std::string describe_label(uint32_t label) const;
  [[noreturn, gnu::cold]] void unbound_label(uint32_t label, size_t at) const;

  // One instruction with a register or memory r/m operand (src/assembler.cpp).
  void rr(const detail::Enc& e, detail::Field reg, detail::Field rm, int imm_bytes = 0, int64_t imm = 0);
  void rm(const detail::Enc& e, detail::Field reg, const Mem& m, int imm_bytes = 0, int64_t imm = 0);
  // VEX forms: a register or memory r/m operand, with the vvvv register.
  void vr(const detail::Vex& v, detail::Field reg, detail::Field vvvv, detail::Field rm, int imm_bytes = 0,
          int64_t imm = 0);
  void vm(const detail::Vex& v, detail::Field reg, detail::Field vvvv, const Mem& m, int imm_bytes = 0,
          int64_t imm = 0);
  // Records the label reference of a [rip + label] operand just encoded.
  void mem_ref(const Mem& m, unsigned len, unsigned disp_at);
  // One instruction with the register in the low opcode bits (push, mov r,imm, xchg).
  void ro(const detail::Enc& e, detail::Field reg, int imm_bytes = 0, int64_t imm = 0);
  // One test for the errors and a full list, which all go out of line with
  // nothing left to do here (no values kept across a call).
  [[gnu::always_inline]] void label_jump(bool is_jcc, uint8_t cond, Label target) {
    if ((target.id >= labels_.size()) | (cond > 15) | (jumps_ == jump_list_.size())) [[unlikely]]
      return label_jump_slow(is_jcc, cond, target);
    jump_list_[jumps_++] = Jump{size_, target.id, is_jcc, cond};
  }
  void bind_slow(Label label);
  // label_jump's errors, or growing the list and then recording the jump.
  [[gnu::cold, gnu::noinline]] void label_jump_slow(bool is_jcc, uint8_t cond, Label target);

  // Hot paths (x86/hot_paths.hpp) write the common 64-bit forms inline and
  // hand every other operand combination to these general encoders.
  // The full buffer is handled entirely out of line, so the inline path keeps
  // nothing live across a call (no callee-saved registers in dispatch loops).
  [[gnu::always_inline]] void put_bytes(uint64_t little_endian, unsigned count) {
    if (cap_ - size_ < 16) [[unlikely]]
      return put_bytes_grow(little_endian, count);
    std::memcpy(buf_ + size_, &little_endian, 8);
    size_ += count;
  }
  [[gnu::cold]] void put_bytes_grow(uint64_t little_endian, unsigned count);
  [[gnu::always_inline]] void rr64(unsigned opcode, unsigned reg, unsigned rm) {
    put_bytes(0x48u | (reg >> 3) << 2 | rm >> 3 | opcode << 8 | (0xC0u | (reg & 7) << 3 | (rm & 7)) << 16, 3);
  }
  [[gnu::always_inline]] void plus_r(unsigned opcode, unsigned id) {  // opcode+r, with REX.B (41) for r8..r15
    const unsigned hi = id >> 3;
    put_bytes((0x41u | (opcode + (id & 7)) << 8) >> (8 * (1 - hi)), 1 + hi);
  }
  // REX.W opcode ModRM/SIB/disp for a 64-bit register and a [base + index*scale
  // + disp] operand; false (nothing written) when the general path must decide.
  bool rm64(unsigned opcode, unsigned reg, const Mem& m);
  void alu_ri(unsigned k, Gp dst, Imm imm);
  void alu_ri_any(unsigned k, Gp dst, Imm imm);
  void alu_rm_any(unsigned k, Gp dst, const Mem& src);
  void alu_mr_any(unsigned k, const Mem& dst, Gp src);
  void mov_rm_any(Gp dst, const Mem& src);
  void mov_mr_any(const Mem& dst, Gp src);
  void lea_any(Gp dst, const Mem& src);
  void alu_any(AluOp op, Gp dst, Gp src);
  void mov_imm_any(Gp dst, Imm imm);
  void mov_imm32_sx_any(Gp dst, Imm imm);
  void push_any(Gp reg);
  void pop_any(Gp reg);

  // VEX rows: the methods are inline (x86/hot_paths.hpp); vex_fast writes the
  // usual forms with the row's Encoding as a constant and returns false,
  // having written nothing, for anything else, which the row's general path
  // (its overload after a VexAny tag, src/vec.cpp) encodes or rejects.
  struct VexAny {};
#define X86_VEX(...) X86_ROWS_VEX(X86_DECL_ANY, __VA_ARGS__)
#include "x86/insns.def"
  template <Encoding E, typename... A>
  bool vex_fast(const A&... args);
};

}  // namespace x86

#include "x86/hot_paths.hpp"
