// The JSON report, "schema": "sovaudit/report/v1" (spec README). nlohmann::json's default
// object type is a std::map, so keys come out sorted.
#include <ostream>

#include "reports/json_stream.h"
#include "reports/render.h"

namespace sov {

using nlohmann::json;

namespace {

// One finding at `depth`, equal to Value(FindingToJson(f), depth) without building the tree.
// Keys in nlohmann's (sorted) order.
void WriteFinding(JsonWriter& w, const Finding& f, const std::vector<WaiverResult>& waivers,
                  int depth) {
  w.Raw("{");
  w.Key("layer", true, depth + 1);
  w.Int(f.layer);
  w.Key("location", false, depth + 1);
  w.Raw("{");
  bool first = true;
  if (f.location.column > 0) {
    w.Key("column", true, depth + 2);
    w.Int(f.location.column);
    first = false;
  }
  w.Key("file", first, depth + 2);
  w.String(f.location.file);
  if (f.location.line > 0) {
    w.Key("line", false, depth + 2);
    w.Int(f.location.line);
  }
  w.Raw("\n");
  w.Indent(depth + 1);
  w.Raw("}");
  w.Key("message", false, depth + 1);
  w.String(f.message);
  w.Key("remediation", false, depth + 1);
  w.String(f.remediation);
  w.Key("rule", false, depth + 1);
  w.String(f.rule);
  w.Key("severity", false, depth + 1);
  w.String(SeverityName(f.severity));
  w.Key("status", false, depth + 1);
  w.String(StatusName(f.status));
  w.Key("subject", false, depth + 1);
  w.String(f.subject);
  if (f.waiver >= 0 && static_cast<size_t>(f.waiver) < waivers.size()) {
    w.Key("waiver", false, depth + 1);
    w.Value(WaiverRefToJson(waivers[static_cast<size_t>(f.waiver)]), depth + 1);
  }
  w.Raw("\n");
  w.Indent(depth);
  w.Raw("}");
}

}  // namespace

void RenderJson(const Report& report, std::ostream& out) {
  // Equal, byte for byte, to ReportToJson(report).dump(2) plus a newline, but findings are
  // written one at a time straight from the report: a 10,000-model portfolio never holds its
  // whole report as a tree.
  JsonWriter w(out);
  json top = ReportHeaderToJson(report);
  WriteWithStreamedArray(w, top, "deployments", report.deployments.size(), 0, [&](int depth) {
    for (size_t i = 0; i < report.deployments.size(); ++i) {
      const DeploymentReport& d = report.deployments[i];
      json dj = DeploymentToJson(d, report.waivers, false);
      w.Raw(i ? ",\n" : "\n");
      w.Indent(depth);
      WriteWithStreamedArray(w, dj, "findings", d.findings.size(), depth, [&](int fdepth) {
        for (size_t k = 0; k < d.findings.size(); ++k) {
          w.Raw(k ? ",\n" : "\n");
          w.Indent(fdepth);
          WriteFinding(w, d.findings[k], report.waivers, fdepth);
          w.MaybeFlush();
        }
      });
      w.MaybeFlush();
    }
  });
  w.Raw("\n");
}

}  // namespace sov
