#pragma once
// Waivers (--waivers FILE): time-boxed, owned acceptances of findings. A waiver turns a
// matching fail or unknown finding into `waived`; an expired one no longer applies and is a
// SOV-W.1 finding; a malformed one never applies and is a SOV-W.2 finding (maturity-model.md,
// "Outcomes and scoring"; the file format is in man/sovaudit-waivers.5).

#include <string>
#include <vector>

#include "src/report/report.h"
#include "src/rules/rules.h"
#include "src/util/date.h"
#include "src/util/input.h"

namespace sov {

inline constexpr const char* kWaiverExpiredRule = "SOV-W.1";
inline constexpr const char* kWaiverInvalidRule = "SOV-W.2";
inline constexpr size_t kMaxWaivers = 100000;  // entries in one file

// Reads a waiver file (`apiVersion: sovaudit/v1`, `kind: Waivers`, `waivers: [...]`). Entries
// come back in file order with state "" (valid so far) or "invalid" and `problem` set: a
// malformed entry is a finding, not an aborting error. Throws Error (exit 2) with file:line:col
// when the file is not YAML, not of kind Waivers, or `waivers` is not a list.
std::vector<WaiverResult> ParseWaivers(const std::string& text, const std::string& file);
// The same for the waiver file `path`, read through `inputs` (it may be a URL).
std::vector<WaiverResult> LoadWaivers(const std::string& path, InputReader& inputs);

// Applies waivers across the deployments of one run. Construct once with every waiver and the
// rules (for the rule-id check and the SOV-W severities), call Apply on each deployment's
// findings before scoring, and Finish() once after the last.
class WaiverBook {
 public:
  WaiverBook(std::vector<WaiverResult> waivers, const RuleSet& rules, Date as_of);

  // Marks findings of `deployment` that an active waiver matches as waived (Finding::waiver
  // set) and appends a SOV-W.1 or SOV-W.2 finding for each expired or invalid waiver that
  // targets this deployment. Findings stay sorted.
  void Apply(const std::string& deployment, std::vector<Finding>& findings);

  // Every waiver with its final state ("active", "expired", "invalid", "unmatched") and the
  // number of findings it waived.
  std::vector<WaiverResult> Finish();

 private:
  bool Enabled(const char* rule_id) const;  // the SOV-W rule exists and is not disabled
  Finding WaiverFinding(const WaiverResult& w, size_t index, const char* rule_id,
                        const std::string& message) const;

  std::vector<WaiverResult> waivers_;
  std::vector<bool> matched_;
  const RuleSet& rules_;
  Date as_of_;
};

}  // namespace sov
