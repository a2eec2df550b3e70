// Keys, ECDSA and DSSE PAE. Certificates are in certs.cc.

#include "src/crypto/crypto.h"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <array>

#include "src/util/error.h"
#include "src/util/fs.h"

namespace sov {
namespace {


Bio MemBio(std::string_view data) {
  Bio bio(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
  if (!bio) throw Error("OpenSSL: cannot allocate a memory BIO: " + OpenSslError());
  return bio;
}

// Refuses to prompt for a pass phrase: encrypted keys fail to load.
int NoPassword(char*, int, int, void*) { return 0; }

void CheckSupportedKey(EVP_PKEY* key, const std::string& name) {
  try {
    DigestForKey(key);
  } catch (const Error& e) {
    throw Error(Location{name}, e.what());
  }
}

// What a PEM file holds instead of the key asked for, in one line; "" when not recognised.
std::string PemKindProblem(const std::string& text, bool want_public) {
  auto has = [&](const char* label) {
    return text.find(std::string("-----BEGIN ") + label + "-----") != std::string::npos;
  };
  bool private_key = has("PRIVATE KEY") || has("EC PRIVATE KEY") || has("RSA PRIVATE KEY") ||
                     has("ENCRYPTED PRIVATE KEY");
  if (want_public && private_key) {
    return "is a private key, not a public key: give the public key (openssl pkey -in KEY "
           "-pubout), and keep the private key to sign with";
  }
  if (want_public && has("CERTIFICATE")) {
    return "is a certificate, not a public key: give it with --certificate-chain, or extract "
           "its key (openssl x509 -in CERT -pubkey -noout)";
  }
  if (!want_public && has("PUBLIC KEY")) {
    return "is a public key, not a private key: signing needs the private key";
  }
  if (!want_public && has("CERTIFICATE")) {
    return "is a certificate, not a private key: give it with --signing-certificate, and the "
           "private key with --private-key";
  }
  return "";
}

// A public or private key from PEM text, errors naming `name`.
Pkey KeyFromPem(std::string_view text, const std::string& name, bool want_public) {
  Bio bio = MemBio(text);
  Pkey key(want_public ? PEM_read_bio_PUBKEY(bio.get(), nullptr, NoPassword, nullptr)
                       : PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassword, nullptr));
  if (!key) {
    std::string problem = PemKindProblem(std::string(text), want_public);
    if (!problem.empty()) {
      ERR_clear_error();
      throw Error(Location{name}, problem);
    }
    throw Error(Location{name}, (want_public ? "no PEM public key (-----BEGIN PUBLIC KEY-----) found: "
                                             : "no unencrypted PEM private key found: ") +
                                    OpenSslError());
  }
  CheckSupportedKey(key.get(), name);
  return key;
}

}  // namespace

std::string OpenSslError() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown OpenSSL error";
  std::array<char, 256> buf{};
  ERR_error_string_n(code, buf.data(), buf.size());
  return buf.data();
}


std::string Sha256Raw(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr) != 1) {
    throw Error("OpenSSL SHA-256 failed: " + OpenSslError());
  }
  return std::string(reinterpret_cast<char*>(md), len);
}

Pkey PublicKeyFromPem(std::string_view text, const std::string& name) {
  return KeyFromPem(text, name, true);
}

Pkey PrivateKeyFromPem(std::string_view text, const std::string& name) {
  return KeyFromPem(text, name, false);
}

Pkey LoadPublicKeyPem(const std::filesystem::path& path) {
  return PublicKeyFromPem(ReadTextFile(path, 1 << 20), path.string());
}

Pkey LoadPrivateKeyPem(const std::filesystem::path& path) {
  return PrivateKeyFromPem(ReadTextFile(path, 1 << 20), path.string());
}

Pkey ParsePublicKeyPem(std::string_view pem) {
  Bio bio = MemBio(pem);
  Pkey key(PEM_read_bio_PUBKEY(bio.get(), nullptr, NoPassword, nullptr));
  if (!key) ERR_clear_error();
  return key;
}

