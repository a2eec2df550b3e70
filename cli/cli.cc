#include "cli/cli.h"

#include <ostream>

namespace sov {

int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
           bool out_is_tty) {
  out << "sovaudit " SOVAUDIT_VERSION "\n";
  return 0;
}

}  // namespace sov
