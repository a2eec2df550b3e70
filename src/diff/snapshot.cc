// Reading an audit report back. Every member the diff uses is checked for presence and type,
// and an error names its JSON pointer (RFC 6901), so a hand-edited or foreign file is refused
// with a message that says where, not with a crash or a silently empty diff.
#include "src/diff/snapshot.h"

#include <nlohmann/json.hpp>

#include <climits>
#include <cstdint>

#include "src/parse/json_text.h"
#include "src/report/report.h"
#include "src/util/fs.h"

namespace sov {
namespace {

using nlohmann::json;

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void Fail(const std::string& pointer, const std::string& what) const {
    throw Error(Location{file_}, "invalid report: " + pointer + " " + what);
  }

  const json& Member(const json& obj, const std::string& ptr, const char* key) const {
    auto it = obj.find(key);
    if (it == obj.end()) Fail(ptr + "/" + key, "is missing");
    return *it;
  }
  std::string String(const json& obj, const std::string& ptr, const char* key) const {
    const json& v = Member(obj, ptr, key);
    if (!v.is_string()) Fail(ptr + "/" + key, "must be a string");
    return v.get<std::string>();
  }
  bool Bool(const json& obj, const std::string& ptr, const char* key) const {
    const json& v = Member(obj, ptr, key);
    if (!v.is_boolean()) Fail(ptr + "/" + key, "must be true or false");
    return v.get<bool>();
  }
  int Integer(const json& v, const std::string& ptr, int64_t lo, int64_t hi) const {
    bool ok = v.is_number_integer();
    if (ok && v.is_number_unsigned()) ok = v.get<uint64_t>() <= static_cast<uint64_t>(hi);
    if (ok && !v.is_number_unsigned()) ok = v.get<int64_t>() >= lo && v.get<int64_t>() <= hi;
    if (!ok) {
      Fail(ptr, "must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
    }
    return static_cast<int>(v.get<int64_t>());
  }
  int Integer(const json& obj, const std::string& ptr, const char* key, int64_t lo,
              int64_t hi) const {
    return Integer(Member(obj, ptr, key), ptr + "/" + key, lo, hi);
  }
  const json& Object(const json& obj, const std::string& ptr, const char* key) const {
    const json& v = Member(obj, ptr, key);
    if (!v.is_object()) Fail(ptr + "/" + key, "must be an object");
    return v;
  }
  const json& Array(const json& obj, const std::string& ptr, const char* key) const {
    const json& v = Member(obj, ptr, key);
    if (!v.is_array()) Fail(ptr + "/" + key, "must be an array");
    return v;
  }
  Status StatusOf(const json& obj, const std::string& ptr) const {
    std::string name = String(obj, ptr, "status");
    std::optional<Status> s = ParseStatusName(name);
    if (!s) Fail(ptr + "/status", "is '" + name + "': must be pass, fail, unknown, n/a or waived");
    return *s;
  }
  void RequireObject(const json& v, const std::string& ptr) const {
    if (!v.is_object()) Fail(ptr, "must be an object");
  }

 private:
  std::string file_;
};

SnapshotFinding ReadFinding(const Reader& r, const json& j, const std::string& ptr) {
  r.RequireObject(j, ptr);
  SnapshotFinding f;
  f.rule = r.String(j, ptr, "rule");
  f.layer = r.Integer(j, ptr, "layer", 0, 5);
  f.severity = r.String(j, ptr, "severity");
  f.status = r.StatusOf(j, ptr);
  f.subject = r.String(j, ptr, "subject");
  f.message = r.String(j, ptr, "message");
  const std::string loc_ptr = ptr + "/location";
  const json& loc = r.Object(j, ptr, "location");
  f.location.file = r.String(loc, loc_ptr, "file");
  if (loc.contains("line")) f.location.line = r.Integer(loc, loc_ptr, "line", 1, INT_MAX);
  if (loc.contains("column")) f.location.column = r.Integer(loc, loc_ptr, "column", 1, INT_MAX);
  return f;
}

SnapshotDeployment ReadDeployment(const Reader& r, const json& j, const std::string& ptr) {
  r.RequireObject(j, ptr);
  SnapshotDeployment d;
  d.name = r.String(j, ptr, "name");
  d.file = r.String(j, ptr, "file");
  d.achieved_layer = r.Integer(j, ptr, "achieved_layer", 0, 5);
  d.label = r.String(j, ptr, "label");
  const json& claim = r.Member(j, ptr, "claim");
  if (claim.is_object()) {
    const std::string cptr = ptr + "/claim";
    d.claim = SnapshotClaim{r.Integer(claim, cptr, "layer", 0, 5), r.String(claim, cptr, "by"),
                            r.Bool(claim, cptr, "holds")};
  } else if (!claim.is_null()) {
    r.Fail(ptr + "/claim", "must be null or an object");
  }
  const json& layers = r.Array(j, ptr, "layers");
  for (size_t i = 0; i < layers.size(); ++i) {
    const std::string lptr = ptr + "/layers/" + std::to_string(i);
    r.RequireObject(layers[i], lptr);
    d.layers.push_back(SnapshotLayer{r.Integer(layers[i], lptr, "layer", 1, 5),
                                     r.String(layers[i], lptr, "name"),
                                     r.StatusOf(layers[i], lptr)});
  }
  const json& findings = r.Array(j, ptr, "findings");
  d.findings.reserve(findings.size());
  for (size_t i = 0; i < findings.size(); ++i) {
    d.findings.push_back(ReadFinding(r, findings[i], ptr + "/findings/" + std::to_string(i)));
  }
  return d;
}

}  // namespace

std::optional<Status> ParseStatusName(const std::string& name) {
  for (Status s : {Status::kPass, Status::kFail, Status::kUnknown, Status::kNotApplicable,
                   Status::kWaived}) {
    if (name == StatusName(s)) return s;
  }
  return std::nullopt;
}

ReportSnapshot ParseReportSnapshot(const std::string& text, const std::string& file) {
  json doc = parse::ParseJson(text, file);
  Reader r(file);
  if (!doc.is_object()) {
    throw Error(Location{file}, "invalid report: the document must be a JSON object, a report "
                                "written by 'sovaudit audit --format json'");
  }
  if (!doc.contains("schema")) {
    r.Fail("/schema", "is missing: not a sovaudit report (write one with 'sovaudit audit "
                      "--format json')");
  }
  std::string schema = r.String(doc, "", "schema");
  if (schema != kReportSchema) {
    r.Fail("/schema", "is '" + schema + "', not '" + kReportSchema + "'");
  }
  ReportSnapshot s;
  s.file = file;
  s.as_of = r.String(doc, "", "as_of");
  const json& deployments = r.Array(doc, "", "deployments");
  s.deployments.reserve(deployments.size());
  for (size_t i = 0; i < deployments.size(); ++i) {
    s.deployments.push_back(ReadDeployment(r, deployments[i], "/deployments/" + std::to_string(i)));
  }
  return s;
}

ReportSnapshot SnapshotOf(const Report& report, const std::string& file) {
  ReportSnapshot s;
  s.file = file;
  s.as_of = report.as_of;
  s.deployments.reserve(report.deployments.size());
  for (const DeploymentReport& d : report.deployments) {
    SnapshotDeployment sd;
    sd.name = d.name;
    sd.file = d.file;
    sd.achieved_layer = d.achieved_layer;
    sd.label = d.label;
    if (d.claim.present) sd.claim = SnapshotClaim{d.claim.layer, d.claim.by, d.claim.holds};
    for (const LayerResult& l : d.layers) sd.layers.push_back({l.layer, l.name, l.status});
    sd.findings.reserve(d.findings.size());
    for (const Finding& f : d.findings) {
      sd.findings.push_back(SnapshotFinding{f.rule, f.layer, SeverityName(f.severity), f.status,
                                            f.subject, f.message, f.location});
    }
    s.deployments.push_back(std::move(sd));
  }
  return s;
}

}  // namespace sov
