// OMS verification: signer (key or certificate chain) -> DSSE signature over the stored payload
// -> in-toto statement -> re-hash the model and compare the manifests as sets.

#include <openssl/err.h>

#include <algorithm>
#include <map>
#include <set>

#include "src/oms/bundle.h"
#include "src/crypto/crypto.h"
#include "src/oms/oms.h"
#include "src/oms/serialize.h"
#include "src/sigstore/keyless.h"
#include "src/sigstore/trusted_root.h"
#include "src/util/error.h"
#include "src/util/fs.h"
#include "src/util/text.h"

namespace sov::oms {
namespace fs = std::filesystem;
namespace {

// An input the verification names (signature, key, chain, trust config): through the reader
// the caller gave, or as a local file.
std::string ReadInput(const VerifyOptions& options, const fs::path& ref, std::uintmax_t max_bytes) {
  if (options.inputs == nullptr) return ReadTextFile(ref, max_bytes);
  return options.inputs->Read(InputRef::Parse(ref.string()), max_bytes).bytes;
}

VerifyResult Fail(VerifyResult res, std::string message) {
  res.ok = false;
  res.problems.push_back(message);
  res.message = std::move(message);
  return res;
}

// Fail in place, for checks that answer whether to go on.
bool Failed(VerifyResult& res, const std::string& message) {
  res = Fail(std::move(res), message);
  return false;
}


// The signer's public key from a certificate bundle, after checking the chain; nullptr and a
// failure message in *why when the chain does not verify.
Pkey CertificateSigner(const Bundle& b, const VerifyKey& key, const VerifyOptions& options,
                       VerifyResult& res, std::string* why) {
  if (!key.public_key.empty()) {
    throw Error("the signature was made with a certificate; verify it against a certificate "
                "chain (trust anchors), not a public key");
  }
  X509Ptr leaf = ParseCertificateDer(b.certificates[0], "bundle certificate 0 (signing certificate)");
  std::vector<X509Ptr> intermediates;
  for (size_t i = 1; i < b.certificates.size(); ++i) {
    intermediates.push_back(ParseCertificateDer(b.certificates[i], "bundle certificate " + std::to_string(i)));
  }
  res.cert_subject = NameToString(X509_get_subject_name(leaf.get()));
  res.cert_issuer = NameToString(X509_get_issuer_name(leaf.get()));
  res.signer = "certificate subject " + res.cert_subject + ", issuer " + res.cert_issuer;
  res.bundle_variant = "certificate chain";
  std::vector<X509Ptr> anchors;
  for (const fs::path& p : key.certificate_chain) {
    for (X509Ptr& c : CertificatesFromPem(ReadInput(options, p, 16 << 20), p.string())) {
      anchors.push_back(std::move(c));
    }
  }
  Expected<Ok> chain = CheckCertificateChain(leaf.get(), intermediates, anchors,
                                             options.cert_time == VerifyOptions::kLeafNotBefore);
  if (!chain) {
    *why = chain.error();
    return nullptr;
  }
  Pkey pub(X509_get_pubkey(leaf.get()));
  if (!pub) throw Error("signing certificate: cannot read its public key: " + OpenSslError());
  DigestForKey(pub.get());  // throws for keys other than ECDSA P-256/384/521
  return pub;
}

// The signer's key from a keyless bundle, after every keyless check (src/sigstore/keyless.h);
// nullptr and "keyless check '<name>' failed: ..." in *why when one fails.
Pkey KeylessSigner(const Bundle& b, const KeylessPolicy& policy, const VerifyOptions& options,
                   VerifyResult& res, std::string* why) {
  std::optional<sigstore::TrustedRoot> file_root;
  if (!policy.trust_config.empty()) {
    file_root = sigstore::ParseTrustedRoot(ReadInput(options, policy.trust_config, kMaxTextInput),
                                           policy.trust_config.string());
  }
  const sigstore::TrustedRoot& root = file_root ? *file_root : sigstore::ProductionRoot();
  res.trusted_root = root.source + " sha256:" + root.sha256;
  res.bundle_variant = "keyless (Sigstore)";
  sigstore::KeylessResult k = sigstore::VerifyKeyless(b.keyless, b.payload_type, b.payload, b.signature, root,
                                                      {policy.identity, policy.issuer});
  res.identity = k.identity;
  res.issuer = k.issuer;
  res.transparency_log = k.log;
  res.verified_times = k.verified_times;
  if (!k.ok) {
    res.keyless_check = std::string(sigstore::Name(k.failed));
    *why = "keyless check '" + res.keyless_check + "' failed: " + k.message;
    return nullptr;
  }
  X509Ptr leaf = ParseCertificateDer(k.leaf_der, "the bundle's signing certificate");
  res.cert_subject = "identity " + k.identity;
  res.cert_issuer = "OIDC issuer " + k.issuer;
  res.signer = "keyless " + k.identity + " (issuer " + k.issuer + ")";
  Pkey pub(X509_get_pubkey(leaf.get()));
  if (!pub) throw Error("signing certificate: cannot read its public key: " + OpenSslError());
  return pub;
}

// Checks the DSSE signature over the payload bytes as stored: standard PAE with the curve's
// hash, then the pre-1.0 encoding (hashed with SHA-256, or the curve's hash).
bool CheckSignature(EVP_PKEY* pub, const Bundle& b, bool* compat) {
  const EVP_MD* md = DigestForKey(pub);
  *compat = false;
  if (VerifyDer(pub, Pae(b.payload_type, b.payload), b.signature, md)) return true;
  std::string legacy = PaeCompat(b.payload_type, b.payload);
  if (VerifyDer(pub, legacy, b.signature, EVP_sha256()) || VerifyDer(pub, legacy, b.signature, md)) {
    *compat = true;
    return true;
  }
  return false;
}

// Compares the signed manifest against the model, filling res.problems and res.files.
void CompareWithModel(const fs::path& model, const fs::path& signature, const Statement& st,
                      const VerifyOptions& options, VerifyResult& res) {
  const Manifest& signed_m = st.manifest;
  const bool sharded = signed_m.method == SerializationOptions::kShards;
  std::vector<fs::path> extra = options.ignore_paths;
  extra.push_back(fs::absolute(signature));
  std::vector<std::string> ignores = RelativeIgnorePaths(model, extra);
  std::vector<fs::path> signed_ignores(st.ignore_paths.begin(), st.ignore_paths.end());
  for (std::string& p : RelativeIgnorePaths(model, signed_ignores)) ignores.push_back(std::move(p));
  // As the reference tool, a signature made with allow_symlinks follows them when verifying.
  ModelFiles files = ListModelFiles(model, ignores, options.allow_symlinks || st.allow_symlinks);

  // Signed file names, in listed order. A pre-1.0 single-file signature names the file itself.
  std::vector<std::string> signed_files;
  std::set<std::string> signed_set;
  std::map<std::string, std::string> rename;
  for (const Resource& r : signed_m.resources) {
    std::string file = ParseResourceName(r.name, sharded, sharded ? signed_m.shard_size : 0).file;
    if (signed_set.insert(file).second) signed_files.push_back(file);
  }
  if (files.single_file && st.legacy && signed_files.size() == 1 &&
      signed_files[0] == files.files[0].path.filename().string()) {
    rename[signed_files[0]] = ".";
    signed_set = {"."};
    signed_files = {"."};
  }
  res.files = signed_files;

  ModelFiles to_hash;
  to_hash.single_file = files.single_file;
  std::set<std::string> present;
  for (const ModelFile& f : files.files) {
    if (sharded && f.size == 0) continue;  // an empty file has no shards: nothing to compare
    if (signed_set.count(f.name)) {
      to_hash.files.push_back(f);
      present.insert(f.name);
    } else if (options.ignore_unsigned_files) {
      res.ignored_files.push_back(f.name);
    } else {
      res.problems.push_back("file '" + f.name + "' is in the model but not in the signature");
    }
  }
  for (const std::string& name : signed_files) {
    if (!present.count(name)) res.problems.push_back("file '" + name + "' is signed but missing from the model");
  }

  Manifest actual = HashModelFiles(to_hash, signed_m.method, signed_m.shard_size, signed_m.hash_type,
                                   {options.threads, options.device, options.progress});
  res.engine = actual.engine;
  std::map<std::string, std::string> actual_digest;
  for (const Resource& r : actual.resources) actual_digest[r.name] = r.digest;
  std::set<std::string> expected_names;
  for (const Resource& r : signed_m.resources) {
    std::string name = rename.count(r.name) ? rename[r.name] : r.name;
    expected_names.insert(name);
    std::string file = sharded ? ParseResourceName(name, true, signed_m.shard_size).file : name;
    if (!present.count(file)) continue;  // reported as missing above
    auto it = actual_digest.find(name);
    if (it == actual_digest.end()) {
      res.problems.push_back("shard '" + name + "' is signed but the file no longer has that byte range "
                             "(its size changed)");
    } else if (it->second != AsciiLower(r.digest)) {
      res.problems.push_back("'" + name + "': " + signed_m.hash_type + " digest mismatch: expected " +
                             AsciiLower(r.digest) + ", actual " + it->second);
    }
  }
  for (const Resource& r : actual.resources) {
    if (!expected_names.count(r.name)) {
      res.problems.push_back("shard '" + r.name + "' of the model is not in the signature (the file's "
                             "size changed)");
    }
  }
}

// Reads the bundle at `signature`, finds its signer under `key` and checks the DSSE signature:
// res.ok stays false and res.message says why when either fails; true when both pass.
bool CheckEnvelope(const fs::path& signature, const VerifyKey& key, const VerifyOptions& options,
                   Bundle& b, VerifyResult& res) {
  int methods = !key.public_key.empty() + !key.certificate_chain.empty() + key.keyless.has_value();
  if (methods > 1) {
    throw Error("verification needs exactly one of a public key, a certificate chain or a keyless "
                "identity");
  }
  b = ParseBundle(ReadInput(options, signature, kMaxTextInput), signature.string());
  if (methods == 0 && b.material != Bundle::Material::kKeyless) {
    throw Error("verification needs exactly one of a public key, a certificate chain or a keyless "
                "identity");
  }
  Pkey pub;
  std::string key_mismatch;  // set when the bundle's key material names another key
  if (b.material == Bundle::Material::kKeyless) {
    if (!key.keyless) {
      throw Error(Location{signature.string()},
                  "the signature was made keyless (a Sigstore Fulcio certificate logged in Rekor); "
                  "verify it with --identity and --identity-provider, the signer's identity and "
                  "OIDC issuer: an unpinned keyless signature proves nothing about who signed");
    }
    std::string why;
    pub = KeylessSigner(b, *key.keyless, options, res, &why);
    if (!pub) return Failed(res, why);
  } else if (key.keyless) {
    throw Error(Location{signature.string()},
                "the signature is not keyless (it has no Fulcio certificate and no transparency "
                "log entry); verify it with --public-key or --certificate-chain instead of "
                "--identity");
  } else if (b.material == Bundle::Material::kCertificateChain) {
    std::string why;
    pub = CertificateSigner(b, key, options, res, &why);
    if (!pub) return Failed(res, why);
  } else {
    if (key.public_key.empty()) {
      throw Error("the signature was made with a public key; verify it with that public key, "
                  "not a certificate chain");
    }
    pub = PublicKeyFromPem(ReadInput(options, key.public_key, 1 << 20), key.public_key.string());
    std::string fp = KeyFingerprint(pub.get());
    if (b.material == Bundle::Material::kKeyHint) {
      res.bundle_variant = "v1.1 public key hint";
      if (!b.key_hint.empty() && AsciiLower(b.key_hint) != fp) {
        key_mismatch = "the bundle's key hint " + b.key_hint + " is not the given key's fingerprint " + fp;
      }
    } else {
      res.bundle_variant = "v0.3 public key rawBytes (" + b.key_details + ")";
      Pkey named = ParsePublicKeyPem(b.raw_public_key);
      if (named && EVP_PKEY_eq(named.get(), pub.get()) != 1) {
        key_mismatch = "the bundle names the public key with fingerprint " + KeyFingerprint(named.get()) +
                       ", not the given key's " + fp;
      }
      ERR_clear_error();
    }
    res.signer = "key sha256:" + fp;
  }
  res.key_fingerprint = KeyFingerprint(pub.get());

  bool compat = false;
  if (!CheckSignature(pub.get(), b, &compat)) {
    std::string msg = b.material == Bundle::Material::kCertificateChain
                          ? "DSSE signature does not verify with the signing certificate's public key"
                          : "DSSE signature does not verify with the given public key";
    if (!key_mismatch.empty()) msg += " (" + key_mismatch + ": wrong key?)";
    return Failed(res, msg);
  }
  if (compat) res.bundle_variant += ", pre-1.0 PAE";
  return true;
}

}  // namespace

VerifyResult Verify(const fs::path& model, const fs::path& signature, const VerifyKey& key,
                    const VerifyOptions& options) {
  VerifyResult res;
  Bundle b;
  if (!CheckEnvelope(signature, key, options, b, res)) return res;
  if (b.payload_type != kInTotoPayloadType) {
    return Fail(std::move(res), "DSSE payloadType is '" + b.payload_type + "', expected " +
                                    std::string(kInTotoPayloadType));
  }

  Statement st = ParseStatement(b.payload);
  res.predicate_type = st.predicate_type;
  res.method = st.manifest.method == SerializationOptions::kShards ? "shards" : "files";
  res.shard_size = st.manifest.shard_size;
  DigestForHashType(st.manifest.hash_type);  // throws for unsupported hash types
  std::string root = RootDigest(st.manifest);
  res.root_digest = st.legacy ? root : AsciiLower(st.subject_digest);
  res.subject_name = st.legacy ? std::string() : st.subject_name;
  if (!st.legacy && root != res.root_digest) {
    return Fail(std::move(res), "signed manifest is inconsistent: subject digest is " + res.root_digest +
                                    " but the listed resources hash to " + root);
  }

  CompareWithModel(model, signature, st, options, res);
  if (!res.problems.empty()) {
    res.message = res.problems.front();
    if (res.problems.size() > 1) {
      res.message += " (and " + std::to_string(res.problems.size() - 1) + " more problems)";
    }
    return res;
  }
  res.ok = true;
  const std::vector<Resource>& listed = st.manifest.resources;
  if (st.manifest.method == SerializationOptions::kFiles && st.manifest.hash_type == "sha256" &&
      listed.size() == 1) {
    res.file_sha256 = AsciiLower(listed.front().digest);
  }
  res.message = "verified " + std::to_string(res.files.size()) + " files (" +
                std::to_string(st.manifest.resources.size()) + " " + res.method + " resources), root digest " +
                res.root_digest + ", signed by " + res.signer;
  return res;
}

Envelope ReadEnvelope(std::string_view bundle_json, const std::string& file) {
  Bundle b = ParseBundle(bundle_json, file);
  return Envelope{b.payload_type, b.payload, b.signature};
}

VerifyResult VerifyEnvelope(const fs::path& bundle, const VerifyKey& key, const VerifyOptions& options,
                            Envelope* envelope) {
  VerifyResult res;
  Bundle b;
  if (!CheckEnvelope(bundle, key, options, b, res)) return res;
  res.ok = true;
  res.message = "signature verified, signed by " + res.signer;
  if (envelope != nullptr) *envelope = Envelope{b.payload_type, b.payload, b.signature};
  return res;
}

}  // namespace sov::oms
