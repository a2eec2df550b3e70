#pragma once
// Helpers shared by the OMS tests: temporary folders, files, fresh EC keys, shell commands.

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>

#include "src/crypto/crypto.h"

namespace sov::oms::testing {
namespace fs = std::filesystem;

inline fs::path InteropDir() {
  return fs::path(SOVAUDIT_SOURCE_DIR) / "tests" / "data" / "third_party" / "model-signing";
}

// A fresh folder under the system temp folder, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("sovaudit_oms_" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

inline void WriteFile(const fs::path& p, const std::string& data) {
  if (p.has_parent_path()) fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  ASSERT_TRUE(out.good()) << p;
}

inline std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string RandomBytes(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

// Flips the lowest bit of the byte at `offset`.
inline void FlipByte(const fs::path& p, size_t offset) {
  std::string data = ReadFile(p);
  ASSERT_LT(offset, data.size());
  data[offset] = static_cast<char>(data[offset] ^ 1);
  fs::permissions(p, fs::perms::owner_write, fs::perm_options::add);
  WriteFile(p, data);
}

// Copies a read-only vector folder to `to` and makes the copy writable.
inline void CopyWritable(const fs::path& from, const fs::path& to) {
  fs::copy(from, to, fs::copy_options::recursive);
  fs::permissions(to, fs::perms::owner_all, fs::perm_options::add);
  for (const auto& e : fs::recursive_directory_iterator(to)) {
    fs::permissions(e.path(), fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::add);
  }
}

inline std::string RunCommand(const std::string& cmd) {
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), &pclose);
  std::string out;
  char buf[512];
  while (p && fgets(buf, sizeof buf, p.get())) out += buf;
  return out;
}

inline ::testing::AssertionResult Contains(const std::string& haystack, const std::string& needle) {
  if (haystack.find(needle) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << haystack << "' does not contain '" << needle << "'";
}

inline std::string Sha256HexOf(const std::string& data) { return ToHex(Sha256Raw(data)); }

struct KeyFiles {
  fs::path private_pem;
  fs::path public_pem;
};

// Generates an EC key on `curve` ("P-256", "P-384", "P-521") with OpenSSL EVP and writes
// PKCS#8 private and SPKI public PEM files into `dir`.
inline KeyFiles GenerateKey(const fs::path& dir, const std::string& curve) {
  Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve.c_str()));
  EXPECT_TRUE(key) << "keygen " << curve;
  KeyFiles out{dir / (curve + ".key.pem"), dir / (curve + ".pub.pem")};
  Bio priv(BIO_new(BIO_s_mem()));
  Bio pub(BIO_new(BIO_s_mem()));
  EXPECT_EQ(PEM_write_bio_PrivateKey(priv.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr), 1);
  EXPECT_EQ(PEM_write_bio_PUBKEY(pub.get(), key.get()), 1);
  char* data = nullptr;
  long len = BIO_get_mem_data(priv.get(), &data);
  WriteFile(out.private_pem, std::string(data, static_cast<size_t>(len)));
  len = BIO_get_mem_data(pub.get(), &data);
  WriteFile(out.public_pem, std::string(data, static_cast<size_t>(len)));
  return out;
}

}  // namespace sov::oms::testing
