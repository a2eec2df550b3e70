#pragma once
// The gates of `audit` (--require-layer, --fail-on, --fail-on-overclaim) as one outcome that
// the command turns into its exit code and the reports state (the Markdown comment's first
// line, the summary of the text and HTML reports).

#include <optional>
#include <string>
#include <vector>

#include "src/report/report.h"

namespace sov {

struct GateSpec {
  int require_layer = -1;             // -1: no gate
  std::optional<Severity> fail_on;    // nullopt: no gate
  bool fail_on_overclaim = false;
};

struct GateOutcome {
  bool set = false;                   // any gate was asked for
  bool passed = true;
  std::string gates;                  // "--require-layer 3, --fail-on high", or ""
  std::vector<std::string> reasons;   // one line per deployment and gate that failed
  // Deployments whose weights do not match their pin: exit 3 whatever the gates say.
  int integrity_failures = 0;
};

// How the reports state the outcome: "integrity failure (exit 3)" when a weight file did not
// match, else "gate failed (GATES)" or "gate passed (GATES)", else "" (no gate was asked for).
std::string GateHeadline(const GateOutcome& g);

// The findings --fail-on counts in `d`: fail or unknown (missing evidence is never a silent
// pass), of `at_least` or above, and not above the target layer. Waived and n/a never count.
int FailOnCount(const DeploymentReport& d, Severity at_least);

// Applies every gate of `spec` to every deployment. Reasons name the deployment (not escaped).
GateOutcome EvaluateGates(const Report& report, const GateSpec& spec);

}  // namespace sov
