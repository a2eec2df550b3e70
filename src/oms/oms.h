#pragma once
// OpenSSF Model Signing (OMS) v1.0: sign and verify model weights in the format written by the
// reference tool `model_signing` (spec/signing.md). A signature file is a Sigstore bundle v0.3
// (JSON) around a DSSE envelope around an in-toto Statement v1 whose predicate
// (https://model_signing/signature/v1.0) lists every file or file shard with its digest.
//
// Errors: normal verification failures (bad signature, digest mismatch, missing file, untrusted
// certificate) are values in VerifyResult. Malformed input (unreadable or malformed signature
// file, bad key file, a model that does not exist or holds a symlink when symlinks are not
// allowed, resource names that escape the model) throws sov::Error with exit code kExitInput.
// Nothing here prints.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/util/input.h"

namespace sov::oms {

// How far hashing has got, for a caller that shows progress (the CLI's progress bar, on another
// thread). Hashing stores `total` (the bytes it will read) before it starts, then adds to `done`
// as it reads. Either may be read at any time; nothing here prints or waits on the caller.
struct HashProgress {
  std::atomic<uint64_t> total{0};
  std::atomic<uint64_t> done{0};
};

// Where hashing runs (--device; spec/signing.md, "The GPU path"). kAuto takes the GPU only when
// a usable one is present and the work is many small shards (src/oms/hash_device.h says exactly
// when); kGpu fails with exit 4 when no GPU can be used; kCpu never probes for one.
enum class Device { kAuto, kCpu, kGpu };

// How a model is cut into resources.
struct SerializationOptions {
  enum Method { kFiles, kShards };
  Method method = kFiles;
  // Bytes per shard for kShards (> 0). The reference default is 10^9.
  uint64_t shard_size = 1'000'000'000;
  // Paths to leave out: absolute, or relative to the model root (the CLI makes the
  // reference tool's cwd-relative --ignore-paths absolute before calling). A path ignores the
  // file or the whole folder it names. .git, .gitattributes, .github and .gitignore at the top
  // level are always ignored.
  std::vector<std::filesystem::path> ignore_paths;
  // Symlinks in the model are an error unless allowed; allowed ones are followed and hashed as
  // their target's content under the link's name.
  bool allow_symlinks = false;
  // Hashing workers; 0 = std::thread::hardware_concurrency().
  int threads = 0;
  // When set, receives the bytes to hash and those hashed so far (not owned).
  HashProgress* progress = nullptr;
  Device device = Device::kAuto;
};

// One file (kFiles, named by its POSIX path relative to the model root, "." for a single-file
// model) or one byte range of a file (kShards, named "<path>:<start>:<end>", end exclusive).
struct Resource {
  std::string name;
  std::string algorithm;  // "sha256", or "sha256-sharded-<N>" for shards
  std::string digest;     // lower-case hex
};

struct Manifest {
  SerializationOptions::Method method = SerializationOptions::kFiles;
  uint64_t shard_size = 0;  // kShards only
  std::string hash_type = "sha256";
  // Sorted as the reference tool sorts: by path components, then by numeric shard start.
  std::vector<Resource> resources;
  // What hashed it and why, one line for --verbose: "GPU 0: ... (--device auto: ...)" or
  // "CPU: OpenSSL SHA-256, 16 threads (--device auto: ...)".
  std::string engine;
};

// Hashes the model (a folder, or a single file) with SHA-256. Throws sov::Error (exit 2) when
// the model does not exist, holds a symlink that is not allowed or a special file, or a file
// cannot be read; exit 4 when options.device is kGpu and no GPU can be used.
Manifest ComputeManifest(const std::filesystem::path& model, const SerializationOptions& options);

// Lower-case hex SHA-256 over the concatenated raw digests of the resources, in listed order:
// the in-toto subject digest. Throws sov::Error (exit 2) when a digest is not even-length hex.
std::string RootDigest(const Manifest& manifest);

struct SignOptions {
  // PEM EC private key (P-256, P-384 or P-521; text before the PEM header is skipped).
  std::filesystem::path private_key;
  // Empty: key method (bundle carries publicKey.hint). Otherwise the certificate method: this
  // PEM certificate (which must hold private_key's public key) is the leaf ...
  std::filesystem::path signing_certificate;
  // ... followed by every certificate in these PEM files, in order (intermediates).
  std::vector<std::filesystem::path> certificate_chain;
  SerializationOptions serialization;
  // Where the caller will write the bundle. When it lies inside the model it is ignored while
  // hashing and recorded in the predicate's ignore_paths, as the reference tool does.
  std::filesystem::path signature;
};

// What Sign signed, for the caller to report.
struct SignSummary {
  std::string root_digest;  // hex: the in-toto subject digest
  size_t files = 0;         // regular files hashed
  size_t resources = 0;     // files, or shards
  // "key sha256:<fingerprint>" or "certificate subject <S>, issuer <I>" (the leaf's).
  std::string signer;
  std::string engine;  // as Manifest::engine
};

// Hashes the model and returns the bundle JSON that the reference tool v1.1 writes: key method
// with publicKey.hint (or x509CertificateChain), keyid "", ignore_paths, "sha256-sharded-N".
// The caller writes it (atomically). Throws sov::Error (exit 2) for unreadable or unsupported
// keys, a certificate that does not match the key, and everything ComputeManifest throws.
// When `summary` is given it receives what was signed.
std::string Sign(const std::filesystem::path& model, const SignOptions& options,
                 SignSummary* summary = nullptr);

// The keyless (Sigstore) method: who must have signed, and the trusted root to check against.
struct KeylessPolicy {
  std::string identity;  // the Fulcio certificate's SAN, exactly (--identity)
  std::string issuer;    // the OIDC issuer, exactly (--identity-provider)
  // A trusted root or ClientTrustConfig file; empty: the production root embedded in the binary.
  std::filesystem::path trust_config;
};

// What the signature must be checked with: exactly one of the three.
struct VerifyKey {
  // Key method: a PEM public key (text before the header is skipped).
  std::filesystem::path public_key;
  // Certificate method: PEM files whose certificates are the trust anchors.
  std::vector<std::filesystem::path> certificate_chain;
  // Keyless method (spec/signing.md, "Keyless (Sigstore) bundles, verified offline").
  std::optional<KeylessPolicy> keyless;
};

struct VerifyOptions {
  // Where the signature, keys, certificate chains and trust config are read from (the model is
  // always local): nullptr reads local files only, and a URL there is an input error.
  InputReader* inputs = nullptr;
  // As SerializationOptions::ignore_paths. The signature's own ignore_paths, the default git
  // ignores and the signature file (when inside the model) are always added.
  std::vector<std::filesystem::path> ignore_paths;
  // Files in the model that the signature does not list are not hashed and not an error.
  // A signed file that is missing still fails.
  bool ignore_unsigned_files = false;
  // Follow symlinks in the model; also on when the signature says allow_symlinks: true.
  bool allow_symlinks = false;
  int threads = 0;
  // As SerializationOptions::progress and ::device.
  HashProgress* progress = nullptr;
  Device device = Device::kAuto;
  // When the certificate chain must be valid. The default is the reference tool's: at the
  // leaf's notBefore time, so an expired certificate still verifies. kNow is the OMS spec's
  // reading (valid at verification time).
  enum CertTime { kLeafNotBefore, kNow };
  CertTime cert_time = kLeafNotBefore;
};

struct VerifyResult {
  bool ok = false;
  // On failure, what failed first, precisely (file, expected and actual digest); when several
  // things fail, `problems` lists them all. On success, a one-line summary.
  std::string message;
  std::vector<std::string> problems;
  // Who signed (filled once the signature verifies; for certificates once the chain is read):
  // "key sha256:<fingerprint>" or "certificate subject <S>, issuer <I>".
  std::string signer;
  std::string key_fingerprint;  // hex SHA-256 of the signer's SPKI PEM text (= publicKey.hint)
  std::string cert_subject, cert_issuer;
  std::string bundle_variant;   // e.g. "v1.1 key hint", "v0.3 rawBytes key", "certificate chain"
  std::string predicate_type;
  std::string method;           // "files" or "shards" (the signature's)
  uint64_t shard_size = 0;
  std::string root_digest;      // the subject digest (hex), checked against the resources
  std::string subject_name;     // the statement's subject name (the model's name when signed); "" before v1.0
  // A model of one file signed with the files method and SHA-256: that file's whole-file
  // SHA-256 (hex), its resource digest in the signed manifest; "" otherwise.
  std::string file_sha256;
  std::vector<std::string> files;          // signed files that were checked (model-relative)
  std::vector<std::string> ignored_files;  // unsigned model files skipped (ignore_unsigned_files)
  std::string engine;  // as Manifest::engine; empty when nothing was hashed
  // Keyless bundles: the check that failed ("set", "inclusion-proof", ... or "" when the
  // failure was in the OMS manifest), the signer's identity and OIDC issuer as found in the
  // certificate, the log entry, the verified times (Unix seconds) and the trusted root used
  // ("embedded production root sha256:..." or the file).
  std::string keyless_check;
  std::string identity, issuer;
  std::string transparency_log;
  std::vector<int64_t> verified_times;
  std::string trusted_root;
};

// Verifies `signature` (a bundle file) for `model` (a folder, or a single file). A keyless
// bundle is checked offline against key.keyless's trusted root and identity; a failed keyless
// check is a value whose message starts "keyless check '<name>' failed: ". Throws
// sov::Error (exit 2) for a malformed or unsupported bundle, a keyless bundle given no
// key.keyless (or a keyless policy for a bundle that is not keyless), key files that cannot be read, a key of the wrong kind for the bundle (public key
// for a certificate bundle or the reverse), invalid resource names (absolute, "..", escaping
// the model), and everything ComputeManifest throws.
VerifyResult Verify(const std::filesystem::path& model, const std::filesystem::path& signature,
                    const VerifyKey& key, const VerifyOptions& options);

// DSSE envelopes in a Sigstore bundle v0.3 for payloads other than an OMS model (sovaudit's
// attestations, spec/evidence.md): signed and checked with the same keys, certificate chains
// and code as OMS signatures.
struct Envelope {
  std::string payload_type;
  std::string payload;    // exactly the bytes signed
  std::string signature;  // DER ECDSA over the DSSE PAE of type and payload
};

// Signs `payload` with options.private_key (and options.signing_certificate and
// certificate_chain for the certificate method; serialization and signature are not used).
// Returns the bundle JSON; `signer` (optional) receives who signed, as SignSummary::signer.
std::string SignEnvelope(std::string_view payload_type, const std::string& payload,
                         const SignOptions& options, std::string* signer = nullptr);

// The envelope of bundle text, unverified: what it claims, for saying why it is not trusted.
// Throws Error (exit 2, at `file`) for a malformed bundle.
Envelope ReadEnvelope(std::string_view bundle_json, const std::string& file);

// Checks the bundle at `bundle`: its signer under `key` and the DSSE signature, and nothing
// about the payload. ok, signer, key_fingerprint (and the certificate or keyless fields) are
// filled; `envelope` receives the payload when ok. Throws Error (exit 2) for a malformed bundle.
VerifyResult VerifyEnvelope(const std::filesystem::path& bundle, const VerifyKey& key,
                            const VerifyOptions& options, Envelope* envelope);

}  // namespace sov::oms
