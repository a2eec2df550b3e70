#pragma once
// The report's Policy (src/report/report.h) for the renderers: one JSON object for JSON and
// SARIF, one line for text, Markdown and HTML.

#include <nlohmann/json.hpp>

#include <string>

#include "src/report/report.h"

namespace sov {

// The JSON report's "policy" member (also SARIF's runs[0].properties.policy):
//   config: null | {path, sha256, discovered}
//   rule_packs: [{path, sha256, adds: [rule ids]}]
//   rule_changes: [{rule, pack, change: "disabled"} | {rule, pack, change: "severity", from, to}]
//   waiver_files: [{path, sha256}]
//   waivers_applied: [{rule, subject, owner, expires, location, findings[, deployment]}]
// Always present, every member always there (empty lists, config null), so consumers can rely
// on it.
nlohmann::json PolicyToJson(const Report& report);

// "Policy: config ../.sovaudit.yaml (discovered, sha256 …); rule pack p.yaml (sha256 …)
// disables SOV-3.5; 2 waivers applied from w.yaml (sha256 …)". Raw text: each renderer escapes
// the whole line its own way (input strings are in it). Lists of rule ids are cut after eight.
std::string PolicyLine(const Report& report);

}  // namespace sov
