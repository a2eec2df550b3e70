// The GPU path's pipeline (src/gpu/stream_hash.cc) on the host backend, which runs the kernel's
// RunLane on the CPU: digests of random models with awkward sizes must equal the CPU path's
// (OpenSSL) for every geometry. With a usable GPU, the CUDA backend is held to the same.
#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "src/gpu/device.h"
#include "src/gpu/reader_pool.h"
#include "src/gpu/stream_hash.h"
#include "src/oms/serialize.h"
#include "src/util/error.h"
#include "tests/oms_test_util.h"

namespace sov::gpu {
namespace {

namespace fs = std::filesystem;
using oms::testing::RandomBytes;
using oms::testing::TempDir;
using oms::testing::WriteFile;

// A model and its OMS jobs (files, or shards of shard_size), as HashModelFiles cuts them.
struct Model {
  oms::ModelFiles files;
  std::vector<oms::HashJob> jobs;
  std::vector<HashRange> ranges;

  Model(const fs::path& dir, uint64_t shard_size) {
    files = oms::ListModelFiles(dir, {}, false);
    for (const oms::ModelFile& f : files.files) {
      if (shard_size == 0) {
        jobs.push_back({&f, 0, 0, true});
        continue;
      }
      for (uint64_t s = 0; s < f.size; s += shard_size) {
        jobs.push_back({&f, s, std::min(f.size, s + shard_size), false});
      }
    }
    for (const oms::HashJob& j : jobs) {
      ranges.push_back({&j.file->path, j.start, j.to_eof ? j.file->size : j.end - j.start, j.to_eof});
    }
  }
};

// Files whose sizes sit on every edge: empty, one byte, shard size - 1, = and + 1, several shards
// with a short tail, and many small files.
void WriteAwkwardModel(const fs::path& dir, uint64_t shard, unsigned seed) {
  WriteFile(dir / "empty", "");
  WriteFile(dir / "one", RandomBytes(1, seed));
  WriteFile(dir / "below", RandomBytes(shard - 1, seed + 1));
  WriteFile(dir / "exact", RandomBytes(shard, seed + 2));
  WriteFile(dir / "above", RandomBytes(shard + 1, seed + 3));
  WriteFile(dir / "sub/several", RandomBytes(5 * shard + 37, seed + 4));
  std::mt19937 rng(seed);
  for (int i = 0; i < 40; ++i) {
    WriteFile(dir / "many" / ("f" + std::to_string(i)), RandomBytes(rng() % 300, seed + 10 + i));
  }
}

std::vector<std::string> OnHost(const Model& m, const StreamOptions& o, std::string* d = nullptr) {
  return StreamHash(m.ranges, MakeHostBackend, o, d);
}

TEST(GpuPipeline, HostBackendMatchesTheCpuPathForEveryGeometry) {
  TempDir tmp;
  const uint64_t shard = 1000;  // not a multiple of 64: final rounds carry odd tails
  WriteAwkwardModel(tmp.path(), shard, 1);
  for (uint64_t shard_size : {uint64_t{0}, shard}) {
    Model m(tmp.path(), shard_size);
    const std::vector<std::string> cpu = oms::HashJobsOnCpu(m.jobs, "sha256", 2);
    for (uint32_t lanes : {1u, 3u, 7u, 64u, 1000u}) {
      for (uint32_t chunk : {64u, 192u, 4096u}) {
        for (uint32_t slots : {2u, 3u}) {
          StreamOptions o;
          o.max_lanes = lanes;
          o.chunk = chunk;
          o.slot_bytes = uint64_t{lanes} * chunk;  // keep the chunk as asked
          o.slots = slots;
          o.readers = 1 + static_cast<int>(lanes % 3);
          ASSERT_EQ(OnHost(m, o), cpu) << "shards " << shard_size << ", lanes " << lanes
                                       << ", chunk " << chunk << ", slots " << slots;
        }
      }
    }
  }
}

TEST(GpuPipeline, RandomModelsMatchTheCpuPath) {
  std::mt19937 rng(99);
  for (int round = 0; round < 6; ++round) {
    TempDir tmp;
    const int files = 1 + static_cast<int>(rng() % 30);
    for (int i = 0; i < files; ++i) {
      const size_t size = rng() % 4 == 0 ? 0 : rng() % 20000;
      WriteFile(tmp.path() / ("d" + std::to_string(i % 4)) / ("w" + std::to_string(i)),
                RandomBytes(size, rng()));
    }
    const uint64_t shard = 64 + rng() % 5000;
    Model m(tmp.path(), shard);
    StreamOptions o;
    o.max_lanes = 1 + rng() % 50;
    o.chunk = 64 * (1 + rng() % 20);
    o.slot_bytes = uint64_t{o.max_lanes} * o.chunk;
    o.readers = 1 + static_cast<int>(rng() % 4);
    EXPECT_EQ(OnHost(m, o), oms::HashJobsOnCpu(m.jobs, "sha256", 1)) << "round " << round;
  }
}

TEST(GpuPipeline, ProgressCountsEveryByteOnce) {
  TempDir tmp;
  WriteAwkwardModel(tmp.path(), 777, 3);
  Model m(tmp.path(), 777);
  uint64_t total = 0;
  for (const HashRange& r : m.ranges) total += r.length;
  std::atomic<uint64_t> done{0};
  StreamOptions o;
  o.max_lanes = 5;
  o.chunk = 128;
  o.slot_bytes = 5 * 128;
  o.progress = &done;
  OnHost(m, o);
  EXPECT_EQ(done.load(), total);
}

TEST(GpuPipeline, AShardPastTheEndOfItsFileIsAnErrorNamingTheFile) {
  TempDir tmp;
  WriteFile(tmp.path() / "w.bin", RandomBytes(100, 1));
  const fs::path path = tmp.path() / "w.bin";
  std::vector<HashRange> ranges = {{&path, 0, 64, false}, {&path, 64, 64, false}};
  try {
    StreamHash(ranges, MakeHostBackend, StreamOptions{});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), kExitInput);
    EXPECT_TRUE(oms::testing::Contains(e.Describe(), "w.bin"));
    EXPECT_TRUE(oms::testing::Contains(e.Describe(), "file ended at byte 100"));
  }
}

