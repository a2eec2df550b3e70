// Layer 3, SOV-3.6: a tested exit plan for every foreign dependency.

#include <set>

#include "src/rules/checks.h"
#include "src/util/text.h"

namespace sov::checks {
namespace {

// Foreign and unknown organisations a deployed model depends on, as message fragments.
struct Dependencies {
  std::vector<std::string> foreign, unknown;
  std::set<std::string> seen;
  void Add(const Facts& facts, const std::string& org, const std::string& role) {
    if (org.empty()) return;
    Tri t = facts.OrgDomestic(org);
    if (t == Tri::kYes) return;  // most are: build no text for them
    std::string text = facts.OrgChain(org) + ", " + role;
    if (!seen.insert(text).second) return;
    if (t == Tri::kNo) foreign.push_back(text);
    if (t == Tri::kUnknown) unknown.push_back(text);
  }
  void AddInfra(const Facts& facts, const std::string& id, const std::string& use) {
    const Infrastructure* i = facts.Infra(id);
    if (i == nullptr) return;
    const std::string& provider = i->provider_id.empty() ? i->operator_id : i->provider_id;
    if (facts.OrgDomestic(i->operator_id) == Tri::kYes &&
        facts.OrgDomestic(provider) == Tri::kYes) {
      return;
    }
    Add(facts, i->operator_id, "operator of " + use + " " + Quote(id));
    Add(facts, i->provider_id.empty() ? i->operator_id : i->provider_id,
        "provider of " + use + " " + Quote(id));
  }
};

std::string Summary(const std::vector<std::string>& items) {
  constexpr size_t kShown = 5;
  std::vector<std::string> shown(items.begin(), items.begin() + std::min(items.size(), kShown));
  std::string s = Join(shown, "; ");
  if (items.size() > kShown) s += "; and " + std::to_string(items.size() - kShown) + " more";
  return s;
}

// The plan itself, judged once for the deployment (fallbacks per model).
void JudgePlan(const Facts& facts, const DeployedModel& m, Verdict& v) {
  const Contingency& c = facts.deployment().contingency;
  if (!c.present || c.plan.empty()) {
    v.Fail("no contingency.plan is stated");
  }
  if (c.last_exercised.empty()) {
    v.Fail("the plan's last exercise is not stated (contingency.last_exercised)");
  } else if (auto date = ParseDate(c.last_exercised); !date) {
    v.Unknown("last_exercised '" + c.last_exercised + "' is not a date");
  } else {
    long days = DaysBetween(*date, facts.context().as_of);
    if (days < 0) {
      v.Fail("last_exercised " + c.last_exercised + " is after the audit date " +
             facts.context().as_of.ToString());
    } else if (days > 365) {
      v.Fail("the plan was last exercised on " + c.last_exercised + ", " + std::to_string(days) +
             " days before the audit date (limit 365)");
    }
  }
  bool fallback = false;
  for (const std::string& f : c.fallback_models) {
    if (f != m.id && facts.Model(f) != nullptr) fallback = true;
  }
  if (!fallback) {
    v.Fail(c.fallback_models.empty() ? "no fallback model is named"
                                     : "no fallback model (" + Join(c.fallback_models, ", ") +
                                           ") is another model of this deployment");
  }
}

}  // namespace

void ContingencyPlan(const Context& ctx, std::vector<Finding>& out) {
  const Facts& facts = ctx.facts;
  const Deployment& d = facts.deployment();

  // Deployment-wide dependencies: required endpoints, storage and keys of non-public data.
  Dependencies shared;
  for (const Endpoint& e : d.endpoints) {
    if (e.required)
      shared.Add(facts, e.operator_id, "operator of required endpoint " + Quote(e.id));
  }
  for (const Dataset& ds : d.datasets) {
    if (ds.classification == "public") continue;
    for (const std::string& i : ds.stored_in) shared.AddInfra(facts, i, "storage");
    if (!ds.kms.empty()) shared.AddInfra(facts, ds.kms, "KMS");
  }

  for (const DeployedModel& m : d.models) {
    Dependencies deps = shared;
    for (const std::string& id : facts.Lineage(m.id)) {
      const ModelNode* n = facts.Node(id);
      if (n == nullptr) continue;
      if (facts.OrgDomestic(n->developer) != Tri::kYes) {
        deps.Add(facts, n->developer, "developer of " + Quote(id));
      }
      if (facts.OrgDomestic(n->training.operator_id) != Tri::kYes) {
        deps.Add(facts, n->training.operator_id, "training operator of " + Quote(id));
      }
    }
    for (const std::string& i : m.serving) deps.AddInfra(facts, i, "serving");
    if (const ModelNode* n = facts.Node(facts.NearestTrainingStep(m.id))) {
      for (const std::string& i : n->training.infrastructure) deps.AddInfra(facts, i, "training");
    }
    for (const std::string& e : m.evaluations) {
      if (const Evaluation* ev = facts.Eval(e)) {
        for (const std::string& i : ev->runs_on) deps.AddInfra(facts, i, "evaluation");
      }
    }

    std::string subject = "models/" + m.id;
    Location where = d.contingency.loc.line > 0 ? d.contingency.loc : m.loc;
    if (deps.foreign.empty() && deps.unknown.empty()) {
      out.push_back(Make(ctx, Status::kNotApplicable, subject,
                         Quote(m.id) + " has no foreign dependency", m.loc, {m.id}));
      continue;
    }
    Verdict plan;
    JudgePlan(facts, m, plan);
    const Contingency& c = d.contingency;
    std::string plan_ok = "contingency plan '" + c.plan + "' last exercised " + c.last_exercised +
                          ", fallbacks " + Join(c.fallback_models, ", ");
    if (deps.foreign.empty()) {
      // Whether a foreign dependency exists is unknown; a good plan covers it either way.
      Status s = plan.status() == Status::kPass ? Status::kPass : Status::kUnknown;
      std::string msg = s == Status::kPass
                            ? plan_ok
                            : "dependencies of unknown jurisdiction (" + Summary(deps.unknown) +
                                  ") and the plan is not in order: " + plan.Message("");
      out.push_back(Make(ctx, s, subject, msg, where, {m.id}));
      continue;
    }
    std::string head = "foreign dependencies: " + Summary(deps.foreign);
    out.push_back(Make(ctx, plan.status(), subject,
                       plan.status() == Status::kPass ? head + "; covered by " + plan_ok
                                                      : head + "; " + plan.Message(""),
                       where, {m.id}));
  }
}

}  // namespace sov::checks
