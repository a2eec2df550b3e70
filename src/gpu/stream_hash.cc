#include "src/gpu/stream_hash.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <thread>

#include "src/gpu/reader_pool.h"
#include "src/util/encoding.h"
#include "src/util/error.h"
#include "src/util/process.h"

namespace sov::gpu {
namespace {

constexpr uint32_t kMaxChunk = 4u << 20;  // larger reads gain nothing from the page cache

uint64_t RoundUp64(uint64_t n) { return (n + 63) / 64 * 64; }

// Files opened once for all the lanes reading them, closed when the last of their ranges ends.
class OpenFiles {
 public:
  ~OpenFiles() {
    for (auto& [path, f] : files_) ::close(f.fd);
  }
  int Acquire(const std::filesystem::path* path) {
    auto it = files_.find(path);
    if (it == files_.end()) {
      int fd;
      do {
        fd = ::open(path->c_str(), O_RDONLY | O_CLOEXEC);
      } while (fd < 0 && errno == EINTR);
      if (fd < 0) throw Error(Location{path->string()}, std::string("cannot open: ") + std::strerror(errno));
      ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
      it = files_.emplace(path, File{fd, 0}).first;
    }
    ++it->second.users;
    return it->second.fd;
  }
  // `expect_size`: for a whole file, the size it had when listed (checked before closing).
  void Release(const std::filesystem::path* path, const uint64_t* expect_size) {
    auto it = files_.find(path);
    if (expect_size != nullptr) {
      struct stat st {};
      if (::fstat(it->second.fd, &st) == 0 && static_cast<uint64_t>(st.st_size) != *expect_size) {
        throw Error(Location{path->string()},
                    "the file changed size while it was hashed (" + std::to_string(*expect_size) +
                        " bytes when listed, " + std::to_string(st.st_size) + " now)");
      }
    }
    if (--it->second.users == 0) {
      ::close(it->second.fd);
      files_.erase(it);
    }
  }

