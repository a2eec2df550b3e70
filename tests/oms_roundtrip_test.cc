// OMS sign-then-verify with fresh keys, serialisation (order, shards, root digest) checked
// against independent computations, crafted statements (legacy variants, hostile names).

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "src/oms/bundle.h"
#include "src/crypto/crypto.h"
#include "src/oms/oms.h"
#include "src/oms/serialize.h"
#include "src/util/error.h"
#include "tests/oms_test_util.h"

namespace sov::oms {
namespace {
namespace fs = std::filesystem;
using testing::Contains;
using testing::FlipByte;
using testing::GenerateKey;
using testing::ReadFile;
using testing::Sha256HexOf;
using testing::TempDir;
using testing::WriteFile;

// A model with nested folders, an empty file and names whose string order differs from the
// path-component order ("a-c" < "a/b" as strings, but a/b comes first by components).
// Returns the files in the reference order.
std::vector<std::string> MakeModel(const fs::path& dir, size_t big) {
  std::vector<std::pair<std::string, std::string>> files = {
      {"a/b", testing::RandomBytes(100, 1)},     {"a/deep/er/w.bin", testing::RandomBytes(333, 2)},
      {"a-c", testing::RandomBytes(64, 3)},      {"empty", ""},
      {"weights.bin", testing::RandomBytes(big, 4)}};
  for (const auto& [name, data] : files) WriteFile(dir / name, data);
  std::vector<std::string> names;
  for (const auto& f : files) names.push_back(f.first);
  return names;
}

// The root digest from per-file digests, computed separately: shards in the test, whole files
// with sha256sum, xxd and sha256sum in a shell.
std::string IndependentRoot(const fs::path& dir, const std::vector<std::string>& names, uint64_t shard) {
  if (shard == 0) {
    std::string cmd = "cd '" + dir.string() + "' && sha256sum";
    for (const auto& n : names) cmd += " '" + n + "'";
    cmd += " | cut -c1-64 | xxd -r -p | sha256sum";
    return testing::RunCommand(cmd).substr(0, 64);
  }
  std::string concat;
  for (const auto& n : names) {
    std::string data = ReadFile(n == "." ? dir : dir / n);
    for (size_t at = 0; at < data.size(); at += shard) {
      concat += Sha256Raw(data.substr(at, shard));
    }
  }
  return Sha256HexOf(concat);
}

struct Case {
  std::string curve;
  uint64_t shard;  // 0 = files
};

class OmsRoundTrip : public ::testing::TestWithParam<Case> {};

TEST_P(OmsRoundTrip, FolderModelSignsVerifiesAndDetectsChanges) {
  const Case c = GetParam();
  TempDir tmp;
  fs::path model = tmp.path() / "my-model";
  // 1-byte and 7-byte shards stay on a small model; 1 MiB shards get a 2.5 MiB file.
  std::vector<std::string> names = MakeModel(model, c.shard >= (1u << 20) || c.shard == 0 ? (5u << 19) : 2000);
  auto key = GenerateKey(tmp.path(), c.curve);
  SignOptions so;
  so.private_key = key.private_pem;
  so.signature = model / "model.sig";
  so.serialization.method = c.shard ? SerializationOptions::kShards : SerializationOptions::kFiles;
  if (c.shard) so.serialization.shard_size = c.shard;
  std::string bundle = Sign(model, so);
  WriteFile(so.signature, bundle);

  VerifyResult r = Verify(model, so.signature, VerifyKey{key.public_pem, {}, {}}, {});
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(r.root_digest, IndependentRoot(model, names, c.shard));
  EXPECT_EQ(r.method, c.shard ? "shards" : "files");
  std::vector<std::string> signed_files = names;
  if (c.shard) signed_files.erase(std::find(signed_files.begin(), signed_files.end(), "empty"));
  EXPECT_EQ(r.files, signed_files);  // empty files have no shards

  auto j = nlohmann::json::parse(bundle);
  auto st = nlohmann::json::parse(Base64Decode(j["dsseEnvelope"]["payload"].get<std::string>(), "payload"));
  EXPECT_EQ(st["subject"][0]["name"], "my-model");
  if (c.shard) {
    EXPECT_EQ(st["predicate"]["serialization"]["shard_size"], c.shard);
    EXPECT_EQ(st["predicate"]["resources"][0]["algorithm"], "sha256-sharded-" + std::to_string(c.shard));
    EXPECT_EQ(st["predicate"]["resources"][0]["name"], "a/b:0:" + std::to_string(std::min<uint64_t>(c.shard, 100)));
  } else {
    EXPECT_EQ(st["predicate"]["resources"][0]["name"], "a/b");
    EXPECT_EQ(st["predicate"]["resources"][2]["name"], "a-c");
  }

  FlipByte(model / "weights.bin", 1500);
  r = Verify(model, so.signature, VerifyKey{key.public_pem, {}, {}}, {});
  EXPECT_FALSE(r.ok);
  std::string expected_name = "weights.bin";
  if (c.shard) {
    uint64_t start = 1500 / c.shard * c.shard;
    expected_name += ":" + std::to_string(start) + ":" + std::to_string(start + c.shard);
  }
  EXPECT_TRUE(Contains(r.message, "'" + expected_name + "': sha256 digest mismatch: expected "));
}

TEST_P(OmsRoundTrip, SingleFileModelWithSignatureOutside) {
  const Case c = GetParam();
  TempDir tmp;
  fs::path file = tmp.path() / "model.safetensors";
  WriteFile(file, testing::RandomBytes(c.shard == 1 || c.shard == 7 ? 50 : (3u << 19) + 11, 9));
  auto key = GenerateKey(tmp.path(), c.curve);
  SignOptions so;
  so.private_key = key.private_pem;
  so.signature = tmp.path() / "model.sig";
  so.serialization.method = c.shard ? SerializationOptions::kShards : SerializationOptions::kFiles;
  if (c.shard) so.serialization.shard_size = c.shard;
  WriteFile(so.signature, Sign(file, so));
  VerifyResult r = Verify(file, so.signature, VerifyKey{key.public_pem, {}, {}}, {});
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(r.files, std::vector<std::string>{"."});
  EXPECT_EQ(r.root_digest, IndependentRoot(file, {"."}, c.shard ? c.shard : UINT64_MAX));
  FlipByte(file, 0);
  EXPECT_FALSE(Verify(file, so.signature, VerifyKey{key.public_pem, {}, {}}, {}).ok);
}

INSTANTIATE_TEST_SUITE_P(OmsCurves, OmsRoundTrip,
                         ::testing::Values(Case{"P-256", 0}, Case{"P-256", 1}, Case{"P-256", 7},
                                           Case{"P-256", 1u << 20}, Case{"P-384", 0}, Case{"P-384", 7},
                                           Case{"P-384", 1u << 20}, Case{"P-521", 0}, Case{"P-521", 1},
                                           Case{"P-521", 1u << 20}),
                         [](const auto& info) {
                           std::string name = info.param.curve.substr(2) + "_";
                           return name + (info.param.shard ? "shard" + std::to_string(info.param.shard) : "files");
                         });

TEST(OmsSerialize, ThreadCountDoesNotChangeTheManifest) {
  TempDir tmp;
  MakeModel(tmp.path(), 100000);
  SerializationOptions a;
  a.method = SerializationOptions::kShards;
  a.shard_size = 4096;
  a.threads = 1;
  SerializationOptions b = a;
  b.threads = 8;
  Manifest ma = ComputeManifest(tmp.path(), a), mb = ComputeManifest(tmp.path(), b);
  ASSERT_EQ(ma.resources.size(), mb.resources.size());
  for (size_t i = 0; i < ma.resources.size(); ++i) {
    EXPECT_EQ(ma.resources[i].name, mb.resources[i].name);
    EXPECT_EQ(ma.resources[i].digest, mb.resources[i].digest);
  }
  EXPECT_EQ(RootDigest(ma), RootDigest(mb));
}

TEST(OmsSerialize, ResourceNamesAreValidated) {
  EXPECT_THROW(ParseResourceName("../x", false, 0), Error);
  EXPECT_THROW(ParseResourceName("a/../../x", false, 0), Error);
  EXPECT_THROW(ParseResourceName("/etc/passwd", false, 0), Error);
  EXPECT_THROW(ParseResourceName("a//b", false, 0), Error);
  EXPECT_THROW(ParseResourceName("a:1:1", true, 10), Error);
  EXPECT_THROW(ParseResourceName("a:0:11", true, 10), Error);
  EXPECT_THROW(ParseResourceName("a:x:3", true, 10), Error);
  EXPECT_EQ(ParseResourceName("we:ird:0:10", true, 10).file, "we:ird");
  EXPECT_EQ(ParseResourceName(".", false, 0).file, ".");
}

TEST(OmsSerialize, PythonBytesReprAndPae) {
  EXPECT_EQ(PythonBytesRepr(std::string("a'b\n\0\xff", 6)), "b\"a'b\\n\\x00\\xff\"");
  EXPECT_EQ(PythonBytesRepr("x\"y'\\"), "b'x\"y\\'\\\\'");
  EXPECT_EQ(Pae("t", "ab"), "DSSEv1 1 t 2 ab");
  EXPECT_EQ(PaeCompat("t", "a\tb"), "DSSEV1 1 t 3 b'a\\tb'");
}

// Signs a hand-written statement with `key`: for crafted and legacy payloads.
std::string CraftBundle(const fs::path& key_pem, const std::string& payload, bool legacy_pae) {
  Pkey key = LoadPrivateKeyPem(key_pem);
  Bundle b;
  b.key_hint = KeyFingerprint(key.get());
  b.payload_type = std::string(kInTotoPayloadType);
  b.payload = payload;
  b.signature = legacy_pae ? SignDer(key.get(), PaeCompat(b.payload_type, payload), EVP_sha256())
                           : SignDer(key.get(), Pae(b.payload_type, payload), DigestForKey(key.get()));
  return BundleJson(b);
}

nlohmann::json StatementFor(const Manifest& m) {
  return nlohmann::json::parse(StatementJson("m", m, {}, false));
}

TEST(OmsCrafted, HostileResourceNamesAreRejected) {
  TempDir tmp;
  fs::path model = tmp.path() / "m";
  WriteFile(model / "f", "data");
  auto key = GenerateKey(tmp.path(), "P-256");
  for (const std::string name : {"../escape", "/etc/passwd", "a/../../b"}) {
    Manifest m = ComputeManifest(model, {});
    m.resources[0].name = name;
    WriteFile(tmp.path() / "x.sig", CraftBundle(key.private_pem, StatementFor(m).dump(2), false));
    try {
      Verify(model, tmp.path() / "x.sig", VerifyKey{key.public_pem, {}, {}}, {});
      ADD_FAILURE() << name << " accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.exit_code(), kExitInput);
      EXPECT_TRUE(Contains(e.what(), "resource name '" + name + "'"));
    }
  }
}

TEST(OmsCrafted, FloatShardSizeAndInconsistentRoot) {
  TempDir tmp;
  fs::path model = tmp.path() / "m";
  WriteFile(model / "f", testing::RandomBytes(20, 5));
  auto key = GenerateKey(tmp.path(), "P-384");
  SerializationOptions so;
  so.method = SerializationOptions::kShards;
  so.shard_size = 7;
  nlohmann::json st = StatementFor(ComputeManifest(model, so));
  st["predicate"]["serialization"]["shard_size"] = 7.0;
  std::string payload = st.dump(2);
  ASSERT_TRUE(Contains(payload, "\"shard_size\": 7.0"));
  WriteFile(tmp.path() / "x.sig", CraftBundle(key.private_pem, payload, false));
  VerifyResult r = Verify(model, tmp.path() / "x.sig", VerifyKey{key.public_pem, {}, {}}, {});
  EXPECT_TRUE(r.ok) << r.message;
  EXPECT_EQ(r.shard_size, 7u);

  st["subject"][0]["digest"]["sha256"] = std::string(64, '0');
  WriteFile(tmp.path() / "x.sig", CraftBundle(key.private_pem, st.dump(2), false));
  r = Verify(model, tmp.path() / "x.sig", VerifyKey{key.public_pem, {}, {}}, {});
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(Contains(r.message, "signed manifest is inconsistent"));
}

TEST(OmsCrafted, LegacyDigestsPredicateWithCompatPae) {
  TempDir tmp;
  fs::path model = tmp.path() / "m";
  WriteFile(model / "d/f1", "one");
  WriteFile(model / "f2", "it's \"two\"\n");
  auto key = GenerateKey(tmp.path(), "P-384");
  nlohmann::json st = {{"_type", "https://in-toto.io/Statement/v1"},
                       {"predicateType", "https://model_signing/Digests/v0.1"},
                       {"predicate", {{"unused", true}}}};
  for (const std::string name : {"d/f1", "f2"}) {
    st["subject"].push_back({{"name", name},
                             {"digest", {{"sha256", Sha256HexOf(ReadFile(model / name))}}},
                             {"annotations", {{"actual_hash_algorithm", "file-sha256"}}}});
  }
  WriteFile(tmp.path() / "x.sig", CraftBundle(key.private_pem, st.dump(), true));
  VerifyResult r = Verify(model, tmp.path() / "x.sig", VerifyKey{key.public_pem, {}, {}}, {});
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_TRUE(Contains(r.bundle_variant, "pre-1.0 PAE"));
  EXPECT_EQ(r.predicate_type, "https://model_signing/Digests/v0.1");
  WriteFile(model / "f2", "changed");
  EXPECT_FALSE(Verify(model, tmp.path() / "x.sig", VerifyKey{key.public_pem, {}, {}}, {}).ok);
}

}  // namespace
}  // namespace sov::oms
