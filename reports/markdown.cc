// GitHub-flavoured Markdown for a pull-request comment or a job summary. A comment holds at
// most 65,536 characters, so the report keeps to kBudget: the summary and the deployment table
// always come first, then one section per deployment while the budget lasts; the rest are
// named in a closing note that points at the full report.
#include <ostream>
#include <sstream>

#include "reports/policy.h"
#include "reports/render.h"
#include "reports/render_util.h"
#include "src/report/summary.h"

namespace sov {
namespace {

constexpr size_t kBudget = 60000;
constexpr size_t kMaxSubjectsPerRule = 5;

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

void Portfolio(const Report& report, std::ostream& out) {
  PortfolioSummary s = Summarize(report);
  out << "**" << s.deployments << " deployments, " << s.models << " models, " << s.overclaims
      << " overclaim" << (s.overclaims == 1 ? "" : "s") << "**";
  if (s.integrity_failures) out << ", **" << s.integrity_failures << " integrity failures**";
  if (s.waived) out << ", " << s.waived << " findings waived";
  out << "\n\n| layer | label | deployments |\n|---:|---|---:|\n";
  for (int l = 5; l >= 0; --l) {
    out << "| " << l << " | " << LayerLabel(l) << " | " << s.by_layer[l] << " |\n";
  }
  if (!s.overclaimed.empty()) {
    out << "\n**Overclaims:** ";
    for (size_t i = 0; i < s.overclaimed.size() && i < 20; ++i) {
      out << (i ? ", " : "") << MdEscape(Clip(s.overclaimed[i], 100));
    }
    if (s.overclaimed.size() > 20) out << " and " << s.overclaimed.size() - 20 << " more";
    out << "\n";
  }
  if (!s.blocking.empty()) {
    out << "\n**Rules that block the most deployments** (at their next layer)\n\n"
        << "| rule | title | deployments | findings |\n|---|---|---:|---:|\n";
    for (size_t i = 0; i < s.blocking.size() && i < 10; ++i) {
      const BlockingRule& b = s.blocking[i];
      out << "| " << b.rule << " | " << MdEscape(RuleTitle(report, b.rule)) << " | "
          << b.deployments << " | " << b.findings << " |\n";
    }
  }
  out << "\n**By business unit**\n\n| business unit | deployments | models | L0 | L1 | L2 | L3 "
         "| L4 | L5 | lowest | overclaims |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
         "---:|\n";
  for (size_t i = 0; i < s.units.size() && i < 40; ++i) {
    const UnitSummary& u = s.units[i];
    out << "| " << MdEscape(Clip(UnitLabel(u.name), 100)) << " | " << u.deployments << " | "
        << u.models;
    for (int l = 0; l <= 5; ++l) out << " | " << u.by_layer[l];
    out << " | " << u.lowest_layer << " | " << u.overclaims << " |\n";
  }
  if (s.units.size() > 40) out << "\n… and " << s.units.size() - 40 << " more business units.\n";
  out << "\n";
}

// The table of deployments, cut (with a note) once it would take half the budget.
void DeploymentTable(const Report& report, std::ostream& out) {
  std::string rows;
  size_t shown = 0;
  for (const DeploymentReport& d : report.deployments) {
    FindingCounts c = CountFindings(d);
    std::string row = "| " + MdEscape(Clip(d.name, 200)) + " | " +
                      MdEscape(Clip(d.business_unit, 100)) + " | " +
                      std::to_string(d.achieved_layer) + " — " + d.label + " | " + Claim(d) +
                      " | " + std::to_string(c.fail) + " | " + std::to_string(c.unknown) +
                      " | " + std::to_string(c.waived) + " |\n";
    if (rows.size() + row.size() > kBudget / 2) break;
    rows += row;
    ++shown;
  }
  out << "| deployment | business unit | layer | claim | fail | unknown | waived |\n"
         "|---|---|---|---|---:|---:|---:|\n"
      << rows;
  if (shown < report.deployments.size()) {
    out << "\n… and " << report.deployments.size() - shown << " more deployments.\n";
  }
  out << "\n";
}

void Plan(const DeploymentReport& d, std::ostream& out) {
  if (d.next_layer.layer == 0) {
    out << NoPlanSentence(d) << "\n\n";
    return;
  }
  std::vector<PlanGroup> groups = GroupPlan(d);
  out << "**To reach layer " << d.next_layer.layer << " (" << LayerName(d.next_layer.layer)
      << ")**, close " << d.next_layer.steps.size() << " finding"
      << (d.next_layer.steps.size() == 1 ? "" : "s") << ":\n\n";
  int n = 0;
  for (const PlanGroup& g : groups) {
    out << ++n << ". **" << g.rule << "** (" << g.severity << ") — "
        << MdEscape(Clip(g.remediation, 600)) << "\n";
    for (size_t i = 0; i < g.findings.size() && i < kMaxSubjectsPerRule; ++i) {
      const Finding& f = *g.findings[i];
      out << "   - " << Icon(f.status) << " " << Code(f.subject) << ": " << MdEscape(Clip(f.message, 400))
          << " (" << Code(FormatLocation(f.location)) << ")\n";
    }
    if (g.findings.size() > kMaxSubjectsPerRule) {
      out << "   - … and " << g.findings.size() - kMaxSubjectsPerRule << " more\n";
    }
  }
  out << "\n";
}

void DeploymentSection(const Report& report, const DeploymentReport& d, std::ostream& out) {
  out << "### " << MdEscape(d.name) << ": layer " << d.achieved_layer << " — " << d.label
      << "\n\n";
  out << Code(d.file) << " · home " << MdEscape(Join(d.home, ", "));
  if (!d.business_unit.empty()) out << " · business unit " << MdEscape(d.business_unit);
  out << " · claim: " << Claim(d) << "\n\n";
  out << "Evidence: " << MdEscape(EvidenceLine(d)) << "\n\n";
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
  std::ostringstream waived;
  int n_waived = 0;
  for (const Finding& f : d.findings) {
    if (f.status != Status::kWaived) continue;
    if (++n_waived > 20) continue;
    const WaiverResult* w = WaiverOf(report, f);
    waived << "- **" << f.rule << "** " << Code(f.subject);
    if (w) {
      waived << " — waived by " << MdEscape(w->owner) << " until " << w->expires << ": "
             << MdEscape(Clip(w->reason, 300));
    }
    waived << "\n";
  }
  if (n_waived > 20) waived << "- … and " << n_waived - 20 << " more\n";
  if (n_waived > 0) {
    out << "<details><summary>Waived findings (" << n_waived << ")</summary>\n\n"
        << waived.str()
        << "\n</details>\n\n";
  }
  out << "<details><summary>Procurement questions</summary>\n\n";
  for (const Question& q : kQuestions) {
    auto it = d.questions.find(q.id);
    out << "- **" << q.id << " " << q.text << "** "
        << (it == d.questions.end() ? "not answered" : MdEscape(Clip(it->second, 1500))) << "\n";
  }
  out << "\n</details>\n\n";
}

}  // namespace

void RenderMarkdown(const Report& report, std::ostream& out) {
  std::ostringstream head;
  if (report.deployments.size() == 1) {
    const DeploymentReport& d = report.deployments[0];
    head << "## sovaudit: " << MdEscape(d.name) << " reaches layer " << d.achieved_layer
         << " (" << d.label << ")\n\n";
  } else {
    head << "## sovaudit: " << report.deployments.size() << " deployments\n\n";
    Portfolio(report, head);
    DeploymentTable(report, head);
  }
  head << "<sub>sovaudit " << report.tool_version << ", audit as of " << report.as_of
       << "</sub>\n\n";
  head << MdEscape(Clip(PolicyLine(report), 4000)) << "\n\n";
  std::string text = head.str();
  size_t cut = 0;
  for (const DeploymentReport& d : report.deployments) {
    std::ostringstream section;
    DeploymentSection(report, d, section);
    if (cut > 0 || text.size() + section.str().size() > kBudget) {
      ++cut;
      continue;
    }
    text += section.str();
  }
  std::ostringstream waivers;
  int shown = 0, other = 0;
  for (const WaiverResult& w : report.waivers) {
    if (w.state == "active") continue;
    if (++shown > 20) continue;
    waivers << "- **" << w.state << "** " << MdEscape(w.rule) << " " << Code(w.subject) << " ("
            << Code(FormatLocation(w.location)) << ")"
            << (w.problem.empty() ? "" : ": " + MdEscape(Clip(w.problem, 300))) << "\n";
  }
  other = shown > 20 ? shown - 20 : 0;
  if (shown > 0) {
    text += "**Waivers that do not apply** (" + std::to_string(shown) + ")\n\n" +
            waivers.str() + (other ? "- … and " + std::to_string(other) + " more\n" : "") + "\n";
  }
  if (cut > 0) {
    text += "> " + std::to_string(cut) + " more deployment" + (cut == 1 ? "" : "s") +
            " not shown here to keep this comment short (see the table above and the full "
            "report: `--format html` or `--format json`).\n";
  }
  out << text;
}

}  // namespace sov
