// Which deployed models use which infrastructure and evaluations, and every data flow:
// explicit `flows`, the flows the manifest implies, and endpoint `receives`.

#include <algorithm>
#include <unordered_set>

#include "src/facts/facts.h"
#include "src/facts/facts_impl.h"

namespace sov {
namespace {

// Collects flows once each (dataset, destination, deployed model).
class FlowSink {
 public:
  explicit FlowSink(std::vector<DataFlow>* out) : out_(out) {}
  // The flow added, or nullptr when it was there already.
  // `update`: a federated step's model updates, kept apart from raw data to the same place,
  // so that neither hides the other whatever the order.
  DataFlow* Add(const std::string& dataset, const char* to_kind, const std::string& to,
                std::string why, const Location& loc, const std::string& model,
                bool update = false) {
    std::string key = dataset + '\n' + to_kind + '\n' + to + '\n' + model + (update ? "\nu" : "");
    if (!seen_.insert(std::move(key)).second) return nullptr;
    out_->push_back(DataFlow{dataset, to_kind, to, std::move(why), loc, model, "", update, {}});
    return &out_->back();
  }

 private:
  std::vector<DataFlow>* out_;
  std::unordered_set<std::string> seen_;
};

// A federated step's flows: each participant's datasets to its own infrastructure (raw), and
// from it to the aggregator's infrastructure as model updates derived from them.
void AddFederatedFlows(FlowSink& sink, const std::string& node_id, const FederatedTraining& fed,
                       const Location& where) {
  for (const FederatedParticipant& p : fed.participants) {
    for (const std::string& ds : p.datasets) {
      for (const std::string& i : p.infrastructure) {
        if (DataFlow* f = sink.Add(ds, "infrastructure", i,
                                   "training data of participant '" + p.operator_id +
                                       "' in the federated step of '" + node_id + "'",
                                   p.loc.line ? p.loc : where, "")) {
          f->node = node_id;
        }
      }
      for (const std::string& a : fed.aggregator_infrastructure) {
        if (std::find(p.infrastructure.begin(), p.infrastructure.end(), a) != p.infrastructure.end()) {
          continue;  // the participant trains where the aggregator runs: nothing leaves
        }
        if (DataFlow* f = sink.Add(ds, "infrastructure", a,
                                   "model updates of participant '" + p.operator_id +
                                       "' to the aggregator of '" + node_id + "'",
                                   p.loc.line ? p.loc : where, "", /*update=*/true)) {
          f->node = node_id;
          f->protection = fed.protection;
        }
      }
    }
  }
}

}  // namespace

void Facts::Impl::BuildUsage(const Deployment& d) {
  for (const DeployedModel& m : d.models) {
    for (const std::string& infra_id : m.serving) infra_models[infra_id].insert(m.id);
    auto near = nearest.find(m.id);
    if (near != nearest.end() && !near->second.empty()) {
      auto node = vertex_of.find(near->second);
      if (node != vertex_of.end()) {
        for (const std::string& infra_id : vertex_node[node->second]->training.infrastructure) {
          infra_models[infra_id].insert(m.id);
        }
      }
    }
    for (const std::string& eval_id : m.evaluations) {
      eval_models[eval_id].insert(m.id);
      auto eval = evaluations.find(eval_id);
      if (eval == evaluations.end()) continue;
      for (const std::string& infra_id : eval->second->runs_on) {
        infra_models[infra_id].insert(m.id);
      }
    }
  }
}

std::vector<DataFlow> Facts::Impl::BuildFlows(const Deployment& d) const {
  std::vector<DataFlow> flows;
  FlowSink sink(&flows);

  // Explicit flows; one into a deployed model goes to where that model is served.
  for (const Flow& f : d.flows) {
    std::string why = "explicit flow" + (f.purpose.empty() ? "" : " (" + f.purpose + ")");
    if (infra.count(f.to)) {
      sink.Add(f.from, "infrastructure", f.to, why, f.loc, "");
    } else if (endpoints.count(f.to)) {
      sink.Add(f.from, "endpoint", f.to, why, f.loc, "");
    } else if (auto m = models.find(f.to); m != models.end()) {
      for (const std::string& s : m->second->serving) {
        sink.Add(f.from, "infrastructure", s, why + " into model '" + f.to + "'", f.loc, f.to);
      }
    }
  }

  // Implied: the training data of every lineage node reaches the deployed model's serving
  // infrastructure, and each training step's data reaches that step's infrastructure.
  std::unordered_set<std::string> steps_done;
  for (const DeployedModel& m : d.models) {
    auto lin = lineage.find(m.id);
    if (lin == lineage.end()) continue;
    for (const std::string& node_id : lin->second) {
      const ModelNode& node = *vertex_node[vertex_of.at(node_id)];
      const TrainingStep& step = node.training;
      Location where = step.loc.line ? step.loc : node.loc;
      if (step.federated.present) {
        // Raw data stays with each participant; only updates reach the aggregator, and the
        // serving infrastructure receives no participant's raw data.
        if (steps_done.insert(node_id).second) AddFederatedFlows(sink, node_id, step.federated, where);
        continue;
      }
      for (const std::string& ds : step.datasets) {
        for (const std::string& s : m.serving) {
          sink.Add(ds, "infrastructure", s,
                   "training data of '" + node_id + "' served by '" + m.id + "'", where, m.id);
        }
      }
      if (!steps_done.insert(node_id).second) continue;
      for (const std::string& ds : step.datasets) {
        for (const std::string& i : step.infrastructure) {
          if (DataFlow* f = sink.Add(ds, "infrastructure", i, "training data of '" + node_id + "'",
                                     where, "")) {
            f->node = node_id;
          }
        }
      }
    }
  }

  for (const Endpoint& e : d.endpoints) {
    for (const std::string& ds : e.receives) {
      sink.Add(ds, "endpoint", e.id, "received by endpoint '" + e.id + "'", e.loc, "");
    }
  }
  return flows;
}

const std::set<std::string>& Facts::ModelsUsingInfra(const std::string& infra_id) const {
  static const std::set<std::string> kEmpty;
  auto it = impl_->infra_models.find(infra_id);
  return it == impl_->infra_models.end() ? kEmpty : it->second;
}

const std::set<std::string>& Facts::ModelsUsingEvaluation(const std::string& eval_id) const {
  static const std::set<std::string> kEmpty;
  auto it = impl_->eval_models.find(eval_id);
  return it == impl_->eval_models.end() ? kEmpty : it->second;
}

}  // namespace sov
