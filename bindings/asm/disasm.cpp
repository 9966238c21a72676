#include "disasm.hpp"

#if ILUSM_HAVE_CAPSTONE
#include <capstone/capstone.h>
#endif
#include <fmt/format.h>

#include <stdexcept>

namespace ilusm::asmmod {
namespace {

#if ILUSM_HAVE_CAPSTONE
// Owns a Capstone handle for the duration of one disassembly.
struct Capstone {
  csh h = 0;
  cs_insn* insn = nullptr;
  Capstone() {
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &h) != CS_ERR_OK)
      throw std::runtime_error("disassembler: cannot open Capstone for x86-64");
    insn = cs_malloc(h);
  }
  ~Capstone() {
    if (insn) cs_free(insn, 1);
    cs_close(&h);
  }
};

std::string hex_bytes(std::span<const uint8_t> b) {
  std::string s;
  for (size_t i = 0; i < b.size(); ++i) s += fmt::format("{}{:02x}", i ? " " : "", b[i]);
  return s;
}

#endif

}  // namespace

std::vector<std::string> disassemble(std::span<const uint8_t> code, uint64_t origin) {
#if !ILUSM_HAVE_CAPSTONE
  (void)code, (void)origin;
  throw std::runtime_error("disassembler: this build has no Capstone (a cross build; docs/cross.md)");
#else
  Capstone cs;
  std::vector<std::string> lines;
  const uint8_t* p = code.data();
  size_t left = code.size();
  uint64_t addr = origin;
  while (left > 0) {
    const uint8_t* at = p;
    uint64_t here = addr;
    if (cs_disasm_iter(cs.h, &p, &left, &addr, cs.insn)) {
      std::string text = cs.insn->mnemonic;
      if (cs.insn->op_str[0]) text += std::string(" ") + cs.insn->op_str;
      lines.push_back(fmt::format("{:04x}  {:<30} {}", here, hex_bytes({at, cs.insn->size}), text));
    } else {  // undecodable: show one byte and resynchronise after it
      lines.push_back(fmt::format("{:04x}  {:<30} .byte 0x{:02x}", here, hex_bytes({at, 1}), *at));
      ++p, --left, ++addr;
    }
  }
  return lines;
#endif
}

}  // namespace ilusm::asmmod
