#pragma once
// Private to src/facts: the indexes and derived data behind Facts. Built once in the
// constructor; read-only afterwards.

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "src/facts/facts.h"
#include "src/graph/graph.h"

namespace sov {

struct Facts::Impl {
  // Id indexes over the Deployment's vectors.
  std::unordered_map<std::string, const Organization*> orgs;
  std::unordered_map<std::string, const Infrastructure*> infra;
  std::unordered_map<std::string, const Dataset*> datasets;
  std::unordered_map<std::string, const DeployedModel*> models;
  std::unordered_map<std::string, const Evaluation*> evaluations;
  std::unordered_map<std::string, const Endpoint*> endpoints;

  // Organisation id -> domestic, walked up the parent chain once per organisation.
  std::unordered_map<std::string, Tri> org_domestic;

  // The lineage part of the stack graph: vertex v is lineage node vertex_node[v]; a lineage
  // edge runs from each base to the node derived from it.
  StackGraph graph;
  std::vector<const ModelNode*> vertex_node;                           // vertex -> node
  std::unordered_map<std::string, size_t> vertex_of;                   // node id -> vertex
  std::unordered_map<std::string, std::vector<std::string>> dangling;  // node -> missing bases

  // Per deployed model.
  std::unordered_map<std::string, std::vector<std::string>> lineage;
  std::unordered_map<std::string, std::string> nearest;
  WeightsChecks weights;  // from the verify stage

  std::unordered_map<std::string, std::set<std::string>> infra_models;
  std::unordered_map<std::string, std::set<std::string>> eval_models;
  std::unordered_map<std::string, bool> stores_non_public;
  std::unordered_map<std::string, Facts::Receiving> receiving;  // by infrastructure id
  // Dataset id -> its residency expanded to ISO codes, for datasets that state one.
  std::unordered_map<std::string, std::set<std::string>> residency;
  // The storage and KMS elements of non-public data, each (element, use) once in first-seen
  // order: the same for every model (DependenciesOf), so worked out once, not per model.
  std::vector<std::pair<std::string, std::string>> data_infra;

  // Steps of the constructor, one per file of src/facts.
  void BuildLineage(const Deployment& d);                       // facts_lineage.cc
  void BuildUsage(const Deployment& d);                         // facts_flows.cc
  std::vector<DataFlow> BuildFlows(const Deployment& d) const;  // facts_flows.cc
};

}  // namespace sov
