// The registry of built-in checks and the helpers every check file shares.

#include <algorithm>
#include <map>

#include "src/rules/checks.h"
#include "src/util/text.h"

namespace sov::checks {
namespace {

void Nothing(const Context&, std::vector<Finding>&) {}

const std::map<std::string, CheckFn>& Registry() {
  static const std::map<std::string, CheckFn> kRegistry = {
      {"dataset_storage_domestic", &DatasetStorageDomestic},
      {"model_serving_domestic", &ModelServingDomestic},
      {"data_flows_domestic", &DataFlowsDomestic},
      {"infra_operator_domestic", &InfraOperatorDomestic},
      {"infra_provider_domestic", &InfraProviderDomestic},
      {"dataset_kms_domestic", &DatasetKmsDomestic},
      {"required_endpoints_domestic", &RequiredEndpointsDomestic},
      {"weights_local", &WeightsLocal},
      {"training_step_domestic", &TrainingStepDomestic},
      {"lineage_licences_permit_modification", &LineageLicencesPermitModification},
      {"no_licence_server", &NoLicenceServer},
      {"weights_pinned_verified", &WeightsPinnedVerified},
      {"contingency_plan", &ContingencyPlan},
      {"roots_domestic", &RootsDomestic},
      {"lineage_documented", &LineageDocumented},
      {"root_licence_irrevocable", &RootLicenceIrrevocable},
      {"evaluation_domestic", &EvaluationDomestic},
      {"judges_layer4", &JudgesLayer4},
      {"benchmarks_domestic", &BenchmarksDomestic},
      {"evaluation_bound_to_weights", &EvaluationBoundToWeights},
      {"claim", &Nothing},            // SOV-C.1: produced by src/score
      {"waiver_expired", &Nothing},   // SOV-W.1: produced by src/waiver
      {"waiver_invalid", &Nothing},   // SOV-W.2
  };
  return kRegistry;
}

}  // namespace

CheckFn FindBuiltin(const std::string& name) {
  auto it = Registry().find(name);
  return it == Registry().end() ? nullptr : it->second;
}

std::vector<std::string> BuiltinNames() {
  std::vector<std::string> names;
  for (const auto& [name, fn] : Registry()) names.push_back(name);
  return names;
}

bool NeedsTally(const std::string& name) { return name == "judges_layer4"; }

void Verdict::Add(Tri t, const std::string& why_no, const std::string& why_unknown) {
  if (t == Tri::kNo) Fail(why_no);
  if (t == Tri::kUnknown) Unknown(why_unknown);
}

Status Verdict::status() const {
  if (!fails_.empty()) return Status::kFail;
  if (!unknowns_.empty()) return Status::kUnknown;
  return Status::kPass;
}

std::string Verdict::Message(const std::string& pass_text) const {
  if (!fails_.empty()) {
    std::string msg = Join(fails_, "; ");
    // A reason already given as a failure (a missing fact that fails one condition and leaves
    // another undecided) is not repeated.
    std::vector<std::string> more;
    for (const std::string& u : unknowns_) {
      if (std::find(fails_.begin(), fails_.end(), u) == fails_.end()) more.push_back(u);
    }
    if (!more.empty()) msg += "; also not established: " + Join(more, "; ");
    return msg;
  }
  if (!unknowns_.empty()) return "not established: " + Join(unknowns_, "; ");
  return pass_text;
}

Finding Make(const Context& ctx, Status status, std::string subject, std::string message,
             const Location& loc, std::vector<std::string> scope) {
  Finding f;
  f.rule = ctx.rule.id;
  f.layer = ctx.rule.layer;
  f.severity = ctx.rule.severity;
  f.status = status;
  f.subject = std::move(subject);
  // Input text never drives a terminal; most messages are plain ASCII and skip the copy.
  bool plain = std::all_of(message.begin(), message.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f;
  });
  f.message = plain ? std::move(message) : EscapeControl(message);
  f.location = loc;
  // Remediation is advice for findings that need action; a passing finding carries none.
  if (status == Status::kFail || status == Status::kUnknown) f.remediation = ctx.rule.remediation;
  f.scope = std::move(scope);
  return f;
}

void Emit(const Context& ctx, const Verdict& v, std::string subject, const std::string& pass_text,
          const Location& loc, std::vector<std::string> scope, std::vector<Finding>& out) {
  out.push_back(
      Make(ctx, v.status(), std::move(subject), v.Message(pass_text), loc, std::move(scope)));
}

std::string Quote(const std::string& s) { return "'" + s + "'"; }

std::string CountryText(const std::string& code) {
  return code.empty() ? "an unknown location" : code;
}

bool PublicDatasetIsNotApplicable(const Context& ctx, const Dataset& ds,
                                  std::vector<Finding>& out) {
  if (ds.classification != "public") return false;
  out.push_back(Make(ctx, Status::kNotApplicable, "datasets/" + ds.id,
                     "dataset " + Quote(ds.id) + " is public", ds.loc, {}));
  return true;
}

}  // namespace sov::checks
