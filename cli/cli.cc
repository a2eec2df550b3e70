#include "cli/cli.h"

#include <CLI/CLI.hpp>

#include <ostream>

#include "cli/commands.h"
#include "src/util/error.h"
#include "src/util/text.h"

namespace sov {
namespace {

const char* kSeverities = "critical|high|medium|low|info";

void AddAudit(CLI::App& app, AuditCommandOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "audit",
      "Audit deployment manifests against the five-layer maturity model. A directory is "
      "searched recursively for files with 'kind: Deployment' (a portfolio).");
  cmd->add_option("paths", o.paths, "Manifests or directories (default: .)");
  cmd->add_option("--format,-f", o.formats, "Report format: text (default) or json; repeat "
                  "with --output for several reports in one run")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--output,-o", o.outputs, "Write the report to FILE (atomically) instead of "
                  "stdout; pairs with the --format of the same position")
      ->type_name("FILE");
  cmd->add_option("--require-layer", o.require_layer,
                  "Exit 1 unless every deployment reaches layer N")
      ->check(CLI::Range(0, 5))
      ->type_name("N");
  cmd->add_flag("--fail-on-overclaim", o.fail_on_overclaim,
                "Exit 1 when a claimed layer is above the achieved layer (SOV-C.1)");
  cmd->add_option("--fail-on", o.fail_on,
                  std::string("Exit 1 when a finding of this severity or above fails (") +
                      kSeverities + ")")
      ->check(CLI::IsMember({"critical", "high", "medium", "low", "info"}))
      ->type_name("SEVERITY");
  cmd->add_option("--as-of", o.as_of, "Audit date, YYYY-MM-DD (default: today, UTC)")
      ->type_name("DATE");
  cmd->add_flag("--no-verify", o.no_verify,
                "Do not hash weight files; SOV-3.5 becomes unknown");
  cmd->add_option("--rules", o.rule_packs, "Apply a rule pack (repeatable)")->type_name("PATH");
  cmd->add_flag("--allow-outside", o.allow_outside,
                "Let paths in manifests leave the manifest's folder tree");
  cmd->add_option("--color", o.color, "Colour in the text report: auto (on a TTY unless "
                  "NO_COLOR is set), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
}

void AddValidate(CLI::App& app, ValidateCommandOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "validate", "Check manifests and provenance files against the schema only");
  cmd->add_option("paths", o.paths, "Manifests, provenance files or directories")->required();
  cmd->add_flag("--allow-outside", o.allow_outside,
                "Let paths in manifests leave the manifest's folder tree");
}

void AddRules(CLI::App& app, RulesCommandOptions& rules, RulesCommandOptions& explain) {
  CLI::App* cmd = app.add_subcommand("rules", "List the rules: id, layer, severity, title");
  cmd->add_option("--rules", rules.rule_packs, "Apply a rule pack first (repeatable)")
      ->type_name("PATH");
  cmd->add_option("--format,-f", rules.format, "text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  CLI::App* ex = app.add_subcommand("explain", "Print one rule whole: rationale, check, "
                                               "remediation, references");
  ex->add_option("rule", explain.rule_id, "Rule id, e.g. SOV-3.3")->required();
  ex->add_option("--rules", explain.rule_packs, "Apply a rule pack first (repeatable)")
      ->type_name("PATH");
}

}  // namespace

int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
           bool out_is_tty) {
  CLI::App app{"sovaudit: how sovereign is your AI? Audits deployment manifests against the "
               "five-layer sovereignty maturity model and verifies model weights.",
               "sovaudit"};
  app.set_version_flag("--version,-V", std::string("sovaudit ") + SOVAUDIT_VERSION);
  app.require_subcommand(1);
  app.footer("Exit codes: 0 ok, 1 a gate failed, 2 invalid input or usage, 3 integrity failure "
             "(tampered weights), 4 environment error.\nSee sovaudit(1), sovaudit-manifest(5).");

  AuditCommandOptions audit;
  ValidateCommandOptions validate;
  RulesCommandOptions rules, explain;
  AddAudit(app, audit);
  AddValidate(app, validate);
  AddRules(app, rules, explain);

  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return kExitOk;
  } catch (const CLI::CallForVersion&) {
    out << "sovaudit " SOVAUDIT_VERSION "\n";
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    err << "sovaudit: error: " << e.what() << "\nRun 'sovaudit --help' for usage.\n";
    return kExitInput;
  }

  try {
    if (app.got_subcommand("audit")) {
      audit.out_is_tty = out_is_tty;
      return RunAuditCommand(audit, out, err);
    }
    if (app.got_subcommand("validate")) return RunValidateCommand(validate, out, err);
    if (app.got_subcommand("rules")) return RunRulesCommand(rules, out, err);
    if (app.got_subcommand("explain")) return RunExplainCommand(explain, out, err);
  } catch (const Error& e) {
    err << "sovaudit: error: " << EscapeControl(e.Describe()) << "\n";
    return e.exit_code();
  } catch (const std::bad_alloc&) {
    err << "sovaudit: error: out of memory\n";
    return kExitEnvironment;
  } catch (const std::exception& e) {
    // A defect: every expected failure is a sov::Error. Still exit cleanly.
    err << "sovaudit: error: internal error: " << EscapeControl(e.what()) << "\n";
    return kExitInput;
  }
  return kExitInput;
}

}  // namespace sov
