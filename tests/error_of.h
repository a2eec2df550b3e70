#pragma once
// ErrorOf: what a parser test expects of bad input, an input error (exit 2), as text;
// ExitCodeOf: the exit code of the error thrown.

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "src/util/error.h"

namespace sov::test {

// The message of the sov::Error (exit 2) that f throws; a failure if it throws nothing, or
// throws with another exit code.
inline std::string ErrorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), kExitInput) << e.Describe();
    return e.Describe();
  }
  ADD_FAILURE() << "no error";
  return "";
}

// The exit code of the sov::Error that f throws, or -1 (and a failure) when it throws nothing.
inline int ExitCodeOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.exit_code();
  }
  ADD_FAILURE() << "no error";
  return -1;
}

}  // namespace sov::test
