#include "src/score/score.h"

#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <iostream>

#include "src/util/error.h"
#include "tests/test_stack.h"

namespace sov {
namespace {

using test::AddModel;
using test::AddNode;
using test::AddOrg;
using test::Ctx;
using test::Verified;
using test::DomesticStack;
using test::TestCatalog;

DeploymentReport Score(const Deployment& d, bool verify = true,
                       const RuleSet& rules = RuleSet::Builtin()) {
  Facts facts(d, TestCatalog(), Ctx(), Verified(d, verify));
  DeploymentReport report;
  ScoreDeployment(facts, rules, EvaluateRules(rules, facts), report);
  report.questions = AnswerQuestions(facts, report);
  return report;
}

const ModelResult& ModelOf(const DeploymentReport& r, const std::string& id) {
  for (const ModelResult& m : r.models) {
    if (m.id == id) return m;
  }
  static ModelResult none;
  ADD_FAILURE() << "no model " << id;
  return none;
}

const Finding* ClaimOf(const DeploymentReport& r) {
  for (const Finding& f : r.findings) {
    if (f.rule == "SOV-C.1") return &f;
  }
  return nullptr;
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The bank's model on a Llama base, with a current exit plan: layers 1-3 pass, 4 fails.
Deployment LlamaStack() {
  Deployment d = DomesticStack();
  test::UseLlamaBase(d);
  d.contingency = {true, "docs/exit-plan.md", "2026-05-14", {"judge-llm"}, test::NextLoc()};
  return d;
}

TEST(Score, ReferenceStackReachesLayerFive) {
  DeploymentReport r = Score(DomesticStack());
  EXPECT_EQ(r.achieved_layer, 5);
  EXPECT_EQ(r.label, "sovereign end-to-end");
  ASSERT_EQ(r.layers.size(), 5u);
  for (const LayerResult& l : r.layers) {
    EXPECT_EQ(l.status, Status::kPass) << l.layer;
    EXPECT_EQ(l.failed + l.unknown, 0);
    EXPECT_GT(l.passed, 0);
  }
  ASSERT_EQ(r.models.size(), 2u);
  EXPECT_EQ(r.models[0].id, "bank-llm");  // sorted by id
  EXPECT_EQ(r.models[0].lineage, (std::vector<std::string>{"bank-llm", "sg-base"}));
  EXPECT_FALSE(r.claim.present);
  ASSERT_NE(ClaimOf(r), nullptr);
  EXPECT_EQ(ClaimOf(r)->status, Status::kPass);
  EXPECT_EQ(r.findings.front().rule, "SOV-C.1");  // layer 0 sorts first
}

TEST(Score, LadderIsPerModelAndTheDeploymentTakesTheLowest) {
  DeploymentReport r = Score(LlamaStack());
  EXPECT_EQ(ModelOf(r, "bank-llm").achieved_layer, 3);   // SOV-4.1: a US root
  EXPECT_EQ(ModelOf(r, "judge-llm").achieved_layer, 5);  // scoped findings do not touch it
  EXPECT_EQ(r.achieved_layer, 3);
  EXPECT_EQ(r.label, "sovereign fine-tuning");
  EXPECT_EQ(r.layers[3].status, Status::kFail);
  EXPECT_EQ(ModelOf(r, "bank-llm").layers[3].status, Status::kFail);
  EXPECT_EQ(ModelOf(r, "judge-llm").layers[3].status, Status::kPass);
  // Layer 5 passes for bank-llm but cannot count: layers are cumulative.
  EXPECT_EQ(ModelOf(r, "bank-llm").layers[4].status, Status::kPass);

  // Without the exit plan, SOV-3.6 fails layer 3 for bank-llm only.
  Deployment d = LlamaStack();
  d.contingency = Contingency{};
  EXPECT_EQ(Score(d).achieved_layer, 2);
}

TEST(Score, DeploymentWideFindingsCountForEveryModel) {
  Deployment d = DomesticStack();
  test::AddInfra(d, "us-backup", "US", "bank", "", "storage");
  d.datasets[0].stored_in.push_back("us-backup");
  DeploymentReport r = Score(d);
  EXPECT_EQ(ModelOf(r, "bank-llm").achieved_layer, 0);
  EXPECT_EQ(ModelOf(r, "judge-llm").achieved_layer, 0);
  EXPECT_EQ(r.label, "not sovereign");
  EXPECT_EQ(r.layers[0].status, Status::kFail);
  EXPECT_GE(r.layers[0].failed, 1);
}

TEST(Score, UnknownBlocksALayer) {
  DeploymentReport r = Score(DomesticStack(), /*verify=*/false);
  EXPECT_EQ(r.achieved_layer, 2);
  EXPECT_EQ(r.layers[2].status, Status::kUnknown);
  EXPECT_EQ(r.layers[2].failed, 0);
  EXPECT_EQ(r.layers[2].unknown, 2);  // SOV-3.5 for each model
}

TEST(Score, OverclaimNamesClaimAchievedAndTheBlockingLayer) {
  Deployment d = LlamaStack();
  AddOrg(d, "vendor-x", "SG");
  d.claim = {true, 4, "vendor-x", "MSA annex 3", test::NextLoc()};
  DeploymentReport r = Score(d);
  EXPECT_TRUE(r.claim.present);
  EXPECT_FALSE(r.claim.holds);
  const Finding* c = ClaimOf(r);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->status, Status::kFail);
  EXPECT_EQ(c->severity, Severity::kCritical);
  EXPECT_EQ(c->location, d.claim.loc);
  EXPECT_TRUE(Has(c->message,
                  "overclaim: layer 4 (sovereign base model) claimed by vendor-x "
                  "in MSA annex 3, but the deployment achieves layer 3"))
      << c->message;
  EXPECT_TRUE(Has(c->message, "layer 4 (base model) fails for model 'bank-llm'")) << c->message;
  EXPECT_TRUE(Has(c->message, "SOV-4.1 fail on models/bank-llm")) << c->message;

  d.claim.layer = 3;
  r = Score(d);
  EXPECT_TRUE(r.claim.holds);
  EXPECT_EQ(ClaimOf(r)->status, Status::kPass);

  RuleSet no_claims = RuleSet::Builtin();
  no_claims.ApplyPackText("apiVersion: sovaudit/v1\nkind: RulePack\ndisable: [SOV-C.1]\n", "p");
  EXPECT_EQ(ClaimOf(Score(d, true, no_claims)), nullptr);
}

TEST(Score, NoModelsIsAnInputError) {
  Deployment d = DomesticStack();
  d.models.clear();
  Facts facts(d, TestCatalog(), Ctx(), Verified(d));
  DeploymentReport r;
  EXPECT_THROW(ScoreDeployment(facts, RuleSet::Builtin(), {}, r), Error);
}

TEST(Score, QuestionsAreAnsweredFromTheFacts) {
  Deployment d = LlamaStack();
  AddOrg(d, "vendor-x", "US");
  test::AddEndpoint(d, "vendor-licence", "vendor-x", "US", "licence", true);
  DeploymentReport r = Score(d);
  const std::string& q1 = r.questions["Q1"];
  EXPECT_TRUE(Has(q1,
                  "Base model 'catalog:meta-llama/Llama-3.1-8B' (root of the lineage of "
                  "'bank-llm') was pretrained by catalog:meta (US) [foreign]"))
      << q1;
  EXPECT_TRUE(Has(q1, "on training data not stated")) << q1;
  EXPECT_TRUE(Has(q1, "licence 'llama3.1'")) << q1;
  EXPECT_TRUE(Has(q1,
                  "'sg-base' (root of the lineage of 'judge-llm') was pretrained by "
                  "aisg (SG) [domestic] on training data 'sg-corpus'"))
      << q1;
  const std::string& q2 = r.questions["Q2"];
  EXPECT_TRUE(Has(q2, "? No:")) << q2;
  EXPECT_TRUE(Has(q2, "a required licence-server call to 'vendor-licence'")) << q2;
  EXPECT_TRUE(Has(q2, "vendor-x (US) [foreign]")) << q2;
  EXPECT_TRUE(Has(q2,
                  "'bank-llm' without the upstream vendor's permission? No: licence "
                  "'llama3.1' permits modification"))
      << q2;
  const std::string& q3 = r.questions["Q3"];
  EXPECT_TRUE(Has(q3,
                  "Evaluation 'eval-main' of 'bank-llm' is operated by bank (SG) <- "
                  "bank-holdings (SG) [domestic]"))
      << q3;
  EXPECT_TRUE(Has(q3, "'sg-lending-qa' owned by bank")) << q3;
  // The required licence server (SOV-3.4) holds every model, the judge too, at layer 2.
  EXPECT_TRUE(Has(q3, "judges 'judge-llm' (achieves layer 2)")) << q3;
  const std::string& q4 = r.questions["Q4"];
  EXPECT_TRUE(Has(q4, "catalog:meta (US) as developer of")) << q4;
  EXPECT_TRUE(Has(q4,
                  "vendor-x (US) as operator of required licence endpoint "
                  "'vendor-licence'"))
      << q4;
  EXPECT_TRUE(Has(q4,
                  "Contingency plan 'docs/exit-plan.md': it was last exercised on "
                  "2026-05-14 (191 days before the audit date); fallback models: "
                  "'judge-llm'."))
      << q4;

  DeploymentReport home = Score(DomesticStack());
  EXPECT_TRUE(Has(home.questions["Q2"], "? Yes:")) << home.questions["Q2"];
  EXPECT_TRUE(Has(home.questions["Q2"], "no licence-server endpoint is called"));
  EXPECT_EQ(home.questions["Q4"],
            "No foreign dependency is stated. No contingency plan is "
            "stated.");
}

// Correctness at portfolio scale; speed is measured in bench/, not asserted here.
TEST(Score, TenThousandModelsScoreLikeOne) {
  Deployment d = DomesticStack();
  test::UseLlamaBase(d);
  std::string path = d.models[0].weights.path, pin = d.models[0].weights.sha256;
  for (int i = 0; i < 10000; ++i) {
    std::string id = "tenant-" + std::to_string(i);
    AddNode(d, id, "bank", "finetune", {test::kLlama}, "llama3.1", {"loans"}, "bank", {"sg-gpu"});
    DeployedModel& m = AddModel(d, id, {"sg-gpu"}, {"eval-main"});
    m.weights.path = path;
    m.weights.sha256 = pin;
  }
  Facts facts(d, TestCatalog(), Ctx(), Verified(d));
  std::vector<Finding> findings = EvaluateRules(RuleSet::Builtin(), facts);
  DeploymentReport r;
  ScoreDeployment(facts, RuleSet::Builtin(), std::move(findings), r);
  EXPECT_EQ(r.models.size(), 10002u);
  EXPECT_EQ(r.achieved_layer, 2);
  for (const ModelResult& m : r.models) {
    if (m.id.rfind("tenant-", 0) == 0) EXPECT_EQ(m.achieved_layer, 2) << m.id;
  }
}

}  // namespace
}  // namespace sov
