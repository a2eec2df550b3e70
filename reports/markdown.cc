// GitHub-flavoured Markdown for a pull-request comment or a job summary. The first line says
// whether the gate passed; the executive summary and the deployment table follow; then one
// section per deployment below its target (those that meet it get no plan and no section, the
// table names them), while the budget lasts: a comment holds at most 65,536 characters, so the
// report keeps to kBudget and names what it left out.
#include <ostream>
#include <sstream>

#include "reports/diff_render.h"
#include "reports/inline_markdown.h"
#include "reports/policy.h"
#include "reports/render.h"
#include "reports/render_util.h"
#include "reports/trend.h"
#include "src/report/board.h"
#include "src/report/summary.h"

namespace sov {
namespace {

constexpr size_t kBudget = 60000;
constexpr size_t kMaxSubjects = 3;
constexpr size_t kMaxRows = 40;
constexpr size_t kMaxSteps = 5;     // next steps in the summary, as in every format

const char* Icon(Status s) {
  switch (s) {
    case Status::kPass: return "✅";
    case Status::kFail: return "❌";
    case Status::kUnknown: return "❔";
    default: return "➖";
  }
}

std::string Code(std::string_view s) {
  // A code span cannot hold its own delimiter safely; fall back to escaped text then.
  std::string e = EscapeControl(s);
  if (e.find('`') != std::string::npos || e.find('|') != std::string::npos) return MdEscape(s);
  return "`" + e + "`";
}

std::string Claim(const DeploymentReport& d) {
  if (!d.claim.present) return "none";
  return "layer " + std::to_string(d.claim.layer) + " by " + MdEscape(d.claim.by) +
         (d.claim.holds ? " (holds)" : " — **overclaim**");
}

std::string Target(const DeploymentReport& d) {
  if (d.target_layer == 0) return "—";
  return MeetsTarget(d) ? "✅ met" : "❌ below " + std::to_string(d.target_layer);
}

// The first line: the gate and the verdict.
std::string FirstLine(const ExecutiveSummary& s, const RenderOptions& o) {
  std::string verdict = MdEscape(s.verdict);
  std::string headline = o.gate != nullptr ? GateHeadline(*o.gate) : "";
  if (headline.empty()) {
    return std::string("## ") + (s.integrity_failures > 0 ? "❌ sovaudit: integrity failure"
                                                           : "sovaudit: no gate set") +
           " — " + verdict + "\n";
  }
  bool ok = o.gate->passed && o.gate->integrity_failures == 0;
  // The headline is the tool's own words and option names: nothing from an input to escape.
  return std::string("## ") + (ok ? "✅" : "❌") + " sovaudit: " + headline + " — " + verdict + "\n";
}

void Summary(const Report& report, const ExecutiveSummary& s, const RenderOptions& o,
             std::ostream& out) {
  out << "\n**" << (s.organisation.empty() ? "Sovereignty audit" : MdEscape(s.organisation))
      << "**, audit as of " << report.as_of;
  if (s.target_layer > 0) out << ", target layer " << s.target_layer;
  out << ": " << s.deployments << " deployment" << (s.deployments == 1 ? "" : "s") << ", "
      << s.models << " model" << (s.models == 1 ? "" : "s") << ".\n\n";
  if (o.gate != nullptr && !o.gate->passed) {
    for (size_t i = 0; i < o.gate->reasons.size() && i < 10; ++i) {
      out << "- gate: " << MdEscape(o.gate->reasons[i]) << "\n";
    }
    if (o.gate->reasons.size() > 10) out << "- … and " << o.gate->reasons.size() - 10 << " more\n";
    out << "\n";
  }
  if (o.baseline != nullptr) {
    out << "**Trend.** " << MdEscape(TrendSentence(*o.baseline)) << ".\n\n";
    std::vector<std::string> regressions = RegressionReasons(*o.baseline);
    for (size_t i = 0; i < regressions.size() && i < 10; ++i) {
      out << "- regression: " << MdEscape(regressions[i]) << "\n";
    }
    if (regressions.size() > 10) out << "- … and " << regressions.size() - 10 << " more\n";
    if (!regressions.empty()) out << "\n";
  }
  if (!s.risks.empty()) {
    out << "**The risks that matter most**\n\n";
    int n = 0;
    for (const Risk& r : s.risks) out << ++n << ". " << MdEscape(RiskSentence(report, r)) << "\n";
    out << "\n";
  }
  if (!s.steps.empty()) {
    out << "**Recommended next steps**\n\n";
    for (size_t i = 0; i < s.steps.size() && i < kMaxSteps; ++i) {
      out << "- **" << MdEscape(StepHeading(s.steps[i])) << ".** "
          << InlineMarkdownToMd(Clip(s.steps[i].remediation, 600)) << "\n";
    }
    if (s.steps.size() > kMaxSteps) {
      out << "- … and " << s.steps.size() - kMaxSteps << " more deployments (see their sections)\n";
    }
    out << "\n";
  }
  out << "**Evidence.** " << MdEscape(EvidenceMixSentence(s)) << "\n\n";
  out << "<details><summary>The five layers</summary>\n\n| layer | means | buys | costs |\n"
         "|---|---|---|---|\n";
  for (const LayerPlainWords& l : kLayerPlainWords) {
    out << "| " << l.layer << " " << l.name << " | " << l.means << " | " << l.buys << " | "
        << l.costs << " |\n";
  }
  out << "\nA deployment reaches a layer when every check of that layer and of the layers below "
         "passes; layer 0: not even residency.\n\n</details>\n\n";
}

void DeploymentTable(const Report& report, const RenderOptions& o, std::ostream& out) {
  std::string rows;
  size_t shown = 0;
  for (const DeploymentReport& d : report.deployments) {
    std::string held = "—";
    if (d.next_layer.layer > 0 && !d.next_layer.steps.empty()) {
      std::vector<PlanGroup> plan = GroupPlan(d);
      held = plan[0].rule + (plan.size() > 1 ? " +" + std::to_string(plan.size() - 1) : "");
    }
    std::string row = "| " + MdEscape(Clip(d.name, 200)) + " | " +
                      MdEscape(Clip(d.business_unit, 100)) + " | " +
                      std::to_string(d.models.size()) + " | " +
                      std::to_string(d.achieved_layer) + " — " + d.label + " | " + Target(d) +
                      " | " + Claim(d) + " | " + held + " |";
    if (o.baseline != nullptr) row += " " + MdEscape(DeploymentTrend(*o.baseline, d)) + " |";
    row += "\n";
    if (rows.size() + row.size() > kBudget / 3) break;
    rows += row;
    ++shown;
  }
  out << "| deployment | business unit | models | layer | target | claim | held back by |"
      << (o.baseline ? " trend |" : "") << "\n|---|---|---:|---|---|---|---|"
      << (o.baseline ? "---|" : "") << "\n"
      << rows;
  if (shown < report.deployments.size()) {
    out << "\n… and " << report.deployments.size() - shown << " more deployments.\n";
  }
  out << "\n";
}

void Portfolio(const Report& report, std::ostream& out) {
  PortfolioSummary s = Summarize(report);
  out << "<details><summary>Layers and business units</summary>\n\n| layer | label | "
         "deployments |\n|---:|---|---:|\n";
  for (int l = 5; l >= 0; --l) {
    out << "| " << l << " | " << LayerLabel(l) << " | " << s.by_layer[l] << " |\n";
  }
  out << "\n| business unit | deployments | models | L0 | L1 | L2 | L3 | L4 | L5 | lowest | "
         "overclaims |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (size_t i = 0; i < s.units.size() && i < kMaxRows; ++i) {
    const UnitSummary& u = s.units[i];
    out << "| " << MdEscape(Clip(UnitLabel(u.name), 100)) << " | " << u.deployments << " | "
        << u.models;
    for (int l = 0; l <= 5; ++l) out << " | " << u.by_layer[l];
    out << " | " << u.lowest_layer << " | " << u.overclaims << " |\n";
  }
  if (s.units.size() > kMaxRows) out << "\n… and " << s.units.size() - kMaxRows << " more business units.\n";
  out << "\n</details>\n\n";
}

std::string Subjects(const std::vector<const Finding*>& findings) {
  std::string s;
  for (size_t i = 0; i < findings.size() && i < kMaxSubjects; ++i) {
    s += (i ? ", " : "") + Code(findings[i]->subject);
  }
  if (findings.size() > kMaxSubjects) s += " and " + std::to_string(findings.size() - kMaxSubjects) + " more";
  return s;
}

void Plan(const DeploymentReport& d, std::ostream& out) {
  if (d.next_layer.layer == 0) {
    out << NoPlanSentence(d) << "\n\n";
    return;
  }
  out << "**To reach layer " << d.next_layer.layer << " (" << LayerName(d.next_layer.layer)
      << ")**, close " << d.next_layer.steps.size() << " finding"
      << (d.next_layer.steps.size() == 1 ? "" : "s") << ":\n\n";
  int n = 0;
  for (const PlanGroup& g : GroupPlan(d)) {
    out << ++n << ". **" << g.rule << "** (" << g.severity << ") — "
        << InlineMarkdownToMd(Clip(g.remediation, 600)) << "\n   " << SubjectCount(g.findings)
        << ": " << Subjects(g.findings) << "\n";
  }
  out << "\n";
}

void Groups(const Report& report, const DeploymentReport& d, std::ostream& out) {
  std::vector<FindingGroup> groups = GroupFindings(d);
  if (groups.empty()) return;
  out << "| status | rule | severity | what |\n|---|---|---|---|\n";
  for (const FindingGroup& g : groups) {
    out << "| " << Icon(g.status) << " " << StatusName(g.status) << " | " << g.rule << " | "
        << SeverityName(g.severity) << " | **" << SubjectCount(g.findings) << "** ("
        << MdEscape(SubjectNames(g.findings, 3)) << "): ";
    for (size_t i = 0; i < g.reasons.size() && i < 2; ++i) {
      const std::string& reason = g.reasons[i].first;
      out << (i ? "; " : "") << MdEscape(g.rule == "SOV-C.1" ? reason : Clip(reason, 300));
      if (g.findings.size() > 1) out << " (" << g.reasons[i].second << ")";
    }
    if (g.reasons.size() > 2) {
      out << "; and " << g.reasons.size() - 2 << (g.reasons.size() == 3 ? " other reason" : " other reasons");
    }
    if (g.status == Status::kWaived) out << " — " << MdEscape(WaiverOwners(report, g.findings));
    if (g.above_target) out << " _(above the target: does not gate)_";
    out << " |\n";
  }
  out << "\n";
}

void FullFindings(const DeploymentReport& d, std::ostream& out) {
  std::ostringstream rows;
  int n = 0;
  for (const Finding& f : d.findings) {
    if (f.status != Status::kFail && f.status != Status::kUnknown && f.status != Status::kWaived) {
      continue;
    }
    ++n;
    rows << "- " << Icon(f.status) << " **" << f.rule << "** " << Code(f.subject) << ": "
         << MdEscape(Clip(f.message, 400)) << " (" << Code(FormatLocation(f.location)) << ")\n";
  }
  if (n == 0) return;
  out << "<details><summary>Every finding (" << n << ")</summary>\n\n" << rows.str()
      << "\n</details>\n\n";
}

void DeploymentSection(const Report& report, const DeploymentReport& d, const RenderOptions& o,
                       std::ostream& out) {
  out << "### " << MdEscape(d.name) << ": layer " << d.achieved_layer << " — " << d.label
      << "\n\n";
  out << Code(d.file) << " · home " << MdEscape(Join(d.home, ", "));
  if (!d.business_unit.empty()) out << " · business unit " << MdEscape(d.business_unit);
  out << " · " << d.models.size() << " model" << (d.models.size() == 1 ? "" : "s")
      << " · target: " << Target(d) << " · claim: " << Claim(d) << "\n\n";
  out << "Evidence: " << MdEscape(EvidenceLine(d)) << "\n\n";
  if (!d.fleets.empty()) out << "Edge fleets: " << MdEscape(FleetLine(d)) << "\n\n";
  if (!d.residency_breaks.empty()) {
    out << "**Data leaves its residency:** " << MdEscape(Join(d.residency_breaks, "; ")) << "\n\n";
  }
  if (o.baseline != nullptr) out << "Trend: " << MdEscape(DeploymentTrend(*o.baseline, d)) << "\n\n";
  if (d.integrity_failure) {
    out << "> [!CAUTION]\n> **Integrity failure:** a weight file does not match its pin.\n\n";
  }
  out << "| layer | status | passed | failed | unknown |\n|---|---|---:|---:|---:|\n";
  for (auto it = d.layers.rbegin(); it != d.layers.rend(); ++it) {
    out << "| " << it->layer << " " << it->name << " | " << Icon(it->status) << " "
        << StatusName(it->status) << " | " << it->passed << " | " << it->failed << " | "
        << it->unknown << " |\n";
  }
  out << "\n";
  Plan(d, out);
  Groups(report, d, out);
  if (o.details == Details::kFull) FullFindings(d, out);
  out << "<details><summary>Procurement questions</summary>\n\n";
  for (const Question& q : kQuestions) {
    auto it = d.questions.find(q.id);
    out << "- **" << q.id << " " << q.text << "** "
        << (it == d.questions.end() ? "not answered" : MdEscape(Clip(it->second, 1500))) << "\n";
  }
  out << "\n</details>\n\n";
}

std::string UnappliedWaivers(const Report& report) {
  std::ostringstream waivers;
  int shown = 0;
  for (const WaiverResult& w : report.waivers) {
    if (w.state == "active") continue;
    if (++shown > 20) continue;
    waivers << "- **" << w.state << "** " << MdEscape(w.rule) << " " << Code(w.subject) << " ("
            << Code(FormatLocation(w.location)) << ")"
            << (w.problem.empty() ? "" : ": " + MdEscape(Clip(w.problem, 300))) << "\n";
  }
  if (shown == 0) return "";
  return "**Waivers that do not apply** (" + std::to_string(shown) + ")\n\n" + waivers.str() +
         (shown > 20 ? "- … and " + std::to_string(shown - 20) + " more\n" : "") + "\n";
}

}  // namespace

