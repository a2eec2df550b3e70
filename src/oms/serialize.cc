// Which files a model has, how its resources are named and ordered, and the root digest.

#include "src/oms/serialize.h"

#include <algorithm>
#include <charconv>

#include "src/crypto/crypto.h"
#include "src/util/error.h"

namespace sov::oms {
namespace fs = std::filesystem;
namespace {

std::vector<std::string_view> Components(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    parts.push_back(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return parts;
}

// Absolute and normalised, with symlinks resolved in the parent but not in the last component
// (so an ignore path naming a symlink inside the model still matches the link).
fs::path Anchored(const fs::path& p) {
  fs::path abs = fs::absolute(p).lexically_normal();
  if (!abs.has_filename()) abs = abs.parent_path();
  std::error_code ec;
  fs::path parent = fs::weakly_canonical(abs.parent_path(), ec);
  if (ec) parent = abs.parent_path();
  return parent / abs.filename();
}

bool EscapesOrEmpty(const fs::path& rel) {
  if (rel.empty() || rel.is_absolute()) return true;
  const std::string s = rel.generic_string();
  return s == "." || s == ".." || s.rfind("../", 0) == 0;
}

uint64_t ParseOffset(std::string_view text, const std::string& name) {
  uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
    throw Error("resource name '" + name + "': shard offset '" + std::string(text) +
                "' is not a non-negative integer");
  }
  return v;
}

}  // namespace

std::string ModelName(const fs::path& model) { return Anchored(model).filename().string(); }

const std::vector<std::string>& DefaultIgnores() {
  static const std::vector<std::string> kIgnores = {".git", ".gitattributes", ".github",
                                                    ".gitignore"};
  return kIgnores;
}

std::vector<std::string> RelativeIgnorePaths(const fs::path& model,
                                             const std::vector<fs::path>& paths) {
  std::vector<std::string> out;
  const fs::path root = Anchored(model);
  for (const fs::path& p : paths) {
    if (p.empty()) continue;
    fs::path rel = p.is_absolute() ? Anchored(p).lexically_relative(root) : p.lexically_normal();
    if (!rel.empty() && !rel.has_filename()) rel = rel.parent_path();  // "dir/" -> "dir"
    if (EscapesOrEmpty(rel)) continue;
    out.push_back(rel.generic_string());
  }
  return out;
}

bool IsIgnored(const std::string& name, const std::vector<std::string>& ignores) {
  for (const std::string& ig : ignores) {
    if (name == ig) return true;
    if (name.size() > ig.size() && name.compare(0, ig.size(), ig) == 0 && name[ig.size()] == '/') {
      return true;
    }
  }
  return false;
}

ModelFiles ListModelFiles(const fs::path& model, const std::vector<std::string>& ignores,
                          bool allow_symlinks) {
  ModelFiles out;
  std::error_code ec;
  const Location loc{model.string()};
  fs::file_status link_status = fs::symlink_status(model, ec);
  if (ec || !fs::exists(link_status)) throw Error(loc, "model not found");
  if (fs::is_symlink(link_status) && !allow_symlinks) {
    throw Error(loc, "the model is a symlink; symlinks are only followed when allowed");
  }
  fs::file_status st = fs::status(model, ec);
  if (ec || !fs::exists(st)) throw Error(loc, "the model is a dangling symlink");
  if (fs::is_regular_file(st)) {
    out.single_file = true;
    out.files.push_back({".", model, fs::file_size(model, ec)});
    if (ec) throw Error(loc, "cannot read the file size: " + ec.message());
    return out;
  }
  if (!fs::is_directory(st)) throw Error(loc, "the model is neither a file nor a folder");

  std::vector<std::string> all_ignores = ignores;
  all_ignores.insert(all_ignores.end(), DefaultIgnores().begin(), DefaultIgnores().end());
  auto options = fs::directory_options::none;
  if (allow_symlinks) options |= fs::directory_options::follow_directory_symlink;
  try {
    for (auto it = fs::recursive_directory_iterator(model, options);
         it != fs::recursive_directory_iterator(); ++it) {
      const fs::path& p = it->path();
      std::string name = p.lexically_relative(model).generic_string();
      if (IsIgnored(name, all_ignores)) {
        it.disable_recursion_pending();
        continue;
      }
      fs::file_status lst = it->symlink_status();
      if (fs::is_symlink(lst)) {
        if (!allow_symlinks) {
          throw Error(Location{p.string()},
                      "the model holds a symlink; symlinks are only followed when allowed");
        }
        if (!fs::exists(it->status())) throw Error(Location{p.string()}, "dangling symlink");
      }
      fs::file_status target = it->status();
      if (fs::is_directory(target)) continue;
      if (!fs::is_regular_file(target)) {
        throw Error(Location{p.string()}, "not a regular file (sockets, FIFOs and devices "
                                          "cannot be part of a model)");
      }
      uint64_t size = fs::file_size(p);
      out.files.push_back({std::move(name), p, size});
    }
  } catch (const fs::filesystem_error& e) {
    throw Error(Location{e.path1().string()}, std::string("cannot list the model: ") +
                                                  e.code().message());
  }
  std::sort(out.files.begin(), out.files.end(), [](const ModelFile& a, const ModelFile& b) {
    return Components(a.name) < Components(b.name);
  });
  return out;
}

ResourceName ParseResourceName(const std::string& name, bool sharded, uint64_t shard_size) {
  ResourceName out;
  std::string_view file = name;
  if (sharded) {
    size_t c2 = name.rfind(':');
    size_t c1 = c2 == std::string::npos || c2 == 0 ? std::string::npos : name.rfind(':', c2 - 1);
    if (c1 == std::string::npos) {
      throw Error("resource name '" + name + "' is not '<path>:<start>:<end>'");
    }
    file = std::string_view(name).substr(0, c1);
    out.start = ParseOffset(std::string_view(name).substr(c1 + 1, c2 - c1 - 1), name);
    out.end = ParseOffset(std::string_view(name).substr(c2 + 1), name);
    if (out.end <= out.start) throw Error("resource name '" + name + "': shard end <= start");
    if (out.end - out.start > shard_size) {
      throw Error("resource name '" + name + "': shard longer than shard_size " +
                  std::to_string(shard_size));
    }
  }
  auto bad = [&](const std::string& why) {
    return Error("resource name '" + name + "' " + why);
  };
  if (file.empty()) throw bad("has an empty path");
  if (file.find('\0') != std::string_view::npos) throw bad("holds a NUL byte");
  if (file.front() == '/') throw bad("is an absolute path");
  if (file != ".") {
    for (std::string_view part : Components(file)) {
      if (part == "..") throw bad("escapes the model root ('..')");
      if (part.empty() || part == ".") throw bad("is not a normalised relative path");
    }
  }
  out.file = std::string(file);
  return out;
}

void SortResources(std::vector<Resource>& resources, bool sharded) {
  struct Key {
    std::vector<std::string_view> parts;
    uint64_t start = 0, end = 0;
  };
  std::vector<std::pair<Key, size_t>> keys;
  keys.reserve(resources.size());
  for (size_t i = 0; i < resources.size(); ++i) {
    ResourceName rn = ParseResourceName(resources[i].name, sharded, UINT64_MAX);
    keys.push_back({Key{{}, rn.start, rn.end}, i});
    keys.back().first.parts = Components(std::string_view(resources[i].name)
                                             .substr(0, rn.file.size()));
  }
  std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) {
    if (a.first.parts != b.first.parts) return a.first.parts < b.first.parts;
    if (a.first.start != b.first.start) return a.first.start < b.first.start;
    return a.first.end < b.first.end;
  });
  std::vector<Resource> sorted;
  sorted.reserve(resources.size());
  for (const auto& k : keys) sorted.push_back(std::move(resources[k.second]));
  resources = std::move(sorted);
}

