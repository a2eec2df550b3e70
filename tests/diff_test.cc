// src/diff on reports built here: reading a report back (schema errors name the JSON pointer,
// syntax errors the line and column), matching, classification and regression.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>

#include "reports/diff_render.h"  // DiffSummaryLine
#include "src/diff/diff.h"
#include "src/diff/snapshot.h"
#include "tests/diff_reports.h"
#include "tests/error_of.h"

namespace sov {
namespace {

using nlohmann::json;
using test::Claim;
using test::ErrorOf;
using test::MakeDeployment;
using test::MakeFinding;
using test::MakeReport;
using test::Snap;

TEST(DiffSnapshot, ReadsTheMembersAndIgnoresOthers) {
  json r = MakeReport({MakeDeployment("a", 2, {MakeFinding("SOV-1.1", "datasets/x", "waived")},
                                      "a.yaml", Claim(4, false))});
  r["portfolio"] = {{"anything", 1}};  // optional members of later reports
  r["waivers"] = json::array({{{"id", "w"}}});
  r["deployments"][0]["next_layer"] = {{"layer", 3}};
  r["deployments"][0]["findings"][0]["waiver"] = {{"id", "w"}};
  ReportSnapshot s = Snap(r);
  EXPECT_EQ(s.as_of, "2026-11-21");
  ASSERT_EQ(s.deployments.size(), 1u);
  const SnapshotDeployment& d = s.deployments[0];
  EXPECT_EQ(d.name, "a");
  EXPECT_EQ(d.file, "a.yaml");
  EXPECT_EQ(d.achieved_layer, 2);
  ASSERT_TRUE(d.claim.has_value());
  EXPECT_EQ(d.claim->layer, 4);
  EXPECT_FALSE(d.claim->holds);
  ASSERT_EQ(d.layers.size(), 5u);
  EXPECT_EQ(d.layers[2].status, Status::kFail);
  ASSERT_EQ(d.findings.size(), 1u);
  EXPECT_EQ(d.findings[0].status, Status::kWaived);
  EXPECT_EQ(d.findings[0].location, (Location{"d.yaml", 4, 3}));
}

TEST(DiffSnapshot, SchemaErrorsNameThePointer) {
  json base = MakeReport({MakeDeployment("a", 1), MakeDeployment("b", 1, {MakeFinding(
                                                                              "R", "s", "fail")})});
  auto error_with = [&](const std::function<void(json&)>& edit) {
    json r = base;
    edit(r);
    return ErrorOf([&] { Snap(r); });
  };
  EXPECT_EQ(error_with([](json& r) { r["deployments"][1]["findings"][0]["status"] = 2; }),
            "r.json: invalid report: /deployments/1/findings/0/status must be a string");
  EXPECT_EQ(error_with([](json& r) { r["deployments"][1]["findings"][0]["status"] = "bad"; }),
            "r.json: invalid report: /deployments/1/findings/0/status is 'bad': must be pass, "
            "fail, unknown, n/a or waived");
  EXPECT_EQ(error_with([](json& r) { r["deployments"][0].erase("name"); }),
            "r.json: invalid report: /deployments/0/name is missing");
  EXPECT_EQ(error_with([](json& r) { r["deployments"][0]["achieved_layer"] = 9; }),
            "r.json: invalid report: /deployments/0/achieved_layer must be an integer from 0 to 5");
  EXPECT_EQ(error_with([](json& r) { r["deployments"][0]["claim"] = "layer 4"; }),
            "r.json: invalid report: /deployments/0/claim must be null or an object");
  EXPECT_EQ(error_with([](json& r) { r["deployments"][0]["claim"] = {{"layer", 4}}; }),
            "r.json: invalid report: /deployments/0/claim/by is missing");
  EXPECT_EQ(error_with([](json& r) {
              r["deployments"][1]["findings"][0]["location"]["line"] = "4";
            }),
            "r.json: invalid report: /deployments/1/findings/0/location/line must be an integer "
            "from 1 to 2147483647");
  EXPECT_EQ(error_with([](json& r) { r["deployments"][0]["layers"][3]["status"] = nullptr; }),
            "r.json: invalid report: /deployments/0/layers/3/status must be a string");
  EXPECT_EQ(error_with([](json& r) { r["deployments"] = json::object(); }),
            "r.json: invalid report: /deployments must be an array");
  EXPECT_EQ(error_with([](json& r) { r["deployments"][1] = 7; }),
            "r.json: invalid report: /deployments/1 must be an object");
  EXPECT_EQ(error_with([](json& r) { r["schema"] = "sovaudit/graph/v1"; }),
            "r.json: invalid report: /schema is 'sovaudit/graph/v1', not 'sovaudit/report/v1'");
  EXPECT_NE(error_with([](json& r) { r.erase("schema"); }).find("/schema is missing"),
            std::string::npos);
  EXPECT_NE(ErrorOf([] { ParseReportSnapshot("[1, 2]", "r.json"); }).find("JSON object"),
            std::string::npos);
}

TEST(DiffSnapshot, SyntaxErrorNamesLineAndColumn) {
  std::string text = "{\n  \"schema\": \"sovaudit/report/v1\",\n  \"as_of\": \"x\",\n}\n";
  std::string e = ErrorOf([&] { ParseReportSnapshot(text, "r.json"); });
  EXPECT_EQ(e.rfind("r.json:4:1: invalid JSON: trailing comma", 0), 0u) << e;
}

const FindingDelta* Find(const DeploymentDelta& d, const std::string& rule) {
  for (const FindingDelta& f : d.findings) {
    if (f.rule == rule) return &f;
  }
  return nullptr;
}

TEST(DiffReports, ClassifiesFindingsByStatusRank) {
  json olds = {MakeFinding("A", "s", "pass"),    MakeFinding("B", "s", "fail"),
               MakeFinding("C", "s", "unknown"), MakeFinding("D", "s", "fail"),
               MakeFinding("E", "s", "unknown"), MakeFinding("F", "s", "fail"),
               MakeFinding("G", "s", "waived"),  MakeFinding("I", "s", "n/a"),
               MakeFinding("J", "s", "pass")};
  json news = {MakeFinding("A", "s", "fail"),    MakeFinding("B", "s", "pass"),
               MakeFinding("C", "s", "fail"),    MakeFinding("D", "s", "unknown"),
               MakeFinding("E", "s", "unknown"), MakeFinding("G", "s", "unknown"),
               MakeFinding("H", "s", "unknown"), MakeFinding("I", "s", "waived"),
               MakeFinding("J", "other", "fail")};
  ReportDiff diff = DiffReports(Snap(MakeReport({MakeDeployment("a", 2, olds)})),
                                Snap(MakeReport({MakeDeployment("a", 2, news)})));
  ASSERT_EQ(diff.deployments.size(), 1u);
  const DeploymentDelta& d = diff.deployments[0];
  auto change = [&](const std::string& rule) -> std::string {
    const FindingDelta* f = Find(d, rule);
    return f ? FindingChangeName(f->change) : "unchanged";
  };
  EXPECT_EQ(change("A"), "new");
  EXPECT_EQ(change("B"), "fixed");
  EXPECT_EQ(change("C"), "worse");
  EXPECT_EQ(change("D"), "better");
  EXPECT_EQ(change("E"), "unchanged");
  EXPECT_EQ(change("F"), "fixed");  // gone from NEW
  EXPECT_FALSE(Find(d, "F")->new_status.has_value());
  EXPECT_EQ(change("G"), "new");    // waived counts as ok
  EXPECT_EQ(change("H"), "new");    // absent from OLD
  EXPECT_FALSE(Find(d, "H")->old_status.has_value());
  EXPECT_EQ(change("I"), "unchanged");
  EXPECT_EQ(change("J"), "new");    // matched by (rule, subject): J/other is not J/s
  EXPECT_EQ(Find(d, "J")->subject, "other");
  // Listed new, worse, better, fixed.
  std::vector<std::string> order;
  for (const FindingDelta& f : d.findings) order.push_back(f.rule);
  EXPECT_EQ(order, (std::vector<std::string>{"A", "G", "H", "J", "C", "D", "B", "F"}));
  EXPECT_TRUE(d.Regressed());
  DiffSummary s = Summarize(diff);
  EXPECT_EQ(s.new_findings, 4u);
  EXPECT_EQ(s.worse, 1u);
  EXPECT_EQ(s.better, 1u);
  EXPECT_EQ(s.fixed, 2u);
}

TEST(DiffReports, OnlyBetterOrFixedIsNoRegression) {
  json olds = {MakeFinding("B", "s", "fail"), MakeFinding("D", "s", "fail")};
  json news = {MakeFinding("B", "s", "pass"), MakeFinding("D", "s", "unknown")};
  ReportDiff diff = DiffReports(Snap(MakeReport({MakeDeployment("a", 2, olds)})),
                                Snap(MakeReport({MakeDeployment("a", 2, news)})));
  EXPECT_FALSE(Summarize(diff).regression);
  EXPECT_TRUE(RegressionReasons(diff).empty());
  EXPECT_TRUE(diff.deployments[0].Changed());
}

TEST(DiffReports, LayersAndClaims) {
  json olds = {MakeDeployment("lost", 3), MakeDeployment("gained", 1),
               MakeDeployment("broke", 2, json::array(), "d.yaml", Claim(2, true)),
               MakeDeployment("claims", 2),
               MakeDeployment("still", 1, json::array(), "d.yaml", Claim(4, false)),
               MakeDeployment("resolved", 1, json::array(), "d.yaml", Claim(4, false))};
  json news = {MakeDeployment("lost", 2), MakeDeployment("gained", 2),
               MakeDeployment("broke", 2, json::array(), "d.yaml", Claim(3, false)),
               MakeDeployment("claims", 2, json::array(), "d.yaml", Claim(4, false)),
               MakeDeployment("still", 1, json::array(), "d.yaml", Claim(4, false)),
               MakeDeployment("resolved", 1, json::array(), "d.yaml", Claim(1, true))};
  ReportDiff diff = DiffReports(Snap(MakeReport(olds)), Snap(MakeReport(news)));
  std::map<std::string, const DeploymentDelta*> by;
  for (const DeploymentDelta& d : diff.deployments) by[d.name] = &d;
  ASSERT_EQ(by.size(), 6u);
  EXPECT_EQ(by["lost"]->layer_change(), LayerChange::kLost);
  EXPECT_TRUE(by["lost"]->Regressed());
  ASSERT_EQ(by["lost"]->layers.size(), 1u);
  EXPECT_EQ(by["lost"]->layers[0].layer, 3);
  EXPECT_EQ(by["gained"]->layer_change(), LayerChange::kGained);
  EXPECT_FALSE(by["gained"]->Regressed());
  EXPECT_TRUE(by["broke"]->NewOverclaim());
  EXPECT_TRUE(by["claims"]->NewOverclaim());
  EXPECT_FALSE(by["still"]->NewOverclaim());
  EXPECT_FALSE(by["still"]->Changed());
  EXPECT_TRUE(by["resolved"]->OverclaimResolved());
  EXPECT_FALSE(by["resolved"]->Regressed());
  DiffSummary s = Summarize(diff);
  EXPECT_EQ(s.lost, 1u);
  EXPECT_EQ(s.gained, 1u);
  EXPECT_EQ(s.new_overclaims, 2u);
  EXPECT_EQ(s.resolved_overclaims, 1u);
  EXPECT_EQ(s.regressed, 3u);
  EXPECT_EQ(s.unchanged, 1u);
  std::vector<std::string> reasons = RegressionReasons(diff);
  ASSERT_EQ(reasons.size(), 3u);
  EXPECT_EQ(reasons[0], "'broke' now overclaims: claims layer 3 and reaches layer 2");
  EXPECT_EQ(reasons[2], "'lost' lost a layer: 3 (label 3) -> 2 (label 2)");
}

TEST(DiffReports, MatchesByNameAndByFileWhenANameRepeats) {
  json olds = {MakeDeployment("moved", 2, json::array(), "old/place.yaml"),
               MakeDeployment("dup", 1, json::array(), "f1.yaml"),
               MakeDeployment("dup", 2, json::array(), "f2.yaml"),
               MakeDeployment("gone", 4)};
  json news = {MakeDeployment("moved", 2, json::array(), "new/place.yaml"),
               MakeDeployment("dup", 1, json::array(), "f2.yaml"),
               MakeDeployment("dup", 3, json::array(), "f3.yaml"),
               MakeDeployment("fresh", 0)};
  ReportDiff diff = DiffReports(Snap(MakeReport(olds)), Snap(MakeReport(news)));
  ASSERT_EQ(diff.deployments.size(), 2u);
  EXPECT_EQ(diff.deployments[0].name, "dup");
  EXPECT_EQ(diff.deployments[0].new_file, "f2.yaml");
  EXPECT_EQ(diff.deployments[0].old_layer, 2);
  EXPECT_EQ(diff.deployments[1].name, "moved");
  EXPECT_EQ(diff.deployments[1].old_file, "old/place.yaml");
  ASSERT_EQ(diff.added.size(), 2u);
  EXPECT_EQ(diff.added[0].name, "dup");
  EXPECT_EQ(diff.added[0].file, "f3.yaml");
  EXPECT_EQ(diff.added[1].name, "fresh");
  ASSERT_EQ(diff.removed.size(), 2u);
  EXPECT_EQ(diff.removed[0].file, "f1.yaml");
  EXPECT_EQ(diff.removed[1].name, "gone");
  EXPECT_EQ(diff.removed[1].achieved_layer, 4);
  // The dup in f2 lost a layer; added and removed deployments are no regression.
  EXPECT_EQ(RegressionReasons(diff).size(), 1u);
  json one = {MakeDeployment("gone", 4)};
  EXPECT_FALSE(Summarize(DiffReports(Snap(MakeReport(one)), Snap(MakeReport(json::array()))))
                   .regression);
}

TEST(DiffReports, RepeatedFindingKeysPairInOrder) {
  json olds = {MakeFinding("R", "s", "fail"), MakeFinding("R", "s", "pass")};
  json news = {MakeFinding("R", "s", "fail"), MakeFinding("R", "s", "pass"),
               MakeFinding("R", "s", "unknown")};
  ReportDiff diff = DiffReports(Snap(MakeReport({MakeDeployment("a", 2, olds)})),
                                Snap(MakeReport({MakeDeployment("a", 2, news)})));
  ASSERT_EQ(diff.deployments[0].findings.size(), 1u);
  EXPECT_EQ(diff.deployments[0].findings[0].change, FindingChange::kNew);
  EXPECT_EQ(diff.deployments[0].findings[0].new_status, Status::kUnknown);
}

TEST(DiffReports, IdenticalReportsHaveNoChange) {
  json r = MakeReport({MakeDeployment("a", 2, {MakeFinding("R", "s", "fail")}, "a.yaml",
                                      Claim(4, false)),
                       MakeDeployment("b", 5)});
  ReportDiff diff = DiffReports(Snap(r), Snap(r));
  DiffSummary s = Summarize(diff);
  EXPECT_EQ(s.matched, 2u);
  EXPECT_EQ(s.unchanged, 2u);
  EXPECT_FALSE(s.regression);
  EXPECT_EQ(DiffSummaryLine(s), "no change; no regression");
}

TEST(DiffReports, RuleIdsCompareNumerically) {
  EXPECT_TRUE(RuleIdLess("SOV-1.2", "SOV-1.10"));
  EXPECT_FALSE(RuleIdLess("SOV-1.10", "SOV-1.2"));
  EXPECT_TRUE(RuleIdLess("SOV-2.1", "SOV-10.1"));
  EXPECT_TRUE(RuleIdLess("ACME-1", "SOV-1"));
  EXPECT_FALSE(RuleIdLess("SOV-1.2", "SOV-1.2"));
}

}  // namespace
}  // namespace sov
