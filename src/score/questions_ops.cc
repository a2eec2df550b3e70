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

// Foreign organisations the deployment depends on, each with the roles it plays.
std::map<std::string, std::vector<std::string>> ForeignRoles(
    const Facts& facts, const std::vector<const DeployedModel*>& models) {
  std::map<std::string, std::vector<std::string>> roles;  // org chain -> roles
  std::set<std::string> seen;
  auto add = [&](const std::string& org, const std::string& role) {
    if (org.empty() || facts.OrgDomestic(org) != Tri::kNo) return;
    if (!seen.insert(org + '\n' + role).second) return;
    roles[facts.OrgChain(org)].push_back(role);
  };
  auto add_infra = [&](const std::string& id, const std::string& use) {
    const Infrastructure* i = facts.Infra(id);
    if (i == nullptr) return;
    add(i->operator_id, "operator of " + use + " " + Q(id));
    add(i->provider_id.empty() ? i->operator_id : i->provider_id,
        "provider of " + use + " " + Q(id));
  };
  std::set<std::string> nodes_done;
  for (const DeployedModel* m : models) {
    for (const std::string& id : facts.Lineage(m->id)) {
      if (!nodes_done.insert(id).second) continue;
      const ModelNode& n = *facts.Node(id);
      add(n.developer, "developer of " + Q(id));
      add(n.training.operator_id, "training operator of " + Q(id));
    }
    for (const std::string& s : m->serving) add_infra(s, "serving infrastructure");
  }
  for (const Endpoint& e : facts.deployment().endpoints) {
    if (e.required)
      add(e.operator_id, "operator of required " + e.purpose + " endpoint " + Q(e.id));
  }
  for (const Dataset& ds : facts.deployment().datasets) {
    if (ds.classification == "public") continue;
    for (const std::string& s : ds.stored_in) add_infra(s, "storage");
    if (!ds.kms.empty()) add_infra(ds.kms, "KMS");
  }
  return roles;
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

std::string AnswerQ4(const Facts& facts, const std::vector<const DeployedModel*>& models) {
  std::vector<std::string> deps;
  for (const auto& [org, roles] : ForeignRoles(facts, models)) {
    std::vector<std::string> shown(roles.begin(),
                                   roles.begin() + std::min<size_t>(roles.size(), 3));
    deps.push_back(
        org + " as " + Join(shown, ", ") +
        (roles.size() > 3 ? " and " + std::to_string(roles.size() - 3) + " more roles" : ""));
  }
  std::string answer = deps.empty() ? "No foreign dependency is stated."
                                    : "Foreign dependencies: " + Join(deps, "; ") + ".";
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
  return answer;
}

}  // namespace sov::phrases
