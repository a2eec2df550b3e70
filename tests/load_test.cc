#include "src/load/loader.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "tests/minimal_manifest.h"

namespace sov {
namespace {
namespace fs = std::filesystem;

const std::string kData = std::string(SOVAUDIT_SOURCE_DIR) + "/tests/data/load/";

// ---------------------------------------------------------------- the complete manifest

class LoadValid : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dep_ = new Deployment(
        LoadDeployment(kData + "valid/deployment.yaml", Catalog::Builtin(), LoadOptions{}));
  }
  static void TearDownTestSuite() { delete dep_; }
  static std::string P(const std::string& rel) { return kData + "valid/" + rel; }
  static Deployment* dep_;
};
Deployment* LoadValid::dep_ = nullptr;

TEST_F(LoadValid, MetadataSovereigntyAndInputs) {
  const Deployment& d = *dep_;
  EXPECT_EQ(d.file, P("deployment.yaml"));
  EXPECT_EQ(d.name, "retail-lending-assistant");
  EXPECT_EQ(d.loc, (Location{P("deployment.yaml"), 5, 9}));
  EXPECT_EQ(d.owner, "example-bank");
  EXPECT_EQ(d.business_unit, "lending");
  EXPECT_EQ(d.description, "Loan officer assistant");
  EXPECT_EQ(d.home, (std::vector<std::string>{"SG", "ASEAN"}));
  EXPECT_EQ(d.home_loc, (Location{P("deployment.yaml"), 10, 9}));
  EXPECT_TRUE(d.claim.present);
  EXPECT_EQ(d.claim.layer, 4);
  EXPECT_EQ(d.claim.by, "vendor-x");
  EXPECT_EQ(d.claim.source, "MSA annex 3");
  EXPECT_EQ(d.input_files,
            (std::vector<std::string>{P("deployment.yaml"), P("provenance/lending-llm.yaml"),
                                      P("provenance/judge-llm.yaml")}));
}

TEST_F(LoadValid, OrganisationsInOrderWithCatalogueDevelopersLast) {
  std::vector<std::string> ids;
  for (const Organization& o : dep_->organizations) ids.push_back(o.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"example-bank", "example-holdings", "vendor-x",
                                           "ai-singapore", "amazon", "catalog:alibaba",
                                           "catalog:meta"}));
  const Organization* bank = dep_->FindOrganization("example-bank");
  ASSERT_NE(bank, nullptr);
  EXPECT_EQ(bank->name, "Example Bank Ltd");
  EXPECT_EQ(bank->jurisdiction, "SG");
  EXPECT_EQ(bank->parent, "example-holdings");
  EXPECT_FALSE(bank->from_catalog);
  EXPECT_EQ(bank->loc, (Location{P("deployment.yaml"), 17, 5}));
  const Organization* meta = dep_->FindOrganization("catalog:meta");
  ASSERT_NE(meta, nullptr);
  EXPECT_EQ(meta->name, "Meta Platforms, Inc.");
  EXPECT_EQ(meta->jurisdiction, "US");
  EXPECT_TRUE(meta->from_catalog);
  EXPECT_EQ(dep_->FindOrganization("ai-singapore")->loc.file, P("provenance/lending-llm.yaml"));
}

