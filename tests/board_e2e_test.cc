// End-to-end tests of the board's view (issue 19) on the bank fixture: the text report's
// length, the executive summary against the JSON report of the same run, the Markdown
// comment's first line and sections, --baseline against `sovaudit diff`, --title, --details.
// The printed HTML pack is measured in tests/interop/html_chromium.py.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "tests/oms_test_util.h"
#include "tests/run_binary.h"

namespace sov {
namespace {

using nlohmann::json;
using oms::testing::ReadFile;
using oms::testing::TempDir;
using oms::testing::WriteFile;
using test::RunBinary;

constexpr const char* kAsOf = "2026-11-21";

size_t Lines(const std::string& s) { return static_cast<size_t>(std::count(s.begin(), s.end(), '\n')); }

bool Has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// The verdict sentence recomputed from a JSON report audited with --target-layer 3.
std::string VerdictOf(const json& report) {
  int n = 0, meet = 0;
  for (const json& d : report["deployments"]) {
    ++n;
    meet += d["achieved_layer"].get<int>() >= d["target_layer"].get<int>();
  }
  return std::to_string(meet) + " of " + std::to_string(n) +
         " deployments reach the target layer 3; " + std::to_string(n - meet) + " do not.";
}

TEST(BoardText, TheBankReportIsUnderFourHundredLinesWithTheSummaryFirst) {
  for (const std::vector<std::string>& extra :
       {std::vector<std::string>{}, std::vector<std::string>{"--target-layer", "3"}}) {
    std::vector<std::string> args = {"audit", "fixtures/bank", "--as-of", kAsOf};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = RunBinary(args);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_LT(Lines(r.out), 400u) << r.out;
    size_t summary = r.out.find("Executive summary: Marina Commercial Bank Ltd");
    size_t portfolio = r.out.find("Portfolio: 9 deployments, 158 models");
    size_t first = r.out.find("marina-invoice-reconciliation  (");
    ASSERT_NE(summary, std::string::npos) << r.out;
    EXPECT_LT(summary, portfolio);
    EXPECT_LT(portfolio, first) << "the portfolio comes before the deployments";
    EXPECT_TRUE(Has(r.out, "The five layers"));
  }
  // --details full lists every model and every finding.
  auto full = RunBinary({"audit", "fixtures/bank", "--as-of", kAsOf, "--details", "full"});
  ASSERT_EQ(full.code, 0) << full.err;
  json expected = json::parse(ReadFile(std::string(SOVAUDIT_SOURCE_DIR) + "/fixtures/bank/expected.json"));
  size_t models = 0;
  for (const auto& [name, d] : expected["deployments"].items()) {
    for (const auto& [model, layer] : d["models"].items()) {
      ++models;
      EXPECT_TRUE(Has(full.out, "layer " + std::to_string(layer.get<int>()) + "  " + model)) << model;
    }
  }
  EXPECT_EQ(models, 158u);
  EXPECT_GT(Lines(full.out), 2000u);
}

TEST(BoardSummary, EveryNumberAgreesWithTheJsonReport) {
  TempDir dir;
  auto p = [&](const char* f) { return (dir.path() / f).string(); };
  auto r = RunBinary({"audit", "fixtures/bank", "--as-of", kAsOf, "--target-layer", "3",
                      "--format", "json", "-o", p("r.json"), "--format", "text", "-o",
                      p("r.txt"), "--format", "markdown", "-o", p("r.md"), "--format", "html",
                      "-o", p("r.html")});
  ASSERT_EQ(r.code, 0) << r.err;
  json report = json::parse(ReadFile(p("r.json")));
  std::string verdict = VerdictOf(report);
  int models = 0, verified = 0, passing = 0;
  for (const json& d : report["deployments"]) {
    models += static_cast<int>(d["models"].size());
    for (const auto& [kind, n] : d["evidence"].items()) passing += n.get<int>();
    verified += d["evidence"]["verified"].get<int>();
  }
  std::string share = std::to_string((verified * 100 + passing / 2) / passing) + "% were verified";
  std::string text = ReadFile(p("r.txt")), md = ReadFile(p("r.md")), html = ReadFile(p("r.html"));
  for (const std::string* out : {&text, &md, &html}) {
    EXPECT_TRUE(Has(*out, verdict)) << verdict;
    EXPECT_TRUE(Has(*out, "Of " + std::to_string(passing) + " passing findings, " + share));
  }
  EXPECT_TRUE(Has(text, "9 deployments, " + std::to_string(models) + " models"));
  EXPECT_TRUE(Has(html, "data-models=\"" + std::to_string(models) + "\""));
  // Each deployment below the target has its next step, naming its plan's first rule.
  for (const json& d : report["deployments"]) {
    if (d["next_layer"].is_null()) continue;
    std::string step = d["name"].get<std::string>() + " (layer " +
                       std::to_string(d["achieved_layer"].get<int>()) + ", target 3): to reach layer " +
                       std::to_string(d["next_layer"]["layer"].get<int>()) + ", close " +
                       d["next_layer"]["steps"][0]["rule"].get<std::string>();
    EXPECT_TRUE(Has(text, step)) << step;
  }
}

TEST(BoardMarkdown, TheFirstLineIsTheGateAndMetDeploymentsHaveNoSection) {
  auto failed = RunBinary({"audit", "fixtures/bank", "--as-of", kAsOf, "--require-layer", "3",
                           "--format", "markdown"});
  EXPECT_EQ(failed.code, 1);
  std::string first = failed.out.substr(0, failed.out.find('\n'));
  EXPECT_EQ(first.rfind("## ❌ sovaudit: gate failed (--require-layer 3) — ", 0), 0u) << first;
  EXPECT_TRUE(Has(failed.out, "- gate: --require-layer 3: 'marina-research-copilot' reaches layer 1"));
  EXPECT_TRUE(Has(failed.out, "### marina-research-copilot: layer 1"));
  EXPECT_FALSE(Has(failed.out, "### marina-credit-memo")) << "meets its target: no section";
  EXPECT_FALSE(Has(failed.out, "To reach layer 4")) << "no plan beyond the target";

  auto passed = RunBinary({"audit", "fixtures/bank", "--as-of", kAsOf, "--require-layer", "0",
                           "--fail-on-overclaim", "--format", "markdown"});
  EXPECT_EQ(passed.code, 0) << passed.err;
  EXPECT_EQ(passed.out.rfind("## ✅ sovaudit: gate passed (--require-layer 0, --fail-on-overclaim) — ", 0), 0u)
      << passed.out.substr(0, 200);

  auto none = RunBinary({"audit", "fixtures/bank", "--as-of", kAsOf, "--format", "markdown"});
  EXPECT_EQ(none.out.rfind("## sovaudit: no gate set — 9 deployments reach layers 0 to 3", 0), 0u)
      << none.out.substr(0, 200);
}

TEST(BoardTrend, TheBaselineChangeIsWhatDiffCounts) {
  TempDir dir;
  auto p = [&](const char* f) { return (dir.path() / f).string(); };
  auto base = RunBinary({"audit", "fixtures/bank", "--as-of", kAsOf, "--format", "json", "-o",
                         p("base.json")});
  ASSERT_EQ(base.code, 0) << base.err;
  // The previous audit: one deployment a layer lower, another without one of today's fails.
  json old = json::parse(ReadFile(p("base.json")));
  old["as_of"] = "2026-10-01";
  old["deployments"][0]["achieved_layer"] = 1;
  json& findings = old["deployments"][1]["findings"];
  for (size_t i = 0; i < findings.size(); ++i) {
    if (findings[i]["status"] == "fail") {
      findings.erase(i);
      break;
    }
  }
  WriteFile(p("old.json"), old.dump(2));
  auto r = RunBinary({"audit", "fixtures/bank", "--as-of", kAsOf, "--baseline", p("old.json"),
                      "--format", "json", "-o", p("new.json"), "--format", "text", "-o",
                      p("r.txt"), "--format", "markdown", "-o", p("r.md"), "--format", "html",
                      "-o", p("r.html")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(ReadFile(p("new.json")), ReadFile(p("base.json"))) << "the JSON report is unchanged";
  auto diff = RunBinary({"diff", p("old.json"), p("new.json")});
  std::smatch m;
  ASSERT_TRUE(std::regex_search(diff.out, m, std::regex("diff: ([^\n]+)"))) << diff.out;
  std::string sentence = "Since the audit of 2026-10-01: " + m[1].str();
  EXPECT_TRUE(Has(ReadFile(p("r.txt")), sentence)) << sentence;
  EXPECT_TRUE(Has(ReadFile(p("r.html")), sentence));
  std::string first = old["deployments"][0]["name"];
  std::string second = old["deployments"][1]["name"];
  std::string text = ReadFile(p("r.txt"));
  EXPECT_TRUE(Has(text, "trend:    since 2026-10-01: layer 1 → 3 (gained)")) << text.substr(0, 3000);
  EXPECT_TRUE(Has(text, "trend:    since 2026-10-01: 1 new finding"));
  std::string md = ReadFile(p("r.md"));
  EXPECT_TRUE(Has(md, "| trend |"));
  // The new fail is a regression, named as `diff --fail-on-regression` names it.
  auto gate = RunBinary({"diff", p("old.json"), p("new.json"), "--fail-on-regression"});
  EXPECT_EQ(gate.code, 1);
  ASSERT_TRUE(std::regex_search(gate.err, m, std::regex("regression: '([^']+)'"))) << gate.err;
  EXPECT_TRUE(Has(md, "- regression: '" + m[1].str() + "'")) << md.substr(0, 4000);
}

TEST(BoardTrend, ABadBaselineIsExitTwoAndWritesNothing) {
  TempDir dir;
  WriteFile(dir.path() / "old.json", "{\"schema\": \"sovaudit/report/v1\", \"as_of\": 3}");
  auto r = RunBinary({"audit", "fixtures/bank", "--as-of", kAsOf, "--baseline",
                      (dir.path() / "old.json").string(), "--format", "html", "-o",
                      (dir.path() / "r.html").string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(Has(r.err, "old.json")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "r.html"));
  auto missing = RunBinary({"audit", "fixtures/bank", "--baseline", "no/such.json"});
  EXPECT_EQ(missing.code, 2) << missing.err;
}

TEST(BoardTitle, TheTitleNamesTheOrganisationInEveryFormat) {
  for (const char* format : {"text", "markdown", "html"}) {
    auto r = RunBinary({"audit", "fixtures/layer3-finetune", "--as-of", kAsOf, "--title",
                        "Group <Risk> & Audit", "--format", format});
    ASSERT_EQ(r.code, 0) << r.err;
    std::string want = std::string(format) == "html"       ? "Group &lt;Risk&gt; &amp; Audit"
                       : std::string(format) == "markdown" ? "Group \\<Risk\\> \\& Audit"
                                                           : "Group <Risk> & Audit";
    EXPECT_TRUE(Has(r.out, want)) << format;
  }
}

}  // namespace
}  // namespace sov
