// Waivers end to end: `audit --waivers` on fixtures/overclaim-vendor, whose layer 2 is blocked
// by exactly SOV-2.2 (two platforms) and SOV-2.3 (one KMS), and on a tampered copy of
// fixtures/layer1-hosting.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/oms_test_util.h"
#include "tests/run_binary.h"

namespace sov {
namespace {

using nlohmann::json;
using namespace oms::testing;  // NOLINT(build/namespaces)
using test::RunBinary;

std::string Waiver(const std::string& rule, const std::string& subject,
                   const std::string& expires) {
  return "  - rule: " + rule + "\n    subject: " + subject +
         "\n    owner: cio-office\n    reason: domestic cloud migration contracted\n"
         "    expires: " + expires + "\n    reference: CHG-2291\n";
}

std::string File(const std::string& entries) {
  return "apiVersion: sovaudit/v1\nkind: Waivers\nwaivers:\n" + entries;
}

const json* FindingOf(const json& d, const std::string& rule, const std::string& subject) {
  for (const json& f : d["findings"]) {
    if (f["rule"] == rule && f["subject"] == subject) return &f;
  }
  return nullptr;
}

class WaiverE2E : public ::testing::Test {
 protected:
  test::BinaryResult Audit(const std::string& waivers, std::vector<std::string> more = {}) {
    WriteFile(dir_.path() / "waivers.yaml", waivers);
    std::vector<std::string> args = {"audit", "fixtures/overclaim-vendor", "--as-of",
                                     "2026-11-21", "--waivers",
                                     (dir_.path() / "waivers.yaml").string()};
    args.insert(args.end(), more.begin(), more.end());
    return RunBinary(args);
  }
  TempDir dir_;
};

TEST_F(WaiverE2E, WaivingEveryBlockerOfLayerTwoReachesItAndTheFindingsStayVisible) {
  auto r = Audit(File(Waiver("SOV-2.2", "infrastructure/kijang-gpu-kul", "2027-03-31") +
                      Waiver("SOV-2.2", "infrastructure/kijang-storage-kul", "2027-03-31") +
                      Waiver("SOV-2.3", "datasets/member-contacts", "2027-03-31")),
                 {"--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  json d = json::parse(r.out)["deployments"][0];
  EXPECT_EQ(d["achieved_layer"], 2);
  const json* f = FindingOf(d, "SOV-2.2", "infrastructure/kijang-gpu-kul");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ((*f)["status"], "waived");
  EXPECT_EQ((*f)["waiver"]["owner"], "cio-office");
  EXPECT_EQ((*f)["waiver"]["expires"], "2027-03-31");
  EXPECT_EQ((*f)["waiver"]["location"]["line"], 4);
  EXPECT_EQ(d["layers"][1]["status"], "pass");
  EXPECT_EQ(json::parse(r.out)["portfolio"]["waived_findings"], 3);

  auto without = RunBinary({"audit", "fixtures/overclaim-vendor", "--as-of", "2026-11-21",
                            "--format", "json"});
  EXPECT_EQ(json::parse(without.out)["deployments"][0]["achieved_layer"], 1);
}

TEST_F(WaiverE2E, WaivedFindingsAreSarifSuppressionsAndJunitSkips) {
  std::string w = File(Waiver("SOV-2.2", "infrastructure/kijang-gpu-kul", "2027-03-31"));
  auto sarif = Audit(w, {"--format", "sarif"});
  ASSERT_EQ(sarif.code, 0) << sarif.err;
  int suppressed = 0;
  json parsed = json::parse(sarif.out);
  for (const json& res : parsed["runs"][0]["results"]) {
    if (!res.contains("suppressions")) continue;
    ++suppressed;
    EXPECT_EQ(res["ruleId"], "SOV-2.2");
    const json& s = res["suppressions"][0];
    EXPECT_EQ(s["kind"], "external");
    EXPECT_EQ(s["status"], "accepted");
    EXPECT_EQ(s["justification"], "domestic cloud migration contracted");
    EXPECT_EQ(s["properties"]["owner"], "cio-office");
  }
  EXPECT_EQ(suppressed, 1);
  auto junit = Audit(w, {"--format", "junit"});
  EXPECT_NE(junit.out.find("<skipped message=\"waived by cio-office until 2027-03-31"),
            std::string::npos);
  auto text = Audit(w);
  EXPECT_NE(text.out.find("Waived (1)"), std::string::npos) << text.out;
}

TEST_F(WaiverE2E, AnExpiredWaiverNoLongerAppliesAndIsReported) {
  auto r = Audit(File(Waiver("SOV-2.2", "infrastructure/kijang-gpu-kul", "2026-11-20")),
                 {"--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  json report = json::parse(r.out);
  json d = report["deployments"][0];
  EXPECT_EQ((*FindingOf(d, "SOV-2.2", "infrastructure/kijang-gpu-kul"))["status"], "fail");
  const json* w1 = FindingOf(d, "SOV-W.1", "waivers/SOV-2.2:infrastructure/kijang-gpu-kul");
  ASSERT_NE(w1, nullptr) << d["findings"].dump();
  EXPECT_EQ((*w1)["status"], "fail");
  EXPECT_EQ((*w1)["layer"], 0);
  EXPECT_EQ((*w1)["location"]["line"], 4);
  EXPECT_EQ(report["waivers"][0]["state"], "expired");
  EXPECT_NE(r.err.find("expired on 2026-11-20"), std::string::npos) << r.err;
  EXPECT_EQ(d["achieved_layer"], 1);
}

TEST_F(WaiverE2E, AWaiverFindingCountsForFailOnButNotForTheLayers) {
  // fixtures/layer5-end-to-end passes every rule: only the expired waiver can fail.
  WriteFile(dir_.path() / "w.yaml", File(Waiver("SOV-2.1", "infrastructure/abci", "2026-01-01")));
  std::vector<std::string> args = {"audit", "fixtures/layer5-end-to-end", "--as-of", "2026-11-21",
                                   "--fail-on", "medium"};
  EXPECT_EQ(RunBinary(args).code, 0);
  args.insert(args.end(), {"--waivers", (dir_.path() / "w.yaml").string(), "--format", "json"});
  auto r = RunBinary(args);
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("--fail-on medium"), std::string::npos) << r.err;
  EXPECT_EQ(json::parse(r.out)["deployments"][0]["achieved_layer"], 5);
}

TEST_F(WaiverE2E, AMalformedWaiverIsAFindingAndAMalformedFileAnError) {
  auto r = Audit(File("  - rule: SOV-2.2\n    subject: infrastructure/kijang-gpu-kul\n"
                      "    owner: cio-office\n    expires: 2027-01-01\n"),
                 {"--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  json d = json::parse(r.out)["deployments"][0];
  EXPECT_EQ((*FindingOf(d, "SOV-2.2", "infrastructure/kijang-gpu-kul"))["status"], "fail");
  const json* w2 = FindingOf(d, "SOV-W.2", "waivers/SOV-2.2:infrastructure/kijang-gpu-kul");
  ASSERT_NE(w2, nullptr);
  EXPECT_NE((*w2)["message"].get<std::string>().find("reason"), std::string::npos);

  auto bad = Audit("apiVersion: sovaudit/v1\nkind: Waiver\nwaivers: []\n");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("waivers.yaml:2:7:"), std::string::npos) << bad.err;
  auto missing = RunBinary({"audit", "fixtures/overclaim-vendor", "--waivers", "/nonexistent.yaml"});
  EXPECT_EQ(missing.code, 2);
}

TEST(WaiverIntegrity, AWaiverNeverHidesTamperedWeights) {
  TempDir dir;
  oms::testing::CopyWritable(std::string(SOVAUDIT_SOURCE_DIR) + "/fixtures/layer1-hosting",
                             dir.path() / "stack");
  std::filesystem::path weights;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir.path() / "stack/weights")) {
    if (e.is_regular_file()) weights = e.path();
  }
  ASSERT_FALSE(weights.empty());
  oms::testing::FlipByte(weights, 10);
  WriteFile(dir.path() / "w.yaml",
            File(Waiver("SOV-3.5", "models/merlion-claims-8b", "2027-01-01")));
  auto r = RunBinary({"audit", (dir.path() / "stack").string(), "--as-of", "2026-11-21",
                      "--waivers", (dir.path() / "w.yaml").string(), "--format", "json"});
  EXPECT_EQ(r.code, 3) << r.err;
  json d = json::parse(r.out)["deployments"][0];
  const json* f = FindingOf(d, "SOV-3.5", "models/merlion-claims-8b");
  ASSERT_NE(f, nullptr) << d["findings"].dump();
  // Integrity cannot be waived: SOV-3.5 stays fail, the waiver is itself a SOV-W.2 finding,
  // and the headline never says the tampered stack reaches layer 3 or more.
  EXPECT_EQ((*f)["status"], "fail");
  EXPECT_TRUE(d["integrity_failure"].get<bool>());
  const json* w2 = FindingOf(d, "SOV-W.2", "waivers/SOV-3.5:models/merlion-claims-8b");
  ASSERT_NE(w2, nullptr) << d["findings"].dump();
  EXPECT_NE((*w2)["message"].get<std::string>().find("integrity cannot be waived"),
            std::string::npos)
      << (*w2)["message"];
  EXPECT_LT(d["achieved_layer"].get<int>(), 3);

  // While the weights cannot be checked (--no-verify: unknown), the same waiver applies.
  auto unchecked = RunBinary({"audit", (dir.path() / "stack").string(), "--as-of", "2026-11-21",
                              "--waivers", (dir.path() / "w.yaml").string(), "--format", "json",
                              "--no-verify"});
  EXPECT_EQ(unchecked.code, 0) << unchecked.err;
  json u = json::parse(unchecked.out)["deployments"][0];
  const json* g = FindingOf(u, "SOV-3.5", "models/merlion-claims-8b");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ((*g)["status"], "waived");
  EXPECT_EQ(FindingOf(u, "SOV-W.2", "waivers/SOV-3.5:models/merlion-claims-8b"), nullptr);
}

}  // namespace
}  // namespace sov

namespace sov {
namespace {

TEST(WaiverValidate, ValidateChecksEveryEntryOfAWaiverFile) {
  oms::testing::TempDir dir;
  oms::testing::WriteFile(dir.path() / "ok.yaml",
                          File(Waiver("SOV-2.2", "infrastructure/a", "2027-01-01")));
  oms::testing::WriteFile(dir.path() / "bad.yaml",
                          File(Waiver("SOV-2.2", "infrastructure/a", "2027-01-01") +
                               "  - rule: SOV-2.3\n    subject: datasets/d\n    owner: x\n"
                               "    reason: y\n    expires: 31/12/2027\n"));
  auto ok = test::RunBinary({"validate", (dir.path() / "ok.yaml").string()});
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_NE(ok.out.find("ok.yaml: ok"), std::string::npos);
  auto bad = test::RunBinary({"validate", dir.path().string()});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("bad.yaml:14:14:"), std::string::npos) << bad.err;
  EXPECT_NE(bad.out.find("ok.yaml: ok"), std::string::npos) << bad.out;
}

}  // namespace
}  // namespace sov
