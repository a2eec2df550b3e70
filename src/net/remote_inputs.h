#pragma once
// The InputReader the CLI hands to networked commands: local paths read as files (FileReader),
// remote inputs fetched under the user's policy.
//
//   URL#sha256=<hex>   pinned: taken from the cache when it holds those bytes (no network),
//                      else fetched; other bytes are an integrity failure (exit 3)
//   URL (unpinned)     refused (exit 2), unless --trust-key is given: then <URL>.sig, an OMS
//                      bundle over the file that names it (its subject is the URL's file
//                      name), must verify with one of the keys (exit 3 otherwise); or
//                      --allow-unpinned: taken as it comes, recorded as such
//   --offline          any URL is refused (exit 2) before anything is looked up or opened
//
// Each input is fetched once per run, and different inputs in parallel: no lock is held across
// a download. The bytes checked (pin or signature) are the bytes used: they stay in memory, and
// readers that need a path get a private copy of them (written when first asked for), never
// the shared cache's file. The cache is only written, and a cached file is re-hashed before it
// counts as a hit.

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "src/net/http.h"
#include "src/util/error.h"
#include "src/util/input.h"

namespace sov::net {

struct NetOptions {
  bool offline = false;         // --offline
  bool allow_unpinned = false;  // --allow-unpinned
  std::filesystem::path cache_dir;      // --cache-dir; "" for DefaultCacheDir()
  std::vector<std::string> trust_keys;  // --trust-key: PEM public keys (paths or pinned URLs)
  HttpOptions http;
};

class RemoteInputs final : public InputReader {
 public:
  explicit RemoteInputs(NetOptions options);
  ~RemoteInputs() override;
  RemoteInputs(const RemoteInputs&) = delete;
  RemoteInputs& operator=(const RemoteInputs&) = delete;

  Input Read(const InputRef& ref, std::uintmax_t max_bytes = kMaxTextInput) override;
  std::filesystem::path LocalCopy(const InputRef& ref) override;
  // Local files read (FileReader's records) and every remote input fetched, by ref.
  std::vector<InputRecord> Records() const override;

  const NetOptions& options() const { return options_; }

 private:
  struct Entry {
    InputRecord record;
    std::string bytes;  // as fetched and checked: what the run uses
  };
  // One input: fetched by the first thread that asks, waited for by the others.
  struct Slot {
    std::once_flag once;
    std::optional<Entry> entry;
    std::optional<Error> error;  // a failed input is not tried twice
    std::once_flag copy_once;    // the private copy, written on the first LocalCopy
    std::filesystem::path local;
  };
  Slot& Get(const std::string& ref);
  Entry Fetch(const std::string& ref);
  // Checks the detached signature <url>.sig of the fetched `bytes`; fills record.
  void CheckSignature(const std::string& url, const std::string& bytes, InputRecord& record);
  // This run's private folder (mode 0700, made on first use, removed with this object), and a
  // file of `bytes` written in it.
  std::filesystem::path PrivateDir();
  std::filesystem::path PrivateCopy(const std::string& name, const std::string& bytes);

  NetOptions options_;
  FileReader local_;       // paths
  mutable std::mutex mu_;  // guards slots_ and private_dir_, never held across a download
  std::map<std::string, std::shared_ptr<Slot>> slots_;  // by ref
  std::filesystem::path private_dir_;
};

}  // namespace sov::net
