#pragma once
// Pieces of a report model built by hand, for the tests of the report model and its renderers
// (report_test.cc, report_formats_test.cc, target_layer_test.cc, policy_render_test.cc).

#include <sstream>
#include <string>

#include "reports/render.h"
#include "src/report/report.h"

namespace sov::test {

// A deployment's heading: home Singapore, `layer` achieved and its label.
inline DeploymentReport DeploymentAt(const std::string& name, const std::string& file, int layer) {
  DeploymentReport d;
  d.name = name;
  d.file = file;
  d.home = {"SG"};
  d.achieved_layer = layer;
  d.label = LayerLabel(layer);
  return d;
}

// A finding of `rule` on `layer` at deploy/app.yaml (line 10 + layer), fixed by "fix RULE".
inline Finding ReportFinding(const std::string& rule, int layer, const std::string& severity,
                             Status status, const std::string& subject, const std::string& message,
                             int column) {
  Finding f;
  f.rule = rule;
  f.layer = layer;
  f.severity = *ParseSeverity(severity);
  f.status = status;
  f.subject = subject;
  f.message = message;
  f.location = {"deploy/app.yaml", 10 + layer, column};
  f.remediation = "fix " + rule;
  return f;
}

// The report rendered in `format` with the default options.
inline std::string RenderTo(ReportFormat format, const Report& r) {
  std::ostringstream out;
  Render(r, format, RenderOptions{}, out);
  return out.str();
}

}  // namespace sov::test
