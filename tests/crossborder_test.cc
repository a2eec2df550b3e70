// Edge cases of residency, federated steps and edge fleets (issue 20) that the fixtures do not
// show: raw data to the aggregator beside protected updates (in either order), an endpoint
// silent about what it receives, fleet boxes named in different spellings, a stale FAILED
// summary. Manifests are the crossborder and ph-edge-fleet fixtures, edited in a temporary copy.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <ctime>
#include <string>

#include "src/util/date.h"
#include "tests/oms_test_util.h"
#include "tests/run_binary.h"

namespace sov {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using oms::testing::GenerateKey;
using oms::testing::KeyFiles;
using oms::testing::ReadFile;
using oms::testing::TempDir;
using oms::testing::WriteFile;
using test::BinaryResult;
using test::RunBinary;

const fs::path kSource = SOVAUDIT_SOURCE_DIR;

// The statuses of `rule` on `subject` in the one deployment audited at `dir`.
std::vector<std::string> Statuses(const fs::path& dir, const std::string& rule,
                                  const std::string& subject,
                                  std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"audit", dir.string(), "--format", "json"};
  if (std::find(extra.begin(), extra.end(), "--as-of") == extra.end()) {
    args.insert(args.end(), {"--as-of", "2026-11-21"});
  }
  args.insert(args.end(), extra.begin(), extra.end());
  BinaryResult r = RunBinary(args);
  EXPECT_TRUE(r.code == 0 || r.code == 1) << r.err;
  std::vector<std::string> out;
  const json report = json::parse(r.out);
  for (const json& f : report["deployments"][0]["findings"]) {
    if (f["rule"] == rule && f["subject"] == subject) out.push_back(f["status"]);
  }
  return out;
}

// The federated-protected fixture with a central fine-tune of Philippine files on the
// Singapore aggregator's GPUs, its model listed before or after the federated ones.
fs::path WithCentralStep(const fs::path& dir, bool first) {
  fs::copy(kSource / "fixtures/crossborder/federated-protected", dir, fs::copy_options::recursive);
  std::string yaml = ReadFile(dir / "deployment.yaml");
  std::string central =
      "  - id: central-credit\n"
      "    provenance:\n"
      "      id: central-credit\n"
      "      developer: bank-sg\n"
      "      relation: finetune\n"
      "      base: catalog:aisingapore/Llama-SEA-LION-v3-8B-IT\n"
      "      license: {id: llama3.1}\n"
      "      training: {datasets: [ph-loan-files], operator: bank-sg, infrastructure: [sg-gpu]}\n"
      "    serving: [sg-gpu]\n"
      "    weights: {availability: local}\n";
  size_t at = first ? yaml.find("models:\n") + 8 : yaml.find("\nflows:") + 1;
  yaml.insert(at, first ? central : "models_tail_marker\n");
  if (!first) {
    // Appended to the models list: before `flows:`, after the last model.
    size_t marker = yaml.find("models_tail_marker\n");
    yaml.replace(marker, std::string("models_tail_marker\n").size(), central + "\n");
  }
  WriteFile(dir / "deployment.yaml", yaml);
  return dir;
}

TEST(CrossBorder, RawDataToTheAggregatorIsNotHiddenByProtectedUpdates) {
  for (bool first : {true, false}) {
    TempDir tmp;
    fs::path dir = WithCentralStep(tmp.path() / "dep", first);
    EXPECT_EQ(Statuses(dir, "SOV-1.3", "datasets/ph-loan-files"), std::vector<std::string>{"fail"})
        << (first ? "central model first" : "central model last");
    // Without the central step the same updates pass (they are protected).
    EXPECT_EQ(Statuses(dir, "SOV-1.3", "datasets/my-loan-files"), std::vector<std::string>{"pass"});
  }
}

TEST(CrossBorder, AnEndpointSilentAboutWhatItReceivesIsUnknownOutsideTheResidency) {
  TempDir tmp;
  fs::path dir = tmp.path() / "dep";
  fs::copy(kSource / "fixtures/crossborder/bank-kept", dir, fs::copy_options::recursive);
  std::string yaml = ReadFile(dir / "deployment.yaml");
  // A Singapore log collector (home, but outside the Philippine files' residency).
  yaml.insert(yaml.find("\nflows:") + 1,
              "endpoints:\n  - {id: sg-logs, url: https://logs.example.sg, operator: bank-sg, "
              "location: SG, purpose: logging, required: true}\n\n");
  WriteFile(dir / "deployment.yaml", yaml);
  EXPECT_EQ(Statuses(dir, "SOV-1.3", "datasets/ph-loan-files"), std::vector<std::string>{"unknown"});
  EXPECT_EQ(Statuses(dir, "SOV-1.3", "datasets/sg-loan-files"), std::vector<std::string>{"pass"});
}

