// SPDX 3.0.1 JSON-LD with the AI and Dataset profiles (formats.md): the ai_AIPackage, its
// supplier, licence relationships, ancestors and training datasets.

#include <algorithm>
#include <map>
#include <set>

#include "src/parse/json_text.h"
#include "src/import/map_common.h"
#include "src/import/readers.h"

namespace sov::import {
using parse::Str;
using parse::Arr;
namespace {

using nlohmann::json;

struct Rel {
  std::string from, type;
  std::vector<std::string> to;
};

std::string IdOf(const json& e) {
  std::string id = Str(e, "spdxId");
  return id.empty() ? Str(e, "@id") : id;
}

std::string TypeOf(const json& e) {
  std::string t = Str(e, "type");
  return t.empty() ? Str(e, "@type") : t;
}

std::vector<std::string> Strings(const json& e, std::string_view key) {
  std::vector<std::string> out;
  if (!e.is_object()) return out;
  auto it = e.find(key);
  if (it == e.end()) return out;
  if (it->is_string()) out.push_back(it->get<std::string>());
  if (it->is_array()) {
    for (const json& v : *it) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    }
  }
  return out;
}

// The SPDX confidentiality levels (TLP-like) as provenance classifications.
std::string Classification(const std::string& level) {
  if (level == "clear") return "public";
  if (level == "green") return "internal";
  if (level == "amber") return "confidential";
  if (level == "red") return "restricted";
  return "";
}

class Graph {
 public:
  explicit Graph(const json& list) {
    for (const json& e : list) {
      if (!e.is_object()) continue;
      std::string type = TypeOf(e);
      if (type == "Relationship" || type == "LifecycleScopedRelationship") {
        rels_.push_back(Rel{Str(e, "from"), Str(e, "relationshipType"), Strings(e, "to")});
        if (rels_.back().type == "contains") {
          for (const std::string& t : rels_.back().to) {
            children_[rels_.back().from].push_back(t);
            parents_[t].push_back(rels_.back().from);
          }
        }
      } else if (std::string id = IdOf(e); !id.empty()) {
        if (elements_.emplace(id, &e).second) order_.push_back(id);
      }
    }
  }

  const json* Find(const std::string& id) const {
    auto it = elements_.find(id);
    return it == elements_.end() ? nullptr : it->second;
  }
  const std::vector<Rel>& rels() const { return rels_; }
  const std::vector<std::string>& order() const { return order_; }  // ids as in the file

  // `id` and everything it contains, transitively.
  std::set<std::string> Contents(const std::string& id) const {
    std::set<std::string> out{id};
    std::vector<std::string> todo{id};
    while (!todo.empty()) {
      std::string cur = todo.back();
      todo.pop_back();
      auto it = children_.find(cur);
      if (it == children_.end()) continue;
      for (const std::string& t : it->second) {
        if (out.insert(t).second) todo.push_back(t);
      }
    }
    return out;
  }

  // The dataset package that is `id` or contains it (transitively), or "".
  std::string DatasetOf(const std::string& id) const {
    std::set<std::string> seen{id};
    std::vector<std::string> todo{id};
    while (!todo.empty()) {
      std::string cur = todo.back();
      todo.pop_back();
      const json* e = Find(cur);
      if (e != nullptr && TypeOf(*e) == "dataset_DatasetPackage") return cur;
      auto it = parents_.find(cur);
      if (it == parents_.end()) continue;
      for (const std::string& p : it->second) {
        if (seen.insert(p).second) todo.push_back(p);
      }
    }
    return "";
  }

 private:
  std::map<std::string, const json*> elements_;
  std::vector<Rel> rels_;
  std::vector<std::string> order_;
  std::map<std::string, std::vector<std::string>> children_, parents_;  // `contains`
};

std::string AgentName(const Graph& g, const std::string& id) {
  const json* e = g.Find(id);
  return e == nullptr ? "" : Str(*e, "name");
}

Licence LicenceOf(const Graph& g, const std::string& pkg, const Catalog& catalog,
                  ProvenanceDoc& doc) {
  for (std::string_view type : {"hasDeclaredLicense", "hasConcludedLicense"}) {
    for (const Rel& r : g.rels()) {
      if (r.from != pkg || r.type != type || r.to.empty()) continue;
      const json* e = g.Find(r.to[0]);
      std::string expr = e == nullptr ? "" : Str(*e, "simplelicensing_licenseExpression");
      return MapLicence(catalog, expr.empty() ? r.to[0] : expr, "", "", type, doc);
    }
  }
  return {};
}

std::string BaseRefOf(const Graph& g, const std::string& id) {
  const json* e = g.Find(id);
  if (e == nullptr) return id;
  for (std::string_view key : {"software_packageUrl", "software_downloadLocation"}) {
    std::string hf = HuggingFaceId(Str(*e, key));
    if (!hf.empty()) return hf;
  }
  std::string name = Str(*e, "name");
  return name.empty() ? id : name;
}

// The AI package the document is about: one named as a rootElement, else the first that is
// no other package's ancestor.
std::string TheModel(const Graph& g) {
  std::set<std::string> roots, ancestors;
  for (const std::string& id : g.order()) {
    for (const std::string& r : Strings(*g.Find(id), "rootElement")) roots.insert(r);
  }
  for (const Rel& r : g.rels()) {
    if (r.type == "ancestorOf") ancestors.insert(r.from);
    if (r.type == "descendantOf") ancestors.insert(r.to.begin(), r.to.end());
  }
  std::string first, free;
  for (const std::string& id : g.order()) {
    if (TypeOf(*g.Find(id)) != "ai_AIPackage") continue;
    if (roots.count(id)) return id;
    if (first.empty()) first = id;
    if (free.empty() && !ancestors.count(id)) free = id;
  }
  return free.empty() ? first : free;
}

}  // namespace

