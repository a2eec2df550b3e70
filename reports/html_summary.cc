// The HTML report's first pages: the executive summary a board reads, then the portfolio.
#include <ostream>

#include "reports/html_parts.h"
#include "reports/html_svg.h"
#include "reports/trend.h"
#include "src/report/summary.h"

namespace sov::html {
namespace {

constexpr size_t kMaxSteps = 5;

void Card(std::ostream& out, const char* key, int n, const std::string& what,
          const std::string& cls = "") {
  out << "<div class=\"card" << (cls.empty() ? "" : " " + cls) << "\" data-" << key << "=\"" << n
      << "\"><b>" << n << "</b>" << what << "</div>";
}

}  // namespace

void ExecutiveSummaryHtml(const Report& report, const RenderOptions& options, std::ostream& out) {
  ExecutiveSummary s = SummarizeForBoard(report, options.title);
  out << "<section class=\"summary\"><h2>Executive summary</h2>";
  out << "<p class=\"verdict-line\"><b>" << H(s.verdict) << "</b></p>";
  if (options.gate != nullptr && !GateHeadline(*options.gate).empty()) {
    const GateOutcome& g = *options.gate;
    bool ok = g.passed && g.integrity_failures == 0;
    out << "<p class=\"gate " << (ok ? "s-pass" : "s-fail") << "\"><b>"
        << H(GateHeadline(g)) << "</b>";
    if (!g.passed) out << ": " << g.reasons.size() << " reason" << (g.reasons.size() == 1 ? "" : "s");
    out << "</p>";
  }
  out << "<div class=\"cards\">";
  Card(out, "deployments", s.deployments, "deployments");
  Card(out, "models", s.models, "models");
  if (s.target_layer > 0) {
    Card(out, "meet-target", s.meet_target, "meet target " + std::to_string(s.target_layer));
    Card(out, "below-target", s.deployments - s.meet_target, "below target",
         s.deployments > s.meet_target ? "bad" : "");
  }
  Card(out, "overclaims", s.overclaims, "overclaims", s.overclaims ? "bad" : "");
  Card(out, "integrity-failures", s.integrity_failures, "integrity failures",
       s.integrity_failures ? "bad" : "");
  out << "</div>";
  if (options.baseline != nullptr) {
    out << "<p class=\"trend\">" << H(TrendSentence(*options.baseline)) << "</p>";
  }
  if (!s.risks.empty()) {
    out << "<h3>The risks that matter most</h3><ol class=\"risks\">";
    for (const Risk& r : s.risks) {
      out << "<li data-rule=\"" << H(r.rule) << "\" data-deployments=\"" << r.deployments.size()
          << "\">" << H(RiskSentence(report, r)) << "</li>";
    }
    out << "</ol>";
  }
  if (!s.steps.empty()) {
    out << "<h3>Recommended next step" << (s.steps.size() == 1 ? "" : "s") << "</h3><ul class=\"steps\">";
    for (size_t i = 0; i < s.steps.size() && i < kMaxSteps; ++i) {
      const NextStep& st = s.steps[i];
      // The rule's title says what must become true; its remediation is on the deployment's
      // page.
      out << "<li><b>" << H(StepHeading(st)) << "</b>: " << H(RuleTitle(report, st.rule))
          << ".</li>";
    }
    if (s.steps.size() > kMaxSteps) {
      out << "<li>… and " << s.steps.size() - kMaxSteps << " more deployments (see their sections)</li>";
    }
    out << "</ul>";
  } else if (s.target_layer > 0) {
    out << "<p>Every deployment meets the target: no step is needed to reach it.</p>";
  }
  out << "<p class=\"evidence-mix\" data-passing=\"" << s.passing << "\"><b>What the evidence "
         "rests on.</b> " << H(EvidenceMixSentence(s)) << "</p>";
  out << "<h3>The five layers</h3><p class=\"muted\">A deployment reaches a layer when every "
         "check of that layer and of the layers below passes; layer 0: not even residency.</p>"
         "<table class=\"layers\"><tr><th>layer: what it means</th><th>what it buys</th>"
         "<th>what it costs</th></tr>";
  for (const LayerPlainWords& l : kLayerPlainWords) {
    out << "<tr><td>" << LayerBadge(l.layer) << " <b>" << l.name << "</b>: " << l.means
        << "</td><td>" << l.buys << "</td><td>" << l.costs << "</td></tr>";
  }
  out << "</table></section>\n";
}

void PortfolioHtml(const Report& report, std::ostream& out) {
  PortfolioSummary s = Summarize(report);
  out << "<section class=\"portfolio\"><h2>Portfolio</h2><div class=\"charts\"><div><h3>"
         "Deployments by layer reached</h3>"
      << DistributionSvg(s) << "</div><div><h3>Business units by layer</h3>" << HeatmapSvg(s)
      << "</div></div>" << LayerLegendSvg();
  out << "<h3>Deployments</h3><table class=\"deployments\"><tr><th>deployment</th><th>business "
         "unit</th><th class=\"n\">models</th><th>layer reached</th><th>target</th><th>claim</th>"
         "<th>held back by</th></tr>";
  for (size_t i = 0; i < report.deployments.size(); ++i) {
    const DeploymentReport& d = report.deployments[i];
    std::string target = d.target_layer == 0 ? "—"
                         : MeetsTarget(d)    ? "<span class=\"s-pass\">met</span>"
                                             : "<span class=\"s-fail\">below " +
                                                std::to_string(d.target_layer) + "</span>";
    std::string claim = !d.claim.present ? "none"
                        : d.claim.holds  ? "layer " + std::to_string(d.claim.layer) + " holds"
                                         : "<b class=\"s-fail\">layer " +
                                               std::to_string(d.claim.layer) + ": overclaim</b>";
    std::string held = "—";
    if (d.next_layer.layer > 0 && !d.next_layer.steps.empty()) {
      std::vector<PlanGroup> plan = GroupPlan(d);
      held = "<code>" + H(plan[0].rule) + "</code>" +
             (plan.size() > 1 ? " +" + std::to_string(plan.size() - 1) : "");
    }
    out << "<tr data-layer=\"" << d.achieved_layer << "\"><td><a href=\"#d" << i + 1 << "\">"
        << H(d.name) << "</a></td><td>" << H(d.business_unit) << "</td><td class=\"n\">"
        << d.models.size() << "</td><td>" << LayerBadge(d.achieved_layer) << " " << H(d.label)
        << "</td><td>" << target << "</td><td>" << claim << "</td><td>" << held << "</td></tr>";
  }
  out << "</table></section>\n";
}

}  // namespace sov::html
