// RFC 3161 timestamps (OpenSSL's TS API): the token signs SHA-256 of the DSSE signature, by a
// timestamp authority of the trusted root whose chain and validFor hold at the token's genTime.

#include <openssl/err.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <memory>

#include "src/crypto/crypto.h"
#include "src/sigstore/checks.h"

namespace sov::sigstore {

std::optional<int64_t> VerifyTimestamp(std::string_view der, std::string_view signature,
                                       const TrustedRoot& root, std::string* why) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  TsResp resp(d2i_TS_RESP(nullptr, &p, static_cast<long>(der.size())));
  Pkcs7 bare_token;
  TsTstInfo bare_info;
  TS_TST_INFO* info = nullptr;
  if (resp && TS_RESP_get_token(resp.get()) != nullptr) {
    info = TS_RESP_get_tst_info(resp.get());
  } else {
    resp.reset();
    p = reinterpret_cast<const unsigned char*>(der.data());
    bare_token.reset(d2i_PKCS7(nullptr, &p, static_cast<long>(der.size())));
    if (bare_token) bare_info.reset(PKCS7_to_TS_TST_INFO(bare_token.get()));
    info = bare_info.get();
  }
  ERR_clear_error();
  if (info == nullptr) {
    *why = "not a DER TimeStampResp or timestamp token";
    return std::nullopt;
  }
  struct tm tm {};
  if (ASN1_TIME_to_tm(TS_TST_INFO_get_time(info), &tm) != 1) {
    *why = "the token's genTime cannot be read";
    return std::nullopt;
  }
  int64_t gen_time = timegm(&tm);
  const X509_ALGOR* imprint_alg = TS_MSG_IMPRINT_get_algo(TS_TST_INFO_get_msg_imprint(info));
  if (imprint_alg == nullptr || OBJ_obj2nid(imprint_alg->algorithm) != NID_sha256) {
    *why = "the token's message imprint is not SHA-256";
    return std::nullopt;
  }
  PKCS7* token = resp ? TS_RESP_get_token(resp.get()) : bare_token.get();
  std::string last = "no timestamp authority of the trusted root is valid at " + FormatTime(gen_time);
  for (const CertificateAuthority& tsa : root.timestamp_authorities) {
    if (!tsa.valid_for.Contains(gen_time)) continue;
    X509_STORE* store = X509_STORE_new();
    STACK_OF(X509)* certs = sk_X509_new_null();
    for (const std::string& c : tsa.chain) {
      const auto* cp = reinterpret_cast<const unsigned char*>(c.data());
      X509* cert = d2i_X509(nullptr, &cp, static_cast<long>(c.size()));
      if (!cert) continue;
      X509_STORE_add_cert(store, cert);
      sk_X509_push(certs, cert);  // the stack owns it; the store holds its own reference
    }
    X509_VERIFY_PARAM* param = X509_STORE_get0_param(store);
    X509_VERIFY_PARAM_set_time(param, static_cast<time_t>(gen_time));
    X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
    TsVerifyCtx ctx(TS_VERIFY_CTX_new());
    TS_VERIFY_CTX_set_flags(ctx.get(), TS_VFY_VERSION | TS_VFY_SIGNATURE | TS_VFY_DATA);
    TS_VERIFY_CTX_set_store(ctx.get(), store);  // owned by ctx from here
    TS_VERIFY_CTX_set_certs(ctx.get(), certs);  // likewise
    BIO* data = BIO_new_mem_buf(signature.data(), static_cast<int>(signature.size()));
    TS_VERIFY_CTX_set_data(ctx.get(), data);  // likewise
    int ok = resp ? TS_RESP_verify_response(ctx.get(), resp.get())
                  : TS_RESP_verify_token(ctx.get(), bare_token.get());
    if (ok == 1) {
      // OpenSSL takes the signer from the token's own certificates: it must be this authority's
      // leaf, not another certificate its root issued (sigstore-go pins it the same way).
      bool pinned = false;
      if (STACK_OF(X509)* signers = PKCS7_get0_signers(token, certs, 0)) {
        pinned = sk_X509_num(signers) == 1 && sk_X509_num(certs) > 0 &&
                 X509_cmp(sk_X509_value(signers, 0), sk_X509_value(certs, 0)) == 0;
        sk_X509_free(signers);
      }
      ERR_clear_error();
      if (pinned) return gen_time;
      last = "the timestamp of " + FormatTime(gen_time) + " is signed by another certificate than "
             "the leaf of timestamp authority " + (tsa.subject.empty() ? tsa.uri : tsa.subject);
      continue;
    }
    last = "the timestamp of " + FormatTime(gen_time) + " does not verify against timestamp authority " +
           (tsa.subject.empty() ? tsa.uri : tsa.subject) + ": " + OpenSslError();
  }
  *why = last;
  return std::nullopt;
}

}  // namespace sov::sigstore