TEST_F(LoadValid, InfrastructureAndDatasets) {
  const Infrastructure* gpu = dep_->FindInfrastructure("sg-gpu-1");
  ASSERT_NE(gpu, nullptr);
  EXPECT_EQ(gpu->kind, "compute");
  EXPECT_EQ(gpu->location, "SG");
  EXPECT_EQ(gpu->region, "");
  EXPECT_EQ(gpu->operator_id, "example-bank");
  EXPECT_EQ(gpu->provider_id, "example-bank");  // defaults to the operator
  EXPECT_EQ(dep_->FindInfrastructure("sg-storage-1")->provider_id, "vendor-x");
  const Infrastructure* us = dep_->FindInfrastructure("us-cloud");
  ASSERT_NE(us, nullptr);
  EXPECT_EQ(us->kind, "network");
  EXPECT_EQ(us->region, "aws:us-east-1");
  EXPECT_EQ(us->location, "US");  // resolved by the region catalogue
  const Infrastructure* p5e = dep_->FindInfrastructure("aws-p5e");
  ASSERT_NE(p5e, nullptr);
  EXPECT_EQ(p5e->provider_id, "amazon");

  const Dataset* loans = dep_->FindDataset("loan-applications");
  ASSERT_NE(loans, nullptr);
  EXPECT_EQ(loans->owner, "example-bank");
  EXPECT_EQ(loans->classification, "restricted");
  EXPECT_EQ(loans->origin, "SG");
  EXPECT_EQ(loans->stored_in, (std::vector<std::string>{"sg-storage-1"}));
  EXPECT_EQ(loans->kms, "sg-kms-1");
  const Dataset* faq = dep_->FindDataset("public-faq");
  ASSERT_NE(faq, nullptr);
  EXPECT_TRUE(faq->stored_in.empty());
  EXPECT_EQ(faq->kms, "");
  ASSERT_NE(dep_->FindDataset("sea-corpus"), nullptr);
}

TEST_F(LoadValid, DeployedModelsWithResolvedPaths) {
  ASSERT_EQ(dep_->models.size(), 3u);
  const DeployedModel& m = dep_->models[0];
  EXPECT_EQ(m.id, "lending-llm");
  EXPECT_EQ(m.provenance_file, P("provenance/lending-llm.yaml"));
  EXPECT_EQ(m.serving, (std::vector<std::string>{"sg-gpu-1"}));
  EXPECT_EQ(m.evaluations, (std::vector<std::string>{"eval-main"}));
  EXPECT_EQ(m.weights.availability, "local");
  EXPECT_EQ(m.weights.path, P("weights/lending-llm"));
  EXPECT_EQ(m.weights.signature, P("weights/lending-llm/model.sig"));
  EXPECT_EQ(m.weights.public_key, P("keys/bank.pub"));
  EXPECT_EQ(m.weights.sha256, "");

  const DeployedModel& judge = dep_->models[1];
  EXPECT_EQ(judge.provenance_file, P("provenance/judge-llm.yaml"));  // normalised
  EXPECT_EQ(judge.weights.sha256,
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  EXPECT_EQ(judge.weights.certificate_chain,
            (std::vector<std::string>{P("keys/root-ca.pem"), P("keys/int-ca.pem")}));

  const DeployedModel& backup = dep_->models[2];
  EXPECT_EQ(backup.provenance_file, "");  // inline
  EXPECT_EQ(backup.weights.availability, "api");
  EXPECT_EQ(backup.weights.path, "");
}

TEST_F(LoadValid, LineageNodesAndLicences) {
  const ModelNode* n = dep_->FindNode("lending-llm");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->name, "Lending Assistant");
  EXPECT_EQ(n->version, "2.1.0");
  EXPECT_EQ(n->developer, "example-bank");
  EXPECT_EQ(n->relation, "finetune");
  EXPECT_EQ(n->base, (std::vector<std::string>{"sea-lion-v3-8b"}));
  EXPECT_TRUE(n->licence.present);
  EXPECT_EQ(n->licence.id, "llama3.1");
  EXPECT_TRUE(n->training.present);
  EXPECT_EQ(n->training.datasets, (std::vector<std::string>{"loan-applications"}));
  EXPECT_EQ(n->training.operator_id, "example-bank");
  EXPECT_EQ(n->training.infrastructure, (std::vector<std::string>{"sg-gpu-1"}));
  EXPECT_EQ(n->loc, (Location{P("provenance/lending-llm.yaml"), 4, 3}));

  const ModelNode* judge = dep_->FindNode("judge-llm");
  ASSERT_NE(judge, nullptr);
  EXPECT_EQ(judge->relation, "merge");
  // catalogue ids are stored in their canonical spelling
  EXPECT_EQ(judge->base,
            (std::vector<std::string>{"sea-lion-v3-8b", "catalog:Qwen/Qwen2.5-7B-Instruct"}));
  EXPECT_EQ(judge->licence.id, "apache-2.0");
  EXPECT_FALSE(judge->training.present);

  const ModelNode* backup = dep_->FindNode("local-backup");
  ASSERT_NE(backup, nullptr);
  EXPECT_EQ(backup->relation, "quantized");
  EXPECT_EQ(backup->base, (std::vector<std::string>{"lending-llm"}));
  EXPECT_EQ(backup->licence.id, "");
  EXPECT_EQ(backup->licence.name, "Bank internal licence");
  EXPECT_EQ(backup->licence.url, "https://bank.example/licence");
  EXPECT_EQ(backup->licence.modification, "permitted");
  EXPECT_EQ(backup->licence.commercial, "prohibited");
  EXPECT_EQ(backup->licence.revocable, std::optional<bool>(false));
  EXPECT_EQ(backup->licence.remote_restriction, std::optional<bool>(true));
}

