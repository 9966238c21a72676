// Program -> canonical text: operands separated by ", " (so `1, -2` stays two
// operands), immediates in decimal, `#function NAME` before each function
// unless the program is a single, non-empty function named main.
#include "ras/printer.hpp"

namespace ras {

std::string print_instruction(const Instruction& ins) {
  std::string out(ins.mnemonic());
  for (size_t i = 0; i < ins.operands.size(); ++i) {
    out += i ? ", " : " ";
    out += ins.operands[i].text();
  }
  if (ins.result) out += " => " + ins.result->text();
  return out;
}

std::string print_program(const Program& program) {
  bool directives = !(program.functions.size() == 1 && program.functions[0].name == kDefaultFunctionName &&
                      !program.functions[0].code.empty());
  std::string out;
  for (const Function& f : program.functions) {
    if (directives) out += "#function " + f.name + "\n";
    for (const Instruction& ins : f.code) out += print_instruction(ins) + "\n";
  }
  return out;
}

}  // namespace ras
