#pragma once
// Fleets (spec/evidence.md): `audit --plan-verification` writes what must be verified where the
// weights live, one model a line; `verify-plan` verifies its share of the lines (a Kubernetes
// Indexed Job's completion index, or --shard I/N) and writes one VSA per model. Each line
// carries everything the verifier needs but the weights: the pin, and for a signature pin the
// bundle and the manifest's key, certificates or identity, so a Job mounts only the plan, the
// model volume and its signing key.

#include <filesystem>
#include <string>
#include <vector>

#include "src/evidence/vsa.h"
#include "src/model/stack.h"
#include "src/oms/oms.h"
#include "src/util/expected.h"
#include "src/util/input.h"

namespace sov {

inline constexpr const char* kPlanSchema = "sovaudit/verification-plan/v1";

struct PlanEntry {
  std::string deployment, model;
  std::string weights;  // the path as the audit resolved it (relative to where it ran)
  std::string sha256;   // a sha256 pin, or ""
  // A signature pin: the bundle's JSON text, and what the manifest checks it with.
  std::string signature_bundle;
  std::string public_key_pem, certificate_chain_pem;
  std::string identity, issuer;
};

// The entries for the models of `d` with local weights and a sha256 or signature pin, reading
// signatures and keys through `inputs`. Throws Error as the reader does.
std::vector<PlanEntry> PlanDeployment(const Deployment& d, InputReader& inputs);

// One line of the plan: a JSON object with "schema" and the entry's members, sorted keys.
std::string PlanLine(const PlanEntry& e);

// The entries of plan text, in order. Throws Error (exit 2) at the line of a malformed one.
std::vector<PlanEntry> ParsePlan(const std::string& text, const std::string& file);

// Which entries shard `index` of `count` verifies: every entry i with i % count == index.
bool InShard(size_t i, size_t index, size_t count);

// Verifies `e` against the weights at base/e.weights (absolute weights paths as they are):
// the VSA's content, or why not (weights missing or unreadable: nothing to attest). `scratch`
// is a private folder for the bundle and keys.
Expected<WeightsVerification> VerifyPlanEntry(const PlanEntry& e, const std::filesystem::path& base,
                                              const std::filesystem::path& scratch, oms::Device device);

// A VSA statement for `v` (time and verifier version filled in here), signed with the PEM EC
// private key `key`: the bundle's JSON text.
std::string SignVsa(WeightsVerification v, const std::filesystem::path& key);

// "<deployment>--<model>.json": the file a plan entry's VSA is written to.
std::string VsaFileName(const PlanEntry& e);

}  // namespace sov
