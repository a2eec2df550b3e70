#pragma once
// The RemoteSource the CLI installs: remote inputs fetched under the user's policy.
//
//   URL#sha256=<hex>   pinned: taken from the cache when it holds those bytes (no network),
//                      else fetched; other bytes are an integrity failure (exit 3)
//   URL (unpinned)     refused (exit 2), unless --trust-key is given: then <URL>.sig, an OMS
//                      bundle over the file, must verify with one of the keys (exit 3
//                      otherwise); or --allow-unpinned: taken as it comes, recorded as such
//   --offline          any URL is refused (exit 2) before anything is looked up or opened
//
// Each input is fetched once per run; what was used is recorded for the report.

#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "src/net/http.h"
#include "src/util/error.h"
#include "src/util/remote.h"

namespace sov::net {

struct NetOptions {
  bool offline = false;         // --offline
  bool allow_unpinned = false;  // --allow-unpinned
  std::filesystem::path cache_dir;      // --cache-dir; "" for DefaultCacheDir()
  std::vector<std::string> trust_keys;  // --trust-key: PEM public keys (paths or pinned URLs)
  HttpOptions http;
};

class RemoteInputs final : public RemoteSource {
 public:
  explicit RemoteInputs(NetOptions options);

  std::string ReadText(const std::string& ref, std::uintmax_t max_bytes) override;
  std::filesystem::path LocalCopy(const std::string& ref) override;
  std::vector<RemoteInputRecord> Fetched() const override;

  const NetOptions& options() const { return options_; }

 private:
  struct Entry {
    RemoteInputRecord record;
    std::filesystem::path local;  // in the cache
  };
  const Entry& Get(const std::string& ref);
  const Entry& Fetch(const std::string& ref);
  // Checks the detached signature <url>.sig of the file at `local`; fills record.
  void CheckSignature(const std::string& url, const std::filesystem::path& local,
                      RemoteInputRecord& record);

  NetOptions options_;
  mutable std::recursive_mutex mu_;  // a trust key may itself be a remote input
  std::map<std::string, Entry> entries_;  // by ref
  std::map<std::string, Error> failures_;  // by ref: a failed input is not tried twice
};

}  // namespace sov::net
