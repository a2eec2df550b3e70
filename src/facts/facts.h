#pragma once
// Derived facts about one deployment: what is domestic, control chains, the lineage DAG (a
// Boost.Graph adjacency list), implied data flows, and weight verification. Built once per
// deployment; rules only read it.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "src/catalog/catalog.h"
#include "src/model/stack.h"
#include "src/model/tri.h"
#include "src/util/date.h"
#include "src/verify/weights.h"

namespace sov {

class StackGraph;  // src/graph/graph.h

// What the facts are read against.
struct AuditContext {
  Date as_of;
};

// One data movement: explicit (a `flows` entry), implied (lineage training data to serving,
// data into a model, training data to training infrastructure) or to an endpoint.
struct DataFlow {
  std::string dataset;
  std::string to_kind;  // "infrastructure" | "endpoint"
  std::string to;       // id
  std::string why;      // "explicit flow", "training data of 'x' served by 'm'", ...
  Location loc;
  std::string model;    // the deployed model the flow belongs to, or "" if deployment-wide
  std::string node;     // a training step's data: the lineage node it trained, else ""
  // A federated step's model updates (derived from `dataset`, sent by a participant to the
  // aggregator), not the raw data; `protection` is the step's.
  bool update = false;
  std::vector<std::string> protection;
};

// An organisation a deployed model depends on, and in what role.
struct Dependency {
  std::string org;        // organisation id
  std::string role;       // "operator of serving 'gpu-1'", ...
  bool possible = false;  // it may not be one: an endpoint that does not say it is required
};

class Facts {
 public:
  // Builds every fact from the deployment and the verify stage's results (src/verify); does no
  // I/O. Throws Error for problems the loader cannot see (e.g. unknown home groups).
  Facts(const Deployment& deployment, const Catalog& catalog, const AuditContext& ctx,
        WeightsChecks weights);
  ~Facts();
  Facts(const Facts&) = delete;
  Facts& operator=(const Facts&) = delete;

  const Deployment& deployment() const { return d_; }
  const Catalog& catalog() const { return catalog_; }
  const AuditContext& context() const { return ctx_; }

  // Home expanded to ISO codes (groups replaced by their members).
  const std::set<std::string>& home() const { return home_; }

  // A country is domestic when it is in home; "" is unknown.
  Tri CountryDomestic(const std::string& country) const;
  // Whether data of `dataset_id` may be in `country`: within the dataset's `residency`
  // (expanded), or home when it states none; "" is unknown.
  Tri CountryResident(const std::string& dataset_id, const std::string& country) const;
  // The dataset's residency as written ("PH"), or "" when it states none (home applies).
  std::string ResidencyText(const std::string& dataset_id) const;
  // Every flow (explicit or implied) to a place outside its dataset's residency (home when it
  // states none), protected federated updates left out, once each, in flow order:
  // "'ph-loan-files' to 'sg-gpu' (SG; residency PH)".
  std::vector<std::string> ResidencyBreaks() const;
  // An organisation is domestic when it and every parent up its chain are in home.
  // Unknown id or missing jurisdiction: kUnknown.
  Tri OrgDomestic(const std::string& org_id) const;
  // "example-bank (SG) <- example-holdings (US)": the chain, for messages.
  std::string OrgChain(const std::string& org_id) const;
  // Infrastructure location domestic (unknown when the location is unknown).
  Tri InfraLocationDomestic(const std::string& infra_id) const;

  // The deployed model and its ancestors: deployed model first, then breadth-first order,
  // each node once. Unknown ids give an empty list.
  const std::vector<std::string>& Lineage(const std::string& model_id) const;
  // Lineage nodes with no base (roots), in lineage order.
  std::vector<std::string> Roots(const std::string& model_id) const;
  // The nearest node walking up from the deployed model past `quantized` steps (SOV-3.2);
  // "" if none.
  std::string NearestTrainingStep(const std::string& model_id) const;

  // The licence terms of a node: the catalogue entry for its id merged with inline terms;
  // nullptr-equivalent (present=false) when unknown.
  LicenceTerms LicenceOf(const ModelNode& node, bool* known) const;

