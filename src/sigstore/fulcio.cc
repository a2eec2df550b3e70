// Fulcio certificates: the chain to a CA of the trusted root at a verified time, the CA's
// validFor window, KeyUsage/EKU, the embedded SCT (RFC 6962 precertificate form) and the
// identity (SAN) and OIDC issuer extensions.

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include <cstring>

#include "src/crypto/crypto.h"
#include "src/sigstore/checks.h"

namespace sov::sigstore {
namespace {

constexpr const char* kIssuerV2Oid = "1.3.6.1.4.1.57264.1.8";  // DER UTF8String
constexpr const char* kIssuerV1Oid = "1.3.6.1.4.1.57264.1.1";  // raw bytes
constexpr const char* kOtherNameOid = "1.3.6.1.4.1.57264.1.7";  // Sigstore's SAN OtherName

struct StoreCtx {
  X509Store store{X509_STORE_new()};
  X509Stack untrusted{sk_X509_new_null()};
  std::vector<X509Ptr> owned;
};

// The extension with this dotted OID, or nullptr.
X509_EXTENSION* ExtensionByOid(X509* cert, const char* oid) {
  ASN1_OBJECT* obj = OBJ_txt2obj(oid, 1);
  int idx = obj ? X509_get_ext_by_OBJ(cert, obj, -1) : -1;
  ASN1_OBJECT_free(obj);
  return idx < 0 ? nullptr : X509_get_ext(cert, idx);
}

std::string Asn1String(const ASN1_STRING* s) {
  return s ? std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                         static_cast<size_t>(ASN1_STRING_length(s)))
           : std::string();
}

// Big-endian integer of n bytes at p.
uint64_t Be(const unsigned char* p, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) v = (v << 8) | p[i];
  return v;
}

}  // namespace

std::string CheckChainAt(X509* leaf, const TrustedRoot& root, int64_t t, Check* which,
                         X509Ptr* issuer) {
  std::string chain_why = "no certificate authority in the trusted root";
  std::string window_why;
  for (const CertificateAuthority& ca : root.certificate_authorities) {
    // Only the authority's own certificates: its intermediates untrusted, its last certificate
    // the one anchor. Certificates a bundle carries are never used, so a leaf cannot chain
    // through an intermediate of another (retired) authority under the same root.
    StoreCtx s;
    for (size_t i = 0; i < ca.chain.size(); ++i) {
      const auto* p = reinterpret_cast<const unsigned char*>(ca.chain[i].data());
      X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(ca.chain[i].size())));
      if (!cert) continue;
      if (i + 1 == ca.chain.size()) {
        X509_STORE_add_cert(s.store.get(), cert.get());
      } else {
        sk_X509_push(s.untrusted.get(), cert.get());
      }
      s.owned.push_back(std::move(cert));
    }
    X509_VERIFY_PARAM* param = X509_STORE_get0_param(s.store.get());
    X509_VERIFY_PARAM_set_time(param, static_cast<time_t>(t));
    X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
    X509StoreCtx ctx(X509_STORE_CTX_new());
    if (X509_STORE_CTX_init(ctx.get(), s.store.get(), leaf, s.untrusted.get()) != 1) {
      chain_why = "cannot set up chain verification: " + OpenSslError();
      continue;
    }
    if (X509_verify_cert(ctx.get()) != 1) {
      int err = X509_STORE_CTX_get_error(ctx.get());
      chain_why = std::string("no chain to certificate authority ") + (ca.subject.empty() ? ca.uri : ca.subject) +
                  " at " + FormatTime(t) + ": " + X509_verify_cert_error_string(err);
      ERR_clear_error();
      continue;
    }
    if (!ca.valid_for.Contains(t)) {
      window_why = "the chain leads to certificate authority " + (ca.subject.empty() ? ca.uri : ca.subject) +
                   ", whose validFor (" + FormatTime(ca.valid_for.start) + " to " +
                   (ca.valid_for.end ? FormatTime(*ca.valid_for.end) : std::string("open")) +
                   ") does not hold the verified time " + FormatTime(t);
      continue;
    }
    STACK_OF(X509)* chain = X509_STORE_CTX_get0_chain(ctx.get());
    if (sk_X509_num(chain) < 2) {
      chain_why = "the leaf is itself a trust anchor";
      continue;
    }
    X509* iss = sk_X509_value(chain, 1);
    X509_up_ref(iss);
    issuer->reset(iss);
    return "";
  }
  if (!window_why.empty()) {
    *which = Check::kCaWindow;
    return window_why;
  }
  *which = Check::kCertificate;
  return chain_why;
}

