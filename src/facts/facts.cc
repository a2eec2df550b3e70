#include "src/facts/facts.h"

#include <algorithm>

#include <set>

#include <unordered_set>

#include "src/facts/facts_impl.h"
#include "src/util/error.h"
#include "src/util/text.h"

namespace sov {
namespace {

template <typename T>
void Index(const std::vector<T>& items, std::unordered_map<std::string, const T*>& index) {
  index.reserve(items.size());
  for (const T& item : items) index.emplace(item.id, &item);
}

template <typename Map>
auto FindIn(const Map& map, const std::string& id) -> decltype(map.begin()->second) {
  auto it = map.find(id);
  return it == map.end() ? nullptr : it->second;
}

// Expands home entries (ISO codes and group names) to ISO codes. Throws Error at the home's
// position for an entry that is neither.
std::set<std::string> ExpandHome(const Deployment& d, const Catalog& catalog) {
  if (d.home.empty()) throw Error(d.home_loc, "sovereignty.home names no jurisdiction");
  std::set<std::string> home;
  for (const std::string& entry : d.home) {
    if (const std::vector<std::string>* members = catalog.Group(entry)) {
      home.insert(members->begin(), members->end());
    } else if (catalog.IsCountry(entry)) {
      home.insert(entry);
    } else {
      throw Error(d.home_loc, "home '" + EscapeControl(entry) +
                                  "' is neither an ISO 3166-1 alpha-2 code nor a group" +
                                  DidYouMean(entry, catalog.GroupNames()));
    }
  }
  return home;
}

}  // namespace

Facts::Facts(const Deployment& deployment, const Catalog& catalog, const AuditContext& ctx,
             WeightsChecks weights)
    : d_(deployment), catalog_(catalog), ctx_(ctx), impl_(std::make_unique<Impl>()) {
  impl_->weights = std::move(weights);
  home_ = ExpandHome(d_, catalog_);
  for (const Dataset& ds : d_.datasets) {
    if (!ds.residency.empty()) impl_->residency[ds.id] = catalog_.Countries(ds.residency);
  }
  Index(d_.organizations, impl_->orgs);
  Index(d_.infrastructure, impl_->infra);
  Index(d_.datasets, impl_->datasets);
  Index(d_.models, impl_->models);
  Index(d_.evaluations, impl_->evaluations);
  Index(d_.endpoints, impl_->endpoints);
  std::set<std::pair<std::string, std::string>> data_infra_seen;
  for (const Dataset& ds : d_.datasets) {
    if (ds.classification == "public") continue;
    for (const std::string& i : ds.stored_in) {
      if (data_infra_seen.insert({i, "storage"}).second) impl_->data_infra.emplace_back(i, "storage");
    }
    if (!ds.kms.empty() && data_infra_seen.insert({ds.kms, "KMS"}).second) {
      impl_->data_infra.emplace_back(ds.kms, "KMS");
    }
  }

  // Domestic organisations: walk each parent chain once; a chain that loops (the loader
  // rejects that) or leaves the known organisations is unknown unless something on it is
  // foreign.
  impl_->org_domestic.reserve(d_.organizations.size());
  for (const Organization& org : d_.organizations) {
    Tri result = Tri::kYes;
    std::unordered_set<std::string> seen;
    const Organization* cur = &org;
    std::string next = org.id;
    while (!next.empty()) {
      cur = FindIn(impl_->orgs, next);
      if (cur == nullptr || !seen.insert(next).second) {
        result = Tri::kUnknown;
        break;
      }
      Tri here = CountryDomestic(cur->jurisdiction);
      if (here == Tri::kNo) {
        result = Tri::kNo;
        break;
      }
      if (here == Tri::kUnknown) result = Tri::kUnknown;
      next = cur->parent;
    }
    impl_->org_domestic[org.id] = result;
  }

  for (const Dataset& ds : d_.datasets) {
    if (ds.classification == "public") continue;
    for (const std::string& infra : ds.stored_in) impl_->stores_non_public[infra] = true;
  }

  impl_->BuildLineage(d_);
  impl_->BuildUsage(d_);
  flows_ = impl_->BuildFlows(d_);
  std::unordered_map<std::string, std::vector<std::string>> node_users;  // node -> models
  for (const DeployedModel& m : d_.models) {
    for (const std::string& node : Lineage(m.id)) node_users[node].push_back(m.id);
  }
  for (const DataFlow& f : flows_) {
    const Dataset* ds = DatasetById(f.dataset);
    if (f.to_kind != "infrastructure" || ds == nullptr || ds->classification == "public") continue;
    Receiving& r = impl_->receiving[f.to];
    r.any = true;
    if (!f.model.empty()) {
      r.models.insert(f.model);
    } else if (!f.node.empty()) {
      r.models.insert(node_users[f.node].begin(), node_users[f.node].end());
    } else {
      r.deployment_wide = true;
    }
  }
}

Facts::~Facts() = default;

Tri Facts::CountryDomestic(const std::string& country) const {
  if (country.empty()) return Tri::kUnknown;
  return home_.count(country) ? Tri::kYes : Tri::kNo;
}

Tri Facts::CountryResident(const std::string& dataset_id, const std::string& country) const {
  auto it = impl_->residency.find(dataset_id);
  if (it == impl_->residency.end()) return CountryDomestic(country);
  if (country.empty()) return Tri::kUnknown;
  return it->second.count(country) ? Tri::kYes : Tri::kNo;
}

std::vector<std::string> Facts::ResidencyBreaks() const {
  std::vector<std::string> breaks;
  for (const DataFlow& f : flows_) {
    if (f.update && !f.protection.empty()) continue;  // protected updates may leave
    const Infrastructure* i = f.to_kind == "infrastructure" ? Infra(f.to) : nullptr;
    const Endpoint* e = f.to_kind == "endpoint" ? EndpointById(f.to) : nullptr;
    std::string country = i ? i->location : e ? e->location : "";
    if (CountryResident(f.dataset, country) != Tri::kNo) continue;
    std::string residency = ResidencyText(f.dataset);
    std::string text = "'" + f.dataset + "' to '" + f.to + "' (" + country +
                       (residency.empty() ? "" : "; residency " + residency) + ")";
    if (std::find(breaks.begin(), breaks.end(), text) == breaks.end()) breaks.push_back(text);
  }
  return breaks;
}

std::string Facts::ResidencyText(const std::string& dataset_id) const {
  const Dataset* ds = DatasetById(dataset_id);
  return ds == nullptr ? "" : Join(ds->residency, ", ");
}

Tri Facts::OrgDomestic(const std::string& org_id) const {
  auto it = impl_->org_domestic.find(org_id);
  return it == impl_->org_domestic.end() ? Tri::kUnknown : it->second;
}

std::string Facts::OrgChain(const std::string& org_id) const {
  if (org_id.empty()) return "(not stated)";
  std::string out;
  std::unordered_set<std::string> seen;
  for (std::string next = org_id; !next.empty();) {
    if (!out.empty()) out += " <- ";
    const Organization* org = Org(next);
    if (org == nullptr) return out + next + " (unknown organisation)";
    if (!seen.insert(next).second) return out + next + " (parent cycle)";
    out += next + " (" +
           (org->jurisdiction.empty() ? "jurisdiction not stated" : org->jurisdiction) + ")";
    next = org->parent;
  }
  return out;
}

Tri Facts::InfraLocationDomestic(const std::string& infra_id) const {
  const Infrastructure* infra = Infra(infra_id);
  return infra == nullptr ? Tri::kUnknown : CountryDomestic(infra->location);
}

Tri Facts::InfraDomestic(const std::string& infra_id, std::string* why) const {
  const Infrastructure* infra = Infra(infra_id);
  std::vector<std::string> foreign, unknown;
  if (infra == nullptr) {
    unknown.push_back("infrastructure '" + infra_id + "' is not declared");
  } else {
    Tri loc = CountryDomestic(infra->location);
    if (loc == Tri::kNo) {
      foreign.push_back("'" + infra->id + "' is located in " + infra->location);
    } else if (loc == Tri::kUnknown) {
      unknown.push_back("'" + infra->id + "' has no known location" +
                        (infra->region.empty() ? "" : " (region " + infra->region + ")"));
    }
    const std::string& provider =
        infra->provider_id.empty() ? infra->operator_id : infra->provider_id;
    struct Part {
      const char* verb;
      const std::string& org;
    } parts[] = {{"operated", infra->operator_id}, {"provided", provider}};
    for (const Part& part : parts) {
      Tri t = OrgDomestic(part.org);
      if (t == Tri::kYes) continue;
      std::string text = "'" + infra->id + "' is " + part.verb + " by " + OrgChain(part.org);
      (t == Tri::kNo ? foreign : unknown).push_back(text);
    }
  }
  if (why != nullptr) *why = Join(foreign.empty() ? unknown : foreign, "; ");
  if (!foreign.empty()) return Tri::kNo;
  return unknown.empty() ? Tri::kYes : Tri::kUnknown;
}

bool Facts::StoresNonPublicData(const std::string& infra_id) const {
  return impl_->stores_non_public.count(infra_id) > 0;
}

const WeightsCheck& Facts::Weights(const std::string& model_id) const {
  static const WeightsCheck kNone;
  auto it = impl_->weights.find(model_id);
  return it == impl_->weights.end() ? kNone : it->second;
}

bool Facts::IntegrityFailure() const { return AnyMismatch(impl_->weights); }

const Organization* Facts::Org(const std::string& id) const { return FindIn(impl_->orgs, id); }
const Infrastructure* Facts::Infra(const std::string& id) const { return FindIn(impl_->infra, id); }
const Dataset* Facts::DatasetById(const std::string& id) const {
  return FindIn(impl_->datasets, id);
}
const DeployedModel* Facts::Model(const std::string& id) const { return FindIn(impl_->models, id); }
const Evaluation* Facts::Eval(const std::string& id) const {
  return FindIn(impl_->evaluations, id);
}
const Endpoint* Facts::EndpointById(const std::string& id) const {
  return FindIn(impl_->endpoints, id);
}
const ModelNode* Facts::Node(const std::string& id) const {
  auto it = impl_->vertex_of.find(id);
  return it == impl_->vertex_of.end() ? nullptr : impl_->vertex_node[it->second];
}

}  // namespace sov
