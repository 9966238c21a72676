// Argument checking for the asm module, on the bindings' common mechanism
// (bindings/common/params.hpp): every function declares its parameters as
// (name, kind) and all arguments are converted and checked before the
// function body runs, so a bad argument never leaves half an instruction.
// Errors read "FUNCTION: argument NAME: what was wrong".
#pragma once

#include <ilusm/ilusm.hpp>
#include <x86/x86.hpp>

#include "params.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace ilusm::asmmod {

struct Program;

enum class Kind : uint8_t {
  prog,     // a program object ({b: bin} from asmne)
  reg,      // a 64-bit register name: "rax".."r15"
  byte,     // an integer 0..255
  bytes,    // a list of bytes (or a bin)
  imm32,    // an integer that fits a sign-extended 32-bit immediate
  imm64,    // any int64
  int64,    // a call argument (int64)
  reg_imm,  // a register name or an imm32
  shift,    // 0..63 or "cl"
  mem,      // "reg" or {b: reg, i: reg, s: 1|2|4|8, d: imm32}
  cond,     // a condition name: "e", "ne", "l", ...
  label,    // a label number from asmlb(p)
  callee,   // a label number or a sealed handle
  str,      // a string (a name)
  bin,      // a bin (any)
  wbin,     // a writable bin (from asmbn or asmpk, or a view of one)
  elem,     // an element type name: "i8" "u8" "i16" "u16" "i32" "u32" "i64" "f32" "f64"
  size,     // a byte count 0..kMaxBinSize
  list,     // a lst
  any,      // passed through unchecked (handles: checked by the natives)
};

using binding::check_count;
using binding::count_error;
using binding::describe;
using binding::fail;
using binding::Param;

// One converted argument; which members are set depends on the kind.
struct Arg {
  const Value* given = nullptr;  // the argument as passed (lives as long as the call)
  const Value& value() const;    // *given, or nil for a missing optional argument
  bool present = false;
  bool is_reg = false;  // reg_imm / shift ("cl") / callee (label vs handle)
  x86::Gp reg{};
  int64_t i = 0;  // integers, labels, shift counts
  x86::Mem mem{};
  x86::Cond cond{};
  Program* prog = nullptr;
  Bin* bin = nullptr;  // bin / wbin
  const struct Elem* elem = nullptr;
};

inline constexpr size_t kMaxParams = 7;
// check_args constructs one Arg per parameter of the function (not all
// kMaxParams: they are not cheap to initialise and most functions take 1-3).
struct ArgList {
  ArgList() {}
  ~ArgList() {}
  union {
    Arg args[kMaxParams];
  };
  std::vector<uint8_t> bytes;  // the converted `bytes` argument (one per function at most)
  Arg& operator[](size_t k) { return args[k]; }
};
static_assert(std::is_trivially_destructible_v<Arg>);

// Checks the argument count, converts each argument to its kind (labels are
// checked against the program in parameter 0) or raises naming fn and the param.
void check_args(const char* fn, const std::vector<Param>& params, Args args, ArgList& out);

// Shared converters (also used by the functions that check their raw arguments).
int64_t to_int64(const Value& v, const char* fn, const char* param);
x86::Gp to_reg(const Value& v, const char* fn, const char* param);
// A reg_imm argument: a register name (true, into reg) or an imm32 (false, into imm).
bool to_reg_or_imm32(const Value& v, const char* fn, const char* param, x86::Gp& reg, int64_t& imm);
Program& to_program(const Value& v, const char* fn, const char* param);
void check_str(const Value& v, const char* fn, const char* param);

// An element type of bin data (asmrd, asmwr, asmpk, asmup): little-endian.
struct Elem {
  const char* name;
  uint8_t size;    // bytes
  bool is_float;   // f32, f64
  bool is_signed;  // integers: i8..i64 (u8..u32 are unsigned)
};
inline constexpr Elem kElems[] = {
    {"i8", 1, false, true},   {"u8", 1, false, false}, {"i16", 2, false, true},
    {"u16", 2, false, false}, {"i32", 4, false, true}, {"u32", 4, false, false},
    {"i64", 8, false, true},  {"f32", 4, true, false}, {"f64", 8, true, false},
};
inline constexpr int64_t kMaxBinSize = int64_t{1} << 30;  // asmbn, asmpk

}  // namespace ilusm::asmmod
