// Completes the lineage DAG of Facts into the stack graph of the whole deployment.

#include "src/facts/stack_graph.h"
#include "src/util/text.h"

#include <initializer_list>
#include <map>
#include <string>
#include <tuple>

namespace sov {
namespace {

// "a, b": the non-empty parts.
std::string Parts(std::initializer_list<std::string> parts) {
  std::string out;
  for (const std::string& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += ", ";
    out += p;
  }
  return out;
}

// Any foreign part makes the whole foreign, else any unknown part unknown.
Tri Combine(std::initializer_list<Tri> parts) {
  Tri out = Tri::kYes;
  for (Tri t : parts) {
    if (t == Tri::kNo) return Tri::kNo;
    if (t == Tri::kUnknown) out = Tri::kUnknown;
  }
  return out;
}

std::string Where(const std::string& location, const std::string& region) {
  if (region.empty()) return location;
  return (location.empty() ? "?" : location) + " (" + region + ")";
}

class Builder {
 public:
  Builder(const Facts& facts, StackGraph* g) : facts_(facts), g_(*g) {}

  void Run() {
    const Deployment& d = facts_.deployment();
    for (const Organization& org : d.organizations) AddOrganization(org);
    AddModels();
    for (const Dataset& ds : d.datasets) AddDataset(ds);
    for (const Infrastructure& infra : d.infrastructure) AddInfrastructure(infra);
    for (const Endpoint& e : d.endpoints) AddEndpoint(e);
    for (const DeployedModel& m : d.models) {
      GraphVertex v = g_.AddNode(NodeKind::kModel, m.id);
      g_[v].deployed = true;
      for (const std::string& s : m.serving) Edge(v, Infra(s), EdgeKind::kServing);
    }
    AddFlows();
  }

 private:
  GraphVertex Org(const std::string& id) {
    GraphVertex v = g_.AddNode(NodeKind::kOrganization, id);
    g_[v].domestic = facts_.OrgDomestic(id);
    return v;
  }
  GraphVertex Infra(const std::string& id) { return g_.AddNode(NodeKind::kInfrastructure, id); }
  void Edge(GraphVertex from, GraphVertex to, EdgeKind kind, std::string label = "",
            bool implied = false, bool leaves = false) {
    g_.AddEdgeOnce(from, to, GraphEdge{kind, std::move(label), implied, leaves});
  }

  // Whether a flow of `dataset` to a place in `country` leaves the dataset's residency.
  bool Leaves(const std::string& dataset, const std::string& country) const {
    return facts_.CountryResident(dataset, country) == Tri::kNo;
  }

  void AddOrganization(const Organization& org) {
    GraphVertex v = Org(org.id);
    GraphNode& node = g_[v];
    node.detail = Parts({org.name, org.jurisdiction});
    node.from_catalog = org.from_catalog;
    if (!org.parent.empty()) Edge(v, Org(org.parent), EdgeKind::kControl);
  }

  // Model vertices are the lineage's, added by Facts; here they get their marks and edges.
  void AddModels() {
    const size_t n = g_.NodeCount();
    for (GraphVertex v = 0; v < n; ++v) {
      if (g_[v].kind != NodeKind::kModel) continue;
      const ModelNode* node = facts_.Node(g_[v].id);
      if (node == nullptr) continue;
      g_[v].from_catalog = node->from_catalog;
      g_[v].domestic =
          node->developer.empty() ? Tri::kUnknown : facts_.OrgDomestic(node->developer);
      std::string licence = node->licence.id.empty() ? node->licence.name : node->licence.id;
      g_[v].detail = Parts({node->relation, licence});
      if (!node->developer.empty()) Edge(v, Org(node->developer), EdgeKind::kDeveloper);
      const TrainingStep& step = node->training;
      if (!step.operator_id.empty()) {
        Edge(v, Org(step.operator_id), EdgeKind::kOperator,
             step.federated.present ? "aggregated by" : "trained by");
      }
      for (const FederatedParticipant& p : step.federated.participants) {
        Edge(v, Org(p.operator_id), EdgeKind::kOperator, "federated participant");
      }
      for (const std::string& i : step.infrastructure) Edge(v, Infra(i), EdgeKind::kTraining);
    }
  }

