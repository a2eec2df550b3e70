// Layer 3, fine-tuning: SOV-3.1 local weights, SOV-3.2 the nearest training step, SOV-3.3
// licences, SOV-3.4 licence servers, SOV-3.5 pinned and verified weights. (SOV-3.6: exit.cc.)

#include "src/rules/checks.h"
#include "src/util/text.h"

namespace sov::checks {
namespace {

const Location& Best(const Location& a, const Location& b) { return a.line > 0 ? a : b; }

// SOV-3.2 for a node that has a stated training step.
void JudgeStep(const Facts& facts, const ModelNode& n, Verdict& v) {
  const TrainingStep& step = n.training;
  std::string who = "training step of " + Quote(n.id);
  if (step.operator_id.empty()) {
    v.Unknown("the operator of the " + who + " is not stated");
  } else {
    std::string text = "the " + who + " was run by " + facts.OrgChain(step.operator_id);
    v.Add(facts.OrgDomestic(step.operator_id), text, text);
  }
  for (const FederatedParticipant& p : step.federated.participants) {
    std::string text = "participant " + facts.OrgChain(p.operator_id) + " of the federated " + who;
    v.Add(facts.OrgDomestic(p.operator_id), text + " is not domestic", text);
  }
  if (step.infrastructure.empty()) v.Unknown("the infrastructure of the " + who + " is not stated");
  for (const std::string& infra : step.infrastructure) {
    std::string why;
    Tri t = facts.InfraDomestic(infra, &why);
    v.Add(t, "the " + who + " ran on foreign infrastructure: " + why,
          "the " + who + " ran on " + Quote(infra) + ": " + why);
  }
  if (step.datasets.empty()) v.Unknown("the datasets of the " + who + " are not stated");
  for (const std::string& id : step.datasets) {
    const Dataset* ds = facts.DatasetById(id);
    if (ds == nullptr) {
      v.Unknown("dataset " + Quote(id) + " of the " + who + " is not declared");
      continue;
    }
    std::string text =
        "dataset " + Quote(id) + " of the " + who + " is owned by " + facts.OrgChain(ds->owner);
    v.Add(facts.OrgDomestic(ds->owner), text, text);
  }
}

// SOV-3.3 for a commercial deployment: `consent` and `prohibited` fail (returns true);
// `threshold` passes and its limit is collected for the message.
bool JudgeCommercialUse(const LicenceTerms& t, const std::string& who, Verdict& v,
                        std::vector<std::string>& thresholds) {
  if (t.commercial == "prohibited") {
    v.Fail(who + " prohibits commercial use, and the deployment is commercial (metadata.use)");
    return true;
  }
  if (t.commercial == "consent") {
    v.Fail(who + " permits commercial use only with the licensor's consent, and the deployment "
                 "is commercial (metadata.use)");
    return true;
  }
  if (t.commercial == "threshold") {
    thresholds.push_back(who + " needs the licensor's permission beyond " +
                         (t.threshold.empty() ? std::string("a threshold stated in the licence")
                                              : t.threshold));
  }
  return false;
}

}  // namespace

void WeightsLocal(const Context& ctx, std::vector<Finding>& out) {
  for (const DeployedModel& m : ctx.facts.deployment().models) {
    const std::string& a = m.weights.availability;
    Status s = a == "local" ? Status::kPass : a == "api" ? Status::kFail : Status::kUnknown;
    std::string msg = a == "local" ? "weights of " + Quote(m.id) + " are held locally"
                      : a == "api"
                          ? "weights of " + Quote(m.id) + " are reachable only as a remote API"
                          : "the availability of the weights of " + Quote(m.id) + " is not stated";
    out.push_back(Make(ctx, s, "models/" + m.id, msg, Best(m.weights.loc, m.loc), {m.id}));
  }
}

void TrainingStepDomestic(const Context& ctx, std::vector<Finding>& out) {
  const Facts& facts = ctx.facts;
  for (const DeployedModel& m : facts.deployment().models) {
    Verdict v;
    Location where = m.loc;
    std::string nearest = facts.NearestTrainingStep(m.id);
    const ModelNode* n = nearest.empty() ? nullptr : facts.Node(nearest);
    if (n == nullptr) {
      v.Unknown("the lineage of " + Quote(m.id) + " above its quantized steps is not stated");
    } else if (n->from_catalog || !n->training.present) {
      where = Best(n->loc, m.loc);
      std::string what = n->from_catalog ? "catalogue model " + Quote(n->id)
                                         : Quote(n->id) + ", which states no training step,";
      Tri t = n->developer.empty() ? Tri::kUnknown : facts.OrgDomestic(n->developer);
      if (t == Tri::kNo) {
        v.Fail(Quote(m.id) + " is a raw foreign base: the nearest model with training, " + what +
               " was made by " + facts.OrgChain(n->developer) +
               ", with no training step of its own");
      } else {
        v.Unknown("no training step is stated for " + Quote(n->id) + " (developed by " +
                  facts.OrgChain(n->developer) + ")");
      }
    } else {
      where = Best(n->training.loc, Best(n->loc, m.loc));
      JudgeStep(facts, *n, v);
    }
    const FederatedTraining* fed = n != nullptr && n->training.federated.present
                                       ? &n->training.federated : nullptr;
    std::string pass = "the training step of " + Quote(nearest) +
                       " was run by a domestic operator on domestic infrastructure and "
                       "domestically owned data";
    if (fed != nullptr) {
      size_t n = fed->participants.size();
      pass = "the federated training step of " + Quote(nearest) + " (aggregated by " +
             fed->aggregator_operator + ", " + std::to_string(n) +
             (n == 1 ? " participant" : " participants") +
             ") was run by domestic operators on domestic infrastructure and "
             "domestically owned data";
    }
    Emit(ctx, v, "models/" + m.id, pass, where, {m.id}, out);
  }
}

void LineageLicencesPermitModification(const Context& ctx, std::vector<Finding>& out) {
  const Facts& facts = ctx.facts;
  // metadata.use: a commercial deployment (the default) needs licences that permit it.
  const bool commercial = facts.deployment().commercial_use;
  for (const DeployedModel& m : facts.deployment().models) {
    Verdict v;
    std::vector<std::string> thresholds;
    Location where = m.loc;
    bool placed = false;
    std::vector<std::string> ok;
    for (const std::string& id : facts.Lineage(m.id)) {
      const ModelNode* n = facts.Node(id);
      if (n == nullptr) continue;
      std::string role = id == m.id ? "model " : "ancestor ";
      bool known = false;
      LicenceTerms t = facts.LicenceOf(*n, &known);
      std::string lic = t.id.empty() ? (t.name.empty() ? "inline licence" : Quote(t.name))
                                     : "licence " + Quote(t.id);
      if (!n->licence.present) {
        v.Unknown("the licence of " + role + Quote(id) + " is not stated");
        continue;
      }
      std::string who = lic + " of " + role + Quote(id);
      bool failed = false;
      if (t.modification == "consent" || t.modification == "prohibited") {
        v.Fail(who + (t.modification == "consent" ? " requires the licensor's consent to modify it"
                                                  : " prohibits modification"));
        failed = true;
      } else if (t.modification != "permitted") {
        v.Unknown(who + (known ? " states no modification terms" : " is not in the licence catalogue"));
      }
      if (commercial && known) failed |= JudgeCommercialUse(t, who, v, thresholds);
      if (commercial && known && t.commercial.empty()) {
        v.Unknown(who + " states no commercial-use terms");
      }
      if (t.modification == "permitted" && !failed) ok.push_back(t.id.empty() ? id : t.id);
      if (failed && !placed) {
        where = Best(n->licence.loc, Best(n->loc, m.loc));
        placed = true;
      }
    }
    std::string pass = "every licence in the lineage of " + Quote(m.id) + " permits modification" +
                       (commercial ? " and commercial use" : " (non-commercial use)");
    if (!thresholds.empty()) pass += "; commercial use is limited: " + Join(thresholds, "; ");
    Emit(ctx, v, "models/" + m.id, pass, where, {m.id}, out);
  }
}

void NoLicenceServer(const Context& ctx, std::vector<Finding>& out) {
  const Facts& facts = ctx.facts;
  const Deployment& d = facts.deployment();
  if (d.endpoints.empty()) {
    out.push_back(Make(ctx, Status::kPass, "deployment",
                       "the deployment calls no endpoint, so no licence server", d.loc, {}));
    return;
  }
  for (const Endpoint& e : d.endpoints) {
    std::string subject = "endpoints/" + e.id;
    if (e.purpose != "licence") {
      out.push_back(Make(ctx, Status::kNotApplicable, subject,
                         "endpoint " + Quote(e.id) + " is not a licence check", e.loc, {}));
    } else if (!e.required.has_value()) {
      out.push_back(Make(ctx, Status::kUnknown, subject,
                         "licence endpoint " + Quote(e.id) + " (" + e.url + ", operated by " +
                             facts.OrgChain(e.operator_id) +
                             ") does not say whether the service stops without it (required)",
                         e.loc, {}));
    } else if (!*e.required) {
      out.push_back(Make(ctx, Status::kPass, subject,
                         "licence endpoint " + Quote(e.id) + " is not required", e.loc, {}));
    } else {
      out.push_back(Make(ctx, Status::kFail, subject,
                         "the service stops without licence server " + Quote(e.id) + " (" + e.url +
                             ", operated by " + facts.OrgChain(e.operator_id) +
                             "): independence is rented, not bought",
                         e.loc, {}));
    }
  }
}

void WeightsPinnedVerified(const Context& ctx, std::vector<Finding>& out) {
  using Kind = WeightsCheck::Kind;
  for (const DeployedModel& m : ctx.facts.deployment().models) {
    const WeightsCheck& w = ctx.facts.Weights(m.id);
    Status s = Status::kUnknown;
    std::string msg = w.message;
    if (m.weights.availability == "api") {
      s = Status::kFail;
      msg = "weights of " + Quote(m.id) +
            " are reachable only as a remote API: nothing local "
            "to pin or verify";
    } else if (w.kind == Kind::kVerified || w.kind == Kind::kAttested) {
      s = Status::kPass;
    } else if (w.kind == Kind::kMismatch || w.kind == Kind::kUnpinned ||
               w.kind == Kind::kFleetGap) {
      s = Status::kFail;
    }
    if (msg.empty()) msg = "weights of " + Quote(m.id) + " were not checked";
    out.push_back(Make(ctx, s, "models/" + m.id, msg, Best(m.weights.loc, m.loc), {m.id}));
  }
}

}  // namespace sov::checks