TEST_F(LoadValid, CatalogueExpansion) {
  const ModelNode* sea = dep_->FindNode("sea-lion-v3-8b");
  ASSERT_NE(sea, nullptr);
  EXPECT_EQ(sea->base, (std::vector<std::string>{"catalog:meta-llama/Llama-3.1-8B-Instruct"}));
  const ModelNode* inst = dep_->FindNode("catalog:meta-llama/Llama-3.1-8B-Instruct");
  ASSERT_NE(inst, nullptr);
  EXPECT_TRUE(inst->from_catalog);
  EXPECT_EQ(inst->developer, "catalog:meta");
  EXPECT_EQ(inst->relation, "finetune");
  EXPECT_EQ(inst->licence.id, "llama3.1");
  EXPECT_EQ(inst->base, (std::vector<std::string>{"catalog:meta-llama/Llama-3.1-8B"}));
  EXPECT_EQ(inst->source, "https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct");
  const ModelNode* root = dep_->FindNode("catalog:meta-llama/Llama-3.1-8B");
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->relation, "pretrained");
  EXPECT_TRUE(root->base.empty());
  EXPECT_NE(dep_->FindNode("catalog:Qwen/Qwen2.5-7B"), nullptr);
  EXPECT_EQ(dep_->nodes.size(), 8u);  // 4 user nodes, 4 catalogue nodes
}

TEST_F(LoadValid, EvaluationsEndpointsFlowsContingency) {
  ASSERT_EQ(dep_->evaluations.size(), 1u);
  const Evaluation& e = dep_->evaluations[0];
  EXPECT_EQ(e.id, "eval-main");
  EXPECT_EQ(e.operator_id, "example-bank");
  EXPECT_EQ(e.runs_on, (std::vector<std::string>{"sg-gpu-1"}));
  ASSERT_EQ(e.benchmarks.size(), 1u);
  EXPECT_EQ(e.benchmarks[0].name, "sg-lending-qa");
  EXPECT_EQ(e.benchmarks[0].owner, "example-bank");
  EXPECT_EQ(e.judges, (std::vector<std::string>{"judge-llm"}));
  ASSERT_EQ(e.results.size(), 1u);
  EXPECT_EQ(e.results[0].model_digest,
            "sha256:abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789");
  EXPECT_EQ(e.results[0].date, "2026-10-01");

  ASSERT_EQ(dep_->endpoints.size(), 2u);
  const Endpoint& lic = dep_->endpoints[0];
  EXPECT_EQ(lic.url, "https://licence.vendor.example/activate");
  EXPECT_EQ(lic.operator_id, "vendor-x");
  EXPECT_EQ(lic.location, "US");
  EXPECT_EQ(lic.purpose, "licence");
  EXPECT_EQ(lic.required, std::optional<bool>(true));
  EXPECT_EQ(lic.receives, (std::vector<std::string>{"loan-applications"}));
  const Endpoint& tel = dep_->endpoints[1];
  EXPECT_EQ(tel.region, "aws:us-east-1");
  EXPECT_EQ(tel.location, "US");
  // Left out, `required` and `receives` stay unknown: never read as false or nothing.
  EXPECT_FALSE(tel.required.has_value());
  EXPECT_FALSE(tel.receives_stated);
  EXPECT_TRUE(lic.receives_stated);

  ASSERT_EQ(dep_->flows.size(), 3u);
  EXPECT_EQ(dep_->flows[0].from, "loan-applications");
  EXPECT_EQ(dep_->flows[0].to, "sg-gpu-1");
  EXPECT_EQ(dep_->flows[0].purpose, "fine-tuning");
  EXPECT_EQ(dep_->flows[1].to, "vendor-telemetry");
  EXPECT_EQ(dep_->flows[2].to, "local-backup");

  EXPECT_TRUE(dep_->contingency.present);
  EXPECT_EQ(dep_->contingency.plan, "docs/exit-plan.md");  // as written
  EXPECT_EQ(dep_->contingency.last_exercised, "2026-05-14");
  EXPECT_EQ(dep_->contingency.fallback_models, (std::vector<std::string>{"local-backup"}));
}

