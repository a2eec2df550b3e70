// Shared option handling of `sign`, `verify` and `digest` (see oms_args.h).
#include "cli/oms_args.h"

#include "src/util/error.h"

namespace sov {
namespace fs = std::filesystem;

std::string Count(size_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::vector<fs::path> IgnorePathsFromCwd(const std::vector<std::string>& paths) {
  std::vector<fs::path> out;
  out.reserve(paths.size());
  for (const std::string& p : paths) {
    std::error_code ec;
    fs::path abs = fs::absolute(fs::path(p), ec);
    if (ec) throw Error(Location{p}, "cannot resolve ignore path: " + ec.message());
    out.push_back(abs.lexically_normal());
  }
  return out;
}

oms::SerializationOptions SerializationFrom(const OmsCommonOptions& o, const std::string& method,
                                            uint64_t shard_size) {
  oms::SerializationOptions s;
  s.method =
      method == "shards" ? oms::SerializationOptions::kShards : oms::SerializationOptions::kFiles;
  if (s.method == oms::SerializationOptions::kShards && shard_size == 0) {
    throw Error("--shard-size must be a positive number of bytes");
  }
  s.shard_size = shard_size;
  s.ignore_paths = IgnorePathsFromCwd(o.ignore_paths);
  s.allow_symlinks = o.allow_symlinks;
  s.threads = o.threads;
  return s;
}

void CheckDevice(const std::string& device) {
  if (device == "gpu") {
    throw Error(
        "--device gpu: this build hashes on the CPU only (no GPU path is compiled in); "
        "use --device auto or cpu",
        kExitEnvironment);
  }
}

}  // namespace sov
