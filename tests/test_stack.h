#pragma once
// A small builder of Deployment objects for unit tests of facts, rules and scoring, and a
// reference stack that reaches layer 5 so each test can break exactly one thing.

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "src/catalog/catalog.h"
#include "src/facts/facts.h"
#include "src/model/stack.h"
#include "src/util/date.h"
#include "src/util/fs.h"
#include "src/verify/weights.h"

namespace sov::test {

inline constexpr const char* kAsOf = "2026-11-21";
inline constexpr const char* kLlama = "catalog:meta-llama/Llama-3.1-8B-Instruct";
inline constexpr const char* kLlamaBase = "catalog:meta-llama/Llama-3.1-8B";

// Every entity gets its own line so tests can check which entry a finding points at.
inline Location NextLoc() {
  static int line = 0;
  return Location{"deployment.yaml", ++line, 3};
}

inline AuditContext Ctx() {
  AuditContext ctx;
  ctx.as_of = *ParseDate(kAsOf);
  return ctx;
}

// The verify stage over the deployment (src/verify), as the audit runs it before Facts; with
// verify false, every model is not checked (--no-verify).
inline WeightsChecks Verified(const Deployment& d, bool verify = true) {
  WeightsOptions options;
  options.verify = verify;
  return VerifyWeights(d, options);
}

// The built-in catalogue plus licences whose terms the real catalogue may not have.
inline const Catalog& TestCatalog() {
  static const Catalog catalog = [] {
    Catalog c = Catalog::Builtin();
    c.AddLicences(R"(licences:
  - {id: consent-only, name: Consent Only, modification: consent, commercial: permitted,
     revocable: false, remote_restriction: false, source: https://example.test/consent}
  - {id: kill-switch, name: Kill Switch, modification: permitted, commercial: permitted,
     revocable: true, remote_restriction: true, source: https://example.test/kill}
  - {id: vague, name: Vague Terms, modification: permitted, commercial: permitted,
     source: https://example.test/vague}
)",
                  "test-licences.yaml");
    return c;
  }();
  return catalog;
}

inline Organization& AddOrg(Deployment& d, const std::string& id, const std::string& jur,
                            const std::string& parent = "") {
  d.organizations.push_back({id, "", jur, parent, false, NextLoc()});
  return d.organizations.back();
}

inline Infrastructure& AddInfra(Deployment& d, const std::string& id, const std::string& loc,
                                const std::string& op, const std::string& provider = "",
                                const std::string& kind = "compute") {
  d.infrastructure.push_back({id, kind, loc, "", op, provider.empty() ? op : provider, 0, NextLoc()});
  return d.infrastructure.back();
}

inline Dataset& AddDataset(Deployment& d, const std::string& id, const std::string& owner,
                           const std::string& classification,
                           const std::vector<std::string>& stored_in, const std::string& kms = "") {
  d.datasets.push_back({id, owner, classification, "", stored_in, kms, {}, NextLoc()});
  return d.datasets.back();
}

inline ModelNode& AddNode(Deployment& d, const std::string& id, const std::string& developer,
                          const std::string& relation, const std::vector<std::string>& base,
                          const std::string& licence, const std::vector<std::string>& datasets,
                          const std::string& trainer, const std::vector<std::string>& infra) {
  ModelNode& n = d.nodes[id];
  n.id = id;
  n.developer = developer;
  n.relation = relation;
  n.base = base;
  n.licence.present = !licence.empty();
  n.licence.id = licence;
  n.licence.loc = NextLoc();
  n.training.present = !datasets.empty() || !trainer.empty() || !infra.empty();
  n.training.datasets = datasets;
  n.training.operator_id = trainer;
  n.training.infrastructure = infra;
  n.training.loc = NextLoc();
  n.loc = NextLoc();
  return n;
}

// A catalogue node as the loader expands it, with its developer organisation.
inline ModelNode& AddCatalogNode(Deployment& d, const std::string& id, const std::string& dev,
                                 const std::string& jur, const std::string& relation,
                                 const std::vector<std::string>& base, const std::string& licence) {
  if (d.FindOrganization(dev) == nullptr) AddOrg(d, dev, jur).from_catalog = true;
  ModelNode& n = AddNode(d, id, dev, relation, base, licence, {}, "", {});
  n.from_catalog = true;
  return n;
}

inline DeployedModel& AddModel(Deployment& d, const std::string& id,
                               const std::vector<std::string>& serving,
                               const std::vector<std::string>& evaluations = {}) {
  DeployedModel m;
  m.id = id;
  m.serving = serving;
  m.weights.availability = "local";
  m.weights.loc = NextLoc();
  m.evaluations = evaluations;
  m.loc = NextLoc();
  d.models.push_back(m);
  return d.models.back();
}

inline Evaluation& AddEvaluation(Deployment& d, const std::string& id, const std::string& op,
                                 const std::vector<std::string>& runs_on,
                                 const std::vector<Benchmark>& benchmarks,
                                 const std::vector<std::string>& judges,
                                 const std::vector<EvalResult>& results) {
  d.evaluations.push_back({id, op, runs_on, benchmarks, judges, results, NextLoc()});
  return d.evaluations.back();
}

inline Endpoint& AddEndpoint(Deployment& d, const std::string& id, const std::string& op,
                             const std::string& location, const std::string& purpose, bool required,
                             const std::vector<std::string>& receives = {}) {
  Endpoint e;
  e.id = id;
  e.url = "https://" + id + ".example.test/";
  e.operator_id = op;
  e.location = location;
  e.purpose = purpose;
  e.required = required;
  e.receives = receives;
  e.receives_stated = true;  // hand-built stacks state what each endpoint receives
  e.loc = NextLoc();
  d.endpoints.push_back(std::move(e));
  return d.endpoints.back();
}

inline std::filesystem::path WeightsDir() {
  return std::filesystem::temp_directory_path() /
         ("sovaudit_rules_tests_" + std::to_string(getpid()));
}

// Removes the weights folder when the test binary exits.
struct WeightsDirCleaner {
  ~WeightsDirCleaner() {
    std::error_code ec;
    std::filesystem::remove_all(WeightsDir(), ec);
  }
};
inline WeightsDirCleaner weights_dir_cleaner;

// A weights file under a per-process temporary folder; returns its path.
inline std::string WriteWeights(const std::string& name, const std::string& content) {
  namespace fs = std::filesystem;
  fs::path dir = WeightsDir();
  fs::create_directories(dir);
  fs::path p = dir / name;
  std::ofstream(p, std::ios::binary) << content;
  return p.string();
}

inline constexpr const char* kWeightsContent = "reference weights v1\n";

// Pins a model to a fresh weights file with the right sha256.
inline void PinWeights(DeployedModel& m, const std::string& file = "weights.bin",
                       const std::string& content = kWeightsContent) {
  m.weights.path = WriteWeights(file, content);
  m.weights.sha256 = Sha256Hex(content);
}

// A bank in Singapore: every entity domestic, every layer passing for both models
// ('bank-llm', judged by 'judge-llm'). Tests break one thing at a time.
inline Deployment DomesticStack() {
  Deployment d;
  d.file = "deployment.yaml";
  d.name = "sg-bank-assistant";
  d.owner = "bank";
  d.loc = NextLoc();
  d.home = {"SG"};
  d.home_loc = NextLoc();
  AddOrg(d, "bank-holdings", "SG");
  AddOrg(d, "bank", "SG", "bank-holdings");
  AddOrg(d, "aisg", "SG");
  AddInfra(d, "sg-gpu", "SG", "bank");
  AddInfra(d, "sg-store", "SG", "bank", "", "storage");
  AddInfra(d, "sg-kms", "SG", "bank", "", "kms");
  AddDataset(d, "loans", "bank", "restricted", {"sg-store"}, "sg-kms");
  AddDataset(d, "sg-corpus", "aisg", "internal", {"sg-store"}, "sg-kms");
  AddNode(d, "sg-base", "aisg", "pretrained", {}, "apache-2.0", {"sg-corpus"}, "aisg", {"sg-gpu"});
  AddNode(d, "bank-llm", "bank", "finetune", {"sg-base"}, "apache-2.0", {"loans"}, "bank",
          {"sg-gpu"});
  AddNode(d, "judge-llm", "bank", "finetune", {"sg-base"}, "apache-2.0", {"loans"}, "bank",
          {"sg-gpu"});
  PinWeights(AddModel(d, "bank-llm", {"sg-gpu"}, {"eval-main"}));
  PinWeights(AddModel(d, "judge-llm", {"sg-gpu"}, {"eval-judge"}));
  std::string digest = "sha256:" + Sha256Hex(kWeightsContent);
  AddEvaluation(d, "eval-main", "bank", {"sg-gpu"}, {{"sg-lending-qa", "bank", NextLoc()}},
                {"judge-llm"}, {{digest, "2026-10-01", NextLoc()}});
  AddEvaluation(d, "eval-judge", "bank", {"sg-gpu"}, {{"sg-judge-qa", "aisg", NextLoc()}}, {},
                {{digest, "2026-10-01", NextLoc()}});
  AddEndpoint(d, "sg-logs", "bank", "SG", "logging", true, {"loans"});
  return d;
}

// Replaces the lineage of 'bank-llm' above itself with Llama 3.1 8B Instruct from the catalogue
// (Meta, US): a domestic fine-tune of a foreign base.
inline void UseLlamaBase(Deployment& d) {
  AddCatalogNode(d, kLlamaBase, "catalog:meta", "US", "pretrained", {}, "llama3.1");
  AddCatalogNode(d, kLlama, "catalog:meta", "US", "finetune", {kLlamaBase}, "llama3.1");
  d.nodes["bank-llm"].base = {kLlama};
  d.nodes["bank-llm"].licence.id = "llama3.1";
}

}  // namespace sov::test
