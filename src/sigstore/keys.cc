// Keys of logs and authorities (DER SubjectPublicKeyInfo), signature checks by key type, and the
// time format of messages.

#include <openssl/err.h>

#include <ctime>

#include "src/crypto/crypto.h"
#include "src/sigstore/checks.h"

namespace sov::sigstore {

Pkey ParseSpki(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  Pkey key(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
  ERR_clear_error();
  return key;
}

bool VerifyWithKey(EVP_PKEY* key, std::string_view data, std::string_view sig) {
  const EVP_MD* md = nullptr;
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_ED25519:
      md = nullptr;
      break;
    case EVP_PKEY_EC:
      try {
        md = DigestForKey(key);
      } catch (const std::exception&) {
        return false;
      }
      break;
    case EVP_PKEY_RSA:
      md = EVP_sha256();
      break;
    default:
      return false;
  }
  try {
    return VerifyDer(key, data, sig, md);
  } catch (const std::exception&) {
    ERR_clear_error();
    return false;
  }
}


}  // namespace sov::sigstore
