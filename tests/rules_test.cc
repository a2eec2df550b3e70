#include "src/rules/rules.h"

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <string>

#include "src/util/error.h"
#include "tests/test_findings.h"

namespace sov {
namespace {

using namespace test;  // NOLINT(build/namespaces): the stack builder and finding lookups

const std::string kPacks = std::string(SOVAUDIT_SOURCE_DIR) + "/tests/data/packs/";

// A foreign hyperscaler with a Singapore subsidiary.
void AddAws(Deployment& d) {
  AddOrg(d, "amazon", "US");
  AddOrg(d, "aws-sg", "SG", "amazon");
}

// The rules of the spec (spec/maturity-model.md, its rule tables) with their layers and
// severities, kept here so that the suite needs nothing outside the repository: a change of
// the spec's tables must be made here too.
struct SpecRule {
  const char* id;
  int layer;  // 0: SOV-C.1, the claim, belongs to no layer
  const char* severity;
};
const SpecRule kSpecRules[] = {
    {"SOV-1.1", 1, "high"},   {"SOV-1.2", 1, "high"},   {"SOV-1.3", 1, "high"},
    {"SOV-2.1", 2, "high"},   {"SOV-2.2", 2, "high"},   {"SOV-2.3", 2, "medium"},
    {"SOV-2.4", 2, "high"},   {"SOV-3.1", 3, "high"},   {"SOV-3.2", 3, "high"},
    {"SOV-3.3", 3, "high"},   {"SOV-3.4", 3, "high"},   {"SOV-3.5", 3, "critical"},
    {"SOV-3.6", 3, "medium"}, {"SOV-4.1", 4, "high"},   {"SOV-4.2", 4, "medium"},
    {"SOV-4.3", 4, "medium"}, {"SOV-5.1", 5, "medium"}, {"SOV-5.2", 5, "medium"},
    {"SOV-5.3", 5, "medium"}, {"SOV-5.4", 5, "medium"}, {"SOV-C.1", 0, "critical"},
};
static_assert(std::size(kSpecRules) == 21, "the spec has 21 rules");

TEST(RulesBuiltin, EveryRuleOfTheSpecWithItsSeverity) {
  RuleSet rules = RuleSet::Builtin();
  for (const SpecRule& spec : kSpecRules) {
    const RuleDef* r = rules.Find(spec.id);
    ASSERT_NE(r, nullptr) << spec.id;
    EXPECT_EQ(std::string(SeverityName(r->severity)), spec.severity) << r->id;
    EXPECT_EQ(r->layer, spec.layer) << r->id;
    EXPECT_FALSE(r->remediation.empty());
    EXPECT_FALSE(r->rationale.empty());
    EXPECT_EQ(r->origin, "built-in");
  }
  // No built-in rule the spec does not have, other than the waiver rules below.
  for (const RuleDef& r : rules.rules()) {
    if (r.id.rfind("SOV-W.", 0) == 0) continue;
    bool in_spec = false;
    for (const SpecRule& spec : kSpecRules) in_spec = in_spec || r.id == spec.id;
    EXPECT_TRUE(in_spec) << r.id;
  }
  // The spec's 21 rules plus the two waiver rules (SOV-W.1 expired, SOV-W.2 malformed), which
  // this tool adds for the spec's "an expired or malformed waiver is itself a finding".
  EXPECT_EQ(rules.rules().size(), 23u);
  for (const char* id : {"SOV-W.1", "SOV-W.2"}) {
    ASSERT_NE(rules.Find(id), nullptr) << id;
    EXPECT_EQ(rules.Find(id)->layer, 0) << id;
  }
  EXPECT_EQ(rules.Find("SOV-3.2")->question, "Q2");
  EXPECT_EQ(rules.Find("SOV-3.6")->question, "Q4");
  EXPECT_EQ(rules.Find("SOV-4.1")->question, "Q1");
  EXPECT_EQ(rules.Find("SOV-5.4")->question, "Q3");
}

TEST(RulesBuiltin, ReferenceStackPassesEveryRule) {
  std::vector<Finding> fs = Evaluate(DomesticStack());
  ASSERT_FALSE(fs.empty());
  for (const Finding& f : fs) {
    EXPECT_TRUE(f.status == Status::kPass || f.status == Status::kNotApplicable)
        << f.rule << " " << f.subject << ": " << f.message;
  }
  EXPECT_EQ(S(fs, "SOV-3.6", "models/bank-llm"), "n/a");  // no foreign dependency
  EXPECT_EQ(S(fs, "SOV-3.4", "endpoints/sg-logs"), "n/a");
}

TEST(RulesLayer1, StorageAbroadFailsAndPublicDataIsNotApplicable) {
  Deployment d = DomesticStack();
  AddInfra(d, "us-backup", "US", "bank", "", "storage");
  d.datasets[0].stored_in.push_back("us-backup");
  d.datasets[1].classification = "public";
  auto fs = Evaluate(d);
  const Finding f = ExpectFinding(fs, "SOV-1.1", "datasets/loans", "fail", "'us-backup' (US)");
  EXPECT_EQ(f.location, d.datasets[0].loc);
  EXPECT_TRUE(f.scope.empty());
  EXPECT_EQ(S(fs, "SOV-1.1", "datasets/sg-corpus"), "n/a");
  // A region the catalogue cannot resolve leaves the location unknown.
  d.infrastructure.back().location = "";
  d.infrastructure.back().region = "acme:moon-1";
  EXPECT_EQ(S(Evaluate(d), "SOV-1.1", "datasets/loans"), "unknown");
}

TEST(RulesLayer1, ServingIsPerModel) {
  Deployment d = DomesticStack();
  AddInfra(d, "us-gpu", "US", "bank");
  d.models[1].serving = {"us-gpu"};
  auto fs = Evaluate(d);
  EXPECT_EQ(S(fs, "SOV-1.2", "models/bank-llm"), "pass");
  const Finding& f = Get(fs, "SOV-1.2", "models/judge-llm");
  EXPECT_EQ(StatusName(f.status), std::string("fail"));
  EXPECT_EQ(f.scope, std::vector<std::string>{"judge-llm"});
  d.models[1].serving.clear();
  EXPECT_EQ(S(Evaluate(d), "SOV-1.2", "models/judge-llm"), "unknown");
}

TEST(RulesLayer1, DataSentToAForeignEndpointFails) {
  Deployment d = DomesticStack();
  AddOrg(d, "apm-vendor", "US");
  AddEndpoint(d, "us-telemetry", "apm-vendor", "US", "telemetry", false, {"loans"});
  auto fs = Evaluate(d);
  const Finding f =
      ExpectFinding(fs, "SOV-1.3", "datasets/loans", "fail", "endpoint 'us-telemetry' (US");
  EXPECT_EQ(f.location, d.endpoints.back().loc);
  EXPECT_EQ(S(fs, "SOV-1.3", "datasets/sg-corpus"), "pass");
  // Implied: training data of the base reaches foreign serving infrastructure.
  Deployment e = DomesticStack();
  AddInfra(e, "us-gpu", "US", "bank");
  e.models[1].serving = {"us-gpu"};
  const Finding& g = Get(Evaluate(e), "SOV-1.3", "datasets/sg-corpus");
  EXPECT_EQ(StatusName(g.status), std::string("fail"));
  EXPECT_TRUE(Has(g.message, "training data of 'sg-base' served by 'judge-llm'")) << g.message;
}

TEST(RulesLayer2, ForeignParentedOperatorAndForeignProvider) {
  Deployment d = DomesticStack();
  AddAws(d);
  AddInfra(d, "aws-gpu", "SG", "bank", "aws-sg");  // own staff, foreign cloud's platform
  AddInfra(d, "aws-store", "SG", "aws-sg", "", "storage");
  AddInfra(d, "idle", "US", "amazon");
  d.models[1].serving = {"aws-gpu"};
  d.datasets[0].stored_in.push_back("aws-store");
  auto fs = Evaluate(d);
  EXPECT_EQ(S(fs, "SOV-2.1", "infrastructure/aws-gpu"), "pass");
  const Finding& p = Get(fs, "SOV-2.2", "infrastructure/aws-gpu");
  EXPECT_EQ(StatusName(p.status), std::string("fail"));
  EXPECT_TRUE(Has(p.message, "provided by aws-sg (SG) <- amazon (US)")) << p.message;
  EXPECT_EQ(p.scope, std::vector<std::string>{"judge-llm"});
  const Finding& o = Get(fs, "SOV-2.1", "infrastructure/aws-store");
  EXPECT_EQ(StatusName(o.status), std::string("fail"));
  EXPECT_TRUE(o.scope.empty());  // stores non-public data: counts for every model
  EXPECT_EQ(S(fs, "SOV-2.1", "infrastructure/idle"), "n/a");
}

TEST(RulesLayer2, KmsAndRequiredEndpoints) {
  Deployment d = DomesticStack();
  AddAws(d);
  AddInfra(d, "aws-kms", "SG", "aws-sg", "", "kms");
  d.datasets[0].kms = "aws-kms";
  d.datasets[1].kms = "";
  AddEndpoint(d, "us-support", "amazon", "US", "support", true);
  AddEndpoint(d, "us-licence", "amazon", "US", "licence", true);
  auto fs = Evaluate(d);
  EXPECT_EQ(S(fs, "SOV-2.3", "datasets/loans"), "fail");
  EXPECT_TRUE(Has(Get(fs, "SOV-2.3", "datasets/sg-corpus").message, "names no encryption.kms"));
  EXPECT_EQ(S(fs, "SOV-2.4", "endpoints/us-support"), "fail");
  EXPECT_EQ(S(fs, "SOV-2.4", "endpoints/us-licence"), "n/a");
  EXPECT_EQ(S(fs, "SOV-2.4", "endpoints/sg-logs"), "pass");
  Deployment quiet = DomesticStack();
  quiet.endpoints.clear();
  auto qs = Evaluate(quiet);
  EXPECT_EQ(S(qs, "SOV-2.4", "deployment"), "pass");
  EXPECT_EQ(S(qs, "SOV-3.4", "deployment"), "pass");
}

TEST(RulesLayer3, LocalWeightsAndLicenceServers) {
  Deployment d = DomesticStack();
  d.models[0].weights.availability = "api";
  AddOrg(d, "vendor-x", "US");
  AddEndpoint(d, "vendor-licence", "vendor-x", "US", "licence", true);
  AddEndpoint(d, "vendor-activation", "vendor-x", "US", "licence", false);
  auto fs = Evaluate(d);
  EXPECT_EQ(S(fs, "SOV-3.1", "models/bank-llm"), "fail");
  EXPECT_EQ(S(fs, "SOV-3.1", "models/judge-llm"), "pass");
  EXPECT_EQ(S(fs, "SOV-3.5", "models/bank-llm"), "fail");  // nothing local to pin
  ExpectFinding(fs, "SOV-3.4", "endpoints/vendor-licence", "fail", "vendor-x (US)");
  EXPECT_EQ(S(fs, "SOV-3.4", "endpoints/vendor-activation"), "pass");
  EXPECT_EQ(S(fs, "SOV-3.4", "endpoints/sg-logs"), "n/a");
}

TEST(RulesLayer3, NearestTrainingStep) {
  Deployment d = DomesticStack();
  AddAws(d);
  AddInfra(d, "aws-train", "SG", "bank", "aws-sg");
  d.nodes["judge-llm"].training.infrastructure = {"aws-train"};
  // A quantization of the domestic fine-tune is judged on the fine-tune's step.
  AddNode(d, "bank-llm-q4", "bank", "quantized", {"bank-llm"}, "apache-2.0", {}, "", {});
  AddModel(d, "bank-llm-q4", {"sg-gpu"});
  auto fs = Evaluate(d);
  EXPECT_EQ(S(fs, "SOV-3.2", "models/bank-llm"), "pass");
  EXPECT_EQ(S(fs, "SOV-3.2", "models/bank-llm-q4"), "pass");
  ExpectFinding(fs, "SOV-3.2", "models/judge-llm", "fail", "aws-sg (SG) <- amazon (US)");
  // SOV-2.x looks at the nearest step's infrastructure, scoped to the model it trains.
  EXPECT_EQ(Get(fs, "SOV-2.2", "infrastructure/aws-train").scope,
            std::vector<std::string>{"judge-llm"});

  // A raw foreign base deployed as is fails; a domestic model without a stated step is unknown.
  Deployment raw = DomesticStack();
  test::UseLlamaBase(raw);
  AddModel(raw, test::kLlama, {"sg-gpu"});
  raw.nodes["judge-llm"].training = TrainingStep{};
  auto rs = Evaluate(raw);
  const Finding& r = Get(rs, "SOV-3.2", std::string("models/") + test::kLlama);
  EXPECT_EQ(StatusName(r.status), std::string("fail"));
  EXPECT_TRUE(Has(r.message, "raw foreign base")) << r.message;
  EXPECT_EQ(S(rs, "SOV-3.2", "models/judge-llm"), "unknown");
}

TEST(RulesLayer3, LicencesUpTheLineage) {
  Deployment d = DomesticStack();
  test::UseLlamaBase(d);  // llama3.1 permits modification
  d.nodes["sg-base"].licence.id = "consent-only";
  d.nodes["sg-base"].licence.loc = Location{"provenance/sg-base.yaml", 7, 5};
  auto fs = Evaluate(d);
  EXPECT_EQ(S(fs, "SOV-3.3", "models/bank-llm"), "pass");
  const Finding f = ExpectFinding(fs, "SOV-3.3", "models/judge-llm", "fail",
                                  "licence 'consent-only' of ancestor 'sg-base' requires the "
                                  "licensor's consent");
  EXPECT_EQ(f.location, (Location{"provenance/sg-base.yaml", 7, 5}));
  d.nodes["sg-base"].licence.id = "not-in-any-catalogue";
  EXPECT_EQ(S(Evaluate(d), "SOV-3.3", "models/judge-llm"), "unknown");
  d.nodes["sg-base"].licence = LicenceRef{};
  EXPECT_EQ(S(Evaluate(d), "SOV-3.3", "models/judge-llm"), "unknown");
}

TEST(RulesLayer3, PinnedAndVerifiedWeights) {
  Deployment d = DomesticStack();
  EXPECT_EQ(S(Evaluate(d), "SOV-3.5", "models/bank-llm"), "pass");
  EXPECT_EQ(S(Evaluate(d, RuleSet::Builtin(), false), "SOV-3.5", "models/bank-llm"), "unknown");
  d.models[0].weights.sha256 = std::string(64, 'a');
  const Finding& f = Get(Evaluate(d), "SOV-3.5", "models/bank-llm");
  EXPECT_EQ(StatusName(f.status), std::string("fail"));
  EXPECT_TRUE(Has(f.message, "tampered")) << f.message;
  d.models[0].weights.sha256.clear();
  EXPECT_EQ(S(Evaluate(d), "SOV-3.5", "models/bank-llm"), "fail");  // unpinned
  d.models[0].weights.signature = "weights/model.sig";
  EXPECT_EQ(S(Evaluate(d), "SOV-3.5", "models/bank-llm"), "unknown");  // OMS pending
}

TEST(RulesLayer3, ExitPlanForForeignDependencies) {
  Deployment d = DomesticStack();
  test::UseLlamaBase(d);
  auto fs = Evaluate(d);
  const Finding f = ExpectFinding(fs, "SOV-3.6", "models/bank-llm", "fail", "catalog:meta (US)");
  EXPECT_TRUE(Has(f.message, "no contingency.plan")) << f.message;
  EXPECT_EQ(S(fs, "SOV-3.6", "models/judge-llm"), "n/a");

  d.contingency = {true, "docs/exit.md", "2026-08-13", {"judge-llm"}, {}, test::NextLoc()};
  EXPECT_EQ(S(Evaluate(d), "SOV-3.6", "models/bank-llm"), "pass");
  d.contingency.last_exercised = "2025-11-20";  // 366 days before
  EXPECT_TRUE(Has(Get(Evaluate(d), "SOV-3.6", "models/bank-llm").message, "366 days"));
  d.contingency.last_exercised = "2025-11-21";  // exactly 365: still within
  EXPECT_EQ(S(Evaluate(d), "SOV-3.6", "models/bank-llm"), "pass");
  d.contingency.last_exercised = "2026-12-01";  // after the audit date
  EXPECT_EQ(S(Evaluate(d), "SOV-3.6", "models/bank-llm"), "fail");
  d.contingency.last_exercised = "2026-08-13";
  d.contingency.fallback_models = {"bank-llm"};  // itself is no fallback for itself, ...
  EXPECT_TRUE(Has(Get(Evaluate(d), "SOV-3.6", "models/bank-llm").message,
                  "itself the fallback of judge-llm"));  // ... but it stands in for judge-llm
  d.contingency.fallback_models = {"no-such-model"};
  EXPECT_EQ(S(Evaluate(d), "SOV-3.6", "models/bank-llm"), "fail");
}

TEST(RulesLayer4, RootsDocumentationAndRootLicences) {
  Deployment d = DomesticStack();
  test::UseLlamaBase(d);
  auto fs = Evaluate(d);
  ExpectFinding(fs, "SOV-4.1", "models/bank-llm", "fail",
                "root 'catalog:meta-llama/Llama-3.1-8B' was pretrained by "
                "catalog:meta (US)");
  EXPECT_EQ(S(fs, "SOV-4.1", "models/judge-llm"), "pass");
  const Finding& g = Get(fs, "SOV-4.2", "models/bank-llm");
  EXPECT_EQ(StatusName(g.status), std::string("fail"));
  EXPECT_TRUE(Has(g.message, "catalogue entry does not document them")) << g.message;
  EXPECT_EQ(S(fs, "SOV-4.3", "models/bank-llm"), "pass");  // llama3.1: not revocable

  Deployment e = DomesticStack();
  e.nodes["sg-base"].licence.id = "kill-switch";
  e.nodes["judge-llm"].developer = "";
  auto es = Evaluate(e);
  EXPECT_TRUE(Has(Get(es, "SOV-4.3", "models/bank-llm").message, "is revocable"));
  EXPECT_EQ(S(es, "SOV-4.2", "models/judge-llm"), "fail");
  EXPECT_EQ(S(es, "SOV-4.2", "models/bank-llm"), "pass");
  e.nodes["sg-base"].licence.id = "vague";  // revocability not stated
  EXPECT_EQ(S(Evaluate(e), "SOV-4.3", "models/bank-llm"), "unknown");
  // A lineage that stops at a fine-tune: who pretrained is unknown, and undocumented.
  e.nodes["sg-base"].relation = "finetune";
  auto us = Evaluate(e);
  EXPECT_EQ(S(us, "SOV-4.1", "models/bank-llm"), "unknown");
  EXPECT_EQ(S(us, "SOV-4.2", "models/bank-llm"), "fail");
}

TEST(RulesLayer5, EvaluationOperatorsJudgesBenchmarksAndBinding) {
  Deployment d = DomesticStack();
  AddOrg(d, "us-evals", "US");
  d.evaluations[1].benchmarks[0].owner = "us-evals";  // judge's own benchmark
  AddInfra(d, "us-gpu", "US", "bank");
  d.models[1].serving = {"us-gpu"};  // the judge fails layer 1
  auto fs = Evaluate(d);
  const Finding& j = Get(fs, "SOV-5.2", "models/bank-llm");
  EXPECT_EQ(StatusName(j.status), std::string("fail"));
  EXPECT_TRUE(Has(j.message, "judge 'judge-llm' reaches layer 0")) << j.message;
  EXPECT_EQ(S(fs, "SOV-5.2", "models/judge-llm"), "n/a");
  EXPECT_EQ(S(fs, "SOV-5.3", "models/judge-llm"), "fail");
  EXPECT_EQ(S(fs, "SOV-5.3", "models/bank-llm"), "pass");

  Deployment e = DomesticStack();
  e.evaluations[0].operator_id = "us-evals";
  AddOrg(e, "us-evals", "US");
  e.evaluations[1].benchmarks.clear();
  e.models[1].evaluations.clear();
  e.models.push_back(e.models[1]);
  auto es = Evaluate(e);
  EXPECT_EQ(S(es, "SOV-5.1", "models/bank-llm"), "fail");
  EXPECT_EQ(S(es, "SOV-5.1", "models/judge-llm"), "fail");  // no evaluation at all

  Deployment g = DomesticStack();
  g.evaluations[0].results[0].date = "2026-05-01";  // 204 days before
  const Finding& b = Get(Evaluate(g), "SOV-5.4", "models/bank-llm");
  EXPECT_EQ(StatusName(b.status), std::string("fail"));
  EXPECT_TRUE(Has(b.message, "204 days")) << b.message;
  g.evaluations[0].results[0] = {"sha256:" + std::string(64, 'b'), "2026-10-01", {}};
  EXPECT_EQ(S(Evaluate(g), "SOV-5.4", "models/bank-llm"), "fail");
  g.models[0].weights.sha256.clear();
  g.models[0].weights.signature = "model.sig";
  EXPECT_EQ(S(Evaluate(g), "SOV-5.4", "models/bank-llm"), "unknown");
}

TEST(RulesPack, RegulatorRuleFiresOnOffshoreLogging) {
  RuleSet rules = RuleSet::Builtin();
  rules.ApplyPack(kPacks + "regulator.yaml");
  const RuleDef* r = rules.Find("MAS-TRM-1");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->origin, kPacks + "regulator.yaml");
  EXPECT_EQ(S(Evaluate(DomesticStack(), rules), "MAS-TRM-1", "endpoints/sg-logs"), "pass");

