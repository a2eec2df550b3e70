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
  Dependencies(const Facts& facts, const std::string& model_id) {
    for (const Dependency& dep : facts.DependenciesOf(model_id)) {
      Tri t = facts.OrgDomestic(dep.org);
      if (t == Tri::kYes) continue;  // most are: build no text for them
      std::string text = facts.OrgChain(dep.org) + ", " + dep.role;
      if (!seen.insert(text).second) continue;
      // A possible dependency decides only where nothing else does: it is unknown.
      (t == Tri::kNo && !dep.possible ? foreign : unknown).push_back(text);
    }
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
  Facts::Fallbacks fb = facts.FallbacksOf(m.id);
  if (fb.alternatives.empty()) {
    v.Fail(c.fallback_models.empty() ? "no fallback model is named"
                                     : "no fallback model (" + Join(c.fallback_models, ", ") +
                                           ") is another model of this deployment");
  }
}

// What the fallbacks leave exposed: the foreign developers every fallback shares with the
// model it replaces ("" when some fallback shares none).
std::string SharedDevelopers(const Facts& facts, const DeployedModel& m) {
  Facts::Fallbacks fb = facts.FallbacksOf(m.id);
  std::vector<std::string> parts;
  for (const std::string& alt : fb.alternatives) {
    std::vector<std::string> shared = facts.SharedForeignDevelopers(m.id, alt);
    if (shared.empty()) return "";
    std::vector<std::string> chains;
    for (const std::string& org : shared) chains.push_back(facts.OrgChain(org));
    parts.push_back(Quote(alt) + " shares " + Join(chains, ", "));
  }
  if (parts.empty()) return "";
  return "; but every fallback depends on the same foreign developer as " + Quote(m.id) + " (" +
         Join(parts, "; ") + ")";
}

}  // namespace

void ContingencyPlan(const Context& ctx, std::vector<Finding>& out) {
  const Facts& facts = ctx.facts;
  const Deployment& d = facts.deployment();

  for (const DeployedModel& m : d.models) {
    Dependencies deps(facts, m.id);
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
    Facts::Fallbacks fb = facts.FallbacksOf(m.id);
    std::string plan_ok = "contingency plan '" + c.plan + "' last exercised " + c.last_exercised +
                          (fb.is_fallback ? ", and " + Quote(m.id) + " is itself the fallback of " +
                                                Join(fb.alternatives, ", ")
                                          : ", fallbacks " + Join(fb.alternatives, ", ")) +
                          SharedDevelopers(facts, m);
    if (deps.foreign.empty()) {
      // Whether a foreign dependency exists is unknown; a good plan covers it either way.
      Status s = plan.status() == Status::kPass ? Status::kPass : Status::kUnknown;
      std::string msg = s == Status::kPass
                            ? plan_ok
                            : "dependencies that may be foreign (" + Summary(deps.unknown) +
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