class FleetBoxes : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::copy(kSource / "fixtures/ph-edge-fleet", dir(), fs::copy_options::recursive);
    key_ = GenerateKey(tmp_.path(), "P-256");
    fs::create_directories(tmp_.path() / "ev");
  }
  fs::path dir() const { return tmp_.path() / "fleet"; }
  // A VSA of the fleet's GGUF for `uri`, written as ev/NAME.json.
  void Attest(const std::string& name, const std::string& uri) {
    BinaryResult b = RunBinary({"digest", (dir() / "weights/mabini-triage-4b-q4_k_m.gguf").string(),
                                "--attest", key_.private_pem.string(), "--attestation",
                                (tmp_.path() / "ev" / (name + ".json")).string(), "--resource-uri", uri});
    ASSERT_EQ(b.code, 0) << b.err;
  }
  json Audit() {
    BinaryResult r = RunBinary({"audit", dir().string(), "--format", "json", "--as-of",
                                TodayUtc().ToString(), "--evidence", (tmp_.path() / "ev").string(),
                                "--evidence-key", key_.public_pem.string()});
    EXPECT_TRUE(r.code == 0 || r.code == 1 || r.code == 3) << r.err;
    return json::parse(r.out)["deployments"][0];
  }
  TempDir tmp_;
  KeyFiles key_;
};

TEST_F(FleetBoxes, ABoxIsAFileHostWhateverItsUserOrPort) {
  Attest("a", "file://clinic-box-01/opt/m.gguf");
  Attest("b", "file://root@clinic-box-01:22/opt/m.gguf");
  Attest("c", "file://CLINIC-BOX-01/opt/m.gguf");
  Attest("d", "https://clinic-box-02/m.gguf");  // not a box: a web address
  Attest("e", "file://clinic-box-03/opt/m.gguf");
  json d = Audit();
  ASSERT_EQ(d["fleets"].size(), 1u);
  EXPECT_EQ(d["fleets"][0]["attested"], 2) << d["fleets"];
  EXPECT_EQ(d["fleets"][0]["size"], 8);
}

TEST_F(FleetBoxes, EveryBoxAttestedPassesAndTheCoverageIsInTheFinding) {
  for (int i = 1; i <= 8; ++i) Attest("box" + std::to_string(i), "file://box-" + std::to_string(i) + "/m");
  json d = Audit();
  EXPECT_EQ(d["fleets"][0]["attested"], 8);
  for (const json& f : d["findings"]) {
    if (f["rule"] != "SOV-3.5" || f["subject"] != "models/mabini-triage-4b-q4km") continue;
    EXPECT_EQ(f["status"], "pass");
    EXPECT_EQ(f["evidence"], "attested");
    EXPECT_NE(f["message"].get<std::string>().find("8 of 8 boxes attested"), std::string::npos);
  }
}

TEST_F(FleetBoxes, AStaleFailedSummaryIsNoEvidence) {
  // A box whose copy of the weights was altered: its FAILED summary names the pin.
  const std::string pin = "722682effd75a7b3ab0469a8010bd099ccb9494810b38c4d667d98b333df1e78";
  ASSERT_NE(ReadFile(dir() / "deployment.yaml").find(pin), std::string::npos);
  WriteFile(tmp_.path() / "altered.gguf", ReadFile(dir() / "weights/mabini-triage-4b-q4_k_m.gguf") + "x");
  BinaryResult b = RunBinary({"digest", (tmp_.path() / "altered.gguf").string(),
                              "--expect", pin, "--attest", key_.private_pem.string(),
                              "--attestation", (tmp_.path() / "ev" / "failed.json").string(),
                              "--resource-uri", "file://box-9/m"});
  ASSERT_NE(b.code, 0);  // the digest does not match: a FAILED summary is written
  ASSERT_TRUE(fs::exists(tmp_.path() / "ev" / "failed.json")) << b.err;
  // Fresh, a trusted FAILED summary for the pin is an integrity failure (exit 3)...
  BinaryResult fresh = RunBinary({"audit", dir().string(), "--as-of", TodayUtc().ToString(),
                                  "--evidence", (tmp_.path() / "ev").string(), "--evidence-key",
                                  key_.public_pem.string()});
  EXPECT_EQ(fresh.code, 3) << fresh.err;
  // ...sixty days later it is stale, and no evidence at all.
  std::string later = DateOfUnixSeconds(static_cast<int64_t>(std::time(nullptr)) + 60 * 86400LL).ToString();
  BinaryResult stale = RunBinary({"audit", dir().string(), "--as-of", later,
                                  "--evidence", (tmp_.path() / "ev").string(), "--evidence-key",
                                  key_.public_pem.string()});
  EXPECT_NE(stale.code, 3) << stale.err;
}

}  // namespace
}  // namespace sov
