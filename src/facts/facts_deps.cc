// What a deployed model depends on (SOV-3.6, Q4): organisations in their roles, the
// fallbacks that stand in for it, and the foreign developers a fallback shares with it.

#include <algorithm>
#include <set>

#include "src/facts/facts.h"
#include "src/facts/facts_impl.h"

namespace sov {
namespace {

std::string Q(const std::string& s) { return "'" + s + "'"; }

class DependencyList {
 public:
  explicit DependencyList(const Facts& facts) : facts_(facts) {}

  void Add(const std::string& org, const std::string& role, bool possible = false) {
    if (org.empty() || !seen_.insert(org + '\n' + role).second) return;
    out_.push_back(Dependency{org, role, possible});
  }
  // Each element in its first role only (serving infrastructure also receives data).
  void AddInfra(const std::string& id, const std::string& use) {
    const Infrastructure* i = facts_.Infra(id);
    if (i == nullptr || !infra_seen_.insert(id + '\n' + use).second) return;
    if (use == "data-receiving infrastructure" && infra_any_.count(id)) return;
    infra_any_.insert(id);
    Add(i->operator_id, "operator of " + use + " " + Q(id));
    Add(i->provider_id.empty() ? i->operator_id : i->provider_id,
        "provider of " + use + " " + Q(id));
  }
  std::vector<Dependency> Take() { return std::move(out_); }

 private:
  const Facts& facts_;
  std::set<std::string> seen_, infra_seen_, infra_any_;
  std::vector<Dependency> out_;
};

// The foreign developers of a deployed model's lineage.
std::set<std::string> ForeignDevelopers(const Facts& facts, const std::string& model_id) {
  std::set<std::string> orgs;
  for (const std::string& id : facts.Lineage(model_id)) {
    const ModelNode* n = facts.Node(id);
    if (n != nullptr && !n->developer.empty() && facts.OrgDomestic(n->developer) == Tri::kNo) {
      orgs.insert(n->developer);
    }
  }
  return orgs;
}

}  // namespace

const Facts::Receiving& Facts::NonPublicDataReceived(const std::string& infra_id) const {
  static const Receiving kNone;
  auto it = impl_->receiving.find(infra_id);
  return it == impl_->receiving.end() ? kNone : it->second;
}

std::vector<Dependency> Facts::DependenciesOf(const std::string& model_id) const {
  DependencyList deps(*this);
  const DeployedModel* m = Model(model_id);
  if (m == nullptr) return {};
  for (const std::string& id : Lineage(m->id)) {
    const ModelNode* n = Node(id);
    if (n == nullptr) continue;
    deps.Add(n->developer, "developer of " + Q(id));
    deps.Add(n->training.operator_id,
             (n->training.federated.present ? "federated aggregator of " : "training operator of ") + Q(id));
    for (const FederatedParticipant& p : n->training.federated.participants) {
      deps.Add(p.operator_id, "federated participant of " + Q(id));
    }
  }
  for (const std::string& i : m->serving) deps.AddInfra(i, "serving");
  if (const ModelNode* n = Node(NearestTrainingStep(m->id))) {
    for (const std::string& i : n->training.infrastructure) deps.AddInfra(i, "training");
  }
  for (const std::string& e : m->evaluations) {
    if (const Evaluation* ev = Eval(e)) {
      for (const std::string& i : ev->runs_on) deps.AddInfra(i, "evaluation");
    }
  }
  // Deployment-wide: endpoints, storage, keys and receivers of non-public data.
  for (const Endpoint& e : d_.endpoints) {
    if (e.required == true) {
      deps.Add(e.operator_id, "operator of required " + e.purpose + " endpoint " + Q(e.id));
    } else if (!e.required.has_value()) {
      deps.Add(e.operator_id,
               "operator of " + e.purpose + " endpoint " + Q(e.id) +
                   ", which does not say whether it is required",
               true);
    }
  }
  for (const auto& [infra, use] : impl_->data_infra) deps.AddInfra(infra, use);
  std::set<std::string> receivers;  // sorted: messages are deterministic
  for (const auto& [infra_id, r] : impl_->receiving) {
    if (r.deployment_wide || r.models.count(model_id)) receivers.insert(infra_id);
  }
  for (const std::string& i : receivers) deps.AddInfra(i, "data-receiving infrastructure");
  return deps.Take();
}

Facts::Fallbacks Facts::FallbacksOf(const std::string& model_id) const {
  Fallbacks out;
  const std::vector<std::string>& named = d_.contingency.fallback_models;
  bool named_itself = false;
  for (const std::string& f : named) {
    if (f == model_id) {
      named_itself = true;
    } else if (Model(f) != nullptr &&
               std::find(out.alternatives.begin(), out.alternatives.end(), f) ==
                   out.alternatives.end()) {
      out.alternatives.push_back(f);
    }
  }
  if (!out.alternatives.empty() || !named_itself) return out;
  // A designated fallback needs no fallback of its own: it stands in for the other models.
  for (const DeployedModel& other : d_.models) {
    if (other.id != model_id) out.alternatives.push_back(other.id);
  }
  out.is_fallback = !out.alternatives.empty();
  return out;
}

std::vector<std::string> Facts::SharedForeignDevelopers(const std::string& a,
                                                        const std::string& b) const {
  std::set<std::string> of_a = ForeignDevelopers(*this, a), of_b = ForeignDevelopers(*this, b);
  std::vector<std::string> shared;
  std::set_intersection(of_a.begin(), of_a.end(), of_b.begin(), of_b.end(),
                        std::back_inserter(shared));
  return shared;
}

}  // namespace sov
