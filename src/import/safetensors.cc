#include "src/import/safetensors.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <system_error>
#include <utility>

#include "src/util/error.h"
#include "src/util/text.h"

namespace sov::import {
namespace {

using nlohmann::json;

struct Dtype {
  std::string_view name;
  uint32_t bits;
};
constexpr Dtype kDtypes[] = {
    {"BOOL", 8},         {"F4", 4},           {"F6_E2M3", 6}, {"F6_E3M2", 6}, {"U8", 8},   {"I8", 8},
    {"F8_E5M2", 8},      {"F8_E4M3", 8},      {"F8_E8M0", 8}, {"F8_E4M3FNUZ", 8},         {"F8_E5M2FNUZ", 8},
    {"I16", 16},         {"U16", 16},         {"F16", 16},    {"BF16", 16},   {"I32", 32}, {"U32", 32},
    {"F32", 32},         {"C64", 64},         {"F64", 64},    {"I64", 64},    {"U64", 64},
};

// Text from the file, quoted for a message: escaped, and cut at 80 bytes.
std::string Quote(std::string_view s) {
  bool cut = s.size() > 80;
  return "'" + EscapeControl(s.substr(0, 80)) + (cut ? "...'" : "'");
}

class Checker {
 public:
  static constexpr int kMaxDepth = 8;
  static constexpr uint64_t kMaxArray = 4096;

  explicit Checker(const std::string& name) : name_(name) {}

  [[noreturn]] void Fail(const std::string& message) const { throw Error(Location{name_}, message); }

  // Parses the JSON text. Also errors, as they cannot occur in a valid header and would only
  // make a hostile one expensive: duplicate keys in an object (nlohmann keeps the last), nesting
  // deeper than kMaxDepth, arrays longer than kMaxArray (a shape has a few dimensions).
  json Parse(std::string_view text) const {
    struct Frame {
      bool is_array = false;
      uint64_t count = 0;
      std::set<std::string> keys;
    };
    std::vector<Frame> open;
    auto callback = [&](int depth, json::parse_event_t event, json& parsed) {
      using E = json::parse_event_t;
      bool starts = event == E::object_start || event == E::array_start;
      if ((starts || event == E::value) && !open.empty() && open.back().is_array &&
          ++open.back().count > kMaxArray) {
        Fail("the JSON header has an array of more than " + std::to_string(kMaxArray) + " elements");
      }
      if (starts && depth >= kMaxDepth) {
        Fail("the JSON header nests deeper than " + std::to_string(kMaxDepth) + " levels");
      }
      if (starts) open.push_back(Frame{event == E::array_start, 0, {}});
      if (event == E::object_end || event == E::array_end) open.pop_back();
      if (event == E::key && !open.back().keys.insert(parsed.get<std::string>()).second) {
        Fail("duplicate key " + Quote(parsed.get<std::string>()) + " in the JSON header");
      }
      return true;
    };
    try {
      return json::parse(text.begin(), text.end(), callback);
    } catch (const json::parse_error& e) {
      std::string what = WithoutBracketTag(e.what());
      uint64_t at = e.byte > 0 ? e.byte - 1 : 0;  // nlohmann counts from 1
      Fail("byte " + std::to_string(8 + at) + ": invalid JSON header (header byte " + std::to_string(at) +
           "): " + EscapeControl(what));
    } catch (const json::exception& e) {  // a value nlohmann cannot hold (a number out of range)
      Fail(std::string("invalid JSON header: ") + EscapeControl(e.what()));
    }
  }

  uint64_t Unsigned(const json& j, const std::string& what) const {
    if (!j.is_number_unsigned()) Fail(what + " is " + Describe(j) + ", not a non-negative integer");
    return j.get<uint64_t>();
  }

  static std::string Describe(const json& j) {
    if (j.is_number_integer() && !j.is_number_unsigned()) return "negative";
    if (j.is_number_float()) return "a fractional or too large number";
    return std::string("a JSON ") + j.type_name();
  }

  void ReadMetadata(const json& j, SafetensorsHeader* h) const {
    if (j.is_null()) return;
    if (!j.is_object()) Fail("__metadata__ is " + Describe(j) + ", not a map of strings");
    for (const auto& [k, v] : j.items()) {
      if (!v.is_string()) Fail("__metadata__ " + Quote(k) + " is " + Describe(v) + ", not a string");
      h->metadata.emplace(k, v.get<std::string>());
    }
  }

