// The SARIF, JUnit, Markdown and HTML renderers on a report built here: what each shows, and
// that text from inputs (a vendor controls the manifest) cannot break out of its format.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "reports/render.h"
#include "reports/render_util.h"
#include "src/report/summary.h"
#include "tests/report_builders.h"

namespace sov {
namespace {

using test::RenderTo;

const std::string kHostile = "<script>alert(1)</script> | [x](http://evil) @admin & \"q\" \x1b[2J";

Finding MakeFinding(const std::string& rule, int layer, const std::string& severity, Status status,
                    const std::string& subject) {
  return test::ReportFinding(rule, layer, severity, status, subject,
                             "message of " + rule + ": " + kHostile, 5);
}

Report HostileReport() {
  Report r;
  r.tool_version = "0.1.0";
  r.as_of = "2026-11-21";
  r.rules = {{"SOV-1.1", 1, "Data stays home", Severity::kHigh, "", "why", "fix it", {"spec"}},
             {"SOV-2.2", 2, "Domestic platforms", Severity::kHigh, "", "why", "move", {}},
             {"SOV-2.3", 2, "Domestic keys", Severity::kMedium, "", "why", "keys", {}}};
  r.waivers = {{"SOV-2.3", "datasets/d", "", "risk " + kHostile, "reason " + kHostile,
                "2027-01-01", "CHG-1", {"w.yaml", 4, 5}, "active", "", 1}};
  for (int i = 0; i < 2; ++i) {
    DeploymentReport d =
        test::DeploymentAt(i == 0 ? "app " + kHostile : "second", "deploy/app.yaml", 1);
    d.business_unit = i == 0 ? "unit " + kHostile : "";
    d.claim = {true, 3, "vendor " + kHostile, "offer", false};
    for (int l = 1; l <= 5; ++l) {
      d.layers.push_back({l, LayerName(l), l == 1 ? Status::kPass : Status::kFail, 2, 1, 0});
    }
    d.models.push_back({"m", 1, {"m", "catalog:x"}, {}});
    d.questions = {{"Q1", "answer " + kHostile}};
    d.findings = {MakeFinding("SOV-1.1", 1, "high", Status::kPass, "datasets/d"),
                  MakeFinding("SOV-2.2", 2, "high", Status::kFail, "infrastructure/a " + kHostile),
                  MakeFinding("SOV-2.3", 2, "medium", Status::kWaived, "datasets/d"),
                  MakeFinding("SOV-2.3", 2, "medium", Status::kUnknown, "datasets/e")};
    d.findings[2].waiver = 0;
    d.next_layer = PlanNextLayer(d);
    r.deployments.push_back(d);
  }
  return r;
}

TEST(PlanNextLayer, BlockingFindingsOfTheNextLayerBySeverityThenFailFirst) {
  DeploymentReport d;
  d.achieved_layer = 1;
  d.findings = {MakeFinding("SOV-2.1", 2, "medium", Status::kUnknown, "a"),
                MakeFinding("SOV-2.2", 2, "high", Status::kUnknown, "b"),
                MakeFinding("SOV-2.3", 2, "medium", Status::kFail, "c"),
                MakeFinding("SOV-2.4", 2, "high", Status::kPass, "d"),
                MakeFinding("SOV-3.1", 3, "critical", Status::kFail, "e"),
                MakeFinding("SOV-2.5", 2, "critical", Status::kFail, "f")};
  NextLayerPlan plan = PlanNextLayer(d);
  EXPECT_EQ(plan.layer, 2);
  EXPECT_EQ(plan.steps, (std::vector<size_t>{5, 1, 2, 0}));
  d.achieved_layer = 5;
  EXPECT_EQ(PlanNextLayer(d).layer, 0);
  EXPECT_TRUE(PlanNextLayer(d).steps.empty());
}

TEST(Summarize, CountsLayersUnitsOverclaimsAndBlockingRules) {
  PortfolioSummary s = Summarize(HostileReport());
  EXPECT_EQ(s.deployments, 2);
  EXPECT_EQ(s.by_layer[1], 2);
  EXPECT_EQ(s.overclaims, 2);
  EXPECT_EQ(s.waived, 2);
  ASSERT_EQ(s.units.size(), 2u);
  EXPECT_EQ(s.units.back().name, "");  // no business unit stated comes last
  ASSERT_EQ(s.blocking.size(), 2u);    // SOV-2.2 and SOV-2.3 (unknown), in both deployments
  EXPECT_EQ(s.blocking[0].rule, "SOV-2.2");
  EXPECT_EQ(s.blocking[0].deployments, 2);
  EXPECT_EQ(s.blocking[1].rule, "SOV-2.3");
  EXPECT_EQ(s.blocking[1].findings, 2);  // the waived one does not block
}

TEST(HtmlReport, EscapesInputsAndHasNoActiveContent) {
  std::string html = RenderTo(ReportFormat::kHtml, HostileReport());
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("\x1b"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("\\x1b[2J"), std::string::npos);  // control characters shown, not obeyed
  EXPECT_NE(html.find("<svg class=\"chart heatmap\""), std::string::npos);
  EXPECT_NE(html.find("OVERCLAIM"), std::string::npos);
  EXPECT_NE(html.find("waived by risk"), std::string::npos);
  EXPECT_NE(html.find("Next layer plan: layer 2"), std::string::npos);
}

TEST(MarkdownReport, EscapesInputsSoTheyCannotLinkMentionOrSplitATable) {
  std::string md = RenderTo(ReportFormat::kMarkdown, HostileReport());
  EXPECT_FALSE(std::regex_search(md, std::regex(R"((^|[^\\])<script)"))) << md;
  EXPECT_EQ(md.find("](http"), std::string::npos);
  EXPECT_EQ(md.find(" @admin"), std::string::npos);
  EXPECT_NE(md.find("\\@admin"), std::string::npos);
  EXPECT_NE(md.find("\\| \\[x\\]"), std::string::npos);
  EXPECT_EQ(md.find("\x1b"), std::string::npos);
  // Every table row has the header's number of cells: an input's | cannot add one.
  std::istringstream lines(md);
  std::string line;
  size_t rows = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("| app ", 0) != 0) continue;
    ++rows;
    size_t cells = 0;
    for (size_t i = 0; i < line.size(); ++i) cells += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
    EXPECT_EQ(cells, 8u) << line;
  }
  EXPECT_EQ(rows, 1u);
}