  Deployment d = DomesticStack();
  AddAws(d);
  AddEndpoint(d, "cloudwatch", "aws-sg", "SG", "logging", false, {"loans"});
  AddEndpoint(d, "crash-reports", "bank", "US", "telemetry", false, {"loans"});
  AddEndpoint(d, "build-metrics", "amazon", "US", "telemetry", false, {"sg-corpus"});
  AddEndpoint(d, "status-page", "amazon", "US", "telemetry", false);
  auto fs = Evaluate(d, rules);
  const Finding& f = Get(fs, "MAS-TRM-1", "endpoints/cloudwatch");
  EXPECT_EQ(StatusName(f.status), std::string("fail"));
  EXPECT_EQ(f.layer, 1);
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_TRUE(Has(f.message, "operator aws-sg (SG) <- amazon (US) is not domestic")) << f.message;
  EXPECT_EQ(f.location, d.endpoints[1].loc);
  const Finding& c = Get(fs, "MAS-TRM-1", "endpoints/crash-reports");
  EXPECT_EQ(StatusName(c.status), std::string("fail"));
  EXPECT_TRUE(Has(c.message, "location US is not domestic")) << c.message;
  for (const Finding& x : fs) {  // internal data only, or no data at all: not selected
    if (x.rule != "MAS-TRM-1") continue;
    EXPECT_NE(x.subject, "endpoints/status-page");
    EXPECT_NE(x.subject, "endpoints/build-metrics");
  }
  // A missing field is unknown, not a pass.
  d.endpoints[1].location = "";
  d.endpoints[1].operator_id = "bank";
  EXPECT_EQ(S(Evaluate(d, rules), "MAS-TRM-1", "endpoints/cloudwatch"), "unknown");
}

TEST(RulesPack, DisableAndRegrade) {
  RuleSet rules = RuleSet::Builtin();
  rules.ApplyPack(kPacks + "tuning.yaml");
  EXPECT_FALSE(rules.Find("SOV-2.3")->enabled);
  EXPECT_EQ(rules.Find("SOV-3.6")->severity, Severity::kCritical);
  Deployment d = DomesticStack();
  test::UseLlamaBase(d);
  auto fs = Evaluate(d, rules);
  for (const Finding& f : fs) EXPECT_NE(f.rule, "SOV-2.3");
  EXPECT_EQ(Get(fs, "SOV-3.6", "models/bank-llm").severity, Severity::kCritical);
}

// Applies `text` and returns the error's "FILE:LINE:COL: message".
std::string PackError(const std::string& text) {
  RuleSet rules = RuleSet::Builtin();
  try {
    rules.ApplyPackText(text, "pack.yaml");
  } catch (const Error& e) {
    EXPECT_EQ(rules.rules().size(), RuleSet::Builtin().rules().size());  // unchanged
    return e.Describe();
  }
  return "no error";
}

TEST(RulesPack, MalformedPacksAreRejectedWithPositions) {
  const std::string head = "apiVersion: sovaudit/v1\nkind: RulePack\n";
  EXPECT_EQ(PackError(head + "disabel: [SOV-2.3]\n"),
            "pack.yaml:3:1: unknown key 'disabel' in a rule pack (did you mean 'disable'?)");
  EXPECT_EQ(PackError(head + "disable: [SOV-2.33]\n"),
            "pack.yaml:3:11: unknown rule 'SOV-2.33' (did you mean 'SOV-2.3'?)");
  EXPECT_TRUE(Has(PackError(head + "severity: {SOV-3.6: severe}\n"),
                  "pack.yaml:3:21: unknown severity 'severe'"));
  EXPECT_TRUE(Has(PackError("apiVersion: sovaudit/v2\nkind: RulePack\n"), "pack.yaml:1:13:"));
  EXPECT_TRUE(Has(PackError(head + "rules: [{id: x\n"), "pack.yaml:"));
  std::string rule = head +
                     "rules:\n"
                     "  - id: ACME-1\n"
                     "    layer: 2\n"
                     "    title: t\n"
                     "    severity: high\n"
                     "    rationale: r\n"
                     "    remediation: m\n";
  EXPECT_TRUE(Has(PackError(rule + "    check: {for_each: endpoint, require: [{field: id, "
                                   "present: true}]}\n"),
                  "pack.yaml:10:23: unknown subject 'endpoint'"));
  EXPECT_TRUE(Has(PackError(rule + "    check: {for_each: endpoints, require: [{field: purpose, "
                                   "domestic: true}]}\n"),
                  "'domestic' does not apply to field 'purpose'"));
  EXPECT_TRUE(Has(PackError(rule + "    check: {builtin: roots_domestik}\n"),
                  "did you mean 'roots_domestic'?"));
  EXPECT_TRUE(Has(PackError(rule + "    check: {builtin: claim}\n"), "unknown built-in check"));
  std::string taken = rule;
  taken.replace(taken.find("ACME-1"), 6, "SOV-9.9");
  EXPECT_TRUE(Has(PackError(taken + "    check: {builtin: weights_local}\n"), "reserved"));
  RuleSet twice = RuleSet::Builtin();
  twice.ApplyPack(kPacks + "regulator.yaml");
  EXPECT_THROW(twice.ApplyPack(kPacks + "regulator.yaml"), Error);
  try {
    RuleSet::Builtin().ApplyPack(kPacks + "bad-field.yaml");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.location().line, 13);
    EXPECT_TRUE(Has(e.what(), "did you mean 'operator'?")) << e.what();
  }
}

