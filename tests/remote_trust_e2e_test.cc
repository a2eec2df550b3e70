// Remote inputs end to end, continued: signed (unpinned) inputs checked against --trust-key,
// manifests and provenance served over HTTPS (relative paths resolved against the URL), keys
// and signature bundles from URLs, and the hub check of weights.source (X-Linked-Etag).

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <string>

#include "src/util/fs.h"
#include "tests/oms_test_util.h"
#include "tests/remote_fixture.h"

namespace sov::test {
namespace {

using oms::testing::InteropDir;
const fs::path kKeys = InteropDir() / "keys";

// `text` with the first match of `re` replaced.
std::string Sub(const std::string& text, const std::string& re, const std::string& with) {
  return std::regex_replace(text, std::regex(re), with, std::regex_constants::format_first_only);
}

class RemoteTrustTest : public RemoteTest {
 protected:
  // The pack, and its OMS signature made by `sovaudit sign` with the reference tool's test key.
  void SignPack() {
    WriteTextFile(dir_.path() / "pack.yaml", kPack);
    BinaryResult r = RunBinary({"sign", (dir_.path() / "pack.yaml").string(), "--private-key",
                                (kKeys / "signing-key.pem").string(), "--signature",
                                (dir_.path() / "pack.yaml.sig").string()});
    ASSERT_EQ(r.code, 0) << r.err;
    sig_ = ReadTextFile(dir_.path() / "pack.yaml.sig");
  }
  std::string sig_;
};

TEST_F(RemoteTrustTest, ASignedPackVerifiesWithTheTrustedKey) {
  SignPack();
  std::string served = kPack;
  TestServer server(
      [&](const HttpRequest& req) {
        if (req.target == "/pack.yaml.sig") return Body(sig_);
        return Body(served);
      },
      pki_);
  std::string url = server.Url("/pack.yaml");
  std::string pub = (kKeys / "signing-key-pub.pem").string();
  BinaryResult r = AuditWithPack(url, {"--trust-key", pub});
  ASSERT_EQ(r.code, 0) << r.err;
  nlohmann::json in = InputOf(r.out, url);
  EXPECT_EQ(in["pinned_by"], "signature");
  EXPECT_TRUE(Contains(in["signer"].get<std::string>(), "key sha256:")) << in;

  // Another key does not vouch for it.
  fs::path other = dir_.path() / "other.pub";
  ASSERT_EQ(std::system(("openssl pkey -in " + pki_->key.string() + " -pubout -out " +
                         other.string()).c_str()), 0);
  BinaryResult wrong_key = AuditWithPack(url, {"--trust-key", other.string()});
  EXPECT_EQ(wrong_key.code, 3) << wrong_key.err;
  EXPECT_TRUE(Contains(wrong_key.err, "not vouched for")) << wrong_key.err;

  // Changed content under the same signature is an integrity failure.
  served = std::string(kPack) + "disable: [SOV-1.1]\n";
  BinaryResult tampered = AuditWithPack(url, {"--trust-key", pub});
  EXPECT_EQ(tampered.code, 3) << tampered.err;
  EXPECT_TRUE(tampered.out.empty());
}

TEST_F(RemoteTrustTest, ASignatureMadeForAnotherFileDoesNotVouch) {
  // The same bytes served under another name, with the pack's own signature: the content
  // matches, but the signed statement names pack.yaml, so it vouches for nothing else.
  SignPack();
  TestServer server(
      [&](const HttpRequest& req) {
        if (req.target == "/renamed.yaml.sig") return Body(sig_);
        return Body(kPack);
      },
      pki_);
  std::string pub = (kKeys / "signing-key-pub.pem").string();
  BinaryResult renamed = AuditWithPack(server.Url("/renamed.yaml"), {"--trust-key", pub});
  EXPECT_EQ(renamed.code, 3) << renamed.err;
  EXPECT_TRUE(Contains(renamed.err, "was made for 'pack.yaml', not for 'renamed.yaml'"))
      << renamed.err;
  EXPECT_TRUE(renamed.out.empty());
}

TEST_F(RemoteTrustTest, AnUnpinnedTrustKeyUrlIsRefused) {
  BinaryResult r = AuditWithPack("https://127.0.0.1:1/pack.yaml",
                                 {"--trust-key", "https://127.0.0.1:1/key.pub"});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_TRUE(Contains(r.err, "cannot vouch for itself")) << r.err;
}

TEST_F(RemoteTrustTest, ATrustKeyMayItselfBeAPinnedUrl) {
  SignPack();
  std::string pub = ReadTextFile(kKeys / "signing-key-pub.pem");
  TestServer server(
      [&](const HttpRequest& req) {
        if (req.target == "/pack.yaml.sig") return Body(sig_);
        if (req.target == "/keys/vendor.pub") return Body(pub);
        return Body(kPack);
      },
      pki_);
  std::string key_ref = server.Url("/keys/vendor.pub") + "#sha256=" + Sha256Hex(pub);
  BinaryResult r = AuditWithPack(server.Url("/pack.yaml"), {"--trust-key", key_ref});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(InputOf(r.out, key_ref)["pinned_by"], "sha256");
  EXPECT_EQ(InputOf(r.out, server.Url("/pack.yaml"))["pinned_by"], "signature");
}

TEST_F(RemoteTrustTest, VerifyTakesItsSignatureAndKeyFromUrls) {
  fs::path model = InteropDir() / "v1.1.0-elliptic-key";
  std::string sig = ReadTextFile(model / "model.sig");
  std::string pub = ReadTextFile(kKeys / "signing-key-pub.pem");
  TestServer server(
      [&](const HttpRequest& req) { return Body(req.target == "/model.sig" ? sig : pub); }, pki_);
  BinaryResult r = RunBinary(Net({"verify", model.string(), "--ignore-paths",
                                  (model / "ignore-me").string(), "--signature",
                                  server.Url("/model.sig") + "#sha256=" + Sha256Hex(sig),
                                  "--public-key",
                                  server.Url("/key.pub") + "#sha256=" + Sha256Hex(pub)}));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(server.requests().size(), 2u);
}

// The layer-1 fixture's manifest without its local weights, served with its provenance file.
class RemoteManifestTest : public RemoteTest {
 protected:
  void SetUp() override {
    RemoteTest::SetUp();
    manifest_ = ReadTextFile("fixtures/layer1-hosting/deployment.yaml");
    provenance_ = ReadTextFile("fixtures/layer1-hosting/provenance/merlion-claims-8b.yaml");
  }
  std::string manifest_, provenance_;
};

TEST_F(RemoteManifestTest, RelativePathsInARemoteManifestAreRelativeToItsUrl) {
  std::string no_weights = Sub(manifest_, "weights:\\n(      .*\\n)+", "weights: {availability: api}\n");
  TestServer server(
      [&](const HttpRequest& req) {
        if (req.target == "/stacks/claims/deployment.yaml") return Body(no_weights);
        if (req.target == "/stacks/claims/provenance/merlion-claims-8b.yaml") {
          return Body(provenance_);
        }
        HttpReply r;
        r.status = 404;
        r.reason = "Not Found";
        return r;
      },
      pki_);
  std::string url = server.Url("/stacks/claims/deployment.yaml");
  BinaryResult r = RunBinary(Net({"audit", url, "--format", "json", "--as-of", "2026-11-21",
                                  "--allow-unpinned"}));
  ASSERT_EQ(r.code, 0) << r.err;
  std::string prov_url = server.Url("/stacks/claims/provenance/merlion-claims-8b.yaml");
  EXPECT_EQ(InputOf(r.out, url)["sha256"], Sha256Hex(no_weights));
  EXPECT_EQ(InputOf(r.out, prov_url)["sha256"], Sha256Hex(provenance_));
  EXPECT_EQ(InputOf(r.out, prov_url)["pinned_by"], "none");
  nlohmann::json report = nlohmann::json::parse(r.out);
  EXPECT_EQ(report["deployments"][0]["file"], url);

  // validate reads it the same way; its weights must stay local.
  BinaryResult v = RunBinary(Net({"validate", url, "--allow-unpinned"}));
  EXPECT_EQ(v.code, 0) << v.err;
  std::string with_weights = manifest_;
  TestServer second([&](const HttpRequest&) { return Body(with_weights); }, pki_);
  BinaryResult w = RunBinary(Net({"validate", second.Url("/d.yaml"), "--allow-unpinned"}));
  EXPECT_EQ(w.code, 2) << w.err;
  EXPECT_TRUE(Contains(w.err, "must name local weights")) << w.err;
  EXPECT_TRUE(Contains(w.err, second.Url("/d.yaml") + ":")) << w.err;  // located in the URL
}

TEST_F(RemoteManifestTest, ALocalManifestNamesPinnedRemoteProvenance) {
  TestServer server([&](const HttpRequest&) { return Body(provenance_); }, pki_);
  fs::path stack = dir_.path() / "stack";
  fs::create_directories(stack / "weights");
  fs::copy_file("fixtures/layer1-hosting/weights/merlion-claims-8b.safetensors",
                stack / "weights" / "merlion-claims-8b.safetensors");
  std::string ref = server.Url("/vendor/merlion.yaml") + "#sha256=" + Sha256Hex(provenance_);
  WriteTextFile(stack / "deployment.yaml",
                Sub(manifest_, "provenance: provenance/merlion-claims-8b.yaml", "provenance: " + ref));
  BinaryResult r = RunBinary(Net({"audit", (stack / "deployment.yaml").string(), "--format",
                                  "json", "--as-of", "2026-11-21"}));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(InputOf(r.out, ref)["pinned_by"], "sha256");
  EXPECT_EQ(FindingOf(r.out, "SOV-3.5")["status"], "pass");

  // A pin the vendor's file no longer matches fails the audit, located at the manifest's line.
  std::string stale = server.Url("/vendor/merlion.yaml") + "#sha256=" + std::string(64, 'a');
  WriteTextFile(stack / "deployment.yaml",
                Sub(manifest_, "provenance: provenance/merlion-claims-8b.yaml", "provenance: " + stale));
  BinaryResult bad = RunBinary(Net({"audit", (stack / "deployment.yaml").string()}));
  EXPECT_EQ(bad.code, 3) << bad.err;
  EXPECT_TRUE(Contains(bad.err, "deployment.yaml:")) << bad.err;
}

// The hub check: the layer-1 fixture with weights.source pointing at a hub on loopback.
class HubTest : public RemoteManifestTest {
 protected:
  void SetUp() override {
    RemoteManifestTest::SetUp();
    fs::create_directories(stack_ / "provenance");
    fs::create_directories(stack_ / "weights");
    fs::copy_file("fixtures/layer1-hosting/weights/merlion-claims-8b.safetensors",
                  stack_ / "weights" / "merlion-claims-8b.safetensors");
    WriteTextFile(stack_ / "provenance" / "merlion-claims-8b.yaml", provenance_);
    digest_ = *Sha256File(stack_ / "weights" / "merlion-claims-8b.safetensors");
  }
  // The manifest with `source:` added; without its sha256 pin when `keep_pin` is false.
  void WriteManifest(const std::string& source, bool keep_pin) {
    std::string m = Sub(manifest_, "(      path: weights/merlion-claims-8b.safetensors\\n)",
                        "$1      source: " + source + "\n");
    if (!keep_pin) m = Sub(m, "      sha256: [0-9a-f]+\\n", "");
    WriteTextFile(stack_ / "deployment.yaml", m);
  }
  BinaryResult Audit(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"audit", (stack_ / "deployment.yaml").string(), "--format",
                                     "json", "--as-of", "2026-11-21"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunBinary(Net(args));
  }
  // A hub answering HEAD .../resolve/... with a redirect carrying `etag` as X-Linked-Etag.
  static HttpReply HubAnswer(const HttpRequest& req, const std::string& etag) {
    HttpReply r;
    r.status = 302;
    r.reason = "Found";
    r.headers = {{"Location", "https://cdn.invalid/blob"},
                 {"X-Linked-Etag", "\"" + etag + "\""},
                 {"X-Repo-Commit", std::string(40, '1')}};
    if (req.method != "HEAD") r.status = 405;
    return r;
  }
  fs::path stack_ = dir_.path() / "hub-stack";
  std::string digest_;
};

TEST_F(HubTest, AMatchingHubDigestPassesAndPinsAnUnpinnedFile) {
  std::string etag = digest_;
  TestServer hub([&](const HttpRequest& req) { return HubAnswer(req, etag); }, pki_);
  std::string source = hub.Url("/aisg/merlion/resolve/main/merlion-claims-8b.safetensors");
  WriteManifest(source, true);
  BinaryResult r = Audit();
  ASSERT_EQ(r.code, 0) << r.err;
  nlohmann::json f = FindingOf(r.out, "SOV-3.5");
  EXPECT_EQ(f["status"], "pass");
  EXPECT_TRUE(Contains(f["message"], "announces")) << f;
  ASSERT_EQ(hub.requests().size(), 1u);
  EXPECT_EQ(hub.requests()[0].method, "HEAD");
  EXPECT_EQ(hub.requests()[0].target, "/aisg/merlion/resolve/main/merlion-claims-8b.safetensors");

  WriteManifest(source, false);  // the hub's digest is the only pin
  BinaryResult only_hub = Audit();
  ASSERT_EQ(only_hub.code, 0) << only_hub.err;
  EXPECT_EQ(FindingOf(only_hub.out, "SOV-3.5")["status"], "pass");
}

TEST_F(HubTest, ARenamedRepositoryIsFollowedOnTheSameHub) {
  TestServer hub(
      [&](const HttpRequest& req) {
        if (req.target.rfind("/old-name/", 0) == 0) {
          HttpReply r;
          r.status = 307;
          r.reason = "Temporary Redirect";
          r.headers = {{"Location", "/aisg/merlion/resolve/main/merlion-claims-8b.safetensors"}};
          return r;
        }
        return HubAnswer(req, digest_);
      },
      pki_);
  WriteManifest(hub.Url("/old-name/merlion/resolve/main/merlion-claims-8b.safetensors"), false);
  BinaryResult r = Audit();
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(FindingOf(r.out, "SOV-3.5")["status"], "pass");
  EXPECT_EQ(hub.requests().size(), 2u);
}

TEST_F(HubTest, ADifferentHubDigestIsASov35FailureAndExit3) {
  TestServer hub([](const HttpRequest& req) { return HubAnswer(req, std::string(64, 'e')); }, pki_);
  WriteManifest(hub.Url("/aisg/merlion/resolve/0123abc/merlion-claims-8b.safetensors"), true);
  BinaryResult r = Audit();
  EXPECT_EQ(r.code, 3) << r.err;
  nlohmann::json f = FindingOf(r.out, "SOV-3.5");
  EXPECT_EQ(f["status"], "fail");
  EXPECT_TRUE(Contains(f["message"], std::string(64, 'e'))) << f;
  EXPECT_TRUE(Contains(f["message"], digest_)) << f;
}

TEST_F(HubTest, OfflineSkipsTheHubWithoutAConnection) {
  TestServer hub([&](const HttpRequest& req) { return HubAnswer(req, digest_); }, pki_);
  WriteManifest(hub.Url("/aisg/merlion/resolve/main/merlion-claims-8b.safetensors"), true);
  BinaryResult pinned = Audit({"--offline"});
  ASSERT_EQ(pinned.code, 0) << pinned.err;
  nlohmann::json f = FindingOf(pinned.out, "SOV-3.5");
  EXPECT_EQ(f["status"], "pass");  // its own sha256 pin still holds
  EXPECT_TRUE(Contains(f["message"], "not compared with the hub")) << f;
  WriteManifest(hub.Url("/aisg/merlion/resolve/main/merlion-claims-8b.safetensors"), false);
  BinaryResult unpinned = Audit({"--offline"});
  EXPECT_EQ(FindingOf(unpinned.out, "SOV-3.5")["status"], "unknown") << unpinned.out;
  EXPECT_EQ(hub.connections(), 0);
}

TEST_F(HubTest, ASourceThatIsNotAHubUrlIsAnInputError) {
  WriteManifest("https://example.org/weights.bin", true);
  BinaryResult r = Audit();
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_TRUE(Contains(r.err, "resolve/<revision>/<file>")) << r.err;
}

}  // namespace
}  // namespace sov::test

