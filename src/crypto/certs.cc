// X.509 for the OMS certificate method: loading anchors, parsing the bundle's chain, checking
// it the way the reference tool does.

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <ctime>

#include "src/crypto/crypto.h"
#include "src/util/error.h"
#include "src/util/fs.h"

namespace sov {
namespace {

// Seconds since the epoch of an ASN1_TIME; false when it cannot be read.
bool AsnTimeToEpoch(const ASN1_TIME* t, time_t* out) {
  struct tm tm {};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return false;
  *out = timegm(&tm);
  return true;
}

std::string CertLabel(X509* cert) {
  if (cert == nullptr) return "certificate";
  return "certificate '" + NameToString(X509_get_subject_name(cert)) + "'";
}

// KeyUsage digitalSignature, or (as the reference tool accepts) EKU codeSigning.
bool AllowsSigning(X509* leaf) {
  uint32_t flags = X509_get_extension_flags(leaf);  // also caches the extensions
  if ((flags & EXFLAG_KUSAGE) && (X509_get_key_usage(leaf) & KU_DIGITAL_SIGNATURE)) return true;
  if ((flags & EXFLAG_XKUSAGE) && (X509_get_extended_key_usage(leaf) & XKU_CODE_SIGN)) {
    return true;
  }
  return false;
}

}  // namespace

std::vector<X509Ptr> LoadCertificatesPem(const std::filesystem::path& path) {
  return CertificatesFromPem(ReadTextFile(path, 16 << 20), path.string());
}

std::vector<X509Ptr> CertificatesFromPem(std::string_view text, const std::string& name) {
  Bio bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  if (!bio) throw Error("OpenSSL: cannot allocate a memory BIO: " + OpenSslError());
  std::vector<X509Ptr> certs;
  while (X509* raw = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    certs.emplace_back(raw);
  }
  ERR_clear_error();  // the loop ends on "no start line"
  if (certs.empty()) {
    throw Error(Location{name}, "no PEM certificate (-----BEGIN CERTIFICATE-----) found");
  }
  return certs;
}

X509Ptr ParseCertificateDer(std::string_view der, std::string_view what) {
  auto* p = reinterpret_cast<const unsigned char*>(der.data());
  const unsigned char* start = p;
  X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!cert) throw Error(std::string(what) + ": not a DER certificate: " + OpenSslError());
  if (static_cast<size_t>(p - start) != der.size()) {
    throw Error(std::string(what) + ": trailing bytes after the DER certificate");
  }
  return cert;
}

std::string CertificateDer(X509* cert) {
  unsigned char* buf = nullptr;
  int len = i2d_X509(cert, &buf);
  if (len <= 0 || buf == nullptr) throw Error("OpenSSL: cannot encode certificate: " + OpenSslError());
  std::string der(reinterpret_cast<char*>(buf), static_cast<size_t>(len));
  OPENSSL_free(buf);
  return der;
}

std::string NameToString(const X509_NAME* name) {
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || name == nullptr) return "";
  unsigned long flags = XN_FLAG_SEP_COMMA_PLUS | XN_FLAG_FN_SN | ASN1_STRFLGS_RFC2253;
  if (X509_NAME_print_ex(bio.get(), name, 0, flags) < 0) return "";
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return len > 0 && data ? std::string(data, static_cast<size_t>(len)) : "";
}

Expected<Ok> CheckCertificateChain(X509* leaf, const std::vector<X509Ptr>& intermediates,
                                 const std::vector<X509Ptr>& anchors, bool at_leaf_not_before) {
  X509Store store(X509_STORE_new());
  X509Stack untrusted(sk_X509_new_null());
  X509StoreCtx ctx(X509_STORE_CTX_new());
  if (!store || !untrusted || !ctx) throw Error("OpenSSL: out of memory: " + OpenSslError());
  for (const X509Ptr& anchor : anchors) {
    if (X509_STORE_add_cert(store.get(), anchor.get()) != 1) {
      // A duplicate anchor is harmless; anything else is not.
      unsigned long err = ERR_peek_last_error();
      if (ERR_GET_REASON(err) != X509_R_CERT_ALREADY_IN_HASH_TABLE) {
        throw Error("OpenSSL: cannot add a trust anchor: " + OpenSslError());
      }
      ERR_clear_error();
    }
  }
  for (const X509Ptr& cert : intermediates) {
    if (sk_X509_push(untrusted.get(), cert.get()) <= 0) {
      throw Error("OpenSSL: out of memory: " + OpenSslError());
    }
  }
  if (X509_STORE_CTX_init(ctx.get(), store.get(), leaf, untrusted.get()) != 1) {
    throw Error("OpenSSL: cannot start chain verification: " + OpenSslError());
  }
  if (at_leaf_not_before) {
    time_t when = 0;
    if (!AsnTimeToEpoch(X509_get0_notBefore(leaf), &when)) {
      return Unexpected{"signing certificate has an unreadable notBefore time"};
    }
    X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx.get()), when);
  }
  if (X509_verify_cert(ctx.get()) != 1) {
    int err = X509_STORE_CTX_get_error(ctx.get());
    int depth = X509_STORE_CTX_get_error_depth(ctx.get());
    X509* bad = X509_STORE_CTX_get_current_cert(ctx.get());
    ERR_clear_error();
    return Unexpected{"certificate chain does not verify against the given trust anchors: " +
                      std::string(X509_verify_cert_error_string(err)) + " (at depth " +
                      std::to_string(depth) + ", " + CertLabel(bad) + ")"};
  }
  if (!AllowsSigning(leaf)) {
    return Unexpected{"signing " + CertLabel(leaf) +
                      " allows neither KeyUsage digitalSignature nor ExtendedKeyUsage codeSigning"};
  }
  return Ok{};
}

}  // namespace sov
