// The GDB JIT interface (gdb manual, "JIT Compilation Interface"): gdb puts a
// breakpoint in __jit_debug_register_code and reads __jit_debug_descriptor's
// list of in-memory object files. Each sealed, named region gets a minimal
// ELF64 object: a NOBITS .text at the code's address and a symbol table that
// names the function, so backtraces show the name.
#include <elf.h>

#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "arch.hpp"
#include "naming.hpp"

extern "C" {

struct jit_code_entry {
  jit_code_entry* next_entry;
  jit_code_entry* prev_entry;
  const char* symfile_addr;
  uint64_t symfile_size;
};

struct jit_descriptor {
  uint32_t version;
  uint32_t action_flag;  // 0 none, 1 register, 2 unregister
  jit_code_entry* relevant_entry;
  jit_code_entry* first_entry;
};

// gdb looks these up by name; they must keep C linkage and these exact names.
[[gnu::used, gnu::visibility("default")]] jit_descriptor __jit_debug_descriptor = {1, 0, nullptr, nullptr};

[[gnu::noinline, gnu::used, gnu::visibility("default")]] void __jit_debug_register_code() {
  asm volatile("" ::: "memory");  // keep the call: gdb breaks here
}

}  // extern "C"

namespace jitmem::detail {

namespace {

enum { jit_register = 1, jit_unregister = 2 };

// Section indexes of the object.
enum { sec_null, sec_text, sec_symtab, sec_strtab, sec_shstrtab, sec_count };

constexpr char section_names[] = "\0.text\0.symtab\0.strtab\0.shstrtab";
constexpr uint32_t name_text = 1, name_symtab = 7, name_strtab = 15, name_shstrtab = 23;

struct Object {
  jit_code_entry entry{};
  std::vector<char> elf;
};

template <class T>
void put(std::vector<char>& out, size_t at, const T& value) {
  std::memcpy(out.data() + at, &value, sizeof value);
}

// An ELF64 executable-type object with no program headers: gdb only reads its
// sections and symbols; .text is NOBITS, so the code itself is not copied.
std::vector<char> build_elf(uintptr_t address, size_t size, std::string_view name) {
  const size_t shdrs = sizeof(Elf64_Ehdr);
  const size_t symtab = shdrs + sec_count * sizeof(Elf64_Shdr);
  const size_t strtab = symtab + 2 * sizeof(Elf64_Sym);
  const size_t strtab_size = name.size() + 2;  // leading and trailing NUL
  const size_t shstrtab = strtab + strtab_size;
  std::vector<char> out(shstrtab + sizeof section_names, 0);

  Elf64_Ehdr eh{};
  std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
  eh.e_ident[EI_CLASS] = ELFCLASS64;
  eh.e_ident[EI_DATA] = ELFDATA2LSB;
  eh.e_ident[EI_VERSION] = EV_CURRENT;
  eh.e_ident[EI_OSABI] = ELFOSABI_SYSV;
  eh.e_type = ET_EXEC;
  eh.e_machine = arch::elf_machine;
  eh.e_flags = arch::elf_flags;
  eh.e_version = EV_CURRENT;
  eh.e_entry = address;
  eh.e_shoff = shdrs;
  eh.e_ehsize = sizeof(Elf64_Ehdr);
  eh.e_shentsize = sizeof(Elf64_Shdr);
  eh.e_shnum = sec_count;
  eh.e_shstrndx = sec_shstrtab;
  put(out, 0, eh);

  Elf64_Shdr sh[sec_count]{};
  sh[sec_text] = {name_text, SHT_NOBITS, SHF_ALLOC | SHF_EXECINSTR, address, 0, size, 0, 0, 16, 0};
  sh[sec_symtab] = {
      name_symtab, SHT_SYMTAB,       0, 0, symtab, 2 * sizeof(Elf64_Sym), sec_strtab, 1 /* first global symbol */,
      8,           sizeof(Elf64_Sym)};
  sh[sec_strtab] = {name_strtab, SHT_STRTAB, 0, 0, strtab, strtab_size, 0, 0, 1, 0};
  sh[sec_shstrtab] = {name_shstrtab, SHT_STRTAB, 0, 0, shstrtab, sizeof section_names, 0, 0, 1, 0};
  for (int i = 0; i < sec_count; ++i) put(out, shdrs + i * sizeof(Elf64_Shdr), sh[i]);

  Elf64_Sym function{};
  function.st_name = 1;
  function.st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC);
  function.st_shndx = sec_text;
  function.st_value = address;
  function.st_size = size;
  put(out, symtab + sizeof(Elf64_Sym), function);

  std::memcpy(out.data() + strtab + 1, name.data(), name.size());
  std::memcpy(out.data() + shstrtab, section_names, sizeof section_names);
  return out;
}

std::mutex& registry_lock() {
  static std::mutex lock;
  return lock;
}

}  // namespace

void* gdb_register(uintptr_t address, size_t size, std::string_view name) {
  auto object = std::make_unique<Object>();
  object->elf = build_elf(address, size, name);
  jit_code_entry* entry = &object->entry;
  entry->symfile_addr = object->elf.data();
  entry->symfile_size = object->elf.size();

  std::lock_guard guard(registry_lock());
  entry->next_entry = __jit_debug_descriptor.first_entry;
  if (entry->next_entry) entry->next_entry->prev_entry = entry;
  __jit_debug_descriptor.first_entry = entry;
  __jit_debug_descriptor.relevant_entry = entry;
  __jit_debug_descriptor.action_flag = jit_register;
  __jit_debug_register_code();
  return object.release();
}

void gdb_unregister(void* token) {
  std::unique_ptr<Object> object(static_cast<Object*>(token));
  jit_code_entry* entry = &object->entry;

  std::lock_guard guard(registry_lock());
  if (entry->prev_entry) entry->prev_entry->next_entry = entry->next_entry;
  else __jit_debug_descriptor.first_entry = entry->next_entry;
  if (entry->next_entry) entry->next_entry->prev_entry = entry->prev_entry;
  __jit_debug_descriptor.relevant_entry = entry;
  __jit_debug_descriptor.action_flag = jit_unregister;
  __jit_debug_register_code();
}

}  // namespace jitmem::detail
