#pragma once
// Helpers for reading catalogue YAML with positions in every error. Private to src/catalog/.

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/util/error.h"

namespace sov::catalog_yaml {

// The position of `node` in document `file` (yaml-cpp marks are 0-based; Location is 1-based).
Location At(const std::string& file, const YAML::Node& node);

// Parses `text`; a syntax error becomes Error at the parser's position. Throws Error when the
// document is empty or its root is not a mapping.
YAML::Node ParseDocument(std::string_view text, const std::string& file);

// Throws Error (with a did-you-mean hint) at the first key of `map` not in `allowed`.
void CheckKeys(const YAML::Node& map, const std::string& file,
               const std::vector<std::string>& allowed);

// The sequence under `key` of `map`. Throws Error if it is missing or not a sequence.
YAML::Node RequireSequence(const YAML::Node& map, std::string_view key, const std::string& file);

// The scalar under `key`. Throws Error if it is missing, empty or not a scalar.
std::string RequireString(const YAML::Node& map, std::string_view key, const std::string& file);

// The scalar under `key`, or "" when absent. Throws Error if present but not a scalar.
std::string OptionalString(const YAML::Node& map, std::string_view key, const std::string& file);

// true/false under `key`, nullopt when absent. Throws Error for anything else.
std::optional<bool> OptionalBool(const YAML::Node& map, std::string_view key,
                                 const std::string& file);

// A sequence of non-empty scalars under `key`; empty when absent. Throws Error otherwise.
std::vector<std::string> StringList(const YAML::Node& map, std::string_view key,
                                    const std::string& file);

// Throws Error at the node under `key` unless `value` is one of `allowed`.
void RequireOneOf(const YAML::Node& map, std::string_view key, const std::string& value,
                  const std::vector<std::string>& allowed, const std::string& file);

// ASCII lower case.

}  // namespace sov::catalog_yaml
