// sovaudit verify: checks an OMS signature (OpenSSF model signing, spec/signing.md) over a model
// folder or a single file, with a public key or with trust anchors for a certificate chain.
// Prints what was checked; any mismatch or bad signature exits 3 with one line per problem.
#include <ostream>
#include <string>

#include "cli/commands.h"
#include "cli/progress.h"
#include "src/evidence/vsa.h"
#include "src/oms/oms.h"
#include "src/sigstore/trusted_root.h"
#include "src/util/error.h"
#include "src/util/text.h"

namespace sov {
namespace fs = std::filesystem;

namespace {

oms::VerifyOptions ToVerifyOptions(const VerifyCommandOptions& o) {
  oms::VerifyOptions v;
  v.ignore_paths = IgnorePathsFromCwd(o.ignore_paths);
  v.ignore_unsigned_files = o.ignore_unsigned_files;
  v.allow_symlinks = o.allow_symlinks;
  v.threads = o.threads;
  v.device = DeviceFrom(o.device);
  v.cert_time =
      o.cert_time == "now" ? oms::VerifyOptions::kNow : oms::VerifyOptions::kLeafNotBefore;
  return v;
}

// "key (--public-key FILE)" or "certificate chain (--certificate-chain A B)": what the user
// trusted, for the report.
std::string TrustedBy(const VerifyCommandOptions& o) {
  if (!o.identity.empty()) {
    return "identity " + o.identity + " from " + o.identity_provider + ", trusted root " +
           (o.trust_config.empty() ? std::string("built in") : o.trust_config);
  }
  if (!o.public_key.empty()) return "public key " + o.public_key;
  std::string s = "certificate chain";
  for (const std::string& c : o.certificate_chain) s += " " + c;
  return s;
}

std::string Method(const oms::VerifyResult& r) {
  if (r.method == "shards") return "shards of " + std::to_string(r.shard_size) + " bytes";
  return r.method;
}

void PrintSigner(const oms::VerifyResult& r, std::ostream& out) {
  if (!r.identity.empty() && r.keyless_check.empty()) {
    out << "  signer:      " << EscapeControl(r.identity) << "\n"
        << "               OIDC issuer " << EscapeControl(r.issuer) << "\n"
        << "               key sha256:" << r.key_fingerprint << "\n";
    out << "  logged:      " << EscapeControl(r.transparency_log) << "\n";
    out << "  signed at:   ";
    for (size_t i = 0; i < r.verified_times.size(); ++i) {
      out << (i ? ", " : "") << FormatTime(r.verified_times[i]);
    }
    out << " (verified times; the certificate was valid at each)\n";
    out << "  trust root:  " << EscapeControl(r.trusted_root) << "\n";
  } else if (!r.cert_subject.empty()) {
    out << "  signer:      certificate subject " << EscapeControl(r.cert_subject) << "\n"
        << "               issued by " << EscapeControl(r.cert_issuer) << "\n"
        << "               key sha256:" << r.key_fingerprint << "\n";
  } else if (!r.key_fingerprint.empty()) {
    out << "  signer:      key sha256:" << r.key_fingerprint << "\n";
  }
}

// What a VSA of this verification says: the root digest the verified signature covers, and
// which key, anchors or identity it was checked with. Only called once the signature verified.
WeightsVerification Verification(const VerifyCommandOptions& o, const oms::VerifyResult& r,
                                 InputReader& inputs) {
  WeightsVerification v;
  v.subject_name = fs::path(o.model).lexically_normal().filename().string();
  if (v.subject_name.empty()) v.subject_name = fs::path(o.model).lexically_normal().parent_path().filename().string();
  v.digest = r.root_digest;
  v.passed = r.ok;
  if (!o.identity.empty()) {
    v.method = "oms-keyless";
    v.identity = o.identity;
    v.issuer = o.identity_provider;
  } else if (!o.certificate_chain.empty()) {
    v.method = "oms-certificate";
    for (const std::string& c : o.certificate_chain) {
      for (std::string& a : AnchorFingerprints(inputs.Read(InputRef::Parse(c), 16u << 20).bytes, c)) {
        v.anchors.push_back(std::move(a));
      }
    }
  } else {
    v.method = "oms-key";
    v.key_fingerprint = PublicKeyFingerprint(inputs.Read(InputRef::Parse(o.public_key), 1 << 20).bytes,
                                             o.public_key);
  }
  return v;
}

}  // namespace

int RunVerifyCommand(const VerifyCommandOptions& o, InputReader& inputs, std::ostream& out,
                     std::ostream& err) {
  int methods = !o.public_key.empty() + !o.certificate_chain.empty() + !o.identity.empty();
  if (methods > 1) {
    throw Error("verify needs exactly one of --public-key, --certificate-chain or --identity "
                "with --identity-provider");
  }
  if (!o.identity.empty() || !o.identity_provider.empty()) {
    if (o.identity.empty() || o.identity_provider.empty()) {
      throw Error("--identity and --identity-provider must not be empty: an unpinned keyless "
                  "signature proves nothing about who signed");
    }
  }
  oms::VerifyKey key;
  if (!o.public_key.empty()) key.public_key = o.public_key;
  for (const std::string& c : o.certificate_chain) key.certificate_chain.emplace_back(c);
  if (!o.identity.empty()) key.keyless = oms::KeylessPolicy{o.identity, o.identity_provider, o.trust_config};
  // With no method at all the bundle decides the error: a keyless one gets the hint to pin the
  // signer's identity (oms::Verify), any other "exactly one of".

  CheckWeightsAttestOptions(o);
  oms::VerifyOptions options = ToVerifyOptions(o);
  oms::HashProgress progress;
  options.progress = &progress;
  options.inputs = &inputs;
  ProgressBar bar(progress, err, o.quiet);
  oms::VerifyResult r = oms::Verify(o.model, o.signature, key, options);
  bar.Stop();
  ReportEngine(o, r.engine, err);
  if (!o.attest_key.empty()) {
    if (r.root_digest.empty()) {
      // The signature itself failed: no digest was verified, so none is attested (a FAILED
      // VSA for the digest a bundle merely claims would let anyone have one signed).
      err << "sovaudit: note: nothing attested: the signature does not verify\n";
    } else {
      WriteWeightsAttestation(o, o.model, Verification(o, r, inputs), err);
    }
  }
  const std::string model = EscapeControl(o.model);
  if (!r.ok) {
    // Each problem on its own line, located at the model: "which file, expected vs actual".
    for (const std::string& p : r.problems) {
      err << "sovaudit: error: " << model << ": " << EscapeControl(p) << "\n";
    }
    if (r.problems.empty())
      err << "sovaudit: error: " << model << ": " << EscapeControl(r.message) << "\n";
    if (!r.keyless_check.empty() && !r.identity.empty()) {
      // Past the chain checks the certificate is Fulcio's; before them, only a claim.
      const bool vouched = r.keyless_check == "identity" || r.keyless_check == "issuer";
      err << "sovaudit: note: the certificate names " << EscapeControl(r.identity)
          << (r.issuer.empty() ? "" : " from " + EscapeControl(r.issuer))
          << (vouched ? "" : " (unverified: an earlier check failed)") << "\n";
    }
    err << "sovaudit: error: " << EscapeControl(o.signature) << ": signature does NOT verify for "
        << model << " (checked with " << EscapeControl(TrustedBy(o)) << ")\n";
    return kExitIntegrity;
  }

  out << "verified " << model << "\n";
  out << "  signature:   " << EscapeControl(o.signature) << " (" << EscapeControl(r.bundle_variant)
      << ")\n";
  PrintSigner(r, out);
  out << "  trusted:     " << EscapeControl(TrustedBy(o));
  if (!o.certificate_chain.empty()) {
    out << " (chain valid " << (o.cert_time == "now" ? "now" : "at the leaf's notBefore") << ")";
  }
  out << "\n";
  out << "  method:      " << Method(r) << ", sha256, predicate " << EscapeControl(r.predicate_type)
      << "\n";
  out << "  files:       " << Count(r.files.size(), "signed file") << ", all matching";
  if (!r.ignored_files.empty()) {
    out << "; " << Count(r.ignored_files.size(), "unsigned file")
        << " skipped (--ignore-unsigned-files)";
  }
  out << "\n";
  out << "  root digest: sha256:" << r.root_digest << "\n";
  return kExitOk;
}

}  // namespace sov
