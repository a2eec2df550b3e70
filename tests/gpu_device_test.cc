// --device: the choice between CPU and GPU (src/oms/hash_device.cc), and what the commands do
// with it on this machine.
#include <gtest/gtest.h>

#include <string>

#include "src/gpu/device.h"
#include "src/oms/hash_device.h"
#include "src/oms/oms.h"
#include "src/util/error.h"
#include "tests/oms_test_util.h"
#include "tests/run_binary.h"

namespace sov::oms {
namespace {

using testing::Contains;
using testing::RandomBytes;
using testing::TempDir;
using testing::WriteFile;

gpu::GpuProbe g_probe;
int g_probes = 0;
const gpu::GpuProbe& FakeProbe() {
  ++g_probes;
  return g_probe;
}

void SetProbe(bool usable) {
  g_probe = gpu::GpuProbe{};
  g_probe.usable = usable;
  g_probe.name = usable ? "Test GPU" : "";
  g_probe.why_not = usable ? "" : "no CUDA device";
  g_probes = 0;
}

// 16 GiB of 1 MiB shards: the case the GPU path is for.
const HashWork kSmallShards{"sha256", 16384, 1 << 20, uint64_t{16} << 30};

TEST(DeviceChoice, CpuNeverProbes) {
  SetProbe(true);
  EXPECT_FALSE(ChooseDevice(Device::kCpu, kSmallShards, FakeProbe).gpu);
  EXPECT_EQ(g_probes, 0);
}

TEST(DeviceChoice, AutoTakesAPresentGpuForManySmallShards) {
  SetProbe(true);
  DeviceChoice c = ChooseDevice(Device::kAuto, kSmallShards, FakeProbe);
  EXPECT_TRUE(c.gpu);
  EXPECT_TRUE(Contains(c.why, "16384 messages of at most 1 MiB"));
}

TEST(DeviceChoice, AutoFallsBackToTheCpuWithoutAGpuAndSaysWhy) {
  SetProbe(false);
  DeviceChoice c = ChooseDevice(Device::kAuto, kSmallShards, FakeProbe);
  EXPECT_FALSE(c.gpu);
  EXPECT_TRUE(Contains(c.why, "no usable GPU: no CUDA device"));
}

TEST(DeviceChoice, AutoKeepsLargeShardsWholeFilesAndSmallModelsOnTheCpuWithoutProbing) {
  SetProbe(true);
  const HashWork gb_shards{"sha256", 400, 1'000'000'000, 400'000'000'000};  // 1 GB shards
  const HashWork whole_files{"sha256", 30, uint64_t{5} << 30, uint64_t{140} << 30};
  const HashWork small_model{"sha256", 5000, 1 << 20, uint64_t{1} << 30};  // 1 GiB in all
  const HashWork blake{"blake2b", 16384, 1 << 20, uint64_t{16} << 30};
  for (const HashWork& w : {gb_shards, whole_files, small_model, blake}) {
    DeviceChoice c = ChooseDevice(Device::kAuto, w, FakeProbe);
    EXPECT_FALSE(c.gpu) << c.why;
    EXPECT_TRUE(Contains(c.why, "--device auto"));
  }
  EXPECT_EQ(g_probes, 0);
}

TEST(DeviceChoice, AutoThresholdsAreInclusive) {
  SetProbe(true);
  HashWork w{"sha256", kGpuMinMessages, kGpuMaxMessage, kGpuMinBytes};
  EXPECT_TRUE(ChooseDevice(Device::kAuto, w, FakeProbe).gpu);
  --w.messages;
  EXPECT_FALSE(ChooseDevice(Device::kAuto, w, FakeProbe).gpu);
}

TEST(DeviceChoice, GpuWithoutAUsableGpuIsExit4) {
  SetProbe(false);
  try {
    ChooseDevice(Device::kGpu, HashWork{"sha256", 1, 1, 1}, FakeProbe);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), kExitEnvironment);
    EXPECT_TRUE(Contains(e.what(), "no usable GPU: no CUDA device"));
  }
}

