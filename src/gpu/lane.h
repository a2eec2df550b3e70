#pragma once
// One lane of the streaming hash: the unit of parallel work on the GPU. A lane hashes one job (an
// OMS shard or file) at a time, `chunk` bytes per round; its state stays in device memory between
// rounds, so the number of messages in flight (the lanes) is independent of the buffer size and
// of the shard size. Each round the host gives every lane a task saying how many bytes of its
// slot to hash and whether the job starts or ends there. RunLane is the one step the kernel and
// the host backend share.

#include <cstdint>

#include "src/gpu/sha256_core.h"

namespace sov::gpu {

enum LaneFlags : uint32_t {
  kLaneActive = 1u,  // the lane has work this round (an idle lane has flags 0)
  kLaneStart = 2u,   // the job starts here: reset the state first
  kLaneFinal = 4u,   // the job ends here: pad, and write the digest of job `job`
};

// One lane's work in one round: 16 bytes, copied to the device with the data each round.
struct LaneTask {
  uint32_t job = 0;    // index of the job, where its digest goes
  uint32_t bytes = 0;  // bytes in the lane's slot; a multiple of 64 unless the round is final
  uint32_t flags = 0;
  uint32_t reserved = 0;
};
static_assert(sizeof(LaneTask) == 16, "LaneTask is copied to the device as is");

// Hashes a lane's slot `data` for `task` into `state`; on the final round writes the job's
// 32-byte digest at digests + 32 * job.
SOV_HD void RunLane(const LaneTask& task, const uint8_t* data, Sha256State& state,
                    uint8_t* digests) {
  if (!(task.flags & kLaneActive)) return;
  if (task.flags & kLaneStart) Sha256Init(state);
  const uint32_t whole = task.bytes / 64;
  Sha256Blocks(state, data, whole);
  if (task.flags & kLaneFinal) {
    Sha256Final(state, data + 64 * whole, task.bytes % 64, digests + 32 * uint64_t{task.job});
  }
}

}  // namespace sov::gpu
