#pragma once
// The outer and inner JSON layers of an OMS signature: the Sigstore bundle (with its DSSE
// envelope) and the in-toto Statement. Internal to src/oms.

#include <string>
#include <string_view>
#include <vector>

#include "src/oms/oms.h"
#include "src/sigstore/keyless.h"

namespace sov::oms {

inline constexpr std::string_view kBundleMediaType = "application/vnd.dev.sigstore.bundle.v0.3+json";
inline constexpr std::string_view kInTotoPayloadType = "application/vnd.in-toto+json";
inline constexpr std::string_view kStatementType = "https://in-toto.io/Statement/v1";
inline constexpr std::string_view kPredicateType = "https://model_signing/signature/v1.0";
inline constexpr std::string_view kLegacyPredicateType = "https://model_signing/Digests/v0.1";

struct Bundle {
  enum class Material { kKeyHint, kKeyRawBytes, kCertificateChain, kKeyless };
  Material material = Material::kKeyHint;
  std::string key_hint;                    // kKeyHint (may be empty)
  std::string raw_public_key;              // kKeyRawBytes: PEM text
  std::string key_details;                 // kKeyRawBytes, e.g. "PKIX_ECDSA_P384_SHA_384"
  std::vector<std::string> certificates;   // kCertificateChain: DER, leaf first
  sigstore::KeylessMaterial keyless;       // kKeyless: Fulcio certificate, Rekor entries, timestamps
  std::string payload_type;
  std::string payload;                     // decoded, exactly the bytes that were signed
  std::string signature;                   // DER ECDSA
};

// Parses a bundle. Throws sov::Error (exit 2, located at `file`) for invalid JSON, a missing or
// mistyped field, invalid base64 and not exactly one DSSE signature. A keyless bundle (a
// "certificate", or transparency log entries) is read into `keyless`.
Bundle ParseBundle(std::string_view json_text, const std::string& file);

// The bundle as the reference tool v1.1 writes it (compact JSON, keyid "", tlogEntries []).
std::string BundleJson(const Bundle& bundle);

struct Statement {
  std::string predicate_type;
  bool legacy = false;          // Digests/v0.1: one subject per file, no predicate
  std::string subject_name;     // v1.0 only
  std::string subject_digest;   // v1.0 only: hex sha256 root digest
  Manifest manifest;            // resources in listed order
  bool has_ignore_paths = false;
  std::vector<std::string> ignore_paths;
  bool allow_symlinks = false;
};

// Parses the DSSE payload. Throws sov::Error (exit 2) for invalid JSON, another _type or
// predicateType, missing or mistyped fields, an unsupported method, a shard_size that is not a
// positive integer (an integral float such as 1000000000.0 is accepted), duplicate resources,
// and invalid resource names (see ParseResourceName).
Statement ParseStatement(std::string_view payload);

// The v1.0 statement for a manifest, pretty-printed as the reference tool does.
std::string StatementJson(const std::string& subject_name, const Manifest& manifest,
                          const std::vector<std::string>& ignore_paths, bool allow_symlinks);

}  // namespace sov::oms
