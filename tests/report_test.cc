#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "reports/render.h"
#include "tests/report_builders.h"

namespace sov {
namespace {

Report SampleReport() {
  Report r;
  r.tool_version = "0.1.0";
  r.as_of = "2026-11-21";
  r.inputs = {{"fixtures/x/deployment.yaml", std::string(64, 'a'), "", "", ""}};
  DeploymentReport d = test::DeploymentAt("retail\x1b[2Jlending", "fixtures/x/deployment.yaml", 2);
  d.claim = {true, 4, "vendor-x", "MSA annex 3", false};
  for (int l = 1; l <= 5; ++l) {
    d.layers.push_back({l, LayerName(l), l <= 2 ? Status::kPass : Status::kFail, 3, l > 2, 0});
  }
  d.models.push_back({"lending-llm", 2, {"lending-llm", "catalog:meta-llama/Llama-3.1-8B"}, {}});
  d.questions = {{"Q1", "a1"}, {"Q2", "a2"}, {"Q3", "a3"}, {"Q4", "a4"}};
  Finding f;
  f.rule = "SOV-3.3";
  f.layer = 3;
  f.severity = Severity::kHigh;
  f.status = Status::kFail;
  f.subject = "models/lending-llm";
  f.message = "licence forbids modification";
  f.location = {"fixtures/x/deployment.yaml", 41, 7};
  f.remediation = "choose a base whose licence permits fine-tuning";
  d.findings.push_back(f);
  f.rule = "SOV-1.1";
  f.status = Status::kPass;
  f.message = "stored domestically";
  d.findings.push_back(f);
  r.deployments.push_back(d);
  return r;
}

TEST(ReportJson, HasTheSpecShapeWithSortedKeys) {
  std::ostringstream out;
  RenderJson(SampleReport(), out);
  nlohmann::json j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["schema"], "sovaudit/report/v1");
  EXPECT_EQ(j["tool"]["name"], "sovaudit");
  EXPECT_EQ(j["as_of"], "2026-11-21");
  EXPECT_EQ(j["inputs"][0]["sha256"], std::string(64, 'a'));
  const auto& d = j["deployments"][0];
  for (const char* key : {"name", "file", "home", "achieved_layer", "label", "claim", "layers",
                          "models", "questions", "findings"}) {
    EXPECT_TRUE(d.contains(key)) << key;
  }
  EXPECT_EQ(d["claim"], (nlohmann::json{{"layer", 4}, {"by", "vendor-x"}, {"holds", false},
                                        {"source", "MSA annex 3"}}));
  EXPECT_EQ(d["layers"][2]["status"], "fail");
  EXPECT_EQ(d["models"][0]["lineage"][1], "catalog:meta-llama/Llama-3.1-8B");
  const auto& f = d["findings"][0];
  EXPECT_EQ(f["location"], (nlohmann::json{{"file", "fixtures/x/deployment.yaml"}, {"line", 41},
                                           {"column", 7}}));
  EXPECT_EQ(f["status"], "fail");
  // Sorted keys: "achieved_layer" comes before "claim" comes before "file" in the text.
  std::string s = out.str();
  EXPECT_LT(s.find("\"achieved_layer\""), s.find("\"claim\""));
  EXPECT_LT(s.find("\"claim\""), s.find("\"file\""));
  // Control characters from inputs are escaped by JSON itself.
  EXPECT_EQ(s.find('\x1b'), std::string::npos);
}

TEST(ReportJson, IsByteIdenticalAcrossRuns) {
  std::ostringstream a, b;
  RenderJson(SampleReport(), a);
  RenderJson(SampleReport(), b);
  EXPECT_EQ(a.str(), b.str());
  EXPECT_EQ(a.str().back(), '\n');
}

TEST(ReportJson, NoClaimIsNull) {
  Report r = SampleReport();
  r.deployments[0].claim = {};
  nlohmann::json j = ReportToJson(r);
  EXPECT_TRUE(j["deployments"][0]["claim"].is_null());
}

TEST(ReportText, ShowsLadderFailingFindingsAndAnswers) {
  std::ostringstream out;
  RenderText(SampleReport(), RenderOptions{}, out);
  std::string s = out.str();
  EXPECT_NE(s.find("layer 2 — sovereign infrastructure"), std::string::npos) << s;
  EXPECT_NE(s.find("OVERCLAIM"), std::string::npos);
  EXPECT_NE(s.find("SOV-3.3"), std::string::npos);
  // Folded by default; every finding with its fix and position under --details full.
  EXPECT_EQ(s.find("at fixtures/x/deployment.yaml:41:7"), std::string::npos);
  std::ostringstream full;
  RenderText(SampleReport(), RenderOptions{.details = Details::kFull}, full);
  EXPECT_NE(full.str().find("fix: choose a base"), std::string::npos) << full.str();
  EXPECT_NE(full.str().find("at fixtures/x/deployment.yaml:41:7"), std::string::npos);
  EXPECT_EQ(s.find("stored domestically"), std::string::npos) << "passing findings are not listed";
  EXPECT_NE(s.find("Q4"), std::string::npos);
  EXPECT_NE(s.find("a4"), std::string::npos);
  EXPECT_EQ(s.find('\x1b'), std::string::npos) << "no colour, and input escapes neutralised";
  EXPECT_NE(s.find("retail\\x1b[2Jlending"), std::string::npos);
}

TEST(ReportText, ColourOnlyWhenAsked) {
  std::ostringstream plain, coloured;
  RenderText(SampleReport(), RenderOptions{}, plain);
  RenderText(SampleReport(), RenderOptions{.color = true}, coloured);
  EXPECT_EQ(plain.str().find("\x1b["), std::string::npos);
  EXPECT_NE(coloured.str().find("\x1b[31m"), std::string::npos);
}

TEST(ReportText, PortfolioSummaryForSeveralDeployments) {
  Report r = SampleReport();
  r.deployments.push_back(r.deployments[0]);
  r.deployments[1].achieved_layer = 5;
  std::ostringstream out;
  RenderText(r, RenderOptions{}, out);
  EXPECT_NE(out.str().find("Portfolio: 2 deployments, 2 models, 2 overclaims"), std::string::npos)
      << out.str();
}

}  // namespace
}  // namespace sov

namespace sov {
namespace {

// The streamed renderer must be exactly the library's own dump of the whole tree.
TEST(ReportJson, StreamedOutputEqualsTheLibrarysDump) {
  Report r = SampleReport();
  r.deployments.push_back(r.deployments[0]);
  r.deployments[1].name = "second";
  r.deployments[1].findings.clear();  // an empty streamed array
  std::ostringstream out;
  RenderJson(r, out);
  EXPECT_EQ(out.str(), ReportToJson(r).dump(2) + "\n");
  Report empty;
  empty.tool_version = "0.1.0";
  std::ostringstream out2;
  RenderJson(empty, out2);
  EXPECT_EQ(out2.str(), ReportToJson(empty).dump(2) + "\n");
}

}  // namespace
}  // namespace sov
