#pragma once
// The pipeline's part of the report's Policy (src/report/report.h): the rule packs as applied,
// with the hash of the bytes applied and what each did to the rules before it, and the waivers.
// The config file is the CLI's part (cli/config.h).

#include <string>
#include <vector>

#include "src/report/report.h"
#include "src/rules/rules.h"
#include "src/util/input.h"

namespace sov {

// Applies `packs` to `rules` in order, each read once through `inputs`; records in `policy`
// each pack's path, SHA-256 and added rule ids, and every rule it disabled or re-graded.
// Throws Error as RuleSet::ApplyPack does.
void ApplyRulePacks(RuleSet& rules, const std::vector<std::string>& packs, Policy& policy,
                    InputReader& inputs);

// Records the waiver files (hashes taken from report.inputs, which must be filled) and the
// indices of the waivers that applied (state "active").
void RecordWaivers(const std::vector<std::string>& waiver_files, Report& report);

}  // namespace sov
