// The host-function table and the standard functions `rasm` offers.
#include "ras/host.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "ras/host_memory.hpp"

namespace ras {

int HostFunction::int_params() const {
  return static_cast<int>(std::count(params.begin(), params.end(), ValueKind::integer));
}

int HostFunction::double_params() const { return static_cast<int>(params.size()) - int_params(); }

void HostTable::add(HostFunction function) {
  std::string key = function.name;
  functions_.insert_or_assign(std::move(key), std::move(function));
}

const HostFunction* HostTable::find(std::string_view name) const {
  auto it = functions_.find(name);
  return it == functions_.end() ? nullptr : &it->second;
}

std::vector<std::string> HostTable::names() const {
  std::vector<std::string> out;
  for (const auto& entry : functions_) out.push_back(entry.first);
  return out;
}

namespace {

void print_int(int64_t value) {
  fmt::print("{}\n", value);
  std::fflush(stdout);
}

void print_double(double value) {
  fmt::print("{}\n", value);
  std::fflush(stdout);
}

int64_t put_char(int64_t byte) {
  std::putchar(static_cast<int>(byte & 0xff));
  std::fflush(stdout);
  return byte & 0xff;
}

int64_t alloc_bytes(int64_t size) { return static_cast<int64_t>(host_alloc(size)); }

void free_bytes(int64_t address) { host_free(static_cast<uintptr_t>(address)); }

}  // namespace

const HostTable& standard_hosts() {
  static const HostTable table = [] {
    HostTable t;
    t.add("print", &print_int);
    t.add("print_d", &print_double);
    t.add("putchar", &put_char);
    t.add("alloc", &alloc_bytes);
    t.add("free", &free_bytes);
    return t;
  }();
  return table;
}

}  // namespace ras
