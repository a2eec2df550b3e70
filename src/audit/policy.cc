#include "src/audit/policy.h"

#include <map>

#include "src/util/fs.h"

namespace sov {

void ApplyRulePacks(RuleSet& rules, const std::vector<std::string>& packs, Policy& policy,
                    InputReader& inputs) {
  for (const std::string& pack : packs) {
    std::map<std::string, const RuleDef*> before;
    RuleSet previous = rules;
    for (const RuleDef& r : previous.rules()) before[r.id] = &r;
    std::string sha256 = rules.ApplyNamedPack(pack, inputs);
    PolicyFile file{pack, sha256, {}};
    for (const RuleDef& r : rules.rules()) {
      auto it = before.find(r.id);
      if (it == before.end()) {
        file.added.push_back(r.id);
        continue;
      }
      const RuleDef& old = *it->second;
      if (old.enabled && !r.enabled) policy.rule_changes.push_back({r.id, pack, true, "", ""});
      if (old.severity != r.severity) {
        policy.rule_changes.push_back({r.id, pack, false, SeverityName(old.severity),
                                       SeverityName(r.severity)});
      }
    }
    policy.rule_packs.push_back(std::move(file));
  }
}

void RecordWaivers(const std::vector<std::string>& waiver_files, Report& report) {
  for (const std::string& file : waiver_files) {
    PolicyFile entry{file, "", {}};
    for (const InputFile& in : report.inputs) {
      if (in.path == file) entry.sha256 = in.sha256;
    }
    report.policy.waiver_files.push_back(std::move(entry));
  }
  for (size_t i = 0; i < report.waivers.size(); ++i) {
    if (report.waivers[i].state == "active") report.policy.waivers_applied.push_back(i);
  }
}

}  // namespace sov
