// The reference interpreter (see interp.hpp): a loop over resolved steps with
// one register file per call frame.
#include "ras/interp.hpp"

#include "support/stack.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "ras/diagnostic.hpp"
#include "ras/target.hpp"

namespace ras {

namespace {

// Sign- or zero-extend the low bytes of `value` as the type suffix says.
int64_t extend(int64_t value, Type type) {
  switch (type) {
    case Type::c: return static_cast<int8_t>(value);
    case Type::uc: return static_cast<uint8_t>(value);
    case Type::s: return static_cast<int16_t>(value);
    case Type::us: return static_cast<uint16_t>(value);
    case Type::i: return static_cast<int32_t>(value);
    case Type::ui: return static_cast<uint32_t>(value);
    default: return value;
  }
}

template <class T>
bool compare_as(Op op, T a, T b) {
  switch (op) {
    case Op::lt:
    case Op::blt: return a < b;
    case Op::le:
    case Op::ble: return a <= b;
    case Op::eq:
    case Op::beq: return a == b;
    case Op::ne:
    case Op::bne: return a != b;
    case Op::ge:
    case Op::bge: return a >= b;
    default: return a > b;
  }
}

bool compare(Op op, int64_t a, int64_t b, bool is_unsigned) {
  return is_unsigned ? compare_as(op, static_cast<uint64_t>(a), static_cast<uint64_t>(b)) : compare_as(op, a, b);
}

// Double compares are false on NaN except !=, as ucomisd-based branches are.
bool compare_double(Op op, double a, double b) { return compare_as(op, a, b); }

// Toward zero, saturating: NaN gives 0, values beyond the int64 range its
// nearest end (docs/ras-run.md, "Edge semantics").
int64_t truncate(double value) {
  constexpr double limit = 9223372036854775808.0;  // 2^63
  if (std::isnan(value)) return 0;
  if (value >= limit) return std::numeric_limits<int64_t>::max();
  if (value < -limit) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(value);
}

int64_t wrap_add(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}
int64_t wrap_sub(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
}
int64_t wrap_mul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
}

}  // namespace

struct Interpreter::Frame {
  int64_t r[kIntRegs] = {};
  double f[kFpRegs] = {};
};

Interpreter::Interpreter(const Program& program, InterpOptions options)
    : options_(std::move(options)), resolved_(resolve(program, options_.hosts ? *options_.hosts : standard_hosts())) {}

Interpreter::~Interpreter() = default;

void Interpreter::fail(const Step& step, const std::string& message) const {
  throw Error(where(resolved_.file(), step.ins->loc) + ": " + message);
}

void Interpreter::check_memory(const Step& step, uintptr_t address, size_t bytes) const {
  if (options_.memory_ok && !options_.memory_ok(address, bytes))
    fail(step, fmt::format("{}: {} bytes at 0x{:x} are outside the memory given to the program", step.ins->mnemonic(),
                           bytes, address));
}

RunResult Interpreter::call(std::string_view name, std::span<const int64_t> ints, std::span<const double> doubles) {
  for (size_t i = 0; i < resolved_.functions.size(); ++i)
    if (resolved_.functions[i].source->name == name) return call(i, ints, doubles);
  throw Error(fmt::format("{}: no function named '{}'", resolved_.file(), name));
}

RunResult Interpreter::call(size_t index, std::span<const int64_t> ints, std::span<const double> doubles) {
  if (index >= resolved_.functions.size())
    throw Error(fmt::format("{}: function index {} out of range ({} functions)", resolved_.file(), index,
                            resolved_.functions.size()));
  const ResolvedFunction& function = resolved_.functions[index];
  std::vector<HostValue> args;
  size_t next_int = 0, next_double = 0;
  for (ValueKind kind : function.params) {
    HostValue value;
    if (kind == ValueKind::integer) {
      if (next_int < ints.size()) value.i = ints[next_int];
      ++next_int;
    } else {
      if (next_double < doubles.size()) value.d = doubles[next_double];
      ++next_double;
    }
    args.push_back(value);
  }
  if (next_int != ints.size() || next_double != doubles.size())
    throw Error(fmt::format("{}: function '{}' takes {} integer and {} double argument(s), got {} and {}",
                            resolved_.file(), function.source->name, next_int, next_double, ints.size(),
                            doubles.size()));
  return run(index, args.data(), 0);
}

