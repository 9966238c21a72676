// The asm module measured from the script side, with its peers in one run.
//
// (a) SealCallFree: seal a prebuilt 7-byte add, call it once, free it.
//     asm: the script-facing path through the embedding API (Interp::call of
//     the module's asmse, asmca3, asmfr: argument checks, capability checks,
//     the four natives, jitmem). Peers: AsmJit JitRuntime, Xbyak, and
//     mmap + mprotect + munmap per function; jitmem's Region (the C++ layer
//     under the natives, direct unguarded call) for reference.
//     SealCallFreeLoop: the same three calls in a script `whl` loop (what a
//     script sees), against the empty loop; the difference / N is per
//     seal+call+free.
// (b) CallLoop: a script loop calling the sealed add N times, against the same
//     loop with nothing in it (the difference is the per-call cost), and the
//     same pair in Python (ctypes) and LuaJIT (FFI, jit.off()), all embedded.
// (c) EmitLoop: a script loop emitting N asmad into one program, against the
//     empty loop (difference / N = ns per instruction).
#include <Python.h>
#include <asmjit/x86.h>
#include <benchmark/benchmark.h>
#include <sys/mman.h>
#include <xbyak/xbyak.h>
#include <ilusm/bindings.hpp>
#include <ilusm/ilusm.hpp>
#include <jitmem/jitmem.hpp>
#include <lua.hpp>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

namespace {

// mov rax, rdi; add rax, rsi; ret
constexpr uint8_t kAdd[] = {0x48, 0x89, 0xf8, 0x48, 0x01, 0xf0, 0xc3};
constexpr int64_t kLoop = 10000;  // calls (or emits) per script loop

using AddFn = int64_t (*)(int64_t, int64_t);

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(what);
}

// ---- (a) seal, call, free -------------------------------------------------

struct AsmWorld {
  ilusm::Interp in;
  ilusm::Value asmse, asmca3, asmfr, program;
  AsmWorld() {
    ilusm::open_bindings(in);
    program = in.run_string(
        "use asm\n"
        "asmre(asmad(asmmo1(asmne(), \"rax\", \"rdi\"), \"rax\", \"rsi\"))");
    asmse = in.get("asmse");
    asmca3 = in.get("asmca3");
    asmfr = in.get("asmfr");
  }
};

void BM_SealCallFree_asm_module(benchmark::State& state) {
  AsmWorld w;
  ilusm::Value args[3] = {ilusm::Value(), ilusm::Value(int64_t{10}), ilusm::Value(int64_t{32})};
  for (auto _ : state) {
    ilusm::Value h = w.in.call(w.asmse, ilusm::Args(&w.program, 1));
    args[0] = h;
    ilusm::Value r = w.in.call(w.asmca3, ilusm::Args(args, 3));
    check(r.as_int() == 42, "asm: wrong result");
    w.in.call(w.asmfr, ilusm::Args(&h, 1));
  }
}
BENCHMARK(BM_SealCallFree_asm_module);

// The C++ layer under the module (what the natives use), for reference.
void BM_SealCallFree_jitmem_region(benchmark::State& state) {
  jitmem::Memory& memory = jitmem::default_memory();
  for (auto _ : state) {
    auto region = jitmem::Region::from_code(memory, kAdd);
    check(region.ok(), "jitmem: from_code");
    auto entry = region->entry();
    check(entry.ok() && jitmem::function_pointer<AddFn>(*entry)(10, 32) == 42, "jitmem: wrong result");
    check(region->free().ok(), "jitmem: free");
  }
}
BENCHMARK(BM_SealCallFree_jitmem_region);

void BM_SealCallFree_asmjit_runtime(benchmark::State& state) {
  asmjit::JitRuntime runtime;
  for (auto _ : state) {
    asmjit::CodeHolder code;
    code.init(runtime.environment());
    asmjit::x86::Assembler a(&code);
    a.embed(kAdd, sizeof kAdd);
    AddFn fn = nullptr;
    check(runtime.add(&fn, &code) == asmjit::kErrorOk, "asmjit: add");
    check(fn(10, 32) == 42, "asmjit: wrong result");
    runtime.release(fn);
  }
}
BENCHMARK(BM_SealCallFree_asmjit_runtime);

