// End-to-end tests of the report formats, the portfolio summary, the next-layer plan and
// waivers: run the built binary on fixtures/ and hold each rendering against the JSON report
// of the same run (the one model every format renders) or against the fixture's own truth
// (fixtures/bank/expected.json).
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

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

int Rank(const std::string& severity) {
  static const std::map<std::string, int> k = {
      {"info", 0}, {"low", 1}, {"medium", 2}, {"high", 3}, {"critical", 4}};
  return k.at(severity);
}

bool Blocks(const json& f) { return f["status"] == "fail" || f["status"] == "unknown"; }

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

// Every fixture in one run, every format to its own file.
class AllFormats : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    auto p = [](const char* name) { return (dir_->path() / name).string(); };
    auto r = RunBinary({"audit", "fixtures", "--as-of", kAsOf, "--format", "json", "-o",
                        p("r.json"), "--format", "sarif", "-o", p("r.sarif"), "--format",
                        "junit", "-o", p("r.xml"), "--format", "markdown", "-o", p("r.md"),
                        "--format", "html", "-o", p("r.html")});
    code_ = r.code;
    err_ = r.err;
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string Read(const char* name) { return ReadFile(dir_->path() / name); }
  static json Json() { return json::parse(Read("r.json")); }

  static TempDir* dir_;
  static int code_;
  static std::string err_;
};
TempDir* AllFormats::dir_ = nullptr;
int AllFormats::code_ = -1;
std::string AllFormats::err_;

TEST_F(AllFormats, OneRunWritesEveryFormat) {
  ASSERT_EQ(code_, 0) << err_;
  for (const char* f : {"r.json", "r.sarif", "r.xml", "r.md", "r.html"}) {
    EXPECT_GT(Read(f).size(), 1000u) << f;
  }
}

TEST_F(AllFormats, SarifHasAResultForEveryFailingUnknownOrWaivedFindingWithItsLine) {
  json report = Json(), sarif = json::parse(Read("r.sarif"));
  EXPECT_EQ(sarif["version"], "2.1.0");
  const json& run = sarif["runs"][0];
  const json& rules = run["tool"]["driver"]["rules"];
  std::map<std::string, int> expected;  // rule id -> results
  for (const json& d : report["deployments"]) {
    for (const json& f : d["findings"]) {
      if (Blocks(f) || f["status"] == "waived") ++expected[f["rule"]];
    }
  }
  std::map<std::string, int> got;
  for (const json& r : run["results"]) {
    ++got[r["ruleId"]];
    const json& loc = r["locations"][0]["physicalLocation"];
    EXPECT_FALSE(loc["artifactLocation"]["uri"].get<std::string>().empty());
    EXPECT_GE(loc["region"]["startLine"].get<int>(), 1);
    EXPECT_EQ(rules[r["ruleIndex"].get<size_t>()]["id"], r["ruleId"]);
    EXPECT_TRUE(r["level"] == "error" || r["level"] == "warning" || r["level"] == "note");
  }
  EXPECT_EQ(got, expected);
  for (const json& rule : rules) {
    double sev = std::stod(rule["properties"]["security-severity"].get<std::string>());
    EXPECT_GT(sev, 0.0) << rule["id"];
    EXPECT_FALSE(rule["help"]["text"].get<std::string>().empty()) << rule["id"];
  }
}

TEST_F(AllFormats, JunitCountsAreTheFindingsOfTheJsonReport) {
  json report = Json();
  std::string xml = Read("r.xml");
  int tests = 0, fail = 0, unknown = 0, skipped = 0;
  for (const json& d : report["deployments"]) {
    for (const json& f : d["findings"]) {
      ++tests;
      fail += f["status"] == "fail";
      unknown += f["status"] == "unknown";
      skipped += f["status"] == "n/a" || f["status"] == "waived";
    }
  }
  std::smatch m;
  ASSERT_TRUE(std::regex_search(xml, m, std::regex(
      R"re(<testsuites name="sovaudit" tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="(\d+)")re")));
  EXPECT_EQ(std::stoi(m[1]), tests);
  EXPECT_EQ(std::stoi(m[2]), fail);
  EXPECT_EQ(std::stoi(m[3]), unknown);
  EXPECT_EQ(std::stoi(m[4]), skipped);
  EXPECT_EQ(Count(xml, "<testcase "), static_cast<size_t>(tests));
  EXPECT_EQ(Count(xml, "<failure "), static_cast<size_t>(fail));
  EXPECT_EQ(Count(xml, "<testsuite "), report["deployments"].size());
}

TEST_F(AllFormats, MarkdownFitsAPullRequestCommentAndNamesEveryDeployment) {
  std::string md = Read("r.md");
  EXPECT_LT(md.size(), 65536u);
  const json report = Json();  // a temporary's member would die before the loop
  for (const json& d : report["deployments"]) {
    std::string name = d["name"];
    std::string escaped = std::regex_replace(name, std::regex(R"([_*\[\]<>|~@#+!()`&{}\\])"),
                                             "\\$&");
    EXPECT_NE(md.find(escaped), std::string::npos) << name;
  }
}

