#pragma once
// A bounded reader of the safetensors header (formats.md, "safetensors"): the 8-byte length and
// the JSON that follows, never the tensor data. Pure parsing: mapping onto provenance lives
// elsewhere.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sov::import {

struct SafetensorsTensor {
  std::string name, dtype;
  std::vector<uint64_t> shape;
  uint64_t begin = 0, end = 0;  // data_offsets: bytes of the data buffer (after the header)
};

struct SafetensorsHeader {
  uint64_t header_size = 0;                     // N, the JSON's length in bytes
  std::map<std::string, std::string> metadata;  // "__metadata__" (string map; absent -> empty)
  std::vector<SafetensorsTensor> tensors;       // sorted by name
};

// The largest header safetensors allows, in bytes.
inline constexpr uint64_t kSafetensorsMaxHeader = 100'000'000;

// Bits per element of a safetensors dtype ("F32" -> 32, "F4" -> 4), or 0 when unknown.
// Knows the 22 dtypes of safetensors 0.8: BOOL, F4, F6_E2M3, F6_E3M2, U8, I8, F8_E5M2, F8_E4M3,
// F8_E8M0, F8_E4M3FNUZ, F8_E5M2FNUZ, I16, U16, F16, BF16, I32, U32, F32, C64, F64, I64, U64.
uint32_t SafetensorsDtypeBits(std::string_view dtype);

// Reads the 8-byte little-endian length N (at most 100,000,000) and N bytes of JSON
// (nlohmann-json); never the tensor data. Throws sov::Error (exit 2) located at the file on:
// a file that cannot be read, too short, N too large or past the end of the file, JSON invalid
// (the message gives the byte offset in the file and inside the header), duplicate keys, not an
// object, a tensor entry without dtype/shape/data_offsets or with wrong types (shape and offsets
// are non-negative integers; data_offsets has two), unknown dtype, shape overflow (or sub-byte
// dtypes that do not fill whole bytes), offsets that do not tile the data buffer exactly (sorted
// by begin: the first begins at 0, each begins where the previous ends, the last ends at file
// size - 8 - N, and end - begin == product(shape) * dtype size), __metadata__ not a
// string->string map (null counts as empty). So that a hostile header stays cheap, JSON nested
// deeper than 8 levels and arrays of more than 4096 elements are errors too (a valid header
// nests 3 deep; its arrays are shapes and offsets). Other keys of a tensor entry are ignored.
SafetensorsHeader ReadSafetensorsHeader(const std::filesystem::path& file);

// Same from bytes in memory: `bytes` is the start of the file (at least 8 + N bytes; it may be
// all of it), `file_size` the size of the whole file (for the tiling check); `name` is used in
// error messages.
SafetensorsHeader ParseSafetensorsHeader(std::string_view bytes, const std::string& name, uint64_t file_size);

}  // namespace sov::import
