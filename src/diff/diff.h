#pragma once
// The difference between two audit reports (`sovaudit diff OLD NEW`): a pure function of the
// two snapshots, and the one definition of "regression" that --fail-on-regression applies.
//
// Matching. Deployments are matched by name; a name that occurs more than once in either
// report is matched by (file, name) instead. Findings of a matched deployment are matched by
// (rule, subject); should a pair occur more than once, the k-th in OLD goes with the k-th in
// NEW.
//
// Classification. A status ranks ok (pass, n/a, waived, or absent from the report) < unknown <
// fail. new: ok in OLD, unknown or fail in NEW; fixed: unknown or fail in OLD, ok in NEW;
// worse: unknown -> fail; better: fail -> unknown. Anything else is unchanged and not listed.

#include <optional>
#include <string>
#include <vector>

#include "src/diff/snapshot.h"

namespace sov {

inline constexpr const char* kDiffSchema = "sovaudit/diff/v1";

enum class FindingChange { kNew, kWorse, kBetter, kFixed };  // the order renderers list them
// "new", "worse", "better", "fixed"
const char* FindingChangeName(FindingChange c);

enum class LayerChange { kSame, kGained, kLost };
// "same", "gained", "lost"
const char* LayerChangeName(LayerChange c);

// 0 for pass, n/a, waived and absent (nullopt); 1 unknown; 2 fail.
int StatusRank(std::optional<Status> s);

struct FindingDelta {
  FindingChange change = FindingChange::kNew;
  std::string rule;
  int layer = 0;
  std::string severity;
  std::string subject;
  std::string message;  // NEW's, or OLD's when the finding is gone from NEW
  Location location;    // likewise
  std::optional<Status> old_status, new_status;  // nullopt: absent from that report
};

struct LayerStatusDelta {
  int layer = 0;
  std::string name;
  std::optional<Status> old_status, new_status;  // nullopt: the layer is not in that report
};

struct DeploymentDelta {
  std::string name;
  std::string old_file, new_file;
  int old_layer = 0, new_layer = 0;
  std::string old_label, new_label;
  std::optional<SnapshotClaim> old_claim, new_claim;
  std::vector<LayerStatusDelta> layers;  // layers whose status changed, by layer
  std::vector<FindingDelta> findings;    // by change, layer, rule (numeric-aware), subject

  LayerChange layer_change() const;
  // NEW overclaims (a claim that does not hold) and OLD did not: no claim, or one that held.
  bool NewOverclaim() const;
  // OLD overclaimed and NEW does not.
  bool OverclaimResolved() const;
  size_t Count(FindingChange c) const;
  // Anything at all differs (layer, label, file, claim, a layer's status, a finding).
  bool Changed() const;
  // The layer dropped, a new overclaim, or a new or worse finding.
  bool Regressed() const;
};

// A deployment present in only one of the reports.
struct DeploymentEntry {
  std::string name;
  std::string file;
  int achieved_layer = 0;
  std::string label;
  size_t open_findings = 0;  // fail or unknown
};

struct ReportDiff {
  std::string old_file, new_file;
  std::string old_as_of, new_as_of;
  std::vector<DeploymentDelta> deployments;  // matched, by name then NEW's file
  std::vector<DeploymentEntry> added;        // only in NEW, by name then file
  std::vector<DeploymentEntry> removed;      // only in OLD, by name then file
};

struct DiffSummary {
  size_t matched = 0, unchanged = 0;
  size_t gained = 0, lost = 0;  // deployments whose achieved layer rose / dropped
  size_t added = 0, removed = 0;
  size_t new_findings = 0, worse = 0, better = 0, fixed = 0;
  size_t new_overclaims = 0, resolved_overclaims = 0;
  size_t regressed = 0;  // matched deployments that regressed
  bool regression = false;
};

ReportDiff DiffReports(const ReportSnapshot& old_report, const ReportSnapshot& new_report);

DiffSummary Summarize(const ReportDiff& diff);

// One line per regressed deployment and kind (layer lost, new overclaim, new or worse
// findings), in the diff's order, e.g. "'x' lost a layer: 3 (sovereign fine-tuning) -> 2
// (sovereign infrastructure)". Empty when nothing regressed. Strings from the reports are
// not escaped here.
std::vector<std::string> RegressionReasons(const ReportDiff& diff);

// Orders rule ids with digit runs compared as numbers: SOV-1.2 < SOV-1.10.
bool RuleIdLess(const std::string& a, const std::string& b);

}  // namespace sov
