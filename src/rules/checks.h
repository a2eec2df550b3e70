#pragma once
// Private to src/rules: the built-in checks (one file per layer) and helpers they share.

#include <string>
#include <vector>

#include "src/facts/facts.h"
#include "src/rules/rules.h"
#include "src/rules/tally.h"

namespace sov::checks {

struct Context {
  const Facts& facts;
  const RuleDef& rule;
  const LayerTally* tally = nullptr;  // layers 1-4 of every model; set for SOV-5.2 only
};

using CheckFn = void (*)(const Context&, std::vector<Finding>&);

// The check registered under `name`, or nullptr. "claim" is registered (SOV-C.1 is produced
// by ScoreDeployment) and does nothing here.
CheckFn FindBuiltin(const std::string& name);
std::vector<std::string> BuiltinNames();
// Checks that read other findings through Context::tally and so run after all others.
bool NeedsTally(const std::string& name);

// Collects the reasons of a check over several things: any fail wins, then any unknown.
class Verdict {
 public:
  void Fail(std::string why) { fails_.push_back(std::move(why)); }
  void Unknown(std::string why) { unknowns_.push_back(std::move(why)); }
  void Add(Tri t, const std::string& why_no, const std::string& why_unknown);
  Status status() const;
  // The failing reasons, or the unknown ones, or `pass_text`.
  std::string Message(const std::string& pass_text) const;

 private:
  std::vector<std::string> fails_, unknowns_;
};

// A finding of `ctx.rule` with its layer, severity and remediation.
Finding Make(const Context& ctx, Status status, std::string subject, std::string message,
             const Location& loc, std::vector<std::string> scope);
// Adds a finding from a verdict.
void Emit(const Context& ctx, const Verdict& v, std::string subject, const std::string& pass_text,
          const Location& loc, std::vector<std::string> scope, std::vector<Finding>& out);

// "'x' (SG)" style helpers for messages.
std::string Quote(const std::string& s);
// For the rules that apply only to non-public data: appends the `n/a` finding of a public
// dataset and returns true, or returns false for a non-public one.
bool PublicDatasetIsNotApplicable(const Context& ctx, const Dataset& ds,
                                  std::vector<Finding>& out);
std::string CountryText(const std::string& code);  // "US", or "an unknown location"

// Layer 1 (checks_residency.cc)
void DatasetStorageDomestic(const Context&, std::vector<Finding>&);
void ModelServingDomestic(const Context&, std::vector<Finding>&);
void DataFlowsDomestic(const Context&, std::vector<Finding>&);
// Layer 2 (checks_infra.cc)
void InfraOperatorDomestic(const Context&, std::vector<Finding>&);
void InfraProviderDomestic(const Context&, std::vector<Finding>&);
void DatasetKmsDomestic(const Context&, std::vector<Finding>&);
void RequiredEndpointsDomestic(const Context&, std::vector<Finding>&);
// Layer 3 (checks_finetune.cc, checks_exit.cc)
void WeightsLocal(const Context&, std::vector<Finding>&);
void TrainingStepDomestic(const Context&, std::vector<Finding>&);
void LineageLicencesPermitModification(const Context&, std::vector<Finding>&);
void NoLicenceServer(const Context&, std::vector<Finding>&);
void WeightsPinnedVerified(const Context&, std::vector<Finding>&);
void ContingencyPlan(const Context&, std::vector<Finding>&);
// Layer 4 (checks_base.cc)
void RootsDomestic(const Context&, std::vector<Finding>&);
void LineageDocumented(const Context&, std::vector<Finding>&);
void RootLicenceIrrevocable(const Context&, std::vector<Finding>&);
// Layer 5 (checks_e2e.cc)
void EvaluationDomestic(const Context&, std::vector<Finding>&);
void JudgesLayer4(const Context&, std::vector<Finding>&);
void BenchmarksDomestic(const Context&, std::vector<Finding>&);
void EvaluationBoundToWeights(const Context&, std::vector<Finding>&);

}  // namespace sov::checks
