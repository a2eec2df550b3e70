// Shared option handling of `sign`, `verify` and `digest` (see oms_args.h).
#include "cli/oms_args.h"

#include <ostream>

#include "src/util/error.h"
#include "src/util/text.h"

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
  s.device = DeviceFrom(o.device);
  return s;
}

oms::Device DeviceFrom(const std::string& device) {
  if (device == "cpu") return oms::Device::kCpu;
  if (device == "gpu") return oms::Device::kGpu;
  return oms::Device::kAuto;
}

void ReportEngine(const OmsCommonOptions& o, const std::string& engine, std::ostream& err) {
  if (o.verbose && !engine.empty()) err << "sovaudit: hashed on " << EscapeControl(engine) << "\n";
}

}  // namespace sov