  // Data flows: every flow of non-public and public data alike, deployment-wide and per model.
  const std::vector<DataFlow>& Flows() const { return flows_; }

  const WeightsCheck& Weights(const std::string& model_id) const;

  // Any weight file mismatched its pin (the run exits 3).
  bool IntegrityFailure() const;

  // The deployed models that use an infrastructure element: serving it, training on it (the
  // nearest training step, as SOV-3.2 sees it; ARCHITECTURE.md) or evaluating on it. Empty for
  // elements used only by datasets or not at all.
  const std::set<std::string>& ModelsUsingInfra(const std::string& infra_id) const;

  // Lookups by id through hash maps (the Deployment::Find* helpers scan linearly).
  // nullptr when the id is unknown. Never throw.
  const Organization* Org(const std::string& id) const;
  const Infrastructure* Infra(const std::string& id) const;
  const Dataset* DatasetById(const std::string& id) const;
  const DeployedModel* Model(const std::string& id) const;
  const Evaluation* Eval(const std::string& id) const;
  const Endpoint* EndpointById(const std::string& id) const;
  const ModelNode* Node(const std::string& id) const;

  // "Domestic infrastructure" (SOV-3.2, SOV-5.1): location, operator and provider all
  // domestic. Any foreign part gives kNo, else any unknown part kUnknown. When `why` is given
  // it receives the foreign or unknown parts, e.g. "'gpu-1' is operated by aws-sg (SG) <-
  // amazon (US)". An unknown id is kUnknown.
  Tri InfraDomestic(const std::string& infra_id, std::string* why) const;
  // True when some non-public dataset lists the element in `stored_in`.
  bool StoresNonPublicData(const std::string& infra_id) const;
  // The non-public data flows (explicit or implied) send to an element: receiving is
  // processing (SOV-2.1, SOV-2.2, SOV-3.6). `models` are the deployed models those flows
  // belong to (a training step's data: every model with that step in its lineage);
  // `deployment_wide` is set by a flow of no model (an explicit flow to the element).
  struct Receiving {
    bool any = false;
    bool deployment_wide = false;
    std::set<std::string> models;
  };
  const Receiving& NonPublicDataReceived(const std::string& infra_id) const;

  // The organisations a deployed model depends on (SOV-3.6, Q4): developers and training
  // operators of every lineage node; operators and providers of the infrastructure it is
  // served, trained (nearest step) and evaluated on, of the storage, KMS and receiving
  // infrastructure of non-public data; operators of required endpoints. Domestic ones
  // included; each (organisation, role) once, in that order.
  std::vector<Dependency> DependenciesOf(const std::string& model_id) const;
  // The fallback part of SOV-3.6 for a model: the other models of the deployment that
  // `contingency.fallback_models` offers in its place, or, for a model that is itself a
  // fallback, the models it stands in for (`is_fallback` set). Unknown ids are ignored.
  struct Fallbacks {
    std::vector<std::string> alternatives;
    bool is_fallback = false;
  };
  Fallbacks FallbacksOf(const std::string& model_id) const;
  // The foreign developers (organisation ids, sorted) that two deployed models' lineages
  // share: a fallback that shares one does not survive that developer's withdrawal.
  std::vector<std::string> SharedForeignDevelopers(const std::string& a,
                                                   const std::string& b) const;
  // The deployed models that use an evaluation; empty when none does.
  const std::set<std::string>& ModelsUsingEvaluation(const std::string& eval_id) const;
  // Lineage bases that name no node (the loader rejects them; hand-built stacks may not).
  const std::vector<std::string>& DanglingBases(const std::string& node_id) const;
  // The lineage DAG the audit walks, as the lineage part of the stack graph (src/graph): one
  // model vertex per lineage node, an edge from each base to the node derived from it.
  // BuildStackGraph (src/facts/stack_graph.h) completes a copy of it with the rest of the stack.
  const StackGraph& Graph() const;

 private:
  struct Impl;
  const Deployment& d_;
  const Catalog& catalog_;
  AuditContext ctx_;
  std::set<std::string> home_;
  std::vector<DataFlow> flows_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sov
