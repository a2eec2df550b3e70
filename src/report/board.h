#pragma once
// The board's view of a report: the executive summary every human-readable format opens with
// (who, when, against which target, the verdict in one sentence, the risks that matter most,
// the next step for each deployment below target, what the evidence rests on), and findings
// folded into one group per rule and outcome. Computed from the report model alone, so the
// HTML, Markdown and text reports state the same numbers, and the JSON report holds every
// number they are computed from.

#include <array>
#include <string>
#include <vector>

#include "src/report/report.h"

namespace sov {

// One of the risks the summary ranks: a rule that holds deployments back, a claim that does
// not hold, or weights that do not match their pin.
struct Risk {
  enum class Kind { kIntegrity, kOverclaim, kRule };
  Kind kind = Kind::kRule;
  std::string rule;            // SOV-3.5, SOV-C.1, or the blocking rule
  Severity severity = Severity::kMedium;  // kCritical for integrity failures and overclaims
  std::vector<std::string> deployments;   // the deployments it affects, in report order
  int findings = 0;            // its findings across them (rule risks: the blocking ones)
  int score = 0;               // SeverityWeight(severity) x deployments.size()
};

// The next step of one deployment that has a plan: the plan's most urgent rule.
struct NextStep {
  std::string deployment;
  int achieved_layer = 0;
  int next_layer = 0;          // the layer the step works towards
  int target_layer = 0;        // 0: none set
  std::string rule;
  std::string remediation;     // the rule's, as written (may hold inline Markdown)
  int findings = 0;            // the rule's findings in the plan
  int plan_findings = 0;       // every finding in the plan
};

struct ExecutiveSummary {
  std::string organisation;    // --title, else the owners' names
  std::string as_of;
  int target_layer = 0;        // the deployments' common target; 0 when none (or they differ)
  bool targets_differ = false; // deployments aim at different layers
  int deployments = 0, models = 0;
  int meet_target = 0;         // deployments at or above their target (0 without one)
  int overclaims = 0, integrity_failures = 0;
  int lowest_layer = 0, highest_layer = 0;
  std::array<int, 6> by_layer{};
  std::string verdict;         // one sentence, plain words
  std::vector<Risk> risks;     // the three that matter most, highest score first
  std::vector<NextStep> steps; // one per deployment with a plan, lowest layer first
  std::array<int, kEvidenceKinds> evidence{};  // passing findings by evidence kind
  int passing = 0;
};

// critical 4, high 3, medium 2, low 1, info 0.
int SeverityWeight(Severity s);

// `title`: what --title gave, or "" for the owners' names (one or two: their names; more: the
// first two and a count).
ExecutiveSummary SummarizeForBoard(const Report& report, const std::string& title);

// Sentences of the summary, shared by every format.
// "Of 1234 passing findings, 2% were verified by this run, 0% rest on signed attestations, ..."
// (whole percentages that add up to 100)
std::string EvidenceMixSentence(const ExecutiveSummary& s);
// "3 deployments fall short of "The nearest training step ..." (SOV-3.2, high): a, b, c"
std::string RiskSentence(const Report& report, const Risk& r);
// "a (layer 1, target 3): to reach layer 2, close SOV-2.1 (2 findings of the 6 in the way)".
std::string StepHeading(const NextStep& s);

// The five layers in plain words: what each buys and what it costs.
struct LayerPlainWords {
  int layer;
  const char* name;
  const char* means;
  const char* buys;
  const char* costs;
};
extern const LayerPlainWords kLayerPlainWords[5];

// Findings folded: one group per rule and outcome (fail, unknown, waived), with the count of
// subjects by kind and the distinct reasons (in a group of several, messages with the subject's
// own name left out), most common first.
struct FindingGroup {
  std::string rule;
  int layer = 0;
  Status status = Status::kFail;
  Severity severity = Severity::kMedium;
  bool above_target = false;   // every finding of the group is above the target layer
  std::vector<const Finding*> findings;
  std::vector<std::pair<std::string, int>> reasons;  // folded message, count
};
// The groups of `d`'s fail, unknown and waived findings: waived last; those above the target
// after those that gate; then by layer (what blocks the next layer first), fail before unknown,
// severity (critical first), rule id.
std::vector<FindingGroup> GroupFindings(const DeploymentReport& d);
// "16 models", "2 datasets and 1 infrastructure element".
std::string SubjectCount(const std::vector<const Finding*>& findings);
// A message with every quoted mention of the subject's own id replaced by '…', so that the
// messages of the same reason about different models fold into one.
std::string FoldMessage(const Finding& f);

}  // namespace sov
