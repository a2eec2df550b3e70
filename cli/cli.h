#pragma once
// The command line: parses argv, runs a command, returns the exit code. Never calls exit().

#include <iosfwd>
#include <string>
#include <vector>

namespace sov {

// Runs sovaudit with argv (args[0] is the program name). Output goes to out, diagnostics to err.
// `out_is_tty` decides colour for the text report (NO_COLOR is honoured too).
int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
           bool out_is_tty = false);

}  // namespace sov
