// Layer 4, base model: SOV-4.1 domestic roots, SOV-4.2 documented lineage, SOV-4.3 root
// licences irrevocable and free of remote restriction.

#include "src/rules/checks.h"
#include "src/util/text.h"

namespace sov::checks {
namespace {

std::string LicenceName(const LicenceTerms& t) {
  if (!t.id.empty()) return "licence " + Quote(t.id);
  return t.name.empty() ? "the inline licence" : "licence " + Quote(t.name);
}

// SOV-4.1: a root's pre-training ran on domestic infrastructure (location, operator and
// provider). No stated infrastructure is unknown here (SOV-4.2 fails it as undocumented).
void JudgePretrainingInfra(const Facts& facts, const ModelNode& root, Verdict& v) {
  const std::vector<std::string>& infra = root.training.infrastructure;
  // A foreign developer already fails the root: unstated infrastructure would add only noise.
  if (infra.empty() && facts.OrgDomestic(root.developer) != Tri::kNo) {
    v.Unknown("the infrastructure root " + Quote(root.id) + " was pretrained on is not stated");
  }
  for (const std::string& id : infra) {
    std::string why;
    Tri t = facts.InfraDomestic(id, &why);
    v.Add(t, "root " + Quote(root.id) + " was pretrained on foreign infrastructure: " + why,
          "root " + Quote(root.id) + " was pretrained on " + Quote(id) + ": " + why);
  }
}

}  // namespace

void RootsDomestic(const Context& ctx, std::vector<Finding>& out) {
  const Facts& facts = ctx.facts;
  for (const DeployedModel& m : facts.deployment().models) {
    Verdict v;
    std::vector<std::string> roots = facts.Roots(m.id);
    for (const std::string& id : facts.Lineage(m.id)) {
      for (const std::string& base : facts.DanglingBases(id)) {
        v.Unknown("base " + Quote(base) + " of " + Quote(id) + " is not in the lineage");
      }
    }
    if (roots.empty()) v.Unknown("the lineage of " + Quote(m.id) + " has no root");
    for (const std::string& id : roots) {
      const ModelNode* n = facts.Node(id);
      if (n->relation != "pretrained") {
        v.Unknown("the lineage stops at " + Quote(id) + ", which is " +
                  (n->relation.empty() ? "of unstated relation" : "a " + n->relation) +
                  " without a stated base, so who pretrained the base is not known");
      } else if (n->developer.empty()) {
        v.Unknown("the developer of root " + Quote(id) + " is not stated");
      } else {
        std::string text =
            "root " + Quote(id) + " was pretrained by " + facts.OrgChain(n->developer);
        v.Add(facts.OrgDomestic(n->developer), text, text);
        JudgePretrainingInfra(facts, *n, v);
      }
    }
    Emit(ctx, v, "models/" + m.id,
         "every root of the lineage of " + Quote(m.id) + " (" + Join(roots, ", ") +
             ") was pretrained by a domestic organisation on domestic infrastructure",
         m.loc, {m.id}, out);
  }
}

void LineageDocumented(const Context& ctx, std::vector<Finding>& out) {
  const Facts& facts = ctx.facts;
  for (const DeployedModel& m : facts.deployment().models) {
    Verdict v;
    const std::vector<std::string>& lineage = facts.Lineage(m.id);
    if (lineage.empty()) v.Fail("no provenance is recorded for " + Quote(m.id));
    for (const std::string& id : lineage) {
      const ModelNode* n = facts.Node(id);
      std::vector<std::string> missing;
      if (n->developer.empty()) missing.push_back("developer");
      if (!n->licence.present) missing.push_back("licence");
      // A quantization or a merge trains nothing, so it has no training data to name.
      bool trains = n->relation != "quantized" && n->relation != "merge";
      bool root = n->base.empty() && n->relation == "pretrained";
      if (root && n->training.infrastructure.empty()) {
        missing.push_back(n->from_catalog ? "pre-training infrastructure (a catalogue entry does "
                                            "not document it)"
                                          : "pre-training infrastructure");
      }
      if (trains && n->training.datasets.empty()) {
        missing.push_back(n->from_catalog ? "training datasets (a catalogue entry does not "
                                            "document them)"
                                          : "training datasets");
      }
      for (const std::string& ds : n->training.datasets) {
        if (facts.DatasetById(ds) == nullptr) missing.push_back("dataset " + Quote(ds));
      }
      if (!missing.empty()) v.Fail(Quote(id) + " does not name its " + Join(missing, ", "));
      for (const std::string& base : facts.DanglingBases(id)) {
        v.Fail("base " + Quote(base) + " of " + Quote(id) + " is not described");
      }
      if (n->base.empty() && n->relation != "pretrained") {
        v.Fail("the path up the lineage ends at " + Quote(id) + ", which is " +
               (n->relation.empty() ? "of unstated relation" : "a " + n->relation) +
               ", not a pretrained root");
      }
    }
    Emit(ctx, v, "models/" + m.id,
         "all " + std::to_string(lineage.size()) + " models in the lineage of " + Quote(m.id) +
             " name developer, licence and training datasets, and end at pretrained roots that "
             "name their pre-training infrastructure",
         m.loc, {m.id}, out);
  }
}

void RootLicenceIrrevocable(const Context& ctx, std::vector<Finding>& out) {
  const Facts& facts = ctx.facts;
  for (const DeployedModel& m : facts.deployment().models) {
    Verdict v;
    Location where = m.loc;
    std::vector<std::string> roots = facts.Roots(m.id);
    if (roots.empty()) v.Unknown("the lineage of " + Quote(m.id) + " has no root");
    for (const std::string& id : roots) {
      const ModelNode* n = facts.Node(id);
      bool known = false;
      LicenceTerms t = facts.LicenceOf(*n, &known);
      std::string lic = LicenceName(t) + " of root " + Quote(id);
      if (!n->licence.present) {
        v.Unknown("the licence of root " + Quote(id) + " is not stated");
        continue;
      }
      if (!known) {
        v.Unknown(lic + " is not in the licence catalogue and states no terms");
        continue;
      }
      if (t.revocable.value_or(false)) v.Fail(lic + " is revocable");
      if (t.remote_restriction.value_or(false)) {
        v.Fail(lic + " lets the licensor restrict use remotely");
      }
      if (!t.revocable) v.Unknown("whether " + lic + " is revocable is not stated");
      if (!t.remote_restriction) {
        v.Unknown("whether " + lic + " allows remote restriction is not stated");
      }
      if (v.status() == Status::kFail && where == m.loc) {
        where = n->licence.loc.line > 0 ? n->licence.loc : m.loc;
      }
    }
    Emit(ctx, v, "models/" + m.id,
         "the licences of the roots of " + Quote(m.id) +
             " are irrevocable and allow no remote restriction",
         where, {m.id}, out);
  }
}

}  // namespace sov::checks
