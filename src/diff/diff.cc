#include "src/diff/diff.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>
#include <utility>

#include "src/util/text.h"

namespace sov {
namespace {

bool Overclaims(const std::optional<SnapshotClaim>& c) { return c && !c->holds; }

// Pairs elements of `olds` and `news` that have equal keys, the k-th of a key in OLD with the
// k-th in NEW. Calls pair(old_index, new_index) for each pair, and returns which indices of
// each side went unpaired.
template <typename T, typename KeyFn, typename PairFn>
std::pair<std::vector<size_t>, std::vector<size_t>> Match(const std::vector<T>& olds,
                                                          const std::vector<T>& news,
                                                          KeyFn key, PairFn pair) {
  std::map<decltype(key(olds.front())), std::vector<size_t>> by_key;
  for (size_t i = olds.size(); i-- > 0;) by_key[key(olds[i])].push_back(i);  // reversed: pop
  std::vector<bool> old_used(olds.size(), false);
  std::vector<size_t> new_only;
  for (size_t i = 0; i < news.size(); ++i) {
    auto it = by_key.find(key(news[i]));
    if (it == by_key.end() || it->second.empty()) {
      new_only.push_back(i);
      continue;
    }
    size_t o = it->second.back();
    it->second.pop_back();
    old_used[o] = true;
    pair(o, i);
  }
  std::vector<size_t> old_only;
  for (size_t i = 0; i < olds.size(); ++i) {
    if (!old_used[i]) old_only.push_back(i);
  }
  return {old_only, new_only};
}

std::optional<FindingChange> Classify(std::optional<Status> before, std::optional<Status> after) {
  int a = StatusRank(before), b = StatusRank(after);
  if (a == 0 && b > 0) return FindingChange::kNew;
  if (a > 0 && b == 0) return FindingChange::kFixed;
  if (a == 1 && b == 2) return FindingChange::kWorse;
  if (a == 2 && b == 1) return FindingChange::kBetter;
  return std::nullopt;
}

FindingDelta DeltaOf(const SnapshotFinding& f, FindingChange change,
                     std::optional<Status> before, std::optional<Status> after) {
  return FindingDelta{change, f.rule, f.layer, f.severity, f.subject, f.message, f.location,
                      before, after};
}

std::vector<FindingDelta> DiffFindings(const std::vector<SnapshotFinding>& olds,
                                       const std::vector<SnapshotFinding>& news) {
  std::vector<FindingDelta> out;
  auto key = [](const SnapshotFinding& f) { return std::make_pair(f.rule, f.subject); };
  auto [old_only, new_only] = Match(olds, news, key, [&](size_t o, size_t n) {
    if (auto c = Classify(olds[o].status, news[n].status)) {
      out.push_back(DeltaOf(news[n], *c, olds[o].status, news[n].status));
    }
  });
  for (size_t n : new_only) {
    if (auto c = Classify(std::nullopt, news[n].status)) {
      out.push_back(DeltaOf(news[n], *c, std::nullopt, news[n].status));
    }
  }
  for (size_t o : old_only) {
    if (auto c = Classify(olds[o].status, std::nullopt)) {
      out.push_back(DeltaOf(olds[o], *c, olds[o].status, std::nullopt));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const FindingDelta& a, const FindingDelta& b) {
    if (a.change != b.change) return a.change < b.change;
    if (a.layer != b.layer) return a.layer < b.layer;
    if (a.rule != b.rule) return RuleIdLess(a.rule, b.rule);
    return a.subject < b.subject;
  });
  return out;
}

std::vector<LayerStatusDelta> DiffLayers(const std::vector<SnapshotLayer>& olds,
                                         const std::vector<SnapshotLayer>& news) {
  std::map<int, LayerStatusDelta> by_layer;
  for (const SnapshotLayer& l : olds) {
    LayerStatusDelta& d = by_layer[l.layer];
    d.layer = l.layer;
    d.name = l.name;
    d.old_status = l.status;
  }
  for (const SnapshotLayer& l : news) {
    LayerStatusDelta& d = by_layer[l.layer];
    d.layer = l.layer;
    d.name = l.name;
    d.new_status = l.status;
  }
  std::vector<LayerStatusDelta> out;
  for (const auto& [layer, d] : by_layer) {
    if (d.old_status != d.new_status) out.push_back(d);
  }
  return out;
}

DeploymentDelta DiffDeployment(const SnapshotDeployment& a, const SnapshotDeployment& b) {
  DeploymentDelta d;
  d.name = b.name;
  d.old_file = a.file;
  d.new_file = b.file;
  d.old_layer = a.achieved_layer;
  d.new_layer = b.achieved_layer;
  d.old_label = a.label;
  d.new_label = b.label;
  d.old_claim = a.claim;
  d.new_claim = b.claim;
  d.layers = DiffLayers(a.layers, b.layers);
  d.findings = DiffFindings(a.findings, b.findings);
  return d;
}

DeploymentEntry EntryOf(const SnapshotDeployment& d) {
  size_t open = 0;
  for (const SnapshotFinding& f : d.findings) open += StatusRank(f.status) > 0;
  return DeploymentEntry{d.name, d.file, d.achieved_layer, d.label, open};
}

bool EntryLess(const DeploymentEntry& a, const DeploymentEntry& b) {
  return std::tie(a.name, a.file) < std::tie(b.name, b.file);
}

std::string Plural(size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

const char* FindingChangeName(FindingChange c) {
  switch (c) {
    case FindingChange::kNew: return "new";
    case FindingChange::kWorse: return "worse";
    case FindingChange::kBetter: return "better";
    case FindingChange::kFixed: return "fixed";
  }
  return "";
}

const char* LayerChangeName(LayerChange c) {
  switch (c) {
    case LayerChange::kSame: return "same";
    case LayerChange::kGained: return "gained";
    case LayerChange::kLost: return "lost";
  }
  return "";
}

int StatusRank(std::optional<Status> s) {
  if (!s) return 0;
  if (*s == Status::kFail) return 2;
  if (*s == Status::kUnknown) return 1;
  return 0;
}

bool RuleIdLess(const std::string& a, const std::string& b) {
  size_t i = 0, j = 0;
  auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      size_t i2 = i, j2 = j;
      while (i2 < a.size() && digit(a[i2])) ++i2;
      while (j2 < b.size() && digit(b[j2])) ++j2;
      std::string_view na(a.data() + i, i2 - i), nb(b.data() + j, j2 - j);
      while (na.size() > 1 && na.front() == '0') na.remove_prefix(1);
      while (nb.size() > 1 && nb.front() == '0') nb.remove_prefix(1);
      if (na.size() != nb.size()) return na.size() < nb.size();
      if (na != nb) return na < nb;
      i = i2;
      j = j2;
      continue;
    }
    if (a[i] != b[j]) return a[i] < b[j];
    ++i;
    ++j;
  }
  if ((a.size() - i) != (b.size() - j)) return a.size() - i < b.size() - j;
  return a < b;  // equal up to leading zeros: any fixed order
}

LayerChange DeploymentDelta::layer_change() const {
  if (new_layer > old_layer) return LayerChange::kGained;
  if (new_layer < old_layer) return LayerChange::kLost;
  return LayerChange::kSame;
}

bool DeploymentDelta::NewOverclaim() const {
  return Overclaims(new_claim) && !Overclaims(old_claim);
}

bool DeploymentDelta::OverclaimResolved() const {
  return Overclaims(old_claim) && !Overclaims(new_claim);
}

size_t DeploymentDelta::Count(FindingChange c) const {
  return static_cast<size_t>(std::count_if(findings.begin(), findings.end(),
                                           [c](const FindingDelta& f) { return f.change == c; }));
}

bool DeploymentDelta::Changed() const {
  return old_layer != new_layer || old_label != new_label || old_file != new_file ||
         old_claim != new_claim || !layers.empty() || !findings.empty();
}

bool DeploymentDelta::Regressed() const {
  return layer_change() == LayerChange::kLost || NewOverclaim() ||
         Count(FindingChange::kNew) > 0 || Count(FindingChange::kWorse) > 0;
}

ReportDiff DiffReports(const ReportSnapshot& old_report, const ReportSnapshot& new_report) {
  ReportDiff diff;
  diff.old_file = old_report.file;
  diff.new_file = new_report.file;
  diff.old_as_of = old_report.as_of;
  diff.new_as_of = new_report.as_of;

  // A name that is not unique on either side is matched together with its file.
  std::map<std::string, int> count;
  for (const auto& d : old_report.deployments) ++count[d.name];
  std::map<std::string, int> new_count;
  for (const auto& d : new_report.deployments) ++new_count[d.name];
  for (const auto& [name, n] : new_count) count[name] = std::max(count[name], n);
  auto key = [&count](const SnapshotDeployment& d) {
    return std::make_pair(d.name, count.at(d.name) > 1 ? d.file : std::string());
  };
  const auto& olds = old_report.deployments;
  const auto& news = new_report.deployments;
  auto [old_only, new_only] = Match(olds, news, key, [&](size_t o, size_t n) {
    diff.deployments.push_back(DiffDeployment(olds[o], news[n]));
  });
  for (size_t n : new_only) diff.added.push_back(EntryOf(news[n]));
  for (size_t o : old_only) diff.removed.push_back(EntryOf(olds[o]));

  std::stable_sort(diff.deployments.begin(), diff.deployments.end(),
                   [](const DeploymentDelta& a, const DeploymentDelta& b) {
                     return std::tie(a.name, a.new_file) < std::tie(b.name, b.new_file);
                   });
  std::stable_sort(diff.added.begin(), diff.added.end(), EntryLess);
  std::stable_sort(diff.removed.begin(), diff.removed.end(), EntryLess);
  return diff;
}

DiffSummary Summarize(const ReportDiff& diff) {
  DiffSummary s;
  s.matched = diff.deployments.size();
  s.added = diff.added.size();
  s.removed = diff.removed.size();
  for (const DeploymentDelta& d : diff.deployments) {
    s.unchanged += !d.Changed();
    s.gained += d.layer_change() == LayerChange::kGained;
    s.lost += d.layer_change() == LayerChange::kLost;
    s.new_overclaims += d.NewOverclaim();
    s.resolved_overclaims += d.OverclaimResolved();
    s.new_findings += d.Count(FindingChange::kNew);
    s.worse += d.Count(FindingChange::kWorse);
    s.better += d.Count(FindingChange::kBetter);
    s.fixed += d.Count(FindingChange::kFixed);
    s.regressed += d.Regressed();
  }
  s.regression = s.regressed > 0;
  return s;
}

std::vector<std::string> RegressionReasons(const ReportDiff& diff) {
  std::vector<std::string> lines;
  for (const DeploymentDelta& d : diff.deployments) {
    const std::string who = "'" + d.name + "'";
    if (d.layer_change() == LayerChange::kLost) {
      lines.push_back(who + " lost a layer: " + std::to_string(d.old_layer) + " (" +
                      d.old_label + ") -> " + std::to_string(d.new_layer) + " (" + d.new_label +
                      ")");
    }
    if (d.NewOverclaim()) {
      lines.push_back(who + " now overclaims: claims layer " +
                      std::to_string(d.new_claim->layer) + " and reaches layer " +
                      std::to_string(d.new_layer));
    }
    std::vector<std::string> examples;
    size_t n = 0;
    for (const FindingDelta& f : d.findings) {
      if (f.change != FindingChange::kNew && f.change != FindingChange::kWorse) continue;
      if (++n > 3) continue;
      examples.push_back(f.rule + " " + StatusName(*f.new_status) + " on " + f.subject);
    }
    if (n > 0) {
      lines.push_back(who + ": " + Plural(n, "new or worse finding") + ": " +
                      Join(examples, ", ") + (n > examples.size() ? ", ..." : ""));
    }
  }
  return lines;
}

}  // namespace sov