void RenderMarkdown(const Report& report, const RenderOptions& options, std::ostream& out) {
  ExecutiveSummary s = SummarizeForBoard(report, options.title);
  std::ostringstream head;
  head << FirstLine(s, options);
  Summary(report, s, options, head);
  if (report.deployments.size() > 1) {
    DeploymentTable(report, options, head);
    Portfolio(report, head);
  }
  head << "<sub>sovaudit " << report.tool_version << ", audit as of " << report.as_of
       << "</sub>\n\n" << MdEscape(Clip(PolicyLine(report), 4000)) << "\n\n";
  std::string text = head.str();
  size_t cut = 0, met = 0;
  for (const DeploymentReport& d : report.deployments) {
    if (MeetsTarget(d) && report.deployments.size() > 1) {
      ++met;
      continue;
    }
    std::ostringstream section;
    DeploymentSection(report, d, options, section);
    if (cut > 0 || text.size() + section.str().size() > kBudget) {
      ++cut;
      continue;
    }
    text += section.str();
  }
  text += UnappliedWaivers(report);
  if (met > 0) {
    text += "<sub>" + std::to_string(met) + " deployment" + (met == 1 ? " meets" : "s meet") +
            " the target and " + (met == 1 ? "has" : "have") + " no section here (see the table; "
            "`--format html` for every detail).</sub>\n\n";
  }
  if (cut > 0) {
    text += "> " + std::to_string(cut) + " more deployment" + (cut == 1 ? "" : "s") +
            " not shown here to keep this comment short (see the table above and the full "
            "report: `--format html` or `--format json`).\n";
  }
  out << text;
}

}  // namespace sov
