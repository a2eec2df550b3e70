#pragma once
// Choosing where OMS hashing runs (spec/signing.md, "The GPU path"). A GPU hashes one message
// per thread, so it only helps when a model gives it thousands of independent messages: OMS
// shards of a few MiB. Whole files and 1 GB shards stay on the CPU, where SHA-NI runs each
// message at 1.7 GB/s per core.

#include <cstdint>
#include <string>

#include "src/gpu/device.h"
#include "src/oms/oms.h"

namespace sov::oms {

// --device auto takes the GPU for SHA-256 when there are at least this many messages, none
// longer than kGpuMaxMessage, kGpuMinBytes in all. Estimates from the spec's anchors (about 20
// MB/s per GPU thread while the GPU is far from full, 1.7 GB/s per CPU core): 4096 lanes reach
// the all-core speed of a 16-core host; below 2 GiB the CUDA start and the pinned buffers cost
// more than they save. Not yet measured on a GPU (bench/gpu_hash.sh measures them).
inline constexpr uint64_t kGpuMinMessages = 4096;
inline constexpr uint64_t kGpuMaxMessage = uint64_t{64} << 20;
inline constexpr uint64_t kGpuMinBytes = uint64_t{2} << 30;

struct HashWork {
  std::string hash_type;  // "sha256", "blake2b"
  uint64_t messages = 0;  // files or shards
  uint64_t largest = 0;   // bytes of the longest
  uint64_t total = 0;     // bytes in all
};

struct DeviceChoice {
  bool gpu = false;
  std::string why;  // e.g. "--device auto: 16384 shards of at most 1 MiB, a GPU is present"
};

// The decision, from what was asked, the work, and a probe (called only when it could matter:
// never for kCpu, nor for kAuto when the work is not GPU work). Throws sov::Error with exit 4
// for kGpu when the GPU cannot be used (no device, no driver, a build without CUDA) or cannot
// hash `work` (hash_type other than sha256).
DeviceChoice ChooseDevice(Device requested, const HashWork& work,
                          const gpu::GpuProbe& (*probe)());

// "1.0 GiB", "64 MiB", "512 B": sizes in messages.
std::string ByteSize(uint64_t bytes);

}  // namespace sov::oms
