#pragma once
// The catalogues of formats.md, read from rules/*.yaml compiled into the binary: licences,
// well-known models, jurisdictions (ISO 3166-1 and groups) and cloud regions.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sov {

struct LicenceTerms {
  std::string id;                    // canonical id, e.g. "llama3.1"
  std::string name;                  // human name
  std::vector<std::string> aliases;  // Hugging Face and SPDX ids, other spellings
  std::string modification;          // permitted | consent | prohibited
  std::string commercial;            // permitted | threshold | consent | prohibited
  std::string threshold;             // for `threshold`: the limit, e.g. "700 million monthly
                                     // active users"; "" when not recorded
  std::optional<bool> revocable;
  std::optional<bool> remote_restriction;
  std::string governing_law;
  std::string note;
  std::string source;                // URL of the licence text
};

struct CatalogModel {
  std::string id;                    // Hugging Face id, e.g. "meta-llama/Llama-3.1-8B-Instruct"
  std::string name;
  std::string developer_id;          // e.g. "meta"; the organisation becomes "catalog:meta"
  std::string developer_name;        // e.g. "Meta Platforms, Inc."
  std::string jurisdiction;          // ISO code of the developer
  std::string relation;              // as in provenance: pretrained | finetune | ...
  std::vector<std::string> base;     // Hugging Face ids of catalogue models
  std::string licence;               // licence catalogue id
  std::string note;                  // how relation and base were read; "" when none
  std::string source;                // public source cited
};

struct CloudProvider {
  std::string id;                    // the prefix of `provider:region`, lower case
  std::string name;                  // e.g. "Google Cloud"
  std::vector<std::string> aliases;  // other accepted prefixes
  std::string note;
  std::string source;                // the provider's region list
  // Region name as the provider's API spells it -> ISO 3166-1 code of its data centres.
  std::map<std::string, std::string> regions;
};

struct CountryGroup {
  std::string name;                  // "EU", "EEA", "ASEAN"
  std::vector<std::string> members;  // ISO codes, as listed
  std::string note;
  std::string source;
};

class Catalog {
 public:
  // The built-in catalogue, parsed once from the embedded rules/*.yaml. Throws Error if the
  // embedded data is malformed (a build defect, caught by tests).
  static const Catalog& Builtin();

  // Parses catalogue documents (the text of licences.yaml, models.yaml, jurisdictions.yaml,
  // regions.yaml; formats in rules/CATALOGUES.md); `name` is used in error locations. Throws
  // Error (with line and column) on malformed YAML, unknown keys, missing or ill-typed fields,
  // out-of-range enums and ids repeated within one document. An entry whose id an earlier
  // document already defined replaces it (catalogues are overridable). Cross-references
  // (a model's licence and base, a region's country) are not checked here.
  void AddLicences(std::string_view yaml, const std::string& name);
  void AddModels(std::string_view yaml, const std::string& name);
  void AddJurisdictions(std::string_view yaml, const std::string& name);
  void AddRegions(std::string_view yaml, const std::string& name);

  // By canonical id or alias, case-insensitive. nullptr when unknown.
  const LicenceTerms* FindLicence(std::string_view id) const;
  // By Hugging Face id, case-insensitive ("catalog:" prefix not included). nullptr when unknown.
  const CatalogModel* FindModel(std::string_view hf_id) const;
  // "aws:ap-southeast-1" -> "SG", case-insensitive; provider aliases ("google" for "gcp")
  // accepted. nullopt when the provider or region is unknown.
  std::optional<std::string> RegionCountry(std::string_view provider_region) const;

  // ISO 3166-1 alpha-2 code, upper case (exact match: "sg" is not a country).
  bool IsCountry(std::string_view code) const;
  std::string CountryName(std::string_view code) const;  // "" if unknown
  // Members of a group ("EU", "EEA", "ASEAN"; exact name); nullptr if not a group.
  const std::vector<std::string>* Group(std::string_view name) const;
  // Codes and group names (`home`, a dataset's `residency`) as ISO codes: each group replaced
  // by its members, anything else kept as written (the loader has checked it).
  std::set<std::string> Countries(const std::vector<std::string>& codes_and_groups) const;

  // By id or alias, case-insensitive. nullptr when unknown.
  const CloudProvider* FindProvider(std::string_view id_or_alias) const;

  // Everything, for `sovaudit catalog`: entries in the order their files list them.
  const std::vector<LicenceTerms>& Licences() const { return licences_; }
  const std::vector<CatalogModel>& Models() const { return models_; }
  const std::vector<CloudProvider>& Providers() const { return providers_; }
  // ISO code -> name; the document's `source` applies to every country.
  const std::map<std::string, std::string>& Countries() const { return countries_; }
  const std::string& CountriesSource() const { return countries_source_; }
  const std::map<std::string, CountryGroup>& Groups() const { return groups_; }

  // For did-you-mean hints and `sovaudit rules`-style listings.
  std::vector<std::string> LicenceIds() const;
  std::vector<std::string> ModelIds() const;
  std::vector<std::string> RegionIds() const;
  std::vector<std::string> GroupNames() const;

 private:
  std::vector<LicenceTerms> licences_;
  std::map<std::string, size_t> licence_index_;  // lower-case id/alias -> index
  std::vector<CatalogModel> models_;
  std::map<std::string, size_t> model_index_;    // lower-case id -> index
  std::vector<CloudProvider> providers_;
  std::map<std::string, std::string> regions_;   // "provider:region" (lower) -> ISO code
  std::map<std::string, std::string> provider_aliases_;  // lower-case alias/id -> provider id
  std::map<std::string, std::string> countries_; // ISO code -> name
  std::string countries_source_;                 // the source of the countries' document
  std::map<std::string, CountryGroup> groups_;
};

}  // namespace sov
