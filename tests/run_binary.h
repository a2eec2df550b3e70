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
#include <functional>
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

// `program` with `argv` (argv[0] included), run in `cwd` with stdout and stderr written to
// `out_path` and `err_path`; `child_env`, called in the child before exec, sets its environment.
// The exit code is decoded, 128 + signal for a crash; 126: the child could not be set up.
inline BinaryResult RunProcess(const std::filesystem::path& program, std::vector<std::string> argv,
                               const std::filesystem::path& cwd,
                               const std::filesystem::path& out_path,
                               const std::filesystem::path& err_path,
                               const std::function<void()>& child_env) {
  BinaryResult r;
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    int out_fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err_fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out_fd < 0 || err_fd < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0 ||
        chdir(cwd.c_str()) != 0) {
      _exit(126);
    }
    child_env();
    execv(program.c_str(), args.data());
    _exit(127);
  }
  if (pid < 0) {
    ADD_FAILURE() << "fork failed";
    return r;
  }
  int status = 0;
  waitpid(pid, &status, 0);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = SlurpFile(out_path);
  r.err = SlurpFile(err_path);
  return r;
}

// SOVAUDIT_BINARY with `args`, run in `cwd` (by default the source root).
inline BinaryResult RunBinary(const std::vector<std::string>& args,
                              const std::filesystem::path& cwd = SOVAUDIT_SOURCE_DIR) {
  namespace fs = std::filesystem;
  std::string tmpl = (fs::path(::testing::TempDir()) / "sovaudit_run_XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp failed";
    return BinaryResult{};
  }
  const fs::path io = tmpl;
  std::vector<std::string> argv = {SOVAUDIT_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  BinaryResult r = RunProcess(SOVAUDIT_BINARY, std::move(argv), cwd, io / "stdout", io / "stderr",
                              [] { setenv("NO_COLOR", "1", 1); });
  std::error_code ec;
  fs::remove_all(io, ec);
  return r;
}

}  // namespace sov::test
