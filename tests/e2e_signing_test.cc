// End-to-end: `sovaudit audit` verifies OMS-signed weights (SOV-3.5) on fixtures/signed-model,
// a folder model signed with a bare key and a single-file model signed with a certificate
// chain. The built binary runs as a user would; tampered copies must exit 3.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/oms_test_util.h"
#include "tests/run_binary.h"

namespace sov::e2e_signing {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;
using namespace oms::testing;  // NOLINT(build/namespaces)

constexpr const char* kAsOf = "2026-11-21";
constexpr const char* kFixture = "fixtures/signed-model";
constexpr const char* kHelpdesk = "models/aoba-helpdesk-3.7b";
constexpr const char* kJudge = "models/llm-jp-3-13b-instruct";
// The fixture's signers: the helpdesk key's fingerprint and the judge's certificate.
constexpr const char* kHelpdeskSigner =
    "signed by key sha256:87da1a28cf4bfd0eca3eb1b022a9c493d1c3ec08fe95cb9313b84caa6437412c";
constexpr const char* kJudgeSigner =
    "signed by certificate subject O=Aoba City Office,"
    "CN=aoba-ml-release (TEST)";
constexpr const char* kHelpdeskRoot =
    "sha256:b1c28e5f9112007d862d23588c10802362276d47ff986733669f90abd0eda403";

// What the binary printed, and its stdout parsed.
struct Outcome : test::BinaryResult {
  json report;
};

// Runs the binary in the source root: `audit PATH --format json --as-of 2026-11-21 EXTRA...`.
Outcome Audit(const std::string& path, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"audit", path, "--format", "json", "--as-of", kAsOf};
  args.insert(args.end(), extra.begin(), extra.end());
  Outcome r{test::RunBinary(args), json()};
  r.report = json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(r.report.is_discarded()) << "not JSON: " << r.out << "\nstderr: " << r.err;
  return r;
}

// The one finding of `rule` on `subject` in the first deployment.
json Finding(const Outcome& r, const std::string& rule, const std::string& subject) {
  if (r.report.is_discarded() || !r.report.contains("deployments")) return json::object();
  for (const json& f : r.report["deployments"][0].value("findings", json::array())) {
    if (f.value("rule", "") == rule && f.value("subject", "") == subject) return f;
  }
  ADD_FAILURE() << "no " << rule << " finding for " << subject;
  return json::object();
}

// The status of that finding ("" when there is none).
std::string StatusOf(const Outcome& r, const std::string& rule, const std::string& subject) {
  return Finding(r, rule, subject).value("status", "");
}

class E2eSigning : public ::testing::Test {
 protected:
  // A writable copy of the fixture, for tampering.
  fs::path Copy() {
    fs::path dst = tmp_.path() / "signed-model";
    CopyWritable(fs::path(SOVAUDIT_SOURCE_DIR) / kFixture, dst);
    return dst;
  }
  // Replaces `from` with `to` in the copy's deployment.yaml.
  static void EditManifest(const fs::path& copy, const std::string& from, const std::string& to) {
    std::string yaml = ReadFile(copy / "deployment.yaml");
    size_t at = yaml.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    yaml.replace(at, from.size(), to);
    WriteFile(copy / "deployment.yaml", yaml);
  }
  // With `from` replaced by `to` in the copy's manifest, the audit exits 3 and SOV-3.5 fails
  // on `model`.
  static void ExpectFailsWithEdit(const fs::path& copy, const std::string& from,
                                  const std::string& to, const std::string& model) {
    EditManifest(copy, from, to);
    Outcome r = Audit(copy.string());
    EXPECT_EQ(r.code, 3) << r.err;
    EXPECT_EQ(StatusOf(r, "SOV-3.5", model), "fail");
  }
  TempDir tmp_;
};

