#include "src/catalog/catalog_yaml.h"

#include <algorithm>

#include "src/util/text.h"

namespace sov::catalog_yaml {

Location At(const std::string& file, const YAML::Node& node) {
  YAML::Mark mark = node.Mark();
  if (mark.is_null()) return Location{file, 0, 0};
  return Location{file, mark.line + 1, mark.column + 1};
}

YAML::Node ParseDocument(std::string_view text, const std::string& file) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    Location loc{file, 0, 0};
    if (!e.mark.is_null()) loc = Location{file, e.mark.line + 1, e.mark.column + 1};
    throw Error(loc, "malformed YAML: " + e.msg);
  }
  if (!root || root.IsNull()) throw Error(Location{file, 0, 0}, "empty catalogue document");
  if (!root.IsMap()) throw Error(At(file, root), "a catalogue document must be a mapping");
  return root;
}

void CheckKeys(const YAML::Node& map, const std::string& file,
               const std::vector<std::string>& allowed) {
  if (!map.IsMap()) throw Error(At(file, map), "expected a mapping");
  for (const auto& kv : map) {
    if (!kv.first.IsScalar()) throw Error(At(file, kv.first), "keys must be scalars");
    const std::string key = kv.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      throw Error(At(file, kv.first), "unknown key '" + EscapeControl(key) + "'" +
                                          DidYouMean(key, allowed));
    }
  }
}

namespace {

// The child under `key`, with an error at the parent when it is missing and required.
YAML::Node Child(const YAML::Node& map, std::string_view key) {
  return map[std::string(key)];
}

}  // namespace

YAML::Node RequireSequence(const YAML::Node& map, std::string_view key, const std::string& file) {
  YAML::Node node = Child(map, key);
  if (!node) throw Error(At(file, map), "missing '" + std::string(key) + "'");
  if (!node.IsSequence()) {
    throw Error(At(file, node), "'" + std::string(key) + "' must be a list");
  }
  return node;
}

std::string RequireString(const YAML::Node& map, std::string_view key, const std::string& file) {
  YAML::Node node = Child(map, key);
  if (!node) throw Error(At(file, map), "missing '" + std::string(key) + "'");
  if (!node.IsScalar() || node.Scalar().empty()) {
    throw Error(At(file, node), "'" + std::string(key) + "' must be a non-empty string");
  }
  return node.Scalar();
}

std::string OptionalString(const YAML::Node& map, std::string_view key,
                           const std::string& file) {
  YAML::Node node = Child(map, key);
  if (!node || node.IsNull()) return "";
  if (!node.IsScalar()) {
    throw Error(At(file, node), "'" + std::string(key) + "' must be a string");
  }
  return node.Scalar();
}

std::optional<bool> OptionalBool(const YAML::Node& map, std::string_view key,
                                 const std::string& file) {
  YAML::Node node = Child(map, key);
  if (!node || node.IsNull()) return std::nullopt;
  if (node.IsScalar()) {
    const std::string& v = node.Scalar();
    if (v == "true") return true;
    if (v == "false") return false;
  }
  throw Error(At(file, node), "'" + std::string(key) + "' must be true or false");
}

std::vector<std::string> StringList(const YAML::Node& map, std::string_view key,
                                    const std::string& file) {
  std::vector<std::string> out;
  YAML::Node node = Child(map, key);
  if (!node || node.IsNull()) return out;
  if (!node.IsSequence()) {
    throw Error(At(file, node), "'" + std::string(key) + "' must be a list of strings");
  }
  for (const YAML::Node& item : node) {
    if (!item.IsScalar() || item.Scalar().empty()) {
      throw Error(At(file, item), "'" + std::string(key) + "' must be a list of strings");
    }
    out.push_back(item.Scalar());
  }
  return out;
}

void RequireOneOf(const YAML::Node& map, std::string_view key, const std::string& value,
                  const std::vector<std::string>& allowed, const std::string& file) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return;
  throw Error(At(file, Child(map, key)),
              "'" + std::string(key) + "' must be one of " + Join(allowed, ", ") + ", not '" +
                  EscapeControl(value) + "'" + DidYouMean(value, allowed));
}


}  // namespace sov::catalog_yaml
