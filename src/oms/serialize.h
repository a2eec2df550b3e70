#pragma once
// Model serialisation for OMS: which files a model has (ignores, symlinks), resource names and
// their order, and the worker pool that hashes files and shards. Internal to src/oms.

#include <openssl/evp.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "src/oms/oms.h"

namespace sov::oms {

// One regular file of the model.
struct ModelFile {
  std::string name;             // POSIX path relative to the model root; "." for a single file
  std::filesystem::path path;   // where to read it
  uint64_t size = 0;
};

struct ModelFiles {
  bool single_file = false;
  std::vector<ModelFile> files;  // sorted by name (path components)
};

// The model's name for the in-toto subject: the last component of its absolute path.
std::string ModelName(const std::filesystem::path& model);

// The top-level names that are always ignored in a folder model.
const std::vector<std::string>& DefaultIgnores();

// Model-relative POSIX forms of `paths` (absolute, or relative to the model root). Paths
// outside the model, and the model root itself, are dropped.
std::vector<std::string> RelativeIgnorePaths(const std::filesystem::path& model,
                                             const std::vector<std::filesystem::path>& paths);

// True when `name` equals an ignore entry or lies under one.
bool IsIgnored(const std::string& name, const std::vector<std::string>& ignores);

// Lists the model's regular files, leaving out `ignores` (model-relative, see above) and, for a
// folder model, DefaultIgnores(). Throws sov::Error (exit 2) when the model does not exist,
// holds a symlink while !allow_symlinks (or a dangling one), or a special file.
ModelFiles ListModelFiles(const std::filesystem::path& model, const std::vector<std::string>& ignores,
                          bool allow_symlinks);

// One byte range to hash: [start, end), or from start to end of file when to_eof.
struct HashJob {
  const ModelFile* file = nullptr;
  uint64_t start = 0;
  uint64_t end = 0;
  bool to_eof = false;
};

// How to hash: threads for the CPU path (0 = all cores; the GPU path's reader threads too), the
// device, and progress (optional, not owned).
struct HashSettings {
  int threads = 0;
  Device device = Device::kAuto;
  HashProgress* progress = nullptr;
};

// Hex digests of the jobs, in job order, on the CPU or the GPU as settings.device and
// ChooseDevice (src/oms/hash_device.h) decide; `engine` (optional) receives what ran and why.
// Throws sov::Error (exit 2) naming the file when it cannot be opened or read, or is shorter
// than a shard needs; exit 4 when the GPU was asked for and cannot be used. `progress` gets the
// total size of the jobs, then the bytes hashed as they are read.
std::vector<std::string> HashJobs(const std::vector<HashJob>& jobs, const std::string& hash_type,
                                  const HashSettings& settings, std::string* engine = nullptr);

// The CPU path: OpenSSL, `threads` workers (0 = all cores) each reading through a mapping of
// the file or into its own buffer (src/oms/hash_pool.cc). Fails as HashJobs.
std::vector<std::string> HashJobsOnCpu(const std::vector<HashJob>& jobs,
                                       const std::string& hash_type, int threads,
                                       HashProgress* progress = nullptr);

// The OpenSSL digest for an OMS hash_type ("sha256", "blake2b"); throws sov::Error (exit 2)
// for any other (e.g. "blake3").
const EVP_MD* DigestForHashType(const std::string& hash_type);

// Hashes the listed files into a sorted manifest.
Manifest HashModelFiles(const ModelFiles& files, SerializationOptions::Method method,
                        uint64_t shard_size, const std::string& hash_type,
                        const HashSettings& settings);

// A resource name split up: the file name, and the shard range for shards.
struct ResourceName {
  std::string file;
  uint64_t start = 0, end = 0;
};
// Parses and validates a resource name of a signature. Throws sov::Error (exit 2) for names
// that are empty, absolute, hold "..", "." or empty components (except "." alone) or NUL, and for malformed shard ranges (not "<path>:<start>:<end>", end <= start, or longer
// than shard_size).
ResourceName ParseResourceName(const std::string& name, bool sharded, uint64_t shard_size);

// The reference tool's order: path components, then numeric start.
void SortResources(std::vector<Resource>& resources, bool sharded);

std::string ShardAlgorithm(const std::string& hash_type, uint64_t shard_size);

}  // namespace sov::oms
