// Seal, call and free one small function, jitmem against its peers in one
// run; then the cost of one guarded call. The function is
//   mov rax, rdi / add rax, rsi / ret        (48 89 f8 48 01 f0 c3)
// copied as bytes everywhere, so only memory management and calling differ.
#include <asmjit/x86.h>
#include <benchmark/benchmark.h>
#include <setjmp.h>
#include <sys/mman.h>
#include <xbyak/xbyak.h>

#include <cstdlib>
#include <cstring>

#include "jitmem/jitmem.hpp"

namespace {

constexpr uint8_t add_code[] = {0x48, 0x89, 0xf8, 0x48, 0x01, 0xf0, 0xc3};
using AddFn = int64_t (*)(int64_t, int64_t);

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "bench_jitmem: %s failed\n", what);
    std::abort();
  }
}

// jitmem: seal_code (allocate + copy + seal), guarded call through the handle, free.
void BM_SealCallFree_jitmem(benchmark::State& state) {
  jitmem::Memory memory;
  jitmem::CallArgs args;
  args.ints[0] = 40;
  args.ints[1] = 2;
  for (auto _ : state) {
    auto sealed = memory.seal_code(add_code);
    auto result = jitmem::call(memory, sealed->handle, args);
    benchmark::DoNotOptimize(result->rax);
    check(memory.free(sealed->handle).ok(), "free");
  }
}
BENCHMARK(BM_SealCallFree_jitmem);

// jitmem with an unguarded call through the typed pointer, like the peers.
void BM_SealCallFree_jitmem_direct(benchmark::State& state) {
  jitmem::Memory memory;
  for (auto _ : state) {
    auto sealed = memory.seal_code(add_code);
    benchmark::DoNotOptimize(jitmem::function_pointer<AddFn>(sealed->entry)(40, 2));
    check(memory.free(sealed->handle).ok(), "free");
  }
}
BENCHMARK(BM_SealCallFree_jitmem_direct);

// The RAII layer (as in bench/asm): Region::from_code, entry(), direct call, free.
void BM_SealCallFree_jitmem_region(benchmark::State& state) {
  jitmem::Memory memory;
  for (auto _ : state) {
    auto region = jitmem::Region::from_code(memory, add_code);
    auto entry = region->entry();
    benchmark::DoNotOptimize(jitmem::function_pointer<AddFn>(*entry)(40, 2));
    check(region->free().ok(), "free");
  }
}
BENCHMARK(BM_SealCallFree_jitmem_region);

// The three-step API (allocate, write, seal), direct call.
void BM_SealCallFree_jitmem_steps(benchmark::State& state) {
  jitmem::Memory memory;
  for (auto _ : state) {
    auto handle = memory.allocate(sizeof add_code);
    check(memory.write(*handle, 0, add_code).ok(), "write");
    auto entry = memory.seal(*handle);
    benchmark::DoNotOptimize(jitmem::function_pointer<AddFn>(*entry)(40, 2));
    check(memory.free(*handle).ok(), "free");
  }
}
BENCHMARK(BM_SealCallFree_jitmem_steps);

// jitmem strict mode: a private mapping per function, mprotect on seal.
void BM_SealCallFree_jitmem_strict(benchmark::State& state) {
  jitmem::Memory memory{jitmem::Options{jitmem::Mode::strict}};
  for (auto _ : state) {
    auto handle = memory.allocate(sizeof add_code);
    check(memory.write(*handle, 0, add_code).ok(), "write");
    auto entry = memory.seal(*handle);
    benchmark::DoNotOptimize(jitmem::function_pointer<AddFn>(*entry)(40, 2));
    check(memory.free(*handle).ok(), "free");
  }
}
BENCHMARK(BM_SealCallFree_jitmem_strict);

// AsmJit JitRuntime::add/release. Its default allocator maps pages RWX.
void asmjit_runtime(benchmark::State& state, asmjit::JitRuntime& runtime) {
  for (auto _ : state) {
    asmjit::CodeHolder code;
    code.init(runtime.environment());
    asmjit::x86::Assembler assembler(&code);
    assembler.embed(add_code, sizeof add_code);
    AddFn fn;
    check(runtime.add(&fn, &code) == asmjit::kErrorOk, "JitRuntime::add");
    benchmark::DoNotOptimize(fn(40, 2));
    runtime.release(fn);
  }
}

void BM_SealCallFree_asmjit_runtime_rwx(benchmark::State& state) {
  asmjit::JitRuntime runtime;
  asmjit_runtime(state, runtime);
}
BENCHMARK(BM_SealCallFree_asmjit_runtime_rwx);

// AsmJit JitRuntime with its dual-mapping (W^X) option.
void BM_SealCallFree_asmjit_runtime_dual(benchmark::State& state) {
  asmjit::JitAllocator::CreateParams params;
  params.options = asmjit::JitAllocatorOptions::kUseDualMapping;
  asmjit::JitRuntime runtime(&params);
  asmjit_runtime(state, runtime);
}
BENCHMARK(BM_SealCallFree_asmjit_runtime_dual);

