#include "src/score/score.h"

#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <iostream>

#include "src/util/error.h"
#include "tests/test_findings.h"

namespace sov {
namespace {

using namespace test;  // NOLINT(build/namespaces): the stack builder and finding lookups

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

// The bank's model on a Llama base, with a current exit plan: layers 1-3 pass, 4 fails.
Deployment LlamaStack() {
  Deployment d = DomesticStack();
  test::UseLlamaBase(d);
  d.contingency = {true, "docs/exit-plan.md", "2026-05-14", {"judge-llm"}, {}, test::NextLoc()};
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
  // What each answer says, among other things.
  const std::pair<const char*, std::vector<std::string>> kAnswers[] = {
      {"Q1",
       {"Base model 'catalog:meta-llama/Llama-3.1-8B' (root of the lineage of 'bank-llm') was "
        "pretrained by catalog:meta (US) [foreign]",
        "on training data not stated", "licence 'llama3.1'",
        "'sg-base' (root of the lineage of 'judge-llm') was pretrained by aisg (SG) [domestic] on "
        "training data 'sg-corpus'"}},
      {"Q2",
       {"? No:", "a required licence-server call to 'vendor-licence'", "vendor-x (US) [foreign]",
        "'bank-llm' without the upstream vendor's permission? No: licence 'llama3.1' permits "
        "modification"}},
      // The required licence server (SOV-3.4) holds every model, the judge too, at layer 2.
      {"Q3",
       {"Evaluation 'eval-main' of 'bank-llm' is operated by bank (SG) <- bank-holdings (SG) "
        "[domestic]",
        "'sg-lending-qa' owned by bank", "judges 'judge-llm' (achieves layer 2)"}},
      {"Q4",
       {"catalog:meta (US) as developer of",
        "vendor-x (US) as operator of required licence endpoint 'vendor-licence'",
        "Contingency plan 'docs/exit-plan.md': it was last exercised on 2026-05-14 (191 days "
        "before the audit date); fallback models: 'judge-llm'."}}};
  for (const auto& [question, parts] : kAnswers) {
    const std::string& answer = r.questions[question];
    for (const std::string& part : parts) {
      EXPECT_TRUE(Has(answer, part)) << question << ": " << answer;
    }
  }

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
