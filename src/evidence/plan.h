#pragma once
// Fleets (spec/evidence.md): `audit --plan-verification` writes what must be verified where the
// weights live, one model a line; `verify-plan` verifies its share of the lines (a Kubernetes
// Indexed Job's completion index, or --shard I/N) and writes one VSA per model. Each line
// carries everything the verifier needs but the weights: the pin, and for a signature pin the
// bundle and the manifest's key, certificates or identity, so a Job mounts only the plan, the
// model volume and its signing key.

#include <filesystem>
#include <optional>
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
  // The weights and a signature pin's bundle as the audit resolved them, relative to where it
  // ran (and to verify-plan's --base): never absolute, never leaving it.
  std::string weights, signature;
  std::string sha256;   // a sha256 pin, or ""
  // A signature pin: the bundle's JSON text, and what the manifest checks it with.
  std::string signature_bundle;
  std::string public_key_pem, certificate_chain_pem;
  std::string identity, issuer;
};

// The entries for the models of `d` with local weights and a sha256 or signature pin, reading
// signatures and keys through `inputs`. A model that cannot be planned (a signature with no
// key, certificates or identity to check it with; a signature or key that cannot be read;
// weights outside the working directory) is left out, and why is added to `skipped`. Throws
// Error for network and integrity failures of remote inputs (exit 3, 4).
std::vector<PlanEntry> PlanDeployment(const Deployment& d, InputReader& inputs, std::vector<std::string>* skipped);

// One line of the plan: a JSON object with "schema" and the entry's members, sorted keys.
std::string PlanLine(const PlanEntry& e);

// The entries of plan text, in order. Throws Error (exit 2) at the line of a malformed one, and
// for a model planned twice.
std::vector<PlanEntry> ParsePlan(const std::string& text, const std::string& file);
// The same, read from a file line by line (a plan of many signed models outgrows text limits).
std::vector<PlanEntry> ReadPlanFile(const std::filesystem::path& file);

// Which entries shard `index` of `count` verifies: every entry i with i % count == index.
bool InShard(size_t i, size_t index, size_t count);

// What verifying one entry came to: a VSA to sign, or nothing, and why.
struct PlanOutcome {
  std::optional<WeightsVerification> vsa;
  std::string problem;     // when there is no VSA
  bool integrity = false;  // no VSA because the signature itself does not verify (exit 3)
};

// Verifies `e` against the weights at base/e.weights: a VSA (PASSED, or FAILED for a file that
// differs from its pin), or nothing when the weights are not here (WeightsPresent), are
// unreadable, or the signature itself does not verify (nothing verified names a digest).
// `scratch` is a private folder for the bundle and keys. Throws Error (exit 4) for the GPU.
PlanOutcome VerifyPlanEntry(const PlanEntry& e, const std::filesystem::path& base,
                            const std::filesystem::path& scratch, oms::Device device);

// A VSA statement for `v` (time and verifier version filled in here), signed with the PEM EC
// private key `key`: the bundle's JSON text. Throws Error (exit 2) for a digest that is not 64
// lower-case hex digits: nothing is signed that no check produced.
std::string SignVsa(WeightsVerification v, const std::filesystem::path& key);

// "<deployment>--<model>-<12 hex>.json": the file a plan entry's VSA is written to; the hex
// (of deployment, model and weights) keeps names that sanitise alike apart.
std::string VsaFileName(const PlanEntry& e);

}  // namespace sov
