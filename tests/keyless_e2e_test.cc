// End-to-end: keyless (Sigstore) OMS bundles made by the reference model_signing tool
// (tests/data/third_party/sigstore) verified offline by the built binary, as a user runs it:
// `verify` with the signer's identity and issuer, and `audit` over a manifest that pins them.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/minimal_manifest.h"
#include "tests/oms_test_util.h"
#include "tests/run_binary.h"

namespace sov::keyless_e2e {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;
using namespace oms::testing;  // NOLINT(build/namespaces)
using test::RunBinary;

constexpr const char* kDir = "tests/data/third_party/sigstore";
constexpr const char* kIdentity = "stefanb@us.ibm.com";
constexpr const char* kIssuer = "https://sigstore.verify.ibm.com/oauth2";

// `verify` of the reference tool's v1.1.0 (RFC 3161 timestamp) or v1.0.0 bundle.
std::vector<std::string> VerifyArgs(const std::string& version,
                                    const std::vector<std::string>& extra = {}) {
  const std::string dir = std::string(kDir) + "/" + version + "-sigstore";
  std::vector<std::string> args = {"verify", dir, "--signature", dir + "/model.sig"};
  if (version == "v1.1.0") args.insert(args.end(), {"--ignore-paths", dir + "/ignore-me"});
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

std::vector<std::string> Pinned(const std::string& version, const std::string& identity = kIdentity,
                                const std::string& issuer = kIssuer) {
  return VerifyArgs(version, {"--identity", identity, "--identity-provider", issuer});
}

// A writable copy of the reference tool's v1.0.0 bundle and model in `tmp`, for tampering.
fs::path WritableV100(const TempDir& tmp) {
  fs::path copy = tmp.path() / "v1.0.0";
  CopyWritable(fs::path(SOVAUDIT_SOURCE_DIR) / kDir / "v1.0.0-sigstore", copy);
  return copy;
}

// `verify` of such a copy, pinned to the reference signer.
test::BinaryResult VerifyPinned(const fs::path& copy) {
  return RunBinary({"verify", copy.string(), "--signature", (copy / "model.sig").string(),
                    "--identity", kIdentity, "--identity-provider", kIssuer});
}

TEST(KeylessVerify, ReferenceBundlesVerifyOfflineNamingSignerLogAndTimes) {
  for (const char* version : {"v1.1.0", "v1.0.0"}) {
    test::BinaryResult r = RunBinary(Pinned(version));
    ASSERT_EQ(r.code, 0) << version << "\n" << r.err;
    EXPECT_TRUE(Contains(r.out, "keyless (Sigstore)"));
    EXPECT_TRUE(Contains(r.out, std::string("signer:      ") + kIdentity));
    EXPECT_TRUE(Contains(r.out, std::string("OIDC issuer ") + kIssuer));
    EXPECT_TRUE(Contains(r.out, "rekor.sigstore.dev"));
    EXPECT_TRUE(Contains(r.out, "signed at:   20"));
    EXPECT_TRUE(Contains(r.out, "2 signed files, all matching"));
  }
  // v1.1.0 carries an RFC 3161 timestamp beside the Rekor SET: two verified times.
  test::BinaryResult r = RunBinary(Pinned("v1.1.0"));
  size_t line = r.out.find("signed at:");
  ASSERT_NE(line, std::string::npos);
  EXPECT_TRUE(Contains(r.out.substr(line, r.out.find('\n', line) - line), "Z, 20"));
}

TEST(KeylessVerify, ReferenceToolSpellingsAndOfflineAreAccepted) {
  test::BinaryResult r = RunBinary(VerifyArgs(
      "v1.1.0", {"--identity", kIdentity, "--identity_provider", kIssuer, "--trust_config",
                 std::string(kDir) + "/trusted_root.json", "--offline"}));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "trusted_root.json"));
}

TEST(KeylessVerify, WrongIdentityOrIssuerExits3NamingTheCheck) {
  test::BinaryResult id = RunBinary(Pinned("v1.1.0", "mallory@example.com"));
  EXPECT_EQ(id.code, 3) << id.err;
  EXPECT_TRUE(Contains(id.err, "keyless check 'identity' failed"));
  EXPECT_TRUE(Contains(id.err, std::string("the certificate names ") + kIdentity));
  test::BinaryResult issuer = RunBinary(Pinned("v1.1.0", kIdentity, "https://accounts.google.com"));
  EXPECT_EQ(issuer.code, 3) << issuer.err;
  EXPECT_TRUE(Contains(issuer.err, "keyless check 'issuer' failed"));
  // A prefix of the identity is not the identity.
  EXPECT_EQ(RunBinary(Pinned("v1.1.0", "stefanb@us.ibm.co")).code, 3);
}

