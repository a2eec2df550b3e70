// HashJobs: the jobs go to the CPU pool (hash_pool.cc) or the GPU pipeline (src/gpu), as
// ChooseDevice decides.
#include "src/oms/hash_device.h"

#include <algorithm>
#include <cstdio>
#include <thread>

#include "src/gpu/stream_hash.h"
#include "src/oms/serialize.h"
#include "src/util/error.h"

namespace sov::oms {
namespace {

uint64_t JobBytes(const HashJob& j) { return j.to_eof ? j.file->size : j.end - j.start; }

std::string CpuEngine(int threads, size_t jobs, const std::string& hash_type) {
  size_t n = threads > 0 ? static_cast<size_t>(threads)
                         : std::max(1u, std::thread::hardware_concurrency());
  n = std::max<size_t>(1, std::min(n, jobs));
  return "CPU: OpenSSL " + hash_type + ", " + std::to_string(n) + (n == 1 ? " thread" : " threads");
}

std::string Messages(uint64_t n) { return std::to_string(n) + (n == 1 ? " message" : " messages"); }

}  // namespace

std::string ByteSize(uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  uint64_t whole = bytes;
  while (u < 4 && whole >= 1024 && whole % 1024 == 0) {
    whole /= 1024;
    ++u;
  }
  if (u > 0 || bytes < 1024) return std::to_string(whole) + " " + units[u];
  double v = static_cast<double>(bytes);
  for (u = 0; u < 4 && v >= 1024; ++u) v /= 1024;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %s", v, units[u]);
  return buf;
}

DeviceChoice ChooseDevice(Device requested, const HashWork& work,
                          const gpu::GpuProbe& (*probe)()) {
  if (requested == Device::kCpu) return {false, "--device cpu"};
  if (requested == Device::kGpu) {
    if (work.hash_type != "sha256") {
      throw Error("--device gpu: the GPU path hashes sha256 only, and this signature uses " +
                      work.hash_type + "; use --device cpu or auto",
                  kExitEnvironment);
    }
    const gpu::GpuProbe& p = probe();
    if (!p.usable) {
      throw Error("--device gpu: no usable GPU: " + p.why_not + "; use --device cpu or auto",
                  kExitEnvironment);
    }
    return {true, "--device gpu"};
  }
  std::string shape = Messages(work.messages) + " of at most " + ByteSize(work.largest) + ", " +
                      ByteSize(work.total) + " in all";
  if (work.hash_type != "sha256") {
    return {false, "--device auto: the GPU path hashes sha256 only, not " + work.hash_type};
  }
  if (work.messages < kGpuMinMessages || work.largest > kGpuMaxMessage ||
      work.total < kGpuMinBytes) {
    return {false, "--device auto: " + shape + "; a GPU wins only with at least " +
                       std::to_string(kGpuMinMessages) + " messages of at most " +
                       ByteSize(kGpuMaxMessage) + " and " + ByteSize(kGpuMinBytes) +
                       " in all (OMS shards of a few MiB)"};
  }
  const gpu::GpuProbe& p = probe();
  if (!p.usable) return {false, "--device auto: " + shape + ", but no usable GPU: " + p.why_not};
  return {true, "--device auto: " + shape + ", and a GPU is present"};
}

std::vector<std::string> HashJobs(const std::vector<HashJob>& jobs, const std::string& hash_type,
                                  const HashSettings& settings, std::string* engine) {
  DigestForHashType(hash_type);  // an unsupported hash_type is exit 2 before any device question
  HashWork work{hash_type, jobs.size(), 0, 0};
  for (const HashJob& j : jobs) {
    work.largest = std::max(work.largest, JobBytes(j));
    work.total += JobBytes(j);
  }
  const DeviceChoice choice = ChooseDevice(settings.device, work, &gpu::ProbeGpu);
  if (!choice.gpu) {
    if (engine) *engine = CpuEngine(settings.threads, jobs.size(), hash_type) + " (" + choice.why + ")";
    return HashJobsOnCpu(jobs, hash_type, settings.threads, settings.progress);
  }

  std::vector<gpu::HashRange> ranges;
  ranges.reserve(jobs.size());
  for (const HashJob& j : jobs) {
    ranges.push_back({&j.file->path, j.to_eof ? 0 : j.start, JobBytes(j), j.to_eof});
  }
  gpu::StreamOptions options;
  options.readers = settings.threads;
  // At most an eighth of the device's free memory for the buffers (slots of data on both sides).
  const gpu::GpuProbe& probe = gpu::ProbeGpu();
  if (probe.free_memory > 0) {
    options.slot_bytes = std::min(options.slot_bytes,
                                  std::max<uint64_t>(probe.free_memory / 8 / options.slots, 64u << 20));
  }
  if (settings.progress) {
    settings.progress->total.store(work.total, std::memory_order_relaxed);
    options.progress = &settings.progress->done;
  }
  std::string described;
  std::vector<std::string> out = gpu::StreamHash(
      ranges, [&](const gpu::Geometry& g) { return gpu::MakeCudaBackend(g, probe); }, options,
      &described);
  if (engine) *engine = described + " (" + choice.why + ")";
  return out;
}

}  // namespace sov::oms
