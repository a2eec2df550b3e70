// The worker pool that hashes files and shards: each worker takes the next job, largest first,
// and hashes it with OpenSSL EVP straight from the page cache through a read-only mapping of
// the file (64 MiB windows, populated at once and kept across consecutive shards of the same
// file; one open file kept likewise), falling back to pread() into its own buffer where a
// mapping cannot be made. Mapping saves the copy out of the page cache that read() makes,
// about a fifth of the time of SHA-256 on a 2-core machine (bench/HASHING.md).
//
// A file that shrinks while it is mapped would raise SIGBUS: the mapped reads run under the
// process's SIGBUS guard (util/process.h, installed by main), which turns that into an error
// naming the file, as a short read does. Without the guard nothing is mapped: pread only.

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <exception>
#include <mutex>
#include <thread>

#include "src/crypto/crypto.h"
#include "src/oms/serialize.h"
#include "src/util/error.h"
#include "src/util/handles.h"
#include "src/util/process.h"

namespace sov::oms {
namespace {

// Reads of 1 MiB: measured on a 4 GiB file in the page cache (bench/HASHING.md), 256 KiB to
// 8 MiB hash at the same speed; the smaller buffer stays in a core's L2 cache between the copy
// out of the page cache and the SHA-256 rounds.
constexpr size_t kMaxBuffer = 1u << 20;
constexpr size_t kMinBuffer = 4096;

// EVP_DigestUpdate over mapped memory; false when the mapping faulted (SIGBUS). Only C frames
// lie between GuardedCall's sigsetjmp and a fault, so the jump skips no destructor.
struct MappedUpdate {
  EVP_MD_CTX* ctx;
  const unsigned char* data;
  size_t n;
  int rc;
};
void RunMappedUpdate(void* arg) {
  auto* u = static_cast<MappedUpdate*>(arg);
  u->rc = EVP_DigestUpdate(u->ctx, u->data, u->n);
}
bool GuardedUpdate(EVP_MD_CTX* ctx, const unsigned char* data, size_t n, int* rc) {
  MappedUpdate u{ctx, data, n, 0};
  if (!GuardedCall(&RunMappedUpdate, &u)) return false;
  *rc = u.rc;
  return true;
}

// The file, opened for a sequential read.
UniqueFd OpenForHashing(const std::filesystem::path& path) {
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) throw Error(Location{path.string()}, std::string("cannot open: ") + std::strerror(errno));
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return UniqueFd(fd);
}

// Hashes jobs[i] for the i it claims from `next` until none are left or one has failed.
class Worker {
 public:
  Worker(const EVP_MD* md, size_t buffer_size, HashProgress* progress)
      : md_(md), buffer_(buffer_size), ctx_(EVP_MD_CTX_new()), progress_(progress) {
    if (!ctx_) throw Error("OpenSSL: cannot allocate a digest context: " + OpenSslError());
  }
  ~Worker() { Unmap(); }

  // Takes order[next++] until none are left or a worker has failed.
  void Run(const std::vector<HashJob>& jobs, const std::vector<size_t>& order,
           std::atomic<size_t>& next, std::atomic<bool>& failed, std::vector<std::string>& out) {
    for (size_t k = next++; k < order.size() && !failed; k = next++) {
      out[order[k]] = Hash(jobs[order[k]]);
    }
  }

 private:
  std::string Hash(const HashJob& job) {
    const std::filesystem::path& path = job.file->path;
    if (open_file_ != job.file) {
      Unmap();
      fd_ = OpenForHashing(path);
      open_file_ = job.file;
    }
    if (EVP_DigestInit_ex(ctx_.get(), md_, nullptr) != 1) {
      throw Error("OpenSSL: cannot start a digest: " + OpenSslError());
    }
    uint64_t offset = HashMapped(job);
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
      if (progress_) progress_->done.fetch_add(static_cast<uint64_t>(got), std::memory_order_relaxed);
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    if (EVP_DigestFinal_ex(ctx_.get(), md, &len) != 1) {
      throw Error("OpenSSL: digest final failed: " + OpenSslError());
    }
    return ToHex(std::string_view(reinterpret_cast<char*>(md), len));
  }

