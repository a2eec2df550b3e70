#pragma once
// Editing a copy of a fixture in a test's own folder, and the independent SHA-256 of a file
// (sha256sum), for the end-to-end tests that change one line of a stack and audit it.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/run_binary.h"
#include "tests/temp_dir.h"

namespace sov::test {

inline void WriteText(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// Replaces the first `from` in the file with `to`; a failure when `from` is not there.
inline void ReplaceInFile(const std::filesystem::path& p, const std::string& from,
                          const std::string& to) {
  std::string text = SlurpFile(p);
  size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  WriteText(p, text.replace(at, from.size(), to));
}

// Copies fixtures/<fixture> into `dir` and returns the copy.
inline std::filesystem::path CopyFixture(const std::string& fixture,
                                         const std::filesystem::path& dir) {
  std::filesystem::path dst = dir / fixture;
  std::filesystem::copy(std::string(SOVAUDIT_SOURCE_DIR) + "/fixtures/" + fixture, dst,
                        std::filesystem::copy_options::recursive);
  return dst;
}

// The whole-file SHA-256 of `file`, from sha256sum: independent of the code under test.
inline std::string Sha256sum(const std::filesystem::path& file) {
  std::string cmd = "sha256sum '" + file.string() + "'";
  FILE* p = popen(cmd.c_str(), "r");
  char buf[65] = {};
  size_t n = p ? fread(buf, 1, 64, p) : 0;
  if (p) pclose(p);
  EXPECT_EQ(n, 64u) << cmd;
  return std::string(buf, n);
}

// The short names of the end-to-end tests that edit fixtures (readings_e2e_test.cc,
// real_inputs_test.cc): `using namespace test::fixture_names;`.
namespace fixture_names {
using json = nlohmann::json;
using test::RunBinary;
using test::Sha256sum;
using test::TempDir;
inline constexpr auto Write = &WriteText;
inline constexpr auto Replace = &ReplaceInFile;
inline constexpr auto Copy = &CopyFixture;
inline const std::string kSource = SOVAUDIT_SOURCE_DIR;
}  // namespace fixture_names

}  // namespace sov::test
