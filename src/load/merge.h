#pragma once
// Private to src/load: adding an entity under the uniqueness rule of manifest.md. Ids are
// unique per kind within a deployment; the same entity defined in two files is fine when both
// definitions are equal (the first one is kept), an error naming both places otherwise.

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "src/util/error.h"

namespace sov::load {

// Throws the duplicate-id error for `id` of `kind` at `again`, first defined at `first`.
[[noreturn]] void ThrowDuplicate(std::string_view kind, const std::string& id,
                                 const Location& first, const Location& again);

// Appends `item` to `items` and indexes it by id; returns false when an equal definition from
// another file was already there. Throws on a conflicting or same-file duplicate.
template <typename T, typename Same>
bool AddUnique(std::vector<T>& items, std::unordered_map<std::string, size_t>& index, T item,
               std::string_view kind, Same same) {
  auto [it, inserted] = index.try_emplace(item.id, items.size());
  if (!inserted) {
    const T& first = items[it->second];
    if (first.loc.file != item.loc.file && same(first, item)) return false;
    ThrowDuplicate(kind, item.id, first.loc, item.loc);
  }
  items.push_back(std::move(item));
  return true;
}

}  // namespace sov::load
