// OMS signing: hash the model, build the in-toto statement, sign its PAE, wrap it in a bundle
// exactly as the reference tool v1.1 lays it out.

#include <algorithm>

#include "src/oms/bundle.h"
#include "src/crypto/crypto.h"
#include "src/oms/oms.h"
#include "src/oms/serialize.h"
#include "src/util/error.h"

namespace sov::oms {
namespace fs = std::filesystem;
namespace {

// Leaf first, then every certificate of the chain files, as DER. `signer` receives the leaf's
// subject and issuer.
std::vector<std::string> CertificateMaterial(const SignOptions& options, EVP_PKEY* key,
                                             std::string* signer) {
  std::vector<X509Ptr> leaf = LoadCertificatesPem(options.signing_certificate);
  if (X509_check_private_key(leaf[0].get(), key) != 1) {
    OpenSslError();  // clear the queue
    throw Error(Location{options.signing_certificate.string()},
                "the signing certificate does not hold the private key's public key");
  }
  *signer = "certificate subject " + NameToString(X509_get_subject_name(leaf[0].get())) +
            ", issuer " + NameToString(X509_get_issuer_name(leaf[0].get()));
  std::vector<std::string> der = {CertificateDer(leaf[0].get())};
  for (const fs::path& p : options.certificate_chain) {
    for (const X509Ptr& c : LoadCertificatesPem(p)) der.push_back(CertificateDer(c.get()));
  }
  return der;
}

// A bundle with the signer's material: the key's hint, or the certificate chain.
Bundle SignerMaterial(const SignOptions& options, EVP_PKEY* key, std::string* signer) {
  Bundle bundle;
  if (options.signing_certificate.empty()) {
    bundle.material = Bundle::Material::kKeyHint;
    bundle.key_hint = KeyFingerprint(key);
    *signer = "key sha256:" + bundle.key_hint;
  } else {
    bundle.material = Bundle::Material::kCertificateChain;
    bundle.certificates = CertificateMaterial(options, key, signer);
  }
  return bundle;
}

}  // namespace

std::string SignEnvelope(std::string_view payload_type, const std::string& payload,
                         const SignOptions& options, std::string* signer) {
  Pkey key = LoadPrivateKeyPem(options.private_key);
  std::string who;
  Bundle bundle = SignerMaterial(options, key.get(), &who);
  bundle.payload_type = std::string(payload_type);
  bundle.payload = payload;
  bundle.signature = SignDer(key.get(), Pae(bundle.payload_type, bundle.payload), DigestForKey(key.get()));
  if (signer != nullptr) *signer = who;
  return BundleJson(bundle);
}

std::string Sign(const fs::path& model, const SignOptions& options, SignSummary* summary) {
  const SerializationOptions& ser = options.serialization;
  if (ser.method == SerializationOptions::kShards && ser.shard_size == 0) {
    throw Error("shard size must be positive");
  }
  Pkey key = LoadPrivateKeyPem(options.private_key);
  std::string signer;
  Bundle bundle = SignerMaterial(options, key.get(), &signer);

  std::vector<fs::path> ignore = ser.ignore_paths;
  if (!options.signature.empty()) ignore.push_back(fs::absolute(options.signature));
  std::vector<std::string> rel_ignores = RelativeIgnorePaths(model, ignore);
  ModelFiles files = ListModelFiles(model, rel_ignores, ser.allow_symlinks);
  if (files.files.empty()) {
    // OMS (signing.md, section 6.1): a model contains at least one file.
    throw Error(Location{model.string()},
                "the model has no file to sign (every file is ignored, or the folder is empty): "
                "an OMS model contains at least one file");
  }
  Manifest manifest = HashModelFiles(files, ser.method, ser.shard_size, "sha256",
                                     {ser.threads, ser.device, ser.progress});

  // Recorded so that verification ignores the same paths: the caller's, the signature file
  // when it lies in the model, and the defaults.
  std::vector<std::string> recorded;
  for (const std::string& p : rel_ignores) {
    if (std::find(recorded.begin(), recorded.end(), p) == recorded.end()) recorded.push_back(p);
  }
  for (const std::string& p : DefaultIgnores()) {
    if (std::find(recorded.begin(), recorded.end(), p) == recorded.end()) recorded.push_back(p);
  }

  bundle.payload_type = std::string(kInTotoPayloadType);
  bundle.payload = StatementJson(ModelName(model), manifest, recorded, ser.allow_symlinks);
  bundle.signature = SignDer(key.get(), Pae(bundle.payload_type, bundle.payload), DigestForKey(key.get()));
  if (summary != nullptr) {
    summary->root_digest = RootDigest(manifest);
    summary->files = files.files.size();
    summary->resources = manifest.resources.size();
    summary->signer = signer;
    summary->engine = manifest.engine;
  }
  return BundleJson(bundle);
}

}  // namespace sov::oms
