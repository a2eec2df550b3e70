#pragma once
// Options shared by `sign`, `verify` and `digest`, and their translation into the OMS library's
// terms (src/oms/oms.h). The reference tool's conventions (spec/signing.md) live here.

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include "src/oms/oms.h"

namespace sov {

// What the three OMS commands share on the command line.
struct OmsCommonOptions {
  std::string model;                      // a folder, or a single file
  std::vector<std::string> ignore_paths;  // relative to the current directory, or absolute
  bool allow_symlinks = false;
  int threads = 0;              // 0: every core
  std::string device = "auto";  // auto | cpu | gpu
  bool quiet = false;           // no progress bar (cli/progress.h)
  bool verbose = false;         // say on stderr where hashing ran and why
};

// "1 file", "2 files".
std::string Count(size_t n, const std::string& noun);

// --ignore-paths as the reference CLI takes them: relative to the current directory (or
// absolute). The library reads relative ignore paths as relative to the model root, so every
// path is made absolute here.
std::vector<std::filesystem::path> IgnorePathsFromCwd(const std::vector<std::string>& paths);

// The serialisation a user asked for: method "files" or "shards" (shard_size > 0 for shards).
// Throws sov::Error (exit 2) for a zero shard size.
oms::SerializationOptions SerializationFrom(const OmsCommonOptions& o, const std::string& method,
                                            uint64_t shard_size);

// --device auto|cpu|gpu as the library's Device. (A GPU that cannot be used is found out when
// hashing starts: exit 4 for gpu, the CPU for auto.)
oms::Device DeviceFrom(const std::string& device);

// Under --verbose: "sovaudit: hashed on <engine>" on stderr.
void ReportEngine(const OmsCommonOptions& o, const std::string& engine, std::ostream& err);

}  // namespace sov
