// Weights verified where they live (issue 18): `verify`/`digest --attest` write SLSA VSAs on
// the machine that holds the weights; `audit --evidence` on a runner without them accepts a
// trusted, fresh PASSED one for each model's pin, exits 3 on a trusted FAILED one, and names why
// anything else is not evidence.
#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "src/util/date.h"
#include "src/util/encoding.h"
#include "tests/dsse_payload.h"
#include "tests/oms_test_util.h"
#include "tests/run_binary.h"
#include "tests/temp_dir.h"

namespace sov {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace oms::testing;  // NOLINT: keys, files and digests of the signing tests
using namespace test;          // NOLINT: RunBinary, TempDir

const fs::path kSigned = fs::path(SOVAUDIT_SOURCE_DIR) / "fixtures/signed-model";
const fs::path kSha = fs::path(SOVAUDIT_SOURCE_DIR) / "fixtures/layer3-finetune";

std::string DaysFromNow(int days) {
  return DateOfUnixSeconds(static_cast<int64_t>(std::time(nullptr)) + days * 86400LL).ToString();
}

// A copy of `fixture` as a CI runner has it: every weight file gone, signatures kept.
fs::path CiCopy(const fs::path& fixture, const fs::path& to) {
  fs::copy(fixture, to, fs::copy_options::recursive);
  std::vector<fs::path> gone;
  for (const auto& e : fs::recursive_directory_iterator(to / "weights")) {
    if (e.is_regular_file() && e.path().extension() != ".sig") gone.push_back(e.path());
  }
  for (const fs::path& p : gone) fs::remove(p);
  return to;
}

class Evidence : public ::testing::Test {
 protected:
  void SetUp() override {
    key_ = GenerateKey(dir_.path(), "P-256");
    evidence_ = dir_.path() / "evidence";
    fs::create_directories(evidence_);
  }
  // verify --attest for both models of the signed fixture, where the weights are.
  void AttestSignedModels(const fs::path& out, const KeyFiles& key) {
    const fs::path w = kSigned / "weights";
    BinaryResult a = RunBinary({"verify", (w / "aoba-helpdesk-3.7b").string(), "--signature",
                                (w / "aoba-helpdesk-3.7b/model.sig").string(), "--public-key",
                                (kSigned / "keys/helpdesk-signing-key.pub.pem").string(), "--attest",
                                key.private_pem.string(), "--attestation", (out / "aoba.json").string()});
    ASSERT_EQ(a.code, 0) << a.err;
    BinaryResult b = RunBinary({"verify", (w / "llm-jp-3-13b-instruct.safetensors").string(), "--signature",
                                (w / "llm-jp-3-13b-instruct.safetensors.sig").string(), "--certificate-chain",
                                (kSigned / "keys/root-ca.pem").string(), "--attest", key.private_pem.string(),
                                "--attestation", (out / "llm.json").string()});
    ASSERT_EQ(b.code, 0) << b.err;
  }
  // audit of `ci` with the evidence; the JSON report is parsed into report_.
  BinaryResult Audit(const fs::path& ci, std::vector<std::string> extra) {
    fs::path out = dir_.path() / "report.json";
    std::vector<std::string> args = {"audit", ci.string(), "--require-layer", "3", "--format", "json",
                                     "-o", out.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    BinaryResult r = RunBinary(args);
    report_ = fs::exists(out) ? json::parse(ReadFile(out)) : json();
    fs::remove(out);
    return r;
  }
  // The SOV-3.5 finding of model `id`.
  json Finding35(const std::string& id) {
    for (const json& f : report_["deployments"][0]["findings"]) {
      if (f["rule"] == "SOV-3.5" && f["subject"] == "models/" + id) return f;
    }
    ADD_FAILURE() << "no SOV-3.5 finding for " << id;
    return json();
  }
  std::vector<std::string> With(const fs::path& evidence, const KeyFiles& key, const std::string& as_of) {
    return {"--evidence", evidence.string(), "--evidence-key", key.public_pem.string(), "--as-of", as_of};
  }

  test::TempDir dir_;
  KeyFiles key_;
  fs::path evidence_;
  json report_;
};

TEST_F(Evidence, ARunnerWithoutTheWeightsReachesItsLayerFromAttestations) {
  AttestSignedModels(evidence_, key_);
  fs::path ci = CiCopy(kSigned, dir_.path() / "ci");
  BinaryResult without = Audit(ci, {"--as-of", DaysFromNow(0)});
  EXPECT_EQ(without.code, 1) << without.err;  // SOV-3.5 unknown: layer 2
  EXPECT_EQ(Finding35("aoba-helpdesk-3.7b")["status"], "unknown");
  EXPECT_NE(Finding35("aoba-helpdesk-3.7b")["message"].get<std::string>().find("not here"), std::string::npos);

  BinaryResult with = Audit(ci, With(evidence_, key_, DaysFromNow(0)));
  EXPECT_EQ(with.code, 0) << with.err;
  EXPECT_EQ(report_["deployments"][0]["achieved_layer"], 5);
  for (const char* id : {"aoba-helpdesk-3.7b", "llm-jp-3-13b-instruct"}) {
    json f = Finding35(id);
    EXPECT_EQ(f["status"], "pass") << id;
    EXPECT_EQ(f["evidence"], "attested") << id;
    std::string m = f["message"];
    EXPECT_NE(m.find("attested"), std::string::npos) << m;
    EXPECT_NE(m.find("file://"), std::string::npos) << m;  // where they were verified
  }
  // The evidence is an input of the audit.
  int listed = 0;
  for (const json& in : report_["inputs"]) listed += in["path"].get<std::string>().find("evidence") != std::string::npos;
  EXPECT_EQ(listed, 2);
  // And the runner with the weights agrees without evidence.
  EXPECT_EQ(Audit(kSigned, {"--as-of", DaysFromNow(0)}).code, 0);
}

TEST_F(Evidence, StaleUntrustedForgedOrForeignEvidenceIsNotEvidence) {
  AttestSignedModels(evidence_, key_);
  fs::path ci = CiCopy(kSigned, dir_.path() / "ci");
  auto message = [&](const std::string& id) { return Finding35(id)["message"].get<std::string>(); };

  EXPECT_EQ(Audit(ci, With(evidence_, key_, DaysFromNow(40))).code, 1);
  EXPECT_NE(message("aoba-helpdesk-3.7b").find("stale: 40 days old, at most 30"), std::string::npos)
      << message("aoba-helpdesk-3.7b");
  std::vector<std::string> longer = With(evidence_, key_, DaysFromNow(40));
  longer.insert(longer.end(), {"--evidence-max-age", "45"});
  EXPECT_EQ(Audit(ci, longer).code, 0);
  EXPECT_EQ(Audit(ci, With(evidence_, key_, DaysFromNow(-1))).code, 1);
  EXPECT_NE(message("aoba-helpdesk-3.7b").find("after the audit date"), std::string::npos);

  KeyFiles other = GenerateKey(dir_.path(), "P-384");
  EXPECT_EQ(Audit(ci, With(evidence_, other, DaysFromNow(0))).code, 1);
  EXPECT_NE(message("llm-jp-3-13b-instruct").find("not trusted"), std::string::npos)
      << message("llm-jp-3-13b-instruct");

  // Forged: the statement of a FAILED check rewritten to PASSED, the signature kept.
  fs::path forged = dir_.path() / "forged";
  fs::create_directories(forged);
  json bundle = json::parse(ReadFile(evidence_ / "aoba.json"));
  json st = StatementIn(bundle);
  st["predicate"]["timeVerified"] = DaysFromNow(0) + "T00:00:00Z";
  bundle["dsseEnvelope"]["payload"] = Base64Encode(st.dump());
  WriteFile(forged / "aoba.json", bundle.dump());
  EXPECT_EQ(Audit(ci, With(forged, key_, DaysFromNow(0))).code, 1);
  EXPECT_NE(message("aoba-helpdesk-3.7b").find("not trusted"), std::string::npos);

  // Another key's signature over the same files: same root digest, not the manifest's key.
  fs::path resigned = dir_.path() / "resigned";
  fs::copy(kSigned / "weights/aoba-helpdesk-3.7b", resigned, fs::copy_options::recursive);
  fs::remove(resigned / "model.sig");
  ASSERT_EQ(RunBinary({"sign", resigned.string(), "--private-key", other.private_pem.string(), "--signature",
                       (dir_.path() / "other.sig").string()}).code, 0);
  fs::path foreign = dir_.path() / "foreign";
  fs::create_directories(foreign);
  ASSERT_EQ(RunBinary({"verify", resigned.string(), "--signature", (dir_.path() / "other.sig").string(),
                       "--public-key", other.public_pem.string(), "--attest", key_.private_pem.string(),
                       "--attestation", (foreign / "aoba.json").string()}).code, 0);
  EXPECT_EQ(Audit(ci, With(foreign, key_, DaysFromNow(0))).code, 1);
  EXPECT_NE(message("aoba-helpdesk-3.7b").find("not the manifest's key"), std::string::npos)
      << message("aoba-helpdesk-3.7b");
}

TEST_F(Evidence, AFailedAttestationForThePinIsAnIntegrityFailure) {
  fs::path tampered = dir_.path() / "aoba-helpdesk-3.7b";
  fs::copy(kSigned / "weights/aoba-helpdesk-3.7b", tampered, fs::copy_options::recursive);
  fs::path some;
  for (const auto& e : fs::directory_iterator(tampered)) {
    if (e.is_regular_file() && e.path().filename() != "model.sig") some = e.path();
  }
  ASSERT_FALSE(some.empty());
  WriteFile(some, ReadFile(some) + "x");
  BinaryResult v = RunBinary({"verify", tampered.string(), "--signature", (tampered / "model.sig").string(),
                              "--public-key", (kSigned / "keys/helpdesk-signing-key.pub.pem").string(), "--attest",
                              key_.private_pem.string(), "--attestation", (evidence_ / "aoba.json").string()});
  EXPECT_EQ(v.code, 3);
  EXPECT_NE(v.err.find("FAILED"), std::string::npos) << v.err;
  fs::path ci = CiCopy(kSigned, dir_.path() / "ci");
  BinaryResult audit = Audit(ci, With(evidence_, key_, DaysFromNow(0)));
  EXPECT_EQ(audit.code, 3) << audit.err;
  EXPECT_NE(Finding35("aoba-helpdesk-3.7b")["message"].get<std::string>().find("FAILED verification"),
            std::string::npos);
}

TEST_F(Evidence, WholeFilePinsAreAttestedByDigest) {
  fs::path ci = CiCopy(kSha, dir_.path() / "ci");
  for (const auto& e : fs::directory_iterator(kSha / "weights")) {
    BinaryResult d = RunBinary({"digest", e.path().string(), "--attest", key_.private_pem.string(),
                                "--attestation", (evidence_ / (e.path().stem().string() + ".json")).string()});
    ASSERT_EQ(d.code, 0) << d.err;
  }
  EXPECT_EQ(Audit(ci, {"--as-of", DaysFromNow(0)}).code, 1);
  EXPECT_EQ(Audit(ci, With(evidence_, key_, DaysFromNow(0))).code, 0);
  EXPECT_EQ(report_["deployments"][0]["achieved_layer"], 3);

  // digest --expect with another pin: FAILED for that pin, and exit 3 there and in the audit.
  fs::path file = fs::directory_iterator(kSha / "weights")->path();
  BinaryResult wrong = RunBinary({"digest", file.string(), "--attest", key_.private_pem.string(),
                                  "--attestation", (evidence_ / "wrong.json").string(), "--expect",
                                  std::string(64, 'a')});
  EXPECT_EQ(wrong.code, 3);
  json st = StatementOf(evidence_ / "wrong.json");
  EXPECT_EQ(st["predicate"]["verificationResult"], "FAILED");
  EXPECT_EQ(st["subject"][0]["digest"]["sha256"], std::string(64, 'a'));
  // A folder is not a whole-file pin.
  EXPECT_EQ(RunBinary({"digest", (kSha / "weights").string(), "--attest", key_.private_pem.string(),
                       "--attestation", (evidence_ / "dir.json").string()}).code, 2);
  EXPECT_EQ(RunBinary({"audit", ci.string(), "--evidence", evidence_.string()}).code, 2);  // no key
}

}  // namespace
}  // namespace sov