TEST_F(E2eSigning, SignedFixturePassesSov35NamingTheSigner) {
  Outcome r = Audit(kFixture);
  ASSERT_EQ(r.code, 0) << r.err;
  json helpdesk = Finding(r, "SOV-3.5", kHelpdesk);
  EXPECT_EQ(helpdesk.value("status", ""), "pass") << helpdesk.dump();
  EXPECT_TRUE(Contains(helpdesk.value("message", ""), kHelpdeskSigner));
  EXPECT_TRUE(Contains(helpdesk.value("message", ""), kHelpdeskRoot));
  json judge = Finding(r, "SOV-3.5", kJudge);
  EXPECT_EQ(judge.value("status", ""), "pass") << judge.dump();
  EXPECT_TRUE(Contains(judge.value("message", ""), kJudgeSigner));
  // SOV-5.4 binds the evaluation results to the verified OMS root digests: layer 5, and the
  // claim of layer 5 holds.
  EXPECT_EQ(r.report["deployments"][0].value("achieved_layer", -1), 5);
  EXPECT_EQ(r.report["deployments"][0]["claim"].value("holds", false), true);
  for (const char* model : {kHelpdesk, kJudge}) {
    json f = Finding(r, "SOV-5.4", model);
    EXPECT_EQ(f.value("status", ""), "pass") << f.dump();
  }
  EXPECT_TRUE(Contains(Finding(r, "SOV-5.4", kHelpdesk).value("message", ""), kHelpdeskRoot));
}

TEST_F(E2eSigning, TamperedWeightsExit3NamingTheFile) {
  fs::path copy = Copy();
  FlipByte(copy / "weights/aoba-helpdesk-3.7b/model.safetensors", 100);
  Outcome r = Audit(copy.string());
  EXPECT_EQ(r.code, 3) << r.err;
  json f = Finding(r, "SOV-3.5", kHelpdesk);
  EXPECT_EQ(f.value("status", ""), "fail") << f.dump();
  EXPECT_TRUE(Contains(f.value("message", ""), "model.safetensors"));
  EXPECT_TRUE(Contains(f.value("message", ""), "digest mismatch"));
  EXPECT_EQ(StatusOf(r, "SOV-3.5", kJudge), "pass");
}

TEST_F(E2eSigning, AddedFileOrOtherKeyExit3) {
  fs::path copy = Copy();
  WriteFile(copy / "weights/aoba-helpdesk-3.7b/adapter.bin", "LoRA delta slipped in");
  Outcome added = Audit(copy.string());
  EXPECT_EQ(added.code, 3) << added.err;
  EXPECT_TRUE(Contains(Finding(added, "SOV-3.5", kHelpdesk).value("message", ""), "adapter.bin"));

  fs::remove(copy / "weights/aoba-helpdesk-3.7b/adapter.bin");
  auto other = oms::testing::GenerateKey(tmp_.path(), "P-256");
  fs::copy_file(other.public_pem, copy / "keys/other.pub.pem");
  ExpectFailsWithEdit(copy, "public_key: keys/helpdesk-signing-key.pub.pem",
                      "public_key: keys/other.pub.pem", kHelpdesk);
}

TEST_F(E2eSigning, UntrustedCertificateExits3) {
  fs::path copy = Copy();
  // Trusting the helpdesk's bare public key file as a CA makes no chain: not a certificate.
  // Trust another CA instead: the interop vectors' root.
  fs::copy_file(oms::testing::InteropDir() / "keys/ca-cert.pem", copy / "keys/other-ca.pem");
  ExpectFailsWithEdit(copy, "certificate_chain: [keys/root-ca.pem]",
                      "certificate_chain: [keys/other-ca.pem]", kJudge);
}

TEST_F(E2eSigning, NoVerifyIsUnknown) {
  Outcome r = Audit(kFixture, {"--no-verify"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(StatusOf(r, "SOV-3.5", kHelpdesk), "unknown");
}

TEST_F(E2eSigning, SignatureWithoutKeyIsUnknownWithAReason) {
  fs::path copy = Copy();
  EditManifest(copy, "      public_key: keys/helpdesk-signing-key.pub.pem\n", "");
  Outcome r = Audit(copy.string());
  EXPECT_EQ(r.code, 0) << r.err;
  json f = Finding(r, "SOV-3.5", kHelpdesk);
  EXPECT_EQ(f.value("status", ""), "unknown");
  EXPECT_TRUE(Contains(f.value("message", ""), "no 'public_key', 'certificate_chain' or keyless 'identity'"));
}

TEST_F(E2eSigning, UnreadableBundleIsUnknown) {
  fs::path copy = Copy();
  WriteFile(copy / "weights/aoba-helpdesk-3.7b/model.sig", "{\"truncated\": ");
  Outcome r = Audit(copy.string());
  EXPECT_EQ(r.code, 0) << r.err;
  json f = Finding(r, "SOV-3.5", kHelpdesk);
  EXPECT_EQ(f.value("status", ""), "unknown");
  EXPECT_TRUE(Contains(f.value("message", ""), "cannot be checked"));
}

}  // namespace
}  // namespace sov::e2e_signing