std::string PublicKeyPem(EVP_PKEY* key) {
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio) throw Error("OpenSSL: cannot allocate a memory BIO: " + OpenSslError());
  if (PEM_write_bio_PUBKEY(bio.get(), key) != 1) {
    throw Error("OpenSSL: cannot write the public key as PEM: " + OpenSslError());
  }
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  if (len <= 0 || data == nullptr) throw Error("OpenSSL: empty public key PEM");
  return std::string(data, static_cast<size_t>(len));
}

std::string KeyFingerprint(EVP_PKEY* key) { return ToHex(Sha256Raw(PublicKeyPem(key))); }

const EVP_MD* DigestForKey(EVP_PKEY* key, std::string* curve_name) {
  if (EVP_PKEY_get_base_id(key) != EVP_PKEY_EC) {
    throw Error("only ECDSA keys (P-256, P-384, P-521) are supported");
  }
  char group[80] = {};
  size_t group_len = 0;
  if (EVP_PKEY_get_group_name(key, group, sizeof group, &group_len) != 1) {
    throw Error("cannot read the key's elliptic curve: " + OpenSslError());
  }
  std::string_view g(group, group_len);
  const EVP_MD* md = nullptr;
  std::string name;
  if (g == "prime256v1" || g == "P-256") {
    md = EVP_sha256(), name = "P-256";
  } else if (g == "secp384r1" || g == "P-384") {
    md = EVP_sha384(), name = "P-384";
  } else if (g == "secp521r1" || g == "P-521") {
    md = EVP_sha512(), name = "P-521";
  } else {
    throw Error("unsupported elliptic curve " + std::string(g) +
                " (supported: P-256, P-384, P-521)");
  }
  if (curve_name) *curve_name = name;
  return md;
}

std::string SignDer(EVP_PKEY* key, std::string_view data, const EVP_MD* md) {
  MdCtx ctx(EVP_MD_CTX_new());
  if (!ctx) throw Error("OpenSSL: cannot allocate a digest context: " + OpenSslError());
  if (EVP_DigestSignInit(ctx.get(), nullptr, md, nullptr, key) != 1) {
    throw Error("OpenSSL: cannot start signing: " + OpenSslError());
  }
  auto* in = reinterpret_cast<const unsigned char*>(data.data());
  size_t len = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &len, in, data.size()) != 1) {
    throw Error("OpenSSL: cannot size the signature: " + OpenSslError());
  }
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, in,
                     data.size()) != 1) {
    throw Error("OpenSSL: signing failed: " + OpenSslError());
  }
  sig.resize(len);
  return sig;
}

bool VerifyDer(EVP_PKEY* key, std::string_view data, std::string_view sig, const EVP_MD* md) {
  MdCtx ctx(EVP_MD_CTX_new());
  if (!ctx) throw Error("OpenSSL: cannot allocate a digest context: " + OpenSslError());
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, key) != 1) {
    throw Error("OpenSSL: cannot start verifying: " + OpenSslError());
  }
  int rc = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()),
                            sig.size(), reinterpret_cast<const unsigned char*>(data.data()),
                            data.size());
  ERR_clear_error();
  return rc == 1;
}

std::string Pae(std::string_view payload_type, std::string_view payload) {
  std::string out = "DSSEv1 " + std::to_string(payload_type.size()) + " ";
  out += payload_type;
  out += " " + std::to_string(payload.size()) + " ";
  out += payload;
  return out;
}

std::string PaeCompat(std::string_view payload_type, std::string_view payload) {
  std::string out = "DSSEV1 " + std::to_string(payload_type.size()) + " ";
  out += payload_type;
  out += " " + std::to_string(payload.size()) + " ";
  out += PythonBytesRepr(payload);
  return out;
}

std::string PythonBytesRepr(std::string_view bytes) {
  bool has_single = bytes.find('\'') != std::string_view::npos;
  bool has_double = bytes.find('"') != std::string_view::npos;
  char quote = has_single && !has_double ? '"' : '\'';
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "b";
  out += quote;
  for (unsigned char c : bytes) {
    if (c == static_cast<unsigned char>(quote) || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c >= 0x7f) {
      out += "\\x";
      out += kDigits[c >> 4];
      out += kDigits[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  out += quote;
  return out;
}

}  // namespace sov
