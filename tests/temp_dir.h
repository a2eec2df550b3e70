#pragma once
// A fresh folder per test under the test temp folder (mkdtemp: unique across the processes
// ctest runs in parallel), removed with everything in it on destruction.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace sov::test {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "sovaudit_test") {
    std::string tmpl =
        (std::filesystem::path(::testing::TempDir()) / (prefix + "_XXXXXX")).string();
    if (mkdtemp(tmpl.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed: " << tmpl;
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The folder `<prefix>_<pid>_<test name>` under the test temp folder, one per test and process
// (ctest runs tests in parallel), created; emptied first when `fresh`. Not removed afterwards.
inline std::filesystem::path PerTestDir(const std::string& prefix, bool fresh = false) {
  std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  std::replace(test.begin(), test.end(), '/', '_');
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) /
                              (prefix + "_" + std::to_string(::getpid()) + "_" + test);
  if (fresh) std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline void WriteTextFile(const std::filesystem::path& path, const std::string& text) {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out.good()) ADD_FAILURE() << "cannot write " << path;
}

}  // namespace sov::test