TEST_F(AllFormats, HtmlIsSelfContainedWithALadderPerDeploymentAndAHeatMap) {
  std::string html = Read("r.html");
  size_t deployments = Json()["deployments"].size();
  for (const char* banned : {"<script", "<link", "@import", "src=\"http", "url(http", "<img"}) {
    EXPECT_EQ(html.find(banned), std::string::npos) << banned;
  }
  // A ladder for each deployment below its target, on its own page (none without a target).
  size_t below = 0;
  const json report = Json();
  for (const auto& d : report["deployments"]) {
    below += d.contains("target_layer") && d["achieved_layer"] < d["target_layer"];
  }
  EXPECT_EQ(Count(html, "<svg class=\"chart ladder\""), below);
  EXPECT_EQ(Count(html, "<svg class=\"chart heatmap\""), 1u);
  EXPECT_EQ(Count(html, "<section class=\"deployment "), deployments);
  EXPECT_NE(html.find("@media print"), std::string::npos);
}

TEST_F(AllFormats, TheNextLayerPlanIsEveryBlockingFindingOfTheNextLayerMostUrgentFirst) {
  const json report = Json();  // a temporary's member would die before the loop
  for (const json& d : report["deployments"]) {
    int next = d["achieved_layer"].get<int>() + 1;
    std::multiset<std::string> expected;
    for (const json& f : d["findings"]) {
      if (f["layer"] == next && Blocks(f)) expected.insert(f["rule"].get<std::string>() + " " +
                                                           f["subject"].get<std::string>());
    }
    if (next > 5) {
      EXPECT_TRUE(d["next_layer"].is_null()) << d["name"];
      continue;
    }
    ASSERT_EQ(d["next_layer"]["layer"], next) << d["name"];
    std::multiset<std::string> got;
    const json& steps = d["next_layer"]["steps"];
    for (size_t i = 0; i < steps.size(); ++i) {
      got.insert(steps[i]["rule"].get<std::string>() + " " + steps[i]["subject"].get<std::string>());
      if (i == 0) continue;
      int a = Rank(steps[i - 1]["severity"]), b = Rank(steps[i]["severity"]);
      EXPECT_GE(a, b) << d["name"] << " step " << i;
      if (a == b) EXPECT_FALSE(steps[i - 1]["status"] == "unknown" && steps[i]["status"] == "fail");
    }
    EXPECT_EQ(got, expected) << d["name"];
    EXPECT_FALSE(expected.empty()) << d["name"] << ": a layer below 5 is blocked by something";
  }
}

TEST(Portfolio, MatchesTheBankFixture) {
  auto r = RunBinary({"audit", "fixtures/bank", "--as-of", kAsOf, "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  json report = json::parse(r.out);
  json expected = json::parse(ReadFile(std::string(SOVAUDIT_SOURCE_DIR) + "/fixtures/bank/expected.json"));
  std::array<int, 6> by_layer{};
  std::map<std::string, std::array<int, 6>> by_unit;
  size_t models = 0;
  for (const json& d : expected["deployments"]) {
    int layer = d["achieved_layer"];
    ++by_layer[layer];
    ++by_unit[d["business_unit"]][layer];
    models += d["models"].size();
  }
  const json& p = report["portfolio"];
  EXPECT_EQ(p["deployments"], expected["deployments"].size());
  EXPECT_EQ(p["models"], models);
  EXPECT_EQ(p["models"], 158);
  EXPECT_EQ(p["by_layer"], json(by_layer));
  EXPECT_EQ(p["overclaims"], 0);
  ASSERT_EQ(p["business_units"].size(), by_unit.size());
  for (const json& u : p["business_units"]) {
    EXPECT_EQ(u["by_layer"], json(by_unit.at(u["name"]))) << u["name"];
  }
  // The rules that block most deployments, recounted from the findings.
  std::map<std::string, int> blocking;
  for (const json& d : report["deployments"]) {
    std::set<std::string> rules;
    for (const json& f : d["findings"]) {
      if (f["layer"] == d["achieved_layer"].get<int>() + 1 && Blocks(f)) rules.insert(f["rule"]);
    }
    for (const std::string& rule : rules) ++blocking[rule];
  }
  ASSERT_EQ(p["blocking_rules"].size(), blocking.size());
  int previous = 1 << 30;
  for (const json& b : p["blocking_rules"]) {
    EXPECT_EQ(b["deployments"], blocking.at(b["rule"])) << b["rule"];
    EXPECT_LE(b["deployments"].get<int>(), previous);
    previous = b["deployments"];
  }
}

TEST(ReportFiles, AFailedRunLeavesNoReportBehind) {
  TempDir dir;
  std::string ok = (dir.path() / "ok.json").string();
  auto r = RunBinary({"audit", "fixtures/layer1-hosting", "--as-of", kAsOf, "--format", "json",
                      "-o", ok, "--format", "html", "-o",
                      (dir.path() / "missing-dir" / "r.html").string()});
  EXPECT_EQ(r.code, 4) << r.err;
  EXPECT_FALSE(std::filesystem::exists(ok));
}

TEST(ReportFiles, EveryFormatIsByteIdenticalFromRunToRun) {
  for (const char* format : {"sarif", "junit", "markdown", "html", "json", "text"}) {
    auto a = RunBinary({"audit", "fixtures/bank", "--as-of", kAsOf, "--format", format});
    auto b = RunBinary({"audit", "fixtures/bank", "--as-of", kAsOf, "--format", format});
    EXPECT_EQ(a.code, 0) << format << a.err;
    EXPECT_EQ(a.out, b.out) << format;
  }
}

}  // namespace
}  // namespace sov