TEST(LoadApi, PeekKindAndValidate) {
  EXPECT_EQ(PeekKind(kData + "valid/deployment.yaml"), "Deployment");
  EXPECT_EQ(PeekKind(kData + "valid/provenance/judge-llm.yaml"), "ModelProvenance");
  EXPECT_EQ(PeekKind(kData + "no-such-file.yaml"), "");
  const Catalog& c = Catalog::Builtin();
  EXPECT_NO_THROW(ValidateFile(kData + "valid/deployment.yaml", c, LoadOptions{}));
  // On its own a provenance file is checked without the deployment's definitions.
  EXPECT_NO_THROW(ValidateFile(kData + "valid/provenance/lending-llm.yaml", c, LoadOptions{}));
}

// ---------------------------------------------------------------- errors

// A minimal valid manifest; the tests below change one thing and assert the exact error.
// Line numbers for reference:
//  1 apiVersion   7 home          13 kind: compute      19 classification  25 developer
//  3 metadata     8 organizations 14 location: SG       20 stored_in       26 relation
//  4 name         9 - id: acme    15 operator: acme     21 models
//  5 owner       10 jurisdiction  16 datasets           22 - id: m
//  6 sovereignty 11 infrastructure 17 - id: data        23 serving
//                12 - id: gpu     18 owner              24 provenance:
using test::kBase;

class LoadErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) / ("sovaudit_load_" + std::string(info->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "sub");
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  std::string Manifest() const { return (dir_ / "deployment.yaml").string(); }

  // Loads `yaml` as dir_/deployment.yaml; returns Error::Describe(), or "loaded".
  std::string Load(const std::string& yaml, LoadOptions options = {}) {
    Write("deployment.yaml", yaml);
    try {
      LoadDeployment(Manifest(), Catalog::Builtin(), options);
      return "loaded";
    } catch (const Error& e) {
      EXPECT_EQ(e.exit_code(), kExitInput);
      return e.Describe();
    }
  }
  // `yaml` with the first occurrence of `from` replaced by `to`.
  static std::string Edit(std::string yaml, const std::string& from, const std::string& to) {
    size_t at = yaml.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) yaml.replace(at, from.size(), to);
    return yaml;
  }
  std::string At(const std::string& pos_and_message) const {
    return Manifest() + ":" + pos_and_message;
  }

  fs::path dir_;
};

TEST_F(LoadErrors, BaseManifestLoads) { EXPECT_EQ(Load(kBase), "loaded"); }

TEST_F(LoadErrors, UnknownKeyWithHint) {
  EXPECT_EQ(Load(std::string(kBase) + "    weights:\n      availabilty: local\n"),
            At("28:7: unknown key 'availabilty' (did you mean 'availability'?)"));
  EXPECT_EQ(Load(std::string(kBase) + "endpionts: []\n"),
            At("27:1: unknown key 'endpionts' (did you mean 'endpoints'?)"));
}

