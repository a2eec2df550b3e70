#include "src/report/gate.h"

namespace sov {

int FailOnCount(const DeploymentReport& d, Severity at_least) {
  int n = 0;
  for (const Finding& f : d.findings) {
    bool blocks = f.status == Status::kFail || f.status == Status::kUnknown;
    if (blocks && f.severity >= at_least && !AboveTarget(d, f)) ++n;
  }
  return n;
}

GateOutcome EvaluateGates(const Report& report, const GateSpec& spec) {
  GateOutcome g;
  std::vector<std::string> gates;
  if (spec.require_layer >= 0) gates.push_back("--require-layer " + std::to_string(spec.require_layer));
  if (spec.fail_on) gates.push_back(std::string("--fail-on ") + SeverityName(*spec.fail_on));
  if (spec.fail_on_overclaim) gates.push_back("--fail-on-overclaim");
  g.set = !gates.empty();
  for (size_t i = 0; i < gates.size(); ++i) g.gates += (i ? ", " : "") + gates[i];
  for (const DeploymentReport& d : report.deployments) {
    g.integrity_failures += d.integrity_failure;
    if (spec.require_layer >= 0 && d.achieved_layer < spec.require_layer) {
      g.reasons.push_back("--require-layer " + std::to_string(spec.require_layer) + ": '" +
                          d.name + "' reaches layer " + std::to_string(d.achieved_layer));
    }
    if (spec.fail_on_overclaim && d.claim.present && !d.claim.holds) {
      g.reasons.push_back("--fail-on-overclaim: '" + d.name + "' claims layer " +
                          std::to_string(d.claim.layer) + " and reaches layer " +
                          std::to_string(d.achieved_layer));
    }
    int n = spec.fail_on ? FailOnCount(d, *spec.fail_on) : 0;
    if (n > 0) {
      std::string sev = SeverityName(*spec.fail_on);
      std::string r = "--fail-on " + sev + ": '" + d.name + "' has " + std::to_string(n) +
                      " failing or unknown finding" + (n == 1 ? "" : "s") + " at or above " + sev;
      if (d.target_layer > 0) r += " (target layer " + std::to_string(d.target_layer) + ")";
      g.reasons.push_back(r);
    }
  }
  g.passed = g.reasons.empty();
  return g;
}

std::string GateHeadline(const GateOutcome& g) {
  if (g.integrity_failures > 0) return "integrity failure (exit 3)";
  if (!g.set) return "";
  return std::string(g.passed ? "gate passed" : "gate failed") + " (" + g.gates + ")";
}

}  // namespace sov