 private:
  struct File {
    int fd;
    int users;
  };
  std::map<const std::filesystem::path*, File> files_;
};

struct Lane {
  bool busy = false;
  uint32_t job = 0;
  uint64_t done = 0;  // bytes of the job already handed out
  int fd = -1;
};

// One read of a round: `bytes` of the file at `offset` into `dst`.
struct Read {
  int fd;
  const std::filesystem::path* path;
  uint64_t offset, range_end;
  uint32_t bytes;
  uint8_t* dst;
};

void DoRead(const Read& r, std::atomic<uint64_t>* progress) {
  uint64_t got_total = 0;
  while (got_total < r.bytes) {
    ssize_t got = ::pread(r.fd, r.dst + got_total, r.bytes - got_total,
                          static_cast<off_t>(r.offset + got_total));
    if (got < 0) {
      if (errno == EINTR) continue;
      throw Error(Location{r.path->string()}, std::string("read error: ") + std::strerror(errno));
    }
    if (got == 0) {
      throw Error(Location{r.path->string()},
                  "file ended at byte " + std::to_string(r.offset + got_total) +
                      ", before the shard end " + std::to_string(r.range_end) +
                      " (did it change while hashing?)");
    }
    got_total += static_cast<uint64_t>(got);
  }
  if (progress) progress->fetch_add(r.bytes, std::memory_order_relaxed);
}

std::string Hex(const uint8_t* p, size_t n) {
  return ToHex(std::string_view(reinterpret_cast<const char*>(p), n));
}

}  // namespace

Geometry PlanGeometry(uint64_t jobs, uint64_t largest, const StreamOptions& options,
                      uint64_t max_open_files) {
  Geometry g;
  g.jobs = jobs;
  g.slots = std::max<uint32_t>(2, options.slots);
  uint64_t chunk = std::clamp<uint64_t>(RoundUp64(std::max<uint64_t>(options.chunk, 64)), 64, kMaxChunk);
  const uint64_t fd_room = max_open_files > 96 ? max_open_files - 64 : 32;
  uint64_t lanes = std::max<uint64_t>(1, std::min({jobs, uint64_t{options.max_lanes},
                                                   std::max<uint64_t>(1, options.slot_bytes / chunk),
                                                   fd_room}));
  // Few lanes: longer chunks fill the slot and mean fewer rounds. No chunk longer than the
  // largest message needs.
  chunk = std::max(chunk, std::min<uint64_t>(kMaxChunk, options.slot_bytes / lanes / 64 * 64));
  chunk = std::min(chunk, std::max<uint64_t>(64, RoundUp64(largest)));
  g.lanes = static_cast<uint32_t>(lanes);
  g.chunk = static_cast<uint32_t>(chunk);
  return g;
}

std::vector<std::string> StreamHash(const std::vector<HashRange>& ranges,
                                    const BackendFactory& make_backend,
                                    const StreamOptions& options, std::string* description) {
  std::vector<std::string> out(ranges.size());
  if (ranges.empty()) return out;
  if (ranges.size() > UINT32_MAX) throw Error("too many shards for the GPU path (over 2^32)");
  uint64_t largest = 0;
  for (const HashRange& r : ranges) largest = std::max(largest, r.length);
  const Geometry g = PlanGeometry(ranges.size(), largest, options, OpenFileLimit());
  std::unique_ptr<Backend> backend = make_backend(g);
  if (description) {
    *description = backend->Describe() + ", " + std::to_string(g.lanes) + " lanes of " +
                   std::to_string(g.chunk / 1024) + " KiB x " + std::to_string(g.slots) +
                   " buffers";
  }

  int readers = options.readers > 0 ? options.readers
                                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  ReaderPool pool(readers);
  OpenFiles files;
  std::vector<Lane> lanes(g.lanes);
  std::vector<Read> reads;
  reads.reserve(g.lanes);
  uint64_t next_job = 0, finished = 0;

  for (uint64_t round = 0; finished < ranges.size(); ++round) {
    const uint32_t slot = static_cast<uint32_t>(round % g.slots);
    backend->WaitSlot(slot);
    LaneTask* tasks = backend->SlotTasks(slot);
    uint8_t* data = backend->SlotData(slot);
    reads.clear();
    uint32_t lanes_used = 0;
    for (uint32_t i = 0; i < g.lanes; ++i) {
      Lane& lane = lanes[i];
      LaneTask& t = tasks[i];
      t = LaneTask{};
      if (!lane.busy && next_job < ranges.size()) {
        lane.busy = true;
        lane.job = static_cast<uint32_t>(next_job++);
        lane.done = 0;
        lane.fd = files.Acquire(ranges[lane.job].path);
        t.flags |= kLaneStart;
      }
      if (!lane.busy) continue;
      const HashRange& r = ranges[lane.job];
      const uint64_t left = r.length - lane.done;
      t.job = lane.job;
      t.bytes = static_cast<uint32_t>(std::min<uint64_t>(g.chunk, left));
      t.flags |= kLaneActive | (left <= g.chunk ? kLaneFinal : 0u);
      if (t.bytes > 0) {
        reads.push_back({lane.fd, r.path, r.start + lane.done, r.start + r.length, t.bytes,
                         data + uint64_t{i} * g.chunk});
      }
      lanes_used = i + 1;
    }
    pool.Run(reads.size(), [&](size_t k) { DoRead(reads[k], options.progress); });
    const uint64_t bytes_used = uint64_t{lanes_used - 1} * g.chunk + tasks[lanes_used - 1].bytes;
    backend->Submit(slot, lanes_used, bytes_used);
    for (uint32_t i = 0; i < lanes_used; ++i) {
      Lane& lane = lanes[i];
      if (!lane.busy) continue;
      lane.done += tasks[i].bytes;
      if (tasks[i].flags & kLaneFinal) {
        const HashRange& r = ranges[lane.job];
        files.Release(r.path, r.whole_file ? &r.length : nullptr);
        lane.busy = false;
        ++finished;
      }
    }
  }
  std::vector<uint8_t> digests = backend->Finish();
  for (size_t j = 0; j < ranges.size(); ++j) out[j] = Hex(digests.data() + 32 * j, 32);
  return out;
}

}  // namespace sov::gpu
