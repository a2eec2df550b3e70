#include "src/import/gguf.h"

#include <algorithm>
#include <bit>
#include <type_traits>
#include <fstream>
#include <system_error>

#include "src/util/error.h"
#include "src/util/text.h"

namespace sov::import {
namespace {

constexpr uint64_t kReadChunk = 1ull << 20;  // file reads are at least this large
constexpr uint32_t kLastType = GgufValue::kF64;

// Text from the file, quoted for a message: escaped, and cut at 80 bytes.
std::string Quote(std::string_view s) {
  bool cut = s.size() > 80;
  return "'" + EscapeControl(s.substr(0, 80)) + (cut ? "...'" : "'");
}

// Well-formed UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool IsUtf8(std::string_view s) { return FirstInvalidUtf8(s) == std::string_view::npos; }

// The smallest number of bytes a value of `type` takes in the file (arrays: type and count).
uint64_t MinSize(uint32_t type) {
  switch (type) {
    case GgufValue::kU8: case GgufValue::kI8: case GgufValue::kBool: return 1;
    case GgufValue::kU16: case GgufValue::kI16: return 2;
    case GgufValue::kU32: case GgufValue::kI32: case GgufValue::kF32: return 4;
    case GgufValue::kArray: return 12;
    default: return 8;  // string length, u64, i64, f64
  }
}

// Sequential bytes of a GGUF file: from memory, or from a stream read through a buffer that
// holds only what the current field needs. Every failure names the byte offset.
class Cursor {
 public:
  Cursor(std::string_view bytes, const std::string& name)
      : name_(name), size_(bytes.size()), limit_(bytes.size()), window_(bytes) {}
  Cursor(std::istream* in, uint64_t file_size, const std::string& name)
      : name_(name), size_(file_size), limit_(std::min(file_size, kGgufMaxMetadataBytes)), in_(in) {}

  uint64_t offset() const { return offset_; }
  uint64_t size() const { return size_; }
  uint64_t remaining() const { return size_ - offset_; }
  // Bytes that may still be read: the rest of the file, or of the 256 MiB a file may use.
  uint64_t readable() const { return limit_ - offset_; }

  [[noreturn]] void Fail(uint64_t at, const std::string& message) const {
    throw Error(Location{name_}, "byte " + std::to_string(at) + ": " + message);
  }
  // Fails at `at` when `n` items of `each` bytes cannot fit in what is left to read.
  void CheckFits(uint64_t at, uint64_t n, uint64_t each, const std::string& what) const {
    if (n > remaining() / each) {
      Fail(at, what + " " + std::to_string(n) + " runs past the end of the file (size " +
                   std::to_string(size_) + ")");
    }
    if (n > readable() / each) BeyondBound(at);
  }

  // The next n bytes; the view is valid until the next call.
  std::string_view Take(uint64_t n, std::string_view what) {
    if (n > remaining()) {
      Fail(offset_, "truncated: the file ends inside the " + std::string(what) + " (size " +
                        std::to_string(size_) + ")");
    }
    if (n > readable()) BeyondBound(offset_);
    if (offset_ + n > window_start_ + window_.size()) Refill(n);
    std::string_view out = window_.substr(offset_ - window_start_, n);
    offset_ += n;
    return out;
  }

  // A little-endian integer of type T (any host byte order).
  template <typename T>
  T Read(std::string_view what) {
    std::string_view b = Take(sizeof(T), what);
    std::make_unsigned_t<T> u = 0;
    for (size_t i = 0; i < sizeof(T); ++i) {
      u |= static_cast<std::make_unsigned_t<T>>(static_cast<unsigned char>(b[i])) << (8 * i);
    }
    return static_cast<T>(u);
  }