TEST(MarkdownReport, StaysWithinTheCommentBudget) {
  Report r = HostileReport();
  DeploymentReport d = r.deployments[1];
  r.deployments.clear();
  for (int i = 0; i < 3000; ++i) {
    d.name = "deployment-" + std::to_string(i);
    r.deployments.push_back(d);
  }
  std::string md = RenderTo(ReportFormat::kMarkdown, r);
  EXPECT_LE(md.size(), 61000u);
  EXPECT_NE(md.find("more deployments"), std::string::npos);
  EXPECT_NE(md.find("not shown here"), std::string::npos);
}

TEST(JunitReport, EscapesInputsAndMapsStatuses) {
  std::string xml = RenderTo(ReportFormat::kJunit, HostileReport());
  EXPECT_EQ(xml.find("<script"), std::string::npos);
  EXPECT_EQ(xml.find("\x1b"), std::string::npos);
  EXPECT_NE(xml.find("tests=\"8\" failures=\"2\" errors=\"2\" skipped=\"2\""), std::string::npos)
      << xml.substr(0, 300);
  EXPECT_NE(xml.find("<error type=\"unknown\""), std::string::npos);
  EXPECT_NE(xml.find("<skipped message=\"waived by risk"), std::string::npos);
}

TEST(SarifReport, ResultsSuppressionsAndRuleMetadata) {
  nlohmann::json s = nlohmann::json::parse(RenderTo(ReportFormat::kSarif, HostileReport()));
  const auto& run = s["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["rules"].size(), 3u);
  EXPECT_EQ(run["tool"]["driver"]["rules"][0]["properties"]["security-severity"], "8.0");
  ASSERT_EQ(run["results"].size(), 6u);  // fail, waived, unknown in each of two deployments
  const auto& fail = run["results"][0];
  EXPECT_EQ(fail["ruleId"], "SOV-2.2");
  EXPECT_EQ(fail["level"], "error");
  EXPECT_EQ(fail["ruleIndex"], 1);
  EXPECT_EQ(fail["locations"][0]["physicalLocation"]["region"]["startLine"], 12);
  EXPECT_EQ(fail["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "deploy/app.yaml");
  EXPECT_NE(fail["message"]["text"].get<std::string>().find(kHostile.substr(0, 20)),
            std::string::npos);  // JSON escapes what it must and keeps the text
  EXPECT_EQ(run["results"][1]["suppressions"][0]["location"]["physicalLocation"]["region"]
               ["startLine"], 4);
  EXPECT_EQ(run["results"][2]["level"], "note");  // unknown, medium
  EXPECT_NE(run["results"][0]["partialFingerprints"]["sovauditFinding/v1"],
            run["results"][3]["partialFingerprints"]["sovauditFinding/v1"]);
}

TEST(RenderUtil, ClipCutsAtACharacterBoundary) {
  EXPECT_EQ(Clip("caf\xc3\xa9s", 4), "caf…");  // never half of the é
  EXPECT_EQ(Clip("caf\xc3\xa9s", 5), "caf\xc3\xa9…");
  EXPECT_EQ(Clip("short", 5), "short");
  EXPECT_EQ(Clip("the quick brown fox", 12), "the quick…");  // between words
  EXPECT_EQ(Clip("the quick brown fox", 10), "the quick…");
}

TEST(RenderUtil, FileUrisArePercentEncoded) {
  EXPECT_EQ(FileUri("deploy/my app#1.yaml"), "deploy/my%20app%231.yaml");
  EXPECT_EQ(FileUri("/srv/a b.yaml"), "file:///srv/a%20b.yaml");
  EXPECT_EQ(FileUri("caf\xc3\xa9.yaml"), "caf%C3%A9.yaml");
}

}  // namespace
}  // namespace sov

namespace sov {
namespace {

// The SARIF results are streamed; the document must still be exactly what dump(2) writes.
TEST(SarifReport, StreamedLayoutEqualsTheSerializersOwn) {
  for (size_t n : {0u, 1u, 2u}) {
    Report r = HostileReport();
    r.deployments.resize(n);
    std::string sarif = RenderTo(ReportFormat::kSarif, r);
    EXPECT_EQ(sarif, nlohmann::json::parse(sarif).dump(2, ' ', false,
                                                        nlohmann::json::error_handler_t::replace) +
                         "\n")
        << n;
  }
}

}  // namespace
}  // namespace sov
