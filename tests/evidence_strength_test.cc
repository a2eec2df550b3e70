// Evidence strength (issue 18, spec/evidence.md): every finding says what it rests on, every
// report format tallies the passing ones per deployment, and --min-evidence turns a pass that
// rests on weaker evidence into unknown.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/run_binary.h"
#include "tests/temp_dir.h"

namespace sov {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::BinaryResult;
using test::RunBinary;

const char* const kKinds[] = {"declared", "documented", "attested", "verified"};

json AuditJson(const std::string& fixture, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"audit", fixture, "--as-of", "2026-12-01", "--format", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  BinaryResult r = RunBinary(args);
  EXPECT_TRUE(r.code == 0 || r.code == 1) << r.err;
  return json::parse(r.out);
}

std::map<std::string, std::string> EvidenceByRule(const json& d, const std::string& subject) {
  std::map<std::string, std::string> out;
  for (const json& f : d["findings"]) {
    if (f["subject"] == subject) out[f["rule"]] = f["evidence"];
  }
  return out;
}

TEST(EvidenceStrength, EveryFindingSaysWhatItRestsOnAndTheTallyCountsThePasses) {
  for (const char* fixture : {"fixtures/layer3-finetune", "fixtures/imported-provenance",
                              "fixtures/signed-model", "fixtures/bank"}) {
    json r = AuditJson(fixture);
    for (const json& d : r["deployments"]) {
      std::map<std::string, int> passing;
      for (const json& f : d["findings"]) {
        std::string e = f["evidence"];
        EXPECT_TRUE(e == "declared" || e == "documented" || e == "attested" || e == "verified") << e;
        if (f["status"] == "pass") ++passing[e];
      }
      for (const char* k : kKinds) EXPECT_EQ(d["evidence"][k], passing[k]) << fixture << " " << k;
    }
  }
}

TEST(EvidenceStrength, WeightsHashedHereAreVerifiedAndDocumentsAreDocumented) {
  json d = AuditJson("fixtures/layer3-finetune")["deployments"][0];
  EXPECT_EQ(EvidenceByRule(d, "models/orchard-credit-8b")["SOV-3.5"], "verified");
  EXPECT_EQ(EvidenceByRule(d, "datasets/loan-applications")["SOV-1.1"], "declared");
  // Its lineage is a vendor's provenance YAML: declared, however documented the catalogue root.
  EXPECT_EQ(EvidenceByRule(d, "models/orchard-credit-8b")["SOV-3.3"], "declared");
  json unverified = AuditJson("fixtures/layer3-finetune", {"--no-verify"})["deployments"][0];
  EXPECT_EQ(EvidenceByRule(unverified, "models/orchard-credit-8b")["SOV-3.5"], "declared");
  // A model whose provenance is a Hugging Face card, its base a catalogue entry: documented.
  json imported = AuditJson("fixtures/imported-provenance")["deployments"][0];
  EXPECT_EQ(EvidenceByRule(imported, "models/qwen2.5-7b-instruct")["SOV-3.3"], "documented");
}

TEST(EvidenceStrength, MinEvidenceTurnsPassesOnDeclarationsIntoUnknowns) {
  json plain = AuditJson("fixtures/layer3-finetune")["deployments"][0];
  json strict = AuditJson("fixtures/layer3-finetune", {"--min-evidence", "documented"})["deployments"][0];
  ASSERT_EQ(plain["findings"].size(), strict["findings"].size());
  int turned = 0;
  for (size_t i = 0; i < plain["findings"].size(); ++i) {
    const json& a = plain["findings"][i];
    const json& b = strict["findings"][i];
    ASSERT_EQ(a["rule"], b["rule"]);
    if (a["status"] == "pass" && a["evidence"] == "declared" && a["rule"] != "SOV-C.1") {
      EXPECT_EQ(b["status"], "unknown") << a["rule"] << " " << a["subject"];
      EXPECT_NE(b["message"].get<std::string>().find("--min-evidence asks for documented"), std::string::npos);
      ++turned;
    } else {
      EXPECT_EQ(a["status"], b["status"]) << a["rule"] << " " << a["subject"];
    }
  }
  EXPECT_GT(turned, 10);
  EXPECT_LT(strict["achieved_layer"].get<int>(), plain["achieved_layer"].get<int>());
  EXPECT_EQ(EvidenceByRule(strict, "models/orchard-credit-8b")["SOV-3.5"], "verified");
  EXPECT_EQ(RunBinary({"audit", "fixtures/layer3-finetune", "--min-evidence", "sworn"}).code, 2);
}

TEST(EvidenceStrength, EveryReportFormatTalliesIt) {
  test::TempDir dir;
  std::vector<std::string> args = {"audit", "fixtures/layer3-finetune", "--as-of", "2026-12-01"};
  for (const char* f : {"text", "markdown", "html", "junit", "sarif"}) {
    args.insert(args.end(), {"--format", f, "-o", (dir.path() / f).string()});
  }
  BinaryResult r = RunBinary(args);
  ASSERT_EQ(r.code, 0) << r.err;
  json d = AuditJson("fixtures/layer3-finetune")["deployments"][0];
  int total = 0;
  for (const char* k : kKinds) total += d["evidence"][k].get<int>();
  std::string line = std::to_string(total) + " passing findings rest on: " +
                     std::to_string(d["evidence"]["verified"].get<int>()) + " verified, " +
                     std::to_string(d["evidence"]["attested"].get<int>()) + " attested, " +
                     std::to_string(d["evidence"]["documented"].get<int>()) + " documented, " +
                     std::to_string(d["evidence"]["declared"].get<int>()) + " declared";
  for (const char* f : {"text", "markdown", "html"}) {
    EXPECT_NE(test::SlurpFile(dir.path() / f).find(line), std::string::npos) << f << ": " << line;
  }
  std::string junit = test::SlurpFile(dir.path() / "junit");
  EXPECT_NE(junit.find("<property name=\"evidence.verified\" value=\"" +
                       std::to_string(d["evidence"]["verified"].get<int>()) + "\"/>"),
            std::string::npos);
  json sarif = json::parse(test::SlurpFile(dir.path() / "sarif"));
  EXPECT_EQ(sarif["runs"][0]["properties"]["deployments"][0]["evidence"], d["evidence"]);
  for (const json& result : sarif["runs"][0]["results"]) {
    EXPECT_TRUE(result["properties"].contains("evidence"));
  }
}

}  // namespace
}  // namespace sov
