#pragma once
// The normalised stack: one deployment manifest plus every provenance file it pulls in, ids
// resolved, paths resolved, catalogue models expanded. Produced by src/load, read by everything
// after it. Plain data: no behaviour beyond lookups.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "src/util/error.h"

namespace sov {

struct Organization {
  std::string id;
  std::string name;
  std::string jurisdiction;  // ISO 3166-1 alpha-2, upper case, checked against the catalogue
  std::string parent;        // organisation id, or ""
  bool from_catalog = false; // made from a catalogue model's developer
  Location loc;
};

struct Infrastructure {
  std::string id;
  std::string kind;          // compute | storage | kms | network | edge
  std::string location;      // ISO code; from `location`, or resolved from `region`
  std::string region;        // "provider:region" as written, or ""
  std::string operator_id;
  std::string provider_id;   // defaults to operator_id
  int fleet_size = 0;        // `fleet: {size: N}`: N like boxes; 0 when not a fleet
  Location loc;
};

struct Dataset {
  std::string id;
  std::string owner;           // organisation id
  std::string classification;  // public | internal | confidential | restricted
  std::string origin;          // ISO code or ""
  std::vector<std::string> stored_in;  // infrastructure ids
  std::string kms;             // infrastructure id of encryption.kms, or ""
  // Where this data, and data derived from it, may be stored, processed and sent: codes and
  // groups as written, each within home; empty: home (manifest.md, cross-border groups).
  std::vector<std::string> residency;
  Location loc;
};

// A licence as a model names it: a catalogue id, or inline terms. Unset fields are unknown.
struct LicenceRef {
  bool present = false;
  std::string id;              // catalogue id as written, or "" for an inline licence
  std::string name, url;
  std::string modification;    // permitted | consent | prohibited | "" (unknown)
  std::string commercial;      // permitted | threshold | consent | prohibited | ""
  std::optional<bool> revocable;
  std::optional<bool> remote_restriction;
  Location loc;
};

// One participant of a federated training step: trains on its own data on its own
// infrastructure and sends model updates to the aggregator.
struct FederatedParticipant {
  std::string operator_id;                  // organisation id
  std::vector<std::string> infrastructure;  // infrastructure ids
  std::vector<std::string> datasets;        // dataset ids (at least one)
  Location loc;
};

// `training.federated`: raw data stays with each participant; updates go to the aggregator.
struct FederatedTraining {
  bool present = false;
  std::string aggregator_operator;                     // organisation id
  std::vector<std::string> aggregator_infrastructure;  // infrastructure ids
  std::vector<FederatedParticipant> participants;
  std::vector<std::string> protection;  // secure-aggregation | differential-privacy
  Location loc;
};

// The step that made a model from its base. For a federated step, `datasets` and
// `infrastructure` are every participant's and the aggregator's, and `operator_id` is the
// aggregator's operator, so that every rule that reads a training step sees all of them.
struct TrainingStep {
  bool present = false;
  std::vector<std::string> datasets;        // dataset ids
  std::string operator_id;                  // organisation id or ""
  std::vector<std::string> infrastructure;  // infrastructure ids
  FederatedTraining federated;
  Location loc;
};

// One node of the lineage DAG: a deployed model's provenance `model`, a `lineage` entry, or a
// catalogue model (id "catalog:<hf-id>").
struct ModelNode {
  std::string id;
  std::string name, version;
  std::string developer;          // organisation id, or "" when not stated
  std::string relation;           // pretrained | continued-pretraining | finetune | adapter |
                                  // distillation | merge | quantized | "" (not stated)
  std::vector<std::string> base;  // parent node ids; several only for merge
  LicenceRef licence;
  TrainingStep training;
  bool from_catalog = false;
  std::string source;             // for catalogue nodes: the public source cited
  Location loc;
};

struct Weights {
  std::string availability;                // local | api
  std::string path;                        // resolved path, usable from the working directory
  std::string signature;                   // resolved path (or URL) of an OMS bundle, or ""
  std::string sha256;                      // 64 lower-case hex, or ""
  std::string public_key;                  // resolved path (or URL), or ""
  std::vector<std::string> certificate_chain;  // resolved paths (or URLs)
  // A keyless (Sigstore) signature's signer: the certificate's SAN and OIDC issuer, or "".
  std::string identity, identity_provider;
  std::string source;  // https://<hub>/<repo>/resolve/<revision>/<file>, or ""
  Location loc;
};

struct DeployedModel {
  std::string id;                        // equals the provenance model's id; a node in `nodes`
  std::string provenance_file;           // resolved path, or "" when inline
  std::vector<std::string> serving;      // infrastructure ids
  Weights weights;
  std::vector<std::string> evaluations;  // evaluation ids
  Location loc;
};

struct Benchmark {
  std::string name;
  std::string owner;  // organisation id
  Location loc;
};

struct EvalResult {
  std::string model_digest;  // "sha256:<hex>"
  std::string date;          // YYYY-MM-DD
  Location loc;
};

struct Evaluation {
  std::string id;
  std::string operator_id;
  std::vector<std::string> runs_on;  // infrastructure ids
  std::vector<Benchmark> benchmarks;
  std::vector<std::string> judges;   // deployed model ids
  std::vector<EvalResult> results;
  Location loc;
};

struct Endpoint {
  std::string id;
  std::string url;
  std::string operator_id;
  std::string location;  // ISO code; from `location`, or resolved from `region`
  std::string region;
  std::string purpose;   // licence | telemetry | inference | update | support | logging
  // `required` left out: the service may stop without it (never read as false).
  std::optional<bool> required;
  std::vector<std::string> receives;  // dataset ids
  bool receives_stated = false;       // `receives` given (`[]` is a stated "nothing")
  Location loc;
};

struct Flow {
  std::string from;  // dataset id
  std::string to;    // infrastructure, endpoint or deployed model id
  std::string purpose;
  Location loc;
};

// `contingency.drills[]`: a failure drill and when it was last exercised.
struct Drill {
  std::string scenario;        // vendor-withdrawal | export-control | connectivity-loss |
                               // node-compromise | rollback | inference-drift
  std::string last_exercised;  // YYYY-MM-DD
  std::string record;          // as written, or ""
  Location loc;
};

struct Contingency {
  bool present = false;
  std::string plan;            // path as written (not resolved: a document, not an input)
  std::string last_exercised;  // YYYY-MM-DD or ""
  std::vector<std::string> fallback_models;
  std::vector<Drill> drills;
  Location loc;
};

struct Claim {
  bool present = false;
  int layer = 0;
  std::string by;  // organisation id
  std::string source;
  Location loc;
};

struct Deployment {
  std::string file;  // the manifest path as the user gave it (or as found in a directory)
  std::string name, owner, business_unit, description;
  bool commercial_use = true;  // metadata.use: commercial (default) | non-commercial
  Location loc;      // of `metadata.name`
  std::vector<std::string> home;  // as written: ISO codes and group names
  Location home_loc;
  Claim claim;

  std::vector<Organization> organizations;  // manifest, provenance files, then catalogue orgs
  std::vector<Infrastructure> infrastructure;
  std::vector<Dataset> datasets;
  std::vector<DeployedModel> models;
  std::map<std::string, ModelNode> nodes;  // every lineage node by id, catalogue ones included
  std::vector<Evaluation> evaluations;
  std::vector<Endpoint> endpoints;
  std::vector<Flow> flows;
  Contingency contingency;

  std::vector<std::string> input_files;  // manifest first, then provenance files, as read
  // SHA-256 (hex) of the bytes parsed, by input file, for the YAML read as text; the report
  // records these instead of reading the files again. Imported files are hashed by the audit.
  std::map<std::string, std::string> input_sha256;

  // Lookups by id; nullptr when absent. Linear scans are fine at the sizes the loader builds
  // indexes for (the loader checks references; Facts keeps maps for hot paths).
  const Organization* FindOrganization(const std::string& id) const;
  const Infrastructure* FindInfrastructure(const std::string& id) const;
  const Dataset* FindDataset(const std::string& id) const;
  const DeployedModel* FindModel(const std::string& id) const;
  const ModelNode* FindNode(const std::string& id) const;
};

}  // namespace sov
