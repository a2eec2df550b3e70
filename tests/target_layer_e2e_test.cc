// --target-layer and --fail-on end to end, on the fixtures as of 2026-11-21:
// fixtures/layer3-finetune reaches layer 3 and fails only high and medium rules of layers 4 and
// 5; fixtures/layer2-infrastructure reaches layer 2 and fails SOV-3.2 (high) on layer 3;
// fixtures/layer0-not-sovereign fails SOV-3.5 (critical: an API model has no pin);
// fixtures/overclaim-vendor reaches layer 1 and claims layer 4 (SOV-C.1, critical).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/oms_test_util.h"
#include "tests/run_binary.h"

namespace sov {
namespace {

using nlohmann::json;
using namespace oms::testing;  // NOLINT(build/namespaces)
using test::RunBinary;

const std::string kFixtures = std::string(SOVAUDIT_SOURCE_DIR) + "/fixtures/";

test::BinaryResult Audit(const std::string& fixture, std::vector<std::string> more) {
  std::vector<std::string> args = {"audit", kFixtures + fixture, "--as-of", "2026-11-21",
                                   "--no-config"};
  args.insert(args.end(), more.begin(), more.end());
  return RunBinary(args);
}

bool Has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(TargetLayer, FailOnCountsNoFindingAboveTheTarget) {
  auto without = Audit("layer3-finetune", {"--fail-on", "high"});
  EXPECT_EQ(without.code, 1) << without.err;  // SOV-4.1 (high) fails on layer 4
  EXPECT_TRUE(Has(without.err, "--fail-on high: 'orchard-credit-assistant' has 2 failing or "
                               "unknown findings at or above high\n"))
      << without.err;

  auto target = Audit("layer3-finetune", {"--fail-on", "high", "--target-layer", "3"});
  EXPECT_EQ(target.code, 0) << target.err;
  EXPECT_EQ(target.err, "");

  // Aiming at layer 4 brings SOV-4.1 back into the gate.
  auto four = Audit("layer3-finetune", {"--fail-on", "high", "--target-layer", "4"});
  EXPECT_EQ(four.code, 1) << four.err;
  EXPECT_TRUE(Has(four.err, "at or above high (target layer 4)")) << four.err;
}

TEST(TargetLayer, RequireLayerImpliesTheTarget) {
  auto r = Audit("layer3-finetune", {"--require-layer", "3", "--fail-on", "high",
                                     "--format", "json"});
  EXPECT_EQ(r.code, 0) << r.err;
  json d = json::parse(r.out)["deployments"][0];
  EXPECT_EQ(d["target_layer"], 3);
  EXPECT_TRUE(d["next_layer"].is_null());  // the target is met: no plan beyond it

  auto none = Audit("layer3-finetune", {"--format", "json"});
  json plain = json::parse(none.out)["deployments"][0];
  EXPECT_FALSE(plain.contains("target_layer"));
  EXPECT_EQ(plain["next_layer"]["layer"], 4);

  auto aiming = Audit("layer3-finetune", {"--target-layer", "5", "--format", "json"});
  EXPECT_EQ(json::parse(aiming.out)["deployments"][0]["next_layer"]["layer"], 4);
}

TEST(TargetLayer, ATargetBelowTheRequiredLayerIsAUsageError) {
  auto r = Audit("layer3-finetune", {"--require-layer", "4", "--target-layer", "3"});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_TRUE(Has(r.err, "--target-layer 3 is below --require-layer 4")) << r.err;
  EXPECT_EQ(Audit("layer3-finetune", {"--target-layer", "0"}).code, 2);
  EXPECT_EQ(Audit("layer3-finetune", {"--target-layer", "6"}).code, 2);
  // A target above the required layer is fine.
  EXPECT_EQ(Audit("layer3-finetune", {"--require-layer", "2", "--target-layer", "3"}).code, 0);
}

// The CI job of issue 14: the same command passes on a layer-3 deployment and fails on a
// layer-2 one (docs/ci/ runs it too: tests/ci_examples_test.cc).
TEST(TargetLayer, ALayerThreeGatePassesLayerThreeAndFailsLayerTwo) {
  const std::vector<std::string> gate = {"--require-layer", "3", "--fail-on", "high"};
  auto three = Audit("layer3-finetune", gate);
  EXPECT_EQ(three.code, 0) << three.err;
  auto two = Audit("layer2-infrastructure", gate);
  EXPECT_EQ(two.code, 1) << two.err;
  EXPECT_TRUE(Has(two.err, "--require-layer 3: 'nusantara-faq-assistant' reaches layer 2"));
  // SOV-3.2 (high, layer 3) is within the target and counts.
  EXPECT_TRUE(Has(two.err, "failing or unknown findings at or above high (target layer 3)"))
      << two.err;
}

TEST(FailOn, CountsUnknownFindings) {
  // --no-verify makes SOV-3.5 (critical) unknown for both models; nothing critical fails.
  auto verified = Audit("layer3-finetune", {"--fail-on", "critical"});
  EXPECT_EQ(verified.code, 0) << verified.err;
  auto unverified = Audit("layer3-finetune", {"--fail-on", "critical", "--no-verify"});
  EXPECT_EQ(unverified.code, 1) << unverified.err;
  EXPECT_TRUE(Has(unverified.err, "--fail-on critical: 'orchard-credit-assistant' has 2 failing "
                                  "or unknown findings at or above critical"))
      << unverified.err;
  // Unknown within the target counts too.
  auto target = Audit("layer3-finetune",
                      {"--fail-on", "critical", "--no-verify", "--target-layer", "3"});
  EXPECT_EQ(target.code, 1) << target.err;
}

TEST(FailOn, AcceptsSeveritiesInAnyCase) {
  for (const char* severity : {"HIGH", "High", "hIgH"}) {
    auto r = Audit("layer3-finetune", {"--fail-on", severity});
    EXPECT_EQ(r.code, 1) << severity << ": " << r.err;
    EXPECT_TRUE(Has(r.err, "sovaudit: gate: --fail-on high: ")) << r.err;  // normalised
  }
  EXPECT_EQ(Audit("layer3-finetune", {"--fail-on", "severe"}).code, 2);
}

TEST(TargetLayer, ClaimsWaiversAndIntegrityCountAboveTheTarget) {
  // SOV-3.5 fails (layer 3) above a target of 1: still counted.
  auto integrity = Audit("layer0-not-sovereign", {"--target-layer", "1", "--fail-on", "critical"});
  EXPECT_EQ(integrity.code, 1) << integrity.err;
  EXPECT_TRUE(Has(integrity.err, "has 1 failing or unknown finding at or above critical"))
      << integrity.err;
  // The overclaim (SOV-C.1) counts whatever the target.
  auto claim = Audit("overclaim-vendor", {"--target-layer", "1", "--fail-on", "critical"});
  EXPECT_EQ(claim.code, 1) << claim.err;

  // An expired waiver of a layer-4 finding is a SOV-W.1 finding (medium) that counts, though
  // the finding it waived is above the target; the same waiver in force passes.
  TempDir dir;
  auto waivers = [&](const std::string& expires) {
    WriteFile(dir.path() / "w.yaml",
              "apiVersion: sovaudit/v1\nkind: Waivers\nwaivers:\n  - rule: SOV-4.1\n"
              "    subject: models/orchard-credit-8b\n    owner: cio\n    reason: later\n"
              "    expires: " + expires + "\n");
    return Audit("layer3-finetune", {"--target-layer", "3", "--fail-on", "medium", "--waivers",
                                     (dir.path() / "w.yaml").string()});
  };
  auto expired = waivers("2026-01-31");
  EXPECT_EQ(expired.code, 1) << expired.err;
  EXPECT_TRUE(Has(expired.err, "has 1 failing or unknown finding at or above medium"))
      << expired.err;
  auto active = waivers("2027-01-31");
  EXPECT_EQ(active.code, 0) << active.err;
}

TEST(TargetLayer, SarifNotesAndJunitSkipsForFindingsAboveTheTarget) {
  TempDir dir;
  auto p = [&](const char* name) { return (dir.path() / name).string(); };
  auto r = Audit("layer3-finetune", {"--target-layer", "3", "--format", "sarif", "-o",
                                     p("r.sarif"), "--format", "junit", "-o", p("r.xml")});
  ASSERT_EQ(r.code, 0) << r.err;
  json sarif = json::parse(oms::testing::ReadFile(dir.path() / "r.sarif"));
  const json& results = sarif["runs"][0]["results"];
  ASSERT_FALSE(results.empty());
  for (const json& res : results) {
    EXPECT_EQ(res["level"], "note") << res["ruleId"];
    EXPECT_EQ(res["properties"]["above_target_layer"], 3) << res["ruleId"];
  }
  std::string xml = oms::testing::ReadFile(dir.path() / "r.xml");
  EXPECT_FALSE(Has(xml, "<failure")) << xml;
  EXPECT_TRUE(Has(xml, "<skipped message=\"above the target layer 3: ")) << xml;

  auto plain = Audit("layer3-finetune", {"--format", "junit"});
  EXPECT_TRUE(Has(plain.out, "<failure type=\"high\"")) << "without a target, as before";
}

TEST(TargetLayer, ComesFromTheConfigFileAndDiffReadsItsReports) {
  TempDir dir;
  WriteFile(dir.path() / ".sovaudit.yaml",
            "audit:\n  paths: [" + kFixtures + "layer3-finetune]\n  as-of: 2026-11-21\n"
            "  target-layer: 3\n  fail-on: HIGH\n");
  auto r = RunBinary({"audit", "--format", "json", "-o", "t.json"}, dir.path());
  EXPECT_EQ(r.code, 0) << r.err;
  json report = json::parse(oms::testing::ReadFile(dir.path() / "t.json"));
  EXPECT_EQ(report["deployments"][0]["target_layer"], 3);

  auto flag_wins = RunBinary({"audit", "--target-layer", "4"}, dir.path());
  EXPECT_EQ(flag_wins.code, 1) << flag_wins.err;
  EXPECT_TRUE(Has(flag_wins.err, "--fail-on high: ")) << flag_wins.err;

  // sovaudit diff reads a report with target_layer, against one without.
  auto plain = RunBinary({"audit", "--no-config", kFixtures + "layer3-finetune", "--as-of",
                          "2026-11-21", "--format", "json", "-o", "p.json"},
                         dir.path());
  ASSERT_EQ(plain.code, 0) << plain.err;
  auto diff = RunBinary({"diff", "p.json", "t.json", "--fail-on-regression"}, dir.path());
  EXPECT_EQ(diff.code, 0) << diff.err << diff.out;

  WriteFile(dir.path() / ".sovaudit.yaml", "audit:\n  target-layer: 7\n");
  auto bad = RunBinary({"audit", kFixtures + "layer3-finetune"}, dir.path());
  EXPECT_EQ(bad.code, 2) << bad.err;
  EXPECT_TRUE(Has(bad.err, ".sovaudit.yaml:2:17: 'audit.target-layer'")) << bad.err;
}

}  // namespace
}  // namespace sov
