// The SHA-256 core the GPU runs (src/gpu/sha256_core.h, src/gpu/lane.h), compiled here by the
// host compiler, against OpenSSL: every length from 0 to several blocks (each padding boundary),
// random data, and streams cut at every block boundary.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "src/gpu/lane.h"
#include "src/gpu/sha256_core.h"
#include "src/crypto/crypto.h"
#include "tests/oms_test_util.h"

namespace sov::gpu {
namespace {

using oms::testing::RandomBytes;
using oms::testing::Sha256HexOf;

std::string Hex(const uint8_t* p, size_t n) {
  return ToHex(std::string_view(reinterpret_cast<const char*>(p), n));
}

const uint8_t* Bytes(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

// The core's digest of `data` compressed as `blocks_first` whole blocks, then the rest.
std::string CoreDigest(const std::string& data, size_t blocks_first) {
  Sha256State s;
  Sha256Init(s);
  Sha256Blocks(s, Bytes(data), blocks_first);
  const size_t rest = data.size() - 64 * blocks_first;
  Sha256Blocks(s, Bytes(data) + 64 * blocks_first, rest / 64);
  uint8_t out[32];
  Sha256Final(s, Bytes(data) + data.size() - rest % 64, rest % 64, out);
  EXPECT_EQ(s.length, data.size());
  return Hex(out, 32);
}

TEST(GpuSha256Core, KnownAnswers) {
  // FIPS 180-4 examples.
  EXPECT_EQ(CoreDigest("", 0), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(CoreDigest("abc", 0), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(CoreDigest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 0),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(GpuSha256Core, EveryLengthUpToFiveBlocksMatchesOpenSsl) {
  const std::string data = RandomBytes(5 * 64 + 1, 7);
  for (size_t n = 0; n <= data.size(); ++n) {
    const std::string m = data.substr(0, n);
    ASSERT_EQ(CoreDigest(m, 0), Sha256HexOf(m)) << "length " << n;
  }
}

TEST(GpuSha256Core, PaddingBoundariesOfLongMessagesMatchOpenSsl) {
  // 55/56 bytes: the last with room for the length; 63/64/65: block edges; large multiples.
  for (size_t base : {size_t{0}, size_t{64} * 16, size_t{64} * 1000, size_t{1} << 20}) {
    for (size_t tail : {size_t{1}, size_t{55}, size_t{56}, size_t{57}, size_t{63}, size_t{64},
                        size_t{65}, size_t{119}, size_t{120}, size_t{127}, size_t{128}}) {
      const std::string m = RandomBytes(base + tail, static_cast<unsigned>(base + tail));
      ASSERT_EQ(CoreDigest(m, 0), Sha256HexOf(m)) << "length " << m.size();
    }
  }
}

TEST(GpuSha256Core, CutAtAnyBlockGivesTheSameDigest) {
  const std::string m = RandomBytes(64 * 9 + 17, 11);
  const std::string want = Sha256HexOf(m);
  for (size_t cut = 0; cut <= 9; ++cut) EXPECT_EQ(CoreDigest(m, cut), want) << "cut " << cut;
}

TEST(GpuSha256Core, RandomMessagesMatchOpenSsl) {
  std::mt19937 rng(2026);
  for (int i = 0; i < 200; ++i) {
    const size_t n = rng() % 20000;
    const std::string m = RandomBytes(n, rng());
    ASSERT_EQ(CoreDigest(m, 0), Sha256HexOf(m)) << "length " << n;
  }
}

// A message fed to one lane in rounds of `chunk` bytes, as the pipeline feeds it.
std::string LaneDigest(const std::string& m, uint32_t chunk, uint32_t job) {
  Sha256State state{};
  std::vector<uint8_t> digests(32 * (job + 1), 0);
  size_t done = 0;
  bool first = true;
  do {
    LaneTask t;
    t.job = job;
    t.bytes = static_cast<uint32_t>(std::min<size_t>(chunk, m.size() - done));
    t.flags = kLaneActive | (first ? kLaneStart : 0u) | (m.size() - done <= chunk ? kLaneFinal : 0u);
    RunLane(t, Bytes(m) + done, state, digests.data());
    done += t.bytes;
    first = false;
  } while (done < m.size());
  return Hex(digests.data() + 32 * job, 32);
}

TEST(GpuLane, RoundsOfAnyChunkGiveTheDigest) {
  for (size_t n : {size_t{0}, size_t{1}, size_t{63}, size_t{64}, size_t{65}, size_t{128},
                   size_t{4095}, size_t{4096}, size_t{4097}, size_t{10000}}) {
    const std::string m = RandomBytes(n, static_cast<unsigned>(n) + 3);
    for (uint32_t chunk : {64u, 128u, 4096u, 65536u}) {
      EXPECT_EQ(LaneDigest(m, chunk, 2), Sha256HexOf(m)) << "length " << n << " chunk " << chunk;
    }
  }
}

TEST(GpuLane, StartResetsAStateLeftByAnotherJob) {
  const std::string a = RandomBytes(300, 1), b = RandomBytes(130, 2);
  Sha256State state{};
  std::vector<uint8_t> digests(64);
  RunLane({0, 256, kLaneActive | kLaneStart, 0}, Bytes(a), state, digests.data());  // a, unfinished
  RunLane({1, 130, kLaneActive | kLaneStart | kLaneFinal, 0}, Bytes(b), state, digests.data());
  EXPECT_EQ(Hex(digests.data() + 32, 32), Sha256HexOf(b));
}

TEST(GpuLane, AnIdleLaneTouchesNothing) {
  Sha256State state;
  Sha256Init(state);
  state.length = 12345;
  std::vector<uint8_t> digests(32, 0xab);
  const std::string junk = RandomBytes(64, 5);
  RunLane({0, 64, kLaneStart | kLaneFinal, 0}, Bytes(junk), state, digests.data());  // not active
  EXPECT_EQ(state.length, 12345u);
  EXPECT_EQ(digests, std::vector<uint8_t>(32, 0xab));
}

}  // namespace
}  // namespace sov::gpu
