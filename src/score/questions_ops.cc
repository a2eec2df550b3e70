// Q3 (who operates the evaluation) and Q4 (foreign dependencies and the exit plan).

#include <map>
#include <set>

#include "src/score/phrases.h"
#include "src/util/text.h"

namespace sov::phrases {
namespace {

std::string InfraText(const Facts& facts, const std::string& id) {
  const Infrastructure* i = facts.Infra(id);
  if (i == nullptr) return Q(id) + " (not declared)";
  const std::string& provider = i->provider_id.empty() ? i->operator_id : i->provider_id;
  return Q(id) + " (" + Or(i->location) + ", operated by " + facts.OrgChain(i->operator_id) +
         (provider == i->operator_id ? "" : ", provided by " + facts.OrgChain(provider)) + ")";
}

int AchievedOf(const DeploymentReport& report, const std::string& model) {
  for (const ModelResult& r : report.models) {
    if (r.id == model) return r.achieved_layer;
  }
  return -1;
}

// Foreign organisations the deployment depends on, each with the roles it plays; `possible`
// selects those that may be dependencies (an endpoint that does not say it is required).
std::map<std::string, std::vector<std::string>> ForeignRoles(
    const Facts& facts, const std::vector<const DeployedModel*>& models, bool possible) {
  std::map<std::string, std::vector<std::string>> roles;  // org chain -> roles
  std::set<std::string> seen;
  for (const DeployedModel* m : models) {
    for (const Dependency& dep : facts.DependenciesOf(m->id)) {
      if (dep.possible != possible || facts.OrgDomestic(dep.org) != Tri::kNo) continue;
      if (!seen.insert(dep.org + '\n' + dep.role).second) continue;
      roles[facts.OrgChain(dep.org)].push_back(dep.role);
    }
  }
  return roles;
}

std::vector<std::string> RolesText(const std::map<std::string, std::vector<std::string>>& roles) {
  std::vector<std::string> deps;
  for (const auto& [org, list] : roles) {
    std::vector<std::string> shown(list.begin(), list.begin() + std::min<size_t>(list.size(), 3));
    deps.push_back(org + " as " + Join(shown, ", ") +
                   (list.size() > 3 ? " and " + std::to_string(list.size() - 3) + " more roles"
                                    : ""));
  }
  return deps;
}

// Models whose every fallback shares a foreign developer with them, as sentences.
std::string SharedFallbacks(const Facts& facts, const std::vector<const DeployedModel*>& models) {
  std::vector<std::string> sentences;
  for (const DeployedModel* m : models) {
    Facts::Fallbacks fb = facts.FallbacksOf(m->id);
    std::set<std::string> common;
    bool all = !fb.alternatives.empty();
    for (const std::string& alt : fb.alternatives) {
      std::vector<std::string> shared = facts.SharedForeignDevelopers(m->id, alt);
      all = all && !shared.empty();
      for (const std::string& org : shared) common.insert(facts.OrgChain(org));
    }
    if (!all) continue;
    sentences.push_back("The fallbacks of " + Q(m->id) + " (" + QuoteList(fb.alternatives) +
                        ") depend on the same foreign developer, " +
                        Join(std::vector<std::string>(common.begin(), common.end()), ", ") +
                        ": its withdrawal takes both away.");
  }
  return Join(sentences, " ");
}

}  // namespace

std::string AnswerQ3(const Facts& facts, const DeploymentReport& report,
                     const std::vector<const DeployedModel*>& models) {
  std::map<std::string, std::vector<std::string>> users;  // evaluation -> models, by id
  std::vector<std::string> unevaluated;
  for (const DeployedModel* m : models) {
    if (m->evaluations.empty()) unevaluated.push_back(m->id);
    for (const std::string& e : m->evaluations) users[e].push_back(m->id);
  }
  std::vector<std::string> sentences;
  for (const auto& [id, evaluated] : users) {
    const Evaluation* e = facts.Eval(id);
    if (e == nullptr) {
      sentences.push_back("Evaluation " + Q(id) + " of " + QuoteList(evaluated) +
                          " is not declared.");
      continue;
    }
    std::vector<std::string> infra, benchmarks, judges;
    for (const std::string& i : e->runs_on) infra.push_back(InfraText(facts, i));
    for (const Benchmark& b : e->benchmarks) {
      benchmarks.push_back(Q(b.name) + " owned by " +
                           (b.owner.empty() ? "an owner not stated" : Who(facts, b.owner)));
    }
    for (const std::string& j : e->judges) {
      int layer = AchievedOf(report, j);
      judges.push_back(Q(j) + (layer < 0 ? " (not a model of this deployment)"
                                         : " (achieves layer " + std::to_string(layer) + ")"));
    }
    sentences.push_back(
        "Evaluation " + Q(id) + " of " + QuoteList(evaluated) + " is operated by " +
        Who(facts, e->operator_id) + " on " +
        (infra.empty() ? "infrastructure not stated" : Join(infra, ", ")) + ", with benchmarks " +
        (benchmarks.empty() ? "not stated" : Join(benchmarks, ", ")) + " and " +
        (judges.empty() ? "no judge models" : "judges " + Join(judges, ", ")) + ".");
  }
  std::string answer = Capped(sentences, "evaluations");
  if (!unevaluated.empty()) {
    if (!answer.empty()) answer += " ";
    answer += "No evaluation is stated for " + QuoteList(unevaluated) +
              ", so no one is shown to operate " + (unevaluated.size() == 1 ? "its" : "their") +
              " evaluation pipeline.";
  }
  return answer;
}

// " Data residency: 'ph-loan-files' stays in PH. Failure drills: rollback on 2026-10-02." (each
// part only when stated).
std::string ResidencyAndDrills(const Facts& facts) {
  std::string text;
  std::vector<std::string> residency;
  for (const Dataset& ds : facts.deployment().datasets) {
    if (!ds.residency.empty()) residency.push_back(Q(ds.id) + " in " + Join(ds.residency, ", "));
  }
  if (!residency.empty()) {
    std::vector<std::string> breaks = facts.ResidencyBreaks();
    text += " Declared data residency: " + Join(residency, "; ") +
            (breaks.empty() ? "; no flow leaves it, so each market's data stays there if "
                              "another market or a vendor is cut off."
                            : "; but data leaves it: " + Join(breaks, "; ") + ".");
  }
  std::vector<std::string> drills;
  for (const Drill& d : facts.deployment().contingency.drills) {
    drills.push_back(d.scenario + " on " + d.last_exercised);
  }
  if (!drills.empty()) text += " Failure drills: " + Join(drills, ", ") + ".";
  return text;
}

std::string AnswerQ4(const Facts& facts, const std::vector<const DeployedModel*>& models) {
  std::vector<std::string> deps = RolesText(ForeignRoles(facts, models, false));
  std::vector<std::string> maybe = RolesText(ForeignRoles(facts, models, true));
  std::string answer = deps.empty() ? "No foreign dependency is stated."
                                    : "Foreign dependencies: " + Join(deps, "; ") + ".";
  if (!maybe.empty()) answer += " Possible foreign dependencies: " + Join(maybe, "; ") + ".";
  const Contingency& c = facts.deployment().contingency;
  if (!c.present || c.plan.empty()) {
    answer += " No contingency plan is stated";
    answer +=
        deps.empty() ? "." : ", so withdrawal or tighter export controls are not planned for.";
    return answer;
  }
  std::string exercised = "its last exercise is not stated";
  if (auto date = ParseDate(c.last_exercised)) {
    long days = DaysBetween(*date, facts.context().as_of);
    exercised =
        "it was last exercised on " + c.last_exercised + " (" +
        (days < 0 ? "after the audit date" : std::to_string(days) + " days before the audit date") +
        (days > 365 ? ", more than a year ago" : "") + ")";
  } else if (!c.last_exercised.empty()) {
    exercised = "its last exercise is given as '" + c.last_exercised + "', which is not a date";
  }
  answer += " Contingency plan " + Q(c.plan) + ": " + exercised + "; fallback models: " +
            (c.fallback_models.empty() ? "not stated" : QuoteList(c.fallback_models, 10)) + ".";
  std::string shared = SharedFallbacks(facts, models);
  if (!shared.empty()) answer += " " + shared;
  return answer + ResidencyAndDrills(facts);
}

}  // namespace sov::phrases
