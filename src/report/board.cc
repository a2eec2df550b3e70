#include "src/report/board.h"

#include <algorithm>
#include <map>
#include <set>

#include "src/util/text.h"

namespace sov {
namespace {

std::string Plural(int n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string Owners(const Report& report) {
  std::vector<std::string> owners;
  for (const DeploymentReport& d : report.deployments) {
    if (!d.owner.empty() &&
        std::find(owners.begin(), owners.end(), d.owner) == owners.end()) {
      owners.push_back(d.owner);
    }
  }
  if (owners.size() <= 2) return Join(owners, " and ");
  size_t more = owners.size() - 2;
  owners.resize(2);
  return Join(owners, ", ") + " and " + std::to_string(more) + " more";
}

// The verdict's claims and integrity: " 1 sovereignty claim does not hold." ...
std::string Tail(const ExecutiveSummary& s) {
  std::string v;
  if (s.overclaims > 0) {
    v += " " + Plural(s.overclaims, "sovereignty claim does", "sovereignty claims do") + " not hold.";
  }
  if (s.integrity_failures > 0) {
    v += " " + Plural(s.integrity_failures, "deployment runs", "deployments run") +
         " weights that do not match their pin.";
  }
  return v;
}

// "4 of 9 deployments reach the target layer 3; 5 do not." and the claims and integrity.
std::string Verdict(const ExecutiveSummary& s) {
  std::string v;
  if (s.deployments == 1 && s.target_layer > 0) {
    v = s.meet_target ? "The deployment reaches the target layer " + std::to_string(s.target_layer) + "."
                      : "The deployment reaches layer " + std::to_string(s.lowest_layer) +
                            ", below the target layer " + std::to_string(s.target_layer) + ".";
  } else if (s.deployments == 1) {
    v = "The deployment reaches layer " + std::to_string(s.lowest_layer) + " (" +
        LayerLabel(s.lowest_layer) + "); no target layer was set.";
  } else if (s.target_layer > 0 || s.meet_target > 0 || s.targets_differ) {
    int below = s.deployments - s.meet_target;
    if (s.target_layer == 0) {
      return std::to_string(s.meet_target) + " of " + std::to_string(s.deployments) +
             " deployments reach their target layers; " + std::to_string(below) +
             (below == 1 ? " does" : " do") + " not." + Tail(s);
    }
    v = std::to_string(s.meet_target) + " of " + std::to_string(s.deployments) +
        " deployments reach the target layer " + std::to_string(s.target_layer) +
        (below == 0 ? "; none falls short." : "; " + std::to_string(below) + (below == 1 ? " does" : " do") + " not.");
  } else {
    v = Plural(s.deployments, "deployment", "deployments") + " reach layers " +
        std::to_string(s.lowest_layer) + " to " + std::to_string(s.highest_layer) +
        "; no target layer was set.";
  }
  return v + Tail(s);
}

std::vector<Risk> RankRisks(const Report& report) {
  std::vector<Risk> risks;
  Risk integrity{Risk::Kind::kIntegrity, "SOV-3.5", Severity::kCritical, {}, 0, 0};
  Risk overclaim{Risk::Kind::kOverclaim, "SOV-C.1", Severity::kCritical, {}, 0, 0};
  std::map<std::string, Risk> rules;
  for (const DeploymentReport& d : report.deployments) {
    if (d.integrity_failure) {
      integrity.deployments.push_back(d.name);
      for (const Finding& f : d.findings) {
        integrity.findings += f.rule == "SOV-3.5" && f.status == Status::kFail;
      }
    }
    if (d.claim.present && !d.claim.holds) {
      overclaim.deployments.push_back(d.name);
      ++overclaim.findings;
    }
    for (size_t i : d.next_layer.steps) {
      const Finding& f = d.findings[i];
      // Integrity failures and overclaims are risks of their own (above), not rules again.
      if (f.rule == "SOV-C.1" || (d.integrity_failure && f.rule == "SOV-3.5")) continue;
      Risk& r = rules[f.rule];
      if (r.rule.empty()) {
        r.rule = f.rule;
        r.severity = f.severity;
      }
      r.severity = std::max(r.severity, f.severity);
      ++r.findings;
      if (r.deployments.empty() || r.deployments.back() != d.name) r.deployments.push_back(d.name);
    }
  }
  if (!integrity.deployments.empty()) risks.push_back(integrity);
  if (!overclaim.deployments.empty()) risks.push_back(overclaim);
  for (auto& [id, r] : rules) risks.push_back(r);
  for (Risk& r : risks) r.score = SeverityWeight(r.severity) * static_cast<int>(r.deployments.size());
  // Integrity failures and overclaims come first whatever their reach: the verdict names them.
  std::stable_sort(risks.begin(), risks.end(), [](const Risk& a, const Risk& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    if (a.score != b.score) return a.score > b.score;
    if (a.findings != b.findings) return a.findings > b.findings;
    return CompareNatural(a.rule, b.rule) < 0;
  });
  if (risks.size() > 3) risks.resize(3);
  return risks;
}

std::vector<NextStep> Steps(const Report& report) {
  std::vector<NextStep> steps;
  for (const DeploymentReport& d : report.deployments) {
    if (d.next_layer.layer == 0 || d.next_layer.steps.empty()) continue;
    const Finding& first = d.findings[d.next_layer.steps.front()];
    NextStep s;
    s.deployment = d.name;
    s.achieved_layer = d.achieved_layer;
    s.next_layer = d.next_layer.layer;
    s.target_layer = d.target_layer;
    s.rule = first.rule;
    s.plan_findings = static_cast<int>(d.next_layer.steps.size());
    for (size_t i : d.next_layer.steps) {
      const Finding& f = d.findings[i];
      if (f.rule != s.rule) continue;
      ++s.findings;
      if (s.remediation.empty()) s.remediation = f.remediation;
    }
    if (s.remediation.empty()) {
      if (const RuleInfo* r = FindRule(report, s.rule)) s.remediation = r->remediation;
    }
    steps.push_back(std::move(s));
  }
  std::stable_sort(steps.begin(), steps.end(), [](const NextStep& a, const NextStep& b) {
    return a.achieved_layer < b.achieved_layer;
  });
  return steps;
}

// Whole percentages of `total` that add up to 100 (largest remainder first; ties by order).
std::array<int, kEvidenceKinds> Percentages(const std::array<int, kEvidenceKinds>& n, int total) {
  std::array<int, kEvidenceKinds> pct{};
  if (total == 0) return pct;
  std::array<long long, kEvidenceKinds> rest{};
  int given = 0;
  for (size_t k = 0; k < n.size(); ++k) {
    long long scaled = static_cast<long long>(n[k]) * 100;
    pct[k] = static_cast<int>(scaled / total);
    rest[k] = scaled % total;
    given += pct[k];
  }
  for (; given < 100; ++given) {
    size_t best = 0;
    for (size_t k = 1; k < n.size(); ++k) {
      if (rest[k] > rest[best]) best = k;
    }
    ++pct[best];
    rest[best] = -1;
  }
  return pct;
}

const char* SubjectWord(const std::string& kind, bool plural) {
  if (kind == "models") return plural ? "models" : "model";
  if (kind == "datasets") return plural ? "datasets" : "dataset";
  if (kind == "infrastructure") return plural ? "infrastructure elements" : "infrastructure element";
  if (kind == "endpoints") return plural ? "endpoints" : "endpoint";
  if (kind == "evaluations") return plural ? "evaluations" : "evaluation";
  if (kind == "deployment") return plural ? "deployment-wide checks" : "deployment-wide check";
  if (kind == "claim") return plural ? "claims" : "claim";
  return plural ? "subjects" : "subject";
}

int StatusOrder(Status s) {
  return s == Status::kFail ? 0 : s == Status::kUnknown ? 1 : 2;
}

}  // namespace

const LayerPlainWords kLayerPlainWords[5] = {
    {1, "residency", "Data is stored and models are served in the home jurisdiction.",
     "Data and inference stay onshore, under domestic law.",
     "A domestic region or data centre; often little more than today."},
    {2, "infrastructure", "The platforms are operated and owned domestically, keys included.",
     "No foreign operator or parent company can be compelled to hand data over or switch "
     "service off.",
     "A domestic provider or own data centre; fewer managed services."},
    {3, "fine-tuning", "The weights are held locally and tuned domestically on domestic data.",
     "The organisation holds and can change its models; a vendor's withdrawal does not stop "
     "them.",
     "GPU capacity, a model team, curated training data, verified weights."},
    {4, "base model", "The base model was pretrained by a domestic organisation.",
     "No foreign root in the lineage; licences cannot be revoked from abroad.",
     "Pretraining compute and data, or adopting a domestic base model."},
    {5, "end-to-end", "Evaluation, benchmarks and judges are domestic too.",
     "The organisation decides, by its own measures, whether a model is fit for use.",
     "Own benchmarks and an evaluation team; results bound to the weights."},
};

int SeverityWeight(Severity s) {
  switch (s) {
    case Severity::kCritical: return 4;
    case Severity::kHigh: return 3;
    case Severity::kMedium: return 2;
    case Severity::kLow: return 1;
    case Severity::kInfo: return 0;
  }
  return 0;
}

ExecutiveSummary SummarizeForBoard(const Report& report, const std::string& title) {
  ExecutiveSummary s;
  s.organisation = title.empty() ? Owners(report) : title;
  s.as_of = report.as_of;
  s.deployments = static_cast<int>(report.deployments.size());
  std::set<int> targets;
  s.lowest_layer = 5;
  for (const DeploymentReport& d : report.deployments) {
    int layer = std::clamp(d.achieved_layer, 0, 5);
    s.models += static_cast<int>(d.models.size());
    ++s.by_layer[layer];
    s.lowest_layer = std::min(s.lowest_layer, layer);
    s.highest_layer = std::max(s.highest_layer, layer);
    targets.insert(d.target_layer);
    s.meet_target += MeetsTarget(d);
    s.overclaims += d.claim.present && !d.claim.holds;
    s.integrity_failures += d.integrity_failure;
    std::array<int, kEvidenceKinds> e = PassingByEvidence(d);
    for (int k = 0; k < kEvidenceKinds; ++k) {
      s.evidence[static_cast<size_t>(k)] += e[static_cast<size_t>(k)];
      s.passing += e[static_cast<size_t>(k)];
    }
  }
  if (report.deployments.empty()) s.lowest_layer = 0;
  s.target_layer = targets.size() == 1 ? *targets.begin() : 0;
  s.targets_differ = targets.size() > 1;
  s.verdict = Verdict(s);
  s.risks = RankRisks(report);
  s.steps = Steps(report);
  return s;
}

std::string EvidenceMixSentence(const ExecutiveSummary& s) {
  std::array<int, kEvidenceKinds> pct = Percentages(s.evidence, s.passing);
  auto at = [&](Evidence e) { return std::to_string(pct[static_cast<size_t>(e)]); };
  return "Of " + Plural(s.passing, "passing finding", "passing findings") + ", " +
         at(Evidence::kVerified) + "% were verified by this run, " + at(Evidence::kAttested) +
         "% rest on signed attestations, " + at(Evidence::kDocumented) + "% on documents, and " +
         at(Evidence::kDeclared) + "% on the manifest's word alone.";
}

std::string RiskSentence(const Report& report, const Risk& r) {
  std::string who = Join(r.deployments.size() > 4
                             ? std::vector<std::string>(r.deployments.begin(), r.deployments.begin() + 3)
                             : r.deployments,
                         ", ");
  if (r.deployments.size() > 4) who += " and " + std::to_string(r.deployments.size() - 3) + " more";
  int n = static_cast<int>(r.deployments.size());
  switch (r.kind) {
    case Risk::Kind::kIntegrity:
      return "Weights do not match their pin (SOV-3.5, critical) in " +
             Plural(n, "deployment", "deployments") + ": " + who;
    case Risk::Kind::kOverclaim:
      return "A sovereignty claim does not hold (SOV-C.1, critical) for " +
             Plural(n, "deployment", "deployments") + ": " + who;
    case Risk::Kind::kRule: break;
  }
  std::string title = r.rule;
  if (const RuleInfo* info = FindRule(report, r.rule)) title = info->title;
  return Plural(n, "deployment falls", "deployments fall") + " short of \"" + title + "\" (" +
         r.rule + ", " + SeverityName(r.severity) + "): " + who;
}

std::string StepHeading(const NextStep& s) {
  std::string h = s.deployment + " (layer " + std::to_string(s.achieved_layer);
  if (s.target_layer > 0) h += ", target " + std::to_string(s.target_layer);
  h += "): to reach layer " + std::to_string(s.next_layer) + ", close " + s.rule + " (" +
       Plural(s.findings, "finding", "findings");
  if (s.plan_findings > s.findings) {
    h += " of the " + std::to_string(s.plan_findings) + " in the way";
  }
  return h + ")";
}

std::string FoldMessage(const Finding& f) {
  size_t slash = f.subject.find('/');
  std::string id = slash == std::string::npos ? "" : f.subject.substr(slash + 1);
  if (id.empty()) return f.message;
  std::string needle = "'" + id + "'";
  std::string out;
  size_t pos = 0;
  for (;;) {
    size_t hit = f.message.find(needle, pos);
    if (hit == std::string::npos) break;
    out.append(f.message, pos, hit - pos);
    out += "'…'";
    pos = hit + needle.size();
  }
  out.append(f.message, pos, std::string::npos);
  return out;
}

std::string SubjectCount(const std::vector<const Finding*>& findings) {
  std::map<std::string, int> kinds;
  for (const Finding* f : findings) kinds[f->subject.substr(0, f->subject.find('/'))]++;
  std::vector<std::string> parts;
  for (const auto& [kind, n] : kinds) {
    parts.push_back(std::to_string(n) + " " + SubjectWord(kind, n != 1));
  }
  if (parts.size() <= 1) return parts.empty() ? "" : parts[0];
  std::string last = parts.back();
  parts.pop_back();
  return Join(parts, ", ") + " and " + last;
}

std::vector<FindingGroup> GroupFindings(const DeploymentReport& d) {
  std::vector<FindingGroup> groups;
  std::map<std::pair<std::string, int>, size_t> index;
  for (const Finding& f : d.findings) {
    if (f.status != Status::kFail && f.status != Status::kUnknown && f.status != Status::kWaived) {
      continue;
    }
    auto key = std::make_pair(f.rule, static_cast<int>(f.status));
    auto [it, fresh] = index.emplace(key, groups.size());
    if (fresh) {
      FindingGroup g;
      g.rule = f.rule;
      g.layer = f.layer;
      g.status = f.status;
      g.severity = f.severity;
      g.above_target = true;
      groups.push_back(std::move(g));
    }
    FindingGroup& g = groups[it->second];
    g.severity = std::max(g.severity, f.severity);
    g.above_target = g.above_target && AboveTarget(d, f);
    g.findings.push_back(&f);
  }
  for (FindingGroup& g : groups) {
    std::map<std::string, int> reasons;
    for (const Finding* f : g.findings) {
      ++reasons[g.findings.size() > 1 ? FoldMessage(*f) : f->message];
    }
    g.reasons.assign(reasons.begin(), reasons.end());
    std::stable_sort(g.reasons.begin(), g.reasons.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
  }
  std::stable_sort(groups.begin(), groups.end(), [](const FindingGroup& a, const FindingGroup& b) {
    bool a_waived = a.status == Status::kWaived, b_waived = b.status == Status::kWaived;
    if (a_waived != b_waived) return !a_waived;
    if (a.above_target != b.above_target) return !a.above_target;
    if (a.layer != b.layer) return a.layer < b.layer;
    if (a.status != b.status) return StatusOrder(a.status) < StatusOrder(b.status);
    if (a.severity != b.severity) return a.severity > b.severity;
    return CompareNatural(a.rule, b.rule) < 0;
  });
  return groups;
}

}  // namespace sov
