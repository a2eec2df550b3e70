// sovaudit: all the work is in RunCli (cli/cli.cc), so tests can drive it with argv vectors.
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "src/util/process.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  // The process-wide settings, here and nowhere else: mapped reads of weights under the SIGBUS
  // guard, and as many open files as the hard limit allows (the GPU path holds one per lane).
  sov::InstallSigbusGuard();
  sov::RaiseOpenFileLimit();
  std::vector<std::string> args(argv, argv + argc);
  return sov::RunCli(args, std::cout, std::cerr, isatty(STDOUT_FILENO) != 0);
}
