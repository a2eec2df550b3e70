#include "src/facts/facts.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "src/util/error.h"
#include "tests/test_stack.h"

namespace sov {
namespace {

using namespace test;  // NOLINT(build/namespaces): the stack builder

std::string Sha256sum(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen(("sha256sum '" + path + "'").c_str(), "r"),
                                          &pclose);
  char buf[128] = {0};
  if (!p || !fgets(buf, sizeof buf, p.get())) return "";
  return std::string(buf).substr(0, 64);
}

bool HasFlow(const Facts& f, const std::string& ds, const std::string& to,
             const std::string& model) {
  const auto& flows = f.Flows();
  return std::any_of(flows.begin(), flows.end(), [&](const DataFlow& x) {
    return x.dataset == ds && x.to == to && x.model == model;
  });
}

TEST(Facts, HomeGroupsExpandToMembers) {
  Deployment d = DomesticStack();
  d.home = {"ASEAN"};
  AddOrg(d, "my-telco", "MY");
  AddOrg(d, "us-cloud", "US");
  Facts f(d, TestCatalog(), Ctx(), Verified(d));
  EXPECT_TRUE(f.home().count("SG"));
  EXPECT_TRUE(f.home().count("MY"));
  EXPECT_FALSE(f.home().count("ASEAN"));
  EXPECT_EQ(f.OrgDomestic("my-telco"), Tri::kYes);
  EXPECT_EQ(f.OrgDomestic("us-cloud"), Tri::kNo);
  EXPECT_EQ(f.CountryDomestic(""), Tri::kUnknown);
}

TEST(Facts, UnknownHomeIsAnErrorWithAHint) {
  Deployment d = DomesticStack();
  d.home = {"ASEAM"};
  try {
    Facts f(d, TestCatalog(), Ctx(), Verified(d));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.location(), d.home_loc);
    EXPECT_NE(std::string(e.what()).find("did you mean 'ASEAN'"), std::string::npos) << e.what();
  }
}

TEST(Facts, ForeignParentMakesSubsidiaryForeign) {
  Deployment d = DomesticStack();
  AddOrg(d, "amazon", "US");
  AddOrg(d, "aws-sg", "SG", "amazon");
  AddOrg(d, "local-arm", "SG", "aws-sg");
  AddOrg(d, "orphan", "SG", "missing-parent");
  Facts f(d, TestCatalog(), Ctx(), Verified(d));
  EXPECT_EQ(f.OrgDomestic("bank"), Tri::kYes);  // bank <- bank-holdings, both SG
  EXPECT_EQ(f.OrgDomestic("aws-sg"), Tri::kNo);
  EXPECT_EQ(f.OrgDomestic("local-arm"), Tri::kNo);  // grandparent foreign
  EXPECT_EQ(f.OrgDomestic("orphan"), Tri::kUnknown);
  EXPECT_EQ(f.OrgDomestic("nobody"), Tri::kUnknown);
  EXPECT_EQ(f.OrgChain("local-arm"), "local-arm (SG) <- aws-sg (SG) <- amazon (US)");
}

TEST(Facts, InfraDomesticNeedsLocationOperatorAndProvider) {
  Deployment d = DomesticStack();
  AddOrg(d, "amazon", "US");
  AddOrg(d, "aws-sg", "SG", "amazon");
  AddInfra(d, "aws-gpu", "SG", "bank", "aws-sg");
  AddInfra(d, "nowhere", "", "bank");
  Facts f(d, TestCatalog(), Ctx(), Verified(d));
  std::string why;
  EXPECT_EQ(f.InfraDomestic("sg-gpu", &why), Tri::kYes);
  EXPECT_EQ(f.InfraDomestic("aws-gpu", &why), Tri::kNo);
  EXPECT_EQ(why, "'aws-gpu' is provided by aws-sg (SG) <- amazon (US)");
  EXPECT_EQ(f.InfraDomestic("nowhere", &why), Tri::kUnknown);
  EXPECT_EQ(f.InfraLocationDomestic("nowhere"), Tri::kUnknown);
}

