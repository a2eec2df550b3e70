#pragma once
// Reading the JSON of signature files and trusted roots: a depth-bounded parse and field access
// that names what is missing or mistyped. Internal to src/oms and src/sigstore.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "src/util/error.h"

namespace sov::parse {

// Field access that names what is missing or mistyped. `where` is a JSON-path-like label.
class JsonReader {
 public:
  JsonReader(Location loc, std::string prefix) : loc_(std::move(loc)), prefix_(std::move(prefix)) {}

  [[noreturn]] void Fail(const std::string& msg) const;
  const nlohmann::json& Get(const nlohmann::json& obj, const char* key, const std::string& where) const;
  std::string String(const nlohmann::json& obj, const char* key, const std::string& where) const;
  const nlohmann::json& Array(const nlohmann::json& obj, const char* key, const std::string& where) const;
  // A base64 string field, decoded.
  std::string Base64(const nlohmann::json& obj, const char* key, const std::string& where) const;
  // An integer written as a JSON number or a decimal string (protobuf JSON writes int64 as a
  // string), within [min, max].
  int64_t Int(const nlohmann::json& obj, const char* key, const std::string& where, int64_t min,
              int64_t max) const;

 private:
  Location loc_;
  std::string prefix_;
};

// Bundles and statements nest a few levels; deeper input is refused while it is parsed, so a
// file of brackets cannot build a tree whose destruction overflows the stack.
inline constexpr int kMaxBundleDepth = 32;

// Parses JSON no deeper than kMaxBundleDepth. Throws sov::Error at `loc` with `prefix`.
nlohmann::json ParseJsonAt(std::string_view text, const Location& loc, const std::string& prefix);

}  // namespace sov::parse
