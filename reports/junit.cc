// JUnit XML, the test report CI systems (GitLab, Jenkins, Azure) show: one <testsuite> per
// deployment, one <testcase> per finding (a rule on a subject). fail -> <failure>,
// unknown -> <error> (the check could not be decided: evidence is missing), n/a and waived ->
// <skipped>, pass -> a bare testcase. No timestamps or durations, so runs can be diffed.
#include <ostream>

#include "reports/render.h"
#include "reports/render_util.h"

namespace sov {
namespace {

std::string Attr(std::string_view s) { return "\"" + XmlEscape(s) + "\""; }

void RenderCase(const Report& report, const DeploymentReport& d, const Finding& f,
                std::ostream& out) {
  out << "    <testcase classname=" << Attr(d.name + "." + f.rule)
      << " name=" << Attr(f.rule + " " + f.subject) << " file=" << Attr(f.location.file);
  if (f.location.line > 0) out << " line=\"" << f.location.line << "\"";
  out << " time=\"0\"";
  std::string where = FormatLocation(f.location);
  std::string body = f.message + (where.empty() ? "" : "\nat " + where) +
                     (f.remediation.empty() ? "" : "\nfix: " + f.remediation);
  switch (f.status) {
    case Status::kPass:
      out << "/>\n";
      return;
    case Status::kFail:
      out << ">\n      <failure type=" << Attr(f.severity) << " message=" << Attr(f.message)
          << ">" << XmlEscape(body) << "</failure>\n";
      break;
    case Status::kUnknown:
      out << ">\n      <error type=\"unknown\" message=" << Attr("evidence missing: " + f.message)
          << ">" << XmlEscape(body) << "</error>\n";
      break;
    case Status::kNotApplicable:
      out << ">\n      <skipped message=" << Attr("n/a: " + f.message) << "/>\n";
      break;
    case Status::kWaived: {
      const WaiverResult* w = WaiverOf(report, f);
      std::string why = w ? "waived by " + w->owner + " until " + w->expires + ": " + w->reason
                          : "waived";
      out << ">\n      <skipped message=" << Attr(why) << "/>\n";
      break;
    }
  }
  out << "    </testcase>\n";
}

}  // namespace

void RenderJunit(const Report& report, std::ostream& out) {
  int tests = 0, failures = 0, errors = 0, skipped = 0;
  for (const DeploymentReport& d : report.deployments) {
    for (const Finding& f : d.findings) {
      ++tests;
      failures += f.status == Status::kFail;
      errors += f.status == Status::kUnknown;
      skipped += f.status == Status::kNotApplicable || f.status == Status::kWaived;
    }
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"sovaudit\" tests=\"" << tests << "\" failures=\"" << failures
      << "\" errors=\"" << errors << "\" skipped=\"" << skipped << "\" time=\"0\">\n";
  for (const DeploymentReport& d : report.deployments) {
    int f_fail = 0, f_err = 0, f_skip = 0;
    for (const Finding& f : d.findings) {
      f_fail += f.status == Status::kFail;
      f_err += f.status == Status::kUnknown;
      f_skip += f.status == Status::kNotApplicable || f.status == Status::kWaived;
    }
    out << "  <testsuite name=" << Attr(d.name) << " tests=\"" << d.findings.size()
        << "\" failures=\"" << f_fail << "\" errors=\"" << f_err << "\" skipped=\"" << f_skip
        << "\" time=\"0\" timestamp=" << Attr(report.as_of + "T00:00:00")
        << " file=" << Attr(d.file) << ">\n";
    out << "    <properties>\n";
    out << "      <property name=\"achieved_layer\" value=\"" << d.achieved_layer << "\"/>\n";
    out << "      <property name=\"label\" value=" << Attr(d.label) << "/>\n";
    if (d.claim.present) {
      out << "      <property name=\"claim\" value=" << Attr(
                 "layer " + std::to_string(d.claim.layer) + " by " + d.claim.by +
                 (d.claim.holds ? " (holds)" : " (OVERCLAIM)"))
          << "/>\n";
    }
    out << "      <property name=\"as_of\" value=" << Attr(report.as_of) << "/>\n";
    out << "    </properties>\n";
    for (const Finding& f : d.findings) RenderCase(report, d, f, out);
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace sov
