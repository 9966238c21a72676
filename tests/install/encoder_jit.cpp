// Out-of-tree program for the install test: assembles a function with the
// encoder (pkg-config ilusm-x86) and runs it through the executable-memory
// manager (pkg-config ilusm-jitmem). Built only from installed headers and
// libraries; prints "sum 42" and "loop 15".
#include <jitmem/jitmem.hpp>
#include <x86/x86.hpp>

#include <cstdint>
#include <cstdio>
#include <vector>

int main() {
  using namespace x86;
  jitmem::Memory& memory = jitmem::default_memory();

  // sum(a, b) = a + b
  Assembler add;
  add.mov(rax, rdi);
  add.add(rax, rsi);
  add.ret();
  auto sealed = memory.seal_code(add.finalize(), "sum");
  if (!sealed) return std::fprintf(stderr, "seal_code: %s\n", sealed.error().message.c_str()), 1;
  auto r = jitmem::call(memory, sealed->handle, std::vector<int64_t>{40, 2});
  if (!r || !r->ok()) return std::fprintf(stderr, "call failed\n"), 1;
  std::printf("sum %lld\n", static_cast<long long>(r->rax));

  // loop(n) = 1 + 2 + ... + n, with labels; called as a plain function pointer.
  Assembler a;
  Label loop = a.new_label("loop"), done = a.new_label("done");
  a.xor_(eax, eax);
  a.test(rdi, rdi);
  a.jcc(Cond::E, done);
  a.bind(loop);
  a.add(rax, rdi);
  a.dec(rdi);
  a.jcc(Cond::NZ, loop);
  a.bind(done);
  a.ret();
  auto loop_code = memory.seal_code(a.finalize(), "loop");
  if (!loop_code) return std::fprintf(stderr, "seal_code: %s\n", loop_code.error().message.c_str()), 1;
  auto fn = jitmem::function_pointer<int64_t (*)(int64_t)>(loop_code->entry);
  std::printf("loop %lld\n", static_cast<long long>(fn(5)));

  if (!memory.free(sealed->handle) || !memory.free(loop_code->handle)) return std::fprintf(stderr, "free failed\n"), 1;
  return 0;
}
