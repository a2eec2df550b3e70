// The keyless building blocks (src/sigstore): RFC 8785 canonical JSON against the RFC's own
// examples, RFC 6962 inclusion proofs against a tree and proofs built here straight from the
// RFC's definitions (MTH, PATH) with OpenSSL, RFC 3339 times against date(1)'s values, the
// trusted root parser, and the real keyless bundles checked through sigstore::VerifyKeyless.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "src/oms/bundle.h"
#include "src/sigstore/canonical_json.h"
#include "src/sigstore/keyless.h"
#include "src/sigstore/merkle.h"
#include "src/sigstore/trusted_root.h"
#include "src/util/error.h"
#include "src/util/fs.h"
#include "tests/error_of.h"

namespace sov::sigstore {
namespace {
using test::ErrorOf;
using test::ExitCodeOf;

const std::string kData = std::string(SOVAUDIT_SOURCE_DIR) + "/tests/data/third_party/sigstore/";
const std::string kStagingIdentity =
    "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/"
    "workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
const std::string kGithubIssuer = "https://token.actions.githubusercontent.com";

std::string Sha256(const std::string& data) {
  unsigned char md[32];
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), md, &n, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<char*>(md), n);
}

std::string Hex(const std::string& raw) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (unsigned char c : raw) s += {d[c >> 4], d[c & 15]};
  return s;
}

