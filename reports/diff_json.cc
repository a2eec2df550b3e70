// The JSON diff, "schema": "sovaudit/diff/v1". nlohmann::json's default object type is a
// std::map, so keys come out sorted; lists keep the diff's own (sorted) order.
#include <ostream>

#include "reports/diff_render.h"
#include "reports/render.h"

namespace sov {
namespace {

using nlohmann::json;

json StatusOrNull(std::optional<Status> s) { return s ? json(StatusName(*s)) : json(nullptr); }

json ClaimOrNull(const std::optional<SnapshotClaim>& c) {
  if (!c) return nullptr;
  return {{"layer", c->layer}, {"by", c->by}, {"holds", c->holds}};
}

json FindingDeltaToJson(const FindingDelta& f) {
  return {{"rule", f.rule},
          {"layer", f.layer},
          {"severity", f.severity},
          {"subject", f.subject},
          {"message", f.message},
          {"location", LocationToJson(f.location)},
          {"old_status", StatusOrNull(f.old_status)},
          {"new_status", StatusOrNull(f.new_status)}};
}

json DeploymentDeltaToJson(const DeploymentDelta& d) {
  json j;
  j["name"] = d.name;
  j["old_file"] = d.old_file;
  j["new_file"] = d.new_file;
  j["old_layer"] = d.old_layer;
  j["new_layer"] = d.new_layer;
  j["old_label"] = d.old_label;
  j["new_label"] = d.new_label;
  j["layer_change"] = LayerChangeName(d.layer_change());
  j["old_claim"] = ClaimOrNull(d.old_claim);
  j["new_claim"] = ClaimOrNull(d.new_claim);
  j["new_overclaim"] = d.NewOverclaim();
  j["overclaim_resolved"] = d.OverclaimResolved();
  j["changed"] = d.Changed();
  j["regression"] = d.Regressed();
  j["layers"] = json::array();
  for (const LayerStatusDelta& l : d.layers) {
    j["layers"].push_back({{"layer", l.layer},
                           {"name", l.name},
                           {"old_status", StatusOrNull(l.old_status)},
                           {"new_status", StatusOrNull(l.new_status)}});
  }
  json findings = json::object();
  for (FindingChange c : {FindingChange::kNew, FindingChange::kWorse, FindingChange::kBetter,
                          FindingChange::kFixed}) {
    findings[FindingChangeName(c)] = json::array();
  }
  for (const FindingDelta& f : d.findings) {
    findings[FindingChangeName(f.change)].push_back(FindingDeltaToJson(f));
  }
  j["findings"] = std::move(findings);
  return j;
}

json EntriesToJson(const std::vector<DeploymentEntry>& entries) {
  json a = json::array();
  for (const DeploymentEntry& e : entries) {
    a.push_back({{"name", e.name},
                 {"file", e.file},
                 {"achieved_layer", e.achieved_layer},
                 {"label", e.label},
                 {"open_findings", e.open_findings}});
  }
  return a;
}

}  // namespace

json DiffToJson(const ReportDiff& diff) {
  DiffSummary s = Summarize(diff);
  json j;
  j["schema"] = kDiffSchema;
  j["tool"] = {{"name", "sovaudit"}, {"version", SOVAUDIT_VERSION}};
  j["old"] = {{"file", diff.old_file}, {"as_of", diff.old_as_of}};
  j["new"] = {{"file", diff.new_file}, {"as_of", diff.new_as_of}};
  j["summary"] = {{"matched", s.matched},
                  {"unchanged", s.unchanged},
                  {"gained", s.gained},
                  {"lost", s.lost},
                  {"added", s.added},
                  {"removed", s.removed},
                  {"new_findings", s.new_findings},
                  {"worse", s.worse},
                  {"better", s.better},
                  {"fixed", s.fixed},
                  {"new_overclaims", s.new_overclaims},
                  {"resolved_overclaims", s.resolved_overclaims},
                  {"regressed", s.regressed}};
  j["regression"] = s.regression;
  j["regressions"] = RegressionReasons(diff);
  j["deployments"] = json::array();
  for (const DeploymentDelta& d : diff.deployments) {
    j["deployments"].push_back(DeploymentDeltaToJson(d));
  }
  j["added"] = EntriesToJson(diff.added);
  j["removed"] = EntriesToJson(diff.removed);
  return j;
}

void RenderDiffJson(const ReportDiff& diff, std::ostream& out) {
  out << DiffToJson(diff).dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

}  // namespace sov
