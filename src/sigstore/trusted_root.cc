// The Sigstore trusted root: parsed from a trusted root or ClientTrustConfig JSON, or the
// production root embedded from rules/sigstore_trusted_root.json.

#include "src/sigstore/trusted_root.h"

#include <algorithm>
#include <charconv>
#include <ctime>

#include "src/parse/json_reader.h"
#include "src/util/embedded.h"
#include "src/util/error.h"
#include "src/util/fs.h"

namespace sov::sigstore {
namespace {

using nlohmann::json;
using parse::JsonReader;

constexpr std::string_view kTrustedRootType = "application/vnd.dev.sigstore.trustedroot+json;version=0.1";
constexpr std::string_view kTrustConfigType = "application/vnd.dev.sigstore.clienttrustconfig.v0.1+json";

// Fixed-width decimal at text[pos, pos+n); -1 when not digits.

Window ReadWindow(const json& obj, const JsonReader& r, const std::string& where) {
  Window w;
  const json& vf = r.Get(obj, "validFor", where);
  std::string start = r.String(vf, "start", where + ".validFor");
  auto s = ParseRfc3339(start);
  if (!s) r.Fail(where + ".validFor.start is not an RFC 3339 time: " + start);
  w.start = *s;
  if (vf.contains("end")) {
    std::string end = r.String(vf, "end", where + ".validFor");
    auto e = ParseRfc3339(end);
    if (!e) r.Fail(where + ".validFor.end is not an RFC 3339 time: " + end);
    w.end = *e;
  }
  return w;
}

std::vector<LogKey> ReadLogs(const json& root, const char* key, const JsonReader& r) {
  std::vector<LogKey> logs;
  if (!root.contains(key)) return logs;
  const json& arr = r.Array(root, key, "trusted root");
  for (size_t i = 0; i < arr.size(); ++i) {
    std::string where = std::string(key) + "[" + std::to_string(i) + "]";
    LogKey log;
    if (arr[i].contains("baseUrl")) log.base_url = r.String(arr[i], "baseUrl", where);
    const json& pk = r.Get(arr[i], "publicKey", where);
    log.public_key = r.Base64(pk, "rawBytes", where + ".publicKey");
    if (pk.contains("keyDetails")) log.key_details = r.String(pk, "keyDetails", where + ".publicKey");
    log.valid_for = ReadWindow(pk, r, where + ".publicKey");
    log.key_id = r.Base64(r.Get(arr[i], "logId", where), "keyId", where + ".logId");
    logs.push_back(std::move(log));
  }
  return logs;
}

std::vector<CertificateAuthority> ReadAuthorities(const json& root, const char* key,
                                                  const JsonReader& r) {
  std::vector<CertificateAuthority> cas;
  if (!root.contains(key)) return cas;
  const json& arr = r.Array(root, key, "trusted root");
  for (size_t i = 0; i < arr.size(); ++i) {
    std::string where = std::string(key) + "[" + std::to_string(i) + "]";
    CertificateAuthority ca;
    if (arr[i].contains("uri")) ca.uri = r.String(arr[i], "uri", where);
    if (arr[i].contains("subject") && arr[i]["subject"].is_object()) {
      const json& s = arr[i]["subject"];
      std::string org = s.contains("organization") && s["organization"].is_string() ? s["organization"].get<std::string>() : "";
      std::string cn = s.contains("commonName") && s["commonName"].is_string() ? s["commonName"].get<std::string>() : "";
      ca.subject = org + "/" + cn;
    }
    const json& certs = r.Array(r.Get(arr[i], "certChain", where), "certificates", where + ".certChain");
    if (certs.empty()) r.Fail(where + ".certChain.certificates is empty");
    for (size_t j = 0; j < certs.size(); ++j) {
      ca.chain.push_back(r.Base64(certs[j], "rawBytes", where + ".certChain.certificates[" + std::to_string(j) + "]"));
    }
    ca.valid_for = ReadWindow(arr[i], r, where);
    cas.push_back(std::move(ca));
  }
  return cas;
}

std::string DateOf(int64_t t) { return FormatTime(t).substr(0, 10); }

}  // namespace


TrustedRoot ParseTrustedRoot(std::string_view text, const std::string& file) {
  Location loc{file, 0, 0};
  json doc = parse::ParseJsonAt(text, loc, "trusted root: ");
  JsonReader r(loc, "trusted root: ");
  std::string media = r.String(doc, "mediaType", "trusted root");
  const json* root = &doc;
  if (media == kTrustConfigType) {
    root = &r.Get(doc, "trustedRoot", "client trust config");
    media = r.String(*root, "mediaType", "trustedRoot");
  }
  if (media != kTrustedRootType) {
    r.Fail("mediaType is '" + media + "', expected " + std::string(kTrustedRootType) + " or " +
           std::string(kTrustConfigType));
  }
  TrustedRoot out;
  out.source = file;
  out.sha256 = Sha256Hex(text);
  out.tlogs = ReadLogs(*root, "tlogs", r);
  out.ctlogs = ReadLogs(*root, "ctlogs", r);
  out.certificate_authorities = ReadAuthorities(*root, "certificateAuthorities", r);
  out.timestamp_authorities = ReadAuthorities(*root, "timestampAuthorities", r);
  if (out.tlogs.empty() || out.certificate_authorities.empty()) {
    r.Fail("no transparency logs or no certificate authorities: nothing could be verified against it");
  }
  return out;
}

const TrustedRoot& ProductionRoot() {
  static const TrustedRoot root = [] {
    std::string_view text = EmbeddedRuleFile("sigstore_trusted_root.json");
    TrustedRoot r = ParseTrustedRoot(text, "embedded production trusted root");
    r.source = "embedded production root";
    return r;
  }();
  return root;
}

std::string ProductionRootDate() {
  const TrustedRoot& r = ProductionRoot();
  int64_t newest = 0;
  for (const auto* logs : {&r.tlogs, &r.ctlogs}) {
    for (const LogKey& l : *logs) newest = std::max(newest, l.valid_for.start);
  }
  for (const auto* cas : {&r.certificate_authorities, &r.timestamp_authorities}) {
    for (const CertificateAuthority& c : *cas) newest = std::max(newest, c.valid_for.start);
  }
  return DateOf(newest);
}

}  // namespace sov::sigstore
