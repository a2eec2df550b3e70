#pragma once
// Private to src/score: the phrases the Q1-Q4 answers are built from (questions.cc), and the
// answers split into questions_ops.cc.

#include <string>
#include <vector>

#include "src/facts/facts.h"
#include "src/report/report.h"

namespace sov::phrases {

inline constexpr size_t kListed = 10;  // sentences shown before "N more ... not shown"

std::string Q(const std::string& s);  // "'s'"
std::string QuoteList(const std::vector<std::string>& ids,
                      size_t shown = 3);  // "'a', 'b' and 2 more"
std::string Standing(Tri t);              // domestic | foreign | of unknown ...
std::string Who(const Facts& facts, const std::string& org_id);  // "Name, id (SG) [domestic]"
std::string Or(const std::string& s);                            // s, or "not stated"
std::string Capped(const std::vector<std::string>& sentences, const std::string& what);

std::string AnswerQ3(const Facts& facts, const DeploymentReport& report,
                     const std::vector<const DeployedModel*>& models);
std::string AnswerQ4(const Facts& facts, const std::vector<const DeployedModel*>& models);

}  // namespace sov::phrases
