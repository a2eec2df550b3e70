// Layer 1, residency: SOV-1.1 storage, SOV-1.2 serving, SOV-1.3 data flows.

#include <unordered_map>

#include "src/rules/checks.h"
#include "src/util/text.h"

namespace sov::checks {
namespace {

// Judges one infrastructure location for a verdict; `what` says what is there. With a
// `dataset`, the location must lie within that dataset's residency (home when it states none).
void JudgeLocation(const Facts& facts, const std::string& infra_id, const std::string& what,
                   Verdict& v, const std::string& dataset = "") {
  const Infrastructure* infra = facts.Infra(infra_id);
  if (infra == nullptr) {
    v.Unknown(what + " on undeclared infrastructure " + Quote(infra_id));
    return;
  }
  std::string place =
      infra->location.empty()
          ? (infra->region.empty() ? "no stated location" : "unresolved region " + infra->region)
          : infra->location;
  Tri t = dataset.empty() ? facts.CountryDomestic(infra->location)
                          : facts.CountryResident(dataset, infra->location);
  std::string residency = dataset.empty() ? "" : facts.ResidencyText(dataset);
  std::string text = what + " " + Quote(infra_id) + " (" + place + ")";
  v.Add(t, residency.empty() ? text : text + ", outside its residency (" + residency + ")", text);
}

// " within its residency (PH)" for a dataset that states one; " in domestic locations" else.
std::string Within(const Facts& facts, const std::string& dataset) {
  std::string r = facts.ResidencyText(dataset);
  return r.empty() ? " domestic locations" : " its residency (" + r + ")";
}

}  // namespace

void DatasetStorageDomestic(const Context& ctx, std::vector<Finding>& out) {
  const Facts& facts = ctx.facts;
  for (const Dataset& ds : facts.deployment().datasets) {
    std::string subject = "datasets/" + ds.id;
    if (PublicDatasetIsNotApplicable(ctx, ds, out)) continue;
    Verdict v;
    if (ds.stored_in.empty()) v.Unknown("no storage is stated for " + Quote(ds.id));
    for (const std::string& infra : ds.stored_in) {
      JudgeLocation(facts, infra, ds.classification + " dataset " + Quote(ds.id) + " is stored in",
                    v, ds.id);
    }
    Emit(ctx, v, subject,
         ds.classification + " dataset " + Quote(ds.id) + " is stored only in" +
             Within(facts, ds.id) + " (" + Join(ds.stored_in, ", ") + ")",
         ds.loc, {}, out);
  }
}

void ModelServingDomestic(const Context& ctx, std::vector<Finding>& out) {
  const Facts& facts = ctx.facts;
  for (const DeployedModel& m : facts.deployment().models) {
    Verdict v;
    if (m.serving.empty()) {
      v.Unknown("no serving infrastructure is stated for " + Quote(m.id) +
                (m.weights.availability == "api" ? " (for an API model, the vendor's)" : ""));
    }
    for (const std::string& infra : m.serving) {
      JudgeLocation(facts, infra, "model " + Quote(m.id) + " is served from", v);
    }
    Emit(ctx, v, "models/" + m.id,
         "model " + Quote(m.id) + " is served only from domestic locations (" +
             Join(m.serving, ", ") + ")",
         m.loc, {m.id}, out);
  }
}

void DataFlowsDomestic(const Context& ctx, std::vector<Finding>& out) {
  const Facts& facts = ctx.facts;
  std::unordered_map<std::string, std::vector<const DataFlow*>> by_dataset;
  for (const DataFlow& f : facts.Flows()) by_dataset[f.dataset].push_back(&f);
  // An endpoint outside a dataset's residency (or unlocated) that does not say what it
  // receives may receive that dataset: missing is never "nothing" (`receives: []` is).
  auto silent_for = [&](const Dataset& ds) {
    std::vector<std::string> silent;
    for (const Endpoint& e : facts.deployment().endpoints) {
      if (!e.receives_stated && facts.CountryResident(ds.id, e.location) != Tri::kYes) {
        silent.push_back("endpoint " + Quote(e.id) + " (" + CountryText(e.location) +
                         ") does not say what it receives (receives)");
      }
    }
    return silent;
  };

  for (const Dataset& ds : facts.deployment().datasets) {
    std::string subject = "datasets/" + ds.id;
    if (PublicDatasetIsNotApplicable(ctx, ds, out)) continue;
    Verdict v;
    Location where = ds.loc;
    bool located_fail = false;
    size_t count = 0;
    std::vector<std::string> protected_updates;
    auto it = by_dataset.find(ds.id);
    if (it != by_dataset.end()) {
      for (const DataFlow* f : it->second) {
        ++count;
        std::string country;
        bool declared = true;
        if (f->to_kind == "endpoint") {
          const Endpoint* e = facts.EndpointById(f->to);
          declared = e != nullptr;
          if (e) country = e->location;
        } else {
          const Infrastructure* i = facts.Infra(f->to);
          declared = i != nullptr;
          if (i) country = i->location;
        }
        std::string what = f->update ? "updates derived from " + Quote(ds.id) + " flow"
                                     : Quote(ds.id) + " flows";
        std::string text = what + " to " + f->to_kind + " " + Quote(f->to) + " (" +
                           (declared ? CountryText(country) : "undeclared") + ", " + f->why + ")";
        Tri t = declared ? facts.CountryResident(ds.id, country) : Tri::kUnknown;
        std::string residency = facts.ResidencyText(ds.id);
        if (t == Tri::kNo && f->update && !f->protection.empty()) {
          // Protected updates may leave: secure aggregation or differential privacy
          // (manifest.md); the pass names the protection, and rests on its declaration.
          t = Tri::kYes;
          protected_updates.push_back(Quote(f->to) + " (" + CountryText(country) + ") under " +
                                      Join(f->protection, " and "));
        } else if (t == Tri::kNo && !residency.empty()) {
          text += ", outside its residency (" + residency + ")";
        }
        v.Add(t, text, text);
        if (t == Tri::kNo && !located_fail && f->loc.line > 0) {
          where = f->loc;
          located_fail = true;
        }
      }
    }
    for (const std::string& s : silent_for(ds)) v.Unknown(s);
    size_t raw = count - protected_updates.size();
    std::string pass = count == 0 ? "no flow of " + ds.classification + " dataset " + Quote(ds.id) +
                                        " leaves the stated storage"
                       : raw == 0 ? "no raw data of " + ds.classification + " dataset " +
                                        Quote(ds.id) + " leaves" + Within(facts, ds.id)
                       : raw == 1 ? "the one flow of " + ds.classification + " dataset " +
                                        Quote(ds.id) + " stays in" + Within(facts, ds.id)
                                  : "all " + std::to_string(raw) + " flows of " +
                                        ds.classification + " dataset " + Quote(ds.id) +
                                        " stay in" + Within(facts, ds.id);
    if (!protected_updates.empty()) {
      pass += "; only model updates derived from it leave, protected: to " +
              Join(protected_updates, ", ");
    }
    Emit(ctx, v, subject, pass,
         where, {}, out);
  }
}

}  // namespace sov::checks
