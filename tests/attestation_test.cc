// Audit attestations (issue 18, spec/evidence.md): `audit --attest` signs an in-toto statement
// over the JSON report, every input and every verified model; `attestation verify` checks the
// signature and that the files given are the attested bytes. Digests are compared with
// OpenSSL's of the files on disk; any edited byte of the report, an input or the envelope fails.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

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

const std::string kFixture = "fixtures/layer3-finetune";  // weights pinned by sha256, present

class Attestation : public ::testing::Test {
 protected:
  void SetUp() override { key_ = GenerateKey(dir_.path(), "P-256"); }

  // Audits kFixture with --attest; the report and the attestation land in dir_.
  BinaryResult Audit(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"audit", kFixture, "--as-of", "2026-12-01", "--format", "json",
                                     "-o", Report().string(), "--attest", key_.private_pem.string(),
                                     "--attestation", Att().string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunBinary(args);
  }
  BinaryResult Verify(const fs::path& att, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"attestation", "verify", att.string(), "--public-key",
                                     key_.public_pem.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunBinary(args);
  }
  fs::path Report() const { return dir_.path() / "report.json"; }
  fs::path Att() const { return dir_.path() / "audit.att.json"; }

  test::TempDir dir_;
  KeyFiles key_;
};

TEST_F(Attestation, NamesTheReportEveryInputAndEveryVerifiedModel) {
  BinaryResult audit = Audit();
  ASSERT_EQ(audit.code, 0) << audit.err;
  json st = StatementOf(Att());
  EXPECT_EQ(st["_type"], "https://in-toto.io/Statement/v1");
  EXPECT_EQ(st["predicateType"], "https://sovaudit.dev/attestation/audit/v1");
  const json& subjects = st["subject"];
  ASSERT_GE(subjects.size(), 6u);
  EXPECT_EQ(subjects[0]["name"], "report.json");
  EXPECT_EQ(subjects[0]["digest"]["sha256"], Sha256HexOf(ReadFile(Report())));
  json report = json::parse(ReadFile(Report()));
  size_t inputs = report["inputs"].size();
  ASSERT_EQ(inputs, 3u);  // the manifest and two provenance files
  for (size_t i = 0; i < inputs; ++i) {
    const json& s = subjects[1 + i];
    EXPECT_EQ(s["name"], report["inputs"][i]["path"]);
    EXPECT_EQ(s["digest"]["sha256"], Sha256HexOf(ReadFile(s["name"].get<std::string>())));
  }
  // Both models' weights were hashed against their sha256 pins.
  for (const char* model : {"orchard-credit-8b", "orchard-credit-qwen-7b"}) {
    std::string name = std::string("models/orchard-credit-assistant/") + model;
    auto it = std::find_if(subjects.begin(), subjects.end(), [&](const json& s) { return s["name"] == name; });
    ASSERT_NE(it, subjects.end()) << name;
    fs::path weights = fs::path(kFixture) / "weights" / (std::string(model) + ".safetensors");
    EXPECT_EQ((*it)["digest"]["sha256"], Sha256HexOf(ReadFile(weights))) << name;
  }
  const json& d = st["predicate"]["deployments"][0];
  EXPECT_EQ(d["achieved_layer"], report["deployments"][0]["achieved_layer"]);
  EXPECT_EQ(st["predicate"]["as_of"], "2026-12-01");

  std::vector<std::string> extra = {"--report", Report().string()};
  for (const json& in : report["inputs"]) {
    extra.push_back("--input");
    extra.push_back(in["path"]);
  }
  BinaryResult ok = Verify(Att(), extra);
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_NE(ok.out.find("signature verified, signed by key sha256:"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("orchard-credit-assistant: layer"), std::string::npos) << ok.out;
}

TEST_F(Attestation, AnEditedReportOrInputIsCaught) {
  ASSERT_EQ(Audit().code, 0);
  fs::path edited = dir_.path() / "edited.json";
  std::string text = ReadFile(Report());
  text[text.size() / 2] = text[text.size() / 2] == ' ' ? '\t' : ' ';
  WriteFile(edited, text);
  BinaryResult r = Verify(Att(), {"--report", edited.string()});
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.err.find("changed since the audit"), std::string::npos) << r.err;
  // An input under its attested name, but other bytes: the audit of a copy, then the copy edited.
  fs::path copy = dir_.path() / "fixture";
  fs::copy(kFixture, copy, fs::copy_options::recursive);
  BinaryResult audit = RunBinary({"audit", copy.string(), "--as-of", "2026-12-01", "--format", "json",
                                  "-o", Report().string(), "--attest", key_.private_pem.string(),
                                  "--attestation", Att().string()});
  ASSERT_EQ(audit.code, 0) << audit.err;
  fs::path prov = copy / "provenance/orchard-credit-8b.yaml";
  EXPECT_EQ(Verify(Att(), {"--input", prov.string()}).code, 0);
  WriteFile(prov, ReadFile(prov) + "\n");
  r = Verify(Att(), {"--input", prov.string()});
  EXPECT_EQ(r.code, 3);
  // A file the audit never read is not a subject.
  r = Verify(Att(), {"--input", (copy / "docs/exit-plan.md").string()});
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("not a subject"), std::string::npos) << r.err;
}

