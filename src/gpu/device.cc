#include "src/gpu/device.h"

#include "src/util/error.h"

#if defined(SOVAUDIT_HAVE_CUDA)
#include "src/gpu/cuda_api.h"
#endif

namespace sov::gpu {

const GpuProbe& ProbeGpu() {
  static const GpuProbe probe = [] {
#if defined(SOVAUDIT_HAVE_CUDA)
    return CudaProbe();
#else
    GpuProbe p;
    p.why_not = "this build has no CUDA path (built with SOVAUDIT_CUDA=OFF or without the CUDA "
                "toolkit)";
    return p;
#endif
  }();
  return probe;
}

#if defined(SOVAUDIT_HAVE_CUDA)
void ThrowCudaError(const char* call, const char* name, const char* message) {
  throw Error(std::string("CUDA: ") + call + " failed: " + name + ": " + message,
              kExitEnvironment);
}
#endif

std::unique_ptr<Backend> MakeCudaBackend(const Geometry& geometry, const GpuProbe& probe) {
  if (!probe.usable) throw Error("no usable GPU: " + probe.why_not, kExitEnvironment);
#if defined(SOVAUDIT_HAVE_CUDA)
  return CudaBackendCreate(geometry, probe.device);
#else
  throw Error("no usable GPU: " + probe.why_not, kExitEnvironment);
#endif
}

}  // namespace sov::gpu
