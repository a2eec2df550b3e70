#pragma once
// Keyless (Sigstore) bundles verified offline (spec/signing.md, "Keyless (Sigstore) bundles,
// verified offline"): the transparency log entry (Rekor v1 dsse 0.0.1 / intoto 0.0.2 with SET,
// Rekor v2 hashedrekord 0.0.2), its RFC 6962 inclusion proof and signed checkpoint, RFC 3161
// timestamps, the Fulcio chain at the verified time inside each CA's validFor, EKU/KeyUsage, the
// embedded SCT, the DSSE signature and the identity policy, in the order sigstore-go checks.
//
// Everything is checked against a TrustedRoot (trusted_root.h); no network, no clock except the
// verified times. Nothing here prints.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "src/sigstore/trusted_root.h"

namespace sov::parse {
class JsonReader;
}

namespace sov::sigstore {

// One transparency log entry of a bundle, as parsed (bytes decoded, numbers read).
struct TlogEntry {
  int64_t log_index = 0;               // the top-level (global) index, covered by the SET
  std::string log_key_id;              // raw bytes of logId.keyId
  std::string kind, version;           // kindVersion
  int64_t integrated_time = 0;         // 0 for Rekor v2
  std::string set;                     // raw inclusionPromise.signedEntryTimestamp; "" = none
  bool has_proof = false;
  int64_t proof_log_index = 0;         // the shard-local index of the inclusion proof
  int64_t tree_size = 0;
  std::string root_hash;               // raw 32 bytes
  std::vector<std::string> hashes;     // raw 32 bytes each
  std::string checkpoint;              // the signed note's text; "" = none
  std::string body;                    // canonicalizedBody, decoded (the JSON bytes)
  std::string body_base64;             // canonicalizedBody as written (the SET covers it)
};

// The verification material of a keyless bundle.
struct KeylessMaterial {
  std::string media_type;
  std::vector<std::string> certificates;  // DER, leaf first (v0.3: the one "certificate")
  std::vector<TlogEntry> tlog_entries;
  std::vector<std::string> rfc3161_timestamps;  // DER TimeStampResponse or token, as written
};

// Reads a keyless bundle's verificationMaterial ("certificate" or "x509CertificateChain",
// "tlogEntries", "timestampVerificationData"). Throws sov::Error (exit 2) through `r` for
// missing or mistyped fields, bad base64, and more entries, hashes or timestamps than a bundle
// has (8 entries, 64 proof hashes, 8 timestamps).
KeylessMaterial ParseKeylessMaterial(const nlohmann::json& verification_material,
                                     const parse::JsonReader& r);

// True when the verificationMaterial is keyless: a "certificate", or an "x509CertificateChain"
// with transparency log entries.
bool IsKeyless(const nlohmann::json& verification_material);

// Who must have signed: both are required (an unpinned keyless signature proves nothing).
struct IdentityPolicy {
  std::string identity;  // the certificate's SAN (email, URI or OtherName), exactly
  std::string issuer;    // the OIDC issuer extension (1.3.6.1.4.1.57264.1.8, else .1.1), exactly
};

// The checks, in the order they run; Name() gives the word the error names.
enum class Check {
  kBundle,          // shape: one DSSE signature, an entry with a proof and a checkpoint
  kLog,             // the entry's log is in the trusted root (and its key valid then)
  kEntry,           // the canonicalized body matches the envelope and certificate
  kSet,             // Rekor v1 signed entry timestamp
  kInclusionProof,  // RFC 6962 proof up to the root hash
  kCheckpoint,      // the signed note carries that root and is signed by the log
  kTimestamp,       // RFC 3161 timestamps; at least one verified time
  kCertificate,     // the Fulcio chain at each verified time
  kCaWindow,        // a CA of the root whose validFor holds each verified time
  kKeyUsage,        // EKU codeSigning and KeyUsage digitalSignature
  kSct,             // the embedded SCT against a CT log of the root
  kSignature,       // the DSSE signature with the leaf's key
  kIdentity,        // SAN
  kIssuer,          // OIDC issuer
};
std::string_view Name(Check check);  // "bundle", "log", "entry", "set", "inclusion-proof", ...

struct KeylessResult {
  bool ok = false;
  Check failed = Check::kBundle;  // meaningful when !ok
  std::string message;            // why (which entry, which time), when !ok
  // Filled as far as the checks got.
  std::string identity;           // the SAN found
  std::string issuer;             // the issuer found
  std::string log;                // "rekor.sigstore.dev (Rekor v1, entry 598151086)"
  std::vector<int64_t> verified_times;  // Unix seconds: SET integrated times, TSA genTimes
  std::string leaf_der;           // the Fulcio leaf (for the caller's key fingerprint)
};

// Runs every check over the DSSE envelope (payload type, payload bytes as stored, the one raw
// signature). Failures are values; throws sov::Error (exit 2) only for material that cannot be
// parsed (a certificate that is not DER, a body that is not JSON).
KeylessResult VerifyKeyless(const KeylessMaterial& material, std::string_view payload_type,
                            std::string_view payload, std::string_view signature,
                            const TrustedRoot& root, const IdentityPolicy& policy);

}  // namespace sov::sigstore
