// Process-wide settings (src/util/process.h), which only main() installs: the SIGBUS guard under
// which the CPU hashing pool maps files, and the open-file limit. Each test runs in its own
// process (CTest runs every test alone), and anything that changes the process's signal
// dispositions or limits runs in a forked child.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "src/oms/oms.h"
#include "src/oms/serialize.h"
#include "src/util/error.h"
#include "src/util/process.h"
#include "tests/temp_dir.h"

// AddressSanitizer installs a SIGBUS handler of its own at start.
#if defined(__SANITIZE_ADDRESS__)
#define SOV_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SOV_TEST_ASAN 1
#endif
#endif
#ifndef SOV_TEST_ASAN
#define SOV_TEST_ASAN 0
#endif

namespace sov {
namespace {
namespace fs = std::filesystem;

// Runs fn in a forked child; returns the child's wait status.
template <typename F>
int InChild(F fn) {
  pid_t pid = fork();
  if (pid == 0) {
    fn();
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

// A file of `bytes` zeros (sparse: cheap to make, real pages when read).
fs::path ZeroFile(const fs::path& dir, uint64_t bytes) {
  fs::path p = dir / "weights.bin";
  int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(::ftruncate(fd, static_cast<off_t>(bytes)), 0);
  ::close(fd);
  return p;
}

// Hashes the whole file on one CPU worker and truncates it to nothing once hashing has begun:
// the message of the error the pool throws, or "" when it finished without one.
std::string HashWhileTruncating(const fs::path& path, uint64_t bytes) {
  oms::ModelFile file;
  file.path = path;
  file.size = bytes;
  std::vector<oms::HashJob> jobs = {{&file, 0, bytes, false}};
  oms::HashProgress progress;
  std::thread cutter([&] {
    while (progress.done.load() == 0) std::this_thread::yield();
    ::truncate(path.c_str(), 0);
  });
  std::string message;
  try {
    oms::HashJobsOnCpu(jobs, "sha256", 1, &progress);
  } catch (const Error& e) {
    message = e.Describe();
  }
  cutter.join();
  return message;
}

// A 256 MiB file truncated while it is hashed: the error names the file and says `what`.
void ExpectTruncationError(const std::string& what) {
  test::TempDir tmp;
  const uint64_t bytes = 256ull << 20;
  fs::path path = ZeroFile(tmp.path(), bytes);
  std::string message = HashWhileTruncating(path, bytes);
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_NE(message.find(what), std::string::npos) << message;
}

TEST(ProcessSettings, NothingIsInstalledUntilMainAsks) {
  // The test binary never runs main(): hashing through the libraries leaves the SIGBUS
  // disposition (SIG_DFL, or a sanitizer's handler) and the open-file limit as they were.
  if (SigbusGuardInstalled()) GTEST_SKIP() << "the guard is installed in this process already";
  struct sigaction before {}, after {};
  ASSERT_EQ(::sigaction(SIGBUS, nullptr, &before), 0);
  const uint64_t limit = OpenFileLimit();
  test::TempDir tmp;
  fs::path path = ZeroFile(tmp.path(), 1 << 20);
  oms::ModelFile file;
  file.path = path;
  file.size = 1 << 20;
  oms::HashJobsOnCpu({{&file, 0, file.size, false}}, "sha256", 1);
  ASSERT_EQ(::sigaction(SIGBUS, nullptr, &after), 0);
  EXPECT_EQ(after.sa_sigaction, before.sa_sigaction);
  EXPECT_EQ(OpenFileLimit(), limit);
  EXPECT_FALSE(SigbusGuardInstalled());
  InstallSigbusGuard();
  EXPECT_TRUE(SigbusGuardInstalled());
  ASSERT_EQ(::sigaction(SIGBUS, nullptr, &after), 0);
  EXPECT_NE(after.sa_sigaction, before.sa_sigaction);
}

TEST(ProcessSettings, FileTruncatedWhileMappedIsAnErrorNamingIt) {
  InstallSigbusGuard();
  ExpectTruncationError("shrank while it was hashed");
}

TEST(ProcessSettings, WithoutTheGuardTheSameTruncationIsAShortRead) {
  // No mapping without the guard: pread sees the file end early, and says so.
  if (SigbusGuardInstalled()) GTEST_SKIP() << "the guard is installed in this process already";
  ExpectTruncationError("file ended at byte");
}

TEST(ProcessSettings, ASigbusOutsideAGuardedCallStillEndsTheProcess) {
  test::TempDir tmp;
  fs::path path = ZeroFile(tmp.path(), 1 << 16);
  int status = InChild([&] {
    InstallSigbusGuard();
    int fd = ::open(path.c_str(), O_RDWR);
    auto* p = static_cast<volatile char*>(::mmap(nullptr, 1 << 16, PROT_READ, MAP_SHARED, fd, 0));
    if (::ftruncate(fd, 0) != 0) _exit(2);
    (void)p[4096];  // beyond the file's end now: SIGBUS, which is not the guard's to catch
    _exit(3);
  });
#if SOV_TEST_ASAN
  // Under AddressSanitizer the disposition before the guard was ASan's own SIGBUS handler: it
  // reports the fault and aborts (or exits 1). Either way the process ends at the fault.
  const bool ended = WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != 0 &&
                                             WEXITSTATUS(status) != 3);
  EXPECT_TRUE(ended) << "exit status " << status;
#else
  ASSERT_TRUE(WIFSIGNALED(status)) << "exit status " << status;
  EXPECT_EQ(WTERMSIG(status), SIGBUS);
#endif
}

TEST(ProcessSettings, OpenFileLimitReadsAndRaiseOpenFileLimitRaises) {
  int status = InChild([] {
    struct rlimit rl {};
    if (::getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_max < 128) _exit(0);  // nothing to show
    rlimit low = rl;
    low.rlim_cur = 64;
    if (::setrlimit(RLIMIT_NOFILE, &low) != 0) _exit(10);
    if (OpenFileLimit() != 64) _exit(11);  // reading does not change it
    uint64_t want = rl.rlim_max == RLIM_INFINITY ? uint64_t{1} << 20 : rl.rlim_max;
    if (RaiseOpenFileLimit() != want) _exit(12);
    if (::getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur != rl.rlim_max) _exit(13);
  });
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace sov
