// Q1-Q4 of maturity-model.md answered in plain sentences from the facts. Deterministic: models,
// roots and evaluations appear in id order; what the manifest does not state is "not stated".

#include <algorithm>
#include <map>
#include <set>

#include "src/score/phrases.h"
#include "src/score/score.h"
#include "src/util/text.h"

namespace sov {
namespace phrases {

std::string Q(const std::string& s) { return "'" + s + "'"; }

std::string QuoteList(const std::vector<std::string>& ids, size_t shown) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < ids.size() && i < shown; ++i) parts.push_back(Q(ids[i]));
  std::string s = Join(parts, ", ");
  if (ids.size() > shown) s += " and " + std::to_string(ids.size() - shown) + " more";
  return s;
}

std::string Standing(Tri t) {
  return t == Tri::kYes ? "domestic" : t == Tri::kNo ? "foreign" : "of unknown jurisdiction";
}

// "Meta Platforms, Inc. (catalog:meta (US), foreign)"
std::string Who(const Facts& facts, const std::string& org_id) {
  if (org_id.empty()) return "an organisation that is not stated";
  const Organization* org = facts.Org(org_id);
  std::string who = facts.OrgChain(org_id) + " [" + Standing(facts.OrgDomestic(org_id)) + "]";
  return org != nullptr && !org->name.empty() ? org->name + ", " + who : who;
}

std::string Or(const std::string& s) { return s.empty() ? "not stated" : s; }

std::string Capped(const std::vector<std::string>& sentences, const std::string& what) {
  std::vector<std::string> shown(sentences.begin(),
                                 sentences.begin() + std::min(sentences.size(), kListed));
  std::string s = Join(shown, " ");
  if (sentences.size() > kListed) {
    s += " (" + std::to_string(sentences.size() - kListed) + " more " + what + " not shown.)";
  }
  return s;
}

}  // namespace phrases

