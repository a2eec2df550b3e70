// The worker pool that hashes files and shards: each worker takes the next job, reads it with
// pread() into its own large buffer (one open file kept across consecutive shards of the same
// file) and hashes it with OpenSSL EVP.

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <exception>
#include <mutex>
#include <thread>

#include "src/oms/crypto.h"
#include "src/oms/serialize.h"
#include "src/util/error.h"

namespace sov::oms {
namespace {

constexpr size_t kMaxBuffer = 8u << 20;  // 8 MiB reads
constexpr size_t kMinBuffer = 4096;

struct MdDeleter {
  void operator()(EVP_MD* md) const { EVP_MD_free(md); }
};
using FetchedMd = std::unique_ptr<EVP_MD, MdDeleter>;

class Fd {
 public:
  Fd() = default;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Close(); }
  void Open(const std::filesystem::path& path) {
    Close();
    do {
      fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    } while (fd_ < 0 && errno == EINTR);
    if (fd_ < 0) throw Error(Location{path.string()}, std::string("cannot open: ") + std::strerror(errno));
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  int get() const { return fd_; }

 private:
  int fd_ = -1;
};

// Hashes jobs[i] for the i it claims from `next` until none are left or one has failed.
class Worker {
 public:
  Worker(const EVP_MD* md, size_t buffer_size) : md_(md), buffer_(buffer_size), ctx_(EVP_MD_CTX_new()) {
    if (!ctx_) throw Error("OpenSSL: cannot allocate a digest context: " + OpenSslError());
  }

  void Run(const std::vector<HashJob>& jobs, std::atomic<size_t>& next, std::atomic<bool>& failed,
           std::vector<std::string>& out) {
    for (size_t i = next++; i < jobs.size() && !failed; i = next++) out[i] = Hash(jobs[i]);
  }

 private:
  std::string Hash(const HashJob& job) {
    const std::filesystem::path& path = job.file->path;
    if (open_file_ != job.file) {
      fd_.Open(path);
      open_file_ = job.file;
    }
    if (EVP_DigestInit_ex(ctx_.get(), md_, nullptr) != 1) {
      throw Error("OpenSSL: cannot start a digest: " + OpenSslError());
    }
    uint64_t offset = job.start;
    while (job.to_eof || offset < job.end) {
      size_t want = job.to_eof ? buffer_.size()
                               : static_cast<size_t>(std::min<uint64_t>(buffer_.size(), job.end - offset));
      ssize_t got = ::pread(fd_.get(), buffer_.data(), want, static_cast<off_t>(offset));
      if (got < 0) {
        if (errno == EINTR) continue;
        throw Error(Location{path.string()}, std::string("read error: ") + std::strerror(errno));
      }
      if (got == 0) {
        if (job.to_eof) break;
        throw Error(Location{path.string()},
                    "file ended at byte " + std::to_string(offset) + ", before the shard end " +
                        std::to_string(job.end) + " (did it change while hashing?)");
      }
      if (EVP_DigestUpdate(ctx_.get(), buffer_.data(), static_cast<size_t>(got)) != 1) {
        throw Error("OpenSSL: digest update failed: " + OpenSslError());
      }
      offset += static_cast<uint64_t>(got);
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    if (EVP_DigestFinal_ex(ctx_.get(), md, &len) != 1) {
      throw Error("OpenSSL: digest final failed: " + OpenSslError());
    }
    return ToHex(std::string_view(reinterpret_cast<char*>(md), len));
  }

  const EVP_MD* md_;
  std::vector<unsigned char> buffer_;
  MdCtx ctx_;
  Fd fd_;
  const ModelFile* open_file_ = nullptr;
};

}  // namespace

const EVP_MD* DigestForHashType(const std::string& hash_type) {
  if (hash_type == "sha256") return EVP_sha256();
  if (hash_type == "blake2b") return EVP_blake2b512();
  throw Error("unsupported hash_type '" + hash_type + "' (supported: sha256, blake2b)");
}

std::vector<std::string> HashJobs(const std::vector<HashJob>& jobs, const std::string& hash_type,
                                  int threads) {
  std::vector<std::string> out(jobs.size());
  if (jobs.empty()) return out;
  // Fetch once: implicit fetches inside EVP_DigestInit_ex take a lock per call.
  FetchedMd md(EVP_MD_fetch(nullptr, EVP_MD_get0_name(DigestForHashType(hash_type)), nullptr));
  if (!md) throw Error("OpenSSL: cannot fetch " + hash_type + ": " + OpenSslError());

  uint64_t largest = 0;
  for (const HashJob& j : jobs) {
    largest = std::max<uint64_t>(largest, j.to_eof ? j.file->size + 1 : j.end - j.start);
  }
  size_t buffer = static_cast<size_t>(std::clamp<uint64_t>(largest, kMinBuffer, kMaxBuffer));
  size_t workers = threads > 0 ? static_cast<size_t>(threads)
                               : std::max(1u, std::thread::hardware_concurrency());
  workers = std::min(workers, jobs.size());

  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  if (workers == 1) {
    Worker(md.get(), buffer).Run(jobs, next, failed, out);
    return out;
  }
  std::exception_ptr error;
  std::mutex error_mu;
  {
    std::vector<std::jthread> pool;
    pool.reserve(workers);
    for (size_t w = 0; w < workers; ++w) {
      pool.emplace_back([&] {
        try {
          Worker(md.get(), buffer).Run(jobs, next, failed, out);
        } catch (...) {
          std::lock_guard<std::mutex> lock(error_mu);
          if (!error) error = std::current_exception();
          failed = true;
        }
      });
    }
  }  // joins
  if (error) std::rethrow_exception(error);
  return out;
}

}  // namespace sov::oms