TEST_F(LoadErrors, WrongType) {
  EXPECT_EQ(Load(Edit(kBase, "home: [SG]", "home: SG")),
            At("7:9: 'home' must be a list, not a string"));
  EXPECT_EQ(Load(Edit(kBase, "  name: minimal", "  name: [a, b]")),
            At("4:9: 'name' must be a string, not a list"));
  EXPECT_EQ(Load(std::string(kBase) + "endpoints:\n  - id: e\n    url: https://x.example\n"
                                      "    operator: acme\n    location: SG\n"
                                      "    purpose: logging\n    required: yes\n"),
            At("33:15: 'required' must be true or false, not 'yes'"));
  EXPECT_EQ(Load(std::string(kBase) + "flows: {from: data}\n"),
            At("27:8: 'flows' must be a list, not a mapping"));
}

TEST_F(LoadErrors, ClaimLayerIsAnIntegerFromZeroToFive) {
  EXPECT_EQ(Load(Edit(kBase, "  home: [SG]\n", "  home: [SG]\n  claim: {layer: 6, by: acme}\n")),
            At("8:18: 'layer' must be an integer from 0 to 5, not '6'"));
}

TEST_F(LoadErrors, BadEnum) {
  EXPECT_EQ(Load(Edit(kBase, "kind: compute", "kind: computer")),
            At("13:11: 'kind' must be one of compute, storage, kms, network, edge, not "
               "'computer' (did you mean 'compute'?)"));
  EXPECT_EQ(Load(Edit(kBase, "classification: internal", "classification: secret")),
            At("19:21: 'classification' must be one of public, internal, confidential, "
               "restricted, not 'secret'"));
  EXPECT_EQ(Load(Edit(kBase, "relation: pretrained", "relation: fine-tune")),
            At("26:17: 'relation' must be one of pretrained, continued-pretraining, finetune, "
               "adapter, distillation, merge, quantized, not 'fine-tune' (did you mean "
               "'finetune'?)"));
}

TEST_F(LoadErrors, BadIsoCode) {
  EXPECT_EQ(Load(Edit(kBase, "location: SG", "location: XX")),
            At("14:15: unknown country code 'XX' in 'location' (ISO 3166-1 alpha-2 expected)"));
  EXPECT_EQ(Load(Edit(kBase, "jurisdiction: SG", "jurisdiction: sg")),
            At("10:19: unknown country code 'sg' in 'jurisdiction' (ISO 3166-1 alpha-2 "
               "expected) (did you mean 'SG'?)"));
  std::string home = Load(Edit(kBase, "home: [SG]", "home: [SG, EUR]"));
  EXPECT_EQ(home.rfind(At("7:14: unknown country code or group 'EUR' in 'home'"), 0), 0u)
      << home;
}

TEST_F(LoadErrors, RegionsResolveThroughTheCatalogue) {
  EXPECT_EQ(Load(Edit(kBase, "location: SG", "region: aws:us-east-9")),
            At("14:13: unknown region 'aws:us-east-9' (did you mean 'aws:us-east-1'?)"));
  EXPECT_EQ(Load(Edit(kBase, "location: SG", "location: SG\n    region: aws:us-east-1")),
            At("15:5: give either 'location' or 'region', not both"));
}

TEST_F(LoadErrors, DanglingId) {
  EXPECT_EQ(Load(Edit(kBase, "serving: [gpu]", "serving: [gpu2]")),
            At("23:15: unknown infrastructure 'gpu2' (did you mean 'gpu'?)"));
  EXPECT_EQ(Load(Edit(kBase, "  owner: acme", "  owner: acne")),
            At("5:10: unknown organisation 'acne' (did you mean 'acme'?)"));
  EXPECT_EQ(Load(std::string(kBase) + "flows:\n  - {from: data, to: gpx}\n"),
            At("28:22: unknown flow target 'gpx': not an infrastructure, endpoint or deployed "
               "model id (did you mean 'gpu'?)"));
}

