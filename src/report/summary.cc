#include "src/report/summary.h"

#include <algorithm>
#include <map>
#include <set>

namespace sov {

std::string UnitLabel(const std::string& name) {
  return name.empty() ? "(no business unit)" : name;
}

PortfolioSummary Summarize(const Report& report) {
  PortfolioSummary s;
  std::map<std::string, UnitSummary> units;
  std::map<std::string, BlockingRule> blocking;
  for (const DeploymentReport& d : report.deployments) {
    int layer = std::clamp(d.achieved_layer, 0, 5);
    bool overclaim = d.claim.present && !d.claim.holds;
    ++s.deployments;
    s.models += static_cast<int>(d.models.size());
    ++s.by_layer[layer];
    if (overclaim) {
      ++s.overclaims;
      s.overclaimed.push_back(d.name);
    }
    if (d.integrity_failure) ++s.integrity_failures;
    for (const Finding& f : d.findings) s.waived += f.status == Status::kWaived;

    UnitSummary& u = units[d.business_unit];
    u.name = d.business_unit;
    ++u.deployments;
    u.models += static_cast<int>(d.models.size());
    ++u.by_layer[layer];
    u.overclaims += overclaim;
    u.lowest_layer = std::min(u.lowest_layer, layer);

    std::set<std::string> counted;
    for (size_t i : d.next_layer.steps) {
      const Finding& f = d.findings[i];
      BlockingRule& b = blocking[f.rule];
      b.rule = f.rule;
      b.layer = f.layer;
      ++b.findings;
      if (counted.insert(f.rule).second) ++b.deployments;
    }
  }
  for (auto& [name, u] : units) {
    if (!name.empty()) s.units.push_back(u);
  }
  if (auto it = units.find(""); it != units.end()) s.units.push_back(it->second);
  for (auto& [id, b] : blocking) s.blocking.push_back(b);
  std::stable_sort(s.blocking.begin(), s.blocking.end(),
                   [](const BlockingRule& a, const BlockingRule& b) {
                     if (a.deployments != b.deployments) return a.deployments > b.deployments;
                     if (a.layer != b.layer) return a.layer < b.layer;
                     return CompareNatural(a.rule, b.rule) < 0;
                   });
  return s;
}

}  // namespace sov
