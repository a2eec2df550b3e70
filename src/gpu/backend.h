#pragma once
// Where the lanes of the streaming hash run (src/gpu/stream_hash.h drives them): the CUDA
// backend (src/gpu/cuda_backend.cu) or the host backend, which runs the same RunLane on the CPU
// so that the pipeline's scheduling is tested without a GPU.
//
// A backend owns `slots` host buffers (pinned for CUDA) of lanes * chunk bytes plus a task per
// lane. The pipeline fills slot r % slots for round r and submits it; Submit returns at once
// (CUDA) and the slot may be refilled after WaitSlot. Rounds run in the order submitted.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "src/gpu/lane.h"

namespace sov::gpu {

struct Geometry {
  uint32_t lanes = 0;  // messages hashed at once
  uint32_t chunk = 0;  // bytes per lane per round, a positive multiple of 64
  uint32_t slots = 2;  // host buffers in rotation (2: double buffering)
  uint64_t jobs = 0;   // digests to produce
};

class Backend {
 public:
  virtual ~Backend() = default;
  // lanes * chunk bytes: lane i's data goes at i * chunk.
  virtual uint8_t* SlotData(uint32_t slot) = 0;
  // One task per lane.
  virtual LaneTask* SlotTasks(uint32_t slot) = 0;
  // Blocks until the slot's previous submission no longer reads the host buffer.
  virtual void WaitSlot(uint32_t slot) = 0;
  // Runs the slot's tasks for lanes [0, lanes_used); only the first `bytes_used` bytes of the
  // slot's data are meaningful (lanes past the last active one are idle).
  virtual void Submit(uint32_t slot, uint32_t lanes_used, uint64_t bytes_used) = 0;
  // Waits for every round; 32 bytes of digest per job, in job order.
  virtual std::vector<uint8_t> Finish() = 0;
  // One line for --verbose, e.g. "GPU 0: NVIDIA H100 80GB HBM3 (CUDA 12.4)".
  virtual std::string Describe() const = 0;
};

// The CPU emulation: plain buffers, Submit runs every lane at once.
std::unique_ptr<Backend> MakeHostBackend(const Geometry& geometry);

}  // namespace sov::gpu
