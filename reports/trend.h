#pragma once
// The change since the previous audit (audit --baseline) in the words every human-readable
// report uses: computed by src/diff, the code of `sovaudit diff`, and worded by its summary
// line.

#include <string>

#include "src/diff/diff.h"
#include "src/report/report.h"

namespace sov {

// "Since the audit of 2026-10-01: 1 deployment gained a layer, 3 new findings, 12 fixed; no
// regression".
std::string TrendSentence(const ReportDiff& diff);

// The change of one deployment: "since 2026-10-01: layer 2 → 3 (gained); 3 new findings, 5
// fixed", "since 2026-10-01: no change", or "new since the audit of 2026-10-01".
std::string DeploymentTrend(const ReportDiff& diff, const DeploymentReport& d);

// The matched delta of `d` (by name, then file), or nullptr when `d` is new.
const DeploymentDelta* FindDelta(const ReportDiff& diff, const DeploymentReport& d);

}  // namespace sov
