// SARIF 2.1.0 (OASIS), the format code-scanning services read. One run; the applied rules are
// the driver's reportingDescriptors with help text and GitHub's `security-severity`; every
// fail, unknown and waived finding is a result located in its manifest line, waived ones carry
// a `suppressions` entry pointing at the waiver. Passing and n/a findings are not results: a
// code-scanning alert is something to act on. A finding above the deployment's target layer
// (AboveTarget) is a `note` that says so, whatever its severity.
#include <map>
#include <ostream>

#include "reports/json_stream.h"
#include "reports/policy.h"
#include "reports/render.h"
#include "reports/render_util.h"
#include "src/util/fs.h"

namespace sov {
namespace {

using nlohmann::json;

constexpr const char* kSarifSchema =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

// GitHub's scale: critical >= 9.0, high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9.
const char* SecuritySeverity(Severity severity) {
  switch (severity) {
    case Severity::kCritical: return "9.5";
    case Severity::kHigh: return "8.0";
    case Severity::kMedium: return "5.5";
    case Severity::kLow: return "3.0";
    case Severity::kInfo: return "1.0";
  }
  return "1.0";
}

const char* Level(Severity severity, Status status) {
  const bool high = severity >= Severity::kHigh;
  if (status == Status::kUnknown) return high ? "warning" : "note";
  if (high) return "error";
  return severity == Severity::kMedium ? "warning" : "note";
}

json Descriptor(const RuleInfo& r) {
  std::string help = r.remediation;
  std::string markdown = "**Remediation.** " + r.remediation;
  if (!r.references.empty()) {
    help += "\nReferences: " + Join(r.references, ", ");
    markdown += "\n\n**References:** " + Join(r.references, ", ");
  }
  json tags = {"sovereignty", r.layer > 0 ? "layer-" + std::to_string(r.layer) : "governance"};
  if (!r.question.empty()) tags.push_back(r.question);
  return {{"id", r.id},
          {"shortDescription", {{"text", r.title}}},
          {"fullDescription", {{"text", r.rationale.empty() ? r.title : r.rationale}}},
          {"help", {{"text", help}, {"markdown", markdown}}},
          {"defaultConfiguration", {{"level", Level(r.severity, Status::kFail)}}},
          {"properties",
           {{"security-severity", SecuritySeverity(r.severity)},
            {"tags", tags},
            {"layer", r.layer},
            {"precision", "high"}}}};
}

json PhysicalLocation(const Location& loc) {
  json artifact = {{"uri", FileUri(loc.file)}};
  if (!IsAbsolutePath(loc.file)) artifact["uriBaseId"] = "%SRCROOT%";
  json region = {{"startLine", loc.line > 0 ? loc.line : 1}};
  if (loc.line > 0 && loc.column > 0) region["startColumn"] = loc.column;
  return {{"artifactLocation", artifact}, {"region", region}};
}

json Result(const Report& report, const DeploymentReport& d, const Finding& f, int rule_index) {
  const bool above = AboveTarget(d, f);
  std::string text = f.message;
  if (f.status == Status::kUnknown) text = "unknown (evidence missing): " + text;
  text += " [deployment '" + d.name + "', " + f.subject + "]";
  if (above) text += " (" + AboveTargetReason(d) + ")";
  Location where = f.location;
  if (where.file.empty()) where.file = d.file;
  json r = {{"ruleId", f.rule},
            {"level", above ? "note" : Level(f.severity, f.status)},
            {"message", {{"text", text}}},
            {"locations", json::array({{{"physicalLocation", PhysicalLocation(where)}}})},
            {"partialFingerprints",
             {{"sovauditFinding/v1", Sha256Hex(d.name + '\0' + f.rule + '\0' + f.subject)}}},
            {"properties",
             {{"deployment", d.name},
              {"subject", f.subject},
              {"status", StatusName(f.status)},
              {"severity", SeverityName(f.severity)},
              {"evidence", EvidenceName(f.evidence)},
              {"layer", f.layer}}}};
  if (above) r["properties"]["above_target_layer"] = d.target_layer;
  if (rule_index >= 0) r["ruleIndex"] = rule_index;
  if (f.status == Status::kWaived && f.waiver >= 0 &&
      static_cast<size_t>(f.waiver) < report.waivers.size()) {
    const WaiverResult& w = report.waivers[static_cast<size_t>(f.waiver)];
    json props = {{"owner", w.owner}, {"expires", w.expires}};
    if (!w.reference.empty()) props["reference"] = w.reference;
    r["suppressions"] = json::array({{{"kind", "external"},
                                      {"status", "accepted"},
                                      {"justification", w.reason},
                                      {"location", {{"physicalLocation",
                                                     PhysicalLocation(w.location)}}},
                                      {"properties", props}}});
  }
  return r;
}


bool IsResult(const Finding& f) {
  return f.status == Status::kFail || f.status == Status::kUnknown || f.status == Status::kWaived;
}

}  // namespace

void RenderSarif(const Report& report, std::ostream& out) {
  json rules = json::array();
  std::map<std::string, int> index;
  for (const RuleInfo& r : report.rules) {
    index[r.id] = static_cast<int>(rules.size());
    rules.push_back(Descriptor(r));
  }
  size_t count = 0;
  for (const DeploymentReport& d : report.deployments) {
    for (const Finding& f : d.findings) count += IsResult(f);
  }
  json deployments = json::array();
  for (const DeploymentReport& d : report.deployments) {
    json entry = {{"name", d.name},
                  {"file", d.file},
                  {"achieved_layer", d.achieved_layer},
                  {"label", d.label},
                  {"evidence", EvidenceTallyToJson(d)}};
    if (d.target_layer > 0) entry["target_layer"] = d.target_layer;
    deployments.push_back(std::move(entry));
  }
  json driver = {{"name", "sovaudit"},
                 {"version", report.tool_version},
                 {"semanticVersion", report.tool_version},
                 {"rules", rules}};
  json run = {{"tool", {{"driver", driver}}},
              {"invocations", json::array({{{"executionSuccessful", true}}})},
              {"properties",
               {{"as_of", report.as_of},
                {"deployments", deployments},
                {"policy", PolicyToJson(report)}}}};
  json top = {{"$schema", kSarifSchema}, {"version", "2.1.0"}};
  // Equal to dump(2) of the whole document, with the results streamed one at a time.
  JsonWriter w(out);
  WriteWithStreamedArray(w, top, "runs", 1, 0, [&](int depth) {
    w.Raw("\n");
    w.Indent(depth);
    WriteWithStreamedArray(w, run, "results", count, depth, [&](int rdepth) {
      size_t k = 0;
      for (const DeploymentReport& d : report.deployments) {
        for (const Finding& f : d.findings) {
          if (!IsResult(f)) continue;
          auto it = index.find(f.rule);
          w.Raw(k++ ? ",\n" : "\n");
          w.Indent(rdepth);
          w.Value(Result(report, d, f, it == index.end() ? -1 : it->second), rdepth);
          w.MaybeFlush();
        }
      }
    });
  });
  w.Raw("\n");
}

}  // namespace sov