 private:
  [[noreturn]] void BeyondBound(uint64_t at) const {
    Fail(at, "the metadata runs past the first " + std::to_string(kGgufMaxMetadataBytes >> 20) +
                 " MiB of the file, the most sovaudit reads");
  }
  // Keeps the unread part of the window and reads at least what `n` more bytes need.
  void Refill(uint64_t n) {
    uint64_t end = window_start_ + window_.size();
    buffer_.erase(0, offset_ - window_start_);
    window_start_ = offset_;
    uint64_t want = std::min(std::max(offset_ + n - end, kReadChunk), limit_ - end);
    size_t had = buffer_.size();
    buffer_.resize(had + want);
    in_->read(buffer_.data() + had, static_cast<std::streamsize>(want));
    if (static_cast<uint64_t>(in_->gcount()) != want) Fail(end, "read error (did the file change?)");
    window_ = buffer_;
  }

  const std::string& name_;
  uint64_t size_, limit_;
  uint64_t offset_ = 0, window_start_ = 0;
  std::istream* in_ = nullptr;
  std::string buffer_;     // file mode: the bytes of window_
  std::string_view window_;  // bytes [window_start_, window_start_ + size) of the file
};

class Parser {
 public:
  explicit Parser(Cursor& in) : in_(in) {}

