// Weight verification: each deployed model's pin held against the files. A file shared by
// several models is hashed once.

#include <cctype>
#include <unordered_map>

#include "src/facts/facts.h"
#include "src/facts/facts_impl.h"
#include "src/util/fs.h"

namespace sov {
namespace {

struct HashResult {
  std::optional<std::string> hex;
  std::string error;
};

WeightsCheck CheckOne(const DeployedModel& m, bool verify,
                      std::unordered_map<std::string, HashResult>& hashed) {
  using Kind = WeightsCheck::Kind;
  const sov::Weights& w = m.weights;
  WeightsCheck check;
  if (w.sha256.empty() && w.signature.empty()) {
    check.kind = Kind::kUnpinned;
    check.message = "weights of '" + m.id + "' are not pinned (no sha256 and no signature)";
    return check;
  }
  if (!verify) {
    check.kind = Kind::kNotChecked;
    check.message = "weights of '" + m.id + "' were not verified (--no-verify)";
    return check;
  }
  if (w.availability == "api") {
    check.kind = Kind::kNotChecked;
    check.message = "weights of '" + m.id + "' are only reachable as a remote API";
    return check;
  }
  if (w.sha256.empty()) {
    check.kind = Kind::kUnsupported;
    check.message = "OMS signature '" + w.signature + "' of '" + m.id +
                    "' is not verified by this version (OMS verification is pending)";
    return check;
  }
  auto [it, fresh] = hashed.try_emplace(w.path);
  if (fresh) it->second.hex = Sha256File(w.path, &it->second.error);
  const HashResult& result = it->second;
  if (!result.hex) {
    check.kind = Kind::kUnreadable;
    check.message = "weights of '" + m.id + "' cannot be read: " + result.error;
    return check;
  }
  check.digest = "sha256:" + *result.hex;
  std::string pin = w.sha256;
  for (char& c : pin) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (*result.hex == pin) {
    check.kind = Kind::kVerified;
    check.message = "weights file '" + w.path + "' of '" + m.id + "' matches its sha256 pin";
  } else {
    check.kind = Kind::kMismatch;
    check.message = "weights file '" + w.path + "' of '" + m.id + "' has sha256 " + *result.hex +
                    " but the manifest pins " + w.sha256 + " (tampered or stale)";
  }
  return check;
}

}  // namespace

void Facts::Impl::VerifyWeights(const Deployment& d, bool verify) {
  std::unordered_map<std::string, HashResult> hashed;
  weights.reserve(d.models.size());
  for (const DeployedModel& m : d.models) {
    WeightsCheck check = CheckOne(m, verify, hashed);
    if (check.kind == WeightsCheck::Kind::kMismatch) integrity_failure = true;
    weights[m.id] = std::move(check);
  }
}

}  // namespace sov