TEST_F(Attestation, AForgedOrForeignAttestationIsRejected) {
  ASSERT_EQ(Audit().code, 0);
  json bundle = json::parse(ReadFile(Att()));
  // The statement edited (a better layer), signature kept.
  json st = StatementOf(Att());
  st["predicate"]["deployments"][0]["achieved_layer"] = 5;
  json forged = bundle;
  forged["dsseEnvelope"]["payload"] = Base64Encode(st.dump());
  WriteFile(dir_.path() / "forged.json", forged.dump());
  EXPECT_EQ(Verify(dir_.path() / "forged.json").code, 3);
  // A subject digest changed to another file's.
  st = StatementOf(Att());
  st["subject"][0]["digest"]["sha256"] = std::string(64, 'a');
  forged["dsseEnvelope"]["payload"] = Base64Encode(st.dump());
  WriteFile(dir_.path() / "digest.json", forged.dump());
  EXPECT_EQ(Verify(dir_.path() / "digest.json").code, 3);
  // The signature's bytes changed.
  json flipped = bundle;
  std::string sig = Base64Decode(bundle["dsseEnvelope"]["signatures"][0]["sig"].get<std::string>(), "sig");
  sig[sig.size() / 2] ^= 0x01;
  flipped["dsseEnvelope"]["signatures"][0]["sig"] = Base64Encode(sig);
  WriteFile(dir_.path() / "sig.json", flipped.dump());
  EXPECT_EQ(Verify(dir_.path() / "sig.json").code, 3);
  // Another key.
  KeyFiles other = GenerateKey(dir_.path(), "P-384");
  BinaryResult r = RunBinary({"attestation", "verify", Att().string(), "--public-key",
                              other.public_pem.string()});
  EXPECT_EQ(r.code, 3);
  // Not a bundle, and a bundle of another kind (an OMS model signature): malformed, exit 2.
  WriteFile(dir_.path() / "junk.json", "{\"mediaType\":");
  EXPECT_EQ(Verify(dir_.path() / "junk.json").code, 2);
  fs::path model = dir_.path() / "model.bin";
  WriteFile(model, "weights");
  fs::path oms_sig = dir_.path() / "model.sig";
  ASSERT_EQ(RunBinary({"sign", model.string(), "--private-key", key_.private_pem.string(),
                       "--signature", oms_sig.string()}).code, 0);
  r = Verify(oms_sig);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("not a sovaudit audit attestation"), std::string::npos) << r.err;
}

TEST_F(Attestation, TheCertificateMethodVerifiesAgainstTheAnchors) {
  const fs::path keys = fs::path(SOVAUDIT_SOURCE_DIR) / "fixtures/signed-model/keys";
  BinaryResult audit = RunBinary({"audit", kFixture, "--as-of", "2026-12-01", "--format", "json", "-o",
                                  Report().string(), "--attest", (keys / "judge-signing-key.pem").string(),
                                  "--signing-certificate", (keys / "judge-signing-cert.pem").string(),
                                  "--attestation", Att().string()});
  ASSERT_EQ(audit.code, 0) << audit.err;
  json bundle = json::parse(ReadFile(Att()));
  EXPECT_TRUE(bundle["verificationMaterial"].contains("x509CertificateChain")) << bundle.dump();
  BinaryResult ok = RunBinary({"attestation", "verify", Att().string(), "--certificate-chain",
                               (keys / "root-ca.pem").string(), "--report", Report().string()});
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_NE(ok.out.find("certificate subject"), std::string::npos) << ok.out;
  // Another anchor: the chain does not verify.
  BinaryResult other = RunBinary({"attestation", "verify", Att().string(), "--certificate-chain",
                                  (keys / "judge-signing-cert.pem").string()});
  EXPECT_EQ(other.code, 3) << other.out;
  // A key that is not the certificate's.
  BinaryResult mismatch = RunBinary({"audit", kFixture, "--format", "json", "-o", Report().string(), "--attest",
                                     key_.private_pem.string(), "--signing-certificate",
                                     (keys / "judge-signing-cert.pem").string(), "--attestation", Att().string()});
  EXPECT_EQ(mismatch.code, 2) << mismatch.err;
}

TEST_F(Attestation, NothingIsWrittenWhenTheAttestationCannotBeMade) {
  // No JSON report written to a file: usage error before anything runs.
  BinaryResult r = RunBinary({"audit", kFixture, "--attest", key_.private_pem.string(),
                              "--attestation", Att().string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--format json --output FILE"), std::string::npos) << r.err;
  // A key that is not a private key: no report either.
  r = RunBinary({"audit", kFixture, "--format", "json", "-o", Report().string(), "--attest",
                 key_.public_pem.string(), "--attestation", Att().string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_FALSE(fs::exists(Report()));
  EXPECT_FALSE(fs::exists(Att()));
  EXPECT_EQ(RunBinary({"audit", kFixture, "--attestation", Att().string()}).code, 2);
}

}  // namespace
}  // namespace sov