  GgufHeader Run() {
    GgufHeader h;
    std::string_view magic = in_.Take(4, "magic");
    if (magic != "GGUF") in_.Fail(0, "not a GGUF file: magic " + Quote(magic) + ", expected 'GGUF'");
    h.version = in_.Read<uint32_t>("version");
    if (h.version != 2 && h.version != 3) {
      uint32_t v = h.version;
      uint32_t swapped = (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
      in_.Fail(4, swapped >= 1 && swapped <= 3
                      ? "big-endian GGUF (version " + std::to_string(swapped) + ") is not supported"
                      : "GGUF version " + std::to_string(h.version) + " is not supported (only 2 and 3)");
    }
    h.tensor_count = in_.Read<uint64_t>("tensor count");
    uint64_t at = in_.offset();
    uint64_t count = in_.Read<uint64_t>("metadata count");
    if (count > kGgufMaxEntries) {
      in_.Fail(at, "metadata count " + std::to_string(count) + " is more than " +
                       std::to_string(kGgufMaxEntries));
    }
    in_.CheckFits(at, count, 13, "metadata count");  // key length, type, a 1-byte value
    for (uint64_t i = 0; i < count; ++i) {
      uint64_t key_at = in_.offset();
      std::string key = ReadKey();
      GgufValue value = ReadValue(ReadType(), 0);
      if (!h.metadata.try_emplace(key, std::move(value)).second) {
        in_.Fail(key_at, "duplicate key " + Quote(key));
      }
    }
    return h;
  }

 private:
  std::string ReadKey() {
    uint64_t at = in_.offset();
    uint64_t len = in_.Read<uint64_t>("key length");
    if (len > kGgufMaxKeyBytes) {
      in_.Fail(at, "key length " + std::to_string(len) + " is more than 64 KiB");
    }
    in_.CheckFits(at, len, 1, "key length");
    std::string key(in_.Take(len, "key"));
    if (!IsUtf8(key)) in_.Fail(at + 8, "key " + Quote(key) + " is not UTF-8");
    return key;
  }

  GgufValue::Type ReadType() {
    uint64_t at = in_.offset();
    uint32_t t = in_.Read<uint32_t>("value type");
    if (t > kLastType) in_.Fail(at, "unknown value type " + std::to_string(t));
    return static_cast<GgufValue::Type>(t);
  }

  GgufValue ReadValue(GgufValue::Type type, int depth) {
    GgufValue v;
    v.type = type;
    uint64_t at = in_.offset();
    switch (type) {
      case GgufValue::kU8: v.value = uint64_t{in_.Read<uint8_t>("u8")}; break;
      case GgufValue::kI8: v.value = int64_t{in_.Read<int8_t>("i8")}; break;
      case GgufValue::kU16: v.value = uint64_t{in_.Read<uint16_t>("u16")}; break;
      case GgufValue::kI16: v.value = int64_t{in_.Read<int16_t>("i16")}; break;
      case GgufValue::kU32: v.value = uint64_t{in_.Read<uint32_t>("u32")}; break;
      case GgufValue::kI32: v.value = int64_t{in_.Read<int32_t>("i32")}; break;
      case GgufValue::kU64: v.value = in_.Read<uint64_t>("u64"); break;
      case GgufValue::kI64: v.value = in_.Read<int64_t>("i64"); break;
      case GgufValue::kF32: v.value = double{std::bit_cast<float>(in_.Read<uint32_t>("f32"))}; break;
      case GgufValue::kF64: v.value = std::bit_cast<double>(in_.Read<uint64_t>("f64")); break;
      case GgufValue::kBool: {
        uint8_t b = in_.Read<uint8_t>("bool");
        if (b > 1) in_.Fail(at, "bool value " + std::to_string(b) + " is neither 0 nor 1");
        v.value = b == 1;
        break;
      }
      case GgufValue::kString: {
        uint64_t len = in_.Read<uint64_t>("string length");
        in_.CheckFits(at, len, 1, "string length");
        v.value = std::string(in_.Take(len, "string"));
        break;
      }
      case GgufValue::kArray: v.value = ReadArray(&v, depth); break;
    }
    return v;
  }

  std::vector<GgufValue> ReadArray(GgufValue* array, int depth) {
    uint64_t at = in_.offset();
    if (depth >= kGgufMaxArrayDepth) {
      in_.Fail(at, "arrays are nested deeper than " + std::to_string(kGgufMaxArrayDepth));
    }
    array->element_type = ReadType();
    uint64_t count_at = in_.offset();
    uint64_t count = in_.Read<uint64_t>("array count");
    in_.CheckFits(count_at, count, MinSize(array->element_type),
                  "array count (of " + std::string(GgufTypeName(array->element_type)) + ")");
    elements_ += count;
    if (elements_ > kGgufMaxArrayElements) {
      in_.Fail(count_at, "more than " + std::to_string(kGgufMaxArrayElements) +
                             " array elements in the metadata");
    }
    std::vector<GgufValue> out;
    out.reserve(count);
    for (uint64_t i = 0; i < count; ++i) out.push_back(ReadValue(array->element_type, depth + 1));
    return out;
  }

  Cursor& in_;
  uint64_t elements_ = 0;
};

}  // namespace

const std::string* GgufValue::AsString() const {
  return type == kString ? std::get_if<std::string>(&value) : nullptr;
}

std::optional<uint64_t> GgufValue::AsUnsigned() const {
  if (const auto* u = std::get_if<uint64_t>(&value)) return *u;
  if (const auto* i = std::get_if<int64_t>(&value); i && *i >= 0) return static_cast<uint64_t>(*i);
  return std::nullopt;
}

std::string_view GgufTypeName(GgufValue::Type type) {
  static constexpr std::string_view kNames[] = {"u8",   "i8",     "u16",   "i16", "u32", "i32", "f32",
                                                "bool", "string", "array", "u64", "i64", "f64"};
  return type <= kLastType ? kNames[type] : "unknown";
}

GgufHeader ParseGgufHeader(std::string_view bytes, const std::string& name) {
  Cursor in(bytes, name);
  return Parser(in).Run();
}

GgufHeader ReadGgufHeader(const std::filesystem::path& file) {
  std::string name = file.string();
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) throw Error(Location{name}, "is a directory, not a GGUF file");
  uint64_t size = std::filesystem::file_size(file, ec);
  std::ifstream in(file, std::ios::binary);
  if (ec || !in) {
    throw Error(Location{name}, "cannot read the file" + (ec ? ": " + ec.message() : std::string()));
  }
  Cursor cursor(&in, size, name);
  return Parser(cursor).Run();
}

}  // namespace sov::import
