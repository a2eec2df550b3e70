// Tampering, at scale: 1,050 random single-bit flips and truncations of a signed model, each
// verified through the command line (RunCli, in process): flips in the model's files, in the
// signed payload, in the signature, in the certificates of a certificate-signed bundle, and
// truncations of files and bundles. Every one must be rejected: exit 3 (the signature or a
// digest does not match), or 2 where the change leaves the bundle unparsable; none may verify.
// The random choices come from fixed seeds, so a failure names a case that can be rerun.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "src/crypto/crypto.h"
#include "src/oms/oms.h"
#include "tests/oms_test_util.h"

namespace sov::oms::testing {
namespace {

const fs::path kKeys = InteropDir() / "keys";

int Verify(const std::vector<std::string>& args, std::string* err) {
  std::vector<std::string> argv = {"sovaudit", "verify"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::ostringstream out, e;
  int code = RunCli(argv, out, e);
  *err = e.str();
  return code;
}

// A model of three files, signed with the reference tool's test key (key method) and with its
// certificate and intermediate (certificate method), the bundles outside the model.
class Tamper : public ::testing::Test {
 protected:
  void SetUp() override {
    model_ = dir_.path() / "model";
    files_ = {model_ / "weights-00001.bin", model_ / "weights-00002.bin", model_ / "config.json"};
    WriteFile(files_[0], RandomBytes(3000, 1));
    WriteFile(files_[1], RandomBytes(1777, 2));
    WriteFile(files_[2], "{\"architectures\": [\"LlamaForCausalLM\"]}\n");
    SignOptions key;
    key.private_key = kKeys / "signing-key.pem";
    key_sig_ = dir_.path() / "key.sig";
    WriteFile(key_sig_, Sign(model_, key));
    SignOptions cert = key;
    cert.signing_certificate = kKeys / "signing-key-cert.pem";
    cert.certificate_chain = {kKeys / "int-ca-cert.pem"};
    cert_sig_ = dir_.path() / "cert.sig";
    WriteFile(cert_sig_, Sign(model_, cert));
    std::string err;
    ASSERT_EQ(Verify(KeyArgs(key_sig_), &err), 0) << err;
    ASSERT_EQ(Verify(CertArgs(cert_sig_), &err), 0) << err;
  }
  std::vector<std::string> KeyArgs(const fs::path& sig) const {
    return {model_.string(), "--signature", sig.string(), "--public-key",
            (kKeys / "signing-key-pub.pem").string()};
  }
  std::vector<std::string> CertArgs(const fs::path& sig) const {
    return {model_.string(), "--signature", sig.string(), "--certificate-chain",
            (kKeys / "ca-cert.pem").string()};
  }
  // Verifies after a change and records the outcome; `allowed_2` when an unparsable bundle is
  // a possible result of this kind of change.
  void Expect(const std::string& what, const std::vector<std::string>& args, bool allowed_2) {
    std::string err;
    int code = Verify(args, &err);
    ++outcomes_[what][code];
    ++total_;
    bool ok = code == 3 || (allowed_2 && code == 2);
    EXPECT_TRUE(ok) << what << " #" << outcomes_[what][code] << ": exit " << code << "\n" << err;
  }
  static std::string FlipBit(std::string s, std::mt19937& rng) {
    size_t at = std::uniform_int_distribution<size_t>(0, s.size() - 1)(rng);
    s[at] = static_cast<char>(s[at] ^ (1 << std::uniform_int_distribution<int>(0, 7)(rng)));
    return s;
  }

  TempDir dir_;
  fs::path model_, key_sig_, cert_sig_;
  std::vector<fs::path> files_;
  std::map<std::string, std::map<int, int>> outcomes_;
  int total_ = 0;
};

TEST_F(Tamper, AThousandRandomChangesAreAllRejected) {
  std::mt19937 rng(20261201);
  auto pick = [&rng](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };

  // Model files: one bit anywhere in one file (250), and a file cut short (100); exit 3.
  for (int i = 0; i < 350; ++i) {
    const fs::path& f = files_[pick(files_.size())];
    const std::string original = ReadFile(f);
    bool truncate = i >= 250;
    WriteFile(f, truncate ? original.substr(0, pick(original.size())) : FlipBit(original, rng));
    Expect(truncate ? "model file truncated" : "model file bit", KeyArgs(key_sig_), false);
    WriteFile(f, original);
  }

  // The bundle's signed parts, decoded, one bit changed, encoded again.
  const nlohmann::json key_bundle = nlohmann::json::parse(ReadFile(key_sig_));
  const nlohmann::json cert_bundle = nlohmann::json::parse(ReadFile(cert_sig_));
  const fs::path changed = dir_.path() / "changed.sig";
  auto mutate = [&](nlohmann::json* field) {
    *field = Base64Encode(FlipBit(Base64Decode(field->get<std::string>(), "test"), rng));
  };
  for (int i = 0; i < 200; ++i) {  // the in-toto statement that was signed
    nlohmann::json b = key_bundle;
    mutate(&b["dsseEnvelope"]["payload"]);
    WriteFile(changed, b.dump());
    Expect("payload bit", KeyArgs(changed), true);
  }
  for (int i = 0; i < 200; ++i) {  // the DER ECDSA signature
    nlohmann::json b = key_bundle;
    mutate(&b["dsseEnvelope"]["signatures"][0]["sig"]);
    WriteFile(changed, b.dump());
    Expect("signature bit", KeyArgs(changed), true);
  }
  for (int i = 0; i < 150; ++i) {  // the leaf or the intermediate certificate, DER
    nlohmann::json b = cert_bundle;
    nlohmann::json& certs = b["verificationMaterial"]["x509CertificateChain"]["certificates"];
    mutate(&certs[pick(certs.size())]["rawBytes"]);
    WriteFile(changed, b.dump());
    Expect("certificate bit", CertArgs(changed), true);
  }
  for (int i = 0; i < 50; ++i) {  // the certificate bundle's payload, checked through the chain
    nlohmann::json b = cert_bundle;
    mutate(&b["dsseEnvelope"]["payload"]);
    WriteFile(changed, b.dump());
    Expect("certificate-signed payload bit", CertArgs(changed), true);
  }
  for (int i = 0; i < 100; ++i) {  // bundles cut short: no longer JSON
    const std::string text = ReadFile(i % 2 ? cert_sig_ : key_sig_);
    WriteFile(changed, text.substr(0, pick(text.size())));
    Expect("bundle truncated", i % 2 ? CertArgs(changed) : KeyArgs(changed), true);
  }

  EXPECT_GE(total_, 1000);
  std::ostringstream summary;
  for (const auto& [what, codes] : outcomes_) {
    summary << what << ":";
    for (const auto& [code, n] : codes) summary << " exit " << code << " x" << n;
    summary << "\n";
  }
  std::cout << total_ << " changes\n" << summary.str();
  EXPECT_EQ(outcomes_["model file bit"][0] + outcomes_["payload bit"][0] +
                outcomes_["signature bit"][0] + outcomes_["certificate bit"][0],
            0);
}

}  // namespace
}  // namespace sov::oms::testing
