// The host backend: the GPU path's lanes run on the CPU, one after another, with the RunLane
// the kernel runs. It exists so that tests check the pipeline (scheduling, lane states, final
// rounds, digests in job order) and the device arithmetic on machines without a GPU; it is not a
// fast CPU path (OpenSSL is, src/oms/hash_pool.cc).
#include <vector>

#include "src/gpu/backend.h"

namespace sov::gpu {
namespace {

class HostBackend : public Backend {
 public:
  explicit HostBackend(const Geometry& g)
      : g_(g), states_(g.lanes), digests_(32 * g.jobs), data_(g.slots), tasks_(g.slots) {
    for (uint32_t s = 0; s < g.slots; ++s) {
      data_[s].resize(uint64_t{g.lanes} * g.chunk);
      tasks_[s].resize(g.lanes);
    }
  }
  uint8_t* SlotData(uint32_t slot) override { return data_[slot].data(); }
  LaneTask* SlotTasks(uint32_t slot) override { return tasks_[slot].data(); }
  void WaitSlot(uint32_t) override {}
  void Submit(uint32_t slot, uint32_t lanes_used, uint64_t) override {
    for (uint32_t i = 0; i < lanes_used; ++i) {
      RunLane(tasks_[slot][i], data_[slot].data() + uint64_t{i} * g_.chunk, states_[i],
              digests_.data());
    }
  }
  std::vector<uint8_t> Finish() override { return digests_; }
  std::string Describe() const override { return "host emulation of the GPU lanes"; }

 private:
  Geometry g_;
  std::vector<Sha256State> states_;
  std::vector<uint8_t> digests_;
  std::vector<std::vector<uint8_t>> data_;
  std::vector<std::vector<LaneTask>> tasks_;
};

}  // namespace

std::unique_ptr<Backend> MakeHostBackend(const Geometry& geometry) {
  return std::make_unique<HostBackend>(geometry);
}

}  // namespace sov::gpu
