// Keyless verification in the order of spec/signing.md: shape, log entries (body, SET,
// inclusion proof, checkpoint), verified times (SET, RFC 3161), the Fulcio chain at each time
// inside a CA's window, key usage, SCT, the DSSE signature, the identity policy.

#include "src/sigstore/keyless.h"

#include <nlohmann/json.hpp>

#include "src/crypto/crypto.h"
#include "src/parse/json_reader.h"
#include "src/sigstore/checks.h"
#include "src/util/error.h"

namespace sov::sigstore {
namespace {

using nlohmann::json;

constexpr size_t kMaxEntries = 8, kMaxHashes = 64, kMaxTimestamps = 8;
constexpr int64_t kMaxIndex = int64_t{1} << 62;

KeylessResult Fail(KeylessResult r, Check check, std::string message) {
  r.ok = false;
  r.failed = check;
  r.message = std::move(message);
  return r;
}

std::string Host(const std::string& url) {
  std::string h = url;
  for (std::string_view scheme : {"https://", "http://"}) {
    if (h.rfind(scheme, 0) == 0) h = h.substr(scheme.size());
  }
  return h.empty() ? "an unnamed log" : h;
}

TlogEntry ParseEntry(const json& e, const parse::JsonReader& r, const std::string& where) {
  TlogEntry t;
  t.log_index = r.Int(e, "logIndex", where, 0, kMaxIndex);
  t.log_key_id = r.Base64(r.Get(e, "logId", where), "keyId", where + ".logId");
  const json& kv = r.Get(e, "kindVersion", where);
  t.kind = r.String(kv, "kind", where + ".kindVersion");
  t.version = r.String(kv, "version", where + ".kindVersion");
  if (e.contains("integratedTime")) t.integrated_time = r.Int(e, "integratedTime", where, 0, kMaxIndex);
  if (e.contains("inclusionPromise")) {
    t.set = r.Base64(e["inclusionPromise"], "signedEntryTimestamp", where + ".inclusionPromise");
  }
  if (e.contains("inclusionProof")) {
    const json& p = e["inclusionProof"];
    std::string pw = where + ".inclusionProof";
    t.has_proof = true;
    t.proof_log_index = r.Int(p, "logIndex", pw, 0, kMaxIndex);
    t.tree_size = r.Int(p, "treeSize", pw, 1, kMaxIndex);
    t.root_hash = r.Base64(p, "rootHash", pw);
    const json& hashes = r.Array(p, "hashes", pw);
    if (hashes.size() > kMaxHashes) r.Fail(pw + ".hashes has more than " + std::to_string(kMaxHashes) + " hashes");
    for (size_t i = 0; i < hashes.size(); ++i) {
      if (!hashes[i].is_string()) r.Fail(pw + ".hashes[" + std::to_string(i) + "] is not a string");
      try {
        t.hashes.push_back(Base64Decode(hashes[i].get<std::string>(), pw + ".hashes"));
      } catch (const Error& err) {
        r.Fail(err.what());
      }
    }
    if (p.contains("checkpoint")) t.checkpoint = r.String(p["checkpoint"], "envelope", pw + ".checkpoint");
  }
  t.body_base64 = r.String(e, "canonicalizedBody", where);
  t.body = r.Base64(e, "canonicalizedBody", where);
  return t;
}

// Rekor v2 entries carry no SET and integratedTime 0; their time comes from a timestamp.
bool IsRekorV2(const TlogEntry& e) { return e.version == "0.0.2" && e.kind == "hashedrekord"; }

}  // namespace

std::string_view Name(Check check) {
  switch (check) {
    case Check::kBundle: return "bundle";
    case Check::kLog: return "log";
    case Check::kEntry: return "entry";
    case Check::kSet: return "set";
    case Check::kInclusionProof: return "inclusion-proof";
    case Check::kCheckpoint: return "checkpoint";
    case Check::kTimestamp: return "timestamp";
    case Check::kCertificate: return "certificate";
    case Check::kCaWindow: return "ca-window";
    case Check::kKeyUsage: return "key-usage";
    case Check::kSct: return "sct";
    case Check::kSignature: return "signature";
    case Check::kIdentity: return "identity";
    case Check::kIssuer: return "issuer";
  }
  return "?";
}

bool IsKeyless(const json& vm) {
  if (!vm.is_object()) return false;
  // A Fulcio leaf ("certificate", bundle v0.3), or a chain with log entries (v0.1, v0.2). A key
  // bundle (publicKey) or a chain without entries (model_signing's certificate method) is not
  // keyless, whatever log entries it carries.
  if (vm.contains("certificate")) return true;
  auto it = vm.find("tlogEntries");
  return vm.contains("x509CertificateChain") && it != vm.end() && it->is_array() && !it->empty();
}

KeylessMaterial ParseKeylessMaterial(const json& vm, const parse::JsonReader& r) {
  KeylessMaterial m;
  if (vm.contains("certificate")) {
    m.certificates.push_back(r.Base64(vm["certificate"], "rawBytes", "verificationMaterial.certificate"));
  } else if (vm.contains("x509CertificateChain")) {
    const json& certs = r.Array(vm["x509CertificateChain"], "certificates", "verificationMaterial.x509CertificateChain");
    if (certs.size() > kMaxEntries) r.Fail("more than " + std::to_string(kMaxEntries) + " certificates in x509CertificateChain");
    for (size_t i = 0; i < certs.size(); ++i) {
      m.certificates.push_back(r.Base64(certs[i], "rawBytes", "x509CertificateChain.certificates[" + std::to_string(i) + "]"));
    }
  }
  if (vm.contains("tlogEntries")) {
    const json& entries = r.Array(vm, "tlogEntries", "verificationMaterial");
    if (entries.size() > kMaxEntries) r.Fail("more than " + std::to_string(kMaxEntries) + " transparency log entries");
    for (size_t i = 0; i < entries.size(); ++i) {
      m.tlog_entries.push_back(ParseEntry(entries[i], r, "tlogEntries[" + std::to_string(i) + "]"));
    }
  }
  if (vm.contains("timestampVerificationData")) {
    const json& tvd = vm["timestampVerificationData"];
    if (tvd.is_object() && tvd.contains("rfc3161Timestamps")) {
      const json& ts = r.Array(tvd, "rfc3161Timestamps", "timestampVerificationData");
      if (ts.size() > kMaxTimestamps) r.Fail("more than " + std::to_string(kMaxTimestamps) + " RFC 3161 timestamps");
      for (size_t i = 0; i < ts.size(); ++i) {
        m.rfc3161_timestamps.push_back(r.Base64(ts[i], "signedTimestamp", "rfc3161Timestamps[" + std::to_string(i) + "]"));
      }
    }
  }
  return m;
}

KeylessResult VerifyKeyless(const KeylessMaterial& m, std::string_view payload_type,
                            std::string_view payload, std::string_view signature,
                            const TrustedRoot& root, const IdentityPolicy& policy) {
  KeylessResult res;
  // 1. Shape.
  if (m.certificates.empty()) return Fail(res, Check::kBundle, "the bundle carries no signing certificate");
  if (m.tlog_entries.empty()) return Fail(res, Check::kBundle, "the bundle carries no transparency log entry");
  res.leaf_der = m.certificates[0];
  // Only the leaf is used: the chain above it comes from the trusted root alone (fulcio.cc).
  X509Ptr leaf = ParseCertificateDer(m.certificates[0], "the bundle's signing certificate");
  // Bundles v0.1 may carry an entry with a signed entry timestamp only; from v0.2 on every entry
  // has an inclusion proof with a checkpoint.
  const bool v01 = m.media_type == "application/vnd.dev.sigstore.bundle+json;version=0.1";
  res.identity = [&] {
    std::vector<std::string> sans = SubjectAlternativeNames(leaf.get());
    return sans.empty() ? std::string() : sans.front();
  }();
  res.issuer = OidcIssuer(leaf.get());

  // 2. Transparency log entries.
  // Entries whose time is not signed by their log (Rekor v2, or v1 without a SET): their log's
  // validFor must hold the RFC 3161 times instead.
  std::vector<std::pair<const TlogEntry*, const LogKey*>> unsigned_time_entries;
  for (size_t i = 0; i < m.tlog_entries.size(); ++i) {
    const TlogEntry& e = m.tlog_entries[i];
    std::string label = "entry " + std::to_string(e.log_index);
    const bool set_only = v01 && !e.has_proof && !e.set.empty();
    if (!e.has_proof && !set_only) return Fail(res, Check::kBundle, label + " has no inclusion proof");
    if (!set_only && e.checkpoint.empty()) {
      return Fail(res, Check::kBundle, label + "'s inclusion proof has no checkpoint");
    }
    const LogKey* log = FindLog(root.tlogs, e.log_key_id);
    if (!log) {
      return Fail(res, Check::kLog, label + " is from log " + Base64Encode(e.log_key_id) +
                                        ", which is not a transparency log of the trusted root (" + root.source + ")");
    }
    if (res.log.empty()) {
      res.log = Host(log->base_url) + " (Rekor " + (IsRekorV2(e) ? "v2" : "v1") + ", " + e.kind + " " +
                e.version + " entry, log index " + std::to_string(e.log_index) + ")";
    }
    if (std::string why = CheckEntryBody(e, payload_type, payload, signature, m.certificates[0]); !why.empty()) {
      return Fail(res, Check::kEntry, label + ": " + why);
    }
    if (!e.set.empty()) {
      if (std::string why = CheckSet(e, *log); !why.empty()) return Fail(res, Check::kSet, label + ": " + why);
      if (!log->valid_for.Contains(e.integrated_time)) {
        return Fail(res, Check::kLog, label + ": integrated at " + FormatTime(e.integrated_time) +
                                          ", outside the validFor of log " + Host(log->base_url));
      }
      res.verified_times.push_back(e.integrated_time);
    } else {
      // Rekor v2, or a v1 entry without a promise: its integratedTime is not signed, so not a time.
      unsigned_time_entries.emplace_back(&e, log);
    }
    if (set_only) continue;
    if (std::string why = CheckInclusionProof(e); !why.empty()) {
      return Fail(res, Check::kInclusionProof, label + ": " + why);
    }
    if (std::string why = CheckCheckpoint(e, *log); !why.empty()) {
      return Fail(res, Check::kCheckpoint, label + ": " + why);
    }
  }

  // 3. Time.
  std::vector<int64_t> tsa_times;
  for (size_t i = 0; i < m.rfc3161_timestamps.size(); ++i) {
    std::string why;
    std::optional<int64_t> t = VerifyTimestamp(m.rfc3161_timestamps[i], signature, root, &why);
    if (!t) return Fail(res, Check::kTimestamp, "RFC 3161 timestamp " + std::to_string(i) + ": " + why);
    tsa_times.push_back(*t);
    res.verified_times.push_back(*t);
  }
  if (!unsigned_time_entries.empty() && tsa_times.empty()) {
    return Fail(res, Check::kTimestamp, "entry " + std::to_string(unsigned_time_entries[0].first->log_index) +
                                            " has no signed entry timestamp, so it needs an RFC 3161 timestamp, and the bundle has none");
  }
  if (res.verified_times.empty()) {
    return Fail(res, Check::kTimestamp, "no verified time: neither a signed entry timestamp nor an RFC 3161 timestamp");
  }
  for (const auto& [entry, log] : unsigned_time_entries) {
    for (int64_t t : tsa_times) {
      if (!log->valid_for.Contains(t)) {
        return Fail(res, Check::kLog, "entry " + std::to_string(entry->log_index) + ": timestamped " +
                                          FormatTime(t) + ", outside the validFor of log " + Host(log->base_url));
      }
    }
  }

  // 4. The Fulcio chain at every verified time, key usage, the SCT.
  X509Ptr issuer;
  for (int64_t t : res.verified_times) {
    Check which = Check::kCertificate;
    if (std::string why = CheckChainAt(leaf.get(), root, t, &which, &issuer); !why.empty()) {
      return Fail(res, which, why);
    }
  }
  if (std::string why = CheckKeyUsage(leaf.get()); !why.empty()) return Fail(res, Check::kKeyUsage, why);
  if (std::string why = CheckSct(leaf.get(), issuer.get(), root); !why.empty()) return Fail(res, Check::kSct, why);

  // 5. The DSSE signature.
  Pkey pub(X509_get_pubkey(leaf.get()));
  if (!pub || !VerifyWithKey(pub.get(), Pae(payload_type, payload), signature)) {
    return Fail(res, Check::kSignature, "the DSSE signature does not verify with the signing certificate's key");
  }

  // 6. Identity policy.
  // Fulcio names exactly one identity; a certificate with several is not one it issued.
  std::vector<std::string> sans = SubjectAlternativeNames(leaf.get());
  if (sans.size() != 1 || sans[0] != policy.identity) {
    std::string list;
    for (const std::string& s : sans) list += (list.empty() ? "" : ", ") + s;
    return Fail(res, Check::kIdentity, "the certificate's identity is " + (list.empty() ? std::string("(none)") : list) +
                                           ", not " + policy.identity);
  }
  res.identity = policy.identity;
  if (res.issuer != policy.issuer) {
    return Fail(res, Check::kIssuer, "the certificate's OIDC issuer is " +
                                         (res.issuer.empty() ? std::string("(none)") : res.issuer) + ", not " + policy.issuer);
  }
  res.ok = true;
  return res;
}

}  // namespace sov::sigstore
