// Error values for jitmem: every failure names the function and argument.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace jitmem {

enum class Errc : uint8_t {
  invalid_argument,  // size 0, too many call arguments, ...
  out_of_bounds,     // write past the end of a region
  sealed,            // write or writable() on a sealed region
  not_sealed,        // call or entry() on a region that is still writable
  stale_handle,      // freed, forged or never-allocated handle
  out_of_memory,     // the kernel refused memory
  system,            // another syscall failure (errno text in the message)
};

const char* errc_name(Errc code);

struct Error {
  Errc code;
  std::string message;  // e.g. "jitmem::write: offset 12 + 8 bytes exceeds region size 16"
};

// Thrown only by Result::value() on an error (a programming mistake).
struct BadResultAccess : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A value or an Error (std::expected is C++23).
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    check();
    return std::get<0>(v_);
  }
  const T& value() const& {
    check();
    return std::get<0>(v_);
  }
  T&& value() && {
    check();
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<1>(v_); }

 private:
  void check() const {
    if (!ok()) throw BadResultAccess(std::get<1>(v_).message);
  }
  std::variant<T, Error> v_;
};

// Success or an Error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const {
    if (ok()) throw BadResultAccess("jitmem::Status::error: no error");
    return *error_;
  }

 private:
  std::optional<Error> error_;
};

}  // namespace jitmem
