#pragma once
// Weights verified where they live (spec/evidence.md): a SLSA Verification Summary Attestation
// v1 per model, written by `verify`/`digest --attest` on the machine that holds the weights, and
// accepted by `audit --evidence` on a CI runner that does not. Signed as the audit attestation
// is (a DSSE envelope in a Sigstore bundle, oms::SignEnvelope), with the key method only.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "src/util/date.h"

namespace sov {

inline constexpr const char* kVsaPredicateType = "https://slsa.dev/verification_summary/v1";
inline constexpr const char* kVerifierId = "https://sovaudit.dev/verifier";
// The policy a VSA names: sovaudit's check of weights against a pin, version 1. Its
// annotations say which pin was checked and how.
inline constexpr const char* kWeightsPolicyUri = "https://sovaudit.dev/policy/weights/v1";

// What one verification of weights found, as a VSA holds it.
struct WeightsVerification {
  std::string subject_name;  // the model's folder or file name
  std::string digest;        // hex: the OMS root digest (signature) or the file's SHA-256 (sha256)
  std::string time_verified;  // RFC 3339, UTC, seconds: "2026-12-06T10:00:00Z"
  std::string resource_uri;   // where the weights were: file://HOST/PATH, or the URI given
  // How: "sha256" (the whole file hashed), "oms-key", "oms-certificate" or "oms-keyless" (an
  // OMS signature verified, and with it every signed file).
  std::string method;
  std::string key_fingerprint;            // oms-key: hex SHA-256 of the key's SPKI PEM
  std::vector<std::string> anchors;       // oms-certificate: hex SHA-256 of each anchor's DER
  std::string identity, issuer;           // oms-keyless
  bool passed = false;                    // verificationResult PASSED, else FAILED
  std::string verifier_version;           // sovaudit's version
};

// The in-toto Statement v1 with the SLSA VSA v1 predicate for `v`: verifier.id kVerifierId,
// version {"sovaudit": ...}, timeVerified, resourceUri, policy {uri kWeightsPolicyUri,
// annotations: method, key_fingerprint | anchors | identity and issuer}, verificationResult,
// verifiedLevels (sovaudit's names: SOVAUDIT_WEIGHTS_SHA256 or SOVAUDIT_WEIGHTS_OMS_SIGNED when
// passed, none when failed), slsaVersion "1.0". Compact JSON, sorted keys.
std::string VsaStatementJson(const WeightsVerification& v);

// The date of an RFC 3339 time in UTC (the offset applied); nullopt when it is not one.
std::optional<Date> DateOfRfc3339(const std::string& text);

// What a VSA's policy records of the key or anchors a signature was checked with: the hex
// SHA-256 of a PEM public key's SPKI PEM text (the OMS key hint), and of each certificate's DER
// in PEM text, sorted. Throw Error (exit 2) naming `name` when the text holds none.
std::string PublicKeyFingerprint(const std::string& pem, const std::string& name);
std::vector<std::string> AnchorFingerprints(const std::string& pem, const std::string& name);

// "file://HOST/PATH" for a local path (made absolute; HOST is this machine's name, percent-
// encoded as a URI needs).
std::string FileResourceUri(const std::filesystem::path& path);

// A VSA read back: who signed it (when a trusted key verified it) and what it says.
struct WeightsEvidence {
  std::string file;    // where it was read
  std::string sha256;  // of its bytes, as read
  bool trusted = false;  // its signature verified with one of the keys given
  std::string signer;  // "key sha256:<fingerprint>" when trusted
  std::string why_untrusted;  // when not trusted
  WeightsVerification v;
};

struct EvidenceSet {
  std::vector<WeightsEvidence> evidence;
  std::vector<std::string> skipped;  // files found in folders that are not VSAs, and why
};

// Reads every VSA in `paths` (files, or folders searched for *.json, sorted) and checks each
// signature against `keys` (PEM public keys, each read once). Throws Error (exit 2) for a file
// named in `paths` that is not a Sigstore bundle holding a VSA of sovaudit's weights policy;
// such a file found in a folder is skipped and listed. A signature that no key verifies makes
// the evidence untrusted (kept, so the audit can say so), not an error.
EvidenceSet ReadWeightsEvidence(const std::vector<std::string>& paths, const std::vector<std::string>& keys);

}  // namespace sov
