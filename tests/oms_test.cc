// OMS verification against the reference tool's vectors, and the ways it must fail.

#include "src/oms/oms.h"

#include <gtest/gtest.h>

#include <functional>

#include <nlohmann/json.hpp>

#include "src/oms/bundle.h"
#include "src/crypto/crypto.h"
#include "src/oms/serialize.h"
#include "src/util/error.h"
#include "tests/oms_test_util.h"

namespace sov::oms {
namespace {
namespace fs = std::filesystem;
using testing::CopyWritable;
using testing::FlipByte;
using testing::InteropDir;
using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

constexpr char kVectorKeyHint[] = "e8450dec4eb99dae995da9af1bc2cc9f76ed669ee2e744f57abba763df3e3f8e";

VerifyKey PublicKey(const fs::path& p) { return VerifyKey{p, {}, {}}; }
VerifyKey Anchors(std::vector<fs::path> p) { return VerifyKey{{}, std::move(p), {}}; }
fs::path VectorPub() { return InteropDir() / "keys" / "signing-key-pub.pem"; }

// --- The reference commands of interop/README.md ------------------------------------------

TEST(OmsVectors, V110EllipticKeyVerifies) {
  fs::path dir = InteropDir() / "v1.1.0-elliptic-key";
  VerifyOptions opt;
  opt.ignore_paths = {dir / "ignore-me"};  // README: --ignore-paths v1.1.0-elliptic-key/ignore-me
  VerifyResult r = Verify(dir, dir / "model.sig", PublicKey(VectorPub()), opt);
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(r.key_fingerprint, kVectorKeyHint);
  EXPECT_EQ(r.signer, std::string("key sha256:") + kVectorKeyHint);
  EXPECT_EQ(r.method, "files");
  EXPECT_EQ(r.predicate_type, "https://model_signing/signature/v1.0");
  EXPECT_EQ(r.root_digest, "92745110b1ab4368471cbe31664e10174e954b113a3df333db860317b2c6dec4");
  EXPECT_EQ(r.files, (std::vector<std::string>{"signme-1", "signme-2"}));
  EXPECT_EQ(r.bundle_variant, "v1.1 public key hint");
  // The signature records ignore-me itself, so it verifies without --ignore-paths too.
  EXPECT_TRUE(Verify(dir, dir / "model.sig", PublicKey(VectorPub()), {}).ok);
}

TEST(OmsVectors, V110CertificateVerifies) {
  fs::path dir = InteropDir() / "v1.1.0-certificate";
  VerifyOptions opt;
  opt.ignore_paths = {dir / "ignore-me"};
  VerifyResult r = Verify(dir, dir / "model.sig", Anchors({InteropDir() / "keys" / "ca-cert.pem"}), opt);
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(r.cert_subject, "CN=intermediate-ca");
  EXPECT_EQ(r.cert_issuer, "CN=intermediate-ca");
  EXPECT_EQ(r.bundle_variant, "certificate chain");
  EXPECT_EQ(r.root_digest, "61d4849d9d90076d6215f4d525f13d6574af8e3f67aef3e6f36fc40a14fdd226");
  EXPECT_EQ(r.key_fingerprint, kVectorKeyHint);
  // Valid until 2035, so it also verifies at the current time.
  opt.cert_time = VerifyOptions::kNow;
  EXPECT_TRUE(Verify(dir, dir / "model.sig", Anchors({InteropDir() / "keys" / "ca-cert.pem"}), opt).ok);
}

TEST(OmsVectors, V100SingleFileVerifies) {
  fs::path dir = InteropDir() / "v1.0.0-elliptic-key";
  VerifyResult r = Verify(dir / "signme-1", dir / "model.sig", PublicKey(VectorPub()), {});
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(r.files, std::vector<std::string>{"."});
  EXPECT_EQ(r.root_digest, "afa48c8674afe334b8a7dea34f7b46ab256e9255edf8da2132792341b667a45b");
  EXPECT_TRUE(testing::Contains(r.bundle_variant, "rawBytes"));
}

TEST(OmsVectors, CertificateBundleNeedsTheRightAnchor) {
  fs::path dir = InteropDir() / "v1.1.0-certificate";
  // The intermediate alone is not a trust anchor (no partial chains, as the reference tool).
  VerifyResult r = Verify(dir, dir / "model.sig", Anchors({InteropDir() / "keys" / "int-ca-cert.pem"}), {});
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(testing::Contains(r.message, "certificate chain does not verify"));
  // A key bundle needs a key, a certificate bundle a chain: input errors.
  EXPECT_THROW(Verify(dir, dir / "model.sig", PublicKey(VectorPub()), {}), Error);
  fs::path key_dir = InteropDir() / "v1.1.0-elliptic-key";
  EXPECT_THROW(Verify(key_dir, key_dir / "model.sig", Anchors({InteropDir() / "keys" / "ca-cert.pem"}), {}),
               Error);
}

TEST(OmsVectors, ReferenceKeyWithLeadingTextSignsLikeTheReference) {
  TempDir tmp;
  fs::path model = tmp.path() / "model";
  CopyWritable(InteropDir() / "v1.1.0-elliptic-key", model);
  fs::remove(model / "model.sig");
  SignOptions so;
  so.private_key = InteropDir() / "keys" / "signing-key.pem";
  so.signature = model / "model.sig";
  so.serialization.ignore_paths = {model / "ignore-me"};
  std::string bundle = Sign(model, so);
  WriteFile(model / "model.sig", bundle);
  auto j = nlohmann::json::parse(bundle);
  EXPECT_EQ(j["verificationMaterial"]["publicKey"]["hint"], kVectorKeyHint);
  EXPECT_EQ(j["dsseEnvelope"]["signatures"][0]["keyid"], "");
  // Same files as the reference signature: the same root digest.
  auto st = nlohmann::json::parse(Base64Decode(j["dsseEnvelope"]["payload"].get<std::string>(), "payload"));
  EXPECT_EQ(st["subject"][0]["digest"]["sha256"],
            "92745110b1ab4368471cbe31664e10174e954b113a3df333db860317b2c6dec4");
  std::vector<std::string> ignores = st["predicate"]["serialization"]["ignore_paths"];
  EXPECT_NE(std::find(ignores.begin(), ignores.end(), "model.sig"), ignores.end());
  EXPECT_NE(std::find(ignores.begin(), ignores.end(), "ignore-me"), ignores.end());
  VerifyResult r = Verify(model, model / "model.sig", PublicKey(VectorPub()), {});
  EXPECT_TRUE(r.ok) << r.message;
}

// --- Tampering ----------------------------------------------------------------------------

class OmsTamper : public ::testing::Test {
 protected:
  void SetUp() override {
    model_ = tmp_.path() / "v1.1.0-elliptic-key";
    CopyWritable(InteropDir() / "v1.1.0-elliptic-key", model_);
    sig_ = model_ / "model.sig";
  }
  VerifyResult Run(VerifyOptions opt = {}) { return Verify(model_, sig_, PublicKey(VectorPub()), opt); }
  // Rewrites one base64 field of the DSSE envelope through `edit` on the decoded bytes.
  void EditEnvelope(const std::string& field, const std::function<void(std::string&)>& edit) {
    auto j = nlohmann::json::parse(ReadFile(sig_));
    nlohmann::json* node = &j["dsseEnvelope"];
    if (field == "sig") node = &(*node)["signatures"][0];
    std::string bytes = Base64Decode((*node)[field].get<std::string>(), field);
    edit(bytes);
    (*node)[field] = Base64Encode(bytes);
    WriteFile(sig_, j.dump());
  }

