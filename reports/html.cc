// The HTML report: one self-contained page that prints as a board pack. No scripts, no
// external fonts, images or style sheets; charts are inline SVG (html_svg.cc). Page 1 is the
// executive summary (html_summary.cc), then the portfolio; each deployment below its target
// starts a printed page of its own (claim against evidence, ladder, plan, findings folded by
// rule and outcome), the deployments that meet it follow compactly, and an appendix holds the
// procurement answers, the waivers and, with --details full, every finding and model.
#include <algorithm>
#include <map>
#include <ostream>

#include "reports/html_parts.h"
#include "reports/html_svg.h"
#include "reports/inline_markdown.h"
#include "reports/policy.h"
#include "reports/trend.h"

namespace sov {
namespace html {
namespace {

constexpr size_t kMaxModelRows = 200;
constexpr size_t kMaxReasons = 1;
constexpr size_t kMaxReason = 150;
constexpr size_t kMaxAnswer = 700;  // a procurement answer in the appendix, --details summary

constexpr const char* kStyle = R"css(
:root{--pass:#2e7d32;--fail:#c62828;--unknown:#f9a825;--muted:#5f6368}
*{box-sizing:border-box}
body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;color:#202124;margin:2rem auto;
max-width:1100px;padding:0 1.2rem;line-height:1.4;font-size:14px}
h1{font-size:1.6rem;margin:0 0 .2rem}h2{font-size:1.3rem;margin:1.6rem 0 .4rem;
border-bottom:2px solid #dadce0;padding-bottom:.2rem}h3{font-size:1.02rem;margin:1rem 0 .3rem}
.muted{color:var(--muted)}.cards{display:flex;flex-wrap:wrap;gap:.6rem;margin:.6rem 0}
.card{border:1px solid #dadce0;border-radius:8px;padding:.4rem .8rem;min-width:8rem}
.card b{display:block;font-size:1.5rem}.card.bad{border-color:var(--fail);color:var(--fail)}
table{border-collapse:collapse;width:100%;margin:.4rem 0 .8rem}
th,td{border-bottom:1px solid #e0e0e0;padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:#f1f3f4}td.n,th.n{text-align:right}td.rule{white-space:nowrap}
td,li,p,dd{overflow-wrap:break-word}
.status{font-weight:700;white-space:nowrap}.s-pass{color:var(--pass)}.s-fail{color:var(--fail)}
.s-unknown{color:#a66f00}.s-waived,.s-na{color:var(--muted)}
.badge{display:inline-block;border-radius:1rem;padding:0 .6rem;font-weight:700;color:#fff;
white-space:nowrap}.badge.l1,.badge.l2,.badge.l3{color:#202124}
.verdict-line{font-size:1.15rem;margin:.4rem 0}.gate{margin:.2rem 0}
.verdict{border-left:6px solid var(--pass);background:#f6fbf6;padding:.5rem 1rem;margin:.5rem 0}
.verdict.overclaim{border-color:var(--fail);background:#fdf3f3}
.verdict.none{border-color:#9e9e9e;background:#f8f9fa}
.integrity{border:2px solid var(--fail);color:var(--fail);padding:.5rem 1rem;font-weight:700}
ol.plan>li,ul.steps>li,ol.risks>li{margin-bottom:.35rem}ul.reasons{margin:.1rem 0}.fix{color:#174ea6}
.above{color:var(--muted);font-style:italic}
code{font-family:"DejaVu Sans Mono",monospace;font-size:.88em;background:#f1f3f4;padding:0 .2em}
table.layers td{font-size:.92em}.charts{display:flex;flex-wrap:wrap;gap:0 2rem;align-items:flex-end}
.procurement dt{font-weight:700;margin-top:.4rem}.procurement dd{margin:0 0 0 1rem}
section.met h3{margin-top:1.2rem}
svg.chart{max-width:100%;height:auto;font-family:"DejaVu Sans",Helvetica,Arial,sans-serif}
@media print{@page{size:A4;margin:12mm 11mm}
body{margin:0;max-width:none;font-size:9pt;line-height:1.3}h2{margin-top:0}
section.portfolio,section.below,section.appendix,section.met-list{break-before:page}
section.summary{break-after:page}.appendix{font-size:7.5pt;columns:2;column-gap:1.2rem}
.appendix h2{column-span:all}.card{min-width:4.6rem;padding:.15rem .5rem;font-size:.9em}
.card b{font-size:1.15rem}h1{font-size:1.35rem}.summary h3{margin:.6rem 0 .2rem}
svg.distribution{max-width:70%}svg.ladder{max-width:45%}table.layers{font-size:.85em}
h2,h3{break-after:avoid}tr,li,svg,.card{break-inside:avoid}
a{color:inherit;text-decoration:none}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
)css";

void ClaimBox(const DeploymentReport& d, std::ostream& out) {
  std::string cls = !d.claim.present ? "none" : d.claim.holds ? "holds" : "overclaim";
  out << "<div class=\"verdict " << cls << "\">";
  if (!d.claim.present) {
    out << "No sovereignty claim is made. Evidence: layer " << d.achieved_layer << " ("
        << H(d.label) << ").";
  } else {
    out << "<b>Claim:</b> layer " << d.claim.layer << " (" << LayerLabel(d.claim.layer)
        << ") by " << H(d.claim.by);
    if (!d.claim.source.empty()) out << " <span class=\"muted\">(" << H(d.claim.source) << ")</span>";
    out << "<br><b>Evidence:</b> layer " << d.achieved_layer << " (" << H(d.label) << ")<br><b>"
        << (d.claim.holds ? "The claim holds." : "OVERCLAIM: the claim does not hold (SOV-C.1).")
        << "</b>";
  }
  out << "</div>";
}

std::string Subjects(const std::vector<const Finding*>& findings, size_t shown) {
  std::string s;
  for (size_t i = 0; i < findings.size() && i < shown; ++i) {
    s += (i ? ", " : "") + std::string("<code>") + H(findings[i]->subject) + "</code>";
  }
  if (findings.size() > shown) s += " and " + std::to_string(findings.size() - shown) + " more";
  return s;
}

// The distinct reasons of a plan group's findings, unknown ones marked, most common first.
std::string PlanReasons(const PlanGroup& g) {
  std::map<std::string, int> count;
  for (const Finding* f : g.findings) {
    std::string reason = g.findings.size() > 1 ? FoldMessage(*f) : f->message;
    ++count[(f->status == Status::kUnknown ? "unknown: " : "") + reason];
  }
  std::vector<std::pair<std::string, int>> reasons(count.begin(), count.end());
  std::stable_sort(reasons.begin(), reasons.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string s = "<ul class=\"reasons\">";
  for (size_t i = 0; i < reasons.size() && i < 2; ++i) {
    s += "<li>" + H(Clip(reasons[i].first, kMaxReason)) +
         (g.findings.size() > 1 ? " <span class=\"muted\">(" + std::to_string(reasons[i].second) + ")</span>" : "") +
         "</li>";
  }
  if (reasons.size() > 2) {
    s += "<li class=\"muted\">and " + std::to_string(reasons.size() - 2) +
         (reasons.size() == 3 ? " other reason" : " other reasons") + "</li>";
  }
  return s + "</ul>";
}

void Plan(const DeploymentReport& d, std::ostream& out) {
  if (d.next_layer.layer == 0) {
    out << "<h3>Next layer</h3><p>" << H(NoPlanSentence(d)) << "</p>";
    return;
  }
  out << "<h3>Next layer plan: layer " << d.next_layer.layer << " ("
      << LayerName(d.next_layer.layer) << ")</h3><p>" << d.next_layer.steps.size()
      << (d.next_layer.steps.size() == 1 ? " finding stands" : " findings stand")
      << " in the way, most urgent rule first.</p><ol class=\"plan\">";
  for (const PlanGroup& g : GroupPlan(d)) {
    out << "<li><code>" << H(g.rule) << "</code> <b>" << H(g.severity) << "</b> — <span "
        << "class=\"fix\">" << InlineMarkdownToHtml(g.remediation) << "</span><br><span "
        << "class=\"muted\">" << H(SubjectCount(g.findings))
        << (g.findings.size() <= 3 ? ": " + Subjects(g.findings, 3) : std::string())
        << "</span>" << PlanReasons(g) << "</li>";
  }
  out << "</ol>";
}

// The findings folded by rule and outcome; `except_plan`: leaving out the rules and outcomes
// the plan above already lists.
void GroupTable(const Report& report, const DeploymentReport& d, bool except_plan,
                std::ostream& out) {
  std::vector<FindingGroup> groups = GroupFindings(d);
  if (except_plan) {
    std::vector<FindingGroup> rest;
    for (FindingGroup& g : groups) {
      bool planned = false;
      for (size_t i : d.next_layer.steps) {
        planned |= d.findings[i].rule == g.rule && d.findings[i].status == g.status;
      }
      if (!planned) rest.push_back(std::move(g));
    }
    groups = std::move(rest);
  }
  std::vector<const FindingGroup*> gating, above;
  for (const FindingGroup& g : groups) (g.above_target ? above : gating).push_back(&g);
  if (except_plan || !gating.empty()) {
    out << "<h3>" << (except_plan ? "Other findings" : "Findings") << ", by rule and outcome</h3>";
  }
  if (gating.empty() && except_plan) {
    out << "<p>None beyond the plan" << (above.empty() ? "" : " below the target") << ".</p>";
  } else if (gating.empty() && above.empty()) {
    out << "<p>No finding fails, is unknown or is waived.</p>";
  } else if (!gating.empty()) {
    out << "<table class=\"groups\"><tr><th>status</th><th>rule</th><th>severity</th><th>what"
           "</th></tr>";
    for (const FindingGroup* g : gating) GroupRow(report, *g, out);
    out << "</table>";
  }
  if (!above.empty()) {
    // Above the target they do not gate: one line names them all.
    out << "<p class=\"above-list\"><span class=\"above\">" << H(AboveTargetReason(d))
        << ", not gating:</span> ";
    for (size_t i = 0; i < above.size(); ++i) {
      const FindingGroup& g = *above[i];
      out << (i ? "; " : "") << "<code>" << H(g.rule) << "</code> " << StatusWord(g.status) << " ("
          << H(SubjectCount(g.findings)) << ")";
    }
    out << "</p>";
  }
}

void Header(const DeploymentReport& d, const RenderOptions& options, std::ostream& out) {
  out << "<p class=\"muted\"><code>" << H(d.file) << "</code> · home " << H(Join(d.home, ", "));
  if (!d.business_unit.empty()) out << " · business unit " << H(d.business_unit);
  out << " · " << d.models.size() << " model" << (d.models.size() == 1 ? "" : "s");
  if (d.target_layer > 0) {
    out << " · target layer " << d.target_layer << (MeetsTarget(d) ? " (met)" : " (not met)");
  }
  out << "</p><p class=\"muted evidence\">Evidence: " << H(EvidenceLine(d)) << "</p>";
  if (!d.fleets.empty()) {
    out << "<p class=\"fleets\"><b>Edge fleets:</b> " << H(FleetLine(d)) << "</p>";
  }
  if (!d.residency_breaks.empty()) {
    out << "<p class=\"residency s-fail\"><b>Data leaves its residency:</b> "
        << H(Join(d.residency_breaks, "; ")) << "</p>";
  }
  if (options.baseline != nullptr) {
    out << "<p class=\"trend\"><b>Trend:</b> " << H(DeploymentTrend(*options.baseline, d)) << "</p>";
  }
  if (d.integrity_failure) {
    out << "<p class=\"integrity\">Integrity failure: a weight file does not match its pinned "
           "digest or signature (SOV-3.5).</p>";
  }
}

// A deployment below its target gets a printed page of its own (ladder, plan, findings); the
// others (at or above it, or without a target) a compact section, with their plan if any.
bool OwnPage(const DeploymentReport& d) { return d.target_layer > 0 && !MeetsTarget(d); }

void DeploymentPart(const Report& report, const DeploymentReport& d, size_t index,
                const RenderOptions& options, std::ostream& out) {
  bool met = !OwnPage(d);
  out << "<section class=\"deployment " << (met ? "met" : "below") << "\" id=\"d" << index + 1
      << "\">" << (met ? "<h3>" : "<h2>") << H(d.name) << " " << LayerBadge(d.achieved_layer)
      << (met ? "</h3>" : "</h2>");
  Header(d, options, out);
  if (!met || d.claim.present) ClaimBox(d, out);
  if (!met) {
    out << "<h3>Layer ladder</h3>" << LadderSvg(d);
    Plan(d, out);
  } else if (d.next_layer.layer == 0) {
    out << "<p>" << H(NoPlanSentence(d)) << "</p>";
  } else {
    Plan(d, out);
  }
  GroupTable(report, d, d.next_layer.layer > 0, out);
  out << "</section>\n";
}

void Procurement(const Report& report, const RenderOptions& options, std::ostream& out) {
  out << "<h3>A. The procurement questions</h3>";
  if (options.details != Details::kFull) {
    out << "<p class=\"muted\">Long answers are shortened here; --details full and the JSON "
           "report hold them whole.</p>";
  }
  for (size_t i = 0; i < report.deployments.size(); ++i) {
    const DeploymentReport& d = report.deployments[i];
    out << "<div class=\"procurement\"><h4><a href=\"#d" << i + 1 << "\">" << H(d.name)
        << "</a></h4><dl>";
    for (const Question& q : kQuestions) {
      auto it = d.questions.find(q.id);
      out << "<dt>" << q.id << " " << q.text << "</dt><dd>"
          << (it == d.questions.end() ? "not answered"
              : options.details == Details::kFull ? H(it->second)
                                                  : H(Clip(it->second, kMaxAnswer)))
          << "</dd>";
    }
    out << "</dl></div>";
  }
}

void Waivers(const Report& report, std::ostream& out) {
  if (report.waivers.empty()) return;
  out << "<h3>B. Waivers</h3><table><tr><th>state</th><th>rule</th>"
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
  out << "</table>";
}

// --details full: every fail, unknown and waived finding and every model, per deployment.
void FullDetails(const Report& report, std::ostream& out) {
  out << "<h3>C. Every finding and model</h3>";
  for (const DeploymentReport& d : report.deployments) {
    out << "<h4>" << H(d.name) << "</h4><table class=\"findings\"><tr><th>status</th>"
           "<th>rule</th><th>severity</th><th>subject</th><th>message</th><th>where</th></tr>";
    int shown = 0;
    for (const Finding& f : d.findings) {
      if (f.status != Status::kFail && f.status != Status::kUnknown && f.status != Status::kWaived) {
        continue;
      }
      ++shown;
      out << "<tr><td>" << StatusCell(f.status) << "</td><td class=\"rule\"><code>" << H(f.rule)
          << "</code></td><td>" << H(SeverityName(f.severity)) << "</td><td><code>"
          << H(f.subject) << "</code></td><td>" << H(f.message);
      if (const WaiverResult* w = WaiverOf(report, f)) {
        out << "<br><span class=\"muted\">waived by " << H(w->owner) << " until " << H(w->expires)
            << ": " << H(w->reason) << "</span>";
      }
      if (AboveTarget(d, f)) out << "<br><span class=\"above\">" << H(AboveTargetReason(d)) << "</span>";
      out << "</td><td class=\"muted\">" << H(FormatLocation(f.location)) << "</td></tr>";
    }
    if (shown == 0) out << "<tr><td colspan=\"6\">None.</td></tr>";
    out << "</table><table class=\"models\"><tr><th>model</th><th class=\"n\">layer</th>"
           "<th>lineage</th></tr>";
    for (size_t i = 0; i < d.models.size() && i < kMaxModelRows; ++i) {
      const ModelResult& m = d.models[i];
      out << "<tr><td><code>" << H(m.id) << "</code></td><td class=\"n\">" << m.achieved_layer
          << "</td><td>" << H(Join(m.lineage, " ← ")) << "</td></tr>";
    }
    if (d.models.size() > kMaxModelRows) {
      out << "<tr><td colspan=\"3\">… and " << d.models.size() - kMaxModelRows
          << " more (see the JSON report)</td></tr>";
    }
    out << "</table>";
  }
}

}  // namespace

std::string StatusCell(Status s) {
  std::string cls = s == Status::kNotApplicable ? "na" : StatusName(s);
  return "<span class=\"status s-" + cls + "\">" + StatusWord(s) + "</span>";
}

std::string LayerBadge(int layer) {
  return "<span class=\"badge l" + std::to_string(layer) + "\" style=\"background:" +
         LayerColor(layer) + "\">layer " + std::to_string(layer) + "</span>";
}

void GroupRow(const Report& report, const FindingGroup& g, std::ostream& out) {
  out << "<tr data-rule=\"" << H(g.rule) << "\" data-count=\"" << g.findings.size() << "\"><td>"
      << StatusCell(g.status) << "</td><td class=\"rule\"><code>" << H(g.rule)
      << "</code></td><td>" << H(SeverityName(g.severity)) << "</td><td><b>"
      << H(SubjectCount(g.findings)) << "</b>";
  // A few subjects are named; for more, the count says it (--details full lists them all).
  if (g.findings.size() <= 3) {
    out << " <span class=\"muted\">(" << H(SubjectNames(g.findings, 3)) << ")</span>";
  }
  out << ": ";
  for (size_t i = 0; i < g.reasons.size() && i < kMaxReasons; ++i) {
    const std::string& reason = g.reasons[i].first;
    // The claim's message ends with its conclusion: never cut.
    out << (i ? "; " : "") << H(g.rule == "SOV-C.1" ? reason : Clip(reason, kMaxReason));
    if (g.findings.size() > 1) out << " <span class=\"muted\">(" << g.reasons[i].second << ")</span>";
  }
  if (g.reasons.size() > kMaxReasons) {
    size_t more = g.reasons.size() - kMaxReasons;
    out << "; <span class=\"muted\">and " << more << (more == 1 ? " other reason" : " other reasons")
        << "</span>";
  }
  if (g.status == Status::kWaived) {
    out << "<br><span class=\"muted\">" << H(WaiverOwners(report, g.findings)) << "</span>";
  }
  if (g.above_target) out << "<br><span class=\"above\">above the target layer: does not gate</span>";
  out << "</td></tr>";
}

}  // namespace html

void RenderHtml(const Report& report, const RenderOptions& options, std::ostream& out) {
  using namespace html;
  ExecutiveSummary s = SummarizeForBoard(report, options.title);
  std::string who = s.organisation.empty() ? "" : ": " + s.organisation;
  std::string title = "Sovereignty audit" + who;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      << "<meta name=\"generator\" content=\"sovaudit " << H(report.tool_version) << "\">"
      << "<title>" << H(title) << "</title><style>" << kStyle << "</style></head><body>\n";
  out << "<header><h1>" << H(title) << "</h1><p class=\"muted\">Audit as of " << H(report.as_of)
      << (s.target_layer > 0 ? " · target layer " + std::to_string(s.target_layer) : "")
      << " · " << s.deployments << " deployment" << (s.deployments == 1 ? "" : "s") << ", "
      << s.models << " model" << (s.models == 1 ? "" : "s") << " · sovaudit "
      << H(report.tool_version) << "</p><p class=\"muted policy\">" << H(PolicyLine(report))
      << "</p></header>\n";
  ExecutiveSummaryHtml(report, options, out);
  if (report.deployments.size() > 1) PortfolioHtml(report, out);
  bool first_met = true;
  for (size_t i = 0; i < report.deployments.size(); ++i) {
    if (OwnPage(report.deployments[i])) DeploymentPart(report, report.deployments[i], i, options, out);
  }
  for (size_t i = 0; i < report.deployments.size(); ++i) {
    const DeploymentReport& d = report.deployments[i];
    if (OwnPage(d)) continue;
    if (first_met) {
      out << "<section class=\"met-list\"><h2>"
          << (d.target_layer > 0 ? "Deployments that meet the target" : "Deployments")
          << "</h2></section>";
      first_met = false;
    }
    DeploymentPart(report, d, i, options, out);
  }
  out << "<section class=\"appendix\"><h2>Appendix</h2>";
  Procurement(report, options, out);
  Waivers(report, out);
  if (options.details == Details::kFull) FullDetails(report, out);
  out << "</section></body></html>\n";
}

}  // namespace sov
