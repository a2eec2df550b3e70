// The JSON report, "schema": "sovaudit/report/v1" (spec README). nlohmann::json's default
// object type is a std::map, so keys come out sorted.
#include <ostream>

#include "reports/render.h"

namespace sov {
namespace {

using nlohmann::json;

json LocationToJson(const Location& loc) {
  json j = {{"file", loc.file}};
  if (loc.line > 0) j["line"] = loc.line;
  if (loc.column > 0) j["column"] = loc.column;
  return j;
}

json LayerToJson(const LayerResult& l) {
  return {{"layer", l.layer},       {"name", l.name},     {"status", StatusName(l.status)},
          {"passed", l.passed},     {"failed", l.failed}, {"unknown", l.unknown}};
}

json DeploymentToJson(const DeploymentReport& d) {
  json j;
  j["name"] = d.name;
  j["file"] = d.file;
  j["home"] = d.home;
  if (!d.business_unit.empty()) j["business_unit"] = d.business_unit;
  j["achieved_layer"] = d.achieved_layer;
  j["label"] = d.label;
  if (d.claim.present) {
    j["claim"] = {{"layer", d.claim.layer}, {"by", d.claim.by}, {"holds", d.claim.holds}};
    if (!d.claim.source.empty()) j["claim"]["source"] = d.claim.source;
  } else {
    j["claim"] = nullptr;
  }
  j["layers"] = json::array();
  for (const LayerResult& l : d.layers) j["layers"].push_back(LayerToJson(l));
  j["models"] = json::array();
  for (const ModelResult& m : d.models) {
    j["models"].push_back(
        {{"id", m.id}, {"achieved_layer", m.achieved_layer}, {"lineage", m.lineage}});
  }
  j["questions"] = d.questions;
  j["findings"] = json::array();
  for (const Finding& f : d.findings) j["findings"].push_back(FindingToJson(f));
  return j;
}

}  // namespace

json FindingToJson(const Finding& f) {
  return {{"rule", f.rule},
          {"layer", f.layer},
          {"severity", f.severity},
          {"status", StatusName(f.status)},
          {"subject", f.subject},
          {"message", f.message},
          {"location", LocationToJson(f.location)},
          {"remediation", f.remediation}};
}

json ReportToJson(const Report& report) {
  json j;
  j["schema"] = kReportSchema;
  j["tool"] = {{"name", "sovaudit"}, {"version", report.tool_version}};
  j["as_of"] = report.as_of;
  j["inputs"] = json::array();
  for (const InputFile& in : report.inputs) {
    j["inputs"].push_back({{"path", in.path}, {"sha256", in.sha256}});
  }
  j["deployments"] = json::array();
  for (const DeploymentReport& d : report.deployments) j["deployments"].push_back(DeploymentToJson(d));
  return j;
}

namespace {

constexpr auto kReplace = json::error_handler_t::replace;

// `value` as dump(2) writes it when nested `depth` levels deep: continuation lines indented.
std::string Nested(const json& value, int depth) {
  std::string s = value.dump(2, ' ', false, kReplace);
  std::string pad = "\n" + std::string(static_cast<size_t>(2 * depth), ' ');
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    if (c == '\n') {
      out += pad;
    } else {
      out += c;
    }
  }
  return out;
}

// Writes `obj` (whose keys nlohmann keeps sorted) at `depth`, with one extra member `key`
// whose value, an array, is streamed by `write_elements(out, depth + 2)` element by element.
// `count` is the number of elements (an empty array is written as []).
template <typename Fn>
void WriteWithStreamedArray(std::ostream& out, const json& obj, const std::string& key,
                            size_t count, int depth, Fn write_elements) {
  std::string pad(static_cast<size_t>(2 * (depth + 1)), ' ');
  out << "{";
  bool first = true;
  bool streamed = false;
  auto member = [&](const std::string& k) {
    out << (first ? "\n" : ",\n") << pad << json(k).dump() << ": ";
    first = false;
  };
  auto stream = [&] {
    member(key);
    if (count == 0) {
      out << "[]";
    } else {
      out << "[";
      write_elements(out, depth + 2);
      out << "\n" << pad << "]";
    }
    streamed = true;
  };
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (!streamed && key < it.key()) stream();
    member(it.key());
    out << Nested(it.value(), depth + 1);
  }
  if (!streamed) stream();
  out << "\n" << std::string(static_cast<size_t>(2 * depth), ' ') << "}";
}

}  // namespace

void RenderJson(const Report& report, std::ostream& out) {
  // Equal, byte for byte, to ReportToJson(report).dump(2) plus a newline, but findings are
  // dumped one at a time: a 10,000-model portfolio never holds its whole report as a tree.
  json top = ReportToJson(Report{report.tool_version, report.as_of, report.inputs, {}});
  top.erase("deployments");
  WriteWithStreamedArray(
      out, top, "deployments", report.deployments.size(), 0, [&](std::ostream& o, int depth) {
        std::string pad(static_cast<size_t>(2 * depth), ' ');
        for (size_t i = 0; i < report.deployments.size(); ++i) {
          const DeploymentReport& d = report.deployments[i];
          DeploymentReport shell = d;
          shell.findings.clear();
          json dj = DeploymentToJson(shell);
          dj.erase("findings");
          o << (i ? ",\n" : "\n") << pad;
          WriteWithStreamedArray(o, dj, "findings", d.findings.size(), depth,
                                 [&](std::ostream& o2, int fdepth) {
                                   std::string fpad(static_cast<size_t>(2 * fdepth), ' ');
                                   for (size_t k = 0; k < d.findings.size(); ++k) {
                                     o2 << (k ? ",\n" : "\n") << fpad
                                        << Nested(FindingToJson(d.findings[k]), fdepth);
                                   }
                                 });
        }
      });
  out << "\n";
}

}  // namespace sov
