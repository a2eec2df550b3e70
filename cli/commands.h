#pragma once
// One function per command; cli.cc parses arguments into these option structs.

#include <iosfwd>
#include <string>
#include <vector>

namespace sov {

struct AuditCommandOptions {
  std::vector<std::string> paths;
  std::vector<std::string> formats;  // paired in order with outputs; the rest go to stdout
  std::vector<std::string> outputs;
  int require_layer = -1;            // -1: no gate
  bool fail_on_overclaim = false;
  std::string fail_on;               // severity, or ""
  std::string as_of;                 // YYYY-MM-DD, or "" for today (UTC)
  bool no_verify = false;
  std::vector<std::string> rule_packs;
  bool allow_outside = false;
  std::string color = "auto";        // auto | always | never
  bool out_is_tty = false;
};

struct ValidateCommandOptions {
  std::vector<std::string> paths;
  bool allow_outside = false;
};

struct RulesCommandOptions {
  std::vector<std::string> rule_packs;
  std::string format = "text";  // text | json
  std::string rule_id;          // explain only
};

// Each returns the exit code; throws sov::Error for input and environment errors.
int RunAuditCommand(const AuditCommandOptions& o, std::ostream& out, std::ostream& err);
int RunValidateCommand(const ValidateCommandOptions& o, std::ostream& out, std::ostream& err);
int RunRulesCommand(const RulesCommandOptions& o, std::ostream& out, std::ostream& err);
int RunExplainCommand(const RulesCommandOptions& o, std::ostream& out, std::ostream& err);

}  // namespace sov
