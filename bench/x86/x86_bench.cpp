// Encoder throughput: x86::Assembler vs AsmJit vs Xbyak on the same
// pre-generated instruction lists (~1M instructions per iteration).
//   RefRandom: the asm reference's mix (mov/add/sub/and/or/xor r64,r64 over all
//              register pairs, mov r64,imm32, push, pop, ret, nop), random order
//   RefBlock:  the same mix as a fixed straight-line block (no dispatch)
//   MemLabels: loads/stores/lea/add from memory, cmp imm, jcc/jmp to labels
//   Avx2Fma:   ymm loads/stores, FMA, add/mul, vpaddd/vpcmpeqb, broadcast,
//              vpermq, vextracti128, vxorps as straight-line code (typed API
//              of each library); Avx2FmaRandom: the same kinds in random order
//   */driver_only: the driver's dispatch alone, no encoder (the floor)
#include <benchmark/benchmark.h>

#include <memory>

#include "adaptors.hpp"
#include "mixes.hpp"

namespace {

const std::vector<mix::Op>& random_ops() {
  static const auto ops = mix::reference_random();
  return ops;
}
uint32_t g_labels = 0;
const std::vector<mix::Op>& memory_ops() {
  static const auto ops = mix::memory_and_labels(&g_labels);
  return ops;
}

// A pre-generated list in order, through the driver's switch (RefRandom, Avx2FmaRandom).
template <class L, const std::vector<mix::Op>& (*Ops)()>
void RandomMix(benchmark::State& state) {
  auto lib = std::make_unique<L>();
  const auto& ops = Ops();
  for (auto _ : state) {
    lib->begin(0);
    for (const mix::Op& o : ops) mix::run(*lib, o);
    benchmark::DoNotOptimize(lib->end());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * ops.size()));
}
template <class L>
void RefRandom(benchmark::State& state) {
  RandomMix<L, random_ops>(state);
}

template <class L>
void RefBlock(benchmark::State& state) {
  auto lib = std::make_unique<L>();
  constexpr size_t kPerRep = 6 * 256 + 3 * 16 + 2;
  constexpr size_t kReps = mix::kInstructions / kPerRep;
  for (auto _ : state) {
    lib->begin(0);
    for (size_t rep = 0; rep < kReps; ++rep) {
      for (unsigned d = 0; d < 16; ++d)
        for (unsigned s = 0; s < 16; ++s) lib->mov_rr(d, s);
      for (unsigned d = 0; d < 16; ++d)
        for (unsigned s = 0; s < 16; ++s) lib->add_rr(d, s);
      for (unsigned d = 0; d < 16; ++d)
        for (unsigned s = 0; s < 16; ++s) lib->sub_rr(d, s);
      for (unsigned d = 0; d < 16; ++d)
        for (unsigned s = 0; s < 16; ++s) lib->and_rr(d, s);
      for (unsigned d = 0; d < 16; ++d)
        for (unsigned s = 0; s < 16; ++s) lib->or_rr(d, s);
      for (unsigned d = 0; d < 16; ++d)
        for (unsigned s = 0; s < 16; ++s) lib->xor_rr(d, s);
      for (unsigned r = 0; r < 16; ++r) lib->mov_ri(r, -1000 - static_cast<int32_t>(r));
      for (unsigned r = 0; r < 16; ++r) lib->push(r);
      for (unsigned r = 0; r < 16; ++r) lib->pop(r);
      lib->nop();
      lib->ret();
    }
    benchmark::DoNotOptimize(lib->end());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kReps * kPerRep));
}

template <class L>
void MemLabels(benchmark::State& state) {
  auto lib = std::make_unique<L>();
  const auto& ops = memory_ops();
  size_t count = 0;
  for (auto _ : state) {
    lib->begin(g_labels);
    count = 0;
    for (const mix::Op& o : ops) count += mix::run(*lib, o);
    benchmark::DoNotOptimize(lib->end());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * count));
}