void BM_SealCallFree_xbyak(benchmark::State& state) {
  for (auto _ : state) {
    Xbyak::CodeGenerator gen(4096, Xbyak::DontSetProtectRWE);  // RW until ready
    gen.db(kAdd, sizeof kAdd);
    gen.setProtectModeRE();
    check(gen.getCode<AddFn>()(10, 32) == 42, "xbyak: wrong result");
  }
}
BENCHMARK(BM_SealCallFree_xbyak);

void BM_SealCallFree_mmap_mprotect(benchmark::State& state) {
  for (auto _ : state) {
    void* page = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check(page != MAP_FAILED, "mmap");
    std::memcpy(page, kAdd, sizeof kAdd);
    check(mprotect(page, 4096, PROT_READ | PROT_EXEC) == 0, "mprotect");
    check(reinterpret_cast<AddFn>(page)(10, 32) == 42, "mmap: wrong result");
    munmap(page, 4096);
  }
}
BENCHMARK(BM_SealCallFree_mmap_mprotect);

// ---- (b) per-call cost from a script loop ---------------------------------

void per_op(benchmark::State& state) {
  state.counters["per_op"] =
      benchmark::Counter(double(state.iterations()) * kLoop, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

struct IlusmLoops {
  AsmWorld w;
  ilusm::Value call_loop, call_bin_loop, empty_loop, emit_loop, seal_loop;
  IlusmLoops() {
    w.in.run_string(
        "h = asmta()\n"
        "p = asmre(asmad(asmmo1(asmne(), \"rax\", \"rdi\"), \"rax\", \"rsi\"))\n"
        "seal_loop(n) =\n"
        "    i = 0\n"
        "    whl i < n:\n"
        "        f = asmse(p)\n"
        "        asmca3(f, 10, 32)\n"
        "        asmfr(f)\n"
        "        i = i + 1\n"
        "call_loop(n) =\n"
        "    i = 0\n"
        "    whl i < n:\n"
        "        asmca3(h, 10, 32)\n"
        "        i = i + 1\n"
        "xs = asmbn(64)\n"
        "call_bin_loop(n) =\n"
        "    i = 0\n"
        "    whl i < n:\n"
        "        asmca3(h, xs, 32)\n"
        "        i = i + 1\n"
        "empty_loop(n) =\n"
        "    i = 0\n"
        "    whl i < n:\n"
        "        i = i + 1\n"
        "emit_loop(n) =\n"
        "    p = asmne()\n"
        "    i = 0\n"
        "    whl i < n:\n"
        "        asmad(p, \"rax\", \"rsi\")\n"
        "        i = i + 1\n"
        "    len(p.b)\n");
    call_loop = w.in.get("call_loop");
    call_bin_loop = w.in.get("call_bin_loop");
    empty_loop = w.in.get("empty_loop");
    emit_loop = w.in.get("emit_loop");
    seal_loop = w.in.get("seal_loop");
  }
  void run(benchmark::State& state, const ilusm::Value& fn) {
    ilusm::Value n(kLoop);
    for (auto _ : state) w.in.call(fn, ilusm::Args(&n, 1));
    per_op(state);
  }
};

// The script loops, each on a fresh interpreter, registered from one table.
struct IlusmLoop {
  const char* name;
  ilusm::Value IlusmLoops::*loop;
};
constexpr IlusmLoop kIlusmLoops[] = {
    {"BM_SealCallFreeLoop_ilusm", &IlusmLoops::seal_loop},
    {"BM_CallLoop_ilusm_asmca3", &IlusmLoops::call_loop},
    // The same call with a bin as the first argument (passed as its bytes' address).
    {"BM_CallLoop_ilusm_asmca3_bin", &IlusmLoops::call_bin_loop},
    {"BM_CallLoop_ilusm_empty", &IlusmLoops::empty_loop},
    {"BM_EmitLoop_ilusm_asmad", &IlusmLoops::emit_loop},
};
[[maybe_unused]] const bool ilusm_loops_registered = [] {
  for (const IlusmLoop& l : kIlusmLoops)
    benchmark::RegisterBenchmark(l.name, [loop = l.loop](benchmark::State& state) {
      IlusmLoops w;
      w.run(state, w.*loop);
    });
  return true;
}();

// Python: ctypes calls a page holding the same add (mapped RW, then RX).
const char* kPython = R"PY(
import ctypes
libc = ctypes.CDLL(None)
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
page = libc.mmap(None, 4096, 3, 0x22, -1, 0)
ctypes.memmove(page, bytes([0x48, 0x89, 0xf8, 0x48, 0x01, 0xf0, 0xc3]), 7)
assert libc.mprotect(page, 4096, 5) == 0
add = ctypes.CFUNCTYPE(ctypes.c_int64, ctypes.c_int64, ctypes.c_int64)(page)
assert add(10, 32) == 42
def call_loop(n):
    i = 0
    while i < n:
        add(10, 32)
        i = i + 1
def empty_loop(n):
    i = 0
    while i < n:
        i = i + 1
)PY";

PyObject* python_function(const char* name) {
  static bool ready = [] {
    Py_InitializeEx(0);
    check(PyRun_SimpleString(kPython) == 0, "python setup");
    return true;
  }();
  (void)ready;
  PyObject* main = PyImport_AddModule("__main__");
  return PyObject_GetAttrString(main, name);
}

void python_loop(benchmark::State& state, const char* name) {
  PyObject* fn = python_function(name);
  PyObject* args = Py_BuildValue("(L)", static_cast<long long>(kLoop));
  for (auto _ : state) {
    PyObject* r = PyObject_CallObject(fn, args);
    check(r != nullptr, "python call");
    Py_DECREF(r);
  }
  Py_DECREF(args);
  Py_DECREF(fn);
  per_op(state);
}

// LuaJIT: the FFI calls the same add, with the JIT compiler off (-joff).
const char* kLua = R"LUA(
jit.off()
local ffi = require("ffi")
ffi.cdef[[
void *mmap(void *addr, size_t len, int prot, int flags, int fd, long off);
int mprotect(void *addr, size_t len, int prot);
]]
local page = ffi.C.mmap(nil, 4096, 3, 0x22, -1, 0)
ffi.copy(page, "\72\137\248\72\1\240\195", 7)
assert(ffi.C.mprotect(page, 4096, 5) == 0)
local add = ffi.cast("int64_t (*)(int64_t, int64_t)", page)
assert(add(10, 32) == 42)
function call_loop(n)
  local i = 0
  while i < n do
    add(10, 32)
    i = i + 1
  end
end
function empty_loop(n)
  local i = 0
  while i < n do
    i = i + 1
  end
end
)LUA";