TEST_F(LoadErrors, InvalidId) {
  EXPECT_EQ(Load(Edit(kBase, "- id: gpu", "- id: GPU")),
            At("12:9: invalid id 'GPU': ids match [a-z0-9][a-z0-9._/-]* (lower case)"));
}

TEST_F(LoadErrors, DuplicateId) {
  EXPECT_EQ(Load(Edit(kBase, "infrastructure:\n",
                      "  - id: acme\n    jurisdiction: SG\ninfrastructure:\n")),
            At("11:5: duplicate organisation id 'acme' (first defined at " + Manifest() +
               ":9:5)"));
}

TEST_F(LoadErrors, SameDefinitionInTwoFilesMustBeEqual) {
  std::string prov = R"(apiVersion: sovaudit/v1
kind: ModelProvenance
model: {id: m, developer: acme, relation: pretrained}
organizations:
  - id: acme
    jurisdiction: SG
)";
  std::string yaml = Edit(kBase, "    provenance:\n      developer: acme\n      relation: "
                                 "pretrained\n", "    provenance: sub/m.yaml\n");
  Write("sub/m.yaml", prov);
  EXPECT_EQ(Load(yaml), "loaded");
  std::string prov_path = (dir_ / "sub/m.yaml").string();
  Write("sub/m.yaml", Edit(prov, "jurisdiction: SG", "jurisdiction: MY"));
  EXPECT_EQ(Load(yaml), prov_path + ":5:5: organisation 'acme' is defined differently here and "
                                    "at " + Manifest() + ":9:5");
}

TEST_F(LoadErrors, ProvenanceFileModelIdMustMatch) {
  Write("sub/m.yaml", "apiVersion: sovaudit/v1\nkind: ModelProvenance\n"
                      "model: {id: other, developer: acme, relation: pretrained}\n");
  std::string prov_path = (dir_ / "sub/m.yaml").string();
  EXPECT_EQ(Load(Edit(kBase, "    provenance:\n      developer: acme\n      relation: "
                             "pretrained\n", "    provenance: sub/m.yaml\n")),
            prov_path + ":3:13: provenance model id 'other' does not match the deployed model "
                        "id 'm'");
}

TEST_F(LoadErrors, ThirdPartyProvenanceIsImportedAndUnknownFormatsRejected) {
  // A file that is not .yaml/.yml goes through the importer (src/import): a card without front
  // matter loads, stating nothing; a binary file of no known format is an error naming it.
  Write("sub/README.md", "# card\n");
  EXPECT_EQ(Load(Edit(kBase, "    provenance:\n      developer: acme\n      relation: "
                             "pretrained\n", "    provenance: sub/README.md\n")),
            "loaded");
  Write("sub/blob.bin", std::string("\x01\x02\x03\x00\xff garbage", 13));
  std::string err = Load(Edit(kBase, "    provenance:\n      developer: acme\n      relation: "
                                     "pretrained\n", "    provenance: sub/blob.bin\n"));
  EXPECT_NE(err, "loaded");
  EXPECT_NE(err.find("blob.bin"), std::string::npos) << err;
}

TEST_F(LoadErrors, PathEscapeWithDotDot) {
  std::string yaml = Edit(kBase, "    provenance:\n      developer: acme\n      relation: "
                                 "pretrained\n", "    provenance: sub/../../outside.yaml\n");
  EXPECT_EQ(Load(yaml), At("24:17: path 'sub/../../outside.yaml' leaves the manifest's folder "
                           "tree (--allow-outside permits it)"));
  // With --allow-outside the path is followed (and here, missing).
  std::string allowed = Load(yaml, LoadOptions{.allow_outside = true});
  EXPECT_NE(allowed.find("cannot read provenance file"), std::string::npos) << allowed;
}

TEST_F(LoadErrors, PathEscapeWithAbsolutePath) {
  std::string yaml = std::string(kBase) + "    weights: {availability: local, path: /etc/x}\n";
  EXPECT_EQ(Load(yaml), At("27:42: absolute path '/etc/x' is not allowed: paths are relative "
                           "to the file that names them (--allow-outside permits it)"));
  EXPECT_EQ(Load(yaml, LoadOptions{.allow_outside = true}), "loaded");
}

