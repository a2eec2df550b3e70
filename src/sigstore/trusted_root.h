#pragma once
// The Sigstore trusted root (application/vnd.dev.sigstore.trustedroot+json;version=0.1): Fulcio
// CAs, Rekor logs, CT logs and timestamp authorities, each with its validFor window. Read from a
// bare trusted root or a ClientTrustConfig (its "trustedRoot"); the production root is embedded.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/util/date.h"

namespace sov::sigstore {

// A validFor window in Unix seconds; an open end is nullopt.
struct Window {
  int64_t start = 0;
  std::optional<int64_t> end;
  bool Contains(int64_t t) const { return t >= start && (!end || t <= *end); }
};

// A transparency or CT log: its key (DER SubjectPublicKeyInfo) and id.
struct LogKey {
  std::string base_url;
  std::string key_id;       // raw logId.keyId
  std::string public_key;   // DER SPKI
  std::string key_details;  // e.g. "PKIX_ECDSA_P256_SHA_256", "PKIX_ED25519"
  Window valid_for;
};

// A Fulcio CA or a timestamp authority: its chain (DER, leaf/issuing certificate first, root last).
struct CertificateAuthority {
  std::string uri;
  std::string subject;  // "organization/commonName", for messages
  std::vector<std::string> chain;
  Window valid_for;
};

struct TrustedRoot {
  std::string source;  // "embedded production root" or the file
  std::string sha256;  // hex digest of the bytes read
  std::vector<LogKey> tlogs;
  std::vector<CertificateAuthority> certificate_authorities;
  std::vector<LogKey> ctlogs;
  std::vector<CertificateAuthority> timestamp_authorities;
};

// Parses a trusted root or a ClientTrustConfig
// (application/vnd.dev.sigstore.clienttrustconfig.v0.1+json, whose "trustedRoot" is used).
// Throws sov::Error (exit 2, located at `file`) for invalid JSON, an unknown mediaType, missing
// or mistyped fields, bad base64 and bad RFC 3339 times.
TrustedRoot ParseTrustedRoot(std::string_view json_text, const std::string& file);

// The Sigstore public-good production root compiled into the binary.
const TrustedRoot& ProductionRoot();
// The newest validFor.start among its keys and CAs (YYYY-MM-DD): the date `--version` prints.
std::string ProductionRootDate();

// RFC 3339 times: ParseRfc3339 and FormatTime in src/util/date.h.

}  // namespace sov::sigstore