TEST(KeylessVerify, TamperedModelExits3NamingTheFile) {
  TempDir tmp;
  fs::path copy = WritableV100(tmp);
  FlipByte(copy / "signme-1", 0);
  test::BinaryResult r = VerifyPinned(copy);
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_TRUE(Contains(r.err, "signme-1"));
}

TEST(KeylessVerify, TamperedBundleExits3AtItsCheck) {
  TempDir tmp;
  fs::path copy = WritableV100(tmp);
  json bundle = json::parse(ReadFile(copy / "model.sig"));
  json& entry = bundle["verificationMaterial"]["tlogEntries"][0];
  entry["integratedTime"] = std::to_string(std::stoll(entry["integratedTime"].get<std::string>()) + 1);
  WriteFile(copy / "model.sig", bundle.dump());
  test::BinaryResult r = VerifyPinned(copy);
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_TRUE(Contains(r.err, "keyless check 'set' failed"));
}

TEST(KeylessVerify, StagingBundleAgainstTheProductionRootFailsAtTheLog) {
  // The Rekor v2 staging bundle's log is not in the embedded production root. Its statement
  // names no file here, so with the staging root every keyless check passes and the OMS layer
  // then rejects the predicate (exit 2): sigstore_python.sh covers that bundle in full.
  TempDir tmp;
  WriteFile(tmp.path() / "a.txt", "");
  const std::string bundle = std::string(kDir) + "/rekor-v2-staging/a.txt.sigstore.json";
  const std::string id =
      "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/"
      "workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
  test::BinaryResult r = RunBinary({"verify", (tmp.path() / "a.txt").string(), "--signature",
                                    bundle, "--identity", id, "--identity-provider",
                                    "https://token.actions.githubusercontent.com"});
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_TRUE(Contains(r.err, "keyless check 'log' failed"));
}

TEST(KeylessVerify, InputErrorsExit2WithAHint) {
  test::BinaryResult none = RunBinary(VerifyArgs("v1.1.0"));
  EXPECT_EQ(none.code, 2) << none.err;
  EXPECT_TRUE(Contains(none.err, "--identity and --identity-provider"));

  test::BinaryResult half = RunBinary(VerifyArgs("v1.1.0", {"--identity", kIdentity}));
  EXPECT_EQ(half.code, 2) << half.err;

  test::BinaryResult both = RunBinary(
      VerifyArgs("v1.1.0", {"--identity", kIdentity, "--identity-provider", kIssuer,
                            "--public-key", "fixtures/signed-model/keys/helpdesk-signing-key.pub.pem"}));
  EXPECT_EQ(both.code, 2) << both.err;

  TempDir tmp;
  WriteFile(tmp.path() / "root.json", "{\"mediaType\": 3}");
  test::BinaryResult bad_root = RunBinary(VerifyArgs(
      "v1.1.0", {"--identity", kIdentity, "--identity-provider", kIssuer, "--trust-config",
                 (tmp.path() / "root.json").string()}));
  EXPECT_EQ(bad_root.code, 2) << bad_root.err;
  EXPECT_TRUE(Contains(bad_root.err, "root.json"));

  // A key-signed bundle with --identity: the user pinned the wrong kind of signer.
  test::BinaryResult not_keyless = RunBinary(
      {"verify", "fixtures/signed-model/weights/aoba-helpdesk-3.7b", "--signature",
       "fixtures/signed-model/weights/aoba-helpdesk-3.7b/model.sig", "--identity", kIdentity,
       "--identity-provider", kIssuer});
  EXPECT_EQ(not_keyless.code, 2) << not_keyless.err;
  EXPECT_TRUE(Contains(not_keyless.err, "not keyless"));
}

TEST(KeylessVerify, VersionPrintsTheEmbeddedRootDigest) {
  test::BinaryResult r = RunBinary({"--version"});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string root = ReadFile(fs::path(SOVAUDIT_SOURCE_DIR) / kDir / "trusted_root.json");
  EXPECT_TRUE(Contains(r.out, "sha256:" + oms::testing::Sha256HexOf(root)));
}

