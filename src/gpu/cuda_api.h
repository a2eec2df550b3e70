#pragma once
// The functions src/gpu/cuda_backend.cu defines, for src/gpu/device.cc: plain C++ on both sides,
// so no CUDA header reaches the host compiler. Only built with SOVAUDIT_HAVE_CUDA.

#include <memory>

#include "src/gpu/backend.h"
#include "src/gpu/device.h"

namespace sov::gpu {

GpuProbe CudaProbe();
// Throws sov::Error with exit 4: "CUDA: <call> failed: <name>: <message>". Defined in device.cc,
// so that the .cu files need no C++20 header.
[[noreturn]] void ThrowCudaError(const char* call, const char* name, const char* message);
std::unique_ptr<Backend> CudaBackendCreate(const Geometry& geometry, int device);

}  // namespace sov::gpu