void ReadSpdx(const json& root, const std::string& file, const Catalog& catalog,
              ProvenanceDoc& doc) {
  const json* list = Arr(root, "@graph");
  if (list == nullptr) throw Error(Location{file}, "SPDX 3 JSON-LD without an \"@graph\" list");
  Graph g(*list);
  std::string pkg = TheModel(g);
  if (pkg.empty()) throw Error(Location{file}, "the SPDX document has no ai_AIPackage element");
  const json& p = *g.Find(pkg);
  Node& model = doc.model;
  model.name = Str(p, "name");
  model.version = Str(p, "software_packageVersion");
  for (std::string_view key : {"originatedBy", "suppliedBy"}) {
    std::vector<std::string> agents = Strings(p, key);
    if (!agents.empty() && model.developer.empty()) {
      model.developer = AddOrganization(AgentName(g, agents[0]), "", doc);
    }
  }
  model.licence = LicenceOf(g, pkg, catalog, doc);
  std::set<std::string> parts = g.Contents(pkg);
  std::set<std::string> datasets;
  for (const Rel& r : g.rels()) {
    bool from_model = parts.count(r.from) > 0;
    std::vector<std::string> bases;
    if (r.type == "ancestorOf" &&
        std::any_of(r.to.begin(), r.to.end(), [&](const std::string& t) { return t == pkg; })) {
      bases.push_back(r.from);
    } else if (r.type == "descendantOf" && r.from == pkg) {
      bases = r.to;
    } else if (r.type == "trainedOn" && from_model) {
      for (const std::string& t : r.to) {
        std::string ds = g.DatasetOf(t);
        if (ds.empty()) {
          Note(doc, "trainedOn: '" + Clip(t) + "' is in no dataset_DatasetPackage");
        } else {
          datasets.insert(ds);
        }
      }
    } else if (r.type == "testedOn" && from_model) {
      Note(doc, "testedOn: test data is not part of provenance v1");
    }
    for (const std::string& b : bases) {
      std::string id = AddBase(catalog, BaseRefOf(g, b), doc);
      if (!id.empty() && std::find(model.base.begin(), model.base.end(), id) == model.base.end()) {
        model.base.push_back(id);
      }
    }
  }
  for (const std::string& id : datasets) {
    const json& e = *g.Find(id);
    Dataset d;
    d.name = Str(e, "name");
    d.url = Str(e, "software_downloadLocation");
    std::vector<std::string> owners = Strings(e, "originatedBy");
    if (!owners.empty()) d.owner = AddOrganization(AgentName(g, owners[0]), "", doc);
    d.classification = Classification(Str(e, "dataset_confidentialityLevel"));
    if (d.classification.empty()) {
      Note(doc, "dataset '" + Clip(d.name.empty() ? id : d.name) +
                    "': dataset_confidentialityLevel not stated: not declared");
      continue;
    }
    if (d.classification != "public") {
      Note(doc, "dataset '" + Clip(d.name.empty() ? id : d.name) + "' is " + d.classification +
                    ": declare it with stored_in in the deployment manifest");
      continue;
    }
    model.training_datasets.push_back(AddDataset(d, doc));
  }
  if (const json* metrics = Arr(p, "ai_metric"); metrics != nullptr && !metrics->empty()) {
    ReportedEvaluation e;
    for (const json& m : *metrics) e.metrics.push_back(Metric{Str(m, "key"), Str(m, "value")});
    doc.evaluations.push_back(std::move(e));
  }
  for (std::string_view key : {"ai_typeOfModel", "ai_domain", "ai_informationAboutTraining",
                               "ai_safetyRiskAssessment", "releaseTime"}) {
    if (p.contains(key)) Note(doc, std::string(key) + ": no place in provenance v1");
  }
}

}  // namespace sov::import