const std::vector<mix::Op>& avx_ops() {
  static const auto ops = mix::avx2_fma();
  return ops;
}

// The AVX2 + FMA mix in random order, through the same dispatch as RefRandom.
template <class L>
void Avx2FmaRandom(benchmark::State& state) {
  RandomMix<L, avx_ops>(state);
}

// The same twelve kinds as straight-line code (a kernel body per register,
// registers, bases and displacements rotating), no dispatch.
template <class L>
void Avx2Fma(benchmark::State& state) {
  auto lib = std::make_unique<L>();
  constexpr size_t kPerRep = 16 * 12;
  constexpr size_t kReps = mix::kInstructions / kPerRep;
  static constexpr int32_t kDisps[4] = {0, 32, -64, 4096};
  for (auto _ : state) {
    lib->begin(0);
    for (size_t rep = 0; rep < kReps; ++rep)
      for (unsigned r = 0; r < 16; ++r) {
        const unsigned s1 = (r + 5) & 15, s2 = (r + 11) & 15, b = (r + 3) & 15, i = r == 4 ? 5 : r;
        const int32_t d = kDisps[r & 3];
        lib->vload(r, b, i, d);
        lib->vfma_rr(r, s1, s2);
        lib->vfma_rm(s1, s2, b, d);
        lib->vadd_rr(s2, r, s1);
        lib->vmul_rm(r, s2, b, d + 32);
        lib->vpadd_rr(s1, r, s2);
        lib->vpcmpeqb_rm(s2, s1, b, d);
        lib->vbroadcast(r, s1);
        lib->vpermq(s1, r, static_cast<int32_t>(r * 17));
        lib->vextract(s2, r);
        lib->vxor_rr(r, s1, s2);
        lib->vstore(b, d, r);
      }
    benchmark::DoNotOptimize(lib->end());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kReps * kPerRep));
}

}  // namespace

BENCHMARK_TEMPLATE(RefRandom, adaptor::Ours)->Name("RefRandom/ilusm_x86")->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(RefRandom, adaptor::AsmJit)->Name("RefRandom/asmjit")->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(RefRandom, adaptor::Xbyak_)->Name("RefRandom/xbyak")->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(RefBlock, adaptor::Ours)->Name("RefBlock/ilusm_x86")->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(RefBlock, adaptor::AsmJit)->Name("RefBlock/asmjit")->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(RefBlock, adaptor::Xbyak_)->Name("RefBlock/xbyak")->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(MemLabels, adaptor::Ours)->Name("MemLabels/ilusm_x86")->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(MemLabels, adaptor::AsmJit)->Name("MemLabels/asmjit")->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(MemLabels, adaptor::Xbyak_)->Name("MemLabels/xbyak")->Unit(benchmark::kMillisecond);

BENCHMARK_TEMPLATE(Avx2Fma, adaptor::Ours)->Name("Avx2Fma/ilusm_x86")->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(Avx2Fma, adaptor::AsmJit)->Name("Avx2Fma/asmjit")->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(Avx2Fma, adaptor::Xbyak_)->Name("Avx2Fma/xbyak")->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(Avx2FmaRandom, adaptor::Ours)->Name("Avx2FmaRandom/ilusm_x86")->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(Avx2FmaRandom, adaptor::AsmJit)->Name("Avx2FmaRandom/asmjit")->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(Avx2FmaRandom, adaptor::Xbyak_)->Name("Avx2FmaRandom/xbyak")->Unit(benchmark::kMillisecond);

// The driver alone (no encoder): the dispatch floor of the three mixes that
// go through the switch.
BENCHMARK_TEMPLATE(RefRandom, adaptor::DriverOnly)->Name("RefRandom/driver_only")->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(MemLabels, adaptor::DriverOnly)->Name("MemLabels/driver_only")->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(Avx2FmaRandom, adaptor::DriverOnly)
    ->Name("Avx2FmaRandom/driver_only")
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