TEST(GpuPipeline, AWholeFileThatChangedSizeIsAnError) {
  TempDir tmp;
  WriteFile(tmp.path() / "w.bin", RandomBytes(500, 1));
  const fs::path path = tmp.path() / "w.bin";
  std::vector<HashRange> ranges = {{&path, 0, 400, true}};  // listed at 400 bytes, now 500
  try {
    StreamHash(ranges, MakeHostBackend, StreamOptions{});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_TRUE(oms::testing::Contains(e.Describe(), "changed size"));
  }
}

TEST(GpuPipeline, AMissingFileIsAnError) {
  TempDir tmp;
  const fs::path path = tmp.path() / "gone";
  std::vector<HashRange> ranges = {{&path, 0, 10, false}};
  EXPECT_THROW(StreamHash(ranges, MakeHostBackend, StreamOptions{}), Error);
}

TEST(GpuPipeline, DescriptionNamesBackendAndGeometry) {
  TempDir tmp;
  WriteAwkwardModel(tmp.path(), 4096, 5);
  Model m(tmp.path(), 4096);
  std::string d;
  OnHost(m, StreamOptions{}, &d);
  EXPECT_TRUE(oms::testing::Contains(d, "host emulation"));
  EXPECT_TRUE(oms::testing::Contains(d, std::to_string(m.ranges.size()) + " lanes"));
}

