#include "src/catalog/catalog.h"

#include <algorithm>
#include <set>

#include "src/catalog/catalog_yaml.h"
#include "src/util/embedded.h"
#include "src/util/error.h"
#include "src/util/text.h"

namespace sov {
namespace {

using catalog_yaml::At;
using catalog_yaml::CheckKeys;
using catalog_yaml::OptionalBool;
using catalog_yaml::OptionalString;
using catalog_yaml::RequireOneOf;
using catalog_yaml::RequireSequence;
using catalog_yaml::RequireString;
using catalog_yaml::StringList;

const std::vector<std::string> kModification = {"permitted", "consent", "prohibited"};
const std::vector<std::string> kCommercial = {"permitted", "threshold", "consent", "prohibited"};
const std::vector<std::string> kRelations = {"pretrained",   "continued-pretraining",
                                             "finetune",     "adapter",
                                             "distillation", "merge",
                                             "quantized"};

bool IsAlpha2(std::string_view code) {
  return code.size() == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' &&
         code[1] <= 'Z';
}

// Throws unless the scalar under `key` is an upper-case two-letter code.
std::string RequireCode(const YAML::Node& map, std::string_view key, const std::string& file) {
  std::string code = RequireString(map, key, file);
  if (!IsAlpha2(code)) {
    throw Error(At(file, map[std::string(key)]),
                "'" + std::string(key) + "' must be an upper-case ISO 3166-1 alpha-2 code, not '" +
                    EscapeControl(code) + "'");
  }
  return code;
}

// Records `key` for entry `index` in `index_map`. Within one document two entries may not share
// a key; across documents a later one overrides (catalogues are overridable).
void IndexKey(std::map<std::string, size_t>& index_map, std::set<std::string>& seen,
              const std::string& key, size_t index, const Location& where) {
  std::string lower = AsciiLower(key);
  if (!seen.insert(lower).second) {
    auto it = index_map.find(lower);
    if (it != index_map.end() && it->second != index) {
      throw Error(where, "duplicate id or alias '" + EscapeControl(key) + "'");
    }
  }
  index_map[lower] = index;
}

template <typename T>
std::vector<std::string> IdsOf(const std::vector<T>& items) {
  std::vector<std::string> ids;
  ids.reserve(items.size());
  for (const T& item : items) ids.push_back(item.id);
  return ids;
}

}  // namespace

const Catalog& Catalog::Builtin() {
  // A function-local static: initialised once, thread-safe (C++11 magic statics).
  static const Catalog catalog = [] {
    Catalog c;
    c.AddJurisdictions(EmbeddedRuleFile("jurisdictions.yaml"), "rules/jurisdictions.yaml");
    c.AddLicences(EmbeddedRuleFile("licences.yaml"), "rules/licences.yaml");
    c.AddModels(EmbeddedRuleFile("models.yaml"), "rules/models.yaml");
    c.AddRegions(EmbeddedRuleFile("regions.yaml"), "rules/regions.yaml");
    return c;
  }();
  return catalog;
}

void Catalog::AddLicences(std::string_view yaml, const std::string& name) {
  YAML::Node root = catalog_yaml::ParseDocument(yaml, name);
  CheckKeys(root, name, {"licences", "note", "source"});
  std::set<std::string> seen;
  for (const YAML::Node& node : RequireSequence(root, "licences", name)) {
    CheckKeys(node, name,
              {"id", "name", "aliases", "modification", "commercial", "threshold", "revocable",
               "remote_restriction", "governing_law", "note", "source"});
    LicenceTerms t;
    t.id = RequireString(node, "id", name);
    t.name = RequireString(node, "name", name);
    t.aliases = StringList(node, "aliases", name);
    t.modification = RequireString(node, "modification", name);
    RequireOneOf(node, "modification", t.modification, kModification, name);
    t.commercial = RequireString(node, "commercial", name);
    RequireOneOf(node, "commercial", t.commercial, kCommercial, name);
    t.threshold = OptionalString(node, "threshold", name);
    t.revocable = OptionalBool(node, "revocable", name);
    t.remote_restriction = OptionalBool(node, "remote_restriction", name);
    t.governing_law = OptionalString(node, "governing_law", name);
    t.note = OptionalString(node, "note", name);
    t.source = RequireString(node, "source", name);

    auto existing = licence_index_.find(AsciiLower(t.id));
    size_t index = licences_.size();
    if (existing != licence_index_.end() && !seen.count(AsciiLower(t.id))) {
      index = existing->second;  // an override of an earlier document's entry
      licences_[index] = t;
    } else {
      licences_.push_back(t);
    }
    IndexKey(licence_index_, seen, t.id, index, At(name, node["id"]));
    for (const std::string& alias : t.aliases) {
      IndexKey(licence_index_, seen, alias, index, At(name, node["aliases"]));
    }
  }
}

void Catalog::AddModels(std::string_view yaml, const std::string& name) {
  YAML::Node root = catalog_yaml::ParseDocument(yaml, name);
  CheckKeys(root, name, {"models", "note", "source"});
  std::set<std::string> seen;
  for (const YAML::Node& node : RequireSequence(root, "models", name)) {
    CheckKeys(node, name,
              {"id", "name", "developer_id", "developer_name", "jurisdiction", "relation",
               "base", "licence", "source", "note"});
    CatalogModel m;
    m.id = RequireString(node, "id", name);
    if (m.id.find('/') == std::string::npos) {
      throw Error(At(name, node["id"]), "model id '" + EscapeControl(m.id) +
                                            "' must be a Hugging Face id (owner/name)");
    }
    m.name = RequireString(node, "name", name);
    m.developer_id = RequireString(node, "developer_id", name);
    if (m.developer_id != AsciiLower(m.developer_id)) {
      throw Error(At(name, node["developer_id"]), "'developer_id' must be lower case");
    }
    m.developer_name = RequireString(node, "developer_name", name);
    m.jurisdiction = RequireCode(node, "jurisdiction", name);
    m.relation = RequireString(node, "relation", name);
    RequireOneOf(node, "relation", m.relation, kRelations, name);
    m.base = StringList(node, "base", name);
    if (m.relation == "pretrained" && !m.base.empty()) {
      throw Error(At(name, node["base"]), "a pretrained model has no base");
    }
    if (m.relation != "pretrained" && m.base.empty()) {
      throw Error(At(name, node), "model '" + EscapeControl(m.id) + "' (" + m.relation +
                                      ") needs a base");
    }
    m.licence = RequireString(node, "licence", name);
    m.note = OptionalString(node, "note", name);
    m.source = RequireString(node, "source", name);

    std::string key = AsciiLower(m.id);
    auto existing = model_index_.find(key);
    size_t index = models_.size();
    if (existing != model_index_.end() && !seen.count(key)) {
      index = existing->second;
      models_[index] = m;
    } else {
      models_.push_back(m);
    }
    IndexKey(model_index_, seen, m.id, index, At(name, node["id"]));
  }
}

void Catalog::AddJurisdictions(std::string_view yaml, const std::string& name) {
  YAML::Node root = catalog_yaml::ParseDocument(yaml, name);
  CheckKeys(root, name, {"countries", "groups", "note", "source"});
  std::set<std::string> seen;
  if (root["countries"]) {
    std::string source = OptionalString(root, "source", name);
    if (!source.empty()) countries_source_ = source;
    for (const YAML::Node& node : RequireSequence(root, "countries", name)) {
      CheckKeys(node, name, {"code", "name"});
      std::string code = RequireCode(node, "code", name);
      if (!seen.insert(code).second) {
        throw Error(At(name, node["code"]), "duplicate country code '" + code + "'");
      }
      countries_[code] = RequireString(node, "name", name);
    }
  }
  if (!root["groups"]) return;
  std::set<std::string> seen_groups;
  for (const YAML::Node& node : RequireSequence(root, "groups", name)) {
    CheckKeys(node, name, {"name", "members", "note", "source"});
    std::string group = RequireString(node, "name", name);
    if (!seen_groups.insert(group).second) {
      throw Error(At(name, node["name"]), "duplicate group '" + EscapeControl(group) + "'");
    }
    if (countries_.count(group)) {
      throw Error(At(name, node["name"]), "group name '" + group + "' is a country code");
    }
    CountryGroup g;
    g.name = group;
    g.source = RequireString(node, "source", name);
    g.note = OptionalString(node, "note", name);
    std::vector<std::string> members = StringList(node, "members", name);
    std::set<std::string> unique;
    for (const std::string& code : members) {
      if (!countries_.count(code)) {
        throw Error(At(name, node["members"]),
                    "group '" + group + "' names unknown country '" + EscapeControl(code) + "'");
      }
      if (!unique.insert(code).second) {
        throw Error(At(name, node["members"]), "group '" + group + "' lists '" + code + "' twice");
      }
    }
    g.members = std::move(members);
    groups_[group] = std::move(g);
  }
}

void Catalog::AddRegions(std::string_view yaml, const std::string& name) {
  YAML::Node root = catalog_yaml::ParseDocument(yaml, name);
  CheckKeys(root, name, {"providers", "note", "source"});
  std::set<std::string> seen_providers;
  for (const YAML::Node& node : RequireSequence(root, "providers", name)) {
    CheckKeys(node, name, {"id", "name", "aliases", "source", "note", "regions"});
    CloudProvider p;
    p.id = AsciiLower(RequireString(node, "id", name));
    const std::string& provider = p.id;
    p.name = RequireString(node, "name", name);
    p.source = RequireString(node, "source", name);
    p.note = OptionalString(node, "note", name);
    p.aliases = StringList(node, "aliases", name);
    if (!seen_providers.insert(provider).second) {
      throw Error(At(name, node["id"]), "duplicate provider '" + EscapeControl(provider) + "'");
    }
    provider_aliases_[provider] = provider;
    for (const std::string& alias : p.aliases) {
      std::string lower = AsciiLower(alias);
      if (!seen_providers.insert(lower).second) {
        throw Error(At(name, node["aliases"]), "duplicate provider alias '" +
                                                   EscapeControl(alias) + "'");
      }
      provider_aliases_[lower] = provider;
    }
    YAML::Node regions = node["regions"];
    if (!regions || !regions.IsMap()) {
      throw Error(At(name, regions ? regions : node),
                  "'regions' must be a mapping of region name to country code");
    }
    std::set<std::string> seen_regions;
    for (const auto& kv : regions) {
      std::string region = kv.first.Scalar();
      if (region.empty() || region.find(':') != std::string::npos ||
          !seen_regions.insert(AsciiLower(region)).second) {
        throw Error(At(name, kv.first), "bad or duplicate region name '" +
                                            EscapeControl(region) + "'");
      }
      if (!kv.second.IsScalar() || !IsAlpha2(kv.second.Scalar())) {
        throw Error(At(name, kv.second),
                    "region '" + EscapeControl(region) + "' must map to an ISO 3166-1 code");
      }
      regions_[provider + ":" + AsciiLower(region)] = kv.second.Scalar();
      p.regions[region] = kv.second.Scalar();
    }
    // A later document's provider of the same id adds its regions and replaces the rest.
    auto same = std::find_if(providers_.begin(), providers_.end(),
                             [&](const CloudProvider& q) { return q.id == p.id; });
    if (same == providers_.end()) {
      providers_.push_back(std::move(p));
      continue;
    }
    for (auto& [region, code] : same->regions) p.regions.emplace(region, code);
    *same = std::move(p);
  }
}

const LicenceTerms* Catalog::FindLicence(std::string_view id) const {
  auto it = licence_index_.find(AsciiLower(id));
  return it == licence_index_.end() ? nullptr : &licences_[it->second];
}

const CatalogModel* Catalog::FindModel(std::string_view hf_id) const {
  auto it = model_index_.find(AsciiLower(hf_id));
  return it == model_index_.end() ? nullptr : &models_[it->second];
}

std::optional<std::string> Catalog::RegionCountry(std::string_view provider_region) const {
  size_t colon = provider_region.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto provider = provider_aliases_.find(AsciiLower(provider_region.substr(0, colon)));
  if (provider == provider_aliases_.end()) return std::nullopt;
  auto it = regions_.find(provider->second + ":" + AsciiLower(provider_region.substr(colon + 1)));
  if (it == regions_.end()) return std::nullopt;
  return it->second;
}

const CloudProvider* Catalog::FindProvider(std::string_view id_or_alias) const {
  auto alias = provider_aliases_.find(AsciiLower(id_or_alias));
  if (alias == provider_aliases_.end()) return nullptr;
  for (const CloudProvider& p : providers_) {
    if (p.id == alias->second) return &p;
  }
  return nullptr;
}

bool Catalog::IsCountry(std::string_view code) const {
  return countries_.count(std::string(code)) > 0;
}

std::string Catalog::CountryName(std::string_view code) const {
  auto it = countries_.find(std::string(code));
  return it == countries_.end() ? "" : it->second;
}

const std::vector<std::string>* Catalog::Group(std::string_view name) const {
  auto it = groups_.find(std::string(name));
  return it == groups_.end() ? nullptr : &it->second.members;
}

std::set<std::string> Catalog::Countries(const std::vector<std::string>& codes_and_groups) const {
  std::set<std::string> out;
  for (const std::string& entry : codes_and_groups) {
    if (const std::vector<std::string>* members = Group(entry)) {
      out.insert(members->begin(), members->end());
    } else {
      out.insert(entry);
    }
  }
  return out;
}

std::vector<std::string> Catalog::LicenceIds() const { return IdsOf(licences_); }

std::vector<std::string> Catalog::ModelIds() const { return IdsOf(models_); }

std::vector<std::string> Catalog::RegionIds() const {
  std::vector<std::string> ids;
  ids.reserve(regions_.size());
  for (const auto& [id, country] : regions_) ids.push_back(id);
  return ids;
}

std::vector<std::string> Catalog::GroupNames() const {
  std::vector<std::string> names;
  for (const auto& [group, members] : groups_) names.push_back(group);
  return names;
}

}  // namespace sov
