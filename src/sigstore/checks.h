#pragma once
// The individual checks of keyless verification, each returning "" when it holds and the
// reason when not. Internal to src/sigstore; keyless.cc runs them in order.

#include <openssl/x509.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/crypto/crypto.h"
#include "src/sigstore/keyless.h"
#include "src/sigstore/trusted_root.h"

namespace sov::sigstore {

// A key in DER SubjectPublicKeyInfo form; nullptr when it is not one.
Pkey ParseSpki(std::string_view der);
// Verifies `sig` over `data` with a log, CT or TSA key: ECDSA (SHA-256 for P-256, SHA-384 for
// P-384, SHA-512 for P-521; DER signature), Ed25519 (64 bytes, no pre-hash) or RSA PKCS#1 v1.5
// with SHA-256.
bool VerifyWithKey(EVP_PKEY* key, std::string_view data, std::string_view sig);

// Transparency log (rekor.cc).
const LogKey* FindLog(const std::vector<LogKey>& logs, std::string_view key_id);
// The entry's canonicalized body records this envelope: its kind's payload or PAE digest, the
// signature and the signing certificate.
std::string CheckEntryBody(const TlogEntry& e, std::string_view payload_type,
                           std::string_view payload, std::string_view signature,
                           std::string_view leaf_der);
std::string CheckSet(const TlogEntry& e, const LogKey& log);
std::string CheckInclusionProof(const TlogEntry& e);
std::string CheckCheckpoint(const TlogEntry& e, const LogKey& log);

// RFC 3161 (timestamp.cc): the verified genTime of a TimeStampResp (or bare token) over
// SHA-256(signature), signed by a TSA of the root valid then; nullopt and *why when not.
std::optional<int64_t> VerifyTimestamp(std::string_view der, std::string_view signature,
                                       const TrustedRoot& root, std::string* why);

// Fulcio (fulcio.cc).
// The leaf's chain to a CA of the root at time t. On success returns "" and sets *issuer (the
// certificate that issued the leaf, owned by the caller). *which tells certificate vs ca-window.
std::string CheckChainAt(X509* leaf, const TrustedRoot& root, int64_t t, Check* which,
                         X509Ptr* issuer);
std::string CheckKeyUsage(X509* leaf);
std::string CheckSct(X509* leaf, X509* issuer, const TrustedRoot& root);
// Every SAN (email, URI, Sigstore OtherName) of the leaf, and its OIDC issuer (.1.8, else .1.1).
std::vector<std::string> SubjectAlternativeNames(X509* leaf);
std::string OidcIssuer(X509* leaf);

}  // namespace sov::sigstore
