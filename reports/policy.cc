#include "reports/policy.h"

#include <cstddef>

#include "reports/render.h"
#include "src/util/text.h"

namespace sov {

using nlohmann::json;

namespace {

json FileToJson(const PolicyFile& f) { return {{"path", f.path}, {"sha256", f.sha256}}; }

// "A, B, C" with at most eight names, then "and N more".
std::string Names(const std::vector<std::string>& names) {
  constexpr size_t kShown = 8;
  if (names.size() <= kShown) return Join(names, ", ");
  std::vector<std::string> shown(names.begin(),
                                 names.begin() + static_cast<std::ptrdiff_t>(kShown));
  return Join(shown, ", ") + " and " + std::to_string(names.size() - kShown) + " more";
}

std::string PackPart(const Policy& policy, const PolicyFile& pack) {
  std::vector<std::string> disabled, regraded;
  for (const PolicyRuleChange& c : policy.rule_changes) {
    if (c.pack != pack.path) continue;
    if (c.disabled) {
      disabled.push_back(c.rule);
    } else {
      regraded.push_back(c.rule + " " + c.from + "→" + c.to);
    }
  }
  std::string s = "rule pack " + pack.path + " (sha256 " + pack.sha256 + ")";
  std::vector<std::string> effects;
  if (!pack.added.empty()) effects.push_back("adds " + Names(pack.added));
  if (!disabled.empty()) effects.push_back("disables " + Names(disabled));
  if (!regraded.empty()) effects.push_back("re-grades " + Names(regraded));
  if (!effects.empty()) s += " " + Join(effects, ", ");
  return s;
}

}  // namespace

json PolicyToJson(const Report& report) {
  const Policy& p = report.policy;
  json j;
  if (p.config) {
    j["config"] = {{"path", p.config->path},
                   {"sha256", p.config->sha256},
                   {"discovered", p.config->discovered}};
  } else {
    j["config"] = nullptr;
  }
  j["rule_packs"] = json::array();
  for (const PolicyFile& f : p.rule_packs) {
    json entry = FileToJson(f);
    entry["adds"] = f.added;
    j["rule_packs"].push_back(std::move(entry));
  }
  j["rule_changes"] = json::array();
  for (const PolicyRuleChange& c : p.rule_changes) {
    json entry = {{"rule", c.rule}, {"pack", c.pack}};
    if (c.disabled) {
      entry["change"] = "disabled";
    } else {
      entry["change"] = "severity";
      entry["from"] = c.from;
      entry["to"] = c.to;
    }
    j["rule_changes"].push_back(std::move(entry));
  }
  j["waiver_files"] = json::array();
  for (const PolicyFile& f : p.waiver_files) j["waiver_files"].push_back(FileToJson(f));
  if (!p.evidence_keys.empty()) {
    json keys = json::array();
    for (const PolicyFile& f : p.evidence_keys) keys.push_back({{"path", f.path}, {"fingerprint", f.sha256}});
    j["evidence"] = {{"keys", keys}, {"max_age_days", p.evidence_max_age}};
  }
  if (!p.min_evidence.empty()) j["min_evidence"] = p.min_evidence;
  j["waivers_applied"] = json::array();
  for (size_t i : p.waivers_applied) {
    if (i >= report.waivers.size()) continue;
    const WaiverResult& w = report.waivers[i];
    json entry = {{"rule", w.rule},       {"subject", w.subject},
                  {"owner", w.owner},     {"expires", w.expires},
                  {"location", LocationToJson(w.location)}, {"findings", w.applied}};
    if (!w.deployment.empty()) entry["deployment"] = w.deployment;
    j["waivers_applied"].push_back(std::move(entry));
  }
  return j;
}

std::string PolicyLine(const Report& report) {
  const Policy& p = report.policy;
  std::vector<std::string> parts;
  if (p.config) {
    parts.push_back("config " + p.config->path + " (" +
                    (p.config->discovered ? "discovered" : "--config") + ", sha256 " +
                    p.config->sha256 + ")");
  } else {
    parts.push_back("no config file");
  }
  if (p.rule_packs.empty()) parts.push_back("built-in rules only");
  for (const PolicyFile& pack : p.rule_packs) parts.push_back(PackPart(p, pack));
  size_t applied = p.waivers_applied.size();
  std::string waivers = std::to_string(applied) + " waiver" + (applied == 1 ? "" : "s") +
                        " applied";
  if (!p.waiver_files.empty()) {
    std::vector<std::string> files;
    for (const PolicyFile& f : p.waiver_files) files.push_back(f.path + " (sha256 " + f.sha256 + ")");
    waivers += " from " + Join(files, ", ");
  }
  parts.push_back(waivers);
  if (!p.evidence_keys.empty()) {
    std::vector<std::string> keys;
    for (const PolicyFile& f : p.evidence_keys) keys.push_back(f.path + " (key sha256:" + f.sha256 + ")");
    parts.push_back("evidence trusted from " + Join(keys, ", ") + ", at most " +
                    std::to_string(p.evidence_max_age) + " days old");
  }
  if (!p.min_evidence.empty()) parts.push_back("passes need " + p.min_evidence + " evidence or stronger");
  return "Policy: " + Join(parts, "; ");
}

}  // namespace sov
