#pragma once
// Escaping and small helpers shared by the renderers. Every string that came from an input
// goes through one of the escapes before it reaches an output: control characters and invalid
// UTF-8 become \xNN text first (EscapeControl), then the format's own special characters.

#include <string>
#include <string_view>
#include <vector>

#include "src/report/report.h"
#include "src/util/text.h"

namespace sov {

// For XML text and attribute values (JUnit) and HTML: & < > " ' as entities.
std::string XmlEscape(std::string_view s);
// XmlEscape for element text whose line breaks are the renderer's own: each line escaped,
// joined by real newlines (a JUnit failure body: message, location, fix).
std::string XmlEscapeLines(std::string_view raw);

// For Markdown inline text and table cells: Markdown punctuation backslash-escaped (so a name
// cannot become a link, an image, HTML, a table column or an @-mention), newlines as spaces.
std::string MdEscape(std::string_view s);

// At most `n` bytes of `s` with an ellipsis when cut: cut between words when a space lies in the
// second half of what is kept, else at a UTF-8 character boundary.
std::string Clip(const std::string& s, size_t n);

// The first sentence of `s` (up to and with its first ". "; a parenthesis is kept whole), at
// most `n` bytes (Clip).
std::string FirstSentence(const std::string& s, size_t n);

// The subjects of `findings` by their ids (the part after the kind: "models/x" is "x"), the
// first `shown` of them: "x, y, z and 13 more". Not escaped.
std::string SubjectNames(const std::vector<const Finding*>& findings, size_t shown);

// A path as a URI reference: percent-encoded; absolute paths as file:// URIs.
std::string FileUri(const std::string& path);
bool IsAbsolutePath(const std::string& path);

// "FAIL", "pass", "unknown", "n/a", "waived".
const char* StatusWord(Status s);

// The four procurement questions, {"Q1", text} ... {"Q4", text}.
struct Question {
  const char* id;
  const char* text;
};
extern const Question kQuestions[4];

// The waiver of a waived finding, or nullptr.
const WaiverResult* WaiverOf(const Report& report, const Finding& f);

// Who waived `findings`, each distinct waiver once: "waived by risk until 2027-01-31",
// "waived by risk until 2027-01-31; ops until 2026-12-31 and 2 more waivers". Not escaped.
std::string WaiverOwners(const Report& report, const std::vector<const Finding*>& findings);

// Counts of a deployment's findings: failing, unknown, waived.
struct FindingCounts {
  int fail = 0, unknown = 0, waived = 0;
};
FindingCounts CountFindings(const DeploymentReport& d);

// The next-layer plan grouped by rule, in plan order (the most urgent rule first); each group
// names the rule's remediation once and the findings it covers.
struct PlanGroup {
  std::string rule;
  std::string severity;
  std::string remediation;
  std::vector<const Finding*> findings;
};
std::vector<PlanGroup> GroupPlan(const DeploymentReport& d);

// "above the target layer N": why a finding above the target (AboveTarget) does not gate.
std::string AboveTargetReason(const DeploymentReport& d);

// The sentence for a deployment without a next-layer plan: it meets its target layer, or it
// reaches layer 5.
std::string NoPlanSentence(const DeploymentReport& d);

// The title of rule `id` from the report's rules, or "".
std::string RuleTitle(const Report& report, const std::string& id);

}  // namespace sov
