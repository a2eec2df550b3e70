// Organisations, infrastructure and datasets: defined in a manifest or in a provenance file,
// with the same form and the same merge rule in both.

#include <algorithm>

#include "src/load/hints.h"
#include "src/load/load_state.h"
#include "src/load/merge.h"
#include "src/util/text.h"

namespace sov::load {
namespace {

const std::vector<std::string>& InfraKinds() {
  static const std::vector<std::string> kKinds = {"compute", "storage", "kms", "network",
                                                  "edge"};
  return kKinds;
}

const std::vector<std::string>& Classifications() {
  static const std::vector<std::string> kValues = {"public", "internal", "confidential",
                                                   "restricted"};
  return kValues;
}

bool SameOrg(const Organization& a, const Organization& b) {
  return a.id == b.id && a.name == b.name && a.jurisdiction == b.jurisdiction &&
         a.parent == b.parent && a.from_catalog == b.from_catalog;
}

bool SameInfra(const Infrastructure& a, const Infrastructure& b) {
  return a.id == b.id && a.kind == b.kind && a.location == b.location && a.region == b.region &&
         a.operator_id == b.operator_id && a.provider_id == b.provider_id &&
         a.fleet_size == b.fleet_size;
}

std::vector<std::string> SortedUnique(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

bool SameDataset(const Dataset& a, const Dataset& b) {
  return a.id == b.id && a.owner == b.owner && a.classification == b.classification &&
         a.origin == b.origin && a.stored_in == b.stored_in && a.kms == b.kms &&
         SortedUnique(a.residency) == SortedUnique(b.residency);
}

// `fleet: {size: N}`: a positive number of boxes.
int ParseFleet(const std::string& file, const YAML::Node& node) {
  Fields f(file, node, "fleet", {"size"});
  std::string size = f.String("size", true);
  bool digits = !size.empty() && size.size() <= 7 &&
                size.find_first_not_of("0123456789") == std::string::npos;
  int n = digits ? std::stoi(size) : 0;
  if (n < 1) {
    throw Error(f.ValueLoc("size"), "fleet 'size' must be a whole number of boxes from 1 to "
                                    "9999999, not '" + EscapeControl(size) + "'");
  }
  return n;
}

}  // namespace

void ThrowDuplicate(std::string_view kind, const std::string& id, const Location& first,
                    const Location& again) {
  if (first.file == again.file) {
    throw Error(again, "duplicate " + std::string(kind) + " id '" + id + "' (first defined at " +
                           FormatLocation(first) + ")");
  }
  throw Error(again, std::string(kind) + " '" + id + "' is defined differently here and at " +
                         FormatLocation(first));
}

void CheckCountry(const LoadState& st, const std::string& code, const Location& loc,
                  std::string_view what) {
  if (st.catalog.IsCountry(code)) return;
  throw Error(loc, "unknown country code '" + EscapeControl(code) + "' in '" +
                       std::string(what) + "' (ISO 3166-1 alpha-2 expected)" +
                       CountryHint(st.catalog, code));
}

// `location: CC` or `region: provider:region`, exactly one; returns {location, region}.
std::pair<std::string, std::string> ParsePlace(const LoadState& st, const Fields& f) {
  if (f.Has("location") && f.Has("region")) {
    throw Error(f.KeyLoc("region"), "give either 'location' or 'region', not both");
  }
  if (f.Has("location")) {
    std::string code = f.String("location");
    CheckCountry(st, code, f.ValueLoc("location"), "location");
    return {code, ""};
  }
  if (!f.Has("region")) {
    throw Error(f.loc(), "missing required key 'location' (or 'region')");
  }
  std::string region = f.String("region");
  if (region.find(':') == std::string::npos) {
    throw Error(f.ValueLoc("region"), "'region' must be provider:region (e.g. "
                                      "aws:eu-central-1), not '" + EscapeControl(region) + "'");
  }
  std::optional<std::string> country = st.catalog.RegionCountry(region);
  if (!country) {
    throw Error(f.ValueLoc("region"), "unknown region '" + EscapeControl(region) + "'" +
                                          RegionHint(st.catalog, region));
  }
  return {*country, region};
}

void ParseOrganizations(LoadState& st, const std::string& file, const YAML::Node& list) {
  for (const YAML::Node& item : ListOf(file, list, "organizations")) {
    Fields f(file, item, "organizations[]", {"id", "name", "jurisdiction", "parent"});
    Organization org;
    org.id = f.Id("id", true);
    org.name = f.String("name");
    // An imported document leaves out a jurisdiction its source does not state; the same
    // organisation defined in another file (the manifest) then says more, and is kept.
    org.jurisdiction = f.String("jurisdiction", !st.imported);
    if (!org.jurisdiction.empty()) {
      CheckCountry(st, org.jurisdiction, f.ValueLoc("jurisdiction"), "jurisdiction");
    }
    org.parent = f.Id("parent");
    org.loc = f.loc();
    if (st.imported && org.jurisdiction.empty() && org.parent.empty()) {
      auto known = st.orgs.find(org.id);
      if (known != st.orgs.end() && st.dep.organizations[known->second].loc.file != file) {
        continue;
      }
    }
    if (!org.parent.empty()) {
      st.Ref(RefKind::kOrganization, org.parent, f.ValueLoc("parent"));
    }
    Location parent_loc = f.ValueLoc("parent");
    std::string id = org.id;
    if (AddUnique(st.dep.organizations, st.orgs, std::move(org), "organisation", SameOrg) &&
        !st.dep.organizations.back().parent.empty()) {
      st.parent_locs[id] = parent_loc;
    }
  }
}

void ParseInfrastructure(LoadState& st, const std::string& file, const YAML::Node& list) {
  for (const YAML::Node& item : ListOf(file, list, "infrastructure")) {
    Fields f(file, item, "infrastructure[]",
             {"id", "kind", "location", "region", "operator", "provider", "fleet"});
    Infrastructure inf;
    inf.id = f.Id("id", true);
    inf.kind = f.Enum("kind", InfraKinds(), true);
    std::tie(inf.location, inf.region) = ParsePlace(st, f);
    inf.operator_id = f.Id("operator", true);
    st.Ref(RefKind::kOrganization, inf.operator_id, f.ValueLoc("operator"));
    if (f.Has("provider")) {
      inf.provider_id = f.Id("provider");
      st.Ref(RefKind::kOrganization, inf.provider_id, f.ValueLoc("provider"));
    } else {
      inf.provider_id = inf.operator_id;
    }
    if (f.Has("fleet")) inf.fleet_size = ParseFleet(file, f.Get("fleet"));
    inf.loc = f.loc();
    AddUnique(st.dep.infrastructure, st.infra, std::move(inf), "infrastructure", SameInfra);
  }
}

void ParseDatasets(LoadState& st, const std::string& file, const YAML::Node& list) {
  for (const YAML::Node& item : ListOf(file, list, "datasets")) {
    Fields f(file, item, "datasets[]",
             {"id", "owner", "classification", "origin", "stored_in", "encryption", "residency"});
    Dataset ds;
    ds.id = f.Id("id", true);
    ds.owner = f.Id("owner", !st.imported);
    st.Ref(RefKind::kOrganization, ds.owner, f.ValueLoc("owner"));
    ds.classification = f.Enum("classification", Classifications(), true);
    if (f.Has("origin")) {
      ds.origin = f.String("origin");
      CheckCountry(st, ds.origin, f.ValueLoc("origin"), "origin");
    }
    std::vector<Location> locs;
    ds.stored_in = f.IdList("stored_in", ds.classification != "public", &locs);
    if (ds.stored_in.empty() && ds.classification != "public") {
      throw Error(f.ValueLoc("stored_in"),
                  "'stored_in' must list at least one infrastructure id unless the dataset "
                  "is public");
    }
    st.Refs(RefKind::kInfrastructure, ds.stored_in, locs);
    if (f.Has("encryption")) {
      Fields enc(file, f.Get("encryption"), "encryption", {"kms"});
      ds.kms = enc.Id("kms", true);
      st.Ref(RefKind::kInfrastructure, ds.kms, enc.ValueLoc("kms"));
    }
    if (f.Has("residency")) {
      std::vector<Location> where;
      ds.residency = f.StringList("residency", false, &where);
      if (ds.residency.empty()) {
        throw Error(f.ValueLoc("residency"), "'residency' must name at least one country or "
                                             "group (leave it out for home)");
      }
      for (size_t i = 0; i < ds.residency.size(); ++i) {
        if (st.catalog.Group(ds.residency[i]) != nullptr) continue;
        CheckCountry(st, ds.residency[i], where[i], "residency");
      }
      st.residency_locs[ds.id] = where;
    }
    ds.loc = f.loc();
    if (st.imported && ds.owner.empty()) {
      auto known = st.datasets.find(ds.id);
      if (known != st.datasets.end() && st.dep.datasets[known->second].loc.file != file) {
        continue;  // defined with more facts elsewhere (the manifest)
      }
    }
    AddUnique(st.dep.datasets, st.datasets, std::move(ds), "dataset", SameDataset);
  }
}

}  // namespace sov::load
