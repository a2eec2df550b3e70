#pragma once
// Rules as data: definitions from rules/rules.yaml (compiled in) and --rules packs, the
// findings they produce, and the evaluator.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "src/facts/facts.h"
#include "src/util/input.h"
#include "src/util/error.h"

namespace sov {

// The five layers of the maturity model by name: "residency", "infrastructure", "fine-tuning",
// "base model", "end-to-end"; "claims" for layer 0 (SOV-C.*, SOV-W.*).
const char* LayerName(int layer);

enum class Status { kPass, kFail, kUnknown, kNotApplicable, kWaived };
// "pass", "fail", "unknown", "n/a", "waived"
const char* StatusName(Status s);

// Ordered, lowest first: a finding of kHigh or above "fails on high".
enum class Severity { kInfo, kLow, kMedium, kHigh, kCritical };
// "info", "low", "medium", "high", "critical"
const char* SeverityName(Severity s);
// The severity of that exact (lower-case) name; nullopt for anything else.
std::optional<Severity> ParseSeverity(std::string_view name);

// What a finding rests on, weakest first (spec/evidence.md, "Evidence strength"): only the
// manifest says so; a published document the manifest points at (a model card, a BOM, GGUF or
// safetensors metadata, a catalogue entry, a pinned file) says so; a signed attestation from a
// trusted key says it was checked; sovaudit checked it itself in this run.
enum class Evidence { kDeclared, kDocumented, kAttested, kVerified };
inline constexpr int kEvidenceKinds = 4;
// "declared", "documented", "attested", "verified"
const char* EvidenceName(Evidence e);
std::optional<Evidence> ParseEvidence(std::string_view name);

struct RuleDef {
  std::string id;           // "SOV-3.3", or a pack's own id
  int layer = 0;            // 1..5; 0 for claim rules (SOV-C.1)
  std::string title;
  Severity severity = Severity::kMedium;
  std::string question;     // "Q1".."Q4" or ""
  std::string rationale;
  std::string remediation;
  std::vector<std::string> references;
  YAML::Node check;         // {builtin: NAME} or a declarative check (see rules/README.md)
  bool enabled = true;
  std::string origin;       // "built-in" or the pack's path
  Location loc;
};

struct Finding {
  std::string rule;
  int layer = 0;
  Severity severity = Severity::kMedium;
  Status status = Status::kUnknown;
  std::string subject;      // "models/x", "datasets/x", "infrastructure/x", "endpoints/x",
                            // "evaluations/x", "flows/N", "deployment"
  std::string message;
  Location location;
  std::string remediation;
  std::vector<std::string> scope;  // deployed model ids it counts for; empty = every model
  int waiver = -1;                 // status kWaived: index into Report::waivers
  Evidence evidence = Evidence::kDeclared;  // the weakest kind among the facts it rests on
};

class RuleSet {
 public:
  // The built-in rules from the embedded rules/rules.yaml.
  static RuleSet Builtin();

  // Applies a pack (rules/README.md): adds rules, disables rules, changes severities.
  // Throws Error with a position on malformed packs, unknown rule ids, duplicate ids.
  void ApplyPack(const std::string& path);
  void ApplyPackText(const std::string& text, const std::string& name);
  // Applies a rule pack named on the command line or in a config: "builtin:NAME" is a pack
  // shipped in the binary (rules/pack-NAME.yaml, may use SOV- ids), anything else is read
  // through `inputs`. Returns the SHA-256 (hex) of the pack's bytes. Throws Error (exit 2) for
  // an unknown built-in pack, naming the ones there are.
  std::string ApplyNamedPack(const std::string& pack, InputReader& inputs);

  const std::vector<RuleDef>& rules() const { return rules_; }
  const RuleDef* Find(const std::string& id) const;

 private:
  std::vector<RuleDef> rules_;
};

// Evaluates every enabled rule except claim rules (layer 0) on one deployment.
// Findings come back sorted: layer, rule id (numeric-aware), subject.
std::vector<Finding> EvaluateRules(const RuleSet& rules, const Facts& facts);

// Sets each finding's `evidence` for the built-in check `check` (src/rules/evidence.cc).
void AssignEvidence(const std::string& check, const Facts& facts, std::vector<Finding>& findings);

// `audit --min-evidence KIND`: a passing finding that rests on weaker evidence becomes unknown,
// saying so. Returns how many changed.
size_t RequireEvidence(std::vector<Finding>& findings, Evidence min);

// Numeric-aware comparison: digit runs compare as numbers ("SOV-1.2" < "SOV-1.10"); <0, 0, >0.
int CompareNatural(const std::string& a, const std::string& b);

// Orders findings: layer, rule id (numeric-aware: SOV-1.2 < SOV-1.10), subject.
void SortFindings(std::vector<Finding>& findings);

}  // namespace sov
