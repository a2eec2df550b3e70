#pragma once
// RAII handles for the C libraries the product uses: one std::unique_ptr per C type, freed by
// that type's own free function, so that no handle is freed by hand anywhere else.

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <memory>

namespace sov {

// The deleter of a C type T whose resources `Free` releases.
template <typename T, void (*Free)(T*)>
struct CFree {
  void operator()(T* p) const { Free(p); }
};
template <typename T, void (*Free)(T*)>
using CHandle = std::unique_ptr<T, CFree<T, Free>>;

namespace handles_detail {
inline void FreeBio(BIO* p) { BIO_free(p); }                 // BIO_free returns int
inline void FreeX509Stack(STACK_OF(X509)* p) { sk_X509_free(p); }  // the stack, not the certs
}  // namespace handles_detail

using Pkey = CHandle<EVP_PKEY, EVP_PKEY_free>;
using MdCtx = CHandle<EVP_MD_CTX, EVP_MD_CTX_free>;
using FetchedMd = CHandle<EVP_MD, EVP_MD_free>;
using Bio = CHandle<BIO, handles_detail::FreeBio>;
using X509Ptr = CHandle<X509, X509_free>;
using X509Store = CHandle<X509_STORE, X509_STORE_free>;
using X509StoreCtx = CHandle<X509_STORE_CTX, X509_STORE_CTX_free>;
using X509Stack = CHandle<STACK_OF(X509), handles_detail::FreeX509Stack>;
using TsResp = CHandle<TS_RESP, TS_RESP_free>;
using TsTstInfo = CHandle<TS_TST_INFO, TS_TST_INFO_free>;
using TsVerifyCtx = CHandle<TS_VERIFY_CTX, TS_VERIFY_CTX_free>;
using Pkcs7 = CHandle<PKCS7, PKCS7_free>;

}  // namespace sov
