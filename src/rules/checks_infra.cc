// Layer 2, infrastructure: SOV-2.1 operators, SOV-2.2 providers, SOV-2.3 KMS, SOV-2.4
// required endpoints.

#include "src/rules/checks.h"

namespace sov::checks {
namespace {

// SOV-2.1 and SOV-2.2 share everything but the organisation they look at.
void InfraControl(const Context& ctx, bool provider, std::vector<Finding>& out) {
  const Facts& facts = ctx.facts;
  for (const Infrastructure& infra : facts.deployment().infrastructure) {
    std::string subject = "infrastructure/" + infra.id;
    bool stores = facts.StoresNonPublicData(infra.id);
    const Facts::Receiving& received = facts.NonPublicDataReceived(infra.id);
    bool receives = received.any;  // receiving is processing
    const std::set<std::string>& users = facts.ModelsUsingInfra(infra.id);
    if (!stores && !receives && users.empty()) {
      out.push_back(Make(ctx, Status::kNotApplicable, subject,
                         Quote(infra.id) +
                             " neither stores nor receives non-public data, nor serves, trains "
                             "or evaluates a deployed model",
                         infra.loc, {}));
      continue;
    }
    // Stored non-public data, or data sent by a flow of no model, count for every model;
    // otherwise the models that use the element or whose data it receives.
    std::vector<std::string> scope;
    if (!stores && !received.deployment_wide) {
      std::set<std::string> models = users;
      models.insert(received.models.begin(), received.models.end());
      scope.assign(models.begin(), models.end());
    }
    std::string role = stores     ? "stores non-public data"
                       : receives ? "receives non-public data"
                                  : "runs deployed models";
    const std::string& org =
        provider && !infra.provider_id.empty() ? infra.provider_id : infra.operator_id;
    const char* verb = provider ? "provided" : "operated";
    std::string text =
        Quote(infra.id) + " (" + role + ") is " + verb + " by " + facts.OrgChain(org);
    Verdict v;
    if (org.empty()) {
      v.Unknown(Quote(infra.id) + " names no " + (provider ? "provider" : "operator"));
    } else {
      v.Add(facts.OrgDomestic(org), text, text);
    }
    Emit(ctx, v, subject, text, infra.loc, std::move(scope), out);
  }
}

}  // namespace

void InfraOperatorDomestic(const Context& ctx, std::vector<Finding>& out) {
  InfraControl(ctx, false, out);
}

void InfraProviderDomestic(const Context& ctx, std::vector<Finding>& out) {
  InfraControl(ctx, true, out);
}

void DatasetKmsDomestic(const Context& ctx, std::vector<Finding>& out) {
  const Facts& facts = ctx.facts;
  for (const Dataset& ds : facts.deployment().datasets) {
    std::string subject = "datasets/" + ds.id;
    if (PublicDatasetIsNotApplicable(ctx, ds, out)) continue;
    Verdict v;
    const Infrastructure* kms = ds.kms.empty() ? nullptr : facts.Infra(ds.kms);
    if (ds.kms.empty()) {
      v.Fail(ds.classification + " dataset " + Quote(ds.id) + " names no encryption.kms");
    } else if (kms == nullptr) {
      v.Unknown("KMS " + Quote(ds.kms) + " of " + Quote(ds.id) + " is not declared");
    } else {
      const std::string& provider = kms->provider_id.empty() ? kms->operator_id : kms->provider_id;
      std::string op = "KMS " + Quote(kms->id) + " of " + Quote(ds.id) + " is operated by " +
                       facts.OrgChain(kms->operator_id);
      std::string pr = "KMS " + Quote(kms->id) + " of " + Quote(ds.id) + " is provided by " +
                       facts.OrgChain(provider);
      v.Add(facts.OrgDomestic(kms->operator_id), op, op);
      v.Add(facts.OrgDomestic(provider), pr, pr);
    }
    Emit(ctx, v, subject,
         "keys of " + Quote(ds.id) + " are held in KMS " + Quote(ds.kms) +
             ", operated and provided domestically",
         ds.loc, {}, out);
  }
}

void RequiredEndpointsDomestic(const Context& ctx, std::vector<Finding>& out) {
  const Facts& facts = ctx.facts;
  const Deployment& d = facts.deployment();
  if (d.endpoints.empty()) {
    out.push_back(
        Make(ctx, Status::kPass, "deployment", "the deployment calls no endpoint", d.loc, {}));
    return;
  }
  for (const Endpoint& e : d.endpoints) {
    std::string subject = "endpoints/" + e.id;
    if (e.purpose == "licence" || e.required == false) {
      out.push_back(
          Make(ctx, Status::kNotApplicable, subject,
               "endpoint " + Quote(e.id) +
                   (e.purpose == "licence" ? " is a licence check (judged by SOV-3.4)"
                                           : " is not required"),
               e.loc, {}));
      continue;
    }
    Verdict v;
    Tri domestic = facts.OrgDomestic(e.operator_id);
    if (e.required.has_value()) {
      std::string text = "required " + e.purpose + " endpoint " + Quote(e.id) +
                         " is operated by " + facts.OrgChain(e.operator_id);
      v.Add(domestic, text, text);
      Emit(ctx, v, subject, text, e.loc, {}, out);
      continue;
    }
    // `required` left out: the service may stop without it. A domestic operator passes either
    // way; any other is unknown, never a silent pass.
    std::string text = e.purpose + " endpoint " + Quote(e.id) + " is operated by " +
                       facts.OrgChain(e.operator_id) +
                       " and does not say whether the service stops without it (required)";
    if (domestic != Tri::kYes) v.Unknown(text);
    Emit(ctx, v, subject, text, e.loc, {}, out);
  }
}

}  // namespace sov::checks
