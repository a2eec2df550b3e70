// OMS certificate method: signing with a certificate chain and checking chains at the leaf's
// notBefore time or now, and the signing-usage requirement. Certificates are made with the
// OpenSSL X509 API in the test.

#include <gtest/gtest.h>
#include <openssl/x509v3.h>

#include <nlohmann/json.hpp>

#include "src/crypto/crypto.h"
#include "src/oms/oms.h"
#include "src/util/error.h"
#include "tests/oms_test_util.h"

namespace sov::oms {
namespace {
namespace fs = std::filesystem;
using testing::Contains;
using testing::TempDir;
using testing::WriteFile;

struct CertSpec {
  std::string cn;
  bool ca = false;
  std::string key_usage;   // e.g. "critical,digitalSignature"; empty: none
  std::string ext_usage;   // e.g. "codeSigning"; empty: none
  long from_days = -1;     // validity relative to now
  long to_days = 365;
};

void AddExt(X509* cert, X509* issuer, int nid, const std::string& value) {
  if (value.empty()) return;
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  ASSERT_NE(ext, nullptr) << value;
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// A certificate for `key`, signed by issuer_key (self-signed when issuer is null).
X509Ptr MakeCert(const CertSpec& spec, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key) {
  X509Ptr cert(X509_new());
  EXPECT_TRUE(cert);
  X509_set_version(cert.get(), 2);
  static long serial = 1;
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial++);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), spec.from_days * 86400);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), spec.to_days * 86400);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(spec.cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
  X509_set_pubkey(cert.get(), key);
  X509* iss = issuer ? issuer : cert.get();
  AddExt(cert.get(), iss, NID_basic_constraints, spec.ca ? "critical,CA:TRUE" : "CA:FALSE");
  AddExt(cert.get(), iss, NID_key_usage, spec.key_usage);
  AddExt(cert.get(), iss, NID_ext_key_usage, spec.ext_usage);
  AddExt(cert.get(), iss, NID_subject_key_identifier, "hash");
  AddExt(cert.get(), iss, NID_authority_key_identifier, "keyid");
  EXPECT_GT(X509_sign(cert.get(), issuer_key, EVP_sha256()), 0);
  return cert;
}

void WriteCert(const fs::path& p, X509* cert) {
  Bio bio(BIO_new(BIO_s_mem()));
  ASSERT_EQ(PEM_write_bio_X509(bio.get(), cert), 1);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  WriteFile(p, "Some text before the certificate\n" + std::string(data, static_cast<size_t>(len)));
}

class OmsCertificates : public ::testing::Test {
 protected:
  void SetUp() override {
    model_ = tmp_.path() / "model";
    WriteFile(model_ / "w.bin", testing::RandomBytes(5000, 3));
    auto root_key = testing::GenerateKey(tmp_.path(), "P-384");
    auto int_key = testing::GenerateKey(tmp_.path(), "P-521");
    leaf_key_ = testing::GenerateKey(tmp_.path(), "P-256");
    root_pkey_ = LoadPrivateKeyPem(root_key.private_pem);
    int_pkey_ = LoadPrivateKeyPem(int_key.private_pem);
    leaf_pkey_ = LoadPrivateKeyPem(leaf_key_.private_pem);
    root_ = MakeCert({"test-root", true, "critical,keyCertSign", "", -30, 3650}, root_pkey_.get(), nullptr,
                     root_pkey_.get());
    int_ = MakeCert({"test-intermediate", true, "critical,keyCertSign", "", -30, 3650}, int_pkey_.get(),
                    root_.get(), root_pkey_.get());
    WriteCert(tmp_.path() / "root.pem", root_.get());
    WriteCert(tmp_.path() / "int.pem", int_.get());
  }

  // Signs the model with a leaf made from `spec` and verifies it against the root.
  VerifyResult SignAndVerify(const CertSpec& spec, VerifyOptions::CertTime when) {
    X509Ptr leaf = MakeCert(spec, leaf_pkey_.get(), int_.get(), int_pkey_.get());
    WriteCert(tmp_.path() / "leaf.pem", leaf.get());
    SignOptions so;
    so.private_key = leaf_key_.private_pem;
    so.signing_certificate = tmp_.path() / "leaf.pem";
    so.certificate_chain = {tmp_.path() / "int.pem"};
    so.signature = tmp_.path() / "model.sig";
    WriteFile(so.signature, Sign(model_, so));
    VerifyOptions vo;
    vo.cert_time = when;
    return Verify(model_, so.signature, VerifyKey{{}, {tmp_.path() / "root.pem"}, {}}, vo);
  }

