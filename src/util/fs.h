#pragma once
// File-system helpers that every layer may use; nothing here knows about sovaudit's domain.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "src/util/expected.h"
#include "src/util/input.h"

namespace sov {

// Reads a whole local file. Throws Error (exit 2) naming the file when it is missing,
// unreadable, a directory, or larger than max_bytes, and for a URL (which only an InputReader,
// src/util/input.h, may read).
std::string ReadTextFile(const std::filesystem::path& path, std::uintmax_t max_bytes = kMaxTextInput);

// An output file written through a temporary file in the same folder and renamed into place
// by Commit(), so that a failed run never leaves a half-written file: destroyed without
// Commit(), it removes the temporary. The constructor and Commit() throw Error (exit 4).
class AtomicFile {
 public:
  explicit AtomicFile(const std::filesystem::path& path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ostream& stream() { return out_; }
  // The SHA-256 (hex) of what has been written so far, read back from the temporary file
  // (flushed first), so that a digest is of the bytes Commit() will put in place. Throws Error
  // (exit 4) when they cannot be written or read.
  std::string Sha256();
  void Commit();

 private:
  std::filesystem::path path_, tmp_;
  std::ofstream out_;
  bool committed_ = false;
};

// WriteFileAtomically(path, contents): an AtomicFile holding contents, committed.
void WriteFileAtomically(const std::filesystem::path& path, const std::string& contents);

// True when `path` (made absolute and normalised lexically, symlinks resolved where they exist)
// lies inside `root`.
bool IsWithin(const std::filesystem::path& root, const std::filesystem::path& path);

// Lower-case hex SHA-256 of a file's contents, streamed through OpenSSL EVP; why not when the
// file cannot be read (missing, a directory or special file, a read error).
Expected<std::string> Sha256File(const std::filesystem::path& path);

// Lower-case hex SHA-256 of a byte string.
std::string Sha256Hex(std::string_view data);

}  // namespace sov