  // Hashes what it can of the job straight from the page cache through a mapping of the file (no
  // copy into a buffer); returns the offset where reading must go on (the job's end when all
  // of it was mapped). Only the part of the job within the file's current size is mapped: the
  // rest, and anything after a failed mmap, is read with pread as before.
  uint64_t HashMapped(const HashJob& job) {
    if (!SigbusGuardInstalled()) return job.start;
    struct stat st {};
    if (::fstat(fd_.get(), &st) != 0 || !S_ISREG(st.st_mode)) return job.start;
    const uint64_t size = static_cast<uint64_t>(st.st_size);
    const uint64_t end = job.to_eof ? size : std::min<uint64_t>(job.end, size);
    uint64_t offset = job.start;
    while (offset < end) {
      if (!map_ || offset < map_off_ || offset >= map_off_ + map_len_) {
        Unmap();
        const uint64_t page = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
        const uint64_t start = offset / page * page;
        const uint64_t len = std::min<uint64_t>(kWindow, size - start);
        void* p = ::mmap(nullptr, len, PROT_READ, MAP_SHARED | MAP_POPULATE, fd_.get(),
                         static_cast<off_t>(start));
        if (p == MAP_FAILED) return offset;
        map_ = static_cast<const unsigned char*>(p);
        map_off_ = start;
        map_len_ = len;
        // MAP_POPULATE reads a window that is not cached before it returns: ask for the next one
        // now, so that the disk reads it while this one is hashed.
        if (start + len < end) {
          ::posix_fadvise(fd_.get(), static_cast<off_t>(start + len), static_cast<off_t>(kWindow),
                          POSIX_FADV_WILLNEED);
        }
      }
      const uint64_t stop = std::min(end, map_off_ + map_len_);
      while (offset < stop) {
        const size_t n = static_cast<size_t>(std::min<uint64_t>(kChunk, stop - offset));
        int rc = 0;
        if (!GuardedUpdate(ctx_.get(), map_ + (offset - map_off_), n, &rc)) {
          Unmap();
          throw Error(Location{job.file->path.string()},
                      "the file shrank while it was hashed (bytes " + std::to_string(offset) +
                          " to " + std::to_string(offset + n) + " went missing)");
        }
        if (rc != 1) throw Error("OpenSSL: digest update failed: " + OpenSslError());
        offset += n;
        if (progress_) progress_->done.fetch_add(n, std::memory_order_relaxed);
      }
    }
    return offset;
  }

  void Unmap() {
    if (map_) ::munmap(const_cast<unsigned char*>(map_), map_len_);
    map_ = nullptr;
  }

  static constexpr uint64_t kWindow = 64u << 20;
  static constexpr uint64_t kChunk = 4u << 20;

  const EVP_MD* md_;
  const unsigned char* map_ = nullptr;
  uint64_t map_off_ = 0, map_len_ = 0;
  std::vector<unsigned char> buffer_;
  MdCtx ctx_;
  HashProgress* progress_;
  UniqueFd fd_;
  const ModelFile* open_file_ = nullptr;
};

uint64_t JobSize(const HashJob& j) { return j.to_eof ? j.file->size : j.end - j.start; }

}  // namespace

const EVP_MD* DigestForHashType(const std::string& hash_type) {
  if (hash_type == "sha256") return EVP_sha256();
  if (hash_type == "blake2b") return EVP_blake2b512();
  throw Error("unsupported hash_type '" + hash_type + "' (supported: sha256, blake2b)");
}

std::vector<std::string> HashJobsOnCpu(const std::vector<HashJob>& jobs,
                                       const std::string& hash_type, int threads,
                                       HashProgress* progress) {
  std::vector<std::string> out(jobs.size());
  uint64_t total = 0;
  for (const HashJob& j : jobs) total += JobSize(j);
  if (progress) progress->total.store(total, std::memory_order_relaxed);
  if (jobs.empty()) return out;
  // Fetch once: implicit fetches inside EVP_DigestInit_ex take a lock per call.
  FetchedMd md(EVP_MD_fetch(nullptr, EVP_MD_get0_name(DigestForHashType(hash_type)), nullptr));
  if (!md) throw Error("OpenSSL: cannot fetch " + hash_type + ": " + OpenSslError());

  uint64_t largest = 0;
  for (const HashJob& j : jobs) largest = std::max<uint64_t>(largest, JobSize(j) + (j.to_eof ? 1 : 0));
  size_t buffer = static_cast<size_t>(std::clamp<uint64_t>(largest, kMinBuffer, kMaxBuffer));
  size_t workers = threads > 0 ? static_cast<size_t>(threads)
                               : std::max(1u, std::thread::hardware_concurrency());
  workers = std::min(workers, jobs.size());

  // Largest jobs first (stable, so the shards of one file stay together): the pool then ends
  // on small jobs instead of one worker finishing a large one alone.
  std::vector<size_t> order(jobs.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  if (workers > 1) {
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return JobSize(jobs[a]) > JobSize(jobs[b]); });
  }

  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  if (workers == 1) {
    Worker(md.get(), buffer, progress).Run(jobs, order, next, failed, out);
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
          Worker(md.get(), buffer, progress).Run(jobs, order, next, failed, out);
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
