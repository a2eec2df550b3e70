// The CUDA backend of the streaming hash. Per slot: a pinned host buffer and task array
// (cudaHostAlloc), a device copy of each, a copy stream of its own and two events: `copied` (the
// host buffer may be refilled) and `hashed` (the device buffer may be overwritten). Kernels run
// in order on one compute stream, since round r + 1 continues the lane states of round r; a
// round's copy waits only for the kernel that last read its device buffer, so copies overlap the
// kernels and the host's reading overlaps both. Every CUDA call and launch is checked.
#include <cuda_runtime.h>

#include <string>
#include <vector>

#include "src/gpu/cuda_api.h"
#include "src/gpu/lane.h"

namespace sov::gpu {
namespace {

constexpr int kThreadsPerBlock = 128;

void Check(cudaError_t e, const char* call) {
  if (e != cudaSuccess) ThrowCudaError(call, cudaGetErrorName(e), cudaGetErrorString(e));
}
#define SOV_CUDA(call) Check((call), #call)

// One thread per lane: hashes the lane's slot of this round into its state.
__global__ void __launch_bounds__(kThreadsPerBlock)
    HashRound(const uint8_t* __restrict__ data, uint32_t chunk,
              const LaneTask* __restrict__ tasks, uint32_t lanes,
              Sha256State* __restrict__ states, uint8_t* __restrict__ digests) {
  const uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= lanes) return;
  const LaneTask task = tasks[i];
  if (!(task.flags & kLaneActive)) return;
  Sha256State state = states[i];
  RunLane(task, data + uint64_t{i} * chunk, state, digests);
  states[i] = state;
}

class CudaBackend : public Backend {
 public:
  CudaBackend(const Geometry& g, int device) : g_(g), device_(device), slots_(g.slots) {
    try {
      SOV_CUDA(cudaSetDevice(device));
      SOV_CUDA(cudaStreamCreateWithFlags(&compute_, cudaStreamNonBlocking));
      const size_t data_bytes = size_t{g.lanes} * g.chunk;
      const size_t task_bytes = size_t{g.lanes} * sizeof(LaneTask);
      for (Slot& s : slots_) {
        SOV_CUDA(cudaHostAlloc(reinterpret_cast<void**>(&s.host_data), data_bytes, cudaHostAllocDefault));
        SOV_CUDA(cudaHostAlloc(reinterpret_cast<void**>(&s.host_tasks), task_bytes, cudaHostAllocDefault));
        SOV_CUDA(cudaMalloc(reinterpret_cast<void**>(&s.dev_data), data_bytes));
        SOV_CUDA(cudaMalloc(reinterpret_cast<void**>(&s.dev_tasks), task_bytes));
        SOV_CUDA(cudaStreamCreateWithFlags(&s.copy, cudaStreamNonBlocking));
        SOV_CUDA(cudaEventCreateWithFlags(&s.copied, cudaEventDisableTiming));
        SOV_CUDA(cudaEventCreateWithFlags(&s.hashed, cudaEventDisableTiming));
      }
      SOV_CUDA(cudaMalloc(reinterpret_cast<void**>(&states_), size_t{g.lanes} * sizeof(Sha256State)));
      SOV_CUDA(cudaMalloc(reinterpret_cast<void**>(&digests_), 32 * size_t{g.jobs}));
      cudaDeviceProp prop{};
      SOV_CUDA(cudaGetDeviceProperties(&prop, device));
      int runtime = 0, driver = 0;
      SOV_CUDA(cudaRuntimeGetVersion(&runtime));
      SOV_CUDA(cudaDriverGetVersion(&driver));
      describe_ = "GPU " + std::to_string(device) + ": " + prop.name + " (CUDA runtime " +
                  Version(runtime) + ", driver " + Version(driver) + ")";
    } catch (...) {
      Release();
      throw;
    }
  }
  ~CudaBackend() override { Release(); }

  uint8_t* SlotData(uint32_t slot) override { return slots_[slot].host_data; }
  LaneTask* SlotTasks(uint32_t slot) override { return slots_[slot].host_tasks; }

  void WaitSlot(uint32_t slot) override {
    if (slots_[slot].submitted) SOV_CUDA(cudaEventSynchronize(slots_[slot].copied));
  }

  void Submit(uint32_t slot, uint32_t lanes_used, uint64_t bytes_used) override {
    Slot& s = slots_[slot];
    // The device buffer is free once the kernel that read it last has run.
    if (s.submitted) SOV_CUDA(cudaStreamWaitEvent(s.copy, s.hashed, 0));
    SOV_CUDA(cudaMemcpyAsync(s.dev_tasks, s.host_tasks, size_t{lanes_used} * sizeof(LaneTask),
                             cudaMemcpyHostToDevice, s.copy));
    SOV_CUDA(cudaMemcpyAsync(s.dev_data, s.host_data, bytes_used, cudaMemcpyHostToDevice, s.copy));
    SOV_CUDA(cudaEventRecord(s.copied, s.copy));
    SOV_CUDA(cudaStreamWaitEvent(compute_, s.copied, 0));
    const unsigned blocks = (lanes_used + kThreadsPerBlock - 1) / kThreadsPerBlock;
    HashRound<<<blocks, kThreadsPerBlock, 0, compute_>>>(s.dev_data, g_.chunk, s.dev_tasks,
                                                         lanes_used, states_, digests_);
    SOV_CUDA(cudaGetLastError());
    SOV_CUDA(cudaEventRecord(s.hashed, compute_));
    s.submitted = true;
  }

