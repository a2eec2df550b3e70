// The target layer in the report model and its renderers, on a report built here: which
// findings are above the target (AboveTarget, the one definition), the plan stopping at the
// target, SARIF notes, JUnit <skipped>, and the JSON report's target_layer key.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "reports/render.h"
#include "src/report/report.h"
#include "tests/report_builders.h"

namespace sov {
namespace {

using nlohmann::json;
using test::RenderTo;

Finding MakeFinding(const std::string& rule, int layer, const std::string& severity, Status status,
                    const std::string& subject = "models/m") {
  return test::ReportFinding(rule, layer, severity, status, subject, "message of " + rule, 3);
}

// A deployment at layer 3 with a high failure on layers 4 and 5, a critical unknown on layer 3,
// and the findings that count whatever the target.
DeploymentReport Layer3Deployment(int target) {
  DeploymentReport d = test::DeploymentAt("app", "deploy/app.yaml", 3);
  d.target_layer = target;
  for (int l = 1; l <= 5; ++l) {
    d.layers.push_back({l, LayerName(l), l <= 3 ? Status::kPass : Status::kFail, 1, 0, 0});
  }
  d.models.push_back({"m", 3, {"m"}, {}});
  d.findings = {MakeFinding("SOV-3.5", 3, "critical", Status::kPass),
                MakeFinding("SOV-4.1", 4, "high", Status::kFail),
                MakeFinding("SOV-4.2", 4, "medium", Status::kUnknown),
                MakeFinding("SOV-5.1", 5, "medium", Status::kFail),
                MakeFinding("SOV-5.3", 5, "medium", Status::kNotApplicable)};
  d.next_layer = PlanNextLayer(d);
  return d;
}

Report ReportOf(DeploymentReport d) {
  Report r;
  r.tool_version = "0.1.0";
  r.as_of = "2026-11-21";
  r.rules = {{"SOV-4.1", 4, "Domestic base", Severity::kHigh, "Q1", "why", "retrain", {}},
             {"SOV-4.2", 4, "Documented lineage", Severity::kMedium, "Q1", "why", "document", {}},
             {"SOV-5.1", 5, "Domestic evaluation", Severity::kMedium, "Q3", "why", "evaluate", {}}};
  r.deployments.push_back(std::move(d));
  return r;
}

// AboveTarget(d, f) is `above` for each of `findings`.
void ExpectAbove(const DeploymentReport& d, bool above, const std::vector<Finding>& findings) {
  for (const Finding& f : findings) {
    EXPECT_EQ(AboveTarget(d, f), above)
        << f.rule << " on layer " << f.layer << ", " << StatusName(f.status);
  }
}

TEST(AboveTarget, FindingsOfHigherLayersOnlyAndNeverWithoutATarget) {
  DeploymentReport d = Layer3Deployment(3);
  ExpectAbove(d, false, {MakeFinding("SOV-3.1", 3, "high", Status::kFail)});
  ExpectAbove(d, true,
              {MakeFinding("SOV-4.1", 4, "high", Status::kFail),
               MakeFinding("SOV-5.4", 5, "medium", Status::kUnknown),
               MakeFinding("PACK-1", 4, "critical", Status::kFail)});
  d.target_layer = 0;
  ExpectAbove(d, false, {MakeFinding("SOV-5.4", 5, "medium", Status::kFail)});
}

TEST(AboveTarget, ClaimsWaiversAndWeightIntegrityAlwaysCount) {
  DeploymentReport d = Layer3Deployment(1);
  ExpectAbove(d, false,
              {MakeFinding("SOV-C.1", 0, "critical", Status::kFail),
               MakeFinding("SOV-W.1", 0, "medium", Status::kFail),
               MakeFinding("SOV-W.2", 0, "medium", Status::kFail),
               // Even were a pack to put them on a layer: they are never out of scope.
               MakeFinding("SOV-C.1", 5, "critical", Status::kFail),
               MakeFinding("SOV-W.1", 4, "medium", Status::kFail),
               // A mismatch or no pin fails SOV-3.5 and counts; weights not at hand (unknown)
               // do not.
               MakeFinding("SOV-3.5", 3, "critical", Status::kFail)});
  ExpectAbove(d, true,
              {MakeFinding("SOV-3.5", 3, "critical", Status::kUnknown),
               MakeFinding("SOV-3.1", 3, "high", Status::kFail)});
}

TEST(PlanNextLayer, StopsAtTheTargetLayer) {
  DeploymentReport met = Layer3Deployment(3);
  EXPECT_TRUE(MeetsTarget(met));
  EXPECT_EQ(met.next_layer.layer, 0);
  EXPECT_TRUE(met.next_layer.steps.empty());

  DeploymentReport beyond = Layer3Deployment(2);  // above its target already
  EXPECT_EQ(beyond.next_layer.layer, 0);

  DeploymentReport aiming = Layer3Deployment(4);
  EXPECT_FALSE(MeetsTarget(aiming));
  EXPECT_EQ(aiming.next_layer.layer, 4);
  EXPECT_EQ(aiming.next_layer.steps, (std::vector<size_t>{1, 2}));

  DeploymentReport none = Layer3Deployment(0);  // no target: the plan as before
  EXPECT_FALSE(MeetsTarget(none));
  EXPECT_EQ(none.next_layer.layer, 4);
}

TEST(TargetReports, SarifMakesFindingsAboveTheTargetNotesThatSaySo) {
  json sarif = json::parse(RenderTo(ReportFormat::kSarif, ReportOf(Layer3Deployment(3))));
  const json& run = sarif["runs"][0];
  ASSERT_EQ(run["results"].size(), 3u);
  for (const json& r : run["results"]) {
    EXPECT_EQ(r["level"], "note") << r["ruleId"];
    EXPECT_NE(r["message"]["text"].get<std::string>().find("above the target layer 3"),
              std::string::npos);
    EXPECT_EQ(r["properties"]["above_target_layer"], 3);
  }
  EXPECT_EQ(run["properties"]["deployments"][0]["target_layer"], 3);

  json plain = json::parse(RenderTo(ReportFormat::kSarif, ReportOf(Layer3Deployment(0))));
  const json& results = plain["runs"][0]["results"];
  EXPECT_EQ(results[0]["ruleId"], "SOV-4.1");
  EXPECT_EQ(results[0]["level"], "error");  // high and failing: without a target, as before
  EXPECT_FALSE(results[0]["properties"].contains("above_target_layer"));
  EXPECT_FALSE(plain["runs"][0]["properties"]["deployments"][0].contains("target_layer"));
}

TEST(TargetReports, JunitSkipsFindingsAboveTheTarget) {
  std::string xml = RenderTo(ReportFormat::kJunit, ReportOf(Layer3Deployment(3)));
  EXPECT_EQ(xml.find("<failure"), std::string::npos) << xml;
  EXPECT_EQ(xml.find("<error"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<skipped message=\"above the target layer 3: message of SOV-4.1\"/>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("tests=\"5\" failures=\"0\" errors=\"0\" skipped=\"4\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<property name=\"target_layer\" value=\"3\"/>"), std::string::npos);

  // A target of 4 keeps layer 4 as it was and skips layer 5 only.
  std::string four = RenderTo(ReportFormat::kJunit, ReportOf(Layer3Deployment(4)));
  EXPECT_NE(four.find("<failure type=\"high\" message=\"message of SOV-4.1\">"),
            std::string::npos);
  EXPECT_NE(four.find("<error type=\"unknown\""), std::string::npos);
  EXPECT_NE(four.find("above the target layer 4: message of SOV-5.1"), std::string::npos);
  EXPECT_NE(four.find("tests=\"5\" failures=\"1\" errors=\"1\" skipped=\"2\""),
            std::string::npos)
      << four;
}

TEST(TargetReports, JsonHasTargetLayerOnlyWhenSetAndStreamsTheTreesBytes) {
  Report with = ReportOf(Layer3Deployment(3));
  std::string streamed = RenderTo(ReportFormat::kJson, with);
  EXPECT_EQ(streamed, ReportToJson(with).dump(2) + "\n");
  json d = json::parse(streamed)["deployments"][0];
  EXPECT_EQ(d["target_layer"], 3);
  EXPECT_TRUE(d["next_layer"].is_null());
  // Sorted: after "questions", the last key.
  EXPECT_LT(streamed.find("\"questions\""), streamed.find("\"target_layer\""));

  Report without = ReportOf(Layer3Deployment(0));
  std::string plain = RenderTo(ReportFormat::kJson, without);
  EXPECT_EQ(plain, ReportToJson(without).dump(2) + "\n");
  EXPECT_EQ(plain.find("target_layer"), std::string::npos);
  EXPECT_EQ(json::parse(plain)["deployments"][0]["next_layer"]["layer"], 4);
}

TEST(TargetReports, ThePlanSaysTheTargetIsMetRatherThanTheTopLayer) {
  Report met = ReportOf(Layer3Deployment(3));
  const std::string sentence = "Meets its target, layer 3 (fine-tuning): no plan beyond it.";
  for (ReportFormat f : {ReportFormat::kMarkdown, ReportFormat::kHtml, ReportFormat::kText}) {
    std::string out = RenderTo(f, met);
    EXPECT_NE(out.find(sentence), std::string::npos) << out;
    EXPECT_EQ(out.find("Reaches the top layer"), std::string::npos);
    EXPECT_EQ(out.find("To reach layer 4"), std::string::npos);
  }
  std::string text = RenderTo(ReportFormat::kText, met);
  EXPECT_NE(text.find("target:   layer 3 — met"), std::string::npos) << text;
  EXPECT_NE(text.find("above the target layer 3, not gating: SOV-4.1 FAIL (1 model)"),
            std::string::npos) << text;

  std::string aiming = RenderTo(ReportFormat::kMarkdown, ReportOf(Layer3Deployment(4)));
  EXPECT_NE(aiming.find("**To reach layer 4 (base model)**"), std::string::npos) << aiming;
  EXPECT_EQ(RenderTo(ReportFormat::kText, ReportOf(Layer3Deployment(0))).find("target:"),
            std::string::npos);
}

}  // namespace
}  // namespace sov
