#pragma once
// Audit reports as JSON, built in a test, for the tests of src/diff and its renderers.

#include <nlohmann/json.hpp>
#include <string>

#include "src/diff/snapshot.h"

namespace sov::test {

using nlohmann::json;

inline json MakeFinding(const std::string& rule, const std::string& subject,
                        const std::string& status, int layer = 3) {
  return {{"rule", rule},         {"layer", layer},
          {"severity", "high"},   {"status", status},
          {"subject", subject},   {"message", rule + " on " + subject},
          {"remediation", "fix"}, {"location", {{"file", "d.yaml"}, {"line", 4}, {"column", 3}}}};
}

// `{x}` with one json element is an array of it under GCC but a copy of x under clang (list
// initialisation from one element of the same type): the helpers take either.
inline json AsArray(json j) { return j.is_array() ? j : json::array({j}); }

inline json MakeDeployment(const std::string& name, int layer, json findings = json::array(),
                           const std::string& file = "d.yaml", json claim = nullptr) {
  findings = AsArray(std::move(findings));
  json layers = json::array();
  for (int l = 1; l <= 5; ++l) {
    layers.push_back({{"layer", l},
                      {"name", "n"},
                      {"status", l <= layer ? "pass" : "fail"},
                      {"passed", 0},
                      {"failed", 0},
                      {"unknown", 0}});
  }
  return {{"name", name},
          {"file", file},
          {"home", {"SG"}},
          {"claim", claim},
          {"achieved_layer", layer},
          {"label", "label " + std::to_string(layer)},
          {"layers", layers},
          {"models", json::array()},
          {"questions", json::object()},
          {"findings", findings}};
}

inline json MakeReport(json deployments) {
  deployments = AsArray(std::move(deployments));
  return {{"schema", "sovaudit/report/v1"},
          {"tool", {{"name", "sovaudit"}, {"version", "0.1.0"}}},
          {"as_of", "2026-11-21"},
          {"inputs", json::array()},
          {"deployments", deployments}};
}

inline ReportSnapshot Snap(const json& j, const std::string& file = "r.json") {
  return ParseReportSnapshot(j.dump(2), file);
}

inline json Claim(int layer, bool holds) {
  return {{"layer", layer}, {"by", "vendor"}, {"holds", holds}};
}

}  // namespace sov::test
