#include "src/util/fs.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <vector>

#include "src/util/encoding.h"
#include "src/util/error.h"
#include "src/util/expected.h"
#include "src/util/handles.h"
#include "src/util/input.h"

namespace sov {
namespace fs = std::filesystem;

namespace {

// The common case of ReadTextFile in one open, fstat and read: a regular file within the
// limit, read in full. nullopt for anything else (missing, a directory, too large, unreadable,
// short), which the caller then diagnoses the slow way with its exact messages.
std::optional<std::string> ReadRegularFile(const fs::path& path, std::uintmax_t max_bytes) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer (it is then refused below).
  UniqueFd owned(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (!owned) return std::nullopt;
  const int fd = owned.get();
  std::optional<std::string> out;
  struct stat sb;
  if (::fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
      static_cast<std::uintmax_t>(sb.st_size) <= max_bytes) {
    std::string data(static_cast<size_t>(sb.st_size), '\0');
    size_t got = 0;
    while (got < data.size()) {
      ssize_t n = ::read(fd, data.data() + got, data.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += static_cast<size_t>(n);
    }
    if (got == data.size()) out = std::move(data);
  }
  return out;
}

}  // namespace

std::string ReadTextFile(const fs::path& path, std::uintmax_t max_bytes) {
  if (IsUrl(path.native())) RefuseUrl(path.native());
  if (std::optional<std::string> fast = ReadRegularFile(path, max_bytes)) return *std::move(fast);
  Location loc{path.string()};
  std::error_code ec;
  if (!fs::exists(path, ec)) throw Error(loc, "no such file");
  if (fs::is_directory(path, ec)) throw Error(loc, "is a directory, expected a file");
  if (!fs::is_regular_file(path, ec)) {
    throw Error(loc, "is not a regular file (a FIFO, device or socket): inputs must be files");
  }
  auto size = fs::file_size(path, ec);
  if (ec) throw Error(loc, "cannot read: " + ec.message());
  if (size > max_bytes) {
    throw Error(loc, "file is " + std::to_string(size) + " bytes, larger than the limit of " +
                         std::to_string(max_bytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(loc, "cannot open for reading");
  std::string data(size, '\0');
  in.read(data.data(), static_cast<std::streamsize>(size));
  if (in.gcount() != static_cast<std::streamsize>(size)) throw Error(loc, "short read");
  return data;
}

AtomicFile::AtomicFile(const fs::path& path) : path_(path) {
  fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::random_device rd;
  tmp_ = dir / ("." + path.filename().string() + ".tmp" + std::to_string(rd()));
  out_.open(tmp_, std::ios::binary | std::ios::trunc);
  if (!out_) throw Error(Location{path.string()}, "cannot create output file", kExitEnvironment);
}

AtomicFile::~AtomicFile() {
  if (committed_) return;
  out_.close();
  std::error_code ec;
  fs::remove(tmp_, ec);
}

std::string AtomicFile::Sha256() {
  out_.flush();
  Expected<std::string> hex = out_ ? Sha256File(tmp_) : Unexpected{"cannot write"};
  if (!hex) throw Error(Location{path_.string()}, "cannot write output file: " + hex.error(), kExitEnvironment);
  return *hex;
}

void AtomicFile::Commit() {
  out_.flush();
  bool ok = static_cast<bool>(out_);
  out_.close();
  std::error_code ec;
  if (!ok) {
    fs::remove(tmp_, ec);
    committed_ = true;
    throw Error(Location{path_.string()}, "cannot write output file", kExitEnvironment);
  }
  fs::rename(tmp_, path_, ec);
  committed_ = true;
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp_, ignored);
    throw Error(Location{path_.string()}, "cannot replace output file: " + ec.message(),
                kExitEnvironment);
  }
}

void WriteFileAtomically(const fs::path& path, const std::string& contents) {
  AtomicFile f(path);
  f.stream().write(contents.data(), static_cast<std::streamsize>(contents.size()));
  f.Commit();
}

bool IsWithin(const fs::path& root, const fs::path& path) {
  std::error_code ec;
  fs::path r = fs::weakly_canonical(fs::absolute(root, ec), ec);
  fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  auto rit = r.begin();
  auto pit = p.begin();
  for (; rit != r.end(); ++rit, ++pit) {
    if (rit->empty() && std::next(rit) == r.end()) break;  // trailing slash
    if (pit == p.end() || *rit != *pit) return false;
  }
  return true;
}

Expected<std::string> Sha256File(const fs::path& path) {
  std::error_code ec;
  if (fs::exists(path, ec) && !fs::is_regular_file(path, ec)) {
    return Unexpected{path.string() + (fs::is_directory(path, ec) ? " is a directory"
                                                          : " is not a regular file (a FIFO, "
                                                            "device or socket)")};
  }
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) {
    return Unexpected{"cannot open " + path.string()};
  }
  MdCtx ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    return Unexpected{"OpenSSL SHA-256 unavailable"};
  }
  std::vector<unsigned char> buf(1 << 20);
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), f.get())) > 0) {
    EVP_DigestUpdate(ctx.get(), buf.data(), n);
  }
  if (std::ferror(f.get())) {
    return Unexpected{"read error on " + path.string()};
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_DigestFinal_ex(ctx.get(), md, &len);
  return ToHex(std::string_view(reinterpret_cast<const char*>(md), len));
}

std::string Sha256Hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  return ToHex(std::string_view(reinterpret_cast<const char*>(md), len));
}

}  // namespace sov
