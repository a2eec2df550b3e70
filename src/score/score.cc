#include "src/score/score.h"

#include <algorithm>

#include "src/rules/tally.h"
#include "src/util/text.h"

namespace sov {
namespace {

LayerResult ToResult(int layer, const LayerCounts& c) {
  LayerResult r;
  r.layer = layer;
  r.name = LayerName(layer);
  r.status = c.status();
  r.passed = c.passed;
  r.failed = c.failed;
  r.unknown = c.unknown;
  return r;
}

// Why `model` does not pass `layer`: its blocking findings, at most three named.
std::string Blockers(const std::vector<Finding>& findings, const std::string& model, int layer) {
  std::vector<std::string> named;
  size_t total = 0;
  for (const Finding& f : findings) {
    if (f.layer != layer || !InScope(f, model)) continue;
    if (f.status != Status::kFail && f.status != Status::kUnknown) continue;
    if (++total <= 3) named.push_back(f.rule + " " + StatusName(f.status) + " on " + f.subject);
  }
  std::string s = Join(named, ", ");
  if (total > named.size()) s += " and " + std::to_string(total - named.size()) + " more";
  return s;
}

Finding ClaimFinding(const RuleDef& rule, const Deployment& d, const DeploymentReport& report,
                     const std::vector<Finding>& findings) {
  Finding f;
  f.rule = rule.id;
  f.layer = rule.layer;
  f.severity = rule.severity;
  f.subject = "deployment";
  f.location = d.claim.present && d.claim.loc.line > 0 ? d.claim.loc : d.loc;
  const ClaimResult& c = report.claim;
  if (!c.present) {
    f.status = Status::kPass;
    f.message = "no sovereignty claim is made";
    return f;
  }
  std::string claimed = "layer " + std::to_string(c.layer) + " (" + LayerLabel(c.layer) + ")" +
                        (c.by.empty() ? "" : " claimed by " + c.by) +
                        (c.source.empty() ? "" : " in " + c.source);
  std::string achieved = "layer " + std::to_string(report.achieved_layer) + " (" +
                         LayerLabel(report.achieved_layer) + ")";
  if (c.holds) {
    f.status = Status::kPass;
    f.message = claimed + " holds: the deployment achieves " + achieved;
    return f;
  }
  f.status = Status::kFail;
  f.remediation = rule.remediation;
  // The first layer that stands in the way, for the weakest model (the lowest id among ties).
  const ModelResult* weakest = nullptr;
  for (const ModelResult& m : report.models) {
    if (weakest == nullptr || m.achieved_layer < weakest->achieved_layer) weakest = &m;
  }
  int blocking = report.achieved_layer + 1;
  std::string status = "fails";
  if (weakest != nullptr && blocking <= 5) {
    status = weakest->layers[blocking - 1].status == Status::kFail ? "fails" : "is unknown";
  }
  f.message = "overclaim: " + claimed + ", but the deployment achieves " + achieved + "; layer " +
              std::to_string(blocking) + " (" + LayerName(blocking) + ") " + status +
              (weakest ? " for model '" + weakest->id + "'" : "") + ": " +
              (weakest ? Blockers(findings, weakest->id, blocking) : "");
  return f;
}

}  // namespace

void ScoreDeployment(const Facts& facts, const RuleSet& rules, std::vector<Finding> findings,
                     DeploymentReport& report) {
  const Deployment& d = facts.deployment();
  if (d.models.empty()) throw Error(d.loc, "deployment '" + d.name + "' has no models");
  report.name = d.name;
  report.file = d.file;
  report.business_unit = d.business_unit;
  const Organization* owner = d.FindOrganization(d.owner);
  report.owner = owner && !owner->name.empty() ? owner->name : d.owner;
  report.home = d.home;
  report.integrity_failure = facts.IntegrityFailure();

  LayerTally tally(findings);
  report.layers.clear();
  for (int layer = 1; layer <= 5; ++layer) {
    report.layers.push_back(ToResult(layer, tally.ForDeployment(layer)));
  }

  std::vector<const DeployedModel*> models;
  models.reserve(d.models.size());
  for (const DeployedModel& m : d.models) models.push_back(&m);
  std::sort(models.begin(), models.end(),
            [](const DeployedModel* a, const DeployedModel* b) { return a->id < b->id; });
  report.models.clear();
  report.models.reserve(models.size());
  report.achieved_layer = 5;
  for (const DeployedModel* m : models) {
    ModelResult r;
    r.id = m->id;
    r.lineage = facts.Lineage(m->id);
    for (int layer = 1; layer <= 5; ++layer) {
      r.layers.push_back(ToResult(layer, tally.ForModel(m->id, layer)));
    }
    r.achieved_layer = tally.AchievedLayer(m->id);
    report.achieved_layer = std::min(report.achieved_layer, r.achieved_layer);
    report.models.push_back(std::move(r));
  }
  report.label = LayerLabel(report.achieved_layer);

  report.claim = ClaimResult{};
  if (d.claim.present) {
    report.claim.present = true;
    report.claim.layer = d.claim.layer;
    report.claim.by = d.claim.by;
    report.claim.source = d.claim.source;
    report.claim.holds = d.claim.layer <= report.achieved_layer;
  }
  for (const RuleDef& rule : rules.rules()) {
    if (!rule.enabled || rule.layer != 0) continue;
    if (!rule.check.IsMap() || !rule.check["builtin"] ||
        rule.check["builtin"].Scalar() != "claim") {
      continue;
    }
    // Claims (layer 0) sort first; inserting in place keeps sorted input sorted.
    Finding claim = ClaimFinding(rule, d, report, findings);
    auto at = std::find_if(findings.begin(), findings.end(),
                           [](const Finding& f) { return f.layer > 0; });
    findings.insert(at, std::move(claim));
  }
  SortFindings(findings);
  report.findings = std::move(findings);
}

}  // namespace sov
