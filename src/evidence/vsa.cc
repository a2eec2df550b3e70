#include "src/evidence/vsa.h"
#include "src/evidence/statement.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <ctime>

#include <nlohmann/json.hpp>

#include "src/crypto/crypto.h"
#include "src/oms/oms.h"
#include "src/util/encoding.h"
#include "src/parse/json_text.h"
#include "src/util/error.h"
#include "src/util/fs.h"
#include "src/util/text.h"

namespace sov {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using parse::Arr;
using parse::Obj;
using parse::ParseJson;
using parse::Str;

constexpr size_t kMaxEvidenceFiles = 100000;

// Lower-case hex only: what sovaudit writes; anything else was not made by it.
bool IsHex64(const std::string& s) {
  std::optional<std::string> hex = Sha256HexDigits(s);
  return hex && *hex == s;
}

[[noreturn]] void NotAVsa(const std::string& file, const std::string& why) {
  throw Error(Location{file}, "not a sovaudit weights verification (SLSA VSA): " + why);
}

// The statement's fields, checked; throws NotAVsa.
WeightsVerification FromStatement(const std::string& payload, const std::string& file) {
  json st = ParseJson(payload, file + " (payload)");
  if (!st.is_object() || Str(st, "_type") != kStatementType) NotAVsa(file, "not an in-toto Statement v1");
  if (Str(st, "predicateType") != kVsaPredicateType) {
    NotAVsa(file, "its predicateType is '" + EscapeControl(Str(st, "predicateType")) + "'");
  }
  const json* subjects = Arr(st, "subject");
  if (subjects == nullptr || subjects->size() != 1 || !(*subjects)[0].is_object()) {
    NotAVsa(file, "it must have exactly one subject, the model");
  }
  WeightsVerification v;
  const json& s = (*subjects)[0];
  v.subject_name = Str(s, "name");
  const json* digest = Obj(s, "digest");
  v.digest = digest != nullptr ? Str(*digest, "sha256") : "";
  if (!IsHex64(v.digest)) NotAVsa(file, "its subject has no lower-case hex sha256 digest");
  const json* p = Obj(st, "predicate");
  if (p == nullptr) NotAVsa(file, "it has no predicate");
  const json* verifier = Obj(*p, "verifier");
  if (verifier == nullptr || Str(*verifier, "id").empty()) NotAVsa(file, "it names no verifier.id");
  if (const json* version = Obj(*verifier, "version")) v.verifier_version = Str(*version, "sovaudit");
  v.time_verified = Str(*p, "timeVerified");
  if (!DateOfRfc3339(v.time_verified)) NotAVsa(file, "its timeVerified is not an RFC 3339 time");
  v.resource_uri = Str(*p, "resourceUri");
  std::string result = Str(*p, "verificationResult");
  if (result != "PASSED" && result != "FAILED") NotAVsa(file, "its verificationResult is neither PASSED nor FAILED");
  v.passed = result == "PASSED";
  const json* policy = Obj(*p, "policy");
  if (policy == nullptr || Str(*policy, "uri") != kWeightsPolicyUri) {
    NotAVsa(file, std::string("its policy is not ") + kWeightsPolicyUri);
  }
  const json* ann = Obj(*policy, "annotations");
  if (ann == nullptr) NotAVsa(file, "its policy has no annotations");
  v.method = Str(*ann, "method");
  v.key_fingerprint = Str(*ann, "key_fingerprint");
  v.identity = Str(*ann, "identity");
  v.issuer = Str(*ann, "issuer");
  if (const json* anchors = Arr(*ann, "anchors")) {
    for (const json& a : *anchors) {
      if (a.is_string()) v.anchors.push_back(a.get<std::string>());
    }
  }
  static const char* kMethods[] = {"sha256", "oms-key", "oms-certificate", "oms-keyless"};
  if (std::find(std::begin(kMethods), std::end(kMethods), v.method) == std::end(kMethods)) {
    NotAVsa(file, "its policy method '" + EscapeControl(v.method) + "' is not one sovaudit writes");
  }
  return v;
}

// The files of `paths`: a file as named (`found` false), a folder's *.json files, sorted
// (`found` true: one that is not a VSA is skipped, not an error, since a shared evidence
// volume collects other files too).
std::vector<std::pair<std::string, bool>> EvidenceFiles(const std::vector<std::string>& paths) {
  std::vector<std::pair<std::string, bool>> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (!fs::is_directory(p, ec)) {
      files.emplace_back(p, false);
      continue;
    }
    std::vector<std::string> found;
    for (fs::recursive_directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec)) {
      std::error_code type_ec;
      if (it->is_regular_file(type_ec) && it->path().extension() == ".json") found.push_back(it->path().string());
      if (files.size() + found.size() > kMaxEvidenceFiles) {
        throw Error(Location{p}, "more than " + std::to_string(kMaxEvidenceFiles) + " evidence files in all");
      }
    }
    if (ec) throw Error(Location{p}, "cannot read directory: " + ec.message());
    std::sort(found.begin(), found.end());
    for (std::string& f : found) files.emplace_back(std::move(f), true);
  }
  return files;
}

}  // namespace

