#pragma once
// Inputs named by an https:// URL instead of a path. Nothing below cli/ opens a socket by itself:
// the CLI installs a RemoteSource (src/net's RemoteInputs, with the user's network options) for
// the length of one command, and ReadTextFile, the loaders and the key readers reach remote
// inputs only through it. With none installed a URL is an input error, so a library caller (or
// a test) never touches the network by accident.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace sov {

// True for "https://…" and "http://…" (case-insensitive scheme): what must go to the
// RemoteSource rather than the file system. http:// is recognised only to be refused there.
bool IsUrl(std::string_view s);

// One remote input a run read, for the report's `inputs`.
struct RemoteInputRecord {
  std::string ref;        // as named (URL, with its pin when it has one)
  std::string url;        // without the pin
  std::string sha256;     // of the bytes used
  std::string pinned_by;  // "sha256", "signature" or "none" (--allow-unpinned)
  std::string signer;     // who signed it, for "signature"
};

class RemoteSource {
 public:
  virtual ~RemoteSource() = default;
  // The bytes of the remote input `ref` (a URL, optionally with "#sha256=<hex>"), fetched under
  // the source's policy (pin, signature, offline, cache). Throws Error: exit 2 for a refused or
  // malformed reference or a body larger than max_bytes, 3 for a digest or signature that does
  // not match, 4 for network failures.
  virtual std::string ReadText(const std::string& ref, std::uintmax_t max_bytes) = 0;
  // The same input as a local file (its copy in the content-addressed cache), for readers that
  // need a path (the binary importers, signature verification). Same errors.
  virtual std::filesystem::path LocalCopy(const std::string& ref) = 0;
  // Every remote input read so far, sorted by ref.
  virtual std::vector<RemoteInputRecord> Fetched() const = 0;
};

// The source in use, or nullptr.
RemoteSource* CurrentRemoteSource();

// Installs `source` for its lifetime (not owned), restoring the previous one afterwards.
class ScopedRemoteSource {
 public:
  explicit ScopedRemoteSource(RemoteSource* source);
  ~ScopedRemoteSource();
  ScopedRemoteSource(const ScopedRemoteSource&) = delete;
  ScopedRemoteSource& operator=(const ScopedRemoteSource&) = delete;

 private:
  RemoteSource* previous_;
};

// CurrentRemoteSource(), or Error (exit 2) at `ref` saying that URLs are not accepted here.
RemoteSource& RequireRemoteSource(const std::string& ref);

// The name part of an input: a URL without its query and pin ("https://h/p.yaml#sha256=…" ->
// "https://h/p.yaml"), for its extension and stem; a path as it is.
std::string InputName(const std::string& ref);

// A path readers may open: `ref` itself when it is not a URL, else the local copy of it.
std::filesystem::path LocalInputPath(const std::string& ref);

}  // namespace sov
