#pragma once
// Expected<T>: a value, or the reason there is none, for failures that are normal outcomes (a
// file that cannot be read, a chain that does not verify) rather than errors that end the
// command (those throw sov::Error). The one result shape of the code base.
//
//   Expected<std::string> hex = Sha256File(path);
//   if (!hex) return Fail(hex.error());
//   use(*hex);

#include <string>
#include <utility>
#include <variant>

namespace sov {

// The reason, when there is no value.
struct Unexpected {
  std::string message;
};

template <typename T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  Expected(Unexpected why) : v_(std::in_place_index<1>, std::move(why)) {}  // NOLINT: implicit

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  const T& value() const { return std::get<0>(v_); }
  T& value() { return std::get<0>(v_); }
  const T& operator*() const { return value(); }
  T& operator*() { return value(); }
  const T* operator->() const { return &value(); }
  // Why there is no value; only when !has_value().
  const std::string& error() const { return std::get<1>(v_).message; }

 private:
  std::variant<T, Unexpected> v_;
};

// Success without a value, for checks.
struct Ok {};

}  // namespace sov
