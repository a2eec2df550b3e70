// What every command's options and --help share: one value per occurrence of a repeatable
// option, and a footer naming the command's own exit codes and man page.
#include <map>
#include <set>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace sov {
namespace {

struct CommandHelp {
  const char* exit_codes;
  const char* see_also;
};

const std::map<std::string, CommandHelp>& Footers() {
  static const std::map<std::string, CommandHelp> kFooters = {
      {"audit",
       {"0 ok, 1 a gate failed (--require-layer, --fail-on, --fail-on-overclaim), 2 invalid input "
        "or usage, 3 integrity failure (tampered weights; wins over 1), 4 environment error",
        "sovaudit-audit(1), sovaudit-manifest(5), sovaudit-config(5), sovaudit-waivers(5), "
        "sovaudit-remote(7)"}},
      {"validate",
       {"0 every file is valid, 2 a file is invalid or unreadable, 4 network error",
        "sovaudit-validate(1), sovaudit-manifest(5), sovaudit-waivers(5)"}},
      {"rules", {"0 ok, 2 a rule pack is invalid", "sovaudit-rules(1)"}},
      {"explain", {"0 ok, 2 unknown rule id or an invalid rule pack", "sovaudit-rules(1)"}},
      {"verify",
       {"0 the signature verifies and the model matches it, 2 invalid input or usage, "
        "3 the signature or a file does not verify, 4 environment error (GPU, disk, network)",
        "sovaudit-verify(1), sovaudit-sign(1), sovaudit-digest(1)"}},
      {"sign",
       {"0 the bundle is written, 2 invalid input or usage, 4 the bundle cannot be written or "
        "the GPU is unusable",
        "sovaudit-sign(1), sovaudit-verify(1)"}},
      {"digest",
       {"0 ok, 2 invalid input or usage, 4 environment error (GPU, disk)",
        "sovaudit-digest(1), sovaudit-verify(1)"}},
      {"import",
       {"0 ok, 2 the file is not a format sovaudit reads, or is malformed, 4 environment error",
        "sovaudit-import(1), sovaudit-manifest(5)"}},
      {"graph", {"0 ok, 2 invalid input or usage, 4 environment error", "sovaudit-graph(1)"}},
      {"diff",
       {"0 ok, 1 a regression with --fail-on-regression, 2 a report cannot be read",
        "sovaudit-diff(1), sovaudit-audit(1)"}},
      {"catalog",
       {"0 entries printed, 1 no entry matches the filter, 2 unknown catalogue or usage",
        "sovaudit-catalog(1), sovaudit-manifest(5)"}},
      {"verify-plan",
       {"0 every model of the shard verified, 2 a malformed plan, 3 a model does not match its "
        "pin (its FAILED VSA is written) or its signature does not verify, 4 weights that are not "
        "here",
        "sovaudit-verify-plan(1), sovaudit-attestation(1), sovaudit-audit(1)"}},
      {"attestation verify",
       {"0 the signature verifies and every file given is the attested bytes, 2 a malformed "
        "attestation or usage, 3 a signature that does not verify or a file that differs",
        "sovaudit-attestation(1), sovaudit-audit(1)"}},
  };
  return kFooters;
}

// Options the specification gives several values per occurrence ("--certificate-chain C...",
// "--ignore-paths P..."); every other repeatable option takes one value each time it is given.
bool TakesSeveralValues(const CLI::Option& opt) {
  static const std::set<std::string> kSeveral = {"certificate-chain", "ignore-paths"};
  for (const std::string& name : opt.get_lnames()) {
    if (kSeveral.count(name)) return true;
  }
  return false;
}

}  // namespace

void FinishCommands(CLI::App& app) {
  for (CLI::App* cmd : app.get_subcommands([](CLI::App*) { return true; })) {
    // A command group (`attestation`) finishes its own commands, named "group command".
    std::string name = cmd->get_name();
    if (app.get_parent() != nullptr) name = app.get_name() + " " + name;
    auto footer = Footers().find(name);
    if (footer != Footers().end()) {
      cmd->footer(std::string("Exit codes: ") + footer->second.exit_codes +
                  ".\nOption defaults are read from the nearest .sovaudit.yaml (--config FILE, "
                  "--no-config; sovaudit-config(5)).\nSee " + footer->second.see_also + ".");
    }
    for (CLI::Option* opt : cmd->get_options()) {
      // A vector option would otherwise take every following word, the manifest included:
      // `audit --format json dep.yaml` audited '.' and read 'dep.yaml' as a format.
      bool several = opt->get_items_expected_max() > 1 || opt->get_allow_extra_args();
      if (opt->get_positional() || !several || TakesSeveralValues(*opt)) continue;
      opt->expected(1);
      opt->allow_extra_args(false);
      opt->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    }
    FinishCommands(*cmd);
  }
}

}  // namespace sov
