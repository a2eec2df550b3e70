#pragma once
// The project's one error type, and the exit codes of every command (spec README).

#include <stdexcept>
#include <string>

namespace sov {

enum ExitCode : int {
  kExitOk = 0,
  kExitGate = 1,         // --require-layer, --fail-on, --fail-on-overclaim
  kExitInput = 2,        // usage error or invalid input
  kExitIntegrity = 3,    // a digest or signature does not match; wins over 1
  kExitEnvironment = 4,  // network, GPU, disk
};

// Where something was read. line and column are 1-based; 0 means unknown.
struct Location {
  std::string file;
  int line = 0;
  int column = 0;
  bool operator==(const Location&) const = default;
};

// "FILE:LINE:COL", "FILE:LINE", "FILE" or "" depending on what is known.
std::string FormatLocation(const Location& loc);

// An aborting failure: bad input (exit 2) unless another code is given.
// what() is the message without the location; Describe() prefixes it.
class Error : public std::runtime_error {
 public:
  Error(Location loc, const std::string& message, int exit_code = kExitInput)
      : std::runtime_error(message), loc_(std::move(loc)), exit_code_(exit_code) {}
  explicit Error(const std::string& message, int exit_code = kExitInput)
      : std::runtime_error(message), exit_code_(exit_code) {}

  const Location& location() const { return loc_; }
  int exit_code() const { return exit_code_; }
  // "FILE:LINE:COL: message", or just the message when no location is known.
  std::string Describe() const;

 private:
  Location loc_;
  int exit_code_;
};

}  // namespace sov
