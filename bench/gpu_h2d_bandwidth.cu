// Pinned host-to-device copy bandwidth: the limit of the GPU hashing path, which copies every
// byte it hashes over the bus. Copies a pinned buffer of --mib MiB (default 1024) --runs times
// (default 10) with cudaMemcpyAsync, timed with CUDA events, and prints the best and median
// GB/s (GB = 10^9 bytes) as `h2d_gbps best median`. Exit 4 without a usable GPU.
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

bool Ok(cudaError_t e, const char* what) {
  if (e == cudaSuccess) return true;
  std::fprintf(stderr, "gpu_h2d_bandwidth: %s: %s\n", what, cudaGetErrorString(e));
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  size_t mib = 1024;
  int runs = 10;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--mib")) mib = std::strtoull(argv[i + 1], nullptr, 10);
    if (!std::strcmp(argv[i], "--runs")) runs = std::atoi(argv[i + 1]);
  }
  const size_t bytes = mib << 20;
  void* host = nullptr;
  void* dev = nullptr;
  cudaStream_t stream;
  cudaEvent_t start, stop;
  if (!Ok(cudaHostAlloc(&host, bytes, cudaHostAllocDefault), "cudaHostAlloc") ||
      !Ok(cudaMalloc(&dev, bytes), "cudaMalloc") ||
      !Ok(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking), "cudaStreamCreate") ||
      !Ok(cudaEventCreate(&start), "cudaEventCreate") || !Ok(cudaEventCreate(&stop), "cudaEventCreate")) {
    return 4;
  }
  std::memset(host, 0x5a, bytes);
  std::vector<double> gbps;
  for (int r = 0; r < runs + 1; ++r) {  // the first run warms up
    if (!Ok(cudaEventRecord(start, stream), "cudaEventRecord") ||
        !Ok(cudaMemcpyAsync(dev, host, bytes, cudaMemcpyHostToDevice, stream), "cudaMemcpyAsync") ||
        !Ok(cudaEventRecord(stop, stream), "cudaEventRecord") ||
        !Ok(cudaEventSynchronize(stop), "cudaEventSynchronize")) {
      return 4;
    }
    float ms = 0;
    if (!Ok(cudaEventElapsedTime(&ms, start, stop), "cudaEventElapsedTime")) return 4;
    if (r > 0) gbps.push_back(static_cast<double>(bytes) / (ms * 1e-3) / 1e9);
  }
  std::sort(gbps.begin(), gbps.end());
  std::printf("h2d_gbps %.2f %.2f\n", gbps.back(), gbps[gbps.size() / 2]);
  cudaFreeHost(host);
  cudaFree(dev);
  return 0;
}