TEST(DeviceChoice, GpuIsHonouredForAnyShapeOfSha256Work) {
  SetProbe(true);
  EXPECT_TRUE(ChooseDevice(Device::kGpu, HashWork{"sha256", 1, 1, 1}, FakeProbe).gpu);
  try {
    ChooseDevice(Device::kGpu, HashWork{"blake2b", 1, 1, 1}, FakeProbe);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), kExitEnvironment);
  }
}

TEST(DeviceChoice, ByteSizes) {
  EXPECT_EQ(ByteSize(0), "0 B");
  EXPECT_EQ(ByteSize(1000), "1000 B");
  EXPECT_EQ(ByteSize(1 << 20), "1 MiB");
  EXPECT_EQ(ByteSize(uint64_t{2} << 30), "2 GiB");
  EXPECT_EQ(ByteSize(1'000'000'000), "953.7 MiB");
}

// The commands on this machine: with no usable GPU, --device gpu is exit 4 and auto is the CPU.
class DeviceCli : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(tmp_.path() / "m" / "w.bin", RandomBytes(70000, 3));
    WriteFile(tmp_.path() / "m" / "e", "");
  }
  std::string Model() const { return (tmp_.path() / "m").string(); }
  TempDir tmp_;
};

TEST_F(DeviceCli, GpuWithoutAGpuIsExit4WithTheReason) {
  if (gpu::ProbeGpu().usable) GTEST_SKIP() << "a GPU is usable here";
  for (const char* method : {"files", "shards"}) {
    auto r = sov::test::RunBinary({"digest", Model(), "--method", method, "--device", "gpu"});
    EXPECT_EQ(r.code, kExitEnvironment) << r.err;
    EXPECT_TRUE(Contains(r.err, "--device gpu: no usable GPU"));
    EXPECT_TRUE(r.out.empty());
  }
}

TEST_F(DeviceCli, AutoAndCpuGiveTheSameDigestAndVerboseSaysWhere) {
  auto cpu = sov::test::RunBinary({"digest", Model(), "--method", "shards", "--shard-size",
                                   "4096", "--device", "cpu", "--verbose"});
  auto aut = sov::test::RunBinary({"digest", Model(), "--method", "shards", "--shard-size",
                                   "4096", "-v"});
  ASSERT_EQ(cpu.code, 0) << cpu.err;
  ASSERT_EQ(aut.code, 0) << aut.err;
  EXPECT_EQ(cpu.out, aut.out);
  EXPECT_TRUE(Contains(cpu.err, "hashed on CPU: OpenSSL sha256"));
  EXPECT_TRUE(Contains(cpu.err, "(--device cpu)"));
  EXPECT_TRUE(Contains(aut.err, "hashed on CPU"));
  EXPECT_TRUE(Contains(aut.err, "--device auto: 18 messages of at most 4 KiB"));
  auto quiet = sov::test::RunBinary({"digest", Model()});
  EXPECT_EQ(quiet.err, "");  // nothing without --verbose
}

TEST_F(DeviceCli, AuditHashesSignedWeightsWhereAsked) {
  const std::vector<std::string> audit = {"audit", "fixtures/signed-model", "--as-of", "2026-11-21",
                                          "--format", "json"};
  auto plain = sov::test::RunBinary(audit);
  std::vector<std::string> cpu_args = audit;
  cpu_args.insert(cpu_args.end(), {"--device", "cpu"});
  auto cpu = sov::test::RunBinary(cpu_args);
  EXPECT_EQ(cpu.code, plain.code) << cpu.err;
  EXPECT_EQ(cpu.out, plain.out);
  if (gpu::ProbeGpu().usable) return;
  std::vector<std::string> gpu_args = audit;
  gpu_args.insert(gpu_args.end(), {"--device", "gpu"});
  auto gpu = sov::test::RunBinary(gpu_args);
  EXPECT_EQ(gpu.code, kExitEnvironment) << gpu.err;
  EXPECT_TRUE(Contains(gpu.err, "--device gpu: no usable GPU"));
}

TEST_F(DeviceCli, UnknownDeviceIsAUsageError) {
  auto r = sov::test::RunBinary({"digest", Model(), "--device", "tpu"});
  EXPECT_EQ(r.code, kExitInput);
}

}  // namespace
}  // namespace sov::oms
