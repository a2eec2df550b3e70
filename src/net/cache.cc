#include "src/net/cache.h"

#include <cstdlib>
#include <system_error>

#include "src/util/error.h"
#include "src/util/fs.h"

namespace fs = std::filesystem;

namespace sov::net {

fs::path DefaultCacheDir() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg != nullptr && *xdg == '/') return fs::path(xdg) / "sovaudit";
  const char* home = std::getenv("HOME");
  if (home != nullptr && *home != '\0') return fs::path(home) / ".cache" / "sovaudit";
  return {};
}

fs::path ContentCache::PathOf(const std::string& hex) const {
  return dir_ / "sha256" / hex.substr(0, 2) / hex;
}

std::optional<fs::path> ContentCache::Find(const std::string& hex) const {
  fs::path p = PathOf(hex);
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return std::nullopt;
  Expected<std::string> actual = Sha256File(p);
  if (actual && *actual == hex) return p;
  fs::remove(p, ec);
  return std::nullopt;
}

fs::path ContentCache::Store(const std::string& hex, const std::string& data) const {
  fs::path p = PathOf(hex);
  std::error_code ec;
  fs::create_directories(p.parent_path(), ec);
  if (ec) {
    throw Error(Location{p.parent_path().string()},
                "cannot create the download cache folder (--cache-dir): " + ec.message(),
                kExitEnvironment);
  }
  WriteFileAtomically(p, data);
  return p;
}

}  // namespace sov::net
