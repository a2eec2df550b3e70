// CycloneDX 1.5-1.7 JSON ML-BOMs (formats.md): the machine-learning-model component, its
// supplier or manufacturer, licences, pedigree ancestors, modelCard datasets and metrics.

#include <algorithm>
#include <cctype>

#include "src/parse/json_text.h"
#include "src/import/map_common.h"
#include "src/import/readers.h"
#include "src/util/text.h"

namespace sov::import {
using parse::Str;
using parse::Obj;
using parse::Arr;
namespace {

using nlohmann::json;

constexpr std::string_view kClassifications[] = {"public", "internal", "confidential",
                                                 "restricted"};

// Components at the top level and nested, depth first (the metadata component first).
void Collect(const json& list, std::vector<const json*>& out) {
  if (!list.is_array()) return;
  for (const json& c : list) {
    if (!c.is_object()) continue;
    out.push_back(&c);
    if (const json* sub = Arr(c, "components")) Collect(*sub, out);
  }
}

std::string FullName(const json& c) {
  std::string group = Str(c, "group"), name = Str(c, "name");
  return group.empty() ? name : name.empty() ? group : group + "/" + name;
}

// The organisation of an organizationalEntity, with its country as an ISO code.
std::string MapEntity(const json& entity, std::string_view what, const Catalog& catalog,
                      ProvenanceDoc& doc) {
  std::string name = Str(entity, "name");
  if (name.empty()) return "";
  std::string code;
  if (const json* address = Obj(entity, "address")) {
    std::string country = Str(*address, "country");
    if (!country.empty()) {
      code = CountryCode(catalog, country);
      if (code.empty()) {
        Note(doc, std::string(what) + ".address.country: '" + Clip(country) +
                      "' is not a country the catalogue knows: jurisdiction unknown");
      }
    }
  }
  return AddOrganization(name, code, doc);
}

Licence MapLicences(const json& c, const Catalog& catalog, ProvenanceDoc& doc) {
  const json* list = Arr(c, "licenses");
  if (list == nullptr || list->empty()) return {};
  if (list->size() > 1) {
    Note(doc, "licenses: " + std::to_string(list->size()) + " licences: not mapped");
    return {};
  }
  const json& entry = (*list)[0];
  if (std::string expr = Str(entry, "expression"); !expr.empty()) {
    return MapLicence(catalog, expr, "", "", "licenses[].expression", doc);
  }
  const json* lic = Obj(entry, "license");
  if (lic == nullptr) return {};
  std::string id = Str(*lic, "id");
  if (!id.empty()) return MapLicence(catalog, id, "", Str(*lic, "url"), "licenses[]", doc);
  std::string name = Str(*lic, "name");
  Licence l = MapLicence(catalog, name, "", Str(*lic, "url"), "licenses[]", doc);
  return l;
}

const json* FindByRef(const std::vector<const json*>& all, const std::string& ref) {
  for (const json* c : all) {
    if (Str(*c, "bom-ref") == ref) return c;
  }
  return nullptr;
}

void MapDataset(const json& d, const std::vector<const json*>& all, const Catalog& catalog,
                ProvenanceDoc& doc) {
  const json* ds = &d;
  if (std::string ref = Str(d, "ref"); !ref.empty()) {
    const json* target = FindByRef(all, ref);
    if (target == nullptr) {
      Note(doc, "modelCard datasets: ref '" + Clip(ref) + "' names no component");
      return;
    }
    ds = target;
    if (const json* data = Arr(*target, "data"); data != nullptr && !data->empty()) {
      ds = &(*data)[0];
    }
  }
  Dataset out;
  out.name = Str(*ds, "name");
  if (out.name.empty()) out.name = FullName(*ds);
  if (const json* contents = Obj(*ds, "contents")) out.url = Str(*contents, "url");
  std::string cls = AsciiLower(Str(*ds, "classification"));
  if (const json* gov = Obj(*ds, "governance")) {
    if (const json* owners = Arr(*gov, "owners"); owners != nullptr && !owners->empty()) {
      if (const json* org = Obj((*owners)[0], "organization")) {
        out.owner = MapEntity(*org, "governance.owners[]", catalog, doc);
      }
    }
  }
  std::string label = out.name.empty() ? std::string("(unnamed)") : Clip(out.name);
  if (std::find(std::begin(kClassifications), std::end(kClassifications), cls) ==
      std::end(kClassifications)) {
    Note(doc, "dataset '" + label + "': classification " +
                  (cls.empty() ? std::string("not stated") : "'" + Clip(cls) + "' not known") +
                  ": not declared");
    return;
  }
  if (cls != "public") {
    // Where it is stored is not stated, and residency cannot be judged without it.
    Note(doc, "dataset '" + label + "' is " + cls +
                  ": declare it with stored_in in the deployment manifest");
    return;
  }
  out.classification = cls;
  doc.model.training_datasets.push_back(AddDataset(out, doc));
}

}  // namespace

void ReadCycloneDx(const json& bom, const std::string& file, const Catalog& catalog,
                   ProvenanceDoc& doc) {
  std::vector<const json*> all;
  if (const json* meta = Obj(bom, "metadata")) {
    if (const json* mc = Obj(*meta, "component")) all.push_back(mc);
  }
  if (const json* comps = Arr(bom, "components")) Collect(*comps, all);
  std::vector<const json*> models;
  for (const json* c : all) {
    if (Str(*c, "type") == "machine-learning-model") models.push_back(c);
  }
  if (models.empty()) {
    throw Error(Location{file}, "the BOM has no component of type machine-learning-model");
  }
  if (models.size() > 1) {
    Note(doc, std::to_string(models.size() - 1) +
                  " further machine-learning-model component(s) not mapped (the first, or the "
                  "metadata component, is the model)");
  }
  const json& m = *models[0];
  Node& model = doc.model;
  model.name = FullName(m);
  model.version = Str(m, "version");
  if (const json* maker = Obj(m, "manufacturer")) {
    model.developer = MapEntity(*maker, "manufacturer", catalog, doc);
  }
  if (model.developer.empty()) {
    if (const json* supplier = Obj(m, "supplier")) {
      model.developer = MapEntity(*supplier, "supplier", catalog, doc);
    }
  }
  if (std::string pub = Str(m, "publisher"); !pub.empty() && model.developer.empty()) {
    Note(doc, "publisher: '" + Clip(pub) + "' (who publishes is not who developed it)");
  }
  model.licence = MapLicences(m, catalog, doc);
  if (const json* hashes = Arr(m, "hashes"); hashes != nullptr && !hashes->empty()) {
    Note(doc, "hashes: pin the weights in the manifest's models[].weights instead");
  }
  if (const json* pedigree = Obj(m, "pedigree")) {
    if (const json* ancestors = Arr(*pedigree, "ancestors")) {
      for (const json& a : *ancestors) {
        std::string ref = HuggingFaceId(Str(a, "purl"));
        if (ref.empty()) ref = FullName(a);
        std::string id = ref.empty() ? "" : AddBase(catalog, ref, doc);
        if (!id.empty()) model.base.push_back(id);
      }
    }
  }
  if (model.base.empty() && HuggingFaceId(Str(m, "purl")).empty() && model.name.empty()) {
    Note(doc, "the model component has no name");
  }
  if (const json* card = Obj(m, "modelCard")) {
    if (const json* params = Obj(*card, "modelParameters")) {
      if (const json* datasets = Arr(*params, "datasets")) {
        for (const json& d : *datasets) MapDataset(d, all, catalog, doc);
      }
    }
    if (const json* qa = Obj(*card, "quantitativeAnalysis")) {
      if (const json* metrics = Arr(*qa, "performanceMetrics"); metrics && !metrics->empty()) {
        ReportedEvaluation e;
        if (const json* params = Obj(*card, "modelParameters")) e.task = Str(*params, "task");
        for (const json& pm : *metrics) {
          std::string type = Str(pm, "type"), slice = Str(pm, "slice");
          if (!slice.empty()) type += " (" + Clip(slice, 60) + ")";
          e.metrics.push_back(Metric{type, Str(pm, "value")});
        }
        doc.evaluations.push_back(std::move(e));
      }
    }
    if (card->contains("considerations")) {
      Note(doc, "modelCard.considerations: no place in provenance");
    }
  }
  if (const json* services = Arr(bom, "services"); services != nullptr && !services->empty()) {
    Note(doc, "services: " + std::to_string(services->size()) +
                  " service(s): endpoints and flows belong in the deployment manifest");
  }
}

}  // namespace sov::import
