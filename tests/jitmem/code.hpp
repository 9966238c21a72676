// Hand-written x86-64 machine code for the tests (the encoder is another
// module). Each snippet carries its Intel-syntax source; code_bytes_test.cpp
// assembles that source with llvm-mc and checks the bytes match.
#pragma once

#include <cstdint>
#include <vector>

namespace jitmem_test {

struct Snippet {
  const char* name;
  const char* source;  // Intel syntax, one instruction a line
  std::vector<uint8_t> bytes;
};

// mov rax, rdi / add rax, rsi / ret
inline const Snippet add2{"add2", "mov rax, rdi\nadd rax, rsi\nret\n",
                          {0x48, 0x89, 0xf8, 0x48, 0x01, 0xf0, 0xc3}};

// The sum of all six integer argument registers.
inline const Snippet add6{"add6",
                          "mov rax, rdi\nadd rax, rsi\nadd rax, rdx\nadd rax, rcx\n"
                          "add rax, r8\nadd rax, r9\nret\n",
                          {0x48, 0x89, 0xf8, 0x48, 0x01, 0xf0, 0x48, 0x01, 0xd0, 0x48, 0x01,
                           0xc8, 0x4c, 0x01, 0xc0, 0x4c, 0x01, 0xc8, 0xc3}};

// The sixth argument (r9) unchanged.
inline const Snippet arg6{"arg6", "mov rax, r9\nret\n", {0x4c, 0x89, 0xc8, 0xc3}};

// xmm0 = xmm0 + xmm1 (doubles), rax = rdi
inline const Snippet addsd{"addsd", "addsd xmm0, xmm1\nmov rax, rdi\nret\n",
                           {0xf2, 0x0f, 0x58, 0xc1, 0x48, 0x89, 0xf8, 0xc3}};

// The eighth double argument (xmm7) into xmm0.
inline const Snippet double8{"double8", "movapd xmm0, xmm7\nret\n", {0x66, 0x0f, 0x28, 0xc7, 0xc3}};

// Null dereference: the load at offset 2 faults (SIGSEGV, address 0).
inline const Snippet null_load{"null_load", "xor eax, eax\nmov rax, qword ptr [rax]\nret\n",
                               {0x31, 0xc0, 0x48, 0x8b, 0x00, 0xc3}};

// ud2 at offset 1 (SIGILL).
inline const Snippet ud2{"ud2", "nop\nud2\n", {0x90, 0x0f, 0x0b}};

// int3 at offset 1 (SIGTRAP).
inline const Snippet int3{"int3", "nop\nint3\n", {0x90, 0xcc}};

// rdi / 0: idiv at offset 7 (SIGFPE).
inline const Snippet div_zero{"div_zero", "mov rax, rdi\ncqo\nxor ecx, ecx\nidiv rcx\nret\n",
                              {0x48, 0x89, 0xf8, 0x48, 0x99, 0x31, 0xc9, 0x48, 0xf7, 0xf9, 0xc3}};

// A function that calls itself forever: stack overflow at offset 0.
inline const Snippet recurse{"recurse", "1: call 1b\n", {0xe8, 0xfb, 0xff, 0xff, 0xff}};

// Call the function pointer in rdi (stack kept 16-byte aligned), then ud2 at
// offset 10: a fault after a nested call has returned.
inline const Snippet call_rdi_then_ud2{
    "call_rdi_then_ud2", "sub rsp, 8\ncall rdi\nadd rsp, 8\nud2\n",
    {0x48, 0x83, 0xec, 0x08, 0xff, 0xd7, 0x48, 0x83, 0xc4, 0x08, 0x0f, 0x0b}};

// Call the function pointer in rdi and return its result.
inline const Snippet call_rdi{"call_rdi", "sub rsp, 8\ncall rdi\nadd rsp, 8\nret\n",
                              {0x48, 0x83, 0xec, 0x08, 0xff, 0xd7, 0x48, 0x83, 0xc4, 0x08, 0xc3}};

inline const Snippet* const all_snippets[] = {
    &add2, &add6,     &arg6,    &addsd,   &double8,           &null_load,
    &ud2,  &int3,     &div_zero, &recurse, &call_rdi_then_ud2, &call_rdi};

}  // namespace jitmem_test
