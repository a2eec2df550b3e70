#pragma once
// Signature crypto on OpenSSL 3, for OMS bundles (src/oms) and keyless Sigstore checks
// (src/sigstore): EC keys, ECDSA (DER signatures), DSSE PAE, X.509 chains. Knows nothing of
// models or audits. The handles are util/handles.h's, hex and base64 util/encoding.h's.

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "src/util/encoding.h"
#include "src/util/expected.h"
#include "src/util/handles.h"

namespace sov {

// The most recent OpenSSL error as text ("unknown OpenSSL error" when the queue is empty);
// clears the queue.
std::string OpenSslError();

// Raw SHA-256 of bytes.
std::string Sha256Raw(std::string_view bytes);

// PEM text may start with text before the -----BEGIN line; it is skipped. Throw sov::Error
// (exit 2) naming `name` (the file or URL the text came from) when it holds no key of that
// kind, and when the key is not ECDSA on P-256, P-384 or P-521.
Pkey PublicKeyFromPem(std::string_view text, const std::string& name);
Pkey PrivateKeyFromPem(std::string_view text, const std::string& name);
// The same for a local file (also exit 2 when it cannot be read).
Pkey LoadPublicKeyPem(const std::filesystem::path& path);
Pkey LoadPrivateKeyPem(const std::filesystem::path& path);
// Parses PEM text (used for the bundle's older publicKey.rawBytes); nullptr when it is not one.
Pkey ParsePublicKeyPem(std::string_view pem);

// The SubjectPublicKeyInfo PEM text ("-----BEGIN PUBLIC KEY-----\n...-----END PUBLIC KEY-----\n").
std::string PublicKeyPem(EVP_PKEY* key);
// Hex SHA-256 of PublicKeyPem: the v1.1 publicKey.hint.
std::string KeyFingerprint(EVP_PKEY* key);

// SHA-256 for P-256, SHA-384 for P-384, SHA-512 for P-521. Throws sov::Error (exit 2) for
// any other key. `curve_name` (optional) receives "P-256" etc.
const EVP_MD* DigestForKey(EVP_PKEY* key, std::string* curve_name = nullptr);

// ECDSA over `data` hashed with `md`; DER signature. Throws sov::Error (exit 2) on failure.
std::string SignDer(EVP_PKEY* key, std::string_view data, const EVP_MD* md);
// True when `sig` (DER) is a valid signature of `data` hashed with `md`.
bool VerifyDer(EVP_PKEY* key, std::string_view data, std::string_view sig, const EVP_MD* md);

// DSSE v1 pre-authentication encoding.
std::string Pae(std::string_view payload_type, std::string_view payload);
// The pre-1.0 model_signing encoding: "DSSEV1 <len type> <type> <len payload> b'<repr>'".
std::string PaeCompat(std::string_view payload_type, std::string_view payload);
// Python's repr() of a bytes object, e.g. b'a\n\'' or b"it's".
std::string PythonBytesRepr(std::string_view bytes);

// Certificates.
// Every certificate in PEM text (text between blocks is skipped). Throws sov::Error (exit 2)
// naming `name` when it holds none.
std::vector<X509Ptr> CertificatesFromPem(std::string_view text, const std::string& name);
// The same for a local file (also exit 2 when it cannot be read).
std::vector<X509Ptr> LoadCertificatesPem(const std::filesystem::path& path);
// Throws sov::Error (exit 2) naming `what` when `der` is not one DER certificate.
X509Ptr ParseCertificateDer(std::string_view der, std::string_view what);
std::string CertificateDer(X509* cert);
// RFC 2253-ish one-line form, e.g. "CN=intermediate-ca".
std::string NameToString(const X509_NAME* name);

// Checks leaf (with the untrusted intermediates) up to one of the anchors, at the leaf's
// notBefore time or now; then that the leaf allows signing (KeyUsage digitalSignature, or EKU
// codeSigning). Why not, when it does not.
Expected<Ok> CheckCertificateChain(X509* leaf, const std::vector<X509Ptr>& intermediates,
                                 const std::vector<X509Ptr>& anchors, bool at_leaf_not_before);

}  // namespace sov
