// Weight verification: each deployed model's pin held against the files. A `sha256` pin is
// the whole file's SHA-256; a `signature` pin is an OMS bundle (spec/signing.md) checked with
// oms::Verify against the manifest's public_key or certificate_chain. A file (or a signature
// with the same key) shared by several models is checked once.

#include <cctype>
#include <unordered_map>

#include "src/facts/facts.h"
#include "src/facts/facts_impl.h"
#include "src/oms/oms.h"
#include "src/util/error.h"
#include "src/util/fs.h"

namespace sov {
namespace {

struct HashResult {
  std::optional<std::string> hex;
  std::string error;
};

// The outcome of one oms::Verify, shared by models that pin the same weights the same way.
using SignedChecks = std::unordered_map<std::string, WeightsCheck>;

// An OMS signature pin: verified with the manifest's public key or certificate chain.
// Verified: pass, the signer named and the digest the OMS root digest (what SOV-5.4 binds
// evaluation results to). A bad signature, an untrusted chain or a file that differs from the
// signed one: kMismatch (exit 3). A bundle or key that cannot be read or parsed, or weights that
// are missing: kUnreadable (unknown), as for an unreadable sha256-pinned file.
WeightsCheck CheckSignature(const DeployedModel& m, oms::Device device, SignedChecks& done) {
  using Kind = WeightsCheck::Kind;
  const sov::Weights& w = m.weights;
  WeightsCheck check;
  if (w.public_key.empty() && w.certificate_chain.empty()) {
    check.kind = Kind::kUnsupported;
    check.message = "OMS signature '" + w.signature + "' of '" + m.id +
                    "' cannot be verified: the weights name neither a 'public_key' nor a "
                    "'certificate_chain' to check it with";
    return check;
  }
  std::string cache_key = w.path + '\n' + w.signature + '\n' + w.public_key;
  for (const std::string& c : w.certificate_chain) cache_key += '\n' + c;
  auto [it, fresh] = done.try_emplace(cache_key);
  if (!fresh) {
    check = it->second;
  } else {
    oms::VerifyKey key;
    if (!w.public_key.empty()) key.public_key = w.public_key;
    for (const std::string& c : w.certificate_chain) key.certificate_chain.emplace_back(c);
    try {
      oms::VerifyOptions options;
      options.device = device;
      oms::VerifyResult r = oms::Verify(w.path, w.signature, key, options);
      if (r.ok) {
        check.kind = Kind::kVerified;
        check.digest = "sha256:" + r.root_digest;
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

WeightsCheck CheckOne(const DeployedModel& m, const AuditContext& ctx,
                      std::unordered_map<std::string, HashResult>& hashed,
                      SignedChecks& signed_checks) {
  using Kind = WeightsCheck::Kind;
  const sov::Weights& w = m.weights;
  WeightsCheck check;
  if (w.sha256.empty() && w.signature.empty()) {
    check.kind = Kind::kUnpinned;
    check.message = "weights of '" + m.id + "' are not pinned (no sha256 and no signature)";
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
  if (w.sha256.empty()) return CheckSignature(m, ctx.device, signed_checks);
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

void Facts::Impl::VerifyWeights(const Deployment& d, const AuditContext& ctx) {
  std::unordered_map<std::string, HashResult> hashed;
  SignedChecks signed_checks;
  weights.reserve(d.models.size());
  for (const DeployedModel& m : d.models) {
    WeightsCheck check = CheckOne(m, ctx, hashed, signed_checks);
    if (check.kind == WeightsCheck::Kind::kMismatch) integrity_failure = true;
    weights[m.id] = std::move(check);
  }
}

}  // namespace sov
