#pragma once
// Runs the built sovaudit binary for end-to-end tests. stdout and stderr go to files, so
// neither pipe can fill up and block the child; NO_COLOR is set; the exit code is decoded
// (128 + signal for a crash).

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace sov::test {

struct BinaryResult {
  int code = -1;
  std::string out, err;
};

inline std::string SlurpFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// SOVAUDIT_BINARY with `args`, run in `cwd` (by default the source root).
inline BinaryResult RunBinary(const std::vector<std::string>& args,
                              const std::filesystem::path& cwd = SOVAUDIT_SOURCE_DIR) {
  namespace fs = std::filesystem;
  BinaryResult r;
  std::string tmpl = (fs::path(::testing::TempDir()) / "sovaudit_run_XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp failed";
    return r;
  }
  const fs::path io = tmpl, out_path = io / "stdout", err_path = io / "stderr";
  std::vector<std::string> argv_s = {SOVAUDIT_BINARY};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    int out_fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err_fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out_fd < 0 || err_fd < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0 ||
        chdir(cwd.c_str()) != 0) {
      _exit(126);
    }
    setenv("NO_COLOR", "1", 1);
    execv(argv[0], argv.data());
    _exit(127);
  }
  if (pid < 0) {
    ADD_FAILURE() << "fork failed";
  } else {
    int status = 0;
    waitpid(pid, &status, 0);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = SlurpFile(out_path);
    r.err = SlurpFile(err_path);
  }
  std::error_code ec;
  fs::remove_all(io, ec);
  return r;
}

}  // namespace sov::test