namespace sov {
namespace {

// Review findings of issue 18, each a behaviour that must hold.
TEST_F(Evidence, AFailedResultOfAnotherPolicyIsNotEvidence) {
  // A FAILED sha256-method VSA carrying the root digest of a certificate-pinned model.
  std::string llm_digest;
  {
    json st = StatementOf(kSigned / "weights/llm-jp-3-13b-instruct.safetensors.sig");
    llm_digest = st["subject"][0]["digest"]["sha256"];
  }
  fs::path other = dir_.path() / "llm-jp-3-13b-instruct.safetensors";
  WriteFile(other, "other bytes");
  BinaryResult d = RunBinary({"digest", other.string(), "--attest", key_.private_pem.string(), "--attestation",
                              (evidence_ / "failed.json").string(), "--expect", llm_digest});
  ASSERT_EQ(d.code, 3);
  BinaryResult audit = Audit(kSigned, With(evidence_, key_, DaysFromNow(0)));
  EXPECT_EQ(audit.code, 0) << audit.err;  // verified here, and the foreign FAILED one ignored
  fs::path ci = CiCopy(kSigned, dir_.path() / "ci");
  EXPECT_EQ(Audit(ci, With(evidence_, key_, DaysFromNow(0))).code, 1);
  EXPECT_NE(Finding35("llm-jp-3-13b-instruct")["message"].get<std::string>().find("by sha256"), std::string::npos)
      << Finding35("llm-jp-3-13b-instruct")["message"];
}

TEST_F(Evidence, NothingIsAttestedForASignatureThatDoesNotVerify) {
  KeyFiles other = GenerateKey(dir_.path(), "P-384");
  const fs::path w = kSigned / "weights/aoba-helpdesk-3.7b";
  BinaryResult v = RunBinary({"verify", w.string(), "--signature", (w / "model.sig").string(), "--public-key",
                              other.public_pem.string(), "--attest", key_.private_pem.string(), "--attestation",
                              (evidence_ / "aoba.json").string()});
  EXPECT_EQ(v.code, 3);
  EXPECT_FALSE(fs::exists(evidence_ / "aoba.json"));
  EXPECT_NE(v.err.find("nothing attested"), std::string::npos) << v.err;
}

TEST_F(Evidence, AFolderOfOtherFilesIsNotAnError) {
  AttestSignedModels(evidence_, key_);
  WriteFile(evidence_ / "notes.json", "{\"not\": \"a vsa\"}");
  fs::path ci = CiCopy(kSigned, dir_.path() / "ci");
  BinaryResult r = Audit(ci, With(evidence_, key_, DaysFromNow(0)));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("skipped under --evidence"), std::string::npos) << r.err;
  // Named on its own, it is a malformed input.
  EXPECT_EQ(Audit(ci, With(evidence_ / "notes.json", key_, DaysFromNow(0))).code, 2);
}

TEST_F(Evidence, VerifyPlanKeepsToItsBaseAndSaysWhatIsNotHere) {
  fs::path plan = dir_.path() / "plan.jsonl";
  auto line = [](const std::string& model, const std::string& weights) {
    return "{\"schema\":\"sovaudit/verification-plan/v1\",\"deployment\":\"d\",\"model\":\"" + model +
           "\",\"weights\":\"" + weights + "\",\"sha256\":\"" + std::string(64, 'a') + "\"}\n";
  };
  std::vector<std::string> args = {"verify-plan", plan.string(), "--attestation-dir", evidence_.string(),
                                   "--attest", key_.private_pem.string(), "--base", dir_.path().string()};
  WriteFile(plan, line("m", "../outside.bin"));
  EXPECT_EQ(RunBinary(args).code, 2);
  WriteFile(plan, line("m", "/etc/hostname"));
  EXPECT_EQ(RunBinary(args).code, 2);
  WriteFile(plan, line("m", "a.bin") + line("m", "b.bin"));
  EXPECT_EQ(RunBinary(args).code, 2);  // planned twice
  fs::create_directories(dir_.path() / "empty-model");
  WriteFile(plan, line("m", "empty-model"));
  BinaryResult r = RunBinary(args);
  EXPECT_EQ(r.code, 4) << r.err;
  EXPECT_NE(r.err.find("not here"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::is_empty(evidence_));
}

TEST(EvidenceDates, RealDaysOnly) {
  EXPECT_FALSE(ParseRfc3339("2026-02-31T00:00:00Z").has_value());
  EXPECT_TRUE(ParseRfc3339("2024-02-29T00:00:00Z").has_value());
  Date old = DateOfUnixSeconds(*ParseRfc3339("0999-06-01T00:00:00Z"));
  EXPECT_EQ(old.year, 999);
  EXPECT_EQ(old.month, 6);
  EXPECT_EQ(old.day, 1);
  EXPECT_EQ(DateOfUnixSeconds(-1).ToString(), "1969-12-31");
  EXPECT_EQ(DateOfUnixSeconds(1765065600).ToString(), "2025-12-07");
}

}  // namespace
}  // namespace sov
