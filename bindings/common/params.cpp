#include "params.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace ilusm::binding {

void fail(const char* fn, const char* param, const std::string& what) {
  raise(fmt::format("{}: argument {}: {}", fn, param, what));
}

std::string describe(const Value& v) {
  if (v.is_str()) return fmt::format("str \"{}\"", v.as<Str>()->s);
  if (v.is_num()) return fmt::format("num {}", v.to_display());
  return v.type_name();
}

void count_error(const char* fn, std::span<const Param> params, size_t got) {
  size_t required = 0;
  for (const Param& p : params) required += p.optional || p.rest ? 0 : 1;
  std::string names;
  for (const Param& p : params)
    names += fmt::format("{}{}{}", names.empty() ? "" : ", ", p.name, p.rest ? "..." : p.optional ? "?" : "");
  bool rest = !params.empty() && params.back().rest;
  std::string count = rest                        ? fmt::format("at least {}", required)
                      : required == params.size() ? fmt::format("{}", required)
                                                  : fmt::format("{} to {}", required, params.size());
  bool one = required == 1 && (rest || params.size() == 1);
  raise(fmt::format("{}: expected {} argument{} ({}), got {}", fn, count, one ? "" : "s", names, got));
}

void check_table(const char* fn, std::span<const Param> params) {
  for (size_t k = 0; k < params.size(); ++k) {
    if (params[k].rest && k + 1 != params.size())
      throw std::logic_error(std::string(fn) + ": a rest parameter that is not the last");
    if (k > 0 && params[k - 1].optional && !params[k].optional && !params[k].rest)
      throw std::logic_error(std::string(fn) + ": a required parameter after an optional one");
  }
}

}  // namespace ilusm::binding