TEST_F(LoadErrors, PathEscapeThroughSymlink) {
  fs::create_directory_symlink(fs::temp_directory_path(), dir_ / "link");
  EXPECT_EQ(Load(std::string(kBase) + "    weights: {availability: local, path: link/w.bin}\n"),
            At("27:42: path 'link/w.bin' leaves the manifest's folder tree (--allow-outside "
               "permits it)"));
}

TEST_F(LoadErrors, LineageCycle) {
  EXPECT_EQ(Load(Edit(kBase, "      developer: acme\n      relation: pretrained\n",
                      "      model: {developer: acme, relation: finetune, base: a}\n"
                      "      lineage:\n"
                      "        - {id: a, developer: acme, relation: finetune, base: b}\n"
                      "        - {id: b, developer: acme, relation: finetune, base: a}\n")),
            At("27:62: lineage cycle: a -> b -> a"));
}

TEST_F(LoadErrors, LineageRelationAndBase) {
  EXPECT_EQ(Load(Edit(kBase, "relation: pretrained", "relation: pretrained\n      base: x")),
            At("27:7: a 'pretrained' model has no base: remove 'base' or change 'relation'"));
  EXPECT_EQ(Load(Edit(kBase, "relation: pretrained", "relation: finetune")),
            At("26:17: relation 'finetune' needs a 'base' (the model it was made from)"));
  EXPECT_EQ(Load(Edit(kBase, "relation: pretrained",
                      "relation: finetune\n      base: [catalog:a, catalog:b]")),
            At("27:13: relation 'finetune' takes exactly one base; only 'merge' lists several"));
  EXPECT_EQ(Load(Edit(kBase, "relation: pretrained", "relation: finetune\n      base: y")),
            At("27:13: unknown base model 'y': not a lineage id or catalog:<id> (did you mean "
               "'m'?)"));
}

TEST_F(LoadErrors, ParentCycle) {
  EXPECT_EQ(Load(Edit(kBase, "    jurisdiction: SG\n",
                      "    jurisdiction: SG\n    parent: hold\n  - id: hold\n"
                      "    jurisdiction: SG\n    parent: acme\n")),
            At("11:13: parent cycle: acme -> hold -> acme"));
}

TEST_F(LoadErrors, UnknownCatalogueModel) {
  EXPECT_EQ(Load(Edit(kBase, "relation: pretrained",
                      "relation: finetune\n      base: catalog:meta-llama/Llama-3.1-8B-Instruc")),
            At("27:13: unknown catalogue model 'meta-llama/Llama-3.1-8B-Instruc' (did you mean "
               "'meta-llama/Llama-3.1-8B-Instruct'?)"));
}

TEST_F(LoadErrors, UnknownLicence) {
  EXPECT_EQ(Load(Edit(kBase, "relation: pretrained",
                      "relation: pretrained\n      license: {id: apache-2.1}")),
            At("27:21: unknown licence 'apache-2.1' (did you mean 'apache-2.0'?)"));
}

TEST_F(LoadErrors, BadDate) {
  EXPECT_EQ(Load(std::string(kBase) + "contingency:\n  last_exercised: 2026-02-30\n"),
            At("28:19: 'last_exercised' must be a date YYYY-MM-DD, not '2026-02-30'"));
}

TEST_F(LoadErrors, BadSha256) {
  EXPECT_EQ(Load(std::string(kBase) + "    weights: {availability: local, sha256: abc}\n"),
            At("27:44: 'sha256' must be 64 hexadecimal digits, not 'abc'"));
}

