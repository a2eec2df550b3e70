// The verify stage (weights.h): each deployed model's pin held against the files. A `sha256` pin is
// the whole file's SHA-256; a `signature` pin is an OMS bundle (spec/signing.md) checked with
// oms::Verify against the manifest's public_key or certificate_chain, or, for a keyless
// (Sigstore) bundle, its identity and identity_provider against the trusted root. A file (or a
// signature with the same key) shared by several models is checked once.

#include "src/verify/weights.h"

#include <cctype>
#include <filesystem>
#include <optional>
#include <unordered_map>

#include "src/util/error.h"
#include "src/util/expected.h"
#include "src/util/fs.h"
#include "src/util/input.h"

namespace sov {
namespace {

// A weights file's whole-file SHA-256 (hex), or why it cannot be read.
using HashResult = Expected<std::string>;

// The outcome of one oms::Verify, shared by models that pin the same weights the same way.
using SignedChecks = std::unordered_map<std::string, WeightsCheck>;

// What the hub announced per weights.source URL.
using HubAnswers = std::unordered_map<std::string, std::optional<std::string>>;

// An OMS signature pin: verified with the manifest's public key or certificate chain.
// Verified: pass, the signer named and the digest the OMS root digest (what SOV-5.4 binds
// evaluation results to). A bad signature, an untrusted chain or a file that differs from the
// signed one: kMismatch (exit 3). A bundle or key that cannot be read or parsed, or weights that
// are missing: kUnreadable (unknown), as for an unreadable sha256-pinned file.
WeightsCheck CheckSignature(const DeployedModel& m, const WeightsOptions& ctx, SignedChecks& done) {
  using Kind = WeightsCheck::Kind;
  const sov::Weights& w = m.weights;
  WeightsCheck check;
  if (w.public_key.empty() && w.certificate_chain.empty() && w.identity.empty()) {
    check.kind = Kind::kUnsupported;
    check.message = "OMS signature '" + w.signature + "' of '" + m.id +
                    "' cannot be verified: the weights name no 'public_key', "
                    "'certificate_chain' or keyless 'identity' and 'identity_provider' to check "
                    "it with";
    return check;
  }
  // Remote signatures and keys are fetched here, outside the catch below: a refused, failed or
  // tampered download fails the audit (exit 2, 4 or 3), it does not make the finding unknown.
  FileReader local;
  InputReader& inputs = ctx.inputs != nullptr ? *ctx.inputs : local;
  std::vector<std::string> refs = w.certificate_chain;
  if (!w.public_key.empty()) refs.push_back(w.public_key);
  refs.push_back(w.signature);
  for (const std::string& ref : refs) {
    if (IsUrl(ref)) inputs.Read(InputRef::Parse(ref));
  }
  // Each field length-prefixed, so no value can pose as another field.
  std::string cache_key;
  for (const std::string* f : {&w.path, &w.signature, &w.public_key, &w.identity, &w.identity_provider}) {
    cache_key += std::to_string(f->size()) + ':' + *f;
  }
  for (const std::string& c : w.certificate_chain) cache_key += std::to_string(c.size()) + ':' + c;
  auto [it, fresh] = done.try_emplace(cache_key);
  if (!fresh) {
    check = it->second;
  } else if (!WeightsPresent(w.path, w.signature)) {
    // Not tampering: the weights live elsewhere (a CI runner), and only their signature is
    // here. Unknown, unless evidence from where they live says otherwise (src/evidence).
    check.kind = Kind::kUnreadable;
    check.message = "the weights are not here (no file but the signature" +
                    std::string(std::filesystem::exists(w.path) ? " in the folder" : "") + ")";
    it->second = check;
  } else {
    oms::VerifyKey key;
    if (!w.public_key.empty()) key.public_key = w.public_key;
    for (const std::string& c : w.certificate_chain) key.certificate_chain.emplace_back(c);
    if (!w.identity.empty()) {
      key.keyless = oms::KeylessPolicy{w.identity, w.identity_provider, ctx.trust_config};
    }
    try {
      oms::VerifyOptions options;
      options.device = ctx.device;
      options.inputs = &inputs;
      oms::VerifyResult r = oms::Verify(w.path, w.signature, key, options);
      if (r.ok) {
        check.kind = Kind::kVerified;
        check.digest = "sha256:" + r.root_digest;
        if (!r.file_sha256.empty()) check.file_digest = "sha256:" + r.file_sha256;
        check.message = "verified against OMS signature '" + w.signature + "', signed by " +
                        r.signer + ": " + std::to_string(r.files.size()) +
                        (r.files.size() == 1 ? " file" : " files") + ", root digest " +
                        check.digest;
      } else {
        check.kind = Kind::kMismatch;
        check.message = "OMS signature '" + w.signature + "' does not verify: " + r.message +
                        " (tampered, stale or signed by someone else)";
      }
    } catch (const Error& e) {
      // --device gpu without a usable GPU (exit 4) fails the audit, as it fails `verify`.
      if (e.exit_code() == kExitEnvironment) throw;
      check.kind = Kind::kUnreadable;
      check.message = "OMS signature '" + w.signature + "' cannot be checked: " + e.Describe();
    }
    it->second = check;
  }
  check.message = "weights '" + w.path + "' of '" + m.id + "': " + check.message;
  return check;
}

// The weights' whole-file SHA-256, hashed once per file.
const HashResult& HashOnce(const std::string& path,
                           std::unordered_map<std::string, HashResult>& hashed) {
  auto it = hashed.find(path);
  if (it == hashed.end()) it = hashed.emplace(path, Sha256File(path)).first;
  return it->second;
}

WeightsCheck CheckSha256(const DeployedModel& m, const HashResult& result) {
  using Kind = WeightsCheck::Kind;
  const sov::Weights& w = m.weights;
  WeightsCheck check;
  if (!result) {
    check.kind = Kind::kUnreadable;
    check.message = "weights of '" + m.id + "' cannot be read: " + result.error();
    return check;
  }
  check.digest = "sha256:" + *result;
  if (*result == w.sha256) {
    check.kind = Kind::kVerified;
    check.message = "weights file '" + w.path + "' of '" + m.id + "' matches its sha256 pin";
  } else {
    check.kind = Kind::kMismatch;
    check.message = "weights file '" + w.path + "' of '" + m.id + "' has sha256 " + *result +
                    " but the manifest pins " + w.sha256 + " (tampered or stale)";
  }
  return check;
}

// weights.source: the file's SHA-256 held against the digest the hub announces for it. `check`
// is the outcome of the manifest's own pin (kind kNotChecked when there is none), refined here.
WeightsCheck CheckHub(const DeployedModel& m, const WeightsOptions& ctx, WeightsCheck check,
                      std::unordered_map<std::string, HashResult>& hashed, HubAnswers& hub) {
  using Kind = WeightsCheck::Kind;
  const sov::Weights& w = m.weights;
  bool pinned = check.kind == Kind::kVerified;
  std::error_code ec;
  if (std::filesystem::is_directory(w.path, ec)) {
    // A verified signature stands: the hub check adds to a pin, it never takes one away.
    std::string why = "'source' names one file, but '" + w.path + "' is a folder";
    if (pinned) {
      check.message += " (not compared with the hub: " + why + ")";
      return check;
    }
    check.kind = Kind::kUnsupported;
    check.message = "weights of '" + m.id + "': " + why + " (the hub check is for a single-file "
                    "model)";
    return check;
  }
  const HashResult& file = HashOnce(w.path, hashed);
  if (!file) {
    check.kind = Kind::kUnreadable;
    check.message = "weights of '" + m.id + "' cannot be read: " + file.error();
    return check;
  }
  auto skip = [&](const std::string& why) {
    if (pinned) {
      check.message += " (not compared with the hub: " + why + ")";
    } else {
      check.kind = Kind::kNotChecked;
      check.message = "weights file '" + w.path + "' of '" + m.id + "' has no pin of its own, and " +
                      why;
    }
    return check;
  };
  if (!ctx.hub) return skip("the hub's digest was not fetched under --offline");
  auto [it, fresh] = hub.try_emplace(w.source);
  if (fresh) it->second = ctx.hub(w.source);
  const std::optional<std::string>& announced = it->second;
  if (!announced) return skip("'" + w.source + "' announces no SHA-256 (no X-Linked-Etag header)");
  if (*announced != *file) {
    check.kind = Kind::kMismatch;
    check.digest = "sha256:" + *file;
    check.message = "weights file '" + w.path + "' of '" + m.id + "' has sha256 " + *file +
                    " but '" + w.source + "' announces " + *announced +
                    " (not the file the hub serves at that revision)";
    return check;
  }
  std::string hub_note = "the sha256 that '" + w.source + "' announces";
  if (pinned) {
    check.message += ", and matches " + hub_note;
  } else {
    check.kind = Kind::kVerified;
    check.digest = "sha256:" + *file;
    check.message = "weights file '" + w.path + "' of '" + m.id + "' matches " + hub_note;
  }
  return check;
}

WeightsCheck CheckOne(const DeployedModel& m, const WeightsOptions& ctx,
                      std::unordered_map<std::string, HashResult>& hashed,
                      SignedChecks& signed_checks, HubAnswers& hub) {
  using Kind = WeightsCheck::Kind;
  const sov::Weights& w = m.weights;
  WeightsCheck check;
  if (w.sha256.empty() && w.signature.empty() && w.source.empty()) {
    check.kind = Kind::kUnpinned;
    check.message = "weights of '" + m.id + "' are not pinned (no sha256, signature or source)";
    return check;
  }
  if (!ctx.verify) {
    check.kind = Kind::kNotChecked;
    check.message = "weights of '" + m.id + "' were not verified (--no-verify)";
    return check;
  }
  if (w.availability == "api") {
    check.kind = Kind::kNotChecked;
    check.message = "weights of '" + m.id + "' are only reachable as a remote API";
    return check;
  }
  if (!w.sha256.empty()) {
    check = CheckSha256(m, HashOnce(w.path, hashed));
  } else if (!w.signature.empty()) {
    check = CheckSignature(m, ctx, signed_checks);
  }
  if (w.source.empty() || (check.kind != Kind::kVerified && check.kind != Kind::kNotChecked)) {
    return check;
  }
  return CheckHub(m, ctx, check, hashed, hub);
}

}  // namespace

bool WeightsPresent(const std::filesystem::path& weights, const std::filesystem::path& signature) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(weights, ec)) return false;
  if (!fs::is_directory(weights, ec)) return true;
  const fs::path sig = signature.empty() ? fs::path() : fs::absolute(signature, ec).lexically_normal();
  fs::recursive_directory_iterator it(weights, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (!it->is_regular_file(type_ec)) continue;
    if (fs::absolute(it->path(), type_ec).lexically_normal() != sig) return true;
  }
  return ec.value() != 0;  // unreadable: let verification say why
}

WeightsChecks VerifyWeights(const Deployment& d, const WeightsOptions& options) {
  std::unordered_map<std::string, HashResult> hashed;
  SignedChecks signed_checks;
  HubAnswers hub;
  WeightsChecks weights;
  weights.reserve(d.models.size());
  for (const DeployedModel& m : d.models) weights[m.id] = CheckOne(m, options, hashed, signed_checks, hub);
  return weights;
}

bool AnyMismatch(const WeightsChecks& checks) {
  for (const auto& [id, check] : checks) {
    if (check.kind == WeightsCheck::Kind::kMismatch) return true;
  }
  return false;
}

}  // namespace sov
