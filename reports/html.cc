// The HTML report: one self-contained page for a board pack. No scripts, no external fonts,
// images or style sheets; charts are inline SVG (html_svg.cc). Per deployment, the procurement
// view (claim against evidence, the taxonomy label, Q1-Q4) comes first and starts a printed
// page of its own, then the layer ladder, the next-layer plan and the findings.
#include <ostream>

#include "reports/html_svg.h"
#include "reports/policy.h"
#include "reports/render.h"
#include "reports/render_util.h"
#include "src/report/summary.h"

namespace sov {
namespace {

constexpr size_t kMaxModelRows = 200;

constexpr const char* kStyle = R"css(
:root{--pass:#2e7d32;--fail:#c62828;--unknown:#f9a825;--muted:#5f6368}
*{box-sizing:border-box}
body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;color:#202124;margin:2rem auto;
max-width:1100px;padding:0 1.2rem;line-height:1.45;font-size:14px}
h1{font-size:1.7rem;margin:0 0 .2rem}h2{font-size:1.35rem;margin:2rem 0 .4rem;
border-bottom:2px solid #dadce0;padding-bottom:.2rem}h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
.muted{color:var(--muted)}.cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}
.card{border:1px solid #dadce0;border-radius:8px;padding:.6rem 1rem;min-width:9rem}
.card b{display:block;font-size:1.6rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{border-bottom:1px solid #e0e0e0;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f1f3f4}td.n,th.n{text-align:right}td.rule{white-space:nowrap}
.status{font-weight:700;white-space:nowrap}.s-pass{color:var(--pass)}.s-fail{color:var(--fail)}
.s-unknown{color:#a66f00}.s-waived,.s-na{color:var(--muted)}
.badge{display:inline-block;border-radius:1rem;padding:.1rem .7rem;font-weight:700;
background:#e8eaed}.badge.layer{background:#1a73e8;color:#fff}
.verdict{border-left:6px solid var(--pass);background:#f6fbf6;padding:.6rem 1rem;margin:.6rem 0}
.verdict.overclaim{border-color:var(--fail);background:#fdf3f3}
.verdict.none{border-color:#9e9e9e;background:#f8f9fa}
.integrity{border:2px solid var(--fail);color:var(--fail);padding:.5rem 1rem;font-weight:700}
ol.plan>li{margin-bottom:.6rem}ol.plan ul{margin:.2rem 0}.fix{color:#174ea6}
code{font-family:"DejaVu Sans Mono",monospace;font-size:.9em;background:#f1f3f4;padding:0 .2em}
.procurement dt{font-weight:700;margin-top:.5rem}.procurement dd{margin:0 0 0 1rem}
svg.chart{max-width:100%;height:auto;font-family:"DejaVu Sans",Helvetica,Arial,sans-serif}
@media print{body{margin:0;max-width:none;font-size:10.5pt}
section.deployment{break-before:page}.procurement{break-after:page}
h2,h3{break-after:avoid}tr,li,svg{break-inside:avoid}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
)css";

std::string H(std::string_view s) { return XmlEscape(s); }

std::string StatusCell(Status s) {
  std::string cls = s == Status::kNotApplicable ? "na" : StatusName(s);
  return "<span class=\"status s-" + cls + "\">" + StatusWord(s) + "</span>";
}

void Portfolio(const Report& report, std::ostream& out) {
  PortfolioSummary s = Summarize(report);
  out << "<section class=\"portfolio\"><h2>Portfolio</h2><div class=\"cards\">"
      << "<div class=\"card\"><b>" << s.deployments << "</b>deployments</div>"
      << "<div class=\"card\"><b>" << s.models << "</b>models</div>"
      << "<div class=\"card\"><b>" << s.overclaims << "</b>overclaims</div>"
      << "<div class=\"card\"><b>" << s.integrity_failures << "</b>integrity failures</div>"
      << "<div class=\"card\"><b>" << s.waived << "</b>findings waived</div></div>";
  out << "<h3>Achieved layers</h3>" << DistributionSvg(s);
  out << "<h3>Business units by layer</h3>" << HeatmapSvg(s);
  out << "<table><tr><th>business unit</th><th class=\"n\">deployments</th><th class=\"n\">"
         "models</th><th class=\"n\">lowest layer</th><th class=\"n\">overclaims</th></tr>";
  for (const UnitSummary& u : s.units) {
    out << "<tr><td>" << H(UnitLabel(u.name)) << "</td><td class=\"n\">" << u.deployments
        << "</td><td class=\"n\">" << u.models << "</td><td class=\"n\">" << u.lowest_layer
        << "</td><td class=\"n\">" << u.overclaims << "</td></tr>";
  }
  out << "</table>";
  if (!s.blocking.empty()) {
    out << "<h3>Rules that block the most deployments</h3><p class=\"muted\">Counted at each "
           "deployment's next layer.</p><table><tr><th>rule</th><th>title</th><th class=\"n\">"
           "deployments</th><th class=\"n\">findings</th></tr>";
    for (size_t i = 0; i < s.blocking.size() && i < 15; ++i) {
      const BlockingRule& b = s.blocking[i];
      out << "<tr><td><code>" << H(b.rule) << "</code></td><td>" << H(RuleTitle(report, b.rule))
          << "</td><td class=\"n\">" << b.deployments << "</td><td class=\"n\">" << b.findings
          << "</td></tr>";
    }
    out << "</table>";
  }
  out << "<h3>Deployments</h3><table><tr><th>deployment</th><th>business unit</th><th>layer"
         "</th><th>claim</th><th class=\"n\">fail</th><th class=\"n\">unknown</th>"
         "<th class=\"n\">waived</th></tr>";
  for (size_t i = 0; i < report.deployments.size(); ++i) {
    const DeploymentReport& d = report.deployments[i];
    FindingCounts c = CountFindings(d);
    out << "<tr><td><a href=\"#d" << i + 1 << "\">" << H(d.name) << "</a></td><td>"
        << H(d.business_unit) << "</td><td>" << d.achieved_layer << " — " << H(d.label)
        << "</td><td>"
        << (d.claim.present ? "layer " + std::to_string(d.claim.layer) +
                                  (d.claim.holds ? " (holds)"
                                                 : " <b class=\"s-fail\">overclaim</b>")
                            : std::string("none"))
        << "</td><td class=\"n\">" << c.fail << "</td><td class=\"n\">" << c.unknown
        << "</td><td class=\"n\">" << c.waived << "</td></tr>";
  }
  out << "</table></section>";
}

void Procurement(const DeploymentReport& d, std::ostream& out) {
  out << "<div class=\"procurement\"><h3>Procurement view</h3>";
  std::string cls = !d.claim.present ? "none" : d.claim.holds ? "holds" : "overclaim";
  out << "<div class=\"verdict " << cls << "\">";
  if (!d.claim.present) {
    out << "No sovereignty claim is made.";
  } else {
    out << "<b>Claim:</b> layer " << d.claim.layer << " (" << LayerLabel(d.claim.layer)
        << ") by " << H(d.claim.by);
    if (!d.claim.source.empty()) out << " <span class=\"muted\">(" << H(d.claim.source) << ")</span>";
    out << "<br><b>Evidence:</b> layer " << d.achieved_layer << " (" << H(d.label) << ")<br><b>"
        << (d.claim.holds ? "The claim holds." : "OVERCLAIM: the claim does not hold (SOV-C.1).")
        << "</b>";
  }
  out << "</div><p>Taxonomy label: <span class=\"badge layer\">" << H(d.label)
      << "</span></p><dl>";
  for (const Question& q : kQuestions) {
    auto it = d.questions.find(q.id);
    out << "<dt>" << q.id << " " << q.text << "</dt><dd>"
        << (it == d.questions.end() ? "not answered" : H(it->second)) << "</dd>";
  }
  out << "</dl></div>";
}

void Plan(const DeploymentReport& d, std::ostream& out) {
  if (d.next_layer.layer == 0) {
    out << "<h3>Next layer</h3><p>" << H(NoPlanSentence(d)) << "</p>";
    return;
  }
  out << "<h3>Next layer plan: layer " << d.next_layer.layer << " ("
      << LayerName(d.next_layer.layer) << ")</h3><p>" << d.next_layer.steps.size()
      << " finding" << (d.next_layer.steps.size() == 1 ? "" : "s")
      << " stand in the way, most urgent first.</p><ol class=\"plan\">";
  for (const PlanGroup& g : GroupPlan(d)) {
    out << "<li><code>" << H(g.rule) << "</code> <b>" << H(g.severity) << "</b> — <span "
        << "class=\"fix\">" << H(g.remediation) << "</span><ul>";
    for (const Finding* f : g.findings) {
      out << "<li>" << StatusCell(f->status) << " <code>" << H(f->subject) << "</code>: "
          << H(f->message) << " <span class=\"muted\">" << H(FormatLocation(f->location))
          << "</span></li>";
    }
    out << "</ul></li>";
  }
  out << "</ol>";
}

void Findings(const Report& report, const DeploymentReport& d, std::ostream& out) {
  out << "<h3>Findings that fail, are unknown or are waived</h3><table><tr><th>status</th>"
         "<th>rule</th><th>severity</th><th>subject</th><th>message</th><th>where</th></tr>";
  int shown = 0;
  for (const Finding& f : d.findings) {
    if (f.status != Status::kFail && f.status != Status::kUnknown && f.status != Status::kWaived) {
      continue;
    }
    ++shown;
    out << "<tr><td>" << StatusCell(f.status) << "</td><td class=\"rule\"><code>" << H(f.rule)
        << "</code></td><td>" << H(SeverityName(f.severity)) << "</td><td><code>" << H(f.subject)
        << "</code></td><td>" << H(f.message);
    if (const WaiverResult* w = WaiverOf(report, f)) {
      out << "<br><span class=\"muted\">waived by " << H(w->owner) << " until " << H(w->expires)
          << ": " << H(w->reason) << "</span>";
    }
    out << "</td><td class=\"muted\">" << H(FormatLocation(f.location)) << "</td></tr>";
  }
  if (shown == 0) out << "<tr><td colspan=\"6\">None.</td></tr>";
  out << "</table>";
}

void DeploymentSection(const Report& report, const DeploymentReport& d, size_t index,
                std::ostream& out) {
  out << "<section class=\"deployment\" id=\"d" << index + 1 << "\"><h2>" << H(d.name)
      << " <span class=\"badge layer\">layer " << d.achieved_layer << "</span></h2>"
      << "<p class=\"muted\"><code>" << H(d.file) << "</code> · home " << H(Join(d.home, ", "));
  if (!d.business_unit.empty()) out << " · business unit " << H(d.business_unit);
  out << "</p><p class=\"muted evidence\">Evidence: " << H(EvidenceLine(d)) << "</p>";
  if (d.integrity_failure) {
    out << "<p class=\"integrity\">Integrity failure: a weight file does not match its pinned "
           "digest or signature (SOV-3.5).</p>";
  }
  Procurement(d, out);
  out << "<h3>Layer ladder</h3>" << LadderSvg(d);
  Plan(d, out);
  Findings(report, d, out);
  out << "<h3>Models (" << d.models.size() << ")</h3><table><tr><th>model</th><th class=\"n\">"
         "layer</th><th>lineage</th></tr>";
  for (size_t i = 0; i < d.models.size() && i < kMaxModelRows; ++i) {
    const ModelResult& m = d.models[i];
    out << "<tr><td><code>" << H(m.id) << "</code></td><td class=\"n\">" << m.achieved_layer
        << "</td><td>" << H(Join(m.lineage, " ← ")) << "</td></tr>";
  }
  if (d.models.size() > kMaxModelRows) {
    out << "<tr><td colspan=\"3\">… and " << d.models.size() - kMaxModelRows
        << " more (see the JSON report)</td></tr>";
  }
  out << "</table></section>";
}

void Waivers(const Report& report, std::ostream& out) {
  if (report.waivers.empty()) return;
  out << "<section class=\"waivers\"><h2>Waivers</h2><table><tr><th>state</th><th>rule</th>"
         "<th>subject</th><th>owner</th><th>expires</th><th>reason</th><th class=\"n\">"
         "waived</th><th>where</th></tr>";
  for (const WaiverResult& w : report.waivers) {
    std::string cls = w.state == "active" ? "pass" : w.state == "unmatched" ? "unknown" : "fail";
    out << "<tr><td><span class=\"status s-" << cls << "\">" << H(w.state) << "</span></td><td>"
        << "<code>" << H(w.rule) << "</code></td><td><code>" << H(w.subject) << "</code>"
        << (w.deployment.empty() ? "" : " <span class=\"muted\">(" + H(w.deployment) + ")</span>")
        << "</td><td>" << H(w.owner) << "</td><td>" << H(w.expires) << "</td><td>" << H(w.reason)
        << (w.problem.empty() ? "" : "<br><span class=\"s-fail\">" + H(w.problem) + "</span>")
        << "</td><td class=\"n\">" << w.applied << "</td><td class=\"muted\">"
        << H(FormatLocation(w.location)) << "</td></tr>";
  }
  out << "</table></section>";
}

}  // namespace

void RenderHtml(const Report& report, std::ostream& out) {
  std::string title = report.deployments.size() == 1
                          ? "Sovereignty audit: " + report.deployments[0].name
                          : "Sovereignty audit: " + std::to_string(report.deployments.size()) +
                                " deployments";
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      << "<meta name=\"generator\" content=\"sovaudit " << H(report.tool_version) << "\">"
      << "<title>" << H(title) << "</title><style>" << kStyle << "</style></head><body>\n";
  out << "<header><h1>" << H(title) << "</h1><p class=\"muted\">Audit as of " << H(report.as_of)
      << " · sovaudit " << H(report.tool_version) << " · five-layer sovereignty maturity model"
      << "</p><p class=\"muted policy\">" << H(PolicyLine(report)) << "</p></header>\n";
  if (report.deployments.size() > 1) Portfolio(report, out);
  for (size_t i = 0; i < report.deployments.size(); ++i) {
    DeploymentSection(report, report.deployments[i], i, out);
    out << "\n";
  }
  Waivers(report, out);
  out << "</body></html>\n";
}

}  // namespace sov
