#pragma once
// What every fuzz target shares. A target feeds the bytes to one parser and accepts exactly
// one way of failing, sov::Error (the parser's "invalid input"): any other exception, a crash,
// a sanitizer report, a hang (-timeout) or runaway memory (-rss_limit_mb) is a finding.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "src/util/error.h"

namespace sov::fuzz {

inline std::string Text(const uint8_t* data, size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// A file holding the input, for parsers that read files: `name` in a folder of this process
// (made once, removed at exit), rewritten on every call.
inline std::string AsFile(const uint8_t* data, size_t size, const std::string& name) {
  static const std::filesystem::path dir = [] {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sovaudit_fuzz_XXXXXX").string();
    std::filesystem::path made = mkdtemp(tmpl.data()) ? tmpl : std::string(".");
    static const std::filesystem::path cleanup = made;
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(cleanup, ec);
    });
    return made;
  }();
  std::filesystem::path p = dir / name;
  std::ofstream(p, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return p.string();
}

// Runs `parse`; sov::Error is the expected rejection and is swallowed.
template <typename F>
int Run(F&& parse) {
  try {
    parse();
  } catch (const sov::Error&) {
  }
  return 0;
}

}  // namespace sov::fuzz
