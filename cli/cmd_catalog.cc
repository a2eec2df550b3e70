// sovaudit catalog licences|models|regions|jurisdictions [--format text|json] [FILTER]: what the
// embedded catalogues hold, one entry a line (or a JSON document), each with its source.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "src/catalog/catalog.h"
#include "src/util/error.h"
#include "src/util/text.h"

namespace sov {
namespace {

using nlohmann::json;

const std::vector<std::string> kKinds = {"licences", "models", "regions", "jurisdictions"};

// One entry: its id (the sort key), the words FILTER is matched against, its text cells (in the
// order of its table's header) and its JSON object.
struct Entry {
  std::string id;
  std::vector<std::string> keys;
  std::vector<std::string> cells;
  json object;
  size_t table = 0;  // jurisdictions: 0 countries, 1 groups
};

struct Listing {
  std::vector<std::vector<std::string>> headers;  // one per table
  std::vector<Entry> entries;
};


json OrNull(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }
json OrNull(const std::optional<bool>& b) { return b ? json(*b) : json(nullptr); }
std::string YesNo(const std::optional<bool>& b) { return !b ? "unknown" : *b ? "yes" : "no"; }

// Sorted by id, case-insensitively (ties by byte order), so "Qwen/..." sits among the q's.
void SortById(std::vector<Entry>& entries) {
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    std::string la = AsciiLower(a.id), lb = AsciiLower(b.id);
    return la != lb ? la < lb : a.id < b.id;
  });
}

Listing Licences(const Catalog& catalog) {
  Listing l{
      {{"ID", "MODIFICATION", "COMMERCIAL", "REVOCABLE", "REMOTE-RESTRICTION", "NAME", "SOURCE"}},
      {}};
  for (const LicenceTerms& t : catalog.Licences()) {
    Entry e{t.id, {t.id, t.name}, {}, {}};
    e.keys.insert(e.keys.end(), t.aliases.begin(), t.aliases.end());
    e.cells = {
        t.id,   t.modification, t.commercial, YesNo(t.revocable), YesNo(t.remote_restriction),
        t.name, t.source};
    e.object = {{"id", t.id},
                {"name", t.name},
                {"aliases", t.aliases},
                {"modification", t.modification},
                {"commercial", t.commercial},
                {"threshold", OrNull(t.threshold)},
                {"revocable", OrNull(t.revocable)},
                {"remote_restriction", OrNull(t.remote_restriction)},
                {"governing_law", OrNull(t.governing_law)},
                {"note", OrNull(t.note)},
                {"source", t.source}};
    l.entries.push_back(std::move(e));
  }
  return l;
}

Listing Models(const Catalog& catalog) {
  Listing l{{{"MODEL", "DEVELOPER", "RELATION", "BASE", "LICENCE", "SOURCE"}}, {}};
  for (const CatalogModel& m : catalog.Models()) {
    const std::string ref = "catalog:" + m.id;
    Entry e{m.id, {ref, m.name, m.developer_id, m.developer_name}, {}, {}};
    // The developer's id (its organisation is catalog:<id>): legal names are too long for a
    // column; JSON has both.
    e.cells = {ref,        m.developer_id + " (" + m.jurisdiction + ")",
               m.relation, m.base.empty() ? "-" : Join(m.base, ", "),
               m.licence,  m.source};
    e.object = {{"id", m.id},
                {"ref", ref},
                {"name", m.name},
                {"developer_id", m.developer_id},
                {"developer_name", m.developer_name},
                {"jurisdiction", m.jurisdiction},
                {"relation", m.relation},
                {"base", m.base},
                {"licence", m.licence},
                {"note", OrNull(m.note)},
                {"source", m.source}};
    l.entries.push_back(std::move(e));
  }
  return l;
}

Listing Regions(const Catalog& catalog) {
  Listing l{{{"REGION", "COUNTRY", "NAME", "PROVIDER", "SOURCE"}}, {}};
  for (const CloudProvider& p : catalog.Providers()) {
    for (const auto& [region, code] : p.regions) {
      const std::string id = p.id + ":" + region;
      const std::string country = catalog.CountryName(code);
      Entry e{id, {id, p.name, code, country}, {}, {}};
      for (const std::string& alias : p.aliases) e.keys.push_back(alias + ":" + region);
      e.cells = {id, code, country, p.name, p.source};
      e.object = {{"id", id},
                  {"provider", p.id},
                  {"provider_name", p.name},
                  {"provider_aliases", p.aliases},
                  {"region", region},
                  {"country", code},
                  {"country_name", OrNull(country)},
                  {"note", OrNull(p.note)},
                  {"source", p.source}};
      l.entries.push_back(std::move(e));
    }
  }
  return l;
}