TEST(RulesSort, NumericAwareOrder) {
  std::vector<Finding> fs(4);
  fs[0].rule = "SOV-1.10";
  fs[0].layer = 1;
  fs[1].rule = "SOV-1.2";
  fs[1].layer = 1;
  fs[2].rule = "SOV-1.2";
  fs[2].layer = 1;
  fs[2].subject = "datasets/a";
  fs[3].rule = "SOV-C.1";
  fs[3].layer = 0;
  SortFindings(fs);
  EXPECT_EQ(fs[0].rule, "SOV-C.1");
  EXPECT_EQ(fs[1].subject, "");
  EXPECT_EQ(fs[2].subject, "datasets/a");
  EXPECT_EQ(fs[3].rule, "SOV-1.10");
}

}  // namespace
}  // namespace sov

namespace sov {
namespace {

// GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces as hyphens.
std::string Slug(const std::string& heading) {
  std::string out;
  for (unsigned char c : heading) {
    if (std::isalnum(c) || c == '-' || c == '_') out += static_cast<char>(std::tolower(c));
    if (c == ' ') out += '-';
  }
  return out;
}

TEST(RulesBuiltin, EveryReferenceResolvesInsideTheRepository) {
  const std::string root = SOVAUDIT_SOURCE_DIR;
  const RuleSet rules = RuleSet::Builtin();  // held: a range-for over a temporary dangles
  for (const RuleDef& r : rules.rules()) {
    for (const std::string& ref : r.references) {
      size_t open = ref.find('(');
      if (open != std::string::npos && ref.size() == open + 3 && ref.back() == ')') {
        // A man page, "name(N)": man/name.N.
        std::string page = ref.substr(0, open) + "." + ref.substr(open + 1, 1);
        EXPECT_TRUE(std::filesystem::exists(root + "/man/" + page)) << r.id << ": " << ref;
        continue;
      }
      std::string file = ref.substr(0, ref.find('#'));
      std::ifstream in(root + "/" + file);
      ASSERT_TRUE(in) << r.id << ": " << ref << " is not a file of this repository";
      if (ref.find('#') == std::string::npos) continue;
      std::string anchor = ref.substr(ref.find('#') + 1), line;
      bool found = false;
      while (std::getline(in, line)) {
        if (line.rfind("#", 0) == 0) {
          found |= Slug(line.substr(line.find_first_not_of('#') + 1)) == anchor;
        }
      }
      EXPECT_TRUE(found) << r.id << ": no heading for #" << anchor << " in " << file;
    }
  }
}

}  // namespace
}  // namespace sov
