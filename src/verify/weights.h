#pragma once
// The verify stage, between load and facts: each deployed model's pinned weights held against
// the files (a whole-file sha256, or an OMS signature: key, certificate chain or keyless), on
// the CPU or the GPU, and the hub's announced digest of weights.source. It does all the I/O of
// an audit past loading; Facts receives its plain results.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>

#include "src/model/stack.h"
#include "src/oms/oms.h"

namespace sov {

// The outcome of checking one deployed model's pinned weights.
struct WeightsCheck {
  enum class Kind {
    kVerified,     // sha256 given and equal to the file's
    kMismatch,     // sha256 given and different: tampering, exit 3
    kUnpinned,     // neither signature nor sha256
    kNotChecked,   // --no-verify, or weights not local
    kUnsupported,  // an OMS signature with no public_key, certificate_chain or identity to check it
    kUnreadable,   // pinned but the file cannot be read
    kAttested,     // not checked here, but a trusted VSA says it matched its pin (src/evidence)
    kFleetGap,     // served on an edge fleet whose boxes are not all attested (src/evidence)
  };
  Kind kind = Kind::kNotChecked;
  std::string digest;   // "sha256:<hex>" of the weights when computed (single file), else ""
  // A verified signature over a single file: "sha256:<hex>" of that file (its resource digest
  // in the signed manifest), which SOV-5.4 accepts as well as `digest`; else "".
  std::string file_digest;
  std::string message;  // for the finding
  bool attested = false;  // decided by a VSA from where the weights live (src/evidence)
  // Served on edge fleets (`fleet: {size}` of a serving element): the boxes in all, and the
  // distinct hosts whose fresh, trusted, PASSED VSAs for the pin were given; 0 and 0 otherwise.
  int fleet_size = 0;
  int fleet_attested = 0;
};

// By deployed model id.
using WeightsChecks = std::unordered_map<std::string, WeightsCheck>;

struct WeightsOptions {
  bool verify = true;  // false under --no-verify: every model kNotChecked, SOV-3.5 unknown
  oms::Device device = oms::Device::kAuto;  // where OMS signatures' weights are hashed
  // The hub check of weights.source: the SHA-256 the hub announces for a URL (nullopt: none
  // announced); throws Error (exit 4) for network failures. Empty under --offline.
  std::function<std::optional<std::string>(const std::string& url)> hub;
  // Keyless signatures: a Sigstore trusted root or ClientTrustConfig (audit --trust-config);
  // empty: the production root built in.
  std::string trust_config;
  // Where signatures, keys, certificate chains and the trust config are read from (they may be
  // URLs); nullptr: local files only.
  InputReader* inputs = nullptr;
};

// Checks every model of the deployment. A file (or a signature with the same key) shared by
// several models is checked once. Network failures of the hub check throw Error (exit 4).
WeightsChecks VerifyWeights(const Deployment& deployment, const WeightsOptions& options);

// False when `weights` does not exist, or is a folder holding no regular file but `signature`:
// weights that are not on this machine (unknown, not tampering).
bool WeightsPresent(const std::filesystem::path& weights, const std::filesystem::path& signature);

// True when a check found weights that differ from their pin (exit 3).
bool AnyMismatch(const WeightsChecks& checks);

}  // namespace sov