// Countries sorted by code, then the groups sorted by name (a group is not a country).
Listing Jurisdictions(const Catalog& catalog) {
  Listing l{{{"CODE", "NAME", "GROUPS", "SOURCE"}, {"GROUP", "MEMBERS", "SOURCE"}}, {}};
  for (const auto& [code, name] : catalog.Countries()) {
    std::vector<std::string> groups;
    for (const auto& [group, g] : catalog.Groups()) {
      if (std::count(g.members.begin(), g.members.end(), code) > 0) groups.push_back(group);
    }
    Entry e{code, {code, name}, {}, {}};
    e.cells = {code, name, groups.empty() ? "-" : Join(groups, ", "), catalog.CountriesSource()};
    e.object = {{"id", code},      {"type", "country"},
                {"name", name},    {"groups", groups},
                {"note", nullptr}, {"source", OrNull(catalog.CountriesSource())}};
    l.entries.push_back(std::move(e));
  }
  SortById(l.entries);
  std::vector<Entry> groups;
  for (const auto& [name, g] : catalog.Groups()) {
    Entry e{name, {name}, {}, {}, 1};
    e.cells = {name, Join(g.members, " "), g.source};
    e.object = {{"id", name},           {"type", "group"},        {"name", name},
                {"members", g.members}, {"note", OrNull(g.note)}, {"source", g.source}};
    groups.push_back(std::move(e));
  }
  SortById(groups);
  for (Entry& e : groups) l.entries.push_back(std::move(e));
  return l;
}

bool Matches(const Entry& e, const std::string& filter) {
  if (filter.empty()) return true;
  return std::any_of(e.keys.begin(), e.keys.end(), [&](const std::string& key) {
    return AsciiLower(key).find(filter) != std::string::npos;
  });
}

// Columns as wide as their widest cell, counted in code points (names are UTF-8).
size_t Width(std::string_view s) {
  return std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; });
}

// Table `table` of the listing: its header and its entries, aligned.
void PrintTable(const std::vector<std::string>& header, const std::vector<Entry>& entries,
                size_t table, std::ostream& out) {
  std::vector<size_t> width(header.size());
  for (size_t i = 0; i < header.size(); ++i) width[i] = Width(header[i]);
  for (const Entry& e : entries) {
    if (e.table != table) continue;
    for (size_t i = 0; i < e.cells.size(); ++i) {
      width[i] = std::max(width[i], Width(EscapeControl(e.cells[i])));
    }
  }
  auto row = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
      std::string cell = EscapeControl(cells[i]);
      out << cell;
      if (i + 1 < cells.size()) out << std::string(width[i] - Width(cell) + 2, ' ');
    }
    out << "\n";
  };
  row(header);
  for (const Entry& e : entries) {
    if (e.table == table) row(e.cells);
  }
}

}  // namespace

void AddCatalog(CLI::App& app, CatalogCommandOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "catalog",
      "List what the built-in catalogues hold, each entry with its source: licences, "
      "models (the ids of catalog:<id>), regions (provider:region -> country) or "
      "jurisdictions (ISO 3166-1 countries, EU, EEA, ASEAN)");
  cmd->add_option("catalogue", o.kind, "licences, models, regions or jurisdictions")
      ->required()
      ->type_name("CATALOGUE");
  cmd->add_option("filter", o.filter,
                  "Only entries with FILTER in an id, alias or name (case-insensitive); exit 1 "
                  "when none has")
      ->type_name("FILTER");
  cmd->add_option("--format,-f", o.format,
                  "text (default: an aligned table) or json "
                  "(schema sovaudit/catalog/v1)")
      ->check(CLI::IsMember({"text", "json"}));
}

int RunCatalogCommand(const CatalogCommandOptions& o, std::ostream& out, std::ostream& err) {
  std::string kind = o.kind == "licenses" ? "licences" : o.kind;
  const Catalog& catalog = Catalog::Builtin();
  Listing listing;
  if (kind == "licences") {
    listing = Licences(catalog);
  } else if (kind == "models") {
    listing = Models(catalog);
  } else if (kind == "regions") {
    listing = Regions(catalog);
  } else if (kind == "jurisdictions") {
    listing = Jurisdictions(catalog);
  } else {
    throw Error("unknown catalogue '" + EscapeControl(o.kind) + "'" + DidYouMean(o.kind, kKinds) +
                ": one of " + Join(kKinds, ", "));
  }
  if (kind != "jurisdictions") SortById(listing.entries);  // jurisdictions: sorted per type
  const std::string filter = AsciiLower(o.filter);
  std::vector<Entry> shown;
  for (Entry& e : listing.entries) {
    if (Matches(e, filter)) shown.push_back(std::move(e));
  }
  if (o.format == "json") {
    json entries = json::array();
    for (const Entry& e : shown) entries.push_back(e.object);
    json doc = {{"schema", "sovaudit/catalog/v1"}, {"kind", kind}, {"entries", entries}};
    out << doc.dump(2) << "\n";
  } else {
    bool first = true;
    for (size_t t = 0; t < listing.headers.size(); ++t) {
      if (std::none_of(shown.begin(), shown.end(), [&](const Entry& e) { return e.table == t; })) {
        continue;
      }
      if (!first) out << "\n";
      PrintTable(listing.headers[t], shown, t, out);
      first = false;
    }
  }
  if (shown.empty()) {
    err << "sovaudit: no entry of the " << kind << " catalogue matches '" << EscapeControl(o.filter)
        << "'\n";
    return kExitGate;
  }
  return kExitOk;
}

}  // namespace sov