TEST(Facts, LineageIsBreadthFirstFromTheDeployedModel) {
  Deployment d = DomesticStack();
  test::UseLlamaBase(d);
  // A merge of the bank's fine-tune and the domestic base, then a quantization of the merge.
  AddNode(d, "merged", "bank", "merge", {"bank-llm", "sg-base"}, "apache-2.0", {}, "", {});
  AddNode(d, "merged-q4", "bank", "quantized", {"merged"}, "apache-2.0", {}, "", {});
  AddModel(d, "merged-q4", {"sg-gpu"});
  Facts f(d, TestCatalog(), Ctx(), Verified(d));
  EXPECT_EQ(f.Lineage("bank-llm"),
            (std::vector<std::string>{"bank-llm", test::kLlama, test::kLlamaBase}));
  EXPECT_EQ(f.Roots("bank-llm"), (std::vector<std::string>{test::kLlamaBase}));
  EXPECT_EQ(f.Lineage("merged-q4"),
            (std::vector<std::string>{"merged-q4", "merged", "bank-llm", "sg-base", test::kLlama,
                                      test::kLlamaBase}));
  EXPECT_EQ(f.Roots("merged-q4"), (std::vector<std::string>{"sg-base", test::kLlamaBase}));
  EXPECT_TRUE(f.Lineage("no-such-model").empty());
}

TEST(Facts, NearestTrainingStepWalksPastQuantizedSteps) {
  Deployment d = DomesticStack();
  AddNode(d, "bank-llm-q8", "bank", "quantized", {"bank-llm"}, "apache-2.0", {}, "", {});
  AddNode(d, "bank-llm-q4", "bank", "quantized", {"bank-llm-q8"}, "apache-2.0", {}, "", {});
  AddModel(d, "bank-llm-q4", {"sg-gpu"});
  AddNode(d, "lost-q4", "bank", "quantized", {}, "apache-2.0", {}, "", {});
  AddModel(d, "lost-q4", {"sg-gpu"});
  Facts f(d, TestCatalog(), Ctx(), Verified(d));
  EXPECT_EQ(f.NearestTrainingStep("bank-llm-q4"), "bank-llm");
  EXPECT_EQ(f.NearestTrainingStep("bank-llm"), "bank-llm");
  EXPECT_EQ(f.NearestTrainingStep("lost-q4"), "");
}

TEST(Facts, LineageCycleIsAnError) {
  Deployment d = DomesticStack();
  d.nodes["sg-base"].base = {"bank-llm"};
  d.nodes["sg-base"].relation = "finetune";
  EXPECT_THROW(Facts(d, TestCatalog(), Ctx(), Verified(d)), Error);
}

TEST(Facts, InlineLicenceTermsWinOverTheCatalogue) {
  Deployment d = DomesticStack();
  Facts f(d, TestCatalog(), Ctx(), Verified(d));
  ModelNode n;
  n.licence.present = true;
  n.licence.id = "llama3.1";
  bool known = false;
  LicenceTerms t = f.LicenceOf(n, &known);
  EXPECT_TRUE(known);
  EXPECT_EQ(t.modification, "permitted");
  EXPECT_EQ(t.commercial, "threshold");

  n.licence.modification = "consent";  // e.g. an amendment negotiated with the vendor
  n.licence.revocable = true;
  t = f.LicenceOf(n, &known);
  EXPECT_EQ(t.modification, "consent");
  EXPECT_EQ(t.revocable, std::optional<bool>(true));
  EXPECT_EQ(t.commercial, "threshold");  // not overridden: still the catalogue's
  EXPECT_EQ(t.remote_restriction, std::optional<bool>(false));

  ModelNode unknown;
  unknown.licence.present = true;
  unknown.licence.id = "home-made-licence";
  f.LicenceOf(unknown, &known);
  EXPECT_FALSE(known);
  ModelNode inline_only;
  inline_only.licence.present = true;
  inline_only.licence.name = "Bespoke";
  inline_only.licence.modification = "permitted";
  EXPECT_EQ(f.LicenceOf(inline_only, &known).modification, "permitted");
  EXPECT_TRUE(known);
}