namespace {

using phrases::Capped;
using phrases::Or;
using phrases::Q;
using phrases::QuoteList;
using phrases::Who;

std::string Bool(const std::optional<bool>& b) { return !b ? "not stated" : *b ? "yes" : "no"; }

std::string LicenceText(const Facts& facts, const ModelNode& n) {
  if (!n.licence.present) return "licence not stated";
  bool known = false;
  LicenceTerms t = facts.LicenceOf(n, &known);
  std::string name = t.id.empty() ? (t.name.empty() ? "an inline licence" : Q(t.name)) : Q(t.id);
  if (!known) return "licence " + name + " (terms not stated)";
  return "licence " + name + (t.name.empty() || t.id.empty() ? "" : " (" + t.name + ")") +
         ": modification " + Or(t.modification) + ", commercial use " + Or(t.commercial) +
         ", revocable " + Bool(t.revocable) + ", remote restriction " + Bool(t.remote_restriction);
}

std::string DatasetsText(const Facts& facts, const std::vector<std::string>& ids) {
  if (ids.empty()) return "not stated";
  std::vector<std::string> parts;
  for (const std::string& id : ids) {
    const Dataset* ds = facts.DatasetById(id);
    parts.push_back(ds == nullptr ? Q(id) + " (not declared)"
                                  : Q(id) + " (owned by " + facts.OrgChain(ds->owner) +
                                        ", origin " + Or(ds->origin) + ")");
  }
  return Join(parts, ", ");
}

std::vector<const DeployedModel*> SortedModels(const Facts& facts, const DeploymentReport& report) {
  std::vector<const DeployedModel*> out;
  for (const ModelResult& r : report.models) {
    if (const DeployedModel* m = facts.Model(r.id)) out.push_back(m);
  }
  if (out.empty()) {
    for (const DeployedModel& m : facts.deployment().models) out.push_back(&m);
  }
  return out;
}

std::string AnswerQ1(const Facts& facts, const std::vector<const DeployedModel*>& models) {
  std::map<std::string, std::vector<std::string>> users;  // root -> deployed models
  std::vector<std::string> order;
  for (const DeployedModel* m : models) {
    for (const std::string& root : facts.Roots(m->id)) {
      auto& u = users[root];
      if (u.empty()) order.push_back(root);
      u.push_back(m->id);
    }
  }
  std::vector<std::string> sentences;
  for (const std::string& root : order) {
    const ModelNode& n = *facts.Node(root);
    std::string of = "the lineage of " + QuoteList(users[root]);
    if (n.relation != "pretrained") {
      sentences.push_back("The stated lineage of " + QuoteList(users[root]) + " stops at " +
                          Q(root) + " (developed by " + Who(facts, n.developer) +
                          "), which is not a pretrained model: who trained the base model is "
                          "not stated.");
      continue;
    }
    sentences.push_back("Base model " + Q(root) + " (root of " + of + ") was pretrained by " +
                        Who(facts, n.developer) + " on training data " +
                        DatasetsText(facts, n.training.datasets) + ", under " +
                        LicenceText(facts, n) + ".");
  }
  if (sentences.empty()) return "The lineage of the deployed models is not stated.";
  return Capped(sentences, "base models");
}

std::string AnswerQ2(const Facts& facts, const std::vector<const DeployedModel*>& models) {
  std::vector<std::string> servers;
  bool rented = false, maybe_rented = false;
  for (const Endpoint& e : facts.deployment().endpoints) {
    if (e.purpose != "licence") continue;
    servers.push_back((e.required == true    ? "a required licence-server call to "
                       : e.required == false ? "an optional licence-server call to "
                                             : "a licence-server call to ") +
                      Q(e.id) + " (" + Or(e.url) + ", operated by " + Who(facts, e.operator_id) +
                      ")" +
                      (e.required.has_value() ? "" : " that does not say whether it is required"));
    rented |= e.required == true;
    maybe_rented |= !e.required.has_value();
  }

  std::map<std::string, std::vector<std::string>> groups;  // answer -> models
  std::vector<std::string> order;
  for (const DeployedModel* m : models) {
    bool blocked = rented, unknown = maybe_rented;
    // Licences by what they allow; a licence that blocks names the models it covers.
    std::vector<std::string> permitting, other;
    for (const std::string& id : facts.Lineage(m->id)) {
      const ModelNode& n = *facts.Node(id);
      LicenceTerms t = facts.LicenceOf(n, nullptr);
      std::string name =
          t.id.empty() ? (t.name.empty() ? "an inline licence" : Q(t.name)) : "licence " + Q(t.id);
      if (n.licence.present && t.modification == "permitted") {
        if (std::find(permitting.begin(), permitting.end(), name) == permitting.end()) {
          permitting.push_back(name);
        }
        continue;
      }
      unknown = true;
      blocked |= t.modification == "consent" || t.modification == "prohibited";
      other.push_back(!n.licence.present ? "the licence of " + Q(id) + " is not stated"
                      : t.modification == "consent"
                          ? name + " of " + Q(id) + " requires the licensor's consent to modify"
                      : t.modification == "prohibited"
                          ? name + " of " + Q(id) + " prohibits modification"
                          : name + " of " + Q(id) + " states no modification terms");
    }
    std::vector<std::string> terms = other;
    if (!permitting.empty()) {
      terms.push_back(Join(permitting, ", ") + (permitting.size() == 1 ? " permits" : " permit") +
                      " modification");
    }
    std::string weights = m->weights.availability == "local" ? "the weights are held locally"
                          : m->weights.availability == "api"
                              ? "the weights are reachable only as a remote API, so they cannot "
                                "be retrained locally"
                              : "where the weights are held is not stated";
    blocked |= m->weights.availability == "api";
    unknown |= m->weights.availability != "local";
    std::string verdict = blocked ? "No" : unknown ? "Not established" : "Yes";
    std::string body =
        verdict + ": " + Join(terms, "; ") + "; " + weights + "; " +
        (servers.empty()
             ? "no licence-server endpoint is called"
             : Join(servers, "; ") + (rented ? " (independence is rented, not bought)" : "")) +
        ".";
    auto& g = groups[body];
    if (g.empty()) order.push_back(body);
    g.push_back(m->id);
  }
  std::vector<std::string> sentences;
  for (const std::string& body : order) {
    sentences.push_back("Retraining " + QuoteList(groups[body]) +
                        " without the upstream vendor's permission? " + body);
  }
  return Capped(sentences, "answers");
}

// "'x' and 'y' were trained federated (step of 'x'): aggregated by ... on 'sg-gpu';
// participants bank-ph (PH) on 'ph-gpu' with 'ph-loan-files', ...; updates protected by ...".
std::string FederatedText(const Facts& facts, const std::vector<const DeployedModel*>& models) {
  std::vector<std::string> sentences;
  for (const DeployedModel* m : models) {
    const ModelNode* n = facts.Node(facts.NearestTrainingStep(m->id));
    if (n == nullptr || !n->training.federated.present) continue;
    const FederatedTraining& fed = n->training.federated;
    std::vector<std::string> parts;
    for (const FederatedParticipant& p : fed.participants) {
      parts.push_back(Who(facts, p.operator_id) + " on " + QuoteList(p.infrastructure, 3) +
                      " with " + QuoteList(p.datasets, 3));
    }
    sentences.push_back(Q(m->id) + " was trained federated (the step of " + Q(n->id) +
                        "): aggregated by " + Who(facts, fed.aggregator_operator) + " on " +
                        QuoteList(fed.aggregator_infrastructure, 3) + "; participants " +
                        Join(parts, "; ") + "; raw data goes only to each participant's own "
                        "infrastructure, " +
                        (fed.protection.empty()
                             ? "and its model updates are not protected."
                             : "and its model updates are protected by " +
                                   Join(fed.protection, " and ") + "."));
  }
  return sentences.empty() ? "" : Capped(sentences, "federated models");
}

}  // namespace

std::map<std::string, std::string> AnswerQuestions(const Facts& facts,
                                                   const DeploymentReport& report) {
  std::vector<const DeployedModel*> models = SortedModels(facts, report);
  std::string q1 = AnswerQ1(facts, models);
  std::string federated = FederatedText(facts, models);
  if (!federated.empty()) q1 += " " + federated;
  return {{"Q1", q1},
          {"Q2", AnswerQ2(facts, models)},
          {"Q3", phrases::AnswerQ3(facts, report, models)},
          {"Q4", phrases::AnswerQ4(facts, models)}};
}

}  // namespace sov
