#pragma once
// Scoring: layers per model and per deployment, the claim check (SOV-C.1), and the four
// procurement questions answered from the facts.

#include <vector>

#include "src/facts/facts.h"
#include "src/report/report.h"
#include "src/rules/rules.h"

namespace sov {

// Fills report.layers, models, achieved_layer, label, claim; appends the SOV-C.1 finding (if
// the rule is enabled) to `findings` and sorts them. `findings` are EvaluateRules' output.
// Throws Error when the deployment has no models.
void ScoreDeployment(const Facts& facts, const RuleSet& rules, std::vector<Finding> findings,
                     DeploymentReport& report);

// Q1..Q4 in plain sentences built from the facts and the scored report.
std::map<std::string, std::string> AnswerQuestions(const Facts& facts,
                                                   const DeploymentReport& report);

}  // namespace sov