TEST(Facts, Sha256PinsAreVerifiedAgainstTheFile) {
  Deployment d = DomesticStack();
  std::string path = test::WriteWeights("facts-weights.bin", "the real weights");
  std::string truth = Sha256sum(path);
  ASSERT_EQ(truth.size(), 64u);
  for (DeployedModel& m : d.models) {
    m.weights.path = path;
    m.weights.sha256 = truth;
  }
  {
    Facts f(d, TestCatalog(), Ctx(), Verified(d));
    EXPECT_EQ(f.Weights("bank-llm").kind, WeightsCheck::Kind::kVerified);
    EXPECT_EQ(f.Weights("bank-llm").digest, "sha256:" + truth);
    EXPECT_FALSE(f.IntegrityFailure());
  }
  test::WriteWeights("facts-weights.bin", "tampered weights");
  {
    Facts f(d, TestCatalog(), Ctx(), Verified(d));
    EXPECT_EQ(f.Weights("bank-llm").kind, WeightsCheck::Kind::kMismatch);
    EXPECT_EQ(f.Weights("bank-llm").digest, "sha256:" + Sha256sum(path));
    EXPECT_TRUE(f.IntegrityFailure());
    // --no-verify: nothing is hashed, nothing mismatches.
    Facts g(d, TestCatalog(), Ctx(), Verified(d, false));
    EXPECT_EQ(g.Weights("bank-llm").kind, WeightsCheck::Kind::kNotChecked);
    EXPECT_FALSE(g.IntegrityFailure());
  }
  d.models[0].weights.path = path + ".missing";
  d.models[1].weights.sha256.clear();
  d.models[1].weights.signature = "model.sig";
  AddModel(d, "unpinned", {"sg-gpu"});
  AddNode(d, "unpinned", "bank", "finetune", {"sg-base"}, "apache-2.0", {}, "", {});
  Facts f(d, TestCatalog(), Ctx(), Verified(d));
  EXPECT_EQ(f.Weights("bank-llm").kind, WeightsCheck::Kind::kUnreadable);
  EXPECT_EQ(f.Weights("judge-llm").kind, WeightsCheck::Kind::kUnsupported);
  EXPECT_EQ(f.Weights("unpinned").kind, WeightsCheck::Kind::kUnpinned);
}

TEST(Facts, ImpliedFlowsFollowTrainingDataServingAndEndpoints) {
  Deployment d = DomesticStack();
  AddInfra(d, "train-box", "SG", "bank");
  d.nodes["sg-base"].training.infrastructure = {"train-box"};
  AddInfra(d, "edge-1", "SG", "bank", "", "edge");
  d.models[0].serving.push_back("edge-1");
  test::AddDataset(d, "kyc", "bank", "restricted", {"sg-store"}, "sg-kms");
  d.flows.push_back({"kyc", "judge-llm", "retrieval", test::NextLoc()});
  Facts f(d, TestCatalog(), Ctx(), Verified(d));
  // The base's training data reaches where each descendant is served...
  EXPECT_TRUE(HasFlow(f, "sg-corpus", "sg-gpu", "bank-llm"));
  EXPECT_TRUE(HasFlow(f, "sg-corpus", "edge-1", "bank-llm"));
  // ...and the base's own training infrastructure.
  EXPECT_TRUE(HasFlow(f, "sg-corpus", "train-box", ""));
  EXPECT_TRUE(HasFlow(f, "loans", "sg-logs", ""));        // endpoint receives
  EXPECT_TRUE(HasFlow(f, "kyc", "sg-gpu", "judge-llm"));  // explicit flow into a model
  EXPECT_FALSE(HasFlow(f, "kyc", "sg-gpu", "bank-llm"));
  EXPECT_FALSE(HasFlow(f, "sg-corpus", "edge-1", "judge-llm"));
}

TEST(Facts, InfraUsageCountsOnlyTheNearestTrainingStep) {
  Deployment d = DomesticStack();
  AddInfra(d, "base-cluster", "SG", "aisg");
  AddInfra(d, "tune-box", "SG", "bank");
  d.nodes["sg-base"].training.infrastructure = {"base-cluster"};
  d.nodes["bank-llm"].training.infrastructure = {"tune-box"};
  Facts f(d, TestCatalog(), Ctx(), Verified(d));
  EXPECT_EQ(f.ModelsUsingInfra("tune-box"), (std::set<std::string>{"bank-llm"}));
  EXPECT_TRUE(f.ModelsUsingInfra("base-cluster").empty());
  EXPECT_EQ(f.ModelsUsingInfra("sg-gpu"), (std::set<std::string>{"bank-llm", "judge-llm"}));
  EXPECT_TRUE(f.StoresNonPublicData("sg-store"));
  EXPECT_FALSE(f.StoresNonPublicData("sg-gpu"));
}

}  // namespace
}  // namespace sov
