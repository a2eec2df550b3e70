#pragma once
// The pipeline in one call: find manifests, load, derive facts, evaluate rules, score.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "src/load/loader.h"
#include "src/evidence/plan.h"
#include "src/oms/oms.h"
#include "src/report/report.h"
#include "src/util/date.h"

namespace sov {

struct AuditOptions {
  Date as_of;
  bool verify = true;
  oms::Device device = oms::Device::kAuto;  // --device, for OMS-signed weights
  std::vector<std::string> rule_packs;  // --rules, applied in order
  std::vector<std::string> waiver_files;  // --waivers, every entry of every file
  int target_layer = 0;                    // --target-layer (1..5); 0: none
  LoadOptions load;
  // The hub check of weights.source (WeightsOptions::hub, src/verify); empty under --offline.
  std::function<std::optional<std::string>(const std::string& url)> hub;
  // --trust-config: the Sigstore trusted root for keyless signatures ("": the one built in).
  std::string trust_config;
  // Every input of the run (manifests, provenance, cards, packs, waivers, signatures, keys) is
  // read through it, and the report's `inputs` are its records; nullptr: local files only.
  // Overrides load.inputs.
  InputReader* inputs = nullptr;
  // --evidence FILE|DIR...: SLSA VSAs of weights verified where they live, trusted when signed
  // by one of --evidence-key, and at most --evidence-max-age days old (src/evidence).
  std::vector<std::string> evidence;
  std::vector<std::string> evidence_keys;
  int evidence_max_age = 30;
  // --min-evidence KIND: passing findings resting on weaker evidence become unknown.
  Evidence min_evidence = Evidence::kDeclared;
  // --plan-verification: when set, receives what must be verified where the weights live.
  std::vector<PlanEntry>* plan = nullptr;
};

// Expands PATHs: a file is a manifest; a directory is searched recursively (sorted, symlinks
// not followed) for YAML files whose kind is Deployment (PortfolioKind, src/load: a file that
// looks like sovaudit's with a missing or unknown kind is an error, never skipped). Throws
// Error when a path is missing or a directory holds no deployment. `skipped`, when given,
// receives the number of YAML files that are not sovaudit's.
std::vector<std::string> FindManifests(const std::vector<std::string>& paths,
                                       size_t* skipped = nullptr);

// Audits every manifest. Throws Error on invalid input (exit 2).
Report RunAudit(const std::vector<std::string>& manifests, const AuditOptions& options);

}  // namespace sov
