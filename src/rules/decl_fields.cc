// The subjects and fields of declarative checks: how each reads its values from the facts.

#include "src/rules/decl_fields.h"

#include <algorithm>

namespace sov::pack {
namespace {

using V = std::vector<std::string>;

V One(const std::string& s) { return s.empty() ? V{} : V{s}; }

template <typename T>
const T& As(const void* p) {
  return *static_cast<const T*>(p);
}

std::vector<Item> DatasetItems(const Facts& f) {
  std::vector<Item> items;
  for (const Dataset& d : f.deployment().datasets) items.push_back({&d, d.id, d.loc, {}});
  return items;
}

std::vector<Item> ModelItems(const Facts& f) {
  std::vector<Item> items;
  for (const DeployedModel& m : f.deployment().models) items.push_back({&m, m.id, m.loc, {m.id}});
  return items;
}

std::vector<Item> InfraItems(const Facts& f) {
  std::vector<Item> items;
  for (const Infrastructure& i : f.deployment().infrastructure) {
    const std::set<std::string>& users = f.ModelsUsingInfra(i.id);
    std::vector<std::string> scope;
    if (!f.StoresNonPublicData(i.id)) scope.assign(users.begin(), users.end());
    items.push_back({&i, i.id, i.loc, std::move(scope)});
  }
  return items;
}

std::vector<Item> EndpointItems(const Facts& f) {
  std::vector<Item> items;
  for (const Endpoint& e : f.deployment().endpoints) items.push_back({&e, e.id, e.loc, {}});
  return items;
}

std::vector<Item> EvaluationItems(const Facts& f) {
  std::vector<Item> items;
  for (const Evaluation& e : f.deployment().evaluations) {
    const std::set<std::string>& users = f.ModelsUsingEvaluation(e.id);
    items.push_back({&e, e.id, e.loc, std::vector<std::string>(users.begin(), users.end())});
  }
  return items;
}

std::vector<Item> OrgItems(const Facts& f) {
  std::vector<Item> items;
  for (const Organization& o : f.deployment().organizations) items.push_back({&o, o.id, o.loc, {}});
  return items;
}

const ModelNode* NodeOf(const Facts& f, const void* p) { return f.Node(As<DeployedModel>(p).id); }

// The deployment as a whole: one item.
std::vector<Item> DeploymentItems(const Facts& f) {
  const Deployment& d = f.deployment();
  return {{&d, d.name, d.loc, {}}};
}

// Every lineage node of a deployed model with a federated training step, once, scoped to the
// deployed models whose lineage holds it.
std::vector<Item> FederatedItems(const Facts& f) {
  std::vector<Item> items;
  for (const DeployedModel& m : f.deployment().models) {
    for (const std::string& id : f.Lineage(m.id)) {
      const ModelNode* n = f.Node(id);
      if (n == nullptr || !n->training.federated.present) continue;
      auto it = std::find_if(items.begin(), items.end(), [&](const Item& i) { return i.id == id; });
      if (it == items.end()) {
        items.push_back({&n->training.federated, id, n->training.federated.loc, {}});
        it = items.end() - 1;
      }
      it->scope.push_back(m.id);
    }
  }
  return items;
}

bool HasEdgeFleet(const Deployment& d) {
  return std::any_of(d.infrastructure.begin(), d.infrastructure.end(),
                     [](const Infrastructure& i) { return i.fleet_size > 0; });
}

bool HasFederatedStep(const Facts& f) { return !FederatedItems(f).empty(); }

V Flag(bool b) { return {b ? "true" : "false"}; }

// The dates a scenario's drills were last exercised.
V DrillDates(const Deployment& d, const char* scenario) {
  V out;
  for (const Drill& x : d.contingency.drills) {
    if (x.scenario == scenario) out.push_back(x.last_exercised);
  }
  return out;
}

#define SOV_DRILL_FIELD(field, scenario)                                          \
  {field, Base::kDate, true, [](const Facts&, const void* p) {                   \
     return DrillDates(As<Deployment>(p), scenario);                              \
   }}

}  // namespace

const std::vector<SubjectKind>& Subjects() {
  static const std::vector<SubjectKind> kSubjects = {
      {"datasets",
       {
           {"id", Base::kText, false,
            [](const Facts&, const void* p) { return One(As<Dataset>(p).id); }},
           {"owner", Base::kOrg, false,
            [](const Facts&, const void* p) { return One(As<Dataset>(p).owner); }},
           {"classification", Base::kText, false,
            [](const Facts&, const void* p) { return One(As<Dataset>(p).classification); }},
           {"origin", Base::kCountry, false,
            [](const Facts&, const void* p) { return One(As<Dataset>(p).origin); }},
           {"stored_in", Base::kInfra, true,
            [](const Facts&, const void* p) { return As<Dataset>(p).stored_in; }},
           {"kms", Base::kInfra, false,
            [](const Facts&, const void* p) { return One(As<Dataset>(p).kms); }},
       },
       &DatasetItems},
      {"models",
       {
           {"id", Base::kText, false,
            [](const Facts&, const void* p) { return One(As<DeployedModel>(p).id); }},
           {"availability", Base::kText, false,
            [](const Facts&, const void* p) {
              return One(As<DeployedModel>(p).weights.availability);
            }},
           {"serving", Base::kInfra, true,
            [](const Facts&, const void* p) { return As<DeployedModel>(p).serving; }},
           {"developer", Base::kOrg, false,
            [](const Facts& f, const void* p) {
              const ModelNode* n = NodeOf(f, p);
              return n ? One(n->developer) : V{};
            }},
           {"relation", Base::kText, false,
            [](const Facts& f, const void* p) {
              const ModelNode* n = NodeOf(f, p);
              return n ? One(n->relation) : V{};
            }},
           {"licence", Base::kText, false,
            [](const Facts& f, const void* p) {
              const ModelNode* n = NodeOf(f, p);
              return n ? One(n->licence.id.empty() ? n->licence.name : n->licence.id) : V{};
            }},
           {"sha256", Base::kText, false,
            [](const Facts&, const void* p) { return One(As<DeployedModel>(p).weights.sha256); }},
           {"signature", Base::kText, false,
            [](const Facts&, const void* p) {
              return One(As<DeployedModel>(p).weights.signature);
            }},
           {"evaluations", Base::kText, true,
            [](const Facts&, const void* p) { return As<DeployedModel>(p).evaluations; }},
       },
       &ModelItems},
      {"infrastructure",
       {
           {"id", Base::kText, false,
            [](const Facts&, const void* p) { return One(As<Infrastructure>(p).id); }},
           {"kind", Base::kText, false,
            [](const Facts&, const void* p) { return One(As<Infrastructure>(p).kind); }},
           {"location", Base::kCountry, false,
            [](const Facts&, const void* p) { return One(As<Infrastructure>(p).location); }},
           {"region", Base::kText, false,
            [](const Facts&, const void* p) { return One(As<Infrastructure>(p).region); }},
           {"operator", Base::kOrg, false,
            [](const Facts&, const void* p) { return One(As<Infrastructure>(p).operator_id); }},
           {"provider", Base::kOrg, false,
            [](const Facts&, const void* p) {
              const Infrastructure& i = As<Infrastructure>(p);
              return One(i.provider_id.empty() ? i.operator_id : i.provider_id);
            }},
       },
       &InfraItems},
      {"endpoints",
       {
           {"id", Base::kText, false,
            [](const Facts&, const void* p) { return One(As<Endpoint>(p).id); }},
           {"url", Base::kText, false,
            [](const Facts&, const void* p) { return One(As<Endpoint>(p).url); }},
           {"operator", Base::kOrg, false,
            [](const Facts&, const void* p) { return One(As<Endpoint>(p).operator_id); }},
           {"location", Base::kCountry, false,
            [](const Facts&, const void* p) { return One(As<Endpoint>(p).location); }},
           {"region", Base::kText, false,
            [](const Facts&, const void* p) { return One(As<Endpoint>(p).region); }},
           {"purpose", Base::kText, false,
            [](const Facts&, const void* p) { return One(As<Endpoint>(p).purpose); }},
           {"required", Base::kText, false,
            [](const Facts&, const void* p) {
              // Left out is not false: no value, so a clause on it is unknown.
              const std::optional<bool>& r = As<Endpoint>(p).required;
              return r.has_value() ? V{*r ? "true" : "false"} : V{};
            }},
           {"receives", Base::kText, true,
            [](const Facts&, const void* p) { return As<Endpoint>(p).receives; }},
           {"receives_classification", Base::kText, true,
            [](const Facts& f, const void* p) {
              V out;
              for (const std::string& id : As<Endpoint>(p).receives) {
                if (const Dataset* d = f.DatasetById(id)) out.push_back(d->classification);
              }
              return out;
            }},
       },
       &EndpointItems},
      {"evaluations",
       {
           {"id", Base::kText, false,
            [](const Facts&, const void* p) { return One(As<Evaluation>(p).id); }},
           {"operator", Base::kOrg, false,
            [](const Facts&, const void* p) { return One(As<Evaluation>(p).operator_id); }},
           {"runs_on", Base::kInfra, true,
            [](const Facts&, const void* p) { return As<Evaluation>(p).runs_on; }},
           {"judges", Base::kText, true,
            [](const Facts&, const void* p) { return As<Evaluation>(p).judges; }},
           {"benchmark_owners", Base::kOrg, true,
            [](const Facts&, const void* p) {
              V out;
              for (const Benchmark& b : As<Evaluation>(p).benchmarks) {
                if (!b.owner.empty()) out.push_back(b.owner);
              }
              return out;
            }},
           {"result_dates", Base::kDate, true,
            [](const Facts&, const void* p) {
              V out;
              for (const EvalResult& r : As<Evaluation>(p).results) out.push_back(r.date);
              return out;
            }},
       },
       &EvaluationItems},
      {"deployment",
       {
           {"name", Base::kText, false,
            [](const Facts&, const void* p) { return One(As<Deployment>(p).name); }},
           {"edge_fleet", Base::kText, false,
            [](const Facts&, const void* p) { return Flag(HasEdgeFleet(As<Deployment>(p))); }},
           {"federated", Base::kText, false,
            [](const Facts& f, const void*) { return Flag(HasFederatedStep(f)); }},
           {"decentralised", Base::kText, false,
            [](const Facts& f, const void* p) {
              return Flag(HasEdgeFleet(As<Deployment>(p)) || HasFederatedStep(f));
            }},
           {"drills", Base::kText, true,
            [](const Facts&, const void* p) {
              V out;
              for (const Drill& x : As<Deployment>(p).contingency.drills) out.push_back(x.scenario);
              return out;
            }},
           SOV_DRILL_FIELD("drill_vendor_withdrawal", "vendor-withdrawal"),
           SOV_DRILL_FIELD("drill_export_control", "export-control"),
           SOV_DRILL_FIELD("drill_connectivity_loss", "connectivity-loss"),
           SOV_DRILL_FIELD("drill_node_compromise", "node-compromise"),
           SOV_DRILL_FIELD("drill_rollback", "rollback"),
           SOV_DRILL_FIELD("drill_inference_drift", "inference-drift"),
       },
       &DeploymentItems},
      {"federated_steps",
       {
           {"aggregator", Base::kOrg, false,
            [](const Facts&, const void* p) {
              return One(As<FederatedTraining>(p).aggregator_operator);
            }},
           {"participants", Base::kOrg, true,
            [](const Facts&, const void* p) {
              V out;
              for (const FederatedParticipant& x : As<FederatedTraining>(p).participants) {
                out.push_back(x.operator_id);
              }
              return out;
            }},
           {"protection", Base::kText, true,
            [](const Facts&, const void* p) { return As<FederatedTraining>(p).protection; }},
       },
       &FederatedItems},
      {"organizations",
       {
           {"id", Base::kText, false,
            [](const Facts&, const void* p) { return One(As<Organization>(p).id); }},
           {"jurisdiction", Base::kCountry, false,
            [](const Facts&, const void* p) { return One(As<Organization>(p).jurisdiction); }},
           {"parent", Base::kOrg, false,
            [](const Facts&, const void* p) { return One(As<Organization>(p).parent); }},
       },
       &OrgItems},
  };
  return kSubjects;
}

const SubjectKind* FindSubject(const std::string& name) {
  for (const SubjectKind& s : Subjects()) {
    if (name == s.name) return &s;
  }
  return nullptr;
}

const Field* FindField(const SubjectKind& kind, const std::string& name) {
  for (const Field& f : kind.fields) {
    if (name == f.name) return &f;
  }
  return nullptr;
}

}  // namespace sov::pack