  TempDir tmp_;
  fs::path model_, sig_;
};

TEST_F(OmsTamper, UntouchedCopyVerifies) { EXPECT_TRUE(Run().ok) << Run().message; }

TEST_F(OmsTamper, FlippedModelByteNamesFileAndDigests) {
  FlipByte(model_ / "signme-1", 3);
  VerifyResult r = Run();
  EXPECT_FALSE(r.ok);
  std::string actual = testing::Sha256HexOf(ReadFile(model_ / "signme-1"));
  EXPECT_EQ(r.message, "'signme-1': sha256 digest mismatch: expected "
                       "bc9a717db6064a32cbe9eae6fc40651dd6d36ef1757183f590eff2b1765d7ebc, actual " + actual);
}

TEST_F(OmsTamper, FlippedPayloadByteFailsSignature) {
  EditEnvelope("payload", [](std::string& p) {
    size_t at = p.find("bc9a717d");
    ASSERT_NE(at, std::string::npos);
    p[at] = 'a';  // a digest the attacker would like signed
  });
  VerifyResult r = Run();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.message, "DSSE signature does not verify with the given public key");
}

TEST_F(OmsTamper, FlippedSignatureByteFails) {
  EditEnvelope("sig", [](std::string& s) { s[s.size() - 1] ^= 1; });
  VerifyResult r = Run();
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(testing::Contains(r.message, "DSSE signature does not verify"));
}

TEST_F(OmsTamper, WrongKeyFails) {
  auto key = testing::GenerateKey(tmp_.path(), "P-384");
  VerifyResult r = Verify(model_, sig_, PublicKey(key.public_pem), {});
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(testing::Contains(r.message, "DSSE signature does not verify with the given public key"));
  EXPECT_TRUE(testing::Contains(r.message, std::string("key hint ") + kVectorKeyHint));
  EXPECT_TRUE(testing::Contains(r.message, "wrong key?"));
}

TEST_F(OmsTamper, AddedFileFailsUnlessUnsignedFilesAreIgnored) {
  WriteFile(model_ / "sub" / "extra.bin", "extra");
  VerifyResult r = Run();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.message, "file 'sub/extra.bin' is in the model but not in the signature");
  VerifyOptions opt;
  opt.ignore_unsigned_files = true;
  r = Run(opt);
  EXPECT_TRUE(r.ok) << r.message;
  EXPECT_EQ(r.ignored_files, std::vector<std::string>{"sub/extra.bin"});
  // An ignored path is not hashed and not reported either.
  opt = {};
  opt.ignore_paths = {model_ / "sub"};
  EXPECT_TRUE(Run(opt).ok);
}