TEST(GpuGeometry, LanesFollowTheWorkAndTheBuffers) {
  StreamOptions o;  // 1 GiB slots, 64 KiB chunks, 16384 lanes
  Geometry g = PlanGeometry(100000, 1 << 20, o, 1 << 20);
  EXPECT_EQ(g.lanes, 16384u);
  EXPECT_EQ(g.chunk, 64u << 10);
  EXPECT_LE(uint64_t{g.lanes} * g.chunk, o.slot_bytes);

  g = PlanGeometry(10, 100 << 20, o, 1 << 20);  // few long messages: longer chunks, 4 MiB at most
  EXPECT_EQ(g.lanes, 10u);
  EXPECT_EQ(g.chunk, 4u << 20);

  g = PlanGeometry(50, 100, o, 1 << 20);  // short messages: no chunk longer than they need
  EXPECT_EQ(g.chunk, 128u);

  g = PlanGeometry(100000, 1 << 20, o, 1024);  // a low open-file limit bounds the lanes
  EXPECT_EQ(g.lanes, 1024u - 64u);

  o.slots = 1;  // never fewer than two buffers
  EXPECT_EQ(PlanGeometry(5, 5, o, 1 << 20).slots, 2u);
}

TEST(GpuGeometry, ChunkIsAlwaysAPositiveMultipleOf64) {
  std::mt19937 rng(4);
  for (int i = 0; i < 1000; ++i) {
    StreamOptions o;
    o.chunk = rng() % 100000;
    o.slot_bytes = 1 + rng() % (64u << 20);
    o.max_lanes = 1 + rng() % 20000;
    Geometry g = PlanGeometry(1 + rng() % 100000, rng() % (8u << 20), o, 1 + rng() % 5000);
    ASSERT_GT(g.chunk, 0u);
    ASSERT_EQ(g.chunk % 64, 0u);
    ASSERT_GE(g.lanes, 1u);
    ASSERT_LE(g.lanes, g.jobs);
  }
}

TEST(GpuReaderPool, CallsEveryIndexOnceAndRethrows) {
  ReaderPool pool(4);
  for (size_t n : {size_t{0}, size_t{1}, size_t{1000}}) {
    std::vector<std::atomic<int>> calls(n);
    pool.Run(n, [&](size_t i) { ++calls[i]; });
    for (size_t i = 0; i < n; ++i) ASSERT_EQ(calls[i].load(), 1) << i;
  }
  EXPECT_THROW(pool.Run(100, [](size_t i) { if (i == 42) throw Error("boom"); }), Error);
  std::atomic<int> after{0};
  pool.Run(10, [&](size_t) { ++after; });  // usable after a failure
  EXPECT_EQ(after.load(), 10);
}

// The CUDA backend against the CPU path; skipped without a usable GPU.
TEST(GpuCuda, CudaBackendMatchesTheCpuPath) {
  const GpuProbe& probe = ProbeGpu();
  if (!probe.usable) GTEST_SKIP() << "no usable GPU: " << probe.why_not;
  TempDir tmp;
  WriteAwkwardModel(tmp.path(), 1 << 20, 8);
  for (uint64_t shard : {uint64_t{0}, uint64_t{1} << 20, uint64_t{1000}}) {
    Model m(tmp.path(), shard);
    for (uint32_t lanes : {1u, 5u, 16384u}) {
      StreamOptions o;
      o.max_lanes = lanes;
      std::string d;
      auto gpu = StreamHash(m.ranges, [&](const Geometry& g) { return MakeCudaBackend(g, probe); }, o, &d);
      EXPECT_EQ(gpu, oms::HashJobsOnCpu(m.jobs, "sha256", 0)) << d << ", shards " << shard;
    }
  }
}

TEST(GpuCuda, WithoutAGpuTheBackendCannotBeMade) {
  const GpuProbe& probe = ProbeGpu();
  if (probe.usable) GTEST_SKIP() << "a GPU is usable here: " << probe.name;
  EXPECT_FALSE(probe.why_not.empty());
  try {
    MakeCudaBackend(Geometry{1, 64, 2, 1}, probe);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), kExitEnvironment);
  }
}

}  // namespace
}  // namespace sov::gpu
