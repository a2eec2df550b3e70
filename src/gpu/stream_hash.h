#pragma once
// The streaming hash pipeline of the GPU path (spec/signing.md, "The GPU path"): reader threads
// fill the backend's host buffers (pinned for CUDA) round after round, while the backend copies
// the previous round to the device on its own stream and hashes it there; each lane carries one
// message (a shard) at a time, `chunk` bytes per round, and takes the next message when its
// message ends. Memory is lanes * chunk * slots, whatever the model's size.
//
// The backend is a parameter so that tests run the whole pipeline on the host backend and
// compare it with OpenSSL.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "src/gpu/backend.h"

namespace sov::gpu {

// One message: bytes [start, start + length) of the file. For a whole file (OMS "files"), start is
// 0, length its size when listed, and the file must still have that size when it has been read.
struct HashRange {
  const std::filesystem::path* path = nullptr;
  uint64_t start = 0;
  uint64_t length = 0;
  bool whole_file = false;
};

struct StreamOptions {
  uint64_t slot_bytes = uint64_t{1} << 30;  // host (and device) buffer per slot, at most
  uint32_t chunk = 64u << 10;               // bytes per lane per round, at least
  uint32_t max_lanes = 16384;
  uint32_t slots = 3;                       // 2 at least: the pipeline is double-buffered
  int readers = 0;                          // reader threads; 0: every core
  std::atomic<uint64_t>* progress = nullptr;  // receives the bytes read, as they are read
};

// The lanes and chunk for `jobs` messages, the largest `largest` bytes: as many lanes as there are
// messages (up to max_lanes, slot_bytes / chunk and the open-file limit), and a chunk of
// options.chunk grown to fill the slot when there are few lanes, shrunk when every message is
// smaller, always a multiple of 64.
Geometry PlanGeometry(uint64_t jobs, uint64_t largest, const StreamOptions& options,
                      uint64_t max_open_files);

using BackendFactory = std::function<std::unique_ptr<Backend>(const Geometry&)>;

// Lower-case hex SHA-256 of every range, in order. Throws sov::Error (exit 2) naming the file
// when it cannot be opened or read, ends before a range does, or changed size (whole files);
// whatever the backend throws (exit 4 for CUDA failures). `description`, when given, receives a
// line for --verbose: the backend and the geometry.
std::vector<std::string> StreamHash(const std::vector<HashRange>& ranges,
                                    const BackendFactory& make_backend,
                                    const StreamOptions& options,
                                    std::string* description = nullptr);

}  // namespace sov::gpu