  TempDir tmp_;
  fs::path model_;
  testing::KeyFiles leaf_key_;
  Pkey root_pkey_, int_pkey_, leaf_pkey_;
  X509Ptr root_, int_;
};

TEST_F(OmsCertificates, ChainSignsAndVerifies) {
  VerifyResult r = SignAndVerify({"signer", false, "critical,digitalSignature", "", -1, 365},
                                 VerifyOptions::kNow);
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(r.cert_subject, "CN=signer");
  EXPECT_EQ(r.cert_issuer, "CN=test-intermediate");
  EXPECT_EQ(r.signer, "certificate subject CN=signer, issuer CN=test-intermediate");
  auto j = nlohmann::json::parse(testing::ReadFile(tmp_.path() / "model.sig"));
  EXPECT_EQ(j["verificationMaterial"]["x509CertificateChain"]["certificates"].size(), 2u);
  // Tampering with the model still fails.
  testing::FlipByte(model_ / "w.bin", 10);
  VerifyOptions vo;
  EXPECT_FALSE(Verify(model_, tmp_.path() / "model.sig", VerifyKey{{}, {tmp_.path() / "root.pem"}, {}}, vo).ok);
}

TEST_F(OmsCertificates, CodeSigningEkuAloneIsEnough) {
  VerifyResult r = SignAndVerify({"signer", false, "critical,keyAgreement", "codeSigning", -1, 365},
                                 VerifyOptions::kLeafNotBefore);
  EXPECT_TRUE(r.ok) << r.message;
}

TEST_F(OmsCertificates, LeafWithoutSigningUsageFails) {
  VerifyResult r = SignAndVerify({"signer", false, "critical,keyAgreement", "serverAuth", -1, 365},
                                 VerifyOptions::kLeafNotBefore);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.message, "signing certificate 'CN=signer' allows neither KeyUsage digitalSignature nor "
                       "ExtendedKeyUsage codeSigning");
}

TEST_F(OmsCertificates, ExpiredLeafVerifiesAtNotBeforeButNotNow) {
  CertSpec expired{"signer", false, "critical,digitalSignature", "", -20, -10};
  VerifyResult r = SignAndVerify(expired, VerifyOptions::kLeafNotBefore);
  EXPECT_TRUE(r.ok) << r.message;
  r = SignAndVerify(expired, VerifyOptions::kNow);
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(Contains(r.message, "certificate has expired"));
}

TEST_F(OmsCertificates, UntrustedRootFails) {
  auto other = testing::GenerateKey(tmp_.path() / "other", "P-256");
  Pkey other_key = LoadPrivateKeyPem(other.private_pem);
  X509Ptr other_root = MakeCert({"test-root", true, "critical,keyCertSign", "", -30, 3650}, other_key.get(),
                                nullptr, other_key.get());
  WriteCert(tmp_.path() / "root.pem", other_root.get());  // same name, different key
  VerifyResult r = SignAndVerify({"signer", false, "critical,digitalSignature", "", -1, 365},
                                 VerifyOptions::kLeafNotBefore);
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(Contains(r.message, "certificate chain does not verify against the given trust anchors"));
}

TEST_F(OmsCertificates, CertificateMustMatchTheKey) {
  X509Ptr leaf = MakeCert({"signer", false, "critical,digitalSignature", "", -1, 365}, int_pkey_.get(),
                          int_.get(), int_pkey_.get());
  WriteCert(tmp_.path() / "leaf.pem", leaf.get());
  SignOptions so;
  so.private_key = leaf_key_.private_pem;
  so.signing_certificate = tmp_.path() / "leaf.pem";
  EXPECT_THROW(Sign(model_, so), Error);
}

TEST_F(OmsCertificates, VectorKeyAndChainSignLikeTheReference) {
  fs::path keys = testing::InteropDir() / "keys";
  SignOptions so;
  so.private_key = keys / "signing-key.pem";
  so.signing_certificate = keys / "signing-key-cert.pem";
  so.certificate_chain = {keys / "int-ca-cert.pem"};
  WriteFile(tmp_.path() / "v.sig", Sign(model_, so));
  VerifyResult r = Verify(model_, tmp_.path() / "v.sig", VerifyKey{{}, {keys / "ca-cert.pem"}, {}}, {});
  EXPECT_TRUE(r.ok) << r.message;
  EXPECT_EQ(r.cert_subject, "CN=intermediate-ca");
}

}  // namespace
}  // namespace sov::oms
