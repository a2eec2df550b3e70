#pragma once
// ANSI colour for the terminal renderers (text report, text diff); a no-op when off, so the
// same code writes plain text to files, pipes and NO_COLOR terminals.

#include <string>

#include "src/rules/rules.h"

namespace sov {

class Painter {
 public:
  explicit Painter(bool on) : on_(on) {}
  std::string Bold(const std::string& s) const { return Wrap("1", s); }
  std::string Dim(const std::string& s) const { return Wrap("2", s); }
  std::string Red(const std::string& s) const { return Wrap("31", s); }
  std::string Green(const std::string& s) const { return Wrap("32", s); }
  std::string Yellow(const std::string& s) const { return Wrap("33", s); }
  std::string ForStatus(Status st, const std::string& s) const {
    switch (st) {
      case Status::kPass: return Green(s);
      case Status::kFail: return Red(s);
      case Status::kUnknown: return Yellow(s);
      default: return Dim(s);
    }
  }

 private:
  std::string Wrap(const char* code, const std::string& s) const {
    return on_ ? "\x1b[" + std::string(code) + "m" + s + "\x1b[0m" : s;
  }
  bool on_;
};

// `s` padded with spaces to `width` bytes.
inline std::string Pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

}  // namespace sov
