#pragma once
// The report model: the one structure every renderer (text, json, ...) reads.
// Mirrors the JSON report of the spec ("schema": "sovaudit/report/v1").

#include <map>
#include <string>
#include <vector>

#include "src/rules/rules.h"

namespace sov {

inline constexpr const char* kReportSchema = "sovaudit/report/v1";

// The seed taxonomy: 0 "not sovereign" ... 5 "sovereign end-to-end".
const char* LayerLabel(int layer);
// "residency", "infrastructure", "fine-tuning", "base model", "end-to-end".
const char* LayerName(int layer);

struct InputFile {
  std::string path;
  std::string sha256;
};

struct LayerResult {
  int layer = 0;
  std::string name;
  Status status = Status::kUnknown;  // pass | fail | unknown
  int passed = 0;   // findings that do not block: pass, n/a, waived
  int failed = 0;
  int unknown = 0;
};

struct ModelResult {
  std::string id;
  int achieved_layer = 0;
  std::vector<std::string> lineage;  // deployed model first
  std::vector<LayerResult> layers;   // per-model view (not in the JSON; used by renderers)
};

struct ClaimResult {
  bool present = false;
  int layer = 0;
  std::string by;
  std::string source;
  bool holds = true;
};

struct DeploymentReport {
  std::string name;
  std::string file;
  std::string business_unit;
  std::vector<std::string> home;
  int achieved_layer = 0;
  std::string label;
  ClaimResult claim;
  std::vector<LayerResult> layers;   // 1..5
  std::vector<ModelResult> models;
  std::map<std::string, std::string> questions;  // "Q1".."Q4"
  std::vector<Finding> findings;     // sorted
  bool integrity_failure = false;    // a weight file did not match its pin
};

struct Report {
  std::string tool_version;
  std::string as_of;                  // YYYY-MM-DD
  std::vector<InputFile> inputs;      // sorted by path
  std::vector<DeploymentReport> deployments;  // sorted by file, then name
};

}  // namespace sov
