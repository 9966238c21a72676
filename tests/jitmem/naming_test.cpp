// Names for sealed code: /tmp/perf-PID.map lines, the GDB JIT descriptor's
// in-memory ELF objects, and a real gdb backtrace (skipped without gdb).
#include <elf.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "helpers.hpp"

extern "C" {
struct jit_code_entry {
  jit_code_entry* next_entry;
  jit_code_entry* prev_entry;
  const char* symfile_addr;
  uint64_t symfile_size;
};
struct jit_descriptor {
  uint32_t version;
  uint32_t action_flag;
  jit_code_entry* relevant_entry;
  jit_code_entry* first_entry;
};
extern jit_descriptor __jit_debug_descriptor;
}

using namespace jitmem;
using namespace jitmem_test;

namespace {

// The ELF machine of this host, as gdb expects it in a JIT entry.
#if defined(__x86_64__)
constexpr uint16_t host_machine = EM_X86_64;
#elif defined(__aarch64__)
constexpr uint16_t host_machine = EM_AARCH64;
#else
constexpr uint16_t host_machine = EM_RISCV;
#endif

struct ElfSymbol {
  std::string name;
  uint64_t value = 0, size = 0;
};

// The function symbols of an in-memory ELF64 object.
std::vector<ElfSymbol> symbols_of(const char* elf, size_t size) {
  std::vector<ElfSymbol> out;
  Elf64_Ehdr eh;
  if (size < sizeof eh) return out;
  std::memcpy(&eh, elf, sizeof eh);
  if (std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_machine != host_machine) return out;
  auto section = [&](size_t i) {
    Elf64_Shdr sh;
    std::memcpy(&sh, elf + eh.e_shoff + i * sizeof sh, sizeof sh);
    return sh;
  };
  for (size_t i = 0; i < eh.e_shnum; ++i) {
    Elf64_Shdr sh = section(i);
    if (sh.sh_type != SHT_SYMTAB) continue;
    Elf64_Shdr strtab = section(sh.sh_link);
    for (size_t s = 0; s < sh.sh_size / sizeof(Elf64_Sym); ++s) {
      Elf64_Sym sym;
      std::memcpy(&sym, elf + sh.sh_offset + s * sizeof sym, sizeof sym);
      if (ELF64_ST_TYPE(sym.st_info) != STT_FUNC) continue;
      out.push_back({elf + strtab.sh_offset + sym.st_name, sym.st_value, sym.st_size});
    }
  }
  return out;
}

bool gdb_knows(const std::string& name, uintptr_t address, size_t size) {
  for (auto* e = __jit_debug_descriptor.first_entry; e; e = e->next_entry)
    for (const ElfSymbol& s : symbols_of(e->symfile_addr, e->symfile_size))
      if (s.name == name && s.value == address && s.size == size) return true;
  return false;
}

std::string perf_map() {
  std::ifstream in("/tmp/perf-" + std::to_string(getpid()) + ".map");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(Naming, NamedRegionGoesToThePerfMap) {
  Memory memory;
  Handle handle = seal_snippet(memory, add2, "jitmem_perf_add");
  uintptr_t address = memory.info(handle)->exec_address;
  char line[128];
  std::snprintf(line, sizeof line, "%lx %zx jitmem_perf_add\n", address, add2.bytes.size());
  EXPECT_NE(perf_map().find(line), std::string::npos) << line;
  EXPECT_EQ(memory.info(handle)->name, "jitmem_perf_add");
}

TEST(Naming, UnnamedRegionIsNotRegistered) {
  Memory memory;
  size_t perf_bytes_before = perf_map().size();
  Handle handle = seal_snippet(memory, add6);
  uintptr_t address = memory.info(handle)->exec_address;
  EXPECT_EQ(perf_map().size(), perf_bytes_before);
  for (auto* e = __jit_debug_descriptor.first_entry; e; e = e->next_entry)
    for (const ElfSymbol& s : symbols_of(e->symfile_addr, e->symfile_size)) EXPECT_NE(s.value, address);
}

TEST(Naming, NamingCanBeTurnedOff) {
  Memory memory{Options{Mode::dual_mapping, /*perf_map=*/false, /*gdb_jit=*/false}};
  size_t perf_bytes_before = perf_map().size();
  Handle handle = seal_snippet(memory, add2, "jitmem_not_published");
  EXPECT_EQ(memory.info(handle)->name, "jitmem_not_published");
  EXPECT_EQ(perf_map().size(), perf_bytes_before);
  EXPECT_FALSE(gdb_knows("jitmem_not_published", memory.info(handle)->exec_address, 7));
}

TEST(Naming, GdbJitRegistrationAndRemoval) {
  EXPECT_EQ(__jit_debug_descriptor.version, 1u);
  Memory memory;
  Handle first = seal_snippet(memory, add2, "jitmem_gdb_first");
  Handle second = seal_snippet(memory, add6, "jitmem_gdb_second");
  auto a = memory.info(first), b = memory.info(second);
  EXPECT_TRUE(gdb_knows("jitmem_gdb_first", a->exec_address, a->size));
  EXPECT_TRUE(gdb_knows("jitmem_gdb_second", b->exec_address, b->size));
  EXPECT_EQ(__jit_debug_descriptor.action_flag, 1u);  // JIT_REGISTER_FN

  ASSERT_TRUE(memory.free(first).ok());
  EXPECT_EQ(__jit_debug_descriptor.action_flag, 2u);  // JIT_UNREGISTER_FN
  EXPECT_FALSE(gdb_knows("jitmem_gdb_first", a->exec_address, a->size));
  EXPECT_TRUE(gdb_knows("jitmem_gdb_second", b->exec_address, b->size));
}

// seal_code names the same way: perf map line, gdb entry, removed by free.
TEST(Naming, SealCodeNamesForPerfAndGdb) {
  Memory memory;
  auto sealed = memory.seal_code(add2.bytes, "jitmem_seal_code_named");
  ASSERT_TRUE(sealed.ok());
  auto address = reinterpret_cast<uintptr_t>(sealed->entry.code);
  char line[128];
  std::snprintf(line, sizeof line, "%lx %zx jitmem_seal_code_named\n", address, add2.bytes.size());
  EXPECT_NE(perf_map().find(line), std::string::npos) << line;
  EXPECT_EQ(memory.info(sealed->handle)->name, "jitmem_seal_code_named");
  EXPECT_TRUE(gdb_knows("jitmem_seal_code_named", address, add2.bytes.size()));
  ASSERT_TRUE(memory.free(sealed->handle).ok());
  EXPECT_FALSE(gdb_knows("jitmem_seal_code_named", address, add2.bytes.size()));
}

TEST(Naming, DestroyingTheManagerUnregisters) {
  uintptr_t address;
  {
    Memory memory;
    Handle handle = seal_snippet(memory, add2, "jitmem_gdb_scoped");
    address = memory.info(handle)->exec_address;
    EXPECT_TRUE(gdb_knows("jitmem_gdb_scoped", address, add2.bytes.size()));
  }
  EXPECT_FALSE(gdb_knows("jitmem_gdb_scoped", address, add2.bytes.size()));
}

// gdb runs the target, which seals "jitmem_gdb_probe" (ud2) and calls it
// unguarded; the backtrace at the SIGILL must name the JIT function.
TEST(Naming, GdbBacktraceNamesJitCode) {
  const char* gdb = std::getenv("GDB");
  const char* target = std::getenv("JITMEM_GDB_TARGET");
  if (!gdb || !*gdb) GTEST_SKIP() << "gdb not installed";
  ASSERT_TRUE(target && *target);
  std::string command = std::string(gdb) + " -nx -batch -ex run -ex bt --args " + target + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  pclose(pipe);
  EXPECT_NE(output.find("SIGILL"), std::string::npos) << output;
  EXPECT_NE(output.find("#0  0x"), std::string::npos) << output;
  EXPECT_NE(output.find(" in jitmem_gdb_probe ()"), std::string::npos) << output;
}

// The tests' own perf map is litter once they are done.
class RemovePerfMap : public ::testing::Environment {
  void TearDown() override { unlink(("/tmp/perf-" + std::to_string(getpid()) + ".map").c_str()); }
};
const auto* const remove_perf_map = ::testing::AddGlobalTestEnvironment(new RemovePerfMap);

}  // namespace