namespace sov::test {
namespace {

// Every other input that may be a URL: waivers, rule packs for `rules`, third-party provenance
// for `import`, both reports of `diff`, a manifest for `graph`; and URLs in .sovaudit.yaml.
TEST_F(RemoteTest, EveryCommandThatReadsInputsTakesAUrl) {
  const std::string waivers =
      "apiVersion: sovaudit/v1\nkind: Waivers\nwaivers:\n"
      "  - rule: SOV-2.2\n    subject: infrastructure/kijang-gpu-kul\n    owner: cio-office\n"
      "    reason: domestic cloud migration contracted\n    expires: 2027-03-31\n";
  const std::string card = ReadTextFile(fs::path(SOVAUDIT_SOURCE_DIR) / "tests" / "data" /
                                        "third_party" / "provenance" /
                                        "hf-card-Qwen2.5-7B-Instruct.README.md");
  BinaryResult local = RunBinary({"audit", "fixtures/overclaim-vendor", "--as-of", "2026-11-21",
                                  "--format", "json"});
  const std::string report = local.out;
  const std::string manifest = ReadTextFile("fixtures/layer0-not-sovereign/deployment.yaml");
  TestServer server(
      [&](const HttpRequest& req) {
        if (req.target == "/waivers.yaml") return Body(waivers);
        if (req.target == "/Qwen2.5-7B-Instruct/README.md") return Body(card);
        if (req.target == "/report.json") return Body(report);
        if (req.target == "/deployment.yaml") return Body(manifest);
        return Body(kPack);
      },
      pki_);
  auto pinned = [&](const std::string& path, const std::string& body) {
    return server.Url(path) + "#sha256=" + Sha256Hex(body);
  };

  BinaryResult w = RunBinary(Net({"audit", "fixtures/overclaim-vendor", "--as-of", "2026-11-21",
                                  "--format", "json", "--waivers",
                                  pinned("/waivers.yaml", waivers)}));
  ASSERT_EQ(w.code, 0) << w.err;
  EXPECT_EQ(FindingOf(w.out, "SOV-2.2")["status"], "waived");

  BinaryResult rules = RunBinary(Net({"rules", "--format", "json", "--rules",
                                      pinned("/pack.yaml", kPack)}));
  ASSERT_EQ(rules.code, 0) << rules.err;
  bool checked = false;
  for (const auto& rule : nlohmann::json::parse(rules.out)) {
    if (rule["id"] != "SOV-2.3") continue;
    EXPECT_EQ(rule["enabled"], false) << "the pack disables SOV-2.3";
    checked = true;
  }
  EXPECT_TRUE(checked) << rules.out.substr(0, 300);

  BinaryResult imported = RunBinary(Net({"import", pinned("/Qwen2.5-7B-Instruct/README.md", card)}));
  ASSERT_EQ(imported.code, 0) << imported.err;
  EXPECT_TRUE(Contains(imported.out, "imported_from: {file: \"" + server.Url("/Qwen2.5-7B-Instruct/README.md")))
      << imported.out.substr(0, 600);

  BinaryResult diff = RunBinary(Net({"diff", pinned("/report.json", report),
                                     pinned("/report.json", report), "--fail-on-regression"}));
  EXPECT_EQ(diff.code, 0) << diff.err;

  BinaryResult graph = RunBinary(Net({"graph", pinned("/deployment.yaml", manifest)}));
  EXPECT_EQ(graph.code, 0) << graph.err;
  EXPECT_TRUE(Contains(graph.out, "digraph")) << graph.out.substr(0, 300);

  // In a config file a URL is a URL, not a path relative to the config file's folder. (Named
  // with --config: only such a file may set `rules`, which lowers assurance.)
  WriteTextFile(dir_.path() / ".sovaudit.yaml",
                "audit:\n  offline: true\n  rules: [\"" + pinned("/pack.yaml", kPack) + "\"]\n");
  BinaryResult configured = RunBinary(
      {"--config", ".sovaudit.yaml", "audit", fs::absolute("fixtures/layer1-hosting").string()},
      dir_.path());
  EXPECT_EQ(configured.code, 2) << configured.err;
  EXPECT_TRUE(Contains(configured.err, pinned("/pack.yaml", kPack) + ": a URL, and --offline"))
      << configured.err;
}

}  // namespace
}  // namespace sov::test
