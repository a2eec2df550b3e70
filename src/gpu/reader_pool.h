#pragma once
// A fixed set of threads that run one batch of n independent calls at a time: the reader
// threads of the streaming hash, kept across rounds rather than started for each. The caller's
// thread takes part in every batch.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sov::gpu {

class ReaderPool {
 public:
  // `threads` in all, the caller's included (at least 1).
  explicit ReaderPool(int threads);
  ~ReaderPool();
  ReaderPool(const ReaderPool&) = delete;
  ReaderPool& operator=(const ReaderPool&) = delete;

  // Calls fn(i) for every i in [0, n) across the threads and returns when all are done. When a
  // call throws, the remaining indices are skipped and the first exception is rethrown here.
  void Run(size_t n, const std::function<void(size_t)>& fn);

 private:
  void Work();      // a batch's share, on any thread
  void Loop();      // a pool thread

  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable wake_, done_;
  uint64_t generation_ = 0;
  bool stop_ = false;
  size_t busy_ = 0;  // pool threads still in the current batch
  const std::function<void(size_t)>* fn_ = nullptr;
  size_t n_ = 0;
  std::atomic<size_t> next_{0};
  std::atomic<bool> failed_{false};
  std::exception_ptr error_;
};

}  // namespace sov::gpu