// AsmJit's JitAllocator alone (dual mapping): the closest peer to jitmem.
void BM_SealCallFree_asmjit_allocator_dual(benchmark::State& state) {
  asmjit::JitAllocator::CreateParams params;
  params.options = asmjit::JitAllocatorOptions::kUseDualMapping;
  asmjit::JitAllocator allocator(&params);
  for (auto _ : state) {
    void* rx;
    void* rw;
    check(allocator.alloc(&rx, &rw, sizeof add_code) == asmjit::kErrorOk, "JitAllocator::alloc");
    std::memcpy(rw, add_code, sizeof add_code);
    benchmark::DoNotOptimize(reinterpret_cast<AddFn>(rx)(40, 2));
    allocator.release(rx);
  }
}
BENCHMARK(BM_SealCallFree_asmjit_allocator_dual);

// Xbyak: a CodeGenerator per function, W^X via DontSetProtectRWE + setProtectModeRE()
// (mprotect RX; the destructor mprotects back to RW and frees).
void BM_SealCallFree_xbyak(benchmark::State& state) {
  for (auto _ : state) {
    Xbyak::CodeGenerator gen(4096, Xbyak::DontSetProtectRWE);
    for (uint8_t b : add_code) gen.db(b);
    gen.setProtectModeRE();
    benchmark::DoNotOptimize(gen.getCode<AddFn>()(40, 2));
  }
}
BENCHMARK(BM_SealCallFree_xbyak);

// Plain mmap RW, copy, mprotect RX, call, munmap per function.
void BM_SealCallFree_mmap_mprotect(benchmark::State& state) {
  for (auto _ : state) {
    void* page = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check(page != MAP_FAILED, "mmap");
    std::memcpy(page, add_code, sizeof add_code);
    check(mprotect(page, 4096, PROT_READ | PROT_EXEC) == 0, "mprotect");
    benchmark::DoNotOptimize(reinterpret_cast<AddFn>(page)(40, 2));
    munmap(page, 4096);
  }
}
BENCHMARK(BM_SealCallFree_mmap_mprotect);

// Bookkeeping alone (no call): most of a seal+call+free is the CPU fetching
// and running code that was written a moment ago, which every peer pays too.
void BM_SealFree_nocall_jitmem(benchmark::State& state) {
  jitmem::Memory memory;
  for (auto _ : state) {
    auto sealed = memory.seal_code(add_code);
    benchmark::DoNotOptimize(sealed->entry.code);
    check(memory.free(sealed->handle).ok(), "free");
  }
}
BENCHMARK(BM_SealFree_nocall_jitmem);

void BM_SealFree_nocall_asmjit_allocator_dual(benchmark::State& state) {
  asmjit::JitAllocator::CreateParams params;
  params.options = asmjit::JitAllocatorOptions::kUseDualMapping;
  asmjit::JitAllocator allocator(&params);
  for (auto _ : state) {
    void* rx;
    void* rw;
    check(allocator.alloc(&rx, &rw, sizeof add_code) == asmjit::kErrorOk, "JitAllocator::alloc");
    std::memcpy(rw, add_code, sizeof add_code);
    benchmark::DoNotOptimize(rx);
    allocator.release(rx);
  }
}
BENCHMARK(BM_SealFree_nocall_asmjit_allocator_dual);

// The cost of calling an already sealed function.
struct Sealed {
  jitmem::Memory memory;
  jitmem::Handle handle;
  jitmem::Entry entry;
  Sealed() {
    handle = *memory.allocate(sizeof add_code);
    check(memory.write(handle, 0, add_code).ok(), "write");
    entry = *memory.seal(handle);
  }
};

void BM_Call_direct(benchmark::State& state) {
  Sealed sealed;
  AddFn fn = jitmem::function_pointer<AddFn>(sealed.entry);
  benchmark::DoNotOptimize(fn);
  for (auto _ : state) benchmark::DoNotOptimize(fn(40, 2));
}
BENCHMARK(BM_Call_direct);

// The shape of the guard before the trampoline (a peer in the same run): the
// jump buffer and a plain call, which leaves the callee-saved registers and
// the FP control to the code's good behaviour.
[[gnu::noinline]] int64_t sigsetjmp_then_call(AddFn fn) {
  sigjmp_buf jump;
  if (sigsetjmp(jump, 0) != 0) std::abort();
  return fn(40, 2);
}

void BM_Call_sigsetjmp_direct(benchmark::State& state) {
  Sealed sealed;
  AddFn fn = jitmem::function_pointer<AddFn>(sealed.entry);
  benchmark::DoNotOptimize(fn);
  for (auto _ : state) benchmark::DoNotOptimize(sigsetjmp_then_call(fn));
}
BENCHMARK(BM_Call_sigsetjmp_direct);

void BM_Call_guarded_raw(benchmark::State& state) {
  Sealed sealed;
  jitmem::CallArgs args;
  args.ints[0] = 40;
  args.ints[1] = 2;
  for (auto _ : state) benchmark::DoNotOptimize(jitmem::call_guarded(sealed.entry.code, sealed.entry.size, args).rax);
}
BENCHMARK(BM_Call_guarded_raw);

void BM_Call_guarded_handle(benchmark::State& state) {
  Sealed sealed;
  const int64_t ints[] = {40, 2};
  for (auto _ : state) benchmark::DoNotOptimize(jitmem::call(sealed.memory, sealed.handle, ints)->rax);
}
BENCHMARK(BM_Call_guarded_handle);

}  // namespace

BENCHMARK_MAIN();