std::string CheckKeyUsage(X509* leaf) {
  uint32_t flags = X509_get_extension_flags(leaf);
  if (!(flags & EXFLAG_KUSAGE) || !(X509_get_key_usage(leaf) & KU_DIGITAL_SIGNATURE)) {
    return "the signing certificate's KeyUsage lacks digitalSignature";
  }
  if (!(flags & EXFLAG_XKUSAGE) || !(X509_get_extended_key_usage(leaf) & XKU_CODE_SIGN)) {
    return "the signing certificate's ExtendedKeyUsage lacks codeSigning";
  }
  return "";
}

std::string CheckSct(X509* leaf, X509* issuer, const TrustedRoot& root) {
  int idx = X509_get_ext_by_NID(leaf, NID_ct_precert_scts, -1);
  if (idx < 0) return "the signing certificate has no embedded SCT";
  const ASN1_OCTET_STRING* outer = X509_EXTENSION_get_data(X509_get_ext(leaf, idx));
  const unsigned char* p = ASN1_STRING_get0_data(outer);
  ASN1_OCTET_STRING* inner = d2i_ASN1_OCTET_STRING(nullptr, &p, ASN1_STRING_length(outer));
  if (!inner) {
    ERR_clear_error();
    return "the SCT extension is not an OCTET STRING";
  }
  std::string list = Asn1String(inner);
  ASN1_OCTET_STRING_free(inner);

  // The precertificate's TBS: the leaf's TBS without the SCT extension.
  X509Ptr pre(X509_dup(leaf));
  X509_EXTENSION_free(X509_delete_ext(pre.get(), X509_get_ext_by_NID(pre.get(), NID_ct_precert_scts, -1)));
  unsigned char* tbs_buf = nullptr;
  int tbs_len = i2d_re_X509_tbs(pre.get(), &tbs_buf);
  if (tbs_len <= 0) return "cannot encode the precertificate: " + OpenSslError();
  std::string tbs(reinterpret_cast<char*>(tbs_buf), static_cast<size_t>(tbs_len));
  OPENSSL_free(tbs_buf);
  unsigned char* spki_buf = nullptr;
  int spki_len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(issuer), &spki_buf);
  if (spki_len <= 0) return "cannot encode the issuer's key: " + OpenSslError();
  std::string issuer_key_hash = Sha256Raw(std::string_view(reinterpret_cast<char*>(spki_buf), spki_len));
  OPENSSL_free(spki_buf);

  const auto* b = reinterpret_cast<const unsigned char*>(list.data());
  size_t n = list.size();
  if (n < 2 || Be(b, 2) != n - 2) return "the SCT list's length is wrong";
  std::string why = "no SCT in the certificate";
  for (size_t pos = 2; pos < n;) {
    if (pos + 2 > n) return "the SCT list is truncated";
    size_t len = Be(b + pos, 2);
    pos += 2;
    if (pos + len > n) return "the SCT list is truncated";
    const unsigned char* s = b + pos;
    pos += len;
    // version(1) log_id(32) timestamp(8) ext_len(2) ext hash(1) sig(1) sig_len(2) sig
    if (len < 47 || s[0] != 0) {
      why = "an SCT is not version 1";
      continue;
    }
    size_t ext_len = Be(s + 41, 2);
    if (43 + ext_len + 4 > len) {
      why = "an SCT is truncated";
      continue;
    }
    const unsigned char* sig_hdr = s + 43 + ext_len;
    size_t sig_len = Be(sig_hdr + 2, 2);
    if (43 + ext_len + 4 + sig_len != len) {
      why = "an SCT's signature length is wrong";
      continue;
    }
    std::string log_id(reinterpret_cast<const char*>(s + 1), 32);
    uint64_t timestamp_ms = Be(s + 33, 8);
    const LogKey* log = FindLog(root.ctlogs, log_id);
    if (!log) {
      why = "the SCT's log " + Base64Encode(log_id) + " is not a CT log of the trusted root";
      continue;
    }
    int64_t t = static_cast<int64_t>(timestamp_ms / 1000);
    if (!log->valid_for.Contains(t)) {
      why = "the SCT's time " + FormatTime(t) + " is outside CT log " + log->base_url + "'s validFor";
      continue;
    }
    std::string signed_data;
    signed_data += '\0';                                              // version v1
    signed_data += '\0';                                              // certificate_timestamp
    signed_data.append(reinterpret_cast<const char*>(s + 33), 8);    // timestamp
    signed_data += std::string("\0\1", 2);                           // precert_entry
    signed_data += issuer_key_hash;
    signed_data += static_cast<char>((tbs.size() >> 16) & 0xFF);
    signed_data += static_cast<char>((tbs.size() >> 8) & 0xFF);
    signed_data += static_cast<char>(tbs.size() & 0xFF);
    signed_data += tbs;
    signed_data.append(reinterpret_cast<const char*>(s + 41), 2 + ext_len);  // extensions
    Pkey key = ParseSpki(log->public_key);
    std::string_view sig(reinterpret_cast<const char*>(sig_hdr + 4), sig_len);
    if (key && VerifyWithKey(key.get(), signed_data, sig)) return "";
    why = "the SCT from CT log " + log->base_url + " does not verify over the precertificate";
  }
  return why;
}

