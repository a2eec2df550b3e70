#include "reports/trend.h"

#include "reports/diff_render.h"
#include "src/util/text.h"

namespace sov {

std::string TrendSentence(const ReportDiff& diff) {
  std::string s = "Since the audit of " + diff.old_as_of + ": " + DiffSummaryLine(Summarize(diff));
  auto names = [](const std::vector<DeploymentEntry>& entries) {
    std::vector<std::string> n;
    for (size_t i = 0; i < entries.size() && i < 5; ++i) n.push_back(entries[i].name);
    if (entries.size() > 5) n.push_back("and " + std::to_string(entries.size() - 5) + " more");
    return Join(n, ", ");
  };
  if (!diff.added.empty()) s += ". Added: " + names(diff.added);
  if (!diff.removed.empty()) s += ". Removed: " + names(diff.removed);
  return s;
}

const DeploymentDelta* FindDelta(const ReportDiff& diff, const DeploymentReport& d) {
  const DeploymentDelta* by_name = nullptr;
  int named = 0;
  for (const DeploymentDelta& x : diff.deployments) {
    if (x.name != d.name) continue;
    if (x.new_file == d.file) return &x;
    by_name = &x;
    ++named;
  }
  return named == 1 ? by_name : nullptr;
}

std::string DeploymentTrend(const ReportDiff& diff, const DeploymentReport& d) {
  const DeploymentDelta* x = FindDelta(diff, d);
  if (x == nullptr) return "new since the audit of " + diff.old_as_of;
  std::string s = "since " + diff.old_as_of + ": ";
  std::vector<std::string> parts;
  if (x->old_layer != x->new_layer) {
    parts.push_back("layer " + std::to_string(x->old_layer) + " → " + std::to_string(x->new_layer) +
                    (x->new_layer > x->old_layer ? " (gained)" : " (lost)"));
  }
  if (x->NewOverclaim()) parts.push_back("a new overclaim");
  if (x->OverclaimResolved()) parts.push_back("overclaim resolved");
  const std::pair<FindingChange, const char*> kinds[] = {{FindingChange::kNew, "new"},
                                                         {FindingChange::kWorse, "worse"},
                                                         {FindingChange::kBetter, "better"},
                                                         {FindingChange::kFixed, "fixed"}};
  for (const auto& [change, word] : kinds) {
    size_t n = x->Count(change);
    if (n == 0) continue;
    parts.push_back(std::to_string(n) + " " + word +
                    (change == FindingChange::kNew ? (n == 1 ? " finding" : " findings") : ""));
  }
  if (parts.empty() && x->Changed() && x->old_file != x->new_file) {
    return s + "no change (read from another path: " + x->old_file + ")";
  }
  if (parts.empty()) return s + (x->Changed() ? "changed otherwise" : "no change");
  return s + Join(parts, ", ");
}

}  // namespace sov
