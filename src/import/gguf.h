#pragma once
// A bounded reader of the GGUF header and metadata key/values (formats.md, "GGUF"). It never
// reads the tensors, and every length and count is checked against the bytes that remain
// before anything is allocated. Pure parsing: mapping onto provenance lives elsewhere.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace sov::import {

// One GGUF metadata value. Integers of every width are widened (unsigned -> uint64_t, signed ->
// int64_t); f32/f64 -> double; arrays hold their elements (arrays nest). String values are the
// bytes as stored: GGUF says UTF-8, but values are not validated (escape before printing).
struct GgufValue {
  enum Type : uint32_t { kU8 = 0, kI8, kU16, kI16, kU32, kI32, kF32, kBool, kString, kArray, kU64, kI64, kF64 };
  Type type = kU8;  // the type as stored in the file
  std::variant<uint64_t, int64_t, double, bool, std::string, std::vector<GgufValue>> value;
  // For kArray: the element type as stored (also for an empty array).
  Type element_type = kU8;

  // The string, or nullptr unless kString.
  const std::string* AsString() const;
  // The value as uint64 when it is a non-negative integer of any width; nullopt otherwise.
  std::optional<uint64_t> AsUnsigned() const;
};

// "u8", "i8", ..., "string", "array", "u64", "i64", "f64" (the type names of the GGUF spec).
std::string_view GgufTypeName(GgufValue::Type type);

struct GgufHeader {
  uint32_t version = 0;  // 2 or 3
  uint64_t tensor_count = 0;
  std::map<std::string, GgufValue> metadata;  // every key/value pair, in key order
};

// Limits of the reader (documented in the error messages that enforce them).
inline constexpr uint64_t kGgufMaxMetadataBytes = 256ull << 20;  // header + metadata, files only
inline constexpr uint64_t kGgufMaxEntries = 1'000'000;           // metadata key/value pairs
inline constexpr uint64_t kGgufMaxKeyBytes = 64ull << 10;        // one key
inline constexpr int kGgufMaxArrayDepth = 8;                     // arrays inside arrays
// Array elements in the whole header (8,388,608): each costs sizeof(GgufValue) (48 bytes) in
// memory, so this bounds what a hostile file can make us allocate to about 400 MB. Real files
// stay far below: a 262,144-token vocabulary with scores and token types is 786,432 elements.
inline constexpr uint64_t kGgufMaxArrayElements = 1ull << 23;

// Reads only the header and the metadata key/values, never the tensors. The file is read
// incrementally through a small buffer, and at most its first kGgufMaxMetadataBytes (256 MiB):
// metadata that runs beyond that is an error. Throws sov::Error (exit 2, kExitInput) whose
// location is the file and whose message starts with the byte offset of the offending field,
// e.g. "byte 24: string length 18446744073709551615 runs past the end of the file (size 1234)",
// on: a file that cannot be opened, wrong magic, unsupported version (only 2 and 3; big-endian
// files are named as such), truncation, any length or count that cannot fit in the remaining
// bytes of the file (checked before allocating), unknown value types, array nesting deeper than
// 8, a bool that is not 0 or 1, a key that is not UTF-8 or longer than 64 KiB, duplicate keys,
// more than 1,000,000 metadata entries, more than kGgufMaxArrayElements array elements.
GgufHeader ReadGgufHeader(const std::filesystem::path& file);

// Same, from bytes already in memory (the start of the file, or all of it); `name` is used in
// error messages. The 256 MiB bound does not apply: the bytes are already there.
GgufHeader ParseGgufHeader(std::string_view bytes, const std::string& name);

}  // namespace sov::import