std::optional<Date> DateOfRfc3339(const std::string& text) {
  std::optional<int64_t> t = ParseRfc3339(text);
  if (!t) return std::nullopt;
  return DateOfUnixSeconds(*t);
}

std::string PublicKeyFingerprint(const std::string& pem, const std::string& name) {
  Pkey key = PublicKeyFromPem(pem, name);
  return KeyFingerprint(key.get());
}

std::vector<std::string> AnchorFingerprints(const std::string& pem, const std::string& name) {
  std::vector<std::string> out;
  for (const X509Ptr& cert : CertificatesFromPem(pem, name)) {
    out.push_back(ToHex(Sha256Raw(CertificateDer(cert.get()))));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string FileResourceUri(const fs::path& path) {
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  std::error_code ec;
  fs::path abs = fs::absolute(path, ec).lexically_normal();
  return "file://" + PercentEncode(host, "") + PercentEncode(abs.string(), "/");
}

std::string VsaStatementJson(const WeightsVerification& v) {
  json annotations = {{"method", v.method}};
  if (!v.key_fingerprint.empty()) annotations["key_fingerprint"] = v.key_fingerprint;
  if (!v.anchors.empty()) annotations["anchors"] = v.anchors;
  if (!v.identity.empty()) annotations["identity"] = v.identity;
  if (!v.issuer.empty()) annotations["issuer"] = v.issuer;
  json levels = json::array();
  if (v.passed) levels.push_back(v.method == "sha256" ? "SOVAUDIT_WEIGHTS_SHA256" : "SOVAUDIT_WEIGHTS_OMS_SIGNED");
  json predicate = {{"verifier", {{"id", kVerifierId}, {"version", {{"sovaudit", v.verifier_version}}}}},
                    {"timeVerified", v.time_verified},
                    {"resourceUri", v.resource_uri},
                    {"policy", {{"uri", kWeightsPolicyUri}, {"annotations", annotations}}},
                    {"verificationResult", v.passed ? "PASSED" : "FAILED"},
                    {"verifiedLevels", levels},
                    {"slsaVersion", "1.0"}};
  json statement = {{"_type", kStatementType},
                    {"subject", json::array({{{"name", v.subject_name}, {"digest", {{"sha256", v.digest}}}}})},
                    {"predicateType", kVsaPredicateType},
                    {"predicate", predicate}};
  return statement.dump(-1, ' ', false, json::error_handler_t::replace);
}

EvidenceSet ReadWeightsEvidence(const std::vector<std::string>& paths, const std::vector<std::string>& keys) {
  // Each key read once: a fleet's thousands of VSAs are checked against keys in memory.
  struct TrustedKey {
    std::string path;
    Pkey key;
    const EVP_MD* md;
    std::string fingerprint;
  };
  std::vector<TrustedKey> trusted;
  for (const std::string& k : keys) {
    Pkey key = LoadPublicKeyPem(k);
    const EVP_MD* md = DigestForKey(key.get());
    std::string fp = KeyFingerprint(key.get());
    trusted.push_back({k, std::move(key), md, fp});
  }
  EvidenceSet out;
  for (const auto& [file, found] : EvidenceFiles(paths)) {
    WeightsEvidence e;
    e.file = file;
    // What it claims, read before any key is tried: an untrusted one is reported, never used.
    oms::Envelope claimed;
    try {
      std::string bytes = ReadTextFile(file, 16u << 20);
      e.sha256 = Sha256Hex(bytes);
      claimed = oms::ReadEnvelope(bytes, file);
      if (claimed.payload_type != kInTotoPayloadType) NotAVsa(file, "its payloadType is not in-toto");
      e.v = FromStatement(claimed.payload, file);
    } catch (const Error& why) {
      if (!found) throw;
      out.skipped.push_back(why.Describe());
      continue;
    }
    const std::string pae = Pae(claimed.payload_type, claimed.payload);
    for (const TrustedKey& k : trusted) {
      if (VerifyDer(k.key.get(), pae, claimed.signature, k.md)) {
        e.trusted = true;
        e.signer = "key sha256:" + k.fingerprint;
        break;
      }
    }
    if (!e.trusted) {
      e.why_untrusted = keys.empty() ? "no --evidence-key was given"
                                     : "its DSSE signature verifies with none of the " +
                                           std::to_string(keys.size()) + " --evidence-key keys";
    }
    out.evidence.push_back(std::move(e));
  }
  return out;
}

}  // namespace sov