// RFC 6962 2.1: MTH and PATH, written from the definitions (largest power of two below n).
size_t Split(size_t n) {
  size_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
std::string Mth(const std::vector<std::string>& d, size_t lo, size_t hi) {
  if (hi - lo == 1) return Sha256(std::string(1, '\0') + d[lo]);
  size_t k = Split(hi - lo);
  return Sha256(std::string(1, '\1') + Mth(d, lo, lo + k) + Mth(d, lo + k, hi));
}
void Path(const std::vector<std::string>& d, size_t m, size_t lo, size_t hi,
          std::vector<std::string>& out) {
  if (hi - lo == 1) return;
  size_t k = Split(hi - lo);
  if (m < k) {
    Path(d, m, lo, lo + k, out);
    out.push_back(Mth(d, lo + k, hi));
  } else {
    Path(d, m - k, lo + k, hi, out);
    out.push_back(Mth(d, lo, lo + k));
  }
}

TEST(CanonicalJson, Rfc8785Examples) {
  // RFC 8785 3.2.2 / 3.2.3: member order by UTF-16 code units, no whitespace, minimal escapes.
  auto j = nlohmann::json::parse(R"({"numbers": [333333333, 4, 2, 0], "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/", "literals": [null, true, false]})");
  EXPECT_EQ(CanonicalJson(j),
            "{\"literals\":[null,true,false],\"numbers\":[333333333,4,2,0],"
            "\"string\":\"\xE2\x82\xAC$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
  // Sorting by UTF-16: U+1F600 (surrogates D83D DE00) sorts before U+FB33 although its code point
  // is larger; "\r" < "1" < "\u0080" < "\u00f6".
  auto k = nlohmann::json::parse(R"({"\ufb33": 1, "\ud83d\ude00": 2, "\u00f6": 3, "\u0080": 4, "1": 5, "\r": 6})");
  EXPECT_EQ(CanonicalJson(k), "{\"\\r\":6,\"1\":5,\"\xC2\x80\":4,\"\xC3\xB6\":3,"
                              "\"\xF0\x9F\x98\x80\":2,\"\xEF\xAC\xB3\":1}");
  EXPECT_EQ(CanonicalJson(nlohmann::json::parse(R"({"b":{"d":[],"c":{}},"a":-7})")),
            R"({"a":-7,"b":{"c":{},"d":[]}})");
  EXPECT_EQ(ExitCodeOf([] { CanonicalJson(nlohmann::json::parse("[1.5]")); }), kExitInput);
}

TEST(Merkle, EveryLeafOfEveryTreeUpTo33) {
  std::vector<std::string> leaves;
  for (int i = 0; i < 33; ++i) leaves.push_back("leaf " + std::to_string(i));
  for (size_t n = 1; n <= leaves.size(); ++n) {
    std::vector<std::string> d(leaves.begin(), leaves.begin() + n);
    const std::string root = Mth(d, 0, n);
    for (size_t m = 0; m < n; ++m) {
      std::vector<std::string> proof;
      Path(d, m, 0, n, proof);
      std::string why;
      EXPECT_EQ(Hex(RootFromInclusionProof(m, n, LeafHash(d[m]), proof, &why)), Hex(root))
          << "leaf " << m << " of " << n << ": " << why;
      if (proof.empty()) continue;
      // Any flipped bit, a hash too few or too many, or the wrong index leads elsewhere.
      std::vector<std::string> bad = proof;
      bad.back()[5] ^= 1;
      EXPECT_NE(RootFromInclusionProof(m, n, LeafHash(d[m]), bad, &why), root);
      bad = proof;
      bad.pop_back();
      EXPECT_NE(RootFromInclusionProof(m, n, LeafHash(d[m]), bad, &why), root);
      bad = proof;
      bad.push_back(root);
      EXPECT_EQ(RootFromInclusionProof(m, n, LeafHash(d[m]), bad, &why), "");
      EXPECT_NE(RootFromInclusionProof((m + 1) % n, n, LeafHash(d[m]), proof, &why), root);
    }
  }
  std::string why;
  EXPECT_EQ(RootFromInclusionProof(5, 5, LeafHash("x"), {}, &why), "");
  EXPECT_FALSE(why.empty());
  EXPECT_EQ(Hex(NodeHash("a", "b")), Hex(Sha256(std::string("\1ab"))));
}

TEST(TrustedRoot, Rfc3339) {
  // date -u -d 2022-04-13T20:06:15Z +%s
  EXPECT_EQ(ParseRfc3339("2022-04-13T20:06:15.000Z"), 1649880375);
  EXPECT_EQ(ParseRfc3339("2022-04-13T20:06:15Z"), 1649880375);
  EXPECT_EQ(ParseRfc3339("2022-04-13T22:06:15+02:00"), 1649880375);
  EXPECT_EQ(ParseRfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseRfc3339("2024-02-29T23:59:59.999999Z"), 1709251199);
  for (const char* bad : {"", "2022-04-13", "2022-13-01T00:00:00Z", "2022-04-13T20:06:15",
                          "2022-04-13T25:00:00Z", "2022-04-13 20:06:15Z", "x022-04-13T20:06:15Z"}) {
    EXPECT_FALSE(ParseRfc3339(bad).has_value()) << bad;
  }
}

TEST(TrustedRoot, TheEmbeddedRootIsThePublicGoodOne) {
  const std::string file = std::string(SOVAUDIT_SOURCE_DIR) + "/rules/sigstore_trusted_root.json";
  const TrustedRoot& root = ProductionRoot();
  EXPECT_EQ(root.sha256, Hex(Sha256(ReadTextFile(file))));
  // The same bytes as the copy from sigstore/root-signing in the third-party folder.
  EXPECT_EQ(root.sha256, Hex(Sha256(ReadTextFile(kData + "trusted_root.json"))));
  EXPECT_EQ(root.tlogs.size(), 2u);  // rekor.sigstore.dev and log2025-1.rekor.sigstore.dev
  EXPECT_GE(root.certificate_authorities.size(), 2u);
  EXPECT_GE(root.ctlogs.size(), 2u);
  EXPECT_EQ(root.timestamp_authorities.size(), 1u);
  EXPECT_EQ(ProductionRootDate().size(), 10u);
}

TEST(TrustedRoot, ClientTrustConfigAndErrors) {
  std::string bare = ReadTextFile(kData + "trusted_root.staging.json");
  auto config = nlohmann::json{
      {"mediaType", "application/vnd.dev.sigstore.clienttrustconfig.v0.1+json"},
      {"trustedRoot", nlohmann::json::parse(bare)},
      {"signingConfig", nlohmann::json::object()}};
  TrustedRoot a = ParseTrustedRoot(bare, "staging.json");
  TrustedRoot b = ParseTrustedRoot(config.dump(), "config.json");
  EXPECT_EQ(a.tlogs.size(), b.tlogs.size());
  EXPECT_EQ(a.certificate_authorities.size(), b.certificate_authorities.size());
  EXPECT_EQ(a.ctlogs.size(), b.ctlogs.size());

  auto root = nlohmann::json::parse(bare);
  EXPECT_EQ(ExitCodeOf([] { ParseTrustedRoot("{", "x.json"); }), kExitInput);
  EXPECT_NE(ErrorOf([] { ParseTrustedRoot("{", "x.json"); }).find("x.json"), std::string::npos);
  auto edited = root;
  edited["mediaType"] = "application/vnd.example+json";
  EXPECT_EQ(ExitCodeOf([&] { ParseTrustedRoot(edited.dump(), "x.json"); }), kExitInput);
  edited = root;
  edited["tlogs"][0]["publicKey"]["validFor"]["start"] = "yesterday";
  EXPECT_EQ(ExitCodeOf([&] { ParseTrustedRoot(edited.dump(), "x.json"); }), kExitInput);
  edited = root;
  edited["tlogs"][0]["logId"]["keyId"] = "not base64!";
  EXPECT_EQ(ExitCodeOf([&] { ParseTrustedRoot(edited.dump(), "x.json"); }), kExitInput);
}

// The staging Rekor v2 bundle: hashedrekord 0.0.2, Ed25519 checkpoint with witness lines, an
// RFC 3161 timestamp, no SET. Its statement names no file here, so it is checked below the OMS
// layer, straight through VerifyKeyless.
struct StagingBundle {
  oms::Bundle bundle = oms::ParseBundle(ReadTextFile(kData + "rekor-v2-staging/a.txt.sigstore.json"),
                                        "a.txt.sigstore.json");
  TrustedRoot root = ParseTrustedRoot(ReadTextFile(kData + "trusted_root.staging.json"), "staging");
  KeylessResult Verify(const KeylessMaterial& m, const std::string& identity = kStagingIdentity,
                       const std::string& issuer = kGithubIssuer) const {
    return VerifyKeyless(m, bundle.payload_type, bundle.payload, bundle.signature, root,
                         {identity, issuer});
  }
};

TEST(Keyless, StagingRekorV2BundleVerifies) {
  StagingBundle s;
  ASSERT_EQ(s.bundle.material, oms::Bundle::Material::kKeyless);
  KeylessResult r = s.Verify(s.bundle.keyless);
  ASSERT_TRUE(r.ok) << Name(r.failed) << ": " << r.message;
  EXPECT_EQ(r.identity, kStagingIdentity);
  EXPECT_EQ(r.issuer, kGithubIssuer);
  EXPECT_NE(r.log.find("Rekor v2"), std::string::npos) << r.log;
  ASSERT_EQ(r.verified_times.size(), 1u);  // the TSA's genTime: Rekor v2 has no SET
  // The production root does not know the staging logs.
  KeylessResult prod = VerifyKeyless(s.bundle.keyless, s.bundle.payload_type, s.bundle.payload,
                                     s.bundle.signature, ProductionRoot(),
                                     {kStagingIdentity, kGithubIssuer});
  EXPECT_FALSE(prod.ok);
  EXPECT_EQ(Name(prod.failed), "log") << prod.message;
}

TEST(Keyless, StagingRekorV2BundleEachPartBites) {
  StagingBundle s;
  auto fails_at = [&](const KeylessMaterial& m, std::string_view check) {
    KeylessResult r = s.Verify(m);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(Name(r.failed), check) << r.message;
  };
  KeylessMaterial m = s.bundle.keyless;
  ASSERT_EQ(m.tlog_entries.size(), 1u);
  m.tlog_entries[0].hashes[0][0] ^= 1;
  fails_at(m, "inclusion-proof");
  m = s.bundle.keyless;
  m.tlog_entries[0].proof_log_index += 1;
  fails_at(m, "inclusion-proof");
  m = s.bundle.keyless;
  // The checkpoint's signature line: one base64 character changed.
  std::string& note = m.tlog_entries[0].checkpoint;
  size_t sig = note.find("\n\xE2\x80\x94 ");
  ASSERT_NE(sig, std::string::npos);
  size_t last = note.find('\n', sig + 1);
  note[last - 3] = note[last - 3] == 'A' ? 'B' : 'A';
  fails_at(m, "checkpoint");
  m = s.bundle.keyless;
  m.tlog_entries[0].log_key_id[0] ^= 1;
  fails_at(m, "log");
  m = s.bundle.keyless;
  m.rfc3161_timestamps.clear();
  fails_at(m, "timestamp");
  m = s.bundle.keyless;
  m.rfc3161_timestamps[0][m.rfc3161_timestamps[0].size() - 10] ^= 1;
  fails_at(m, "timestamp");
  m = s.bundle.keyless;
  m.certificates[0][m.certificates[0].size() - 20] ^= 1;  // inside the CA's signature
  KeylessResult cert = s.Verify(m);
  EXPECT_FALSE(cert.ok);
  EXPECT_TRUE(Name(cert.failed) == "entry" || Name(cert.failed) == "certificate") << cert.message;
  EXPECT_EQ(Name(s.Verify(s.bundle.keyless, kStagingIdentity + "x").failed), "identity");
  EXPECT_EQ(Name(s.Verify(s.bundle.keyless, kStagingIdentity, "https://accounts.google.com").failed),
            "issuer");
  KeylessResult payload = VerifyKeyless(s.bundle.keyless, s.bundle.payload_type,
                                        s.bundle.payload + " ", s.bundle.signature, s.root,
                                        {kStagingIdentity, kGithubIssuer});
  EXPECT_FALSE(payload.ok);
}

}  // namespace
}  // namespace sov::sigstore
