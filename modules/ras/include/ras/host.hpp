// Host functions: C++ functions a .ras program calls by name (`finish !print`).
// One registration gives both back ends what they need: the native address
// (the JIT calls it by the SysV ABI) and a typed thunk (the interpreter calls
// it through the thunk). Parameters are integers, pointers or double; the
// result is void, double, a pointer or a 64-bit integer.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace ras {

enum class ValueKind : uint8_t { integer, floating };

// A value crossing the host boundary; only the field named by the kind is set.
struct HostValue {
  int64_t i = 0;
  double d = 0;
};

using HostThunk = HostValue (*)(const void* fn, const int64_t* ints, const double* doubles);

struct HostFunction {
  std::string name;
  const void* address = nullptr;          // the native function (called by the JIT)
  HostThunk thunk = nullptr;              // calls `address` with unpacked arguments
  std::vector<ValueKind> params;          // in declaration order
  ValueKind result = ValueKind::integer;  // void results read as integer 0
  int int_params() const;
  int double_params() const;
};

namespace host_detail {

template <class T>
constexpr bool is_int_like = std::is_integral_v<T> || std::is_pointer_v<T> || std::is_enum_v<T>;

template <class T>
constexpr ValueKind kind_of() {
  static_assert(is_int_like<T> || std::is_same_v<T, double>,
                "host function parameters must be integers, pointers or double");
  return std::is_same_v<T, double> ? ValueKind::floating : ValueKind::integer;
}

// For each parameter, its position among the parameters of the same kind.
template <class... A>
constexpr std::array<size_t, sizeof...(A)> class_positions() {
  std::array<size_t, sizeof...(A)> out{};
  constexpr std::array<ValueKind, sizeof...(A)> kinds{kind_of<A>()...};
  size_t ints = 0, doubles = 0;
  for (size_t i = 0; i < sizeof...(A); ++i) out[i] = kinds[i] == ValueKind::floating ? doubles++ : ints++;
  return out;
}

template <class T>
T unpack(const int64_t* ints, const double* doubles, size_t position) {
  if constexpr (std::is_same_v<T, double>) {
    return doubles[position];
  } else if constexpr (std::is_pointer_v<T>) {
    return reinterpret_cast<T>(static_cast<uintptr_t>(ints[position]));
  } else {
    return static_cast<T>(ints[position]);
  }
}

template <class R>
HostValue pack(R value) {
  HostValue out;
  if constexpr (std::is_same_v<R, double>) {
    out.d = value;
  } else if constexpr (std::is_pointer_v<R>) {
    out.i = static_cast<int64_t>(reinterpret_cast<uintptr_t>(value));
  } else {
    // The JIT reads all of rax: a narrower result would leave its upper bits undefined.
    static_assert(is_int_like<R> && sizeof(R) == 8,
                  "host function results must be void, double, pointers or 64-bit integers");
    out.i = static_cast<int64_t>(value);
  }
  return out;
}

template <class R, class... A>
HostValue thunk(const void* fn, const int64_t* ints, const double* doubles) {
  auto typed = reinterpret_cast<R (*)(A...)>(const_cast<void*>(fn));
  constexpr auto positions = class_positions<A...>();
  return [&]<size_t... I>(std::index_sequence<I...>) {
    if constexpr (std::is_void_v<R>) {
      typed(unpack<A>(ints, doubles, positions[I])...);
      return HostValue{};
    } else {
      return pack<R>(typed(unpack<A>(ints, doubles, positions[I])...));
    }
  }
  (std::index_sequence_for<A...>{});
}

}  // namespace host_detail

// Describe a C++ function as a host function.
template <class R, class... A>
HostFunction host_function(std::string name, R (*fn)(A...)) {
  HostFunction out;
  out.name = std::move(name);
  out.address = reinterpret_cast<const void*>(fn);
  out.thunk = &host_detail::thunk<R, A...>;
  out.params = {host_detail::kind_of<A>()...};
  out.result = std::is_same_v<R, double> ? ValueKind::floating : ValueKind::integer;
  return out;
}

// Host functions by name. A program's `finish !NAME` resolves against the
// functions of its own file first, then against this table.
class HostTable {
 public:
  void add(HostFunction function);
  template <class R, class... A>
  void add(std::string name, R (*fn)(A...)) {
    add(host_function(std::move(name), fn));
  }
  const HostFunction* find(std::string_view name) const;
  std::vector<std::string> names() const;

 private:
  std::map<std::string, HostFunction, std::less<>> functions_;
};

// The functions `rasm` offers: print (int64, a line), print_d (double, a
// line), putchar (one byte), alloc (zeroed bytes, freed at exit; 0 on
// failure) and free. Output goes to stdout and is flushed by each call so
// that it interleaves correctly with the caller's own output.
const HostTable& standard_hosts();

}  // namespace ras
