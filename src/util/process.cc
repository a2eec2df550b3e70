#include "src/util/process.h"

#include <setjmp.h>
#include <signal.h>
#include <sys/resource.h>

#include <atomic>
#include <mutex>

namespace sov {
namespace {

// The jump target of the GuardedCall running on this thread, or null outside one.
thread_local sigjmp_buf* t_bus_jump = nullptr;
struct sigaction g_previous_bus;
std::atomic<bool> g_guard_installed{false};

void OnSigbus(int, siginfo_t*, void*) {
  if (t_bus_jump != nullptr) siglongjmp(*t_bus_jump, 1);
  // Not ours: hand the signal back to what was there, and the faulting access repeats under it.
  ::sigaction(SIGBUS, &g_previous_bus, nullptr);
}

}  // namespace

void InstallSigbusGuard() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction sa {};
    sa.sa_sigaction = OnSigbus;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    if (::sigaction(SIGBUS, &sa, &g_previous_bus) == 0) g_guard_installed = true;
  });
}

bool SigbusGuardInstalled() { return g_guard_installed; }

bool GuardedCall(void (*fn)(void*), void* arg) {
  sigjmp_buf jump;
  if (sigsetjmp(jump, 1) != 0) {
    t_bus_jump = nullptr;
    return false;
  }
  t_bus_jump = &jump;
  fn(arg);
  t_bus_jump = nullptr;
  return true;
}

uint64_t OpenFileLimit() {
  struct rlimit rl {};
  if (::getrlimit(RLIMIT_NOFILE, &rl) != 0) return 1024;
  return rl.rlim_cur == RLIM_INFINITY ? uint64_t{1} << 20 : static_cast<uint64_t>(rl.rlim_cur);
}

uint64_t RaiseOpenFileLimit() {
  struct rlimit rl {};
  if (::getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &rl);
  }
  return OpenFileLimit();
}

}  // namespace sov