std::string ShardAlgorithm(const std::string& hash_type, uint64_t shard_size) {
  return hash_type + "-sharded-" + std::to_string(shard_size);
}

Manifest HashModelFiles(const ModelFiles& files, SerializationOptions::Method method,
                        uint64_t shard_size, const std::string& hash_type,
                        const HashSettings& settings) {
  const bool sharded = method == SerializationOptions::kShards;
  if (sharded && shard_size == 0) throw Error("shard size must be positive");
  std::vector<HashJob> jobs;
  std::vector<std::string> names;
  for (const ModelFile& f : files.files) {
    if (!sharded) {
      jobs.push_back({&f, 0, 0, true});
      names.push_back(f.name);
      continue;
    }
    for (uint64_t start = 0; start < f.size; start += std::min(shard_size, f.size - start)) {
      uint64_t end = start + std::min(shard_size, f.size - start);
      jobs.push_back({&f, start, end, false});
      names.push_back(f.name + ":" + std::to_string(start) + ":" + std::to_string(end));
    }
  }
  Manifest m;
  std::vector<std::string> digests = HashJobs(jobs, hash_type, settings, &m.engine);
  m.method = method;
  m.shard_size = sharded ? shard_size : 0;
  m.hash_type = hash_type;
  const std::string algorithm = sharded ? ShardAlgorithm(hash_type, shard_size) : hash_type;
  for (size_t i = 0; i < jobs.size(); ++i) {
    m.resources.push_back({std::move(names[i]), algorithm, std::move(digests[i])});
  }
  SortResources(m.resources, sharded);
  return m;
}

Manifest ComputeManifest(const fs::path& model, const SerializationOptions& options) {
  std::vector<std::string> ignores = RelativeIgnorePaths(model, options.ignore_paths);
  ModelFiles files = ListModelFiles(model, ignores, options.allow_symlinks);
  return HashModelFiles(files, options.method, options.shard_size, "sha256",
                        {options.threads, options.device, options.progress});
}

std::string RootDigest(const Manifest& manifest) {
  std::string concat;
  concat.reserve(manifest.resources.size() * 32);
  for (const Resource& r : manifest.resources) concat += FromHex(r.digest, "resource " + r.name);
  return ToHex(Sha256Raw(concat));
}

}  // namespace sov::oms
