// Pre-generated instruction lists, identical for every assembler under test.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace mix {

// clang-format off
enum Kind : uint8_t {
  // The asm reference's mix.
  MovRR, AddRR, SubRR, AndRR, OrRR, XorRR, MovRI, Push, Pop, Ret, Nop,
  // Memory operands and labels.
  LoadRM, StoreMR, AddRM, Lea, CmpRI, Bind, JccBack, JccFwd, JmpFwd,
  // AVX2 + FMA (ymm registers; memory [base + index*8 + disp] or [base + disp]).
  VLoad, VStore, VFmaRR, VFmaRM, VAddRR, VMulRM, VPaddRR, VPcmpeqbRM, VBroadcast, VPermq,
  VExtract, VXorRR,
};
// clang-format on

struct Op {
  Kind kind;
  uint8_t a, b, c;  // registers (a: also the condition 0..3 of a jump)
  int32_t imm;      // immediate, displacement, or label number
};

constexpr size_t kInstructions = 1'000'000;

// The reference mix in random order: each kind equally likely, random registers.
inline std::vector<Op> reference_random() {
  std::mt19937 rng(42);
  std::vector<Op> ops;
  ops.reserve(kInstructions);
  for (size_t i = 0; i < kInstructions; ++i) {
    const auto k = static_cast<Kind>(rng() % 11);
    ops.push_back(
        {k, static_cast<uint8_t>(rng() % 16), static_cast<uint8_t>(rng() % 16), 0, static_cast<int32_t>(rng())});
  }
  return ops;
}

// Blocks of 16 instructions, each block starting at a label; loads, stores,
// add from memory, lea, compares, and jumps back one block or forward one.
inline std::vector<Op> memory_and_labels(uint32_t* labels) {
  std::mt19937 rng(7);
  const int32_t disps[] = {0, 8, -64, 127, 128, 4096, -100000};
  std::vector<Op> ops;
  ops.reserve(kInstructions + kInstructions / 16);
  uint32_t label = 0;
  auto reg = [&] { return static_cast<uint8_t>(rng() % 16); };
  auto index = [&] {
    uint8_t r = reg();
    return static_cast<uint8_t>(r == 4 ? 5 : r);  // rsp is not an index
  };
  size_t n = 0;
  while (n < kInstructions) {
    ops.push_back({Bind, 0, 0, 0, static_cast<int32_t>(label)});
    for (int i = 0; i < 16 && n < kInstructions; ++i, ++n) {
      const unsigned r = rng() % 16;
      const int32_t d = disps[rng() % 7];
      if (r < 4) ops.push_back({LoadRM, reg(), reg(), 0, d});
      else if (r < 7) ops.push_back({StoreMR, reg(), reg(), index(), d});
      else if (r < 9) ops.push_back({AddRM, reg(), reg(), 0, d});
      else if (r < 11) ops.push_back({Lea, reg(), reg(), index(), d});
      else if (r < 13) ops.push_back({CmpRI, reg(), 0, 0, static_cast<int32_t>(rng() % 3 ? rng() % 100 : rng())});
      else if (r == 13 && label > 0)
        ops.push_back({JccBack, static_cast<uint8_t>(rng() % 4), 0, 0, static_cast<int32_t>(label - 1)});
      else if (r == 14) ops.push_back({JccFwd, static_cast<uint8_t>(rng() % 4), 0, 0, static_cast<int32_t>(label + 1)});
      else ops.push_back({JmpFwd, 0, 0, 0, static_cast<int32_t>(label + 1)});
    }
    ++label;
  }
  ops.push_back({Bind, 0, 0, 0, static_cast<int32_t>(label)});
  *labels = label + 1;
  return ops;
}

// A vector kernel's mix in random order: loads/stores, FMA (register and
// memory), add/mul, integer add/compare, broadcast, permute, lane extract, xor.
inline std::vector<Op> avx2_fma() {
  std::mt19937 rng(11);
  const int32_t disps[] = {0, 32, -64, 96, 4096};
  std::vector<Op> ops;
  ops.reserve(kInstructions);
  for (size_t i = 0; i < kInstructions; ++i) {
    const auto k = static_cast<Kind>(VLoad + rng() % 12);
    uint8_t c = static_cast<uint8_t>(rng() % 16);
    if (k == VLoad && c == 4) c = 5;  // c is the index there: rsp is not an index
    ops.push_back({k, static_cast<uint8_t>(rng() % 16), static_cast<uint8_t>(rng() % 16), c,
                   k == VPermq ? static_cast<int32_t>(rng() % 256) : disps[rng() % 5]});
  }
  return ops;
}

// Runs one op on an adaptor (ours, AsmJit, Xbyak); returns 1 if it was an instruction.
template <class L>
inline size_t run(L& l, const Op& o) {
  switch (o.kind) {
    // The six `op r64, r64` kinds go through each library's generic entry
    // point with the operation as a value (ours: alu(AluOp, ...); AsmJit:
    // emit(InstId, ...); Xbyak has none, so a table of its member functions),
    // rather than six call sites behind six unpredictable branches of this
    // switch: the driver's dispatch is not what is being measured.
    case MovRR:
    case AddRR:
    case SubRR:
    case AndRR:
    case OrRR:
    case XorRR: l.alu_rr(static_cast<unsigned>(o.kind - MovRR), o.a, o.b); break;
    case MovRI: l.mov_ri(o.a, o.imm); break;
    case Push: l.push(o.a); break;
    case Pop: l.pop(o.a); break;
    case Ret: l.ret(); break;
    case Nop: l.nop(); break;
    case LoadRM: l.load(o.a, o.b, o.imm); break;
    case StoreMR: l.store(o.b, o.c, o.imm, o.a); break;
    case AddRM: l.add_rm(o.a, o.b, o.imm); break;
    case Lea: l.lea(o.a, o.b, o.c, o.imm); break;
    case CmpRI: l.cmp_ri(o.a, o.imm); break;
    case Bind: l.bind(static_cast<uint32_t>(o.imm)); return 0;
    case JccBack: l.jcc(o.a, static_cast<uint32_t>(o.imm), false); break;
    case JccFwd: l.jcc(o.a, static_cast<uint32_t>(o.imm), true); break;
    case JmpFwd: l.jmp(static_cast<uint32_t>(o.imm)); break;
    case VLoad: l.vload(o.a, o.b, o.c, o.imm); break;
    case VStore: l.vstore(o.b, o.imm, o.a); break;
    case VFmaRR: l.vfma_rr(o.a, o.b, o.c); break;
    case VFmaRM: l.vfma_rm(o.a, o.b, o.c, o.imm); break;
    case VAddRR: l.vadd_rr(o.a, o.b, o.c); break;
    case VMulRM: l.vmul_rm(o.a, o.b, o.c, o.imm); break;
    case VPaddRR: l.vpadd_rr(o.a, o.b, o.c); break;
    case VPcmpeqbRM: l.vpcmpeqb_rm(o.a, o.b, o.c, o.imm); break;
    case VBroadcast: l.vbroadcast(o.a, o.b); break;
    case VPermq: l.vpermq(o.a, o.b, o.imm); break;
    case VExtract: l.vextract(o.a, o.b); break;
    case VXorRR: l.vxor_rr(o.a, o.b, o.c); break;
  }
  return 1;
}

}  // namespace mix
