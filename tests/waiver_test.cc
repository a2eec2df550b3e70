// Waivers: the file format (src/waiver/waiver_load.cc) and their application to findings
// (waiver_apply.cc), on findings built here.
#include "src/waiver/waiver.h"

#include <gtest/gtest.h>

#include <array>
#include <initializer_list>
#include <string>

namespace sov {
namespace {

const char* kHeader = "apiVersion: sovaudit/v1\nkind: Waivers\nwaivers:\n";

std::string Entry(const std::string& rule, const std::string& subject,
                  const std::string& expires, const std::string& extra = "") {
  return "  - rule: " + rule + "\n    subject: " + subject +
         "\n    owner: risk-office\n    reason: accepted until migration\n    expires: " +
         expires + "\n" + extra;
}

Finding Make(const std::string& rule, const std::string& subject, Status status, int layer) {
  Finding f;
  f.rule = rule;
  f.subject = subject;
  f.status = status;
  f.layer = layer;
  f.severity = Severity::kHigh;
  return f;
}

Date Day(const char* s) { return *ParseDate(s); }

// w.yaml with one Entry per {rule, subject, expires}, parsed.
auto Waivers(std::initializer_list<std::array<const char*, 3>> entries) {
  std::string text = kHeader;
  for (const auto& [rule, subject, expires] : entries) text += Entry(rule, subject, expires);
  return ParseWaivers(text, "w.yaml");
}

TEST(WaiverParse, ReadsEveryField) {
  auto w = ParseWaivers(std::string(kHeader) +
                            Entry("SOV-2.2", "infrastructure/gpu", "2027-03-31",
                                  "    deployment: bank-app\n    reference: CHG-1\n"),
                        "w.yaml");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].rule, "SOV-2.2");
  EXPECT_EQ(w[0].subject, "infrastructure/gpu");
  EXPECT_EQ(w[0].deployment, "bank-app");
  EXPECT_EQ(w[0].owner, "risk-office");
  EXPECT_EQ(w[0].expires, "2027-03-31");
  EXPECT_EQ(w[0].reference, "CHG-1");
  EXPECT_EQ(w[0].state, "");
  EXPECT_EQ(w[0].location.line, 4);
  EXPECT_EQ(w[0].location.column, 5);
}

TEST(WaiverParse, MalformedEntriesAreKeptWithTheirProblemAndPosition) {
  std::string text = std::string(kHeader) +
                     "  - rule: SOV-2.2\n    subject: infrastructure/gpu\n    owner: x\n"
                     "    expires: 2027-01-01\n" +                   // no reason
                     Entry("SOV-2.3", "datasets/d", "2027-02-30") +  // no such day
                     Entry("SOV-2.3", "datasets/e", "2027-01-01", "    onwer: typo\n") +
                     "  - just a string\n";
  auto w = ParseWaivers(text, "w.yaml");
  ASSERT_EQ(w.size(), 4u);
  for (const WaiverResult& r : w) EXPECT_EQ(r.state, "invalid") << r.problem;
  EXPECT_NE(w[0].problem.find("reason"), std::string::npos) << w[0].problem;
  EXPECT_EQ(w[0].rule, "SOV-2.2");  // kept, so the SOV-W.2 finding can be targeted
  EXPECT_NE(w[1].problem.find("2027-02-30"), std::string::npos) << w[1].problem;
  EXPECT_EQ(w[1].location.line, 12);  // the value of `expires`
  EXPECT_NE(w[2].problem.find("owner"), std::string::npos) << w[2].problem;  // did you mean
  EXPECT_NE(w[3].problem.find("mapping"), std::string::npos) << w[3].problem;
}

TEST(WaiverParse, TheFrameMustBeRight) {
  auto error_of = [](const std::string& text) -> std::string {
    try {
      ParseWaivers(text, "w.yaml");
    } catch (const Error& e) {
      return e.Describe();
    }
    return "no error";
  };
  EXPECT_EQ(error_of("apiVersion: sovaudit/v1\nkind: Deployment\n").rfind("w.yaml:2:7:", 0), 0u)
      << error_of("apiVersion: sovaudit/v1\nkind: Deployment\n");
  EXPECT_NE(error_of("apiVersion: v9\nkind: Waivers\n").find("apiVersion"), std::string::npos);
  EXPECT_NE(error_of("apiVersion: sovaudit/v1\nkind: Waivers\nwaivers: {a: 1}\n").find("list"),
            std::string::npos);
  EXPECT_NE(error_of("kind: [unclosed\n").find("w.yaml:"), std::string::npos);
  EXPECT_NE(error_of("").find("empty"), std::string::npos);
}

