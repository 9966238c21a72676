// Argument checks for the stdlib natives. Every failure raises an ilusm error
// that names the function and the argument: "trl.take: n must be a
// non-negative integer, got -1".
#pragma once

#include <string>
#include <vector>

#include "ilusm/interp.hpp"
#include "ilusm/value.hpp"

namespace ilusm::stdlib {

[[noreturn]] void fail(const char* fn, const std::string& what);

const std::vector<Value>& list_arg(Args a, size_t i, const char* fn, const char* arg);
const std::string& str_arg(Args a, size_t i, const char* fn, const char* arg);
const Value& callable_arg(Args a, size_t i, const char* fn, const char* arg);
// A non-negative integer (an integral double is accepted).
size_t count_arg(Args a, size_t i, const char* fn, const char* arg);

// Results larger than this are refused instead of exhausting memory.
constexpr size_t max_result_bytes = size_t(1) << 30;

}  // namespace ilusm::stdlib
