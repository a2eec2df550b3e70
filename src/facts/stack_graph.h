#pragma once
// The whole stack graph of one deployment, built on the lineage DAG the audit walks.

#include "src/facts/facts.h"
#include "src/graph/graph.h"

namespace sov {

// A copy of facts.Graph() (the lineage) completed with every organisation, dataset,
// infrastructure element and endpoint of the deployment and the edges between them. Every
// node is marked domestic, foreign or unknown from the facts:
//   organisation:   it and its parent chain are domestic (Facts::OrgDomestic);
//   model:          its developer is domestic (unknown when no developer is stated);
//   dataset:        its owner is domestic;
//   infrastructure: location, operator and provider are domestic (Facts::InfraDomestic);
//   endpoint:       its location and operator are domestic.
// Data flows are Facts::Flows(): explicit ones carry the purpose of their `flows` entry,
// endpoint ones the endpoint's purpose, implied ones "training" or "serving".
StackGraph BuildStackGraph(const Facts& facts);

}  // namespace sov