std::vector<std::string> SubjectAlternativeNames(X509* leaf) {
  std::vector<std::string> out;
  auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(leaf, NID_subject_alt_name, nullptr, nullptr));
  if (!names) return out;
  ASN1_OBJECT* other = OBJ_txt2obj(kOtherNameOid, 1);
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* g = sk_GENERAL_NAME_value(names, i);
    if (g->type == GEN_EMAIL || g->type == GEN_URI) {
      out.push_back(Asn1String(g->d.ia5));
    } else if (g->type == GEN_OTHERNAME && other && OBJ_cmp(g->d.otherName->type_id, other) == 0 &&
               g->d.otherName->value->type == V_ASN1_UTF8STRING) {
      out.push_back(Asn1String(g->d.otherName->value->value.utf8string));
    }
  }
  ASN1_OBJECT_free(other);
  GENERAL_NAMES_free(names);
  return out;
}

std::string OidcIssuer(X509* leaf) {
  // .1.8 when present, and then it must be one whole DER UTF8String: no fallback to .1.1.
  if (X509_EXTENSION* ext = ExtensionByOid(leaf, kIssuerV2Oid)) {
    const ASN1_OCTET_STRING* data = X509_EXTENSION_get_data(ext);
    const unsigned char* p = ASN1_STRING_get0_data(data);
    const unsigned char* end = p + ASN1_STRING_length(data);
    ASN1_UTF8STRING* s = d2i_ASN1_UTF8STRING(nullptr, &p, ASN1_STRING_length(data));
    std::string v = s && p == end ? Asn1String(s) : std::string();
    ASN1_UTF8STRING_free(s);
    ERR_clear_error();
    return v;
  }
  if (X509_EXTENSION* ext = ExtensionByOid(leaf, kIssuerV1Oid)) {
    return Asn1String(X509_EXTENSION_get_data(ext));
  }
  return "";
}

}  // namespace sov::sigstore
