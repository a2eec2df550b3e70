#pragma once
// `audit --evidence`: VSAs made where the weights live stand in for hashing them here
// (spec/evidence.md). A model whose weights this run could not check (not present, or
// --no-verify) is attested when a trusted VSA for its pinned digest, of the manifest's key or
// identity for a signature pin, PASSED at most max_age_days before the audit date; a trusted
// FAILED one for its pinned digest is an integrity failure wherever the weights were checked.
// Anything else is not evidence, and the check's message says why.

#include <string>
#include <vector>

#include "src/evidence/vsa.h"
#include "src/model/stack.h"
#include "src/util/date.h"
#include "src/util/input.h"
#include "src/verify/weights.h"

namespace sov {

struct EvidencePolicy {
  Date as_of;
  int max_age_days = 30;            // --evidence-max-age
  InputReader* inputs = nullptr;    // reads the manifest's signatures and keys (may be URLs)
};

// Updates `checks` (from VerifyWeights) for the models of `d` with `evidence`.
void ApplyEvidence(const Deployment& d, const std::vector<WeightsEvidence>& evidence,
                   const EvidencePolicy& policy, WeightsChecks& checks);

}  // namespace sov
