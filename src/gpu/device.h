#pragma once
// Finding a usable CUDA device, and opening the CUDA backend on it. Builds without CUDA
// (SOVAUDIT_CUDA=OFF, or no toolkit) compile the same interface: the probe then says so and
// MakeCudaBackend throws, so the binary and its callers are the same everywhere.

#include <cstdint>
#include <memory>
#include <string>

#include "src/gpu/backend.h"

namespace sov::gpu {

struct GpuProbe {
  bool usable = false;
  int device = 0;           // CUDA device index
  std::string name;         // e.g. "NVIDIA H100 80GB HBM3"
  std::string why_not;      // when not usable: "no CUDA driver (...)", "built without CUDA", ...
  uint64_t free_memory = 0; // bytes free on the device when probed
  int multiprocessors = 0;
};

// Looks for device 0 once per process (later calls return the first answer). Never throws: a
// missing driver, no device, or a device too old for the compiled kernels is `usable = false`
// with the reason. CUDA_VISIBLE_DEVICES is honoured by the driver.
const GpuProbe& ProbeGpu();

// Allocates the pinned host buffers, device buffers and streams for `geometry` on the probed
// device. Throws sov::Error with exit 4 (environment) when the probe is not usable or any CUDA
// call fails (out of memory, ...), naming the call and the CUDA error.
std::unique_ptr<Backend> MakeCudaBackend(const Geometry& geometry, const GpuProbe& probe);

}  // namespace sov::gpu
