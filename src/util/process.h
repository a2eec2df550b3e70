#pragma once
// The two process-wide settings the product relies on. Only main() changes them (cli/main.cc);
// library code asks whether they are in place and behaves accordingly, so a program that links
// the libraries keeps its own signal handlers and limits.

#include <cstdint>

namespace sov {

// Installs the SIGBUS handler under which mapped reads run (GuardedCall). A SIGBUS raised
// outside a GuardedCall gets the disposition there was before (the faulting access runs again
// under it and ends the process as it would have). Idempotent.
void InstallSigbusGuard();
// True once InstallSigbusGuard ran: only then may callers read files through mmap, where a file
// that shrinks under the mapping raises SIGBUS.
bool SigbusGuardInstalled();
// Runs fn(arg); false when a SIGBUS interrupted it (the mapping under it went away). fn must be
// C code or code with nothing to unwind: the jump back skips its frames. Needs the guard.
bool GuardedCall(void (*fn)(void*), void* arg);

// Raises the soft limit on open files to the hard limit (the GPU path holds one file open per
// lane) and returns the new soft limit.
uint64_t RaiseOpenFileLimit();
// The soft limit on open files now, without changing it (1 << 20 when unlimited).
uint64_t OpenFileLimit();

}  // namespace sov
