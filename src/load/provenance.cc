// Model provenance v1: the `model` form, `lineage` entries, licences and training steps, and
// whole provenance documents (files or inline mappings).

#include <algorithm>

#include "src/load/hints.h"
#include "src/load/load_state.h"
#include "src/load/merge.h"
#include "src/util/text.h"

namespace sov::load {
namespace {

constexpr std::string_view kCatalogPrefix = "catalog:";

const std::vector<std::string>& Relations() {
  static const std::vector<std::string> kValues = {
      "pretrained", "continued-pretraining", "finetune", "adapter", "distillation", "merge",
      "quantized"};
  return kValues;
}

bool SameLicence(const LicenceRef& a, const LicenceRef& b) {
  return a.present == b.present && a.id == b.id && a.name == b.name && a.url == b.url &&
         a.modification == b.modification && a.commercial == b.commercial &&
         a.revocable == b.revocable && a.remote_restriction == b.remote_restriction;
}

bool SameNode(const ModelNode& a, const ModelNode& b) {
  return a.id == b.id && a.name == b.name && a.version == b.version &&
         a.developer == b.developer && a.relation == b.relation && a.base == b.base &&
         SameLicence(a.licence, b.licence) && a.training.present == b.training.present &&
         a.training.datasets == b.training.datasets &&
         a.training.operator_id == b.training.operator_id &&
         a.training.infrastructure == b.training.infrastructure;
}

LicenceRef ParseLicence(const LoadState& st, const std::string& file, const YAML::Node& node,
                        std::string_view key) {
  LicenceRef lic;
  lic.present = true;
  lic.loc = Loc(file, node);
  Location id_loc = lic.loc;
  if (node.IsScalar()) {
    lic.id = node.Scalar();  // shorthand: `license: apache-2.0`
  } else {
    Fields f(file, node, key, {"id", "name", "url", "terms"});
    if (f.Has("id")) {
      if (f.Has("name") || f.Has("url") || f.Has("terms")) {
        throw Error(f.loc(), "'" + std::string(key) +
                                 "' takes either a catalogue 'id' or inline 'name', 'url' and "
                                 "'terms', not both");
      }
      lic.id = f.String("id");
      id_loc = f.ValueLoc("id");
    } else {
      if (!f.Has("name")) {
        throw Error(f.loc(), "missing required key 'id' (a catalogue licence) or 'name' (an "
                             "inline licence)");
      }
      lic.name = f.String("name");
      lic.url = f.String("url");
      if (f.Has("terms")) {
        Fields t(file, f.Get("terms"), "terms",
                 {"modification", "commercial", "revocable", "remote_restriction"});
        lic.modification = t.Enum("modification", {"permitted", "consent", "prohibited"});
        lic.commercial =
            t.Enum("commercial", {"permitted", "threshold", "consent", "prohibited"});
        lic.revocable = t.Bool("revocable");
        lic.remote_restriction = t.Bool("remote_restriction");
      }
      return lic;
    }
  }
  if (st.catalog.FindLicence(lic.id) == nullptr) {
    throw Error(id_loc, "unknown licence '" + EscapeControl(lic.id) + "'" +
                            DidYouMean(lic.id, st.catalog.LicenceIds()));
  }
  return lic;
}

// `training.federated`: the aggregator, the participants (each with at least one dataset) and
// the protection of the updates.
FederatedTraining ParseFederated(LoadState& st, const std::string& file, const YAML::Node& node) {
  Fields f(file, node, "federated", {"aggregator", "participants", "protection"});
  FederatedTraining fed;
  fed.present = true;
  fed.loc = f.loc();
  f.Require("aggregator");
  Fields agg(file, f.Get("aggregator"), "aggregator", {"operator", "infrastructure"});
  fed.aggregator_operator = agg.Id("operator", true);
  st.Ref(RefKind::kOrganization, fed.aggregator_operator, agg.ValueLoc("operator"));
  std::vector<Location> locs;
  fed.aggregator_infrastructure = agg.IdList("infrastructure", true, &locs);
  if (fed.aggregator_infrastructure.empty()) {
    throw Error(agg.ValueLoc("infrastructure"),
                "the aggregator's 'infrastructure' must name where the updates are aggregated");
  }
  st.Refs(RefKind::kInfrastructure, fed.aggregator_infrastructure, locs);
  f.Require("participants");
  for (const YAML::Node& item : ListOf(file, f.Get("participants"), "participants")) {
    Fields p(file, item, "participants[]", {"operator", "infrastructure", "datasets"});
    FederatedParticipant part;
    part.loc = p.loc();
    part.operator_id = p.Id("operator", true);
    st.Ref(RefKind::kOrganization, part.operator_id, p.ValueLoc("operator"));
    locs.clear();
    part.infrastructure = p.IdList("infrastructure", true, &locs);
    if (part.infrastructure.empty()) {
      throw Error(p.ValueLoc("infrastructure"), "participant '" + part.operator_id +
                                                    "' names no 'infrastructure': where it trains");
    }
    st.Refs(RefKind::kInfrastructure, part.infrastructure, locs);
    locs.clear();
    part.datasets = p.IdList("datasets", false, &locs);
    if (part.datasets.empty()) {
      throw Error(p.Has("datasets") ? p.ValueLoc("datasets") : p.loc(),
                  "participant '" + part.operator_id + "' of a federated step names no "
                  "'datasets': a participant trains on its own data");
    }
    st.Refs(RefKind::kDataset, part.datasets, locs);
    fed.participants.push_back(std::move(part));
  }
  if (fed.participants.empty()) {
    throw Error(f.ValueLoc("participants"), "a federated step needs at least one participant");
  }
  std::vector<Location> where;
  fed.protection = f.StringList("protection", false, &where);
  static const std::vector<std::string> kProtections = {"secure-aggregation",
                                                        "differential-privacy"};
  for (size_t i = 0; i < fed.protection.size(); ++i) {
    if (std::find(kProtections.begin(), kProtections.end(), fed.protection[i]) ==
        kProtections.end()) {
      throw Error(where[i], "unknown protection '" + EscapeControl(fed.protection[i]) +
                                "' (secure-aggregation or differential-privacy)" +
                                DidYouMean(fed.protection[i], kProtections));
    }
  }
  return fed;
}

void AddOnce(std::vector<std::string>& list, const std::string& id) {
  if (std::find(list.begin(), list.end(), id) == list.end()) list.push_back(id);
}

TrainingStep ParseTraining(LoadState& st, const std::string& file, const YAML::Node& node) {
  Fields f(file, node, "training", {"datasets", "operator", "infrastructure", "federated"});
  TrainingStep t;
  t.present = true;
  t.loc = f.loc();
  if (f.Has("federated")) {
    for (const char* central : {"datasets", "operator", "infrastructure"}) {
      if (f.Has(central)) {
        throw Error(f.KeyLoc(central), std::string("a federated step states '") + central +
                                           "' per participant and for the aggregator, not "
                                           "beside 'federated'");
      }
    }
    t.federated = ParseFederated(st, file, f.Get("federated"));
    // Every rule that reads a training step sees the aggregator and every participant.
    t.operator_id = t.federated.aggregator_operator;
    for (const std::string& i : t.federated.aggregator_infrastructure) AddOnce(t.infrastructure, i);
    for (const FederatedParticipant& p : t.federated.participants) {
      for (const std::string& i : p.infrastructure) AddOnce(t.infrastructure, i);
      for (const std::string& d : p.datasets) AddOnce(t.datasets, d);
    }
    return t;
  }
  std::vector<Location> locs;
  t.datasets = f.IdList("datasets", false, &locs);
  st.Refs(RefKind::kDataset, t.datasets, locs);
  t.operator_id = f.Id("operator");
  st.Ref(RefKind::kOrganization, t.operator_id, f.ValueLoc("operator"));
  locs.clear();
  t.infrastructure = f.IdList("infrastructure", false, &locs);
  st.Refs(RefKind::kInfrastructure, t.infrastructure, locs);
  return t;
}

// The `base` of a node: one id or a list; each a lineage id or catalog:<hf-id>.
std::vector<std::string> ParseBase(const Catalog& catalog, const Fields& f,
                                   std::vector<Location>* locs) {
  std::vector<std::string> base;
  YAML::Node node = f.Get("base");
  if (node.IsScalar()) {
    base.push_back(node.Scalar());
    locs->push_back(f.ValueLoc("base"));
  } else if (node.IsSequence()) {
    base = f.StringList("base", false, locs);
  } else if (node.IsDefined() && !node.IsNull()) {
    throw Error(f.ValueLoc("base"),
                "'base' must be a string or a list, not " + Describe(node));
  }
  for (size_t i = 0; i < base.size(); ++i) {
    if (base[i].rfind(kCatalogPrefix, 0) == 0) {
      if (base[i].size() == kCatalogPrefix.size()) {
        throw Error((*locs)[i], "'catalog:' must be followed by a catalogue model id");
      }
    } else if (std::string hint = CatalogPrefixHint(catalog, base[i]); !hint.empty()) {
      // Not an id (a catalogue id has upper case): the catalogue prefix is missing.
      try {
        CheckId(base[i], (*locs)[i]);
      } catch (const Error&) {
        throw Error((*locs)[i], "unknown base model '" + EscapeControl(base[i]) +
                                    "': not a lineage id or catalog:<id>" + hint);
      }
    } else {
      CheckId(base[i], (*locs)[i]);
    }
  }
  return base;
}

// One lineage node in the `model` form; `default_id` is used when `id` is absent.
std::string ParseNode(LoadState& st, const std::string& file, const YAML::Node& node,
                      std::string_view what, const std::string& default_id) {
  Fields f(file, node, what,
           {"id", "name", "version", "developer", "relation", "base", "license", "licence",
            "training"});
  ModelNode n;
  n.id = f.Has("id") || default_id.empty() ? f.Id("id", true) : default_id;
  if (!default_id.empty() && n.id != default_id) {
    throw Error(f.ValueLoc("id"), "provenance model id '" + n.id +
                                      "' does not match the deployed model id '" + default_id +
                                      "'");
  }
  n.name = f.String("name");
  n.version = f.String("version");
  // Imported documents leave out what their source does not state: it stays unknown.
  n.developer = f.Id("developer", !st.imported);
  st.Ref(RefKind::kOrganization, n.developer, f.ValueLoc("developer"));
  n.relation = f.Enum("relation", Relations(), !st.imported);
  std::vector<Location> base_locs;
  n.base = ParseBase(st.catalog, f, &base_locs);
  if (n.relation == "pretrained" && !n.base.empty()) {
    throw Error(f.KeyLoc("base"), "a 'pretrained' model has no base: remove 'base' or "
                                  "change 'relation'");
  }
  if (n.relation != "pretrained" && !n.relation.empty() && n.base.empty()) {
    throw Error(f.ValueLoc("relation"),
                "relation '" + n.relation + "' needs a 'base' (the model it was made from)");
  }
  if (n.relation != "merge" && !n.relation.empty() && n.base.size() > 1) {
    throw Error(f.ValueLoc("base"), "relation '" + n.relation +
                                        "' takes exactly one base; only 'merge' lists several");
  }
  if (f.Has("license") && f.Has("licence")) {
    throw Error(f.KeyLoc("licence"), "give either 'license' or 'licence', not both");
  }
  std::string_view lic_key = f.Has("licence") ? "licence" : "license";
  if (f.Has(lic_key)) n.licence = ParseLicence(st, file, f.Get(lic_key), lic_key);
  if (f.Has("training")) n.training = ParseTraining(st, file, f.Get("training"));
  n.loc = f.loc();

  std::string id = n.id;
  auto [it, inserted] = st.dep.nodes.try_emplace(id);
  if (!inserted) {
    const ModelNode& first = it->second;
    if (first.loc.file != n.loc.file && SameNode(first, n)) return id;
    ThrowDuplicate("model", id, first.loc, n.loc);
  }
  it->second = std::move(n);
  st.base_locs[id] = std::move(base_locs);
  return id;
}

}  // namespace

void CheckHeader(const Fields& f, std::string_view kind, bool required) {
  if (required) {
    f.Require("apiVersion");
    f.Require("kind");
  }
  if (f.Has("apiVersion") && f.String("apiVersion") != "sovaudit/v1") {
    throw Error(f.ValueLoc("apiVersion"), "unsupported apiVersion '" +
                                              EscapeControl(f.String("apiVersion")) +
                                              "' (expected 'sovaudit/v1')");
  }
  if (f.Has("kind") && f.String("kind") != kind) {
    throw Error(f.ValueLoc("kind"), "expected kind '" + std::string(kind) + "', not '" +
                                        EscapeControl(f.String("kind")) + "'");
  }
}

std::string ParseModelForm(LoadState& st, const std::string& file, const YAML::Node& node,
                           const std::string& default_id) {
  return ParseNode(st, file, node, "provenance", default_id);
}

namespace {

// `imported_from: {file, format}` marks a document written by `sovaudit import`; only such a
// document may carry `reported_evaluations` (results the source reports; not audited).
void ParseImportKeys(const Fields& f) {
  if (f.Has("imported_from")) {
    Fields src(f.file(), f.Get("imported_from"), "imported_from", {"file", "format"});
    src.String("file", true);
    src.Enum("format", {"hf-card", "cyclonedx", "spdx", "gguf", "safetensors"}, true);
  }
  if (!f.Has("reported_evaluations")) return;
  if (!f.Has("imported_from")) {
    throw Error(f.KeyLoc("reported_evaluations"),
                "'reported_evaluations' is only allowed in documents written by sovaudit "
                "import (with 'imported_from'); declare evaluations in the deployment");
  }
  for (const YAML::Node& item : ListOf(f.file(), f.Get("reported_evaluations"),
                                       "reported_evaluations")) {
    Fields(f.file(), item, "reported_evaluations[]", {"task", "dataset", "metrics", "source"});
  }
}

// Sets st.imported for the lifetime of one document.
class ImportedScope {
 public:
  ImportedScope(LoadState& st, bool imported) : st_(st) { st_.imported = imported; }
  ~ImportedScope() { st_.imported = false; }
  ImportedScope(const ImportedScope&) = delete;
  ImportedScope& operator=(const ImportedScope&) = delete;

 private:
  LoadState& st_;
};

}  // namespace

std::string ParseProvenanceDocument(LoadState& st, const std::string& file,
                                    const YAML::Node& doc, const std::string& expect_id,
                                    bool require_header) {
  Fields f(file, doc, "provenance",
           {"apiVersion", "kind", "model", "lineage", "organizations", "datasets",
            "infrastructure", "imported_from", "reported_evaluations"});
  CheckHeader(f, "ModelProvenance", require_header);
  ParseImportKeys(f);
  ImportedScope scope(st, f.Has("imported_from"));
  f.Require("model");
  if (f.Has("organizations")) ParseOrganizations(st, file, f.Get("organizations"));
  if (f.Has("infrastructure")) ParseInfrastructure(st, file, f.Get("infrastructure"));
  if (f.Has("datasets")) ParseDatasets(st, file, f.Get("datasets"));

  std::string id = ParseNode(st, file, f.Get("model"), "model", expect_id);
  if (f.Has("lineage")) {
    for (const YAML::Node& item : ListOf(file, f.Get("lineage"), "lineage")) {
      ParseNode(st, file, item, "lineage[]", "");
    }
  }
  return id;
}

}  // namespace sov::load
