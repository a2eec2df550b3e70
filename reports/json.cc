// The JSON report, "schema": "sovaudit/report/v1" (spec README). nlohmann::json's default
// object type is a std::map, so keys come out sorted.
#include <ostream>

#include "reports/render.h"

namespace sov {
namespace {

using nlohmann::json;

json LocationToJson(const Location& loc) {
  json j = {{"file", loc.file}};
  if (loc.line > 0) j["line"] = loc.line;
  if (loc.column > 0) j["column"] = loc.column;
  return j;
}

json LayerToJson(const LayerResult& l) {
  return {{"layer", l.layer},       {"name", l.name},     {"status", StatusName(l.status)},
          {"passed", l.passed},     {"failed", l.failed}, {"unknown", l.unknown}};
}

json DeploymentToJson(const DeploymentReport& d) {
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
  j["layers"] = json::array();
  for (const LayerResult& l : d.layers) j["layers"].push_back(LayerToJson(l));
  j["models"] = json::array();
  for (const ModelResult& m : d.models) {
    j["models"].push_back(
        {{"id", m.id}, {"achieved_layer", m.achieved_layer}, {"lineage", m.lineage}});
  }
  j["questions"] = d.questions;
  j["findings"] = json::array();
  for (const Finding& f : d.findings) j["findings"].push_back(FindingToJson(f));
  return j;
}

}  // namespace

json FindingToJson(const Finding& f) {
  return {{"rule", f.rule},
          {"layer", f.layer},
          {"severity", f.severity},
          {"status", StatusName(f.status)},
          {"subject", f.subject},
          {"message", f.message},
          {"location", LocationToJson(f.location)},
          {"remediation", f.remediation}};
}

json ReportToJson(const Report& report) {
  json j;
  j["schema"] = kReportSchema;
  j["tool"] = {{"name", "sovaudit"}, {"version", report.tool_version}};
  j["as_of"] = report.as_of;
  j["inputs"] = json::array();
  for (const InputFile& in : report.inputs) {
    j["inputs"].push_back({{"path", in.path}, {"sha256", in.sha256}});
  }
  j["deployments"] = json::array();
  for (const DeploymentReport& d : report.deployments) j["deployments"].push_back(DeploymentToJson(d));
  return j;
}

void RenderJson(const Report& report, std::ostream& out) {
  // Invalid UTF-8 from inputs is replaced rather than aborting the report.
  out << ReportToJson(report).dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace sov
