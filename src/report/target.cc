// The target layer (--target-layer, or --require-layer): what a deployment aims for. Findings
// above it are reported but do not gate, and the plan stops there.
#include "src/report/report.h"

namespace sov {

bool MeetsTarget(const DeploymentReport& d) {
  return d.target_layer > 0 && d.achieved_layer >= d.target_layer;
}

bool AboveTarget(const DeploymentReport& d, const Finding& f) {
  if (d.target_layer <= 0 || f.layer <= d.target_layer) return false;
  if (f.rule == "SOV-C.1" || f.rule.rfind("SOV-W.", 0) == 0) return false;
  // A weight file that does not match its pin, or no pin at all, is never out of scope.
  if (f.rule == "SOV-3.5" && f.status == Status::kFail) return false;
  return true;
}

}  // namespace sov
