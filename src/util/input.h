#pragma once
// Reading inputs: one interface that turns an input reference (a local path or an https:// URL,
// kept apart in InputRef) into its bytes and a record of where they came from. The loader, the
// importer, the verify stage and the report's `inputs` all go through the InputReader they are
// handed; nothing reaches the network through a global. FileReader (here) reads local files and
// refuses URLs; src/net's RemoteInputs reads both under the user's network policy; tests use an
// in-memory reader (tests/input_memory.h).
//
// Each Read returns the bytes and their SHA-256 together, computed once from those bytes: what
// is parsed is what is hashed is what the report records.

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace sov {

// Largest text input (manifest, provenance, rule pack) sovaudit reads: 64 MiB.
inline constexpr std::uintmax_t kMaxTextInput = 64ull << 20;

// True for "https://…" and "http://…" (case-insensitive scheme): a URL, not a path. http:// is
// recognised only to be refused by the reader.
bool IsUrl(std::string_view s);

// An input as named: a path or a URL (with its "#sha256=" pin when it has one).
class InputRef {
 public:
  // A URL when `text` starts with https:// or http://, else a path.
  static InputRef Parse(std::string text);
  static InputRef Path(const std::filesystem::path& path);

  bool is_url() const { return is_url_; }
  // As named: the path, or the URL with its pin.
  const std::string& str() const { return text_; }
  // The path; for a URL, the URL as a path (never opened: readers check is_url first).
  std::filesystem::path path() const { return text_; }
  // The name part: a URL without its query and pin ("https://h/p.yaml#sha256=…" ->
  // "https://h/p.yaml"), for its extension and stem; a path as it is.
  std::string name() const;

 private:
  InputRef(std::string text, bool is_url) : text_(std::move(text)), is_url_(is_url) {}
  std::string text_;
  bool is_url_;
};

// One input a run read, for the report's `inputs`.
struct InputRecord {
  std::string ref;        // as named (a path, or a URL with its pin when it has one)
  std::string url;        // a URL without the pin; "" for a local file
  std::string sha256;     // of the bytes used
  std::string pinned_by;  // remote only: "sha256", "signature" or "none" (--allow-unpinned)
  std::string signer;     // who signed it, for "signature"
};

// An input's bytes and where they came from.
struct Input {
  std::string bytes;
  InputRecord record;
};

class InputReader {
 public:
  virtual ~InputReader() = default;
  // The whole input. Throws Error naming the input: exit 2 for a missing, unreadable or
  // refused input or one larger than max_bytes, 3 for a remote input whose pin or signature
  // does not match, 4 for network failures. Thread-safe.
  virtual Input Read(const InputRef& ref, std::uintmax_t max_bytes = kMaxTextInput) = 0;
  // The input as a file readers may open (the binary importers, weights verification): a path
  // as it is, a remote input as a private copy of the checked bytes. Same errors. Thread-safe.
  virtual std::filesystem::path LocalCopy(const InputRef& ref) = 0;
  // Every input read so far through Read, and every remote input fetched, sorted by ref.
  virtual std::vector<InputRecord> Records() const = 0;
};

// Local files only: a URL is an input error (exit 2) saying that it must be a local file.
class FileReader final : public InputReader {
 public:
  Input Read(const InputRef& ref, std::uintmax_t max_bytes = kMaxTextInput) override;
  std::filesystem::path LocalCopy(const InputRef& ref) override;
  std::vector<InputRecord> Records() const override;

 private:
  mutable std::mutex mu_;
  std::map<std::string, InputRecord> records_;
};

// The error (exit 2) for a URL where only a local file will do.
[[noreturn]] void RefuseUrl(const std::string& ref);

}  // namespace sov
