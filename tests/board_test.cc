// The board's view of a report (src/report/board.h), the gates (src/report/gate.h), the inline
// Markdown of rule texts (reports/inline_markdown.h) and the snapshot of a report in memory
// (src/diff/snapshot.h), on reports built by hand.
#include <gtest/gtest.h>

#include <sstream>

#include "reports/inline_markdown.h"
#include "reports/render.h"
#include "src/diff/snapshot.h"
#include "src/report/board.h"
#include "src/report/gate.h"
#include "tests/report_builders.h"

namespace sov {
namespace {

using test::DeploymentAt;
using test::ReportFinding;

// A deployment at `layer` aiming at `target`, whose plan (the next layer's fail and unknown
// findings) holds `plan` findings of `rule` at `severity`, each on its own model.
DeploymentReport Planned(const std::string& name, int layer, int target, const std::string& rule,
                         const std::string& severity, int plan) {
  DeploymentReport d = DeploymentAt(name, "deploy/" + name + ".yaml", layer);
  d.target_layer = target;
  d.owner = "Marina Commercial Bank Ltd";
  for (int i = 0; i < plan; ++i) {
    d.findings.push_back(ReportFinding(rule, layer + 1, severity, Status::kFail,
                                       "models/m" + std::to_string(i),
                                       "model 'm" + std::to_string(i) + "' is served abroad", 1));
    d.models.push_back({"m" + std::to_string(i), layer, {}, {}, ""});
  }
  d.next_layer = PlanNextLayer(d);
  return d;
}

Report Portfolio() {
  Report r;
  r.as_of = "2026-11-21";
  r.rules.push_back({"SOV-1.2", 1, "Models are served only from domestic locations",
                     Severity::kHigh, "", "", "", {}});
  // SOV-2.3 (medium) holds back three deployments: 2 x 3 = 6; SOV-1.2 (high) one: 3; the
  // overclaim (critical) one: 4; SOV-3.5 (critical) does not appear: nothing fails it.
  r.deployments.push_back(Planned("a", 1, 3, "SOV-2.3", "medium", 2));
  r.deployments.push_back(Planned("b", 1, 3, "SOV-2.3", "medium", 1));
  r.deployments.push_back(Planned("c", 1, 3, "SOV-2.3", "medium", 4));
  r.deployments.push_back(Planned("d", 0, 3, "SOV-1.2", "high", 3));
  DeploymentReport met = Planned("e", 3, 3, "SOV-4.1", "high", 2);
  met.claim = {true, 4, "vendor-x", "", false};
  r.deployments.push_back(met);
  return r;
}

TEST(Board, TheVerdictCountsTheDeploymentsThatMeetTheTarget) {
  ExecutiveSummary s = SummarizeForBoard(Portfolio(), "");
  EXPECT_EQ(s.organisation, "Marina Commercial Bank Ltd");
  EXPECT_EQ(s.deployments, 5);
  EXPECT_EQ(s.models, 12);
  EXPECT_EQ(s.target_layer, 3);
  EXPECT_EQ(s.meet_target, 1);
  EXPECT_EQ(s.overclaims, 1);
  EXPECT_EQ(s.verdict,
            "1 of 5 deployments reach the target layer 3; 4 do not. 1 sovereignty claim does "
            "not hold.");
  EXPECT_EQ(SummarizeForBoard(Portfolio(), "Group Risk").organisation, "Group Risk");
}

TEST(Board, RisksRankBySeverityWeightTimesDeploymentsHeldBack) {
  Report r = Portfolio();
  ExecutiveSummary s = SummarizeForBoard(r, "");
  ASSERT_EQ(s.risks.size(), 3u);
  // The overclaim the verdict names comes first whatever its reach; then the rules by score.
  EXPECT_EQ(s.risks[0].kind, Risk::Kind::kOverclaim);
  EXPECT_EQ(s.risks[0].score, 4);
  EXPECT_EQ(s.risks[1].rule, "SOV-2.3");
  EXPECT_EQ(s.risks[1].score, 6);
  EXPECT_EQ(s.risks[1].deployments, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(s.risks[1].findings, 7);
  EXPECT_EQ(s.risks[2].rule, "SOV-1.2");
  EXPECT_EQ(s.risks[2].score, 3);
  EXPECT_EQ(RiskSentence(r, s.risks[2]),
            "1 deployment falls short of \"Models are served only from domestic locations\" "
            "(SOV-1.2, high): d");
  // An integrity failure comes before everything, and its SOV-3.5 findings are not a rule
  // risk again.
  r.deployments[3].integrity_failure = true;
  r.deployments[3].findings.push_back(
      ReportFinding("SOV-3.5", 1, "critical", Status::kFail, "models/m0", "mismatch", 1));
  r.deployments[3].next_layer = PlanNextLayer(r.deployments[3]);
  s = SummarizeForBoard(r, "");
  EXPECT_EQ(s.risks[0].kind, Risk::Kind::kIntegrity);
  EXPECT_EQ(s.risks[0].score, 4);
  for (const Risk& risk : s.risks) {
    EXPECT_FALSE(risk.kind == Risk::Kind::kRule && risk.rule == "SOV-3.5");
  }
}

TEST(Board, NextStepsGoLowestLayerFirstAndNameThePlansFirstRule) {
  ExecutiveSummary s = SummarizeForBoard(Portfolio(), "");
  ASSERT_EQ(s.steps.size(), 4u);  // e meets its target: no plan, no step
  EXPECT_EQ(s.steps[0].deployment, "d");
  EXPECT_EQ(s.steps[0].remediation, "fix SOV-1.2");
  EXPECT_EQ(StepHeading(s.steps[0]), "d (layer 0, target 3): to reach layer 1, close SOV-1.2 (3 findings)");
  Report r = Portfolio();
  r.deployments[3].findings.push_back(
      ReportFinding("SOV-1.3", 1, "medium", Status::kUnknown, "datasets/x", "unknown", 1));
  r.deployments[3].next_layer = PlanNextLayer(r.deployments[3]);
  EXPECT_EQ(StepHeading(SummarizeForBoard(r, "").steps[0]),
            "d (layer 0, target 3): to reach layer 1, close SOV-1.2 (3 findings of the 4 in the way)");
  EXPECT_EQ(s.steps[1].deployment, "a");
}

TEST(Board, TheEvidenceMixAddsUpThePassingFindings) {
  Report r = Portfolio();
  Finding pass = ReportFinding("SOV-1.1", 1, "high", Status::kPass, "datasets/x", "ok", 1);
  for (int i = 0; i < 3; ++i) r.deployments[0].findings.push_back(pass);
  pass.evidence = Evidence::kVerified;
  r.deployments[1].findings.push_back(pass);
  ExecutiveSummary s = SummarizeForBoard(r, "");
  EXPECT_EQ(s.passing, 4);
  EXPECT_EQ(EvidenceMixSentence(s),
            "Of 4 passing findings, 25% were verified by this run, 0% rest on signed attestations, "
            "0% on documents, and 75% on the manifest's word alone.");
  // Whole percentages that add up to 100: a third each of three kinds is 33, 33 and 34 (the
  // tie goes to the first kind, declared).
  Report thirds = Portfolio();
  Finding f = ReportFinding("SOV-1.1", 1, "high", Status::kPass, "datasets/x", "ok", 1);
  for (Evidence e : {Evidence::kDeclared, Evidence::kDocumented, Evidence::kVerified}) {
    f.evidence = e;
    thirds.deployments[0].findings.push_back(f);
  }
  EXPECT_EQ(EvidenceMixSentence(SummarizeForBoard(thirds, "")),
            "Of 3 passing findings, 33% were verified by this run, 0% rest on signed attestations, "
            "33% on documents, and 34% on the manifest's word alone.");
}

TEST(Board, WithoutATargetTheVerdictGivesTheRangeOfLayers) {
  Report r;
  r.deployments.push_back(DeploymentAt("x", "x.yaml", 1));
  r.deployments.push_back(DeploymentAt("y", "y.yaml", 3));
  EXPECT_EQ(SummarizeForBoard(r, "").verdict, "2 deployments reach layers 1 to 3; no target layer was set.");
  Report none;
  EXPECT_EQ(SummarizeForBoard(none, "").deployments, 0);
}

TEST(Board, FindingsFoldIntoOneGroupPerRuleAndOutcome) {
  DeploymentReport d = Planned("a", 2, 3, "SOV-3.2", "high", 3);
  d.findings.push_back(ReportFinding("SOV-3.2", 3, "high", Status::kUnknown, "models/q",
                                     "not established for 'q'", 1));
  d.findings.push_back(ReportFinding("SOV-4.1", 4, "high", Status::kFail, "models/m0",
                                     "root 'catalog:x' was pretrained by meta (US)", 1));
  d.findings.push_back(ReportFinding("SOV-4.1", 4, "high", Status::kFail, "models/m1",
                                     "root 'catalog:x' was pretrained by meta (US)", 1));
  d.findings.push_back(ReportFinding("SOV-1.1", 1, "high", Status::kPass, "datasets/x", "ok", 1));
  std::vector<FindingGroup> g = GroupFindings(d);
  ASSERT_EQ(g.size(), 3u);
  EXPECT_EQ(g[0].rule, "SOV-3.2");  // the next layer's first, fail before unknown
  EXPECT_EQ(g[0].status, Status::kFail);
  ASSERT_EQ(g[0].reasons.size(), 1u) << "the model's own name is folded out";
  EXPECT_EQ(g[0].reasons[0], (std::pair<std::string, int>{"model '…' is served abroad", 3}));
  EXPECT_EQ(g[1].rule, "SOV-3.2");
  EXPECT_EQ(g[1].status, Status::kUnknown);
  EXPECT_EQ(g[1].reasons[0].first, "not established for 'q'") << "one subject: not folded";
  EXPECT_EQ(g[2].rule, "SOV-4.1");  // above the target, last
  EXPECT_TRUE(g[2].above_target);
  EXPECT_EQ(SubjectCount(g[0].findings), "3 models");
}

TEST(Board, SubjectCountsNameEachKind) {
  Finding a = ReportFinding("R", 1, "low", Status::kFail, "datasets/x", "", 1);
  Finding b = ReportFinding("R", 1, "low", Status::kFail, "infrastructure/y", "", 1);
  Finding c = ReportFinding("R", 1, "low", Status::kFail, "infrastructure/z", "", 1);
  Finding d = ReportFinding("R", 1, "low", Status::kFail, "deployment", "", 1);
  EXPECT_EQ(SubjectCount({&a, &b, &c}), "1 dataset and 2 infrastructure elements");
  EXPECT_EQ(SubjectCount({&d}), "1 deployment-wide check");
  EXPECT_EQ(FoldMessage(d), "");  // no id to fold out
}

TEST(Gates, EveryGateThatFailsGivesItsReason) {
  Report r = Portfolio();
  GateSpec spec;
  EXPECT_FALSE(EvaluateGates(r, spec).set);
  EXPECT_TRUE(EvaluateGates(r, spec).passed);
  spec.require_layer = 1;
  spec.fail_on_overclaim = true;
  GateOutcome g = EvaluateGates(r, spec);
  EXPECT_EQ(g.gates, "--require-layer 1, --fail-on-overclaim");
  EXPECT_FALSE(g.passed);
  EXPECT_EQ(g.reasons, (std::vector<std::string>{
                           "--require-layer 1: 'd' reaches layer 0",
                           "--fail-on-overclaim: 'e' claims layer 4 and reaches layer 3"}));
  spec = GateSpec{};
  spec.fail_on = Severity::kHigh;
  g = EvaluateGates(r, spec);
  ASSERT_EQ(g.reasons.size(), 1u);  // only d's SOV-1.2 is high and below its target
  EXPECT_EQ(g.reasons[0], "--fail-on high: 'd' has 3 failing or unknown findings at or above "
                          "high (target layer 3)");
}

TEST(Gates, AnIntegrityFailureHeadsTheReportWhateverTheGatesSay) {
  Report r = Portfolio();
  r.deployments[0].integrity_failure = true;
  GateSpec spec;
  spec.require_layer = 0;
  GateOutcome g = EvaluateGates(r, spec);
  EXPECT_TRUE(g.passed);
  EXPECT_EQ(g.integrity_failures, 1);
  EXPECT_EQ(GateHeadline(g), "integrity failure (exit 3)");
  RenderOptions o;
  o.gate = &g;
  std::ostringstream md;
  RenderMarkdown(r, o, md);
  EXPECT_EQ(md.str().rfind("## ❌ sovaudit: integrity failure (exit 3) — ", 0), 0u) << md.str();
  std::ostringstream text;
  RenderText(r, o, text);
  EXPECT_NE(text.str().find("integrity failure (exit 3)"), std::string::npos);
  // Without any gate asked for, the Markdown headline still says so.
  std::ostringstream plain;
  RenderMarkdown(r, RenderOptions{}, plain);
  EXPECT_EQ(plain.str().rfind("## ❌ sovaudit: integrity failure — ", 0), 0u) << plain.str();
}

TEST(InlineMarkdown, CodeSpansAndHttpLinksOnly) {
  std::vector<InlineSpan> s = ParseInlineMarkdown("record `training` per [spec](https://x.dev/a)");
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[1].kind, InlineSpan::Kind::kCode);
  EXPECT_EQ(s[1].text, "training");
  EXPECT_EQ(s[3].kind, InlineSpan::Kind::kLink);
  EXPECT_EQ(s[3].url, "https://x.dev/a");
  EXPECT_EQ(InlineMarkdownToHtml("use `a<b>` and [it](https://x.dev/?q=1&r=\"2\")"),
            "use <code>a&lt;b&gt;</code> and [it](https://x.dev/?q=1&amp;r=&quot;2&quot;)");
  EXPECT_EQ(InlineMarkdownToHtml("[x](https://x.dev)"),
            "<a href=\"https://x.dev\" rel=\"noreferrer\">x</a>");
  // Other schemes, and URLs that could leave the attribute, stay text.
  EXPECT_EQ(InlineMarkdownToHtml("[x](javascript:alert(1))"), "[x](javascript:alert(1))");
  EXPECT_EQ(InlineMarkdownToHtml("[x](https://a\" onmouseover=\"y)"),
            "[x](https://a&quot; onmouseover=&quot;y)");
  EXPECT_EQ(InlineMarkdownToHtml("a lone ` backtick"), "a lone ` backtick");
  EXPECT_EQ(InlineMarkdownToMd("set `training` | [s](https://x.dev) @team"),
            "set `training` \\| [s](https://x.dev) \\@team");
  EXPECT_EQ(InlineMarkdownToMd("`a|b`"), "a\\|b");
  EXPECT_EQ(InlineMarkdownToHtml("line one\nline two"), "line one line two");
}

TEST(Snapshot, OfAReportInMemoryEqualsItsJsonReadBack) {
  Report r = Portfolio();
  r.deployments[1].findings[0].status = Status::kWaived;
  r.deployments[2].findings[0].location = {"deploy/c.yaml", 0, 0};
  std::ostringstream json;
  RenderJson(r, json);
  ReportSnapshot parsed = ParseReportSnapshot(json.str(), "r.json");
  ReportSnapshot direct = SnapshotOf(r, "r.json");
  ASSERT_EQ(parsed.deployments.size(), direct.deployments.size());
  EXPECT_EQ(parsed.as_of, direct.as_of);
  for (size_t i = 0; i < parsed.deployments.size(); ++i) {
    const SnapshotDeployment& p = parsed.deployments[i];
    const SnapshotDeployment& d = direct.deployments[i];
    EXPECT_EQ(p.name, d.name);
    EXPECT_EQ(p.file, d.file);
    EXPECT_EQ(p.achieved_layer, d.achieved_layer);
    EXPECT_EQ(p.label, d.label);
    EXPECT_EQ(p.claim, d.claim);
    ASSERT_EQ(p.findings.size(), d.findings.size());
    for (size_t k = 0; k < p.findings.size(); ++k) {
      EXPECT_EQ(p.findings[k].rule, d.findings[k].rule);
      EXPECT_EQ(p.findings[k].status, d.findings[k].status);
      EXPECT_EQ(p.findings[k].severity, d.findings[k].severity);
      EXPECT_EQ(p.findings[k].subject, d.findings[k].subject);
      EXPECT_EQ(p.findings[k].message, d.findings[k].message);
      EXPECT_EQ(FormatLocation(p.findings[k].location), FormatLocation(d.findings[k].location));
    }
  }
}

}  // namespace
}  // namespace sov