  std::vector<uint8_t> Finish() override {
    SOV_CUDA(cudaStreamSynchronize(compute_));
    std::vector<uint8_t> out(32 * size_t{g_.jobs});
    SOV_CUDA(cudaMemcpy(out.data(), digests_, out.size(), cudaMemcpyDeviceToHost));
    return out;
  }

  std::string Describe() const override { return describe_; }

 private:
  struct Slot {
    uint8_t* host_data = nullptr;
    LaneTask* host_tasks = nullptr;
    uint8_t* dev_data = nullptr;
    LaneTask* dev_tasks = nullptr;
    cudaStream_t copy = nullptr;
    cudaEvent_t copied = nullptr, hashed = nullptr;
    bool submitted = false;
  };

  static std::string Version(int v) {
    return std::to_string(v / 1000) + "." + std::to_string(v % 1000 / 10);
  }

  // Frees everything; errors are ignored (this also runs while an error unwinds).
  void Release() {
    cudaSetDevice(device_);
    if (compute_) cudaStreamSynchronize(compute_);
    for (Slot& s : slots_) {
      if (s.copy) cudaStreamSynchronize(s.copy);
      if (s.host_data) cudaFreeHost(s.host_data);
      if (s.host_tasks) cudaFreeHost(s.host_tasks);
      if (s.dev_data) cudaFree(s.dev_data);
      if (s.dev_tasks) cudaFree(s.dev_tasks);
      if (s.copied) cudaEventDestroy(s.copied);
      if (s.hashed) cudaEventDestroy(s.hashed);
      if (s.copy) cudaStreamDestroy(s.copy);
      s = Slot{};
    }
    if (states_) cudaFree(states_);
    if (digests_) cudaFree(digests_);
    if (compute_) cudaStreamDestroy(compute_);
    states_ = nullptr;
    digests_ = nullptr;
    compute_ = nullptr;
    cudaGetLastError();  // leave no sticky error behind for a later backend
  }

  Geometry g_;
  int device_;
  std::vector<Slot> slots_;
  cudaStream_t compute_ = nullptr;
  Sha256State* states_ = nullptr;
  uint8_t* digests_ = nullptr;
  std::string describe_;
};

}  // namespace

GpuProbe CudaProbe() {
  GpuProbe p;
  int count = 0;
  cudaError_t e = cudaGetDeviceCount(&count);
  if (e == cudaErrorInsufficientDriver) {
    // What the runtime says when libcuda cannot be loaded at all, as well as for an old one.
    int runtime = 0;
    cudaRuntimeGetVersion(&runtime);
    p.why_not = "no NVIDIA driver found, or one older than this build's CUDA " +
                std::to_string(runtime / 1000) + "." + std::to_string(runtime % 1000 / 10) +
                " runtime needs";
    cudaGetLastError();
    return p;
  }
  if (e != cudaSuccess) {
    p.why_not = std::string("no CUDA device (") + cudaGetErrorString(e) + ")";
    cudaGetLastError();
    return p;
  }
  if (count == 0) {
    p.why_not = "no CUDA device";
    return p;
  }
  cudaDeviceProp prop{};
  if ((e = cudaGetDeviceProperties(&prop, 0)) != cudaSuccess) {
    p.why_not = std::string("cannot query CUDA device 0 (") + cudaGetErrorString(e) + ")";
    cudaGetLastError();
    return p;
  }
  p.name = prop.name;
  p.multiprocessors = prop.multiProcessorCount;
  // Is there code for this device in the binary? (No: a device older than the compiled targets.)
  cudaFuncAttributes attr{};
  if ((e = cudaFuncGetAttributes(&attr, HashRound)) != cudaSuccess) {
    p.why_not = p.name + " (compute capability " + std::to_string(prop.major) + "." +
                std::to_string(prop.minor) + ") cannot run this build's kernels (" +
                cudaGetErrorString(e) + ")";
    cudaGetLastError();
    return p;
  }
  size_t free_bytes = 0, total_bytes = 0;
  if ((e = cudaMemGetInfo(&free_bytes, &total_bytes)) != cudaSuccess) {
    p.why_not = std::string("cannot use CUDA device 0 (") + cudaGetErrorString(e) + ")";
    cudaGetLastError();
    return p;
  }
  p.free_memory = free_bytes;
  p.usable = true;
  return p;
}

std::unique_ptr<Backend> CudaBackendCreate(const Geometry& geometry, int device) {
  return std::make_unique<CudaBackend>(geometry, device);
}

}  // namespace sov::gpu