RunResult Interpreter::run(size_t index, const HostValue* args, int depth) {
  const ResolvedFunction& function = resolved_.functions[index];
  const std::vector<Step>& steps = function.steps;
  Frame frame;
  int64_t* r = frame.r;
  double* f = frame.f;
  std::vector<HostValue> pushed;
  HostValue last_return;

  auto finish_result = [&]() {
    RunResult out;
    out.value = r[kIntRet];
    out.dvalue = canonical_nan(f[kFpRet]);
    out.is_double = function.returns_double;
    return out;
  };

  for (size_t pc = 0; pc < steps.size(); ++pc) {
    const Step& s = steps[pc];
    // Second source: a register or the immediate.
    auto rhs = [&](int k) { return s.reg[k] >= 0 ? r[s.reg[k]] : s.imm; };
    auto drhs = [&](int k) { return s.reg[k] >= 0 ? f[s.reg[k]] : double_immediate(s); };
    switch (s.op) {
      case Op::prolog:
      case Op::leaf:
      case Op::arg:
      case Op::get_label:
      case Op::patch: break;
      case Op::prepare:
        if (s.ins->operands.size() && pushed.empty()) pushed.reserve(static_cast<size_t>(s.imm));
        break;
      case Op::mov:
        if (s.dbl) f[s.reg[0]] = drhs(1);
        else r[s.reg[0]] = rhs(1);
        break;
      case Op::add:
        if (s.dbl) f[s.reg[0]] = f[s.reg[1]] + drhs(2);
        else r[s.reg[0]] = wrap_add(r[s.reg[1]], rhs(2));
        break;
      case Op::sub:
        if (s.dbl) f[s.reg[0]] = f[s.reg[1]] - drhs(2);
        else r[s.reg[0]] = wrap_sub(r[s.reg[1]], rhs(2));
        break;
      case Op::mul:
        if (s.dbl) f[s.reg[0]] = f[s.reg[1]] * drhs(2);
        else r[s.reg[0]] = wrap_mul(r[s.reg[1]], rhs(2));
        break;
      case Op::div:
      case Op::rem: {
        if (s.dbl) {
          f[s.reg[0]] = f[s.reg[1]] / drhs(2);
          break;
        }
        int64_t a = r[s.reg[1]], b = rhs(2);
        if (b == 0) fail(s, std::string(trap_message(TrapKind::divide_by_zero)));
        if (s.is_unsigned) {
          uint64_t x = static_cast<uint64_t>(a), y = static_cast<uint64_t>(b);
          r[s.reg[0]] = static_cast<int64_t>(s.op == Op::div ? x / y : x % y);
        } else {
          if (a == std::numeric_limits<int64_t>::min() && b == -1)
            fail(s, std::string(trap_message(TrapKind::divide_overflow)));
          r[s.reg[0]] = s.op == Op::div ? a / b : a % b;
        }
        break;
      }
      case Op::and_: r[s.reg[0]] = r[s.reg[1]] & rhs(2); break;
      case Op::or_: r[s.reg[0]] = r[s.reg[1]] | rhs(2); break;
      case Op::xor_: r[s.reg[0]] = r[s.reg[1]] ^ rhs(2); break;
      case Op::lsh: r[s.reg[0]] = static_cast<int64_t>(static_cast<uint64_t>(r[s.reg[1]]) << (rhs(2) & 63)); break;
      case Op::rsh: {
        int count = static_cast<int>(rhs(2) & 63);
        r[s.reg[0]] =
            s.is_unsigned ? static_cast<int64_t>(static_cast<uint64_t>(r[s.reg[1]]) >> count) : r[s.reg[1]] >> count;
        break;
      }
      case Op::neg:
        if (s.dbl) f[s.reg[0]] = -f[s.reg[1]];
        else r[s.reg[0]] = wrap_sub(0, r[s.reg[1]]);
        break;
      case Op::not_: r[s.reg[0]] = ~r[s.reg[1]]; break;
      case Op::abs: f[s.reg[0]] = std::fabs(f[s.reg[1]]); break;
      case Op::sqrt: f[s.reg[0]] = std::sqrt(f[s.reg[1]]); break;
      case Op::ext: f[s.reg[0]] = static_cast<double>(r[s.reg[1]]); break;
      case Op::trunc: r[s.reg[0]] = truncate(f[s.reg[1]]); break;
      case Op::lt:
      case Op::le:
      case Op::eq:
      case Op::ne:
      case Op::ge:
      case Op::gt: r[s.reg[0]] = compare(s.op, r[s.reg[1]], rhs(2), s.is_unsigned) ? 1 : 0; break;
      case Op::blt:
      case Op::ble:
      case Op::beq:
      case Op::bne:
      case Op::bge:
      case Op::bgt: {
        bool taken =
            s.dbl ? compare_double(s.op, f[s.reg[1]], drhs(2)) : compare(s.op, r[s.reg[1]], rhs(2), s.is_unsigned);
        if (taken) pc = static_cast<size_t>(s.target);  // the loop's ++pc skips the label/patch step
        break;
      }
      case Op::jmp: pc = static_cast<size_t>(s.target); break;
      case Op::ld:
      case Op::ldx: {
        uintptr_t address = static_cast<uintptr_t>(s.op == Op::ld ? rhs(1) : wrap_add(r[s.reg[1]], rhs(2)));
        size_t bytes = static_cast<size_t>(width_bytes(s.type));
        check_memory(s, address, bytes);
        if (s.dbl) {
          std::memcpy(&f[s.reg[0]], reinterpret_cast<const void*>(address), sizeof(double));
          break;
        }
        int64_t raw = 0;
        std::memcpy(&raw, reinterpret_cast<const void*>(address), bytes);  // little-endian host
        r[s.reg[0]] = extend(raw, s.type);
        break;
      }
      case Op::st:
      case Op::stx: {
        uintptr_t address =
            static_cast<uintptr_t>(s.op == Op::st ? (s.reg[0] >= 0 ? r[s.reg[0]] : s.imm)
                                                  : wrap_add(r[s.reg[1]], s.reg[0] >= 0 ? r[s.reg[0]] : s.imm));
        int value_operand = s.op == Op::st ? 1 : 2;
        size_t bytes = static_cast<size_t>(width_bytes(s.type));
        check_memory(s, address, bytes);
        if (s.dbl) std::memcpy(reinterpret_cast<void*>(address), &f[s.reg[value_operand]], sizeof(double));
        else std::memcpy(reinterpret_cast<void*>(address), &r[s.reg[value_operand]], bytes);
        break;
      }
      case Op::getarg: {
        const HostValue& value = args[s.slot];
        if (s.dbl) f[s.reg[0]] = value.d;
        else r[s.reg[0]] = extend(value.i, s.type);
        break;
      }
      case Op::pusharg: {
        HostValue value;
        if (s.dbl) value.d = f[s.reg[0]];
        else value.i = s.reg[0] >= 0 ? r[s.reg[0]] : s.imm;
        pushed.push_back(value);
        break;
      }
      case Op::finish: {
        if (s.callee == CalleeKind::host) {
          std::vector<int64_t> ints;
          std::vector<double> doubles;
          for (size_t k = 0; k < pushed.size(); ++k) {
            if (s.host->params[k] == ValueKind::floating) doubles.push_back(pushed[k].d);
            else ints.push_back(pushed[k].i);
          }
          last_return = s.host->thunk(s.host->address, ints.data(), doubles.data());
        } else {
          if (options_.max_depth > 0 && depth + 1 >= options_.max_depth)
            fail(s, fmt::format("call depth limit {} exceeded", options_.max_depth));
          if (support::stack_low())
            fail(s, fmt::format("call depth {}: out of stack (the thread's stack is nearly used up)", depth + 1));
          RunResult result = run(static_cast<size_t>(s.function), pushed.data(), depth + 1);
          last_return.i = result.value;
          last_return.d = result.dvalue;
        }
        pushed.clear();
        r[kIntRet] = last_return.i;  // as in the JIT, %ret holds the callee's result
        f[kFpRet] = last_return.d;
        break;
      }
      case Op::retval:
        if (s.dbl) f[s.reg[0]] = last_return.d;
        else r[s.reg[0]] = extend(last_return.i, s.type);
        break;
      case Op::ret: return finish_result();
      default: fail(s, fmt::format("'{}' is not supported by the interpreter", s.ins->mnemonic()));
    }
  }
  return finish_result();  // falling off the end returns, as the JIT's implicit epilogue does
}

}  // namespace ras
