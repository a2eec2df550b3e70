#include "src/rules/rules.h"

#include <algorithm>
#include <cctype>
#include <iterator>

#include "src/rules/checks.h"
#include "src/rules/pack.h"
#include "src/util/text.h"
#include "src/rules/tally.h"
#include "src/util/embedded.h"
#include "src/util/fs.h"

namespace sov {

const char* LayerName(int layer) {
  switch (layer) {
    case 1: return "residency";
    case 2: return "infrastructure";
    case 3: return "fine-tuning";
    case 4: return "base model";
    case 5: return "end-to-end";
    default: return "claims";
  }
}

int CompareNatural(const std::string& a, const std::string& b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (std::isdigit(static_cast<unsigned char>(a[i])) &&
        std::isdigit(static_cast<unsigned char>(b[j]))) {
      size_t ei = i, ej = j;
      while (ei < a.size() && std::isdigit(static_cast<unsigned char>(a[ei]))) ++ei;
      while (ej < b.size() && std::isdigit(static_cast<unsigned char>(b[ej]))) ++ej;
      std::string_view da(a.data() + i, ei - i), db(b.data() + j, ej - j);
      while (da.size() > 1 && da[0] == '0') da.remove_prefix(1);
      while (db.size() > 1 && db[0] == '0') db.remove_prefix(1);
      if (da.size() != db.size()) return da.size() < db.size() ? -1 : 1;
      if (int c = da.compare(db)) return c < 0 ? -1 : 1;
      i = ei;
      j = ej;
    } else {
      if (a[i] != b[j])
        return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]) ? -1 : 1;
      ++i;
      ++j;
    }
  }
  if (i < a.size()) return 1;
  if (j < b.size()) return -1;
  return 0;
}

namespace {

// `s` with each digit run replaced by '0', its length and its digits without leading zeros, so
// that byte order is numeric-aware order ("x2" < "x10").
std::string NaturalKey(const std::string& s) {
  std::string key;
  key.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size();) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) {
      key += s[i++];
      continue;
    }
    size_t end = i;
    while (end < s.size() && std::isdigit(static_cast<unsigned char>(s[end]))) ++end;
    size_t start = i;
    while (start + 1 < end && s[start] == '0') ++start;
    key += '0';
    key += static_cast<char>(std::min<size_t>(end - start, 255));
    key.append(s, start, end - start);
    i = end;
  }
  return key;
}

bool IsBuiltinCheck(const RuleDef& rule, std::string* name) {
  if (!rule.check.IsMap() || !rule.check["builtin"]) return false;
  *name = rule.check["builtin"].as<std::string>();
  return true;
}

void RunRule(const RuleDef& rule, const Facts& facts, const LayerTally* tally,
             std::vector<Finding>& out) {
  checks::Context ctx{facts, rule, tally};
  std::string name;
  if (IsBuiltinCheck(rule, &name)) {
    if (checks::CheckFn fn = checks::FindBuiltin(name)) fn(ctx, out);
    AssignEvidence(name, facts, out);
  } else {
    pack::EvaluateDeclarative(ctx, out);
  }
}

}  // namespace

const char* StatusName(Status s) {
  switch (s) {
    case Status::kPass:
      return "pass";
    case Status::kFail:
      return "fail";
    case Status::kUnknown:
      return "unknown";
    case Status::kNotApplicable:
      return "n/a";
    case Status::kWaived:
      return "waived";
  }
  return "unknown";
}

namespace {
constexpr const char* kSeverityNames[] = {"info", "low", "medium", "high", "critical"};
}  // namespace

const char* SeverityName(Severity s) { return kSeverityNames[static_cast<int>(s)]; }

constexpr const char* kEvidenceNames[] = {"declared", "documented", "attested", "verified"};

const char* EvidenceName(Evidence e) { return kEvidenceNames[static_cast<int>(e)]; }

std::optional<Evidence> ParseEvidence(std::string_view name) {
  for (int i = 0; i < kEvidenceKinds; ++i) {
    if (name == kEvidenceNames[i]) return static_cast<Evidence>(i);
  }
  return std::nullopt;
}

std::optional<Severity> ParseSeverity(std::string_view name) {
  for (int i = 0; i < 5; ++i) {
    if (name == kSeverityNames[i]) return static_cast<Severity>(i);
  }
  return std::nullopt;
}

RuleSet RuleSet::Builtin() {
  static const RuleSet kBuiltin = [] {
    RuleSet set;
    std::string_view text = EmbeddedRuleFile("rules.yaml");
    if (text.empty()) throw Error("rules/rules.yaml is not embedded in this build");
    pack::Apply(set.rules_, std::string(text), "rules/rules.yaml", true);
    return set;
  }();
  return kBuiltin;
}

void RuleSet::ApplyPack(const std::string& path) { ApplyPackText(ReadTextFile(path), path); }

void RuleSet::ApplyPackText(const std::string& text, const std::string& name) {
  pack::Apply(rules_, text, name, false);
}

