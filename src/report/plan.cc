// The next-layer plan: what stands between a deployment and the layer above the one it
// reaches. Models above the deployment's layer already pass that layer, so every blocking
// finding of it belongs to a model at the deployment's layer (or to all of them). The plan
// stops at the target layer: a deployment that meets its target has none.
#include <algorithm>

#include "src/report/report.h"

namespace sov {

NextLayerPlan PlanNextLayer(const DeploymentReport& d) {
  NextLayerPlan plan;
  if (d.achieved_layer >= 5 || MeetsTarget(d)) return plan;
  plan.layer = d.achieved_layer + 1;
  for (size_t i = 0; i < d.findings.size(); ++i) {
    const Finding& f = d.findings[i];
    if (f.layer != plan.layer) continue;
    if (f.status == Status::kFail || f.status == Status::kUnknown) plan.steps.push_back(i);
  }
  // Findings are sorted by rule and subject already; a stable sort keeps that order within
  // one severity and status.
  std::stable_sort(plan.steps.begin(), plan.steps.end(), [&](size_t a, size_t b) {
    const Finding& x = d.findings[a];
    const Finding& y = d.findings[b];
    int rx = static_cast<int>(x.severity), ry = static_cast<int>(y.severity);
    if (rx != ry) return rx > ry;
    bool fx = x.status == Status::kFail, fy = y.status == Status::kFail;
    return fx && !fy;
  });
  return plan;
}

}  // namespace sov