TEST_F(OmsTamper, RemovedFileFailsEvenWhenUnsignedFilesAreIgnored) {
  fs::remove(model_ / "signme-2");
  VerifyResult r = Run();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.message, "file 'signme-2' is signed but missing from the model");
  VerifyOptions opt;
  opt.ignore_unsigned_files = true;
  EXPECT_FALSE(Run(opt).ok);
}

TEST_F(OmsTamper, DefaultIgnoresAndSymlinks) {
  WriteFile(model_ / ".git" / "HEAD", "ref: refs/heads/main\n");
  WriteFile(model_ / ".gitattributes", "*.bin filter=lfs\n");
  EXPECT_TRUE(Run().ok);
  fs::create_symlink("signme-1", model_ / "link");
  EXPECT_THROW(Run(), Error);
  VerifyOptions opt;
  opt.allow_symlinks = true;
  VerifyResult r = Run(opt);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.message, "file 'link' is in the model but not in the signature");
}

TEST_F(OmsTamper, MalformedBundleIsAnInputError) {
  WriteFile(sig_, "{not json");
  try {
    Run();
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), kExitInput);
    EXPECT_EQ(e.location().file, sig_.string());
    EXPECT_TRUE(testing::Contains(e.what(), "invalid JSON"));
  }
}

}  // namespace
}  // namespace sov::oms