  SafetensorsTensor ReadTensor(const std::string& name, const json& j) const {
    std::string where = "tensor " + Quote(name);
    if (!j.is_object()) Fail(where + " is " + Describe(j) + ", not an object");
    for (const char* field : {"dtype", "shape", "data_offsets"}) {
      if (!j.contains(field)) Fail(where + " has no " + field);
    }
    SafetensorsTensor t;
    t.name = name;
    const json& dtype = j["dtype"];
    if (!dtype.is_string()) Fail(where + ": dtype is " + Describe(dtype) + ", not a string");
    t.dtype = dtype.get<std::string>();
    uint32_t bits = SafetensorsDtypeBits(t.dtype);
    if (bits == 0) {
      std::vector<std::string> known;
      for (const Dtype& d : kDtypes) known.emplace_back(d.name);
      Fail(where + ": unknown dtype " + Quote(t.dtype) + DidYouMean(t.dtype, known));
    }
    const json& shape = j["shape"];
    if (!shape.is_array()) Fail(where + ": shape is " + Describe(shape) + ", not an array");
    uint64_t elements = 1;
    for (const json& d : shape) {
      t.shape.push_back(Unsigned(d, where + ": a shape entry"));
      if (__builtin_mul_overflow(elements, t.shape.back(), &elements)) Fail(where + ": the shape overflows");
    }
    uint64_t total_bits = 0;
    if (__builtin_mul_overflow(elements, uint64_t{bits}, &total_bits)) Fail(where + ": the shape overflows");
    if (total_bits % 8 != 0) {
      Fail(where + ": " + std::to_string(elements) + " elements of " + t.dtype + " do not fill whole bytes");
    }
    const json& offsets = j["data_offsets"];
    if (!offsets.is_array() || offsets.size() != 2) {
      Fail(where + ": data_offsets is " + Describe(offsets) + ", not [begin, end]");
    }
    t.begin = Unsigned(offsets[0], where + ": data_offsets begin");
    t.end = Unsigned(offsets[1], where + ": data_offsets end");
    if (t.end < t.begin || t.end - t.begin != total_bits / 8) {
      Fail(where + ": data_offsets [" + std::to_string(t.begin) + ", " + std::to_string(t.end) + "] do not hold " +
           std::to_string(total_bits / 8) + " bytes, the size of its shape and dtype");
    }
    return t;
  }

  // Sorts the tensors by offsets; they must cover [0, data_size) with no gap and no overlap.
  void CheckTiling(std::vector<SafetensorsTensor>* tensors, uint64_t data_size) const {
    std::sort(tensors->begin(), tensors->end(),
              [](const auto& a, const auto& b) { return std::pair(a.begin, a.end) < std::pair(b.begin, b.end); });
    uint64_t next = 0;
    for (const SafetensorsTensor& t : *tensors) {
      if (t.begin != next) {
        Fail("tensor " + Quote(t.name) + " begins at data byte " + std::to_string(t.begin) + ", expected " +
             std::to_string(next) + (t.begin < next ? " (it overlaps another tensor)" : " (a gap)"));
      }
      next = t.end;
    }
    if (next != data_size) {
      Fail("the tensors cover " + std::to_string(next) + " bytes of data, but the file holds " +
           std::to_string(data_size) + " after the header");
    }
  }

 private:
  const std::string& name_;
};

uint64_t LittleEndian64(std::string_view b) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= uint64_t{static_cast<unsigned char>(b[i])} << (8 * i);
  return v;
}

}  // namespace

uint32_t SafetensorsDtypeBits(std::string_view dtype) {
  for (const Dtype& d : kDtypes) {
    if (d.name == dtype) return d.bits;
  }
  return 0;
}

SafetensorsHeader ParseSafetensorsHeader(std::string_view bytes, const std::string& name, uint64_t file_size) {
  Checker check(name);
  if (file_size < 8 || bytes.size() < 8) {
    check.Fail("too short for a safetensors file: " + std::to_string(std::min<uint64_t>(file_size, bytes.size())) +
               " bytes, and the header length alone takes 8");
  }
  SafetensorsHeader h;
  h.header_size = LittleEndian64(bytes);
  if (h.header_size > kSafetensorsMaxHeader) {
    check.Fail("byte 0: header length " + std::to_string(h.header_size) + " is more than " +
               std::to_string(kSafetensorsMaxHeader));
  }
  if (h.header_size > file_size - 8) {
    check.Fail("byte 0: header length " + std::to_string(h.header_size) + " runs past the end of the file (size " +
               std::to_string(file_size) + ")");
  }
  if (bytes.size() - 8 < h.header_size) {
    check.Fail("only " + std::to_string(bytes.size()) + " bytes of the file were given, the header needs " +
               std::to_string(8 + h.header_size));
  }
  json root = check.Parse(bytes.substr(8, h.header_size));
  if (!root.is_object()) check.Fail("the header is " + Checker::Describe(root) + ", not a JSON object");
  for (const auto& [key, value] : root.items()) {
    if (key == "__metadata__") {
      check.ReadMetadata(value, &h);
    } else {
      h.tensors.push_back(check.ReadTensor(key, value));
    }
  }
  check.CheckTiling(&h.tensors, file_size - 8 - h.header_size);
  std::sort(h.tensors.begin(), h.tensors.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return h;
}

SafetensorsHeader ReadSafetensorsHeader(const std::filesystem::path& file) {
  std::string name = file.string();
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) throw Error(Location{name}, "is a directory, not a safetensors file");
  uint64_t size = std::filesystem::file_size(file, ec);
  std::ifstream in(file, std::ios::binary);
  if (ec || !in) {
    throw Error(Location{name}, "cannot read the file" + (ec ? ": " + ec.message() : std::string()));
  }
  // Read the length, then the header only when the length is plausible: ParseSafetensorsHeader
  // gives the error otherwise.
  std::string bytes(std::min<uint64_t>(size, 8), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (bytes.size() == 8 && in) {
    uint64_t n = LittleEndian64(bytes);
    if (n <= kSafetensorsMaxHeader && n <= size - 8) {
      bytes.resize(8 + n);
      in.read(bytes.data() + 8, static_cast<std::streamsize>(n));
    }
  }
  if (!in) throw Error(Location{name}, "read error (did the file change?)");
  return ParseSafetensorsHeader(bytes, name, size);
}

}  // namespace sov::import
