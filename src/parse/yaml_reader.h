#pragma once
// Private to src/load: bounded YAML parsing and typed, position-aware access to mappings.
// Every function here throws sov::Error (exit 2) with file:line:column on bad input.

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "src/util/error.h"

namespace sov::parse {

inline constexpr int kMaxDepth = 64;               // nesting levels of collections
inline constexpr size_t kMaxNodesVisited = 1000000;  // alias expansion counts every visit
inline constexpr size_t kMaxString = 4096;          // bytes in any scalar of our own formats
// Bytes in a scalar of a third-party document (a model card's front matter): real cards carry
// whole licence texts (Llama 3.2's `extra_gated_prompt` is 13,633 bytes), so 64 times the
// longest seen; the importer cuts what it keeps to 1,024 bytes (src/import/emit.cc).
inline constexpr size_t kMaxThirdPartyString = 1 << 20;

// Parses one YAML document from `text` (read from `file`) and checks the bounds above.
// Returns a null node for an empty document. Throws Error on text that is not UTF-8, a syntax
// error, more than one
// document, nesting deeper than kMaxDepth, more than kMaxNodesVisited nodes (alias bombs) or a
// scalar longer than `max_string` (kMaxString for sovaudit's own formats).
YAML::Node ParseBounded(const std::string& text, const std::string& file,
                        size_t max_string = kMaxString);

// The 1-based position of a node; 0:0 when yaml-cpp does not know it.
Location Loc(const std::string& file, const YAML::Node& node);

// "a string", "a list", "a mapping" or "null", for type errors.
std::string Describe(const YAML::Node& node);

// A YAML mapping whose keys are checked against a fixed set. Construction throws on a node
// that is not a mapping, a non-string or duplicate key, and an unknown key (with a
// did-you-mean hint over `keys`). A key whose value is null counts as absent.
class Fields {
 public:
  Fields(const std::string& file, const YAML::Node& node, std::string_view what,
         std::initializer_list<std::string_view> keys);

  const std::string& file() const { return file_; }
  Location loc() const { return Loc(file_, node_); }  // of the mapping itself
  bool Has(std::string_view key) const { return Find(key) != nullptr; }
  // The value, or a null node when absent.
  YAML::Node Get(std::string_view key) const;
  Location KeyLoc(std::string_view key) const;
  Location ValueLoc(std::string_view key) const;

  // Throws "missing required key 'K'" at the mapping when absent.
  void Require(std::string_view key) const;

  // A scalar; "" when absent and not required.
  std::string String(std::string_view key, bool required = false) const;
  // A list of scalars (locations in *locs when given); empty when absent and not required.
  std::vector<std::string> StringList(std::string_view key, bool required = false,
                                      std::vector<Location>* locs = nullptr) const;
  // A scalar that must be one of `allowed`; "" when absent and not required.
  std::string Enum(std::string_view key, const std::vector<std::string>& allowed,
                   bool required = false) const;
  // true/false (YAML 1.2 core spellings); nullopt when absent.
  std::optional<bool> Bool(std::string_view key) const;
  // A YYYY-MM-DD date; "" when absent and not required.
  std::string Date(std::string_view key, bool required = false) const;
  // An id (`[a-z0-9][a-z0-9._/-]*`); "" when absent and not required.
  std::string Id(std::string_view key, bool required = false) const;
  // A list of ids.
  std::vector<std::string> IdList(std::string_view key, bool required = false,
                                  std::vector<Location>* locs = nullptr) const;

 private:
  struct Entry {
    std::string_view key;
    YAML::Node key_node;
    YAML::Node value;
  };
  const Entry* Find(std::string_view key) const;

  std::string file_;
  YAML::Node node_;
  std::vector<Entry> entries_;
};

// A scalar value; throws "'what' must be a string, not a list" otherwise.
std::string ScalarOf(const std::string& file, const YAML::Node& node, std::string_view what);
// The elements of a list; throws when `node` is not a list.
std::vector<YAML::Node> ListOf(const std::string& file, const YAML::Node& node,
                               std::string_view what);

// Throws unless `id` matches `[a-z0-9][a-z0-9._/-]*`.
void CheckId(const std::string& id, const Location& loc);

}  // namespace sov::parse
