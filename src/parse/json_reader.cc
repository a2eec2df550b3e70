// The depth-bounded JSON parse and the field reader of src/parse/json_reader.h.

#include "src/parse/json_reader.h"

#include <charconv>
#include <string>

#include "src/util/encoding.h"
#include "src/util/text.h"

namespace sov::parse {

using nlohmann::json;

void JsonReader::Fail(const std::string& msg) const { throw Error(loc_, prefix_ + msg); }

const json& JsonReader::Get(const json& obj, const char* key, const std::string& where) const {
  if (!obj.is_object()) Fail(where + " is not an object");
  auto it = obj.find(key);
  if (it == obj.end()) Fail(where + " has no \"" + key + "\"");
  return *it;
}

std::string JsonReader::String(const json& obj, const char* key, const std::string& where) const {
  const json& v = Get(obj, key, where);
  if (!v.is_string()) Fail(where + "." + key + " is not a string");
  return v.get<std::string>();
}

const json& JsonReader::Array(const json& obj, const char* key, const std::string& where) const {
  const json& v = Get(obj, key, where);
  if (!v.is_array()) Fail(where + "." + key + " is not an array");
  return v;
}

std::string JsonReader::Base64(const json& obj, const char* key, const std::string& where) const {
  std::string text = String(obj, key, where);
  try {
    return Base64Decode(text, where + "." + key);
  } catch (const Error& e) {
    Fail(e.what());
  }
}

int64_t JsonReader::Int(const json& obj, const char* key, const std::string& where, int64_t min,
                        int64_t max) const {
  const json& v = Get(obj, key, where);
  int64_t n = 0;
  bool ok = false;
  if (v.is_number_integer()) {
    ok = v.is_number_unsigned() ? v.get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX) : true;
    if (ok) n = v.get<int64_t>();
  } else if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    ok = !s.empty() && ec == std::errc() && end == s.data() + s.size();
  }
  if (!ok) Fail(where + "." + key + " is not an integer");
  if (n < min || n > max) Fail(where + "." + key + " is out of range: " + std::to_string(n));
  return n;
}

json ParseJsonAt(std::string_view text, const Location& loc, const std::string& prefix) {
  bool too_deep = false;
  auto limit = [&too_deep](int depth, json::parse_event_t, json&) {
    if (depth > kMaxBundleDepth) too_deep = true;
    return !too_deep;
  };
  json doc;
  try {
    doc = json::parse(text, limit);
  } catch (const json::exception& e) {  // syntax errors, and numbers out of range
    throw Error(loc, prefix + "invalid JSON: " + WithoutBracketTag(e.what()));
  }
  if (too_deep) {
    throw Error(loc, prefix + "JSON nesting deeper than " + std::to_string(kMaxBundleDepth) +
                         " levels");
  }
  return doc;
}

}  // namespace sov::parse
