// The readings settled after the first release (maturity-model.md): each test fails on the
// first release's behaviour. End-to-end checks (portfolios, waivers, signed files) are in
// readings_e2e_test.cc.

#include <gtest/gtest.h>

#include "tests/test_findings.h"

namespace sov {
namespace {

using namespace test;  // NOLINT(build/namespaces): the stack builder and finding lookups

// A foreign support desk whose `required` is left out.
Deployment WithUnstatedEndpoint(const std::string& purpose, const std::string& op_jur) {
  Deployment d = DomesticStack();
  AddOrg(d, "vendor", op_jur);
  AddEndpoint(d, "desk", "vendor", op_jur, purpose, false, {});
  d.endpoints.back().required.reset();
  return d;
}

TEST(ReadingsMissingIsNeverFalse, UnstatedRequiredIsUnknownNotOptional) {
  auto fs = Evaluate(WithUnstatedEndpoint("support", "US"));
  ExpectFinding(fs, "SOV-2.4", "endpoints/desk", "unknown",
                "does not say whether the service stops without it");
  // A domestic operator passes whether the endpoint is required or not.
  EXPECT_EQ(S(Evaluate(WithUnstatedEndpoint("support", "SG")), "SOV-2.4", "endpoints/desk"),
            "pass");
  // A licence server that may be required is no pass for SOV-3.4.
  auto lic = Evaluate(WithUnstatedEndpoint("licence", "SG"));
  EXPECT_EQ(S(lic, "SOV-3.4", "endpoints/desk"), "unknown");
  EXPECT_EQ(S(lic, "SOV-2.4", "endpoints/desk"), "n/a");
}

TEST(ReadingsMissingIsNeverFalse, UnstatedRequiredIsAPossibleDependency) {
  // The stack has no other foreign dependency and no plan: the possible one decides.
  auto fs = Evaluate(WithUnstatedEndpoint("support", "US"));
  ExpectFinding(fs, "SOV-3.6", "models/bank-llm", "unknown",
                "endpoint 'desk', which does not say whether it is required");
  // A stated optional endpoint is no dependency at all.
  Deployment optional = WithUnstatedEndpoint("support", "US");
  optional.endpoints.back().required = false;
  EXPECT_EQ(S(Evaluate(optional), "SOV-3.6", "models/bank-llm"), "n/a");
}

TEST(ReadingsMissingIsNeverFalse, Q2SaysALicenceCallOfUnstatedNeedIsNotEstablished) {
  DeploymentReport r = Score(WithUnstatedEndpoint("licence", "US"));
  const std::string& q2 = r.questions["Q2"];
  EXPECT_TRUE(Has(q2, "Not established")) << q2;
  EXPECT_TRUE(Has(q2, "does not say whether it is required")) << q2;
  EXPECT_FALSE(Has(q2, "optional")) << q2;
  EXPECT_TRUE(Has(r.questions["Q4"], "Possible foreign dependencies: vendor (US)"))
      << r.questions["Q4"];
}

TEST(ReadingsMissingIsNeverFalse, AForeignEndpointThatDoesNotSayWhatItReceives) {
  Deployment d = WithUnstatedEndpoint("telemetry", "US");
  d.endpoints.back().receives_stated = false;
  auto fs = Evaluate(d);
  for (const char* ds : {"datasets/loans", "datasets/sg-corpus"}) {
    const Finding& f = Get(fs, "SOV-1.3", ds);
    EXPECT_EQ(StatusName(f.status), std::string("unknown")) << ds;
    EXPECT_TRUE(Has(f.message, "endpoint 'desk' (US) does not say what it receives")) << f.message;
  }
  // `receives: []` is a stated "nothing".
  d.endpoints.back().receives_stated = true;
  EXPECT_EQ(S(Evaluate(d), "SOV-1.3", "datasets/loans"), "pass");
  // A domestic endpoint that does not say is no residency question.
  Deployment home = WithUnstatedEndpoint("telemetry", "SG");
  home.endpoints.back().receives_stated = false;
  EXPECT_EQ(S(Evaluate(home), "SOV-1.3", "datasets/loans"), "pass");
}

// A box in Singapore run by the Singapore arm of a US company, to which a flow sends loans.
Deployment WithForeignOwnedReceiver() {
  Deployment d = DomesticStack();
  AddOrg(d, "apm-us", "US");
  AddOrg(d, "apm-sg", "SG", "apm-us");
  AddInfra(d, "apm-box", "SG", "apm-sg");
  d.flows.push_back({"loans", "apm-box", "analytics", test::NextLoc()});
  return d;
}

TEST(ReadingsReceivingIsProcessing, AFlowTargetIsJudgedForOperatorAndProvider) {
  auto fs = Evaluate(WithForeignOwnedReceiver());
  EXPECT_EQ(S(fs, "SOV-1.3", "datasets/loans"), "pass");  // the box is in the home country
  for (const char* rule : {"SOV-2.1", "SOV-2.2"}) {
    const Finding& f = Get(fs, rule, "infrastructure/apm-box");
    EXPECT_EQ(StatusName(f.status), std::string("fail")) << rule;
    EXPECT_TRUE(Has(f.message, "receives non-public data")) << f.message;
    EXPECT_TRUE(Has(f.message, "apm-sg (SG) <- apm-us (US)")) << f.message;
    EXPECT_TRUE(f.scope.empty()) << rule;  // an explicit flow: every model
  }
  const Finding& exit = Get(fs, "SOV-3.6", "models/bank-llm");
  EXPECT_EQ(StatusName(exit.status), std::string("fail"));
  EXPECT_TRUE(Has(exit.message, "data-receiving infrastructure 'apm-box'")) << exit.message;
  EXPECT_LT(Score(WithForeignOwnedReceiver()).achieved_layer, 2);
}

TEST(ReadingsCommercialUse, ANonCommercialLicenceFailsACommercialDeployment) {
  Deployment d = DomesticStack();
  d.nodes["bank-llm"].licence.id = "cc-by-nc-4.0";
  const Finding& f = Get(Evaluate(d), "SOV-3.3", "models/bank-llm");
  EXPECT_EQ(StatusName(f.status), std::string("fail"));
  EXPECT_TRUE(Has(f.message, "licence 'cc-by-nc-4.0' of model 'bank-llm' prohibits commercial use"))
      << f.message;
  // The same stack for research: modification is what counts.
  d.commercial_use = false;
  EXPECT_EQ(S(Evaluate(d), "SOV-3.3", "models/bank-llm"), "pass");
}

TEST(ReadingsCommercialUse, AResearchLicenceNeedsConsentAndAThresholdIsNamed) {
  Deployment d = DomesticStack();
  d.nodes["sg-base"].licence.id = "mrl";
  const Finding& f = Get(Evaluate(d), "SOV-3.3", "models/bank-llm");
  EXPECT_EQ(StatusName(f.status), std::string("fail"));
  EXPECT_TRUE(Has(f.message, "only with the licensor's consent")) << f.message;
  d.nodes["sg-base"].licence.id = "llama3.1";
  const Finding& t = Get(Evaluate(d), "SOV-3.3", "models/bank-llm");
  EXPECT_EQ(StatusName(t.status), std::string("pass"));
  EXPECT_TRUE(Has(t.message, "beyond 700 million monthly active users")) << t.message;
  // Inline terms that leave commercial use unsettled are unknown for a commercial deployment.
  d.nodes["sg-base"].licence = LicenceRef{};
  d.nodes["sg-base"].licence.present = true;
  d.nodes["sg-base"].licence.name = "Custom";
  d.nodes["sg-base"].licence.modification = "permitted";
  EXPECT_EQ(S(Evaluate(d), "SOV-3.3", "models/bank-llm"), "unknown");
}

TEST(ReadingsBaseModel, ARootPretrainedOnAForeignCloudIsNotLayerFour) {
  Deployment d = DomesticStack();
  AddOrg(d, "amazon", "US");
  AddInfra(d, "aws-p5", "US", "amazon");
  d.nodes["sg-base"].training.infrastructure = {"aws-p5"};
  d.datasets[1].classification = "public";  // no residency question: layer 4 decides
  const Finding& f = Get(Evaluate(d), "SOV-4.1", "models/bank-llm");
  EXPECT_EQ(StatusName(f.status), std::string("fail"));
  EXPECT_TRUE(Has(f.message, "root 'sg-base' was pretrained on foreign infrastructure")) << f.message;
  EXPECT_EQ(Score(d).achieved_layer, 3);
  // Unnamed pre-training infrastructure: unknown here, undocumented for SOV-4.2.
  d.nodes["sg-base"].training.infrastructure.clear();
  auto fs = Evaluate(d);
  EXPECT_EQ(S(fs, "SOV-4.1", "models/bank-llm"), "unknown");
  const Finding& g = Get(fs, "SOV-4.2", "models/bank-llm");
  EXPECT_EQ(StatusName(g.status), std::string("fail"));
  EXPECT_TRUE(Has(g.message, "'sg-base' does not name its pre-training infrastructure")) << g.message;
}

// bank-llm on a Llama base with a current plan; `fallbacks` as given.
Deployment LlamaWithFallbacks(const std::vector<std::string>& fallbacks) {
  Deployment d = DomesticStack();
  test::UseLlamaBase(d);
  d.contingency = {true, "docs/exit.md", "2026-08-13", fallbacks, {}, test::NextLoc()};
  return d;
}

TEST(ReadingsFallbacks, ADesignatedFallbackNeedsNoFallbackOfItsOwn) {
  // judge-llm is named; it has a foreign dependency of its own (a US evaluation box).
  Deployment d = LlamaWithFallbacks({"judge-llm"});
  AddOrg(d, "amazon", "US");
  AddInfra(d, "us-eval", "US", "amazon");
  d.evaluations[1].runs_on = {"us-eval"};
  auto fs = Evaluate(d);
  EXPECT_EQ(S(fs, "SOV-3.6", "models/bank-llm"), "pass");
  ExpectFinding(fs, "SOV-3.6", "models/judge-llm", "pass",
                "'judge-llm' is itself the fallback of bank-llm");
  // A single model that names only itself fails.
  Deployment single = LlamaWithFallbacks({"bank-llm"});
  single.models.erase(single.models.begin() + 1);
  single.evaluations[0].judges.clear();
  const Finding& g = Get(Evaluate(single), "SOV-3.6", "models/bank-llm");
  EXPECT_EQ(StatusName(g.status), std::string("fail"));
  EXPECT_TRUE(Has(g.message, "is another model of this deployment")) << g.message;
}

TEST(ReadingsFallbacks, AFallbackThatSharesTheForeignDeveloperIsSaid) {
  Deployment d = LlamaWithFallbacks({"judge-llm"});
  d.nodes["judge-llm"].base = {test::kLlama};
  const Finding& f = Get(Evaluate(d), "SOV-3.6", "models/bank-llm");
  EXPECT_EQ(StatusName(f.status), std::string("pass"));
  EXPECT_TRUE(Has(f.message, "every fallback depends on the same foreign developer")) << f.message;
  EXPECT_TRUE(Has(f.message, "'judge-llm' shares catalog:meta (US)")) << f.message;
  const std::string q4 = Score(d).questions["Q4"];  // a copy: the report is a temporary
  EXPECT_TRUE(Has(q4, "The fallbacks of 'bank-llm' ('judge-llm') depend on the same foreign "
                      "developer, catalog:meta (US)"))
      << q4;
  // A fallback of domestic lineage: nothing to say.
  EXPECT_FALSE(Has(Score(LlamaWithFallbacks({"judge-llm"})).questions["Q4"], "same foreign"));
}

}  // namespace
}  // namespace sov
