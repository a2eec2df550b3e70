#pragma once
// The report model: the one structure every renderer (text, json, ...) reads.
// Mirrors the JSON report of the spec ("schema": "sovaudit/report/v1").

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "src/rules/rules.h"

namespace sov {

inline constexpr const char* kReportSchema = "sovaudit/report/v1";

// The seed taxonomy: 0 "not sovereign" ... 5 "sovereign end-to-end".
const char* LayerLabel(int layer);
// LayerName (src/rules/rules.h): "residency", ... "end-to-end".

struct InputFile {
  std::string path;    // as named: a path, or a URL (with its pin when it has one)
  std::string sha256;
  // Remote inputs only: the URL without its pin, how it was trusted ("sha256", "signature",
  // "none" under --allow-unpinned) and, for "signature", who signed it.
  std::string url, pinned_by, signer;
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
  // "sha256:<hex>" of the weights when this run verified them against their pin (the file's
  // SHA-256, or the OMS root digest of a signature); "" otherwise. Not in the JSON report: the
  // audit attestation's subjects (spec/evidence.md).
  std::string verified_digest;
};

// A waiver as read from a --waivers file, and what became of it in this run.
struct WaiverResult {
  std::string rule;        // rule id of the findings it waives
  std::string subject;     // their subject, e.g. "infrastructure/x"
  std::string deployment;  // "" = any deployment
  std::string owner, reason, expires, reference;
  Location location;       // the entry in the waiver file
  // "active" (applies), "expired" (expires before --as-of), "invalid" (malformed: `problem`),
  // "unmatched" (names no finding of any deployment audited).
  std::string state;
  std::string problem;
  int applied = 0;         // findings it turned into `waived`
};

// The findings that stand between a deployment and its next layer, most urgent first.
struct NextLayerPlan {
  int layer = 0;                // achieved + 1; 0 at layer 5 or when the target layer is met
  std::vector<size_t> steps;    // indices into DeploymentReport::findings
};

struct ClaimResult {
  bool present = false;
  int layer = 0;
  std::string by;
  std::string source;
  bool holds = true;
};

// A model served on edge fleets: its boxes and how many attested its weights (SOV-3.5).
struct FleetCoverage {
  std::string model;
  int size = 0;
  int attested = 0;
};

struct DeploymentReport {
  std::string name;
  std::string file;
  std::string business_unit;
  // The owning organisation (metadata.owner) by its name, or its id when it has none. Not in
  // the JSON report: the executive summary's organisation.
  std::string owner;
  std::vector<std::string> home;
  int achieved_layer = 0;
  std::string label;
  ClaimResult claim;
  std::vector<LayerResult> layers;   // 1..5
  std::vector<ModelResult> models;
  std::map<std::string, std::string> questions;  // "Q1".."Q4"
  std::vector<Finding> findings;     // sorted; Finding::waiver indexes Report::waivers
  NextLayerPlan next_layer;
  bool integrity_failure = false;    // a weight file did not match its pin
  int target_layer = 0;              // the layer aimed for (--target-layer); 0: none
  std::vector<FleetCoverage> fleets; // models served on edge fleets, by model id
  // Data flows that leave their dataset's residency (home when it states none), unprotected:
  // "'ph-loan-files' to 'sg-gpu' (SG; residency PH)", in flow order. Not in the JSON report
  // (SOV-1.3 findings carry them); the reports' residency line.
  std::vector<std::string> residency_breaks;
};

// "'m' 6 of 8 boxes attested; 'n' 8 of 8": the fleet coverage of `d`, "" without fleets.
std::string FleetLine(const DeploymentReport& d);

// What a renderer needs to know of a rule that was applied (SARIF rule metadata, titles).
struct RuleInfo {
  std::string id;
  int layer = 0;
  std::string title;
  Severity severity = Severity::kMedium;
  std::string question, rationale, remediation;
  std::vector<std::string> references;
};

// The policy in force for a run: what configured it, which rule packs changed the rules and
// how, which waivers applied. Recorded in every report (JSON `policy`, SARIF
// runs[0].properties.policy, a line in text, Markdown and HTML).
struct PolicyConfig {
  std::string path;         // as read: "../.sovaudit.yaml" (discovered) or the --config argument
  std::string sha256;       // of the file's bytes
  bool discovered = false;  // found walking up from the working directory; else --config FILE
};

struct PolicyFile {
  std::string path;    // as named on the command line (or in the config file)
  std::string sha256;  // of the bytes read
  std::vector<std::string> added;  // rule packs: the ids of the rules the pack defines
};

// One thing a rule pack did to a rule that existed before it: disabled it or re-graded it.
struct PolicyRuleChange {
  std::string rule;
  std::string pack;        // the pack's path, as in PolicyFile::path
  bool disabled = false;   // true: disabled; false: severity changed from `from` to `to`
  std::string from, to;
};

struct Policy {
  std::optional<PolicyConfig> config;          // none: --no-config, or no file found
  std::vector<PolicyFile> rule_packs;          // --rules, in order
  std::vector<PolicyRuleChange> rule_changes;  // pack order, then the rule set's order
  std::vector<PolicyFile> waiver_files;        // --waivers, in order
  std::vector<size_t> waivers_applied;         // indices into Report::waivers ("active" ones)
  // What evidence the run accepted (audit --evidence, --min-evidence): the keys trusted (path
  // and the key's fingerprint as `sha256`), the age allowed, the kind required. Recorded only
  // when used (empty keys, max age 0, min "declared" otherwise).
  std::vector<PolicyFile> evidence_keys;
  int evidence_max_age = 0;
  std::string min_evidence;                    // "" when not asked for
};

struct Report {
  std::string tool_version;
  std::string as_of;                  // YYYY-MM-DD
  std::vector<InputFile> inputs;      // sorted by path
  std::vector<DeploymentReport> deployments;  // sorted by file, then name
  std::vector<WaiverResult> waivers;  // every --waivers entry, in file order
  std::vector<RuleInfo> rules;        // every enabled rule, layer then id (not in the JSON)
  Policy policy;
  // What the run left out and the user should hear of (files under --evidence folders that are
  // not VSAs, models --plan-verification cannot plan); printed as notes, not in the reports.
  std::vector<std::string> notes;
};

// The rule `id`, or nullptr.
const RuleInfo* FindRule(const Report& report, const std::string& id);

// The next-layer plan of `d` from its findings and achieved layer: every fail or unknown
// finding of layer achieved+1, ordered by severity (critical first), fail before unknown,
// then rule and subject. Empty (layer 0) at layer 5 and once `d.target_layer` is met.
NextLayerPlan PlanNextLayer(const DeploymentReport& d);

// The passing findings of `d` by the kind of evidence they rest on, indexed by Evidence
// (declared, documented, attested, verified): the tally every report format shows.
std::array<int, kEvidenceKinds> PassingByEvidence(const DeploymentReport& d);
// That tally in words: "12 passing findings rest on: 2 verified, 0 attested, 3 documented,
// 7 declared".
std::string EvidenceLine(const DeploymentReport& d);

// Whether `d` has a target layer and reaches it.
bool MeetsTarget(const DeploymentReport& d);

// The one definition of "above the target": a finding of a layer above `d.target_layer`, which
// does not count for --fail-on, is a SARIF note and a skipped JUnit test, and is never in the
// plan. Always false without a target, and always false for the findings that count whatever
// the target: the claim (SOV-C.1), waivers (SOV-W.*) and failing weight integrity (SOV-3.5).
bool AboveTarget(const DeploymentReport& d, const Finding& f);

}  // namespace sov
