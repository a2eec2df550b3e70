#pragma once
// OpenSSL plumbing for OMS: RAII handles, base64, EC keys, ECDSA (DER signatures), DSSE PAE,
// X.509 chains. Internal to src/oms.

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sov::oms {

struct PkeyDeleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
struct BioDeleter {
  void operator()(BIO* p) const { BIO_free(p); }
};
struct X509Deleter {
  void operator()(X509* p) const { X509_free(p); }
};
struct X509StoreDeleter {
  void operator()(X509_STORE* p) const { X509_STORE_free(p); }
};
struct X509StoreCtxDeleter {
  void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); }
};
struct X509StackDeleter {
  void operator()(STACK_OF(X509)* p) const { sk_X509_free(p); }  // does not free the certs
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;
using Bio = std::unique_ptr<BIO, BioDeleter>;
using X509Ptr = std::unique_ptr<X509, X509Deleter>;
using X509Store = std::unique_ptr<X509_STORE, X509StoreDeleter>;
using X509StoreCtx = std::unique_ptr<X509_STORE_CTX, X509StoreCtxDeleter>;
using X509Stack = std::unique_ptr<STACK_OF(X509), X509StackDeleter>;

// The most recent OpenSSL error as text ("unknown OpenSSL error" when the queue is empty);
// clears the queue.
std::string OpenSslError();

std::string ToHex(std::string_view bytes);
// Throws sov::Error (exit 2) naming `what` on odd length or a non-hex character.
std::string FromHex(std::string_view hex, std::string_view what);

std::string Base64Encode(std::string_view bytes);
// Standard alphabet with padding; whitespace is not allowed. Throws sov::Error (exit 2) naming
// `what` when the text is not valid base64.
std::string Base64Decode(std::string_view text, std::string_view what);

// Raw SHA-256 of bytes.
std::string Sha256Raw(std::string_view bytes);

// PEM files may start with text before the -----BEGIN line; it is skipped. Throw sov::Error
// (exit 2) naming the file when it is unreadable or holds no key of that kind, and when the
// key is not ECDSA on P-256, P-384 or P-521.
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
// Every certificate in a PEM file (text between blocks is skipped). Throws sov::Error (exit 2)
// when the file is unreadable or holds none.
std::vector<X509Ptr> LoadCertificatesPem(const std::filesystem::path& path);
// Throws sov::Error (exit 2) naming `what` when `der` is not one DER certificate.
X509Ptr ParseCertificateDer(std::string_view der, std::string_view what);
std::string CertificateDer(X509* cert);
// RFC 2253-ish one-line form, e.g. "CN=intermediate-ca".
std::string NameToString(const X509_NAME* name);

struct ChainCheck {
  bool ok = false;
  std::string message;  // why not, on failure
};
// Checks leaf (with the untrusted intermediates) up to one of the anchors, at the leaf's
// notBefore time or now; then that the leaf allows signing (KeyUsage digitalSignature, or EKU
// codeSigning).
ChainCheck CheckCertificateChain(X509* leaf, const std::vector<X509Ptr>& intermediates,
                                 const std::vector<X509Ptr>& anchors, bool at_leaf_not_before);

}  // namespace sov::oms