TEST(WaiverApply, AnActiveWaiverWaivesFailAndUnknownButNotPass) {
  RuleSet rules = RuleSet::Builtin();
  auto w = Waivers({{"SOV-2.2", "infrastructure/a", "2026-12-31"},
                    {"SOV-2.3", "datasets/d", "2026-12-31"},
                    {"SOV-1.1", "datasets/d", "2026-12-31"}});
  WaiverBook book(w, rules, Day("2026-12-31"));  // valid through its last day
  std::vector<Finding> f = {Make("SOV-1.1", "datasets/d", Status::kPass, 1),
                            Make("SOV-2.2", "infrastructure/a", Status::kFail, 2),
                            Make("SOV-2.2", "infrastructure/b", Status::kFail, 2),
                            Make("SOV-2.3", "datasets/d", Status::kUnknown, 2)};
  book.Apply("app", f);
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f[0].status, Status::kPass);
  EXPECT_EQ(f[0].waiver, -1);
  EXPECT_EQ(f[1].status, Status::kWaived);
  EXPECT_EQ(f[1].waiver, 0);
  EXPECT_EQ(f[2].status, Status::kFail);  // another subject
  EXPECT_EQ(f[3].status, Status::kWaived);
  EXPECT_EQ(f[3].waiver, 1);
  auto done = book.Finish();
  EXPECT_EQ(done[0].state, "active");
  EXPECT_EQ(done[0].applied, 1);
  EXPECT_EQ(done[2].state, "active");  // matched a passing finding: nothing to waive
  EXPECT_EQ(done[2].applied, 0);
}

TEST(WaiverApply, AnExpiredWaiverDoesNotApplyAndIsAFinding) {
  RuleSet rules = RuleSet::Builtin();
  auto w = Waivers({{"SOV-2.2", "infrastructure/a", "2026-11-20"}});
  WaiverBook book(w, rules, Day("2026-11-21"));
  std::vector<Finding> f = {Make("SOV-2.2", "infrastructure/a", Status::kFail, 2)};
  book.Apply("app", f);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].rule, "SOV-W.1");  // layer 0 sorts first
  EXPECT_EQ(f[0].layer, 0);
  EXPECT_EQ(f[0].status, Status::kFail);
  EXPECT_EQ(f[0].location, (Location{"w.yaml", 4, 5}));
  EXPECT_NE(f[0].message.find("expired on 2026-11-20"), std::string::npos) << f[0].message;
  EXPECT_EQ(f[1].status, Status::kFail);
  EXPECT_EQ(book.Finish()[0].state, "expired");
}

TEST(WaiverApply, MalformedAndUnwaivableWaiversAreFindingsAndNeverApply) {
  RuleSet rules = RuleSet::Builtin();
  auto w = Waivers({{"SOV-C.1", "deployment", "2027-01-01"},
                    {"SOV-2.9", "infrastructure/a", "2027-01-01"},
                    {"SOV-W.1", "waivers/x", "2027-01-01"}});
  WaiverBook book(w, rules, Day("2026-11-21"));
  // No SOV-C.1 finding yet: scoring makes it after waivers apply.
  std::vector<Finding> f = {Make("SOV-2.9", "infrastructure/a", Status::kFail, 2)};
  book.Apply("app", f);
  int w2 = 0;
  for (const Finding& x : f) {
    EXPECT_NE(x.status, Status::kWaived) << x.rule;
    w2 += x.rule == "SOV-W.2";
  }
  EXPECT_EQ(w2, 2);  // SOV-C.1 and the unknown rule target findings; the SOV-W.1 one nothing
  auto done = book.Finish();
  EXPECT_EQ(done[0].state, "invalid");
  EXPECT_NE(done[0].problem.find("cannot be waived"), std::string::npos);
  EXPECT_NE(done[1].problem.find("unknown rule 'SOV-2.9'"), std::string::npos) << done[1].problem;
  EXPECT_EQ(done[2].state, "invalid");
}

TEST(WaiverApply, TheDeploymentFilterAndUnmatchedWaivers) {
  RuleSet rules = RuleSet::Builtin();
  auto w = ParseWaivers(std::string(kHeader) +
                            Entry("SOV-2.2", "infrastructure/a", "2027-01-01",
                                  "    deployment: other-app\n") +
                            Entry("SOV-2.2", "infrastructure/zzz", "2027-01-01"),
                        "w.yaml");
  WaiverBook book(w, rules, Day("2026-11-21"));
  std::vector<Finding> f = {Make("SOV-2.2", "infrastructure/a", Status::kFail, 2)};
  book.Apply("app", f);
  EXPECT_EQ(f[0].status, Status::kFail);
  std::vector<Finding> g = {Make("SOV-2.2", "infrastructure/a", Status::kFail, 2)};
  book.Apply("other-app", g);
  EXPECT_EQ(g[0].status, Status::kWaived);
  auto done = book.Finish();
  EXPECT_EQ(done[0].state, "active");
  EXPECT_EQ(done[1].state, "unmatched");
}

TEST(WaiverApply, ADisabledWaiverRuleReportsNothing) {
  RuleSet rules = RuleSet::Builtin();
  rules.ApplyPackText("apiVersion: sovaudit/v1\nkind: RulePack\ndisable: [SOV-W.1]\n", "p.yaml");
  auto w = Waivers({{"SOV-2.2", "infrastructure/a", "2020-01-01"}});
  WaiverBook book(w, rules, Day("2026-11-21"));
  std::vector<Finding> f = {Make("SOV-2.2", "infrastructure/a", Status::kFail, 2)};
  book.Apply("app", f);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kFail);  // still not waived
}

}  // namespace
}  // namespace sov
