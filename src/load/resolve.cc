// After parsing: every id reference resolved, catalogue lineage expanded, lineage and parent
// cycles rejected.

#include <set>
#include <algorithm>

#include "src/load/hints.h"
#include "src/load/load_state.h"
#include "src/util/text.h"

namespace sov::load {
namespace {

constexpr std::string_view kCatalogPrefix = "catalog:";

template <typename Map>
std::vector<std::string> Keys(const Map& map) {
  std::vector<std::string> keys;
  keys.reserve(map.size());
  for (const auto& kv : map) keys.push_back(kv.first);
  std::sort(keys.begin(), keys.end());
  return keys;
}

void CheckRef(const LoadState& st, const PendingRef& ref) {
  const std::unordered_map<std::string, size_t>* map = nullptr;
  std::string what;
  switch (ref.kind) {
    case RefKind::kOrganization:
      map = &st.orgs, what = "organisation";
      break;
    case RefKind::kInfrastructure:
      map = &st.infra, what = "infrastructure";
      break;
    case RefKind::kDataset:
      map = &st.datasets, what = "dataset";
      break;
    case RefKind::kEvaluation:
      map = &st.evals, what = "evaluation";
      break;
    case RefKind::kDeployedModel:
      map = &st.models, what = "deployed model";
      break;
    case RefKind::kFlowTarget: {
      if (st.infra.count(ref.id) || st.endpoints.count(ref.id) || st.models.count(ref.id)) {
        return;
      }
      std::vector<std::string> all = Keys(st.infra);
      for (const auto& keys : {Keys(st.endpoints), Keys(st.models)}) {
        all.insert(all.end(), keys.begin(), keys.end());
      }
      throw Error(ref.loc, "unknown flow target '" + ref.id +
                               "': not an infrastructure, endpoint or deployed model id" +
                               DidYouMeanId(ref.id, all));
    }
  }
  if (map->count(ref.id)) return;
  throw Error(ref.loc,
              "unknown " + what + " '" + ref.id + "'" + DidYouMeanId(ref.id, Keys(*map)));
}

// Adds catalogue model `hf_id` (and, recursively, its bases and developer) to the deployment.
// Returns its node id, "catalog:<canonical hf id>".
std::string ExpandCatalog(LoadState& st, std::string_view hf_id, const Location& loc) {
  const CatalogModel* cm = st.catalog.FindModel(hf_id);
  if (cm == nullptr) {
    throw Error(loc, "unknown catalogue model '" + EscapeControl(hf_id) + "'" +
                         DidYouMean(hf_id, st.catalog.ModelIds()));
  }
  std::string id = std::string(kCatalogPrefix) + cm->id;
  auto [it, inserted] = st.dep.nodes.try_emplace(id);
  if (!inserted) return id;
  ModelNode& n = it->second;
  n.id = id;
  n.name = cm->name;
  n.developer = std::string(kCatalogPrefix) + cm->developer_id;
  n.relation = cm->relation;
  n.licence.present = !cm->licence.empty();
  n.licence.id = cm->licence;
  n.licence.loc = loc;
  n.from_catalog = true;
  n.source = cm->source;
  n.loc = loc;
  if (!st.orgs.count(n.developer)) {
    st.orgs.emplace(n.developer, st.dep.organizations.size());
    Organization org;
    org.id = n.developer;
    org.name = cm->developer_name;
    org.jurisdiction = cm->jurisdiction;
    org.from_catalog = true;
    org.loc = loc;
    st.dep.organizations.push_back(std::move(org));
  }
  std::vector<std::string> bases = cm->base;  // `n` may move as the map grows: no reference
  std::vector<std::string> ids;
  for (const std::string& b : bases) ids.push_back(ExpandCatalog(st, b, loc));
  st.dep.nodes[id].base = std::move(ids);
  return id;
}

void ResolveBases(LoadState& st) {
  std::vector<std::string> user_ids;
  user_ids.reserve(st.dep.nodes.size());
  for (const auto& kv : st.dep.nodes) user_ids.push_back(kv.first);
  for (const std::string& id : user_ids) {
    std::vector<std::string> base = st.dep.nodes[id].base;
    const std::vector<Location>& locs = st.base_locs[id];
    for (size_t i = 0; i < base.size(); ++i) {
      if (base[i].rfind(kCatalogPrefix, 0) == 0) {
        base[i] = ExpandCatalog(st, std::string_view(base[i]).substr(kCatalogPrefix.size()),
                                locs[i]);
      } else if (!st.dep.nodes.count(base[i])) {
        std::string hint = CatalogPrefixHint(st.catalog, base[i]);
        throw Error(locs[i], "unknown base model '" + base[i] +
                                 "': not a lineage id or catalog:<id>" +
                                 (hint.empty() ? DidYouMeanId(base[i], user_ids) : hint));
      }
    }
    st.dep.nodes[id].base = std::move(base);
  }
}

// Depth-first search over `base` edges; throws "lineage cycle: a -> b -> a".
void CheckLineageCycles(LoadState& st) {
  std::unordered_map<std::string, int> color;  // absent: new, 1: on the stack, 2: done
  struct Frame {
    const ModelNode* node;
    size_t next;
  };
  for (const auto& [root_id, root] : st.dep.nodes) {
    if (color.count(root_id)) continue;
    std::vector<Frame> stack{{&root, 0}};
    color[root_id] = 1;
    while (!stack.empty()) {
      Frame& top = stack.back();
      if (top.next == top.node->base.size()) {
        color[top.node->id] = 2;
        stack.pop_back();
        continue;
      }
      const std::string& child = top.node->base[top.next++];
      int& c = color[child];
      if (c == 2) continue;
      if (c == 1) {
        auto start = std::find_if(stack.begin(), stack.end(),
                                  [&](const Frame& f) { return f.node->id == child; });
        std::string path;
        for (auto f = start; f != stack.end(); ++f) path += f->node->id + " -> ";
        path += child;
        const std::vector<Location>& locs = st.base_locs[start->node->id];
        Location loc = start->next - 1 < locs.size() ? locs[start->next - 1] : start->node->loc;
        throw Error(loc, "lineage cycle: " + path);
      }
      c = 1;
      stack.push_back(Frame{&st.dep.nodes.at(child), 0});
    }
  }
}

// Walks every `parent` chain; throws "parent cycle: a -> b -> a".
void CheckParentCycles(LoadState& st) {
  std::unordered_map<std::string, size_t> walk_of;  // org id -> walk that first reached it
  size_t walk = 0;
  for (const Organization& start : st.dep.organizations) {
    ++walk;
    std::vector<std::string> chain;
    const Organization* org = &start;
    while (org != nullptr) {
      auto [it, inserted] = walk_of.try_emplace(org->id, walk);
      if (!inserted) {
        if (it->second != walk) break;  // joins a chain already checked
        auto from = std::find(chain.begin(), chain.end(), org->id);
        std::string path;
        for (auto c = from; c != chain.end(); ++c) path += *c + " -> ";
        throw Error(st.parent_locs[org->id], "parent cycle: " + path + org->id);
      }
      chain.push_back(org->id);
      auto next = org->parent.empty() ? st.orgs.end() : st.orgs.find(org->parent);
      org = next == st.orgs.end() ? nullptr : &st.dep.organizations[next->second];
    }
  }
}

// Each `residency` entry of a dataset must lie within home: a group's every member, a code
// itself (home's groups expanded).
void CheckResidency(const LoadState& st) {
  const std::set<std::string> home = st.catalog.Countries(st.dep.home);
  for (const Dataset& ds : st.dep.datasets) {
    auto locs = st.residency_locs.find(ds.id);
    for (size_t i = 0; i < ds.residency.size(); ++i) {
      const std::string& r = ds.residency[i];
      for (const std::string& c : st.catalog.Countries({r})) {
        if (home.count(c)) continue;
        Location at = locs != st.residency_locs.end() && i < locs->second.size()
                          ? locs->second[i] : ds.loc;
        throw Error(at, "residency '" + EscapeControl(r) + "' of dataset '" + ds.id +
                            "' is outside home (" + Join(st.dep.home, ", ") + ")" +
                            (r == c ? "" : ": " + c + " is not in it") +
                            "; a residency narrows home, it cannot widen it");
      }
    }
  }
}

}  // namespace

void Resolve(LoadState& st) {
  if (!st.standalone) {
    for (const PendingRef& ref : st.refs) CheckRef(st, ref);
    CheckResidency(st);
  }
  ResolveBases(st);
  CheckLineageCycles(st);
  CheckParentCycles(st);
}

}  // namespace sov::load
