#pragma once
// The one way a format name picks a renderer, for the report (render.cc) and for the report
// diff (diff_render.cc): a table of {name, format, write}, searched by name or by format.
// Adding a format is a row in its table; nothing else switches on formats.

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace sov {

template <typename Format, typename Model, typename Options>
struct FormatEntry {
  std::string_view name;
  Format format;
  void (*write)(const Model& model, const Options& options, std::ostream& out);
};

// The format called `name` in `table`, or nullopt.
template <typename Format, typename Model, typename Options, size_t N>
std::optional<Format> FormatByName(const FormatEntry<Format, Model, Options> (&table)[N],
                                   std::string_view name) {
  for (const auto& entry : table) {
    if (entry.name == name) return entry.format;
  }
  return std::nullopt;
}

// Every name in `table`, in its order.
template <typename Format, typename Model, typename Options, size_t N>
std::vector<std::string> FormatNames(const FormatEntry<Format, Model, Options> (&table)[N]) {
  std::vector<std::string> names;
  for (const auto& entry : table) names.emplace_back(entry.name);
  return names;
}

// Writes `model` in `format` with that format's row of `table`.
template <typename Format, typename Model, typename Options, size_t N>
void WriteFormat(const FormatEntry<Format, Model, Options> (&table)[N], Format format,
                 const Model& model, const Options& options, std::ostream& out) {
  for (const auto& entry : table) {
    if (entry.format == format) return entry.write(model, options, out);
  }
}

}  // namespace sov
