#include "src/evidence/audit_attestation.h"

#include "src/evidence/statement.h"

#include <map>

#include "src/parse/json_text.h"
#include "src/util/error.h"
#include "src/util/text.h"

namespace sov {
namespace {

using nlohmann::json;
using parse::Arr;
using parse::Obj;
using parse::ParseJson;
using parse::Str;

// Subjects an attestation may list: a report, its inputs and models, with room to spare.
constexpr size_t kMaxSubjects = 1u << 20;

json Subject(const std::string& name, const std::string& sha256) {
  return {{"name", name}, {"digest", {{"sha256", sha256}}}};
}

json PolicyFiles(const std::vector<PolicyFile>& files) {
  json out = json::array();
  for (const PolicyFile& f : files) out.push_back({{"path", f.path}, {"sha256", f.sha256}});
  return out;
}

json DeploymentSummary(const DeploymentReport& d) {
  std::map<std::string, int> counts = {{"fail", 0}, {"n/a", 0}, {"pass", 0}, {"unknown", 0}, {"waived", 0}};
  for (const Finding& f : d.findings) ++counts[StatusName(f.status)];
  json claim = nullptr;
  if (d.claim.present) claim = {{"layer", d.claim.layer}, {"by", d.claim.by}, {"holds", d.claim.holds}};
  return {{"name", d.name},
          {"file", d.file},
          {"achieved_layer", d.achieved_layer},
          {"label", d.label},
          {"claim", claim},
          {"integrity_failure", d.integrity_failure},
          {"findings", counts}};
}

[[noreturn]] void Malformed(const std::filesystem::path& path, const std::string& why) {
  throw Error(Location{path.string()}, "not a sovaudit audit attestation: " + why);
}

}  // namespace

std::string AuditStatementJson(const Report& report, const std::string& report_name,
                               const std::string& report_sha256) {
  json subjects = json::array();
  subjects.push_back(Subject(report_name, report_sha256));
  for (const InputFile& in : report.inputs) subjects.push_back(Subject(in.path, in.sha256));
  for (const DeploymentReport& d : report.deployments) {
    for (const ModelResult& m : d.models) {
      const std::string prefix = "sha256:";
      if (m.verified_digest.rfind(prefix, 0) != 0) continue;
      subjects.push_back(Subject("models/" + d.name + "/" + m.id, m.verified_digest.substr(prefix.size())));
    }
  }
  json policy = {{"config", nullptr},
                 {"rule_packs", PolicyFiles(report.policy.rule_packs)},
                 {"waivers", PolicyFiles(report.policy.waiver_files)}};
  if (report.policy.config) {
    policy["config"] = {{"path", report.policy.config->path}, {"sha256", report.policy.config->sha256}};
  }
  if (!report.policy.evidence_keys.empty()) {
    nlohmann::json keys = nlohmann::json::array();
    for (const PolicyFile& k : report.policy.evidence_keys) keys.push_back({{"path", k.path}, {"fingerprint", k.sha256}});
    policy["evidence"] = {{"keys", keys}, {"max_age_days", report.policy.evidence_max_age}};
  }
  if (!report.policy.min_evidence.empty()) policy["min_evidence"] = report.policy.min_evidence;
  json deployments = json::array();
  for (const DeploymentReport& d : report.deployments) deployments.push_back(DeploymentSummary(d));
  json predicate = {{"tool", {{"name", "sovaudit"}, {"version", report.tool_version}}},
                    {"as_of", report.as_of},
                    {"report", {{"name", report_name}, {"schema", kReportSchema}}},
                    {"policy", policy},
                    {"deployments", deployments}};
  json statement = {{"_type", kStatementType},
                    {"subject", subjects},
                    {"predicateType", kAuditPredicateType},
                    {"predicate", predicate}};
  return statement.dump(-1, ' ', false, json::error_handler_t::replace);
}

AuditAttestation ReadAuditAttestation(const std::filesystem::path& path, const oms::VerifyKey& key) {
  AuditAttestation out;
  oms::Envelope envelope;
  out.signature = oms::VerifyEnvelope(path, key, {}, &envelope);
  if (!out.signature.ok) return out;
  if (envelope.payload_type != kInTotoPayloadType) {
    Malformed(path, "its payloadType is '" + EscapeControl(envelope.payload_type) + "', not " +
                        kInTotoPayloadType);
  }
  json st = ParseJson(envelope.payload, path.string() + " (payload)");
  if (!st.is_object()) Malformed(path, "its statement is not a JSON object");
  if (Str(st, "_type") != kStatementType) Malformed(path, "its _type is not " + std::string(kStatementType));
  std::string type = Str(st, "predicateType");
  if (type != kAuditPredicateType) {
    Malformed(path, "its predicateType is '" + EscapeControl(type) + "', not " + kAuditPredicateType);
  }
  const json* subjects = Arr(st, "subject");
  if (subjects == nullptr || subjects->empty()) Malformed(path, "it has no subject");
  if (subjects->size() > kMaxSubjects) Malformed(path, "it has too many subjects");
  for (const json& s : *subjects) {
    const json* digest = s.is_object() ? Obj(s, "digest") : nullptr;
    std::string name = s.is_object() ? Str(s, "name") : "";
    std::string sha = digest != nullptr ? Str(*digest, "sha256") : "";
    if (name.empty() || sha.size() != 64 || sha.find_first_not_of("0123456789abcdef") != std::string::npos) {
      Malformed(path, "a subject without a name and a lower-case hex sha256 digest");
    }
    out.subjects.push_back({name, sha});
  }
  const json* predicate = Obj(st, "predicate");
  const json* report = predicate != nullptr ? Obj(*predicate, "report") : nullptr;
  if (report == nullptr || Str(*report, "name") != out.subjects.front().name) {
    Malformed(path, "its predicate does not name the report, its first subject");
  }
  out.report_name = Str(*report, "name");
  out.predicate = *predicate;
  return out;
}

const AttestationSubject* FindSubject(const AuditAttestation& a, const std::string& name) {
  for (const AttestationSubject& s : a.subjects) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

}  // namespace sov
