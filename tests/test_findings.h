#pragma once
// Running the rules and the scoring over a hand-built stack (tests/test_stack.h), and looking
// up what they found: shared by rules_test.cc, readings_test.cc and score_test.cc.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "src/rules/rules.h"
#include "src/score/score.h"
#include "tests/test_stack.h"

namespace sov::test {

// The findings of `rules` over `d`, after the verify stage (without it with verify false).
inline std::vector<Finding> Evaluate(const Deployment& d, const RuleSet& rules = RuleSet::Builtin(),
                                     bool verify = true) {
  Facts facts(d, TestCatalog(), Ctx(), Verified(d, verify));
  return EvaluateRules(rules, facts);
}

// The scored report of `d`, with the answers to Q1-Q4.
inline DeploymentReport Score(const Deployment& d, bool verify = true,
                              const RuleSet& rules = RuleSet::Builtin()) {
  Facts facts(d, TestCatalog(), Ctx(), Verified(d, verify));
  DeploymentReport report;
  ScoreDeployment(facts, rules, EvaluateRules(rules, facts), report);
  report.questions = AnswerQuestions(facts, report);
  return report;
}

// A copy, so that Get(Evaluate(d), ...) never dangles.
inline Finding Get(const std::vector<Finding>& fs, const std::string& rule,
                   const std::string& subject) {
  for (const Finding& f : fs) {
    if (f.rule == rule && f.subject == subject) return f;
  }
  Finding missing;
  missing.message = "no finding " + rule + " " + subject;
  ADD_FAILURE() << missing.message;
  return missing;
}

// The status of that finding, as the reports name it.
inline std::string S(const std::vector<Finding>& fs, const std::string& rule,
                     const std::string& subject) {
  return StatusName(Get(fs, rule, subject).status);
}

inline bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The finding of `rule` on `subject`, which must have `status` and say `part` in its message.
inline Finding ExpectFinding(const std::vector<Finding>& fs, const std::string& rule,
                             const std::string& subject, const std::string& status,
                             const std::string& part) {
  Finding f = Get(fs, rule, subject);
  EXPECT_EQ(StatusName(f.status), status) << rule << " " << subject;
  EXPECT_TRUE(Has(f.message, part)) << f.message;
  return f;
}

}  // namespace sov::test