  void AddDataset(const Dataset& ds) {
    GraphVertex v = g_.AddNode(NodeKind::kDataset, ds.id);
    g_[v].domestic = facts_.OrgDomestic(ds.owner);
    g_[v].detail = Parts({ds.classification, ds.origin.empty() ? "" : "from " + ds.origin});
    Edge(v, Org(ds.owner), EdgeKind::kOwner);
    for (const std::string& i : ds.stored_in) Edge(v, Infra(i), EdgeKind::kStorage);
    if (!ds.kms.empty()) Edge(v, Infra(ds.kms), EdgeKind::kStorage, "kms");
  }

  void AddInfrastructure(const Infrastructure& infra) {
    GraphVertex v = Infra(infra.id);
    g_[v].domestic = facts_.InfraDomestic(infra.id, nullptr);
    g_[v].detail = Parts({infra.kind, Where(infra.location, infra.region)});
    if (!infra.operator_id.empty()) Edge(v, Org(infra.operator_id), EdgeKind::kOperator);
    if (!infra.provider_id.empty() && infra.provider_id != infra.operator_id) {
      Edge(v, Org(infra.provider_id), EdgeKind::kProvider);
    }
  }

  void AddEndpoint(const Endpoint& e) {
    GraphVertex v = g_.AddNode(NodeKind::kEndpoint, e.id);
    g_[v].domestic =
        Combine({facts_.CountryDomestic(e.location), facts_.OrgDomestic(e.operator_id)});
    g_[v].detail = Parts({e.purpose, Where(e.location, e.region), e.required == true ? "required" : e.required == false ? "" : "required?"});
    if (!e.operator_id.empty()) Edge(v, Org(e.operator_id), EdgeKind::kOperator);
  }

  // Facts::Flows() in order. An explicit flow carries the position of its `flows` entry, an
  // endpoint's the endpoint's; the rest are implied: a training step's data to its
  // infrastructure (no deployed model) or lineage data to a model's serving infrastructure.
  void AddFlows() {
    std::map<std::tuple<std::string, std::string, int, int>, const Flow*> stated_at;
    for (const Flow& f : facts_.deployment().flows) {
      stated_at.emplace(std::make_tuple(f.from, f.loc.file, f.loc.line, f.loc.column), &f);
    }
    for (const DataFlow& f : facts_.Flows()) {
      GraphVertex from = g_.AddNode(NodeKind::kDataset, f.dataset);
      auto it = stated_at.find(std::make_tuple(f.dataset, f.loc.file, f.loc.line, f.loc.column));
      const Flow* stated = it == stated_at.end() ? nullptr : it->second;
      if (f.to_kind == "endpoint") {
        const Endpoint* e = facts_.EndpointById(f.to);
        GraphVertex to = g_.AddNode(NodeKind::kEndpoint, f.to);
        Edge(from, to, EdgeKind::kFlow, stated ? stated->purpose : (e ? e->purpose : ""), false,
             e != nullptr && Leaves(f.dataset, e->location));
        continue;
      }
      const Infrastructure* i = facts_.Infra(f.to);
      bool leaves = i != nullptr && Leaves(f.dataset, i->location);
      if (stated != nullptr) {
        Edge(from, Infra(f.to), EdgeKind::kFlow, stated->purpose, false, leaves);
      } else if (f.update) {
        // Protected updates may leave a residency (SOV-1.3 passes): not drawn as a break.
        Edge(from, Infra(f.to), EdgeKind::kFlow,
             f.protection.empty() ? "updates" : "updates (" + Join(f.protection, ", ") + ")", true,
             leaves && f.protection.empty());
      } else {
        Edge(from, Infra(f.to), EdgeKind::kFlow, f.model.empty() ? "training" : "serving", true,
             leaves);
      }
    }
  }

  const Facts& facts_;
  StackGraph& g_;
};

}  // namespace

StackGraph BuildStackGraph(const Facts& facts) {
  StackGraph graph = facts.Graph();
  Builder(facts, &graph).Run();
  return graph;
}

}  // namespace sov