// An audit whose manifest pins the v1.0.0 bundle's signer.
class KeylessAudit : public ::testing::Test {
 protected:
  void SetUp() override {
    CopyWritable(fs::path(SOVAUDIT_SOURCE_DIR) / kDir / "v1.0.0-sigstore", tmp_.path() / "w");
  }
  test::BinaryResult Audit(const std::string& weights_yaml,
                           const std::vector<std::string>& extra = {}) {
    std::string yaml = test::kBase;
    yaml += "    weights:\n" + weights_yaml;
    WriteFile(tmp_.path() / "deployment.yaml", yaml);
    std::vector<std::string> args = {"audit", (tmp_.path() / "deployment.yaml").string(),
                                     "--format", "json", "--as-of", "2026-12-01"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunBinary(args);
  }
  static std::string Weights(const std::string& identity, const std::string& issuer) {
    return "      availability: local\n      path: w/\n      signature: w/model.sig\n"
           "      identity: " + identity + "\n      identity_provider: " + issuer + "\n";
  }
  static json Sov35(const test::BinaryResult& r) {
    json report = json::parse(r.out, nullptr, false);
    if (report.is_discarded()) return json::object();
    for (const json& f : report["deployments"][0].value("findings", json::array())) {
      if (f.value("rule", "") == "SOV-3.5") return f;
    }
    return json::object();
  }
  TempDir tmp_;
};

TEST_F(KeylessAudit, PinnedSignerPassesSov35NamingIdentityAndIssuer) {
  test::BinaryResult r = Audit(Weights(kIdentity, kIssuer));
  json f = Sov35(r);
  EXPECT_EQ(f.value("status", ""), "pass") << r.err << f.dump();
  EXPECT_TRUE(Contains(f.value("message", ""), kIdentity));
  EXPECT_TRUE(Contains(f.value("message", ""), kIssuer));
  // The same with the trusted root given explicitly.
  test::BinaryResult with_root = Audit(
      Weights(kIdentity, kIssuer),
      {"--trust-config", (fs::path(SOVAUDIT_SOURCE_DIR) / kDir / "trusted_root.json").string()});
  EXPECT_EQ(Sov35(with_root).value("status", ""), "pass") << with_root.err;
}

TEST_F(KeylessAudit, WrongIdentityFailsSov35AndExits3) {
  test::BinaryResult r = Audit(Weights("mallory@example.com", kIssuer));
  EXPECT_EQ(r.code, 3) << r.err;
  json f = Sov35(r);
  EXPECT_EQ(f.value("status", ""), "fail") << f.dump();
  EXPECT_TRUE(Contains(f.value("message", ""), "identity"));
}

TEST_F(KeylessAudit, StagingRootMakesTheProductionEntryFailAtTheLog) {
  test::BinaryResult r = Audit(
      Weights(kIdentity, kIssuer),
      {"--trust-config",
       (fs::path(SOVAUDIT_SOURCE_DIR) / kDir / "trusted_root.staging.json").string()});
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_TRUE(Contains(Sov35(r).value("message", ""), "log"));
}

TEST_F(KeylessAudit, MalformedPinsAreInputErrorsAtTheirLine) {
  test::BinaryResult half = Audit(
      "      availability: local\n      path: w/\n      signature: w/model.sig\n"
      "      identity: stefanb@us.ibm.com\n");
  EXPECT_EQ(half.code, 2) << half.err;
  EXPECT_TRUE(Contains(half.err, "deployment.yaml:31"));
  EXPECT_TRUE(Contains(half.err, "identity_provider"));

  test::BinaryResult no_sig = Audit(
      "      availability: local\n      path: w/\n      identity: a\n      identity_provider: b\n");
  EXPECT_EQ(no_sig.code, 2) << no_sig.err;
  EXPECT_TRUE(Contains(no_sig.err, "signature"));

  test::BinaryResult with_key = Audit(Weights(kIdentity, kIssuer) + "      public_key: k.pem\n");
  EXPECT_EQ(with_key.code, 2) << with_key.err;

  TempDir bad;
  WriteFile(bad.path() / "root.json", "not json");
  test::BinaryResult bad_root =
      Audit(Weights(kIdentity, kIssuer), {"--trust-config", (bad.path() / "root.json").string()});
  EXPECT_EQ(bad_root.code, 2) << bad_root.err;
  EXPECT_TRUE(Contains(bad_root.err, "root.json"));
}

}  // namespace
}  // namespace sov::keyless_e2e
