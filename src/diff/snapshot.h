#pragma once
// A JSON audit report ("schema": "sovaudit/report/v1") read back for `sovaudit diff`: only the
// members the diff compares, each checked for its type. Members it does not use (questions,
// models, inputs, and any optional member added later, such as waivers) are ignored.

#include <optional>
#include <string>
#include <vector>

#include "src/report/report.h"
#include "src/rules/rules.h"
#include "src/util/error.h"

namespace sov {

struct SnapshotClaim {
  int layer = 0;
  std::string by;
  bool holds = true;
  bool operator==(const SnapshotClaim&) const = default;
};

struct SnapshotLayer {
  int layer = 0;
  std::string name;
  Status status = Status::kUnknown;
};

struct SnapshotFinding {
  std::string rule;
  int layer = 0;
  std::string severity;
  Status status = Status::kUnknown;
  std::string subject;
  std::string message;
  Location location;
};

struct SnapshotDeployment {
  std::string name;
  std::string file;
  int achieved_layer = 0;
  std::string label;
  std::optional<SnapshotClaim> claim;  // nullopt: "claim": null
  std::vector<SnapshotLayer> layers;
  std::vector<SnapshotFinding> findings;  // in the report's order
};

struct ReportSnapshot {
  std::string file;   // where it was read, as given
  std::string as_of;  // YYYY-MM-DD, as the report states it
  std::vector<SnapshotDeployment> deployments;  // in the report's order
};

// "pass", "fail", "unknown", "n/a", "waived" -> Status; nullopt for anything else.
std::optional<Status> ParseStatusName(const std::string& name);

// Parses the text of a report read from `file`. Throws Error (exit 2): "invalid JSON: ..." at
// FILE:LINE:COL for a syntax error; for a document that is not a report v1, an error naming
// the JSON pointer of the first offending member, e.g.
// "FILE: invalid report: /deployments/3/findings/0/status must be a string".
ReportSnapshot ParseReportSnapshot(const std::string& text, const std::string& file);

// The snapshot of a report still in memory (audit --baseline compares it with the previous
// report): exactly what ParseReportSnapshot reads back from its JSON report.
ReportSnapshot SnapshotOf(const Report& report, const std::string& file);


}  // namespace sov
