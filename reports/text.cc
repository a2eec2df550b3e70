// The terminal report. Every string that came from an input is escaped (EscapeControl) so a
// manifest cannot drive the terminal.
#include <algorithm>
#include <map>
#include <ostream>

#include "reports/painter.h"
#include "reports/policy.h"
#include "reports/render.h"
#include "reports/render_util.h"
#include "reports/trend.h"
#include "src/report/board.h"
#include "src/report/summary.h"
#include "src/util/text.h"

namespace sov {
namespace {


void RenderLadder(const DeploymentReport& d, const Painter& p, std::ostream& out) {
  out << "  " << p.Bold("Layer ladder") << "\n";
  std::vector<LayerResult> layers = d.layers;
  std::sort(layers.begin(), layers.end(),
            [](const LayerResult& a, const LayerResult& b) { return a.layer > b.layer; });
  for (const LayerResult& l : layers) {
    std::string mark = l.layer <= d.achieved_layer ? "#" : " ";
    out << "    [" << mark << "] " << l.layer << " " << Pad(l.name, 15) << " "
        << p.ForStatus(l.status, Pad(StatusWord(l.status), 8)) << " "
        << p.Dim(std::to_string(l.passed) + " passed, " + std::to_string(l.failed) +
                 " failed, " + std::to_string(l.unknown) + " unknown")
        << "\n";
  }
}

// The ladder on one line: "layers: 1 pass · 2 pass · 3 FAIL (9 of 101 fail) · ...".
void RenderLadderLine(const DeploymentReport& d, const Painter& p, std::ostream& out) {
  out << "  layers:  ";  // under "evidence:", as one more line of the header
  for (const LayerResult& l : d.layers) {
    std::string word = StatusWord(l.status);
    if (l.status != Status::kPass) {
      word += " (" + std::to_string(l.failed + l.unknown) + " of " +
              std::to_string(l.passed + l.failed + l.unknown) + ")";
    }
    out << " " << l.layer << " " << p.ForStatus(l.status, word) << (l.layer < 5 ? " ·" : "");
  }
  out << "\n";
}

void RenderFindingsFull(const DeploymentReport& d, const Painter& p, std::ostream& out) {
  std::vector<const Finding*> shown;
  for (const Finding& f : d.findings) {
    if (f.status == Status::kFail || f.status == Status::kUnknown) shown.push_back(&f);
  }
  if (shown.empty()) return;
  out << "\n  " << p.Bold("Every finding that fails or is unknown") << " (" << shown.size() << ")\n";
  for (const Finding* f : shown) {
    out << "    " << p.ForStatus(f->status, Pad(StatusWord(f->status), 7)) << " "
        << p.Bold(f->rule) << " " << Pad(SeverityName(f->severity), 8) << " " << EscapeControl(f->subject)
        << "\n";
    out << "            " << EscapeControl(f->message) << "\n";
    std::string where = FormatLocation(f->location);
    if (!where.empty()) out << "            " << p.Dim("at " + EscapeControl(where)) << "\n";
    if (AboveTarget(d, *f)) {
      out << "            " << p.Dim(AboveTargetReason(d) + ": does not gate") << "\n";
    }
    if (f->status == Status::kFail && !f->remediation.empty()) {
      out << "            " << p.Dim("fix: " + EscapeControl(f->remediation)) << "\n";
    }
  }
}

// One line per rule and outcome that gates, and a line of its most common reasons; the groups
// above the target named together on one line.
void RenderGroups(const DeploymentReport& d, const Painter& p, std::ostream& out) {
  std::vector<FindingGroup> groups = GroupFindings(d);
  std::vector<std::string> above;
  int open = 0;
  for (const FindingGroup& g : groups) {
    if (g.status == Status::kWaived) continue;
    if (g.above_target) {
      above.push_back(g.rule + " " + StatusWord(g.status) + " (" + SubjectCount(g.findings) + ")");
    } else {
      ++open;
    }
  }
  if (open == 0 && above.empty()) {
    out << "\n  " << p.Bold("Findings") << ": none failing or unknown.\n";
    return;
  }
  out << "\n  " << p.Bold("Findings, by rule and outcome") << "\n";
  for (const FindingGroup& g : groups) {
    if (g.status == Status::kWaived || g.above_target) continue;
    out << "    " << p.ForStatus(g.status, Pad(StatusWord(g.status), 7)) << " " << p.Bold(Pad(g.rule, 8))
        << " " << Pad(SeverityName(g.severity), 8) << " " << SubjectCount(g.findings) << ": "
        << EscapeControl(SubjectNames(g.findings, 3)) << "\n";
    // The claim's message ends with its conclusion: never cut.
    std::string reason = EscapeControl(
        g.rule == "SOV-C.1" ? g.reasons.front().first : Clip(g.reasons.front().first, 200));
    if (g.findings.size() > 1) reason += " (" + std::to_string(g.reasons.front().second) + ")";
    if (g.reasons.size() > 1) {
      reason += "; and " + std::to_string(g.reasons.size() - 1) +
                (g.reasons.size() == 2 ? " other reason" : " other reasons");
    }
    out << "            " << p.Dim(reason) << "\n";
  }
  if (!above.empty()) {
    out << "    " << p.Dim(AboveTargetReason(d) + ", not gating: " + Join(above, "; ")) << "\n";
  }
}

void RenderWaived(const Report& report, const DeploymentReport& d, const Painter& p,
                  std::ostream& out) {
  int n = 0;
  for (const Finding& f : d.findings) n += f.status == Status::kWaived;
  if (n == 0) return;
  out << "\n  " << p.Bold("Waived") << " (" << n << ")\n";
  for (const Finding& f : d.findings) {
    if (f.status != Status::kWaived) continue;
    out << "    " << p.Dim(Pad("waived", 7)) << " " << p.Bold(f.rule) << " " << Pad(SeverityName(f.severity), 8)
        << " " << EscapeControl(f.subject) << "\n";
    if (const WaiverResult* w = WaiverOf(report, f)) {
      out << "            " << p.Dim("by " + EscapeControl(w->owner) + " until " + w->expires +
                                     ": " + EscapeControl(w->reason))
          << "\n";
    }
  }
}

void RenderPlan(const DeploymentReport& d, const Painter& p, std::ostream& out) {
  if (d.next_layer.layer == 0) {
    if (MeetsTarget(d) && d.achieved_layer < 5) {
      out << "\n  " << p.Bold("Next layer") << ": " << NoPlanSentence(d) << "\n";
    }
    return;
  }
  std::vector<PlanGroup> groups = GroupPlan(d);
  out << "\n  " << p.Bold("Next layer") << ": layer " << d.next_layer.layer << " ("
      << LayerName(d.next_layer.layer) << ") needs " << d.next_layer.steps.size() << " finding"
      << (d.next_layer.steps.size() == 1 ? "" : "s") << " closed, most urgent first\n";
  int n = 0;
  for (const PlanGroup& g : groups) {
    std::vector<std::string> subjects;
    for (const Finding* f : g.findings) subjects.push_back(EscapeControl(f->subject));
    if (subjects.size() > 4) {
      size_t more = subjects.size() - 3;
      subjects.resize(3);
      subjects.push_back("and " + std::to_string(more) + " more");
    }
    out << "    " << ++n << ". " << p.Bold(g.rule) << " " << g.severity << ": "
        << Join(subjects, ", ") << "\n";
    if (!g.remediation.empty()) {
      out << "       " << p.Dim("fix: " + EscapeControl(Clip(g.remediation, 300))) << "\n";
    }
  }
}

void RenderDeployment(const Report& report, const DeploymentReport& d, const Painter& p,
                      const RenderOptions& options, std::ostream& out) {
  out << p.Bold(EscapeControl(d.name)) << "  " << p.Dim("(" + EscapeControl(d.file) + ")")
      << "\n";
  out << "  home: " << EscapeControl(Join(d.home, ", "));
  if (!d.business_unit.empty()) out << "   business unit: " << EscapeControl(d.business_unit);
  out << "   models: " << d.models.size();
  out << "\n  achieved: " << p.Bold("layer " + std::to_string(d.achieved_layer) + " — " + d.label)
      << "\n";
  if (d.claim.present) {
    out << "  claim:    layer " << d.claim.layer << " by " << EscapeControl(d.claim.by);
    if (!d.claim.source.empty()) out << " (" << EscapeControl(d.claim.source) << ")";
    out << " — " << (d.claim.holds ? p.Green("holds") : p.Red("OVERCLAIM")) << "\n";
  }
  if (d.target_layer > 0) {
    out << "  target:   layer " << d.target_layer << " — "
        << (MeetsTarget(d) ? p.Green("met") : p.Red("not met")) << "\n";
  }
  if (d.integrity_failure) {
    out << "  " << p.Red("INTEGRITY FAILURE: a weight file does not match its pin") << "\n";
  }
  out << "  evidence: " << EvidenceLine(d) << "\n";
  if (!d.fleets.empty()) out << "  fleets:   " << EscapeControl(FleetLine(d)) << "\n";
  if (!d.residency_breaks.empty()) {
    out << "  " << p.Red("leaves residency: " + EscapeControl(Join(d.residency_breaks, "; "))) << "\n";
  }
  if (options.baseline != nullptr) {
    out << "  trend:    " << EscapeControl(DeploymentTrend(*options.baseline, d)) << "\n";
  }
  if (options.details == Details::kFull) out << "\n";
  if (options.details == Details::kFull) {
    RenderLadder(d, p, out);
  } else {
    RenderLadderLine(d, p, out);
  }
  if (options.details == Details::kFull && d.models.size() > 1) {
    out << "\n  " << p.Bold("Models") << " (" << d.models.size() << ")\n";
    for (const ModelResult& m : d.models) {
      out << "    layer " << m.achieved_layer << "  " << EscapeControl(m.id) << "\n";
    }
  }
  if (options.details == Details::kFull) {
    RenderFindingsFull(d, p, out);
  } else {
    RenderGroups(d, p, out);
  }
  RenderWaived(report, d, p, out);
  RenderPlan(d, p, out);
  out << "\n  " << p.Bold("Procurement questions") << "\n";
  for (const Question& q : kQuestions) {
    auto it = d.questions.find(q.id);
    out << "    " << p.Bold(q.id) << " " << q.text << "\n";
    out << "       " << (it == d.questions.end() ? "not answered" : EscapeControl(it->second))
        << "\n";
  }
}

// Waivers that did not apply cleanly: expired, malformed, or matching nothing.
void RenderWaivers(const Report& report, const Painter& p, std::ostream& out) {
  std::vector<const WaiverResult*> shown;
  for (const WaiverResult& w : report.waivers) {
    if (w.state != "active") shown.push_back(&w);
  }
  if (shown.empty()) return;
  out << "\n" << p.Bold("Waivers that do not apply") << " (" << shown.size() << ")\n";
  for (const WaiverResult* w : shown) {
    out << "  " << p.Yellow(Pad(w->state, 9)) << " " << EscapeControl(w->rule) << " "
        << EscapeControl(w->subject) << "  " << p.Dim("at " + EscapeControl(FormatLocation(w->location)))
        << "\n";
    if (!w->problem.empty()) out << "            " << EscapeControl(w->problem) << "\n";
  }
}

void RenderPortfolio(const Report& report, const Painter& p, std::ostream& out) {
  std::map<int, int> by_layer;
  int overclaims = 0;
  size_t models = 0;
  for (const DeploymentReport& d : report.deployments) {
    ++by_layer[d.achieved_layer];
    if (d.claim.present && !d.claim.holds) ++overclaims;
    models += d.models.size();
  }
  out << p.Bold("Portfolio") << ": " << report.deployments.size() << " deployments, " << models
      << " models, " << overclaims << " overclaim" << (overclaims == 1 ? "" : "s") << "\n";
  for (int layer = 5; layer >= 0; --layer) {
    int n = by_layer[layer];
    out << "  layer " << layer << " " << Pad(LayerLabel(layer), 25) << " " << n << " "
        << std::string(static_cast<size_t>(std::min(n, 60)), '#') << "\n";
  }
  PortfolioSummary s = Summarize(report);
  if (!s.blocking.empty()) {
    out << "\n  " << p.Bold("Rules that block the most deployments") << " (at their next layer)\n";
    for (size_t i = 0; i < s.blocking.size() && i < 5; ++i) {
      const BlockingRule& b = s.blocking[i];
      out << "    " << Pad(b.rule, 9) << " " << b.deployments << " deployment"
          << (b.deployments == 1 ? " " : "s") << "  " << p.Dim(RuleTitle(report, b.rule)) << "\n";
    }
  }
  out << "\n  " << p.Bold("By business unit") << "        L0  L1  L2  L3  L4  L5  overclaims\n";
  for (const UnitSummary& u : s.units) {
    std::string name = EscapeControl(UnitLabel(u.name));
    out << "    " << Pad(Clip(name, 21), 22);
    for (int l = 0; l <= 5; ++l) {
      std::string n = std::to_string(u.by_layer[l]);
      out << std::string(n.size() < 4 ? 4 - n.size() : 0, ' ') << n;
    }
    out << "  " << u.overclaims << "\n";
  }
}

void RenderSummary(const Report& report, const RenderOptions& options, const Painter& p,
                   std::ostream& out) {
  ExecutiveSummary s = SummarizeForBoard(report, options.title);
  out << p.Bold("Executive summary") << (s.organisation.empty() ? "" : ": " + EscapeControl(s.organisation))
      << "\n  audit as of " << report.as_of
      << (s.target_layer > 0 ? ", target layer " + std::to_string(s.target_layer) : "") << "; "
      << s.deployments << " deployment" << (s.deployments == 1 ? "" : "s") << ", " << s.models
      << " model" << (s.models == 1 ? "" : "s") << "\n  " << p.Bold(s.verdict) << "\n";
  if (options.gate != nullptr && !GateHeadline(*options.gate).empty()) {
    bool ok = options.gate->passed && options.gate->integrity_failures == 0;
    out << "  " << (ok ? p.Green(GateHeadline(*options.gate)) : p.Red(GateHeadline(*options.gate)))
        << "\n";
  }
  if (options.baseline != nullptr) {
    out << "  " << EscapeControl(TrendSentence(*options.baseline)) << "\n";
  }
  if (!s.risks.empty()) {
    out << "\n  " << p.Bold("The risks that matter most") << "\n";
    int n = 0;
    for (const Risk& r : s.risks) out << "    " << ++n << ". " << EscapeControl(RiskSentence(report, r)) << "\n";
  }
  if (!s.steps.empty()) {
    out << "\n  " << p.Bold("Recommended next steps") << "\n";
    for (size_t i = 0; i < s.steps.size() && i < 5; ++i) {
      out << "    - " << EscapeControl(StepHeading(s.steps[i])) << ": "
          << RuleTitle(report, s.steps[i].rule) << "\n";
    }
    if (s.steps.size() > 5) out << "    - and " << s.steps.size() - 5 << " more deployments\n";
  }
  out << "\n  " << p.Bold("Evidence") << ": " << EvidenceMixSentence(s) << "\n";
  out << "\n  " << p.Bold("The five layers") << "\n";
  for (const LayerPlainWords& l : kLayerPlainWords) {
    out << "    " << l.layer << " " << Pad(l.name, 15) << " " << l.means << " "
        << p.Dim(std::string("Buys: ") + l.buys + " Costs: " + l.costs) << "\n";
  }
}

}  // namespace

void RenderText(const Report& report, const RenderOptions& options, std::ostream& out) {
  Painter p(options.color);
  out << p.Dim("sovaudit " + report.tool_version + " — audit as of " + report.as_of) << "\n";
  out << p.Dim(EscapeControl(PolicyLine(report))) << "\n\n";
  RenderSummary(report, options, p, out);
  if (report.deployments.size() > 1) {
    out << "\n" << std::string(72, '=') << "\n";
    RenderPortfolio(report, p, out);
  }
  for (const DeploymentReport& d : report.deployments) {
    out << "\n" << std::string(72, '-') << "\n\n";
    RenderDeployment(report, d, p, options, out);
  }
  RenderWaivers(report, p, out);
}

}  // namespace sov
