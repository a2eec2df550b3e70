// sovaudit: all the work is in RunCli (cli/cli.cc), so tests can drive it with argv vectors.
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "cli/cli.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv, argv + argc);
  return sov::RunCli(args, std::cout, std::cerr, isatty(STDOUT_FILENO) != 0);
}