TEST_F(LoadErrors, MissingRequiredField) {
  EXPECT_EQ(Load(Edit(kBase, "    jurisdiction: SG\n", "    name: Acme\n")),
            At("9:5: missing required key 'jurisdiction'"));
  EXPECT_EQ(Load(Edit(kBase, "    stored_in: [gpu]\n", "")),
            At("17:5: missing required key 'stored_in'"));
  EXPECT_EQ(Load(Edit(Edit(kBase, "    stored_in: [gpu]\n", ""), "classification: internal",
                      "classification: public")),
            "loaded");
  EXPECT_EQ(Load(Edit(kBase, "apiVersion: sovaudit/v1\n", "")),
            At("1:1: missing required key 'apiVersion'"));
}

TEST_F(LoadErrors, HeaderChecked) {
  EXPECT_EQ(Load(Edit(kBase, "sovaudit/v1", "sovaudit/v2")),
            At("1:13: unsupported apiVersion 'sovaudit/v2' (expected 'sovaudit/v1')"));
  EXPECT_EQ(Load(Edit(kBase, "kind: Deployment", "kind: ModelProvenance")),
            At("2:7: expected kind 'Deployment', not 'ModelProvenance'"));
}

TEST_F(LoadErrors, DeepNesting) {
  std::string deep = "deep: " + std::string(70, '[') + std::string(70, ']') + "\n";
  EXPECT_EQ(Load(deep), At("1:70: YAML nesting deeper than 64 levels"));
  std::string deeper = "deep: " + std::string(5000, '[') + std::string(5000, ']') + "\n";
  std::string got = Load(deeper);
  EXPECT_NE(got.find("YAML nesting deeper than 64 levels"), std::string::npos) << got;
}

TEST_F(LoadErrors, AliasBombAndLongStrings) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    bomb += std::string(1, c) + ": &" + c + " [*" + prev + ", *" + prev + ", *" + prev + ", *" +
            prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev +
            ", *" + prev + "]\n";
  }
  std::string got = Load(bomb);
  EXPECT_NE(got.find("more than 1000000 YAML nodes visited"), std::string::npos) << got;
  EXPECT_EQ(Load(Edit(kBase, "name: minimal", "name: " + std::string(5000, 'n'))),
            At("4:9: string of 5000 bytes is longer than the limit of 4096"));
}

TEST_F(LoadErrors, YamlSyntaxError) {
  EXPECT_EQ(Load("metadata:\n  name: [unclosed\nkind: x\n"),
            At("3:5: YAML syntax error: end of sequence flow not found"));
}

TEST_F(LoadErrors, NonMappingTopLevel) {
  EXPECT_EQ(Load("- a\n- b\n"), At("1:1: expected a YAML mapping at the top level, not a list"));
}

TEST_F(LoadErrors, EmptyFile) {
  EXPECT_EQ(Load(""), At("1:1: empty file: expected a YAML mapping"));
  EXPECT_EQ(Load("# only a comment\n"), At("1:1: empty file: expected a YAML mapping"));
}

TEST_F(LoadErrors, ValidateStandaloneProvenance) {
  std::string path = Write("sub/p.yaml", "apiVersion: sovaudit/v1\nkind: ModelProvenance\n"
                                         "model: {id: p, developer: x, relation: finetune, "
                                         "base: q}\n");
  try {
    ValidateFile(path, Catalog::Builtin(), LoadOptions{});
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.Describe(), path + ":3:56: unknown base model 'q': not a lineage id or "
                                   "catalog:<id> (did you mean 'p'?)");
  }
}

// 10,000 deployed models, each with a weights path and a catalogue base, load completely.
// Speed is measured in bench/, not asserted here.
TEST_F(LoadErrors, TenThousandModelsLoad) {
  std::string yaml = std::string(kBase);
  yaml = yaml.substr(0, yaml.find("  - id: m\n"));
  for (int i = 0; i < 10000; ++i) {
    std::string id = "m" + std::to_string(i);
    yaml += "  - id: " + id + "\n    serving: [gpu]\n    weights: {availability: local, path: w/" +
            id + "}\n    provenance: {developer: acme, relation: finetune, base: "
                 "catalog:meta-llama/Llama-3.1-8B-Instruct}\n";
  }
  EXPECT_EQ(Load(yaml), "loaded");
}

}  // namespace
}  // namespace sov
