#pragma once
// The content-addressed cache of remote inputs: every body fetched is stored under its own
// SHA-256 (<dir>/sha256/<first two hex digits>/<hex>), so a pinned input is found by its pin
// without the network, and a file that is there is re-hashed before it is used.

#include <filesystem>
#include <optional>
#include <string>

namespace sov::net {

// $XDG_CACHE_HOME/sovaudit, else $HOME/.cache/sovaudit; "" when neither variable is set.
std::filesystem::path DefaultCacheDir();

class ContentCache {
 public:
  explicit ContentCache(std::filesystem::path dir) : dir_(std::move(dir)) {}
  const std::filesystem::path& dir() const { return dir_; }

  // The cached file whose content hashes to `hex`, or nullopt. A file that no longer hashes to
  // its name (damaged, edited) is removed and not returned.
  std::optional<std::filesystem::path> Find(const std::string& hex) const;

  // Stores `data` (whose SHA-256 is `hex`) atomically and returns its path. Throws Error
  // (exit 4) when the cache cannot be written.
  std::filesystem::path Store(const std::string& hex, const std::string& data) const;

 private:
  std::filesystem::path PathOf(const std::string& hex) const;
  std::filesystem::path dir_;
};

}  // namespace sov::net