void lua_loop(benchmark::State& state, const char* name) {
  lua_State* L = luaL_newstate();
  luaL_openlibs(L);
  check(luaL_dostring(L, kLua) == 0, "luajit setup");
  for (auto _ : state) {
    lua_getglobal(L, name);
    lua_pushinteger(L, kLoop);
    check(lua_pcall(L, 1, 0, 0) == 0, "luajit call");
  }
  lua_close(L);
  per_op(state);
}
// The peers' loops (the functions of kPython and kLua), registered from one table.
struct PeerLoop {
  const char* name;
  void (*run)(benchmark::State&, const char*);
  const char* function;
};
constexpr PeerLoop kPeerLoops[] = {
    {"BM_CallLoop_python_ctypes", python_loop, "call_loop"},
    {"BM_CallLoop_python_empty", python_loop, "empty_loop"},
    {"BM_CallLoop_luajit_ffi_joff", lua_loop, "call_loop"},
    {"BM_CallLoop_luajit_empty_joff", lua_loop, "empty_loop"},
};
[[maybe_unused]] const bool peer_loops_registered = [] {
  for (const PeerLoop& l : kPeerLoops) benchmark::RegisterBenchmark(l.name, l.run, l.function);
  return true;
}();

}  // namespace

BENCHMARK_MAIN();
