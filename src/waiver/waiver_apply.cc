// Applying waivers to the findings of each deployment, before scoring.
#include <map>
#include <utility>

#include "src/util/text.h"
#include "src/waiver/waiver.h"

namespace sov {
namespace {

bool Blocks(Status s) { return s == Status::kFail || s == Status::kUnknown; }

// Integrity cannot be waived: a waiver of SOV-3.5 applies only while the finding is unknown
// (weights not at hand), never to a failed check.
bool Waivable(const Finding& f) { return !(f.rule == "SOV-3.5" && f.status == Status::kFail); }

std::string Describe(const WaiverResult& w) {
  std::string what = "waiver";
  if (!w.rule.empty()) what += " of " + w.rule;
  if (!w.subject.empty()) what += " on " + w.subject;
  if (!w.owner.empty()) what += " (owner " + w.owner + ")";
  return what;
}

}  // namespace

WaiverBook::WaiverBook(std::vector<WaiverResult> waivers, const RuleSet& rules, Date as_of)
    : waivers_(std::move(waivers)), matched_(waivers_.size(), false), rules_(rules),
      as_of_(as_of) {
  std::vector<std::string> ids;
  for (const RuleDef& r : rules_.rules()) ids.push_back(r.id);
  for (WaiverResult& w : waivers_) {
    if (w.state == "invalid") continue;
    const RuleDef* rule = rules_.Find(w.rule);
    if (rule == nullptr) {
      w.state = "invalid";
      w.problem = "unknown rule '" + w.rule + "'" + DidYouMean(w.rule, ids);
    } else if (rule->layer < 1 || rule->layer > 5) {
      w.state = "invalid";
      w.problem = w.rule + " cannot be waived: " +
                  (w.rule.rfind("SOV-W.", 0) == 0
                       ? std::string("a waiver cannot waive the findings about waivers")
                       : std::string("a claim is corrected by changing it, not by a waiver"));
    } else if (std::optional<Date> d = ParseDate(w.expires); d && *d < as_of_) {
      w.state = "expired";
    }
  }
}

bool WaiverBook::Enabled(const char* rule_id) const {
  const RuleDef* rule = rules_.Find(rule_id);
  return rule != nullptr && rule->enabled;
}

Finding WaiverBook::WaiverFinding(const WaiverResult& w, size_t index, const char* rule_id,
                                  const std::string& message) const {
  Finding f;
  const RuleDef* rule = rules_.Find(rule_id);
  f.rule = rule_id;
  f.layer = 0;
  f.severity = rule ? rule->severity : Severity::kMedium;
  f.status = Status::kFail;
  f.subject = w.rule.empty() || w.subject.empty()
                  ? "waivers/" + std::to_string(index + 1)
                  : "waivers/" + w.rule + ":" + w.subject;
  f.message = message;
  f.location = w.location;
  f.remediation = rule ? rule->remediation : "";
  return f;
}

void WaiverBook::Apply(const std::string& deployment, std::vector<Finding>& findings) {
  if (waivers_.empty()) return;
  std::map<std::pair<std::string, std::string>, std::vector<size_t>> index;
  for (size_t i = 0; i < findings.size(); ++i) {
    index[{findings[i].rule, findings[i].subject}].push_back(i);
  }
  std::vector<Finding> added;
  for (size_t k = 0; k < waivers_.size(); ++k) {
    WaiverResult& w = waivers_[k];
    if (!w.deployment.empty() && w.deployment != deployment) continue;
    auto it = index.find({w.rule, w.subject});
    bool targets = it != index.end();
    if (w.state.empty()) {
      if (!targets) continue;
      matched_[k] = true;
      bool integrity = false;
      for (size_t i : it->second) {
        Finding& f = findings[i];
        if (!Blocks(f.status)) continue;
        if (!Waivable(f)) {
          integrity = true;
          continue;
        }
        f.status = Status::kWaived;
        f.waiver = static_cast<int>(k);
        ++w.applied;
      }
      if (integrity && Enabled(kWaiverInvalidRule)) {
        added.push_back(WaiverFinding(
            w, k, kWaiverInvalidRule,
            Describe(w) + " does not apply: the weights were checked and do not verify, and "
                          "integrity cannot be waived (a waiver of " + w.rule +
                " applies only while the weights cannot be checked)"));
      }
    } else if (w.state == "expired") {
      if (!targets) continue;
      matched_[k] = true;
      if (!Enabled(kWaiverExpiredRule)) continue;
      added.push_back(WaiverFinding(w, k, kWaiverExpiredRule,
                                    Describe(w) + " expired on " + w.expires +
                                        " (audit date " + as_of_.ToString() +
                                        "); the finding counts again"));
    } else if (w.state == "invalid") {
      // A waiver of SOV-C.1 targets every deployment: its finding is made after waivers apply
      // (by scoring), so it is not among `findings` yet.
      const RuleDef* rule = rules_.Find(w.rule);
      targets = targets || (rule != nullptr && rule->layer == 0 && rule->enabled &&
                            w.rule.rfind("SOV-W.", 0) != 0);
      if (!targets && (w.deployment.empty() || w.deployment != deployment)) continue;
      matched_[k] = true;
      if (!Enabled(kWaiverInvalidRule)) continue;
      added.push_back(WaiverFinding(w, k, kWaiverInvalidRule,
                                    "malformed " + Describe(w) + " does not apply: " + w.problem));
    }
  }
  if (added.empty()) return;
  for (Finding& f : added) findings.push_back(std::move(f));
  SortFindings(findings);
}

std::vector<WaiverResult> WaiverBook::Finish() {
  for (size_t k = 0; k < waivers_.size(); ++k) {
    WaiverResult& w = waivers_[k];
    if (w.state.empty()) w.state = matched_[k] ? "active" : "unmatched";
  }
  return std::move(waivers_);
}

}  // namespace sov
