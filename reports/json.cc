// The JSON report, "schema": "sovaudit/report/v1" (spec README). nlohmann::json's default
// object type is a std::map, so keys come out sorted.
#include <ostream>

#include "reports/json_stream.h"
#include "reports/render.h"

namespace sov {

using nlohmann::json;

void RenderJson(const Report& report, std::ostream& out) {
  // Equal, byte for byte, to ReportToJson(report).dump(2) plus a newline (json_tree.cc defines
  // every member once), but each deployment and each finding is made a tree and written on its
  // own: a 10,000-model portfolio never holds its whole report as a tree.
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
          w.Value(FindingToJson(d.findings[k], report.waivers), fdepth);
          w.MaybeFlush();
        }
      });
      w.MaybeFlush();
    }
  });
  w.Raw("\n");
}

}  // namespace sov
