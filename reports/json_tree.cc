// The JSON report as a tree: "schema": "sovaudit/report/v1" (spec README) plus the members
// this tool adds (policy, portfolio, waivers, next_layer, a finding's waiver, a deployment's
// target_layer when --target-layer or --require-layer set one). nlohmann::json's default
// object type is a std::map, so keys come out sorted. RenderJson (json.cc) streams the same
// bytes without building the findings as a tree.
#include "reports/policy.h"
#include "reports/render.h"
#include "src/report/summary.h"

namespace sov {

using nlohmann::json;

namespace {

json LayerToJson(const LayerResult& l) {
  return {{"layer", l.layer},       {"name", l.name},     {"status", StatusName(l.status)},
          {"passed", l.passed},     {"failed", l.failed}, {"unknown", l.unknown}};
}

json NextLayerToJson(const DeploymentReport& d) {
  if (d.next_layer.layer == 0) return nullptr;
  json steps = json::array();
  for (size_t i : d.next_layer.steps) {
    const Finding& f = d.findings[i];
    steps.push_back({{"rule", f.rule},
                     {"subject", f.subject},
                     {"status", StatusName(f.status)},
                     {"severity", SeverityName(f.severity)},
                     {"remediation", f.remediation}});
  }
  return {{"layer", d.next_layer.layer},
          {"name", LayerName(d.next_layer.layer)},
          {"label", LayerLabel(d.next_layer.layer)},
          {"steps", steps}};
}

json UnitToJson(const UnitSummary& u) {
  return {{"name", u.name},           {"deployments", u.deployments},
          {"models", u.models},       {"by_layer", u.by_layer},
          {"overclaims", u.overclaims}, {"lowest_layer", u.lowest_layer}};
}

json PortfolioToJson(const PortfolioSummary& s) {
  json blocking = json::array();
  for (const BlockingRule& b : s.blocking) {
    blocking.push_back({{"rule", b.rule},
                        {"layer", b.layer},
                        {"deployments", b.deployments},
                        {"findings", b.findings}});
  }
  json units = json::array();
  for (const UnitSummary& u : s.units) units.push_back(UnitToJson(u));
  return {{"deployments", s.deployments},
          {"models", s.models},
          {"by_layer", s.by_layer},
          {"overclaims", s.overclaims},
          {"overclaimed", s.overclaimed},
          {"integrity_failures", s.integrity_failures},
          {"waived_findings", s.waived},
          {"blocking_rules", blocking},
          {"business_units", units}};
}

json WaiverToJson(const WaiverResult& w) {
  json j = {{"rule", w.rule},   {"subject", w.subject}, {"owner", w.owner},
            {"reason", w.reason}, {"expires", w.expires}, {"location", LocationToJson(w.location)},
            {"state", w.state}, {"applied", w.applied}};
  if (!w.deployment.empty()) j["deployment"] = w.deployment;
  if (!w.reference.empty()) j["reference"] = w.reference;
  if (!w.problem.empty()) j["problem"] = w.problem;
  return j;
}

}  // namespace

json LocationToJson(const Location& loc) {
  json j = {{"file", loc.file}};
  if (loc.line > 0) j["line"] = loc.line;
  if (loc.column > 0) j["column"] = loc.column;
  return j;
}

json WaiverRefToJson(const WaiverResult& w) {
  json j = {{"owner", w.owner}, {"reason", w.reason}, {"expires", w.expires},
            {"location", LocationToJson(w.location)}};
  if (!w.reference.empty()) j["reference"] = w.reference;
  return j;
}

json DeploymentToJson(const DeploymentReport& d, const std::vector<WaiverResult>& waivers,
                      bool with_findings) {
  json j;
  j["name"] = d.name;
  j["file"] = d.file;
  j["home"] = d.home;
  if (!d.business_unit.empty()) j["business_unit"] = d.business_unit;
  j["achieved_layer"] = d.achieved_layer;
  j["label"] = d.label;
  if (d.claim.present) {
    j["claim"] = {{"layer", d.claim.layer}, {"by", d.claim.by}, {"holds", d.claim.holds}};
    if (!d.claim.source.empty()) j["claim"]["source"] = d.claim.source;
  } else {
    j["claim"] = nullptr;
  }
  j["integrity_failure"] = d.integrity_failure;
  j["evidence"] = EvidenceTallyToJson(d);
  j["layers"] = json::array();
  for (const LayerResult& l : d.layers) j["layers"].push_back(LayerToJson(l));
  j["models"] = json::array();
  for (const ModelResult& m : d.models) {
    j["models"].push_back(
        {{"id", m.id}, {"achieved_layer", m.achieved_layer}, {"lineage", m.lineage}});
  }
  j["next_layer"] = NextLayerToJson(d);
  j["questions"] = d.questions;
  if (d.target_layer > 0) j["target_layer"] = d.target_layer;  // only when a target was set
  if (!d.fleets.empty()) {  // only for models served on edge fleets
    j["fleets"] = json::array();
    for (const FleetCoverage& f : d.fleets) {
      j["fleets"].push_back({{"model", f.model}, {"size", f.size}, {"attested", f.attested}});
    }
  }
  if (!with_findings) return j;
  j["findings"] = json::array();
  for (const Finding& f : d.findings) j["findings"].push_back(FindingToJson(f, waivers));
  return j;
}

json EvidenceTallyToJson(const DeploymentReport& d) {
  std::array<int, kEvidenceKinds> n = PassingByEvidence(d);
  json j = json::object();
  for (int k = 0; k < kEvidenceKinds; ++k) j[EvidenceName(static_cast<Evidence>(k))] = n[static_cast<size_t>(k)];
  return j;
}

json FindingToJson(const Finding& f, const std::vector<WaiverResult>& waivers) {
  json j = {{"rule", f.rule},
            {"layer", f.layer},
            {"severity", SeverityName(f.severity)},
            {"status", StatusName(f.status)},
            {"subject", f.subject},
            {"message", f.message},
            {"location", LocationToJson(f.location)},
            {"remediation", f.remediation},
            {"evidence", EvidenceName(f.evidence)}};
  if (f.waiver >= 0 && static_cast<size_t>(f.waiver) < waivers.size()) {
    j["waiver"] = WaiverRefToJson(waivers[static_cast<size_t>(f.waiver)]);
  }
  return j;
}

json ReportHeaderToJson(const Report& report) {
  json j;
  j["schema"] = kReportSchema;
  j["tool"] = {{"name", "sovaudit"}, {"version", report.tool_version}};
  j["as_of"] = report.as_of;
  j["inputs"] = json::array();
  for (const InputFile& in : report.inputs) {
    json entry = {{"path", in.path}, {"sha256", in.sha256}};
    if (!in.url.empty()) {
      entry["url"] = in.url;
      entry["pinned_by"] = in.pinned_by;
      if (!in.signer.empty()) entry["signer"] = in.signer;
    }
    j["inputs"].push_back(std::move(entry));
  }
  j["policy"] = PolicyToJson(report);
  j["portfolio"] = PortfolioToJson(Summarize(report));
  j["waivers"] = json::array();
  for (const WaiverResult& w : report.waivers) j["waivers"].push_back(WaiverToJson(w));
  return j;
}

json ReportToJson(const Report& report) {
  json j = ReportHeaderToJson(report);
  j["deployments"] = json::array();
  for (const DeploymentReport& d : report.deployments) {
    j["deployments"].push_back(DeploymentToJson(d, report.waivers, true));
  }
  return j;
}

}  // namespace sov
