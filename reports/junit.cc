// JUnit XML, the test report CI systems (GitLab, Jenkins, Azure) show: one <testsuite> per
// deployment, one <testcase> per finding (a rule on a subject). fail -> <failure>,
// unknown -> <error> (the check could not be decided: evidence is missing), n/a and waived ->
// <skipped>, pass -> a bare testcase; a fail or unknown finding above the deployment's target
// layer (AboveTarget) is <skipped> too, saying so. No timestamps or durations, so runs can be
// diffed.
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
  bool blocks = f.status == Status::kFail || f.status == Status::kUnknown;
  if (blocks && AboveTarget(d, f)) {
    out << ">\n      <skipped message=" << Attr(AboveTargetReason(d) + ": " + f.message) << "/>\n"
        << "    </testcase>\n";
    return;
  }
  switch (f.status) {
    case Status::kPass:
      out << "/>\n";
      return;
    case Status::kFail:
      out << ">\n      <failure type=" << Attr(SeverityName(f.severity)) << " message=" << Attr(f.message)
          << ">" << XmlEscapeLines(body) << "</failure>\n";
      break;
    case Status::kUnknown:
      out << ">\n      <error type=\"unknown\" message=" << Attr("evidence missing: " + f.message)
          << ">" << XmlEscapeLines(body) << "</error>\n";
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

struct Counts {
  int tests = 0, failures = 0, errors = 0, skipped = 0;
  Counts& operator+=(const Counts& o) {
    tests += o.tests;
    failures += o.failures;
    errors += o.errors;
    skipped += o.skipped;
    return *this;
  }
};

// As RenderCase renders them: a fail or unknown finding above the target layer is skipped.
Counts CountCases(const DeploymentReport& d) {
  Counts c;
  for (const Finding& f : d.findings) {
    ++c.tests;
    bool blocks = f.status == Status::kFail || f.status == Status::kUnknown;
    if (blocks && AboveTarget(d, f)) {
      ++c.skipped;
      continue;
    }
    c.failures += f.status == Status::kFail;
    c.errors += f.status == Status::kUnknown;
    c.skipped += f.status == Status::kNotApplicable || f.status == Status::kWaived;
  }
  return c;
}

}  // namespace

void RenderJunit(const Report& report, std::ostream& out) {
  Counts all;
  for (const DeploymentReport& d : report.deployments) all += CountCases(d);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"sovaudit\" tests=\"" << all.tests << "\" failures=\""
      << all.failures << "\" errors=\"" << all.errors << "\" skipped=\"" << all.skipped
      << "\" time=\"0\">\n";
  for (const DeploymentReport& d : report.deployments) {
    Counts c = CountCases(d);
    out << "  <testsuite name=" << Attr(d.name) << " tests=\"" << c.tests << "\" failures=\""
        << c.failures << "\" errors=\"" << c.errors << "\" skipped=\"" << c.skipped << "\" time=\"0\" timestamp=" << Attr(report.as_of + "T00:00:00")
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
    if (d.target_layer > 0) {
      out << "      <property name=\"target_layer\" value=\"" << d.target_layer << "\"/>\n";
    }
    {
      std::array<int, kEvidenceKinds> n = PassingByEvidence(d);
      for (int k = 0; k < kEvidenceKinds; ++k) {
        out << "      <property name=\"evidence." << EvidenceName(static_cast<Evidence>(k)) << "\" value=\""
            << n[static_cast<size_t>(k)] << "\"/>\n";
      }
    }
    out << "      <property name=\"as_of\" value=" << Attr(report.as_of) << "/>\n";
    out << "    </properties>\n";
    for (const Finding& f : d.findings) RenderCase(report, d, f, out);
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace sov