std::string RuleSet::ApplyNamedPack(const std::string& pack, InputReader& inputs) {
  constexpr std::string_view kBuiltin = "builtin:";
  if (pack.rfind(kBuiltin, 0) != 0) {
    Input in = inputs.Read(InputRef::Parse(pack));
    ApplyPackText(in.bytes, pack);
    return in.record.sha256;
  }
  std::string name = pack.substr(kBuiltin.size());
  std::string_view text = EmbeddedRuleFile("pack-" + name + ".yaml");
  if (name.empty() || text.empty()) {
    std::vector<std::string> names;
    for (const EmbeddedFile& f : EmbeddedRuleFiles()) {
      std::string_view n = f.name;
      if (n.rfind("pack-", 0) == 0 && n.size() > 10) names.push_back("builtin:" + std::string(n.substr(5, n.size() - 10)));
    }
    throw Error("--rules: no built-in rule pack '" + EscapeControl(pack) + "' (there is " +
                Join(names, ", ") + ")");
  }
  pack::Apply(rules_, std::string(text), pack, false, /*shipped=*/true);
  return Sha256Hex(text);
}

const RuleDef* RuleSet::Find(const std::string& id) const {
  for (const RuleDef& r : rules_) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

std::vector<Finding> EvaluateRules(const RuleSet& rules, const Facts& facts) {
  // Each rule's findings are sorted on their own, then the rules are put in order: sorting
  // 200,000 findings of 10,000 models as one vector cost more than evaluating them.
  struct Chunk {
    const RuleDef* rule;
    std::vector<Finding> findings;
  };
  std::vector<Chunk> chunks;
  std::vector<const RuleDef*> later;  // checks that read the layers of other models
  for (const RuleDef& rule : rules.rules()) {
    if (!rule.enabled || rule.layer < 1 || rule.layer > 5) continue;
    std::string name;
    if (IsBuiltinCheck(rule, &name) && checks::NeedsTally(name)) {
      later.push_back(&rule);
      continue;
    }
    chunks.push_back({&rule, {}});
    RunRule(rule, facts, nullptr, chunks.back().findings);
  }
  if (!later.empty()) {
    // Judges are scored on layers 1-4, which no deferred check belongs to.
    LayerTally tally;
    for (const Chunk& c : chunks) {
      for (const Finding& f : c.findings) tally.Add(f);
    }
    for (const RuleDef* rule : later) {
      chunks.push_back({rule, {}});
      RunRule(*rule, facts, &tally, chunks.back().findings);
    }
  }
  std::stable_sort(chunks.begin(), chunks.end(), [](const Chunk& a, const Chunk& b) {
    if (a.rule->layer != b.rule->layer) return a.rule->layer < b.rule->layer;
    return CompareNatural(a.rule->id, b.rule->id) < 0;
  });
  std::vector<Finding> findings;
  size_t total = 0;
  for (const Chunk& c : chunks) total += c.findings.size();
  findings.reserve(total);
  for (Chunk& c : chunks) {
    SortFindings(c.findings);
    std::move(c.findings.begin(), c.findings.end(), std::back_inserter(findings));
  }
  SortFindings(findings);  // already in order unless a check reports another rule's id
  return findings;
}

void SortFindings(std::vector<Finding>& findings) {
  auto before = [](const Finding& a, const Finding& b) {
    if (a.layer != b.layer) return a.layer < b.layer;
    if (a.rule != b.rule) return CompareNatural(a.rule, b.rule) < 0;
    return CompareNatural(a.subject, b.subject) < 0;
  };
  if (std::is_sorted(findings.begin(), findings.end(), before)) return;  // e.g. re-sorting
  // Sort keys computed once per finding: the rule's rank among the distinct rule ids, and the
  // subject rewritten so that a plain byte comparison is numeric-aware. 200,000 findings sort
  // in milliseconds this way; comparing with CompareNatural directly took most of a second.
  std::vector<std::string> rule_ids;
  for (const Finding& f : findings) rule_ids.push_back(f.rule);
  std::sort(rule_ids.begin(), rule_ids.end());
  rule_ids.erase(std::unique(rule_ids.begin(), rule_ids.end()), rule_ids.end());
  std::stable_sort(
      rule_ids.begin(), rule_ids.end(),
      [](const std::string& a, const std::string& b) { return CompareNatural(a, b) < 0; });
  struct Key {
    int layer;
    size_t rule;
    std::string subject;
    size_t index;
  };
  std::vector<Key> keys;
  keys.reserve(findings.size());
  for (size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = findings[i];
    size_t rank = std::lower_bound(rule_ids.begin(), rule_ids.end(), f.rule) - rule_ids.begin();
    if (rank >= rule_ids.size() || rule_ids[rank] != f.rule) {
      rank = std::find(rule_ids.begin(), rule_ids.end(), f.rule) - rule_ids.begin();
    }
    keys.push_back({f.layer, rank, NaturalKey(f.subject), i});
  }
  std::stable_sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    if (a.layer != b.layer) return a.layer < b.layer;
    if (a.rule != b.rule) return a.rule < b.rule;
    return a.subject < b.subject;
  });
  std::vector<Finding> sorted;
  sorted.reserve(findings.size());
  for (const Key& k : keys) sorted.push_back(std::move(findings[k.index]));
  findings = std::move(sorted);
}

}  // namespace sov
