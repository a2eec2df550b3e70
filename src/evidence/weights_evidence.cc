#include "src/evidence/weights_evidence.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "src/oms/oms.h"
#include "src/util/encoding.h"
#include "src/util/error.h"
#include "src/util/fs.h"
#include "src/util/text.h"

namespace sov {
namespace {

using Kind = WeightsCheck::Kind;

// What a VSA must say to stand for one model's pin.
struct Pin {
  std::string digest;  // hex: the sha256 pin, or the root digest the pinned signature covers
  std::string method;  // "sha256", "oms-key", "oms-certificate" or "oms-keyless": what the VSA must have checked
  std::string key_fingerprint;
  std::vector<std::string> anchors;  // sorted
  std::string identity, issuer;
  std::string problem;  // why the pin cannot be matched (an unreadable signature or key)
};

std::string ReadPinInput(const EvidencePolicy& policy, const std::string& ref, std::uintmax_t max) {
  FileReader local;
  InputReader& inputs = policy.inputs != nullptr ? *policy.inputs : local;
  return inputs.Read(InputRef::Parse(ref), max).bytes;
}

Pin PinOf(const DeployedModel& m, const EvidencePolicy& policy) {
  Pin pin;
  const Weights& w = m.weights;
  if (!w.sha256.empty()) {
    pin.digest = AsciiLower(w.sha256);
    pin.method = "sha256";
    return pin;
  }
  try {
    // The root digest the pinned signature's statement names (its signature is the VSA's
    // business: the verifier checked it where the weights are).
    oms::Envelope env = oms::ReadEnvelope(ReadPinInput(policy, w.signature, 16u << 20), w.signature);
    nlohmann::json st = nlohmann::json::parse(env.payload, nullptr, false);
    const nlohmann::json* subject = st.is_object() && st.contains("subject") && st["subject"].is_array() &&
                                            st["subject"].size() == 1
                                        ? &st["subject"][0]
                                        : nullptr;
    if (subject != nullptr && subject->is_object() && subject->contains("digest") &&
        (*subject)["digest"].is_object() && (*subject)["digest"].contains("sha256") &&
        (*subject)["digest"]["sha256"].is_string()) {
      pin.digest = AsciiLower((*subject)["digest"]["sha256"].get<std::string>());
    } else {
      pin.problem = "its signature '" + w.signature + "' names no root digest (a signature older than OMS v1.0)";
      return pin;
    }
    if (!w.public_key.empty()) {
      pin.method = "oms-key";
      pin.key_fingerprint = PublicKeyFingerprint(ReadPinInput(policy, w.public_key, 1 << 20), w.public_key);
    } else if (!w.certificate_chain.empty()) {
      pin.method = "oms-certificate";
      for (const std::string& c : w.certificate_chain) {
        for (std::string& a : AnchorFingerprints(ReadPinInput(policy, c, 16u << 20), c)) {
          pin.anchors.push_back(std::move(a));
        }
      }
      std::sort(pin.anchors.begin(), pin.anchors.end());
    } else {
      pin.method = "oms-keyless";
      pin.identity = w.identity;
      pin.issuer = w.identity_provider;
    }
  } catch (const Error& e) {
    pin.problem = e.Describe();
  }
  return pin;
}

// Why `e` (trusted, for the pinned digest, PASSED) does not stand for `pin`; "" when it does.
std::string PolicyMismatch(const WeightsVerification& v, const Pin& pin) {
  if (v.method != pin.method) {
    return "it checked the weights by " + v.method + ", the manifest pins them by " + pin.method;
  }
  if (pin.method == "oms-key" && v.key_fingerprint != pin.key_fingerprint) {
    return "it checked the signature with key sha256:" + v.key_fingerprint + ", not the manifest's key sha256:" +
           pin.key_fingerprint;
  }
  if (pin.method == "oms-certificate") {
    std::vector<std::string> anchors = v.anchors;
    std::sort(anchors.begin(), anchors.end());
    if (anchors != pin.anchors) return "it trusted other certificate anchors than the manifest's";
  }
  if (pin.method == "oms-keyless" && (v.identity != pin.identity || v.issuer != pin.issuer)) {
    return "it checked the identity " + v.identity + " from " + v.issuer + ", the manifest pins " +
           pin.identity + " from " + pin.issuer;
  }
  return "";
}

std::string Described(const WeightsEvidence& e) {
  return "verified by sovaudit " + (e.v.verifier_version.empty() ? std::string("?") : e.v.verifier_version) +
         " at " + e.v.time_verified + " on " + e.v.resource_uri + " (" + e.file + ", signed by " + e.signer + ")";
}

// The box a VSA's resourceUri names: the host of a "file://HOST/PATH" URI, without a user or
// port; "" for any other URI (a bucket or a web address is not a box of a fleet).
std::string HostOf(const std::string& uri) {
  constexpr std::string_view kFile = "file://";
  if (uri.size() <= kFile.size() || AsciiLower(uri.substr(0, kFile.size())) != kFile) return "";
  size_t start = kFile.size();
  size_t end = uri.find_first_of("/?#", start);
  std::string host = uri.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (size_t at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);
  if (size_t colon = host.rfind(':'); colon != std::string::npos && host.find(']') == std::string::npos) {
    host = host.substr(0, colon);
  }
  return AsciiLower(host);
}

// The boxes of the edge fleets `m` is served on (0: none).
int FleetSize(const Deployment& d, const DeployedModel& m) {
  int size = 0;
  for (const std::string& id : m.serving) {
    if (const Infrastructure* i = d.FindInfrastructure(id)) size += i->fleet_size;
  }
  return size;
}

// A model served on a fleet is verified box by box where it runs (manifest.md): it passes
// only when the distinct hosts of the accepted VSAs cover every box.
void JudgeFleet(const DeployedModel& m, int size, const std::set<std::string>& hosts,
                const std::string& digest, const std::vector<std::string>& refused,
                WeightsCheck& check) {
  check.fleet_size = size;
  check.fleet_attested = static_cast<int>(std::min<size_t>(hosts.size(), static_cast<size_t>(size)));
  if (check.kind == WeightsCheck::Kind::kMismatch) return;
  std::string coverage = std::to_string(check.fleet_attested) + " of " + std::to_string(size) +
                         " boxes attested";
  if (check.fleet_attested >= size) {
    check.kind = WeightsCheck::Kind::kAttested;
    check.attested = true;
    check.digest = "sha256:" + digest;
    check.message = "weights of '" + m.id + "' are attested on every box of its fleet: " + coverage +
                    " to match their pin (sha256:" + digest + ")";
    return;
  }
  check.kind = WeightsCheck::Kind::kFleetGap;
  check.message = "weights of '" + m.id + "' are served on an edge fleet: " + coverage + "; " +
                  std::to_string(size - check.fleet_attested) + " not" +
                  (refused.empty() ? "" : " (evidence not accepted: " + Join(refused, "; ") + ")");
}

}  // namespace

void ApplyEvidence(const Deployment& d, const std::vector<WeightsEvidence>& evidence,
                   const EvidencePolicy& policy, WeightsChecks& checks) {
  bool fleets = false;
  for (const DeployedModel& m : d.models) fleets |= FleetSize(d, m) > 0;
  if (evidence.empty() && !fleets) return;
  // Indexed once: a fleet's thousands of VSAs are matched by digest and name, not scanned.
  std::unordered_map<std::string, std::vector<const WeightsEvidence*>> by_digest, by_name;
  for (const WeightsEvidence& e : evidence) {
    by_digest[e.v.digest].push_back(&e);
    by_name[e.v.subject_name].push_back(&e);
  }
  static const std::vector<const WeightsEvidence*> kNone;
  auto find = [](const auto& index, const std::string& key) -> const std::vector<const WeightsEvidence*>& {
    auto it = index.find(key);
    return it == index.end() ? kNone : it->second;
  };
  for (const DeployedModel& m : d.models) {
    WeightsCheck& check = checks[m.id];
    const Weights& w = m.weights;
    if (w.availability == "api" || (w.sha256.empty() && w.signature.empty())) continue;
    Pin pin = PinOf(m, policy);
    const std::string name = std::filesystem::path(w.path).lexically_normal().filename().string().empty()
                                 ? std::filesystem::path(w.path).lexically_normal().parent_path().filename().string()
                                 : std::filesystem::path(w.path).lexically_normal().filename().string();
    std::vector<std::string> refused;
    const WeightsEvidence* accepted = nullptr;
    std::set<std::string> hosts;  // of every accepted VSA: the boxes of a fleet
    const WeightsEvidence* failed = nullptr;  // a trusted, fresh FAILED one for the pin
    if (!name.empty()) {
      for (const WeightsEvidence* e : find(by_name, name)) {
        if (e->v.digest != pin.digest) refused.push_back(e->file + " is for other bytes (sha256 " + e->v.digest + ")");
      }
    }
    for (const WeightsEvidence* ep : pin.digest.empty() ? kNone : find(by_digest, pin.digest)) {
      const WeightsEvidence& e = *ep;
      if (!e.trusted) {
        refused.push_back(e.file + " is not trusted: " + e.why_untrusted);
        continue;
      }
      // A result, PASSED or FAILED, counts only when it checked the pin the manifest states.
      if (std::string why = PolicyMismatch(e.v, pin); !why.empty()) {
        refused.push_back(e.file + ": " + why);
        continue;
      }
      // Stale evidence, or evidence from after the audit date, is no evidence, PASSED or FAILED.
      std::optional<Date> when = DateOfRfc3339(e.v.time_verified);
      long age = when ? DaysBetween(*when, policy.as_of) : -1;
      if (!when || age < 0) {
        refused.push_back(e.file + " was made after the audit date " + policy.as_of.ToString());
        continue;
      }
      if (age > policy.max_age_days) {
        refused.push_back(e.file + " is stale: " + std::to_string(age) + " days old, at most " +
                          std::to_string(policy.max_age_days) + " (--evidence-max-age)");
        continue;
      }
      if (!e.v.passed) {
        if (failed == nullptr) failed = &e;
        continue;
      }
      if (accepted == nullptr ||
          ParseRfc3339(e.v.time_verified).value_or(0) > ParseRfc3339(accepted->v.time_verified).value_or(0)) {
        accepted = &e;
      }
      if (std::string host = HostOf(e.v.resource_uri); !host.empty()) hosts.insert(host);
    }
    if (failed != nullptr) {
      check.kind = Kind::kMismatch;
      check.attested = true;
      check.message = "weights of '" + m.id + "' FAILED verification against their pin where they live: " +
                      Described(*failed);
      accepted = nullptr;
    }
    if (int size = FleetSize(d, m); size > 0 && pin.problem.empty()) {
      JudgeFleet(m, size, hosts, pin.digest, refused, check);
      continue;
    }
    if (check.kind == Kind::kMismatch) continue;
    if (check.kind != Kind::kUnreadable && check.kind != Kind::kNotChecked) continue;
    if (accepted != nullptr) {
      check.kind = Kind::kAttested;
      check.attested = true;
      check.digest = "sha256:" + pin.digest;
      check.message = "weights of '" + m.id + "' are attested to match their pin (sha256:" + pin.digest + "): " +
                      Described(*accepted);
      continue;
    }
    if (!pin.problem.empty() && !evidence.empty()) {
      check.message += " (evidence cannot be matched: " + pin.problem + ")";
    } else if (!refused.empty()) {
      check.message += " (evidence not accepted: " + Join(refused, "; ") + ")";
    } else if (!evidence.empty()) {
      check.message += " (no evidence for its pin sha256:" + pin.digest + " among " +
                       std::to_string(evidence.size()) + " given)";
    }
  }
}

}  // namespace sov
