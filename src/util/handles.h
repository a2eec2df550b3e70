#pragma once
// RAII handles for the C libraries the product uses: one std::unique_ptr per C type, freed by
// that type's own free function, and UniqueFd for file descriptors, so that no handle is freed
// by hand anywhere else.

#include <curl/curl.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <unistd.h>

#include <memory>
#include <utility>

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
using CurlEasy = CHandle<CURL, curl_easy_cleanup>;
using CurlUrl = CHandle<CURLU, curl_url_cleanup>;

// An open file descriptor, closed when the handle goes (or is reset); -1 holds none.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    reset(std::exchange(other.fd_, -1));
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

}  // namespace sov
