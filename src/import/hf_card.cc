// Hugging Face model cards: YAML front matter of README.md (formats.md). Scalars are always
// read as their source text (YAML::Node::Scalar), so `- no` stays the language "no".

#include <algorithm>
#include <filesystem>
#include <set>

#include "src/import/map_common.h"
#include "src/import/readers.h"
#include "src/parse/yaml_reader.h"

namespace sov::import {
namespace {

using parse::Describe;
using parse::Loc;

constexpr std::string_view kRelations[] = {"adapter", "merge", "quantized", "finetune"};

// The keys this reader maps; others are listed in one note.
const std::set<std::string, std::less<>> kUsed = {
    "license", "license_name", "license_link", "base_model", "base_models",
    "base_model_relation", "datasets", "dataset", "language", "languages", "model_creator",
    "model_name", "quantized_by", "model-index", "co2_eq_emissions"};

// map[key] when `map` is a mapping holding `key`, else an undefined node. (Indexing a const
// node for a missing key gives an invalid node, which throws when asked its type.)
YAML::Node Child(const YAML::Node& map, std::string_view key) {
  if (!map.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  for (const auto& kv : map) {
    if (kv.first.IsScalar() && kv.first.Scalar() == key) return kv.second;
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

// The value of `key`, or of its alias when `key` is absent.
YAML::Node Either(const YAML::Node& map, std::string_view key, std::string_view alias) {
  YAML::Node v = Child(map, key);
  return v.IsDefined() ? v : Child(map, alias);
}

bool IsClosingLine(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
  return line == "---";
}

// Scalars of a string or a list of strings; others noted.
std::vector<std::string> Scalars(const YAML::Node& node, std::string_view key,
                                 ProvenanceDoc& doc) {
  std::vector<std::string> out;
  if (!node.IsDefined() || node.IsNull()) return out;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
  } else if (node.IsSequence()) {
    for (const YAML::Node& item : node) {
      if (item.IsScalar()) {
        out.push_back(item.Scalar());
      } else if (!item.IsNull()) {
        Note(doc, std::string(key) + ": an entry is " + Describe(item) + ", not a string");
      }
    }
  } else {
    Note(doc, std::string(key) + ": " + Describe(node) + ", not a string or a list");
  }
  return out;
}

std::string ScalarAt(const YAML::Node& map, std::string_view key) {
  YAML::Node v = Child(map, key);
  return v.IsDefined() && v.IsScalar() ? v.Scalar() : "";
}

// `base_model` as a string, URL, list (a merge) or mapping {name|id|model: ..., relation: ...}.
std::vector<std::string> BaseRefs(const YAML::Node& node, ProvenanceDoc& doc,
                                  std::string* relation) {
  if (node.IsMap()) {
    for (std::string_view key : {"name", "id", "model", "repo", "base_model"}) {
      std::string v = ScalarAt(node, key);
      if (!v.empty()) {
        std::string rel = ScalarAt(node, "relation");
        if (!rel.empty()) *relation = rel;
        return {v};
      }
    }
    Note(doc, "base_model: a mapping without 'name', 'id' or 'model'");
    return {};
  }
  return Scalars(node, "base_model", doc);
}

void ReadEvaluations(const YAML::Node& index, ProvenanceDoc& doc) {
  if (!index.IsSequence()) {
    Note(doc, "model-index: " + Describe(index) + ", not a list");
    return;
  }
  for (const YAML::Node& entry : index) {
    YAML::Node results = Child(entry, "results");
    if (!results.IsDefined() || !results.IsSequence()) {
      Note(doc, "model-index: an entry has no 'results' list");
      continue;
    }
    for (const YAML::Node& r : results) {
      if (!r.IsMap()) continue;
      ReportedEvaluation e;
      e.task = ScalarAt(Child(r, "task"), "type");
      e.dataset_type = ScalarAt(Child(r, "dataset"), "type");
      e.dataset_name = ScalarAt(Child(r, "dataset"), "name");
      YAML::Node metrics = Child(r, "metrics");
      if (metrics.IsDefined() && metrics.IsSequence()) {
        for (const YAML::Node& m : metrics) {
          std::string type = ScalarAt(m, "type");
          if (type.empty()) type = ScalarAt(m, "name");
          if (!type.empty()) e.metrics.push_back(Metric{type, ScalarAt(m, "value")});
        }
      }
      e.source_name = ScalarAt(Child(r, "source"), "name");
      e.source_url = ScalarAt(Child(r, "source"), "url");
      doc.evaluations.push_back(std::move(e));
    }
  }
}

// The text of the first `# Title` line of the markdown body, or "".
std::string Title(std::string_view body) {
  size_t pos = 0;
  bool fenced = false;
  while (pos < body.size()) {
    size_t end = body.find('\n', pos);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(pos, end - pos);
    pos = end + 1;
    if (line.rfind("```", 0) == 0) fenced = !fenced;
    if (fenced || line.rfind("# ", 0) != 0) continue;
    line.remove_prefix(2);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    return std::string(line);
  }
  return "";
}

void MapFrontMatter(const YAML::Node& fm, const Catalog& catalog, ProvenanceDoc& doc) {
  Node& model = doc.model;
  // Licence.
  std::vector<std::string> licences = Scalars(Child(fm, "license"), "license", doc);
  if (licences.size() > 1) {
    Note(doc, "license: several licences (" + Clip(licences[0]) + ", ...): not mapped");
  } else {
    model.licence = MapLicence(catalog, licences.empty() ? "" : licences[0],
                               ScalarAt(fm, "license_name"), ScalarAt(fm, "license_link"),
                               "license", doc);
  }
  // Relation and base.
  std::string relation = ScalarAt(fm, "base_model_relation");
  YAML::Node base = Either(fm, "base_model", "base_models");
  std::vector<std::string> refs;
  if (base.IsDefined() && !base.IsNull()) refs = BaseRefs(base, doc, &relation);
  for (const std::string& ref : refs) {
    std::string id = AddBase(catalog, ref, doc);
    if (!id.empty() && std::find(model.base.begin(), model.base.end(), id) == model.base.end()) {
      model.base.push_back(id);
    }
  }
  if (!relation.empty()) {
    if (std::find(std::begin(kRelations), std::end(kRelations), relation) !=
        std::end(kRelations)) {
      model.relation = relation;
    } else {
      Note(doc, "base_model_relation: '" + Clip(relation) + "' is not one of adapter, merge, "
                "quantized, finetune");
    }
  }
  if (model.relation.empty() && model.base.size() > 1) model.relation = "merge";
  if (model.relation == "merge" && model.base.size() < 2) model.relation.clear();
  if (!model.relation.empty() && model.relation != "merge" && model.base.size() > 1) {
    Note(doc, "base_model_relation: '" + model.relation + "' with several base models");
    model.relation.clear();
  }
  if (!model.relation.empty() && model.base.empty()) {
    Note(doc, "base_model_relation: '" + model.relation + "' but no base_model");
    model.relation.clear();
  }
  // Who made it.
  std::string quantizer = ScalarAt(fm, "quantized_by");
  if (!quantizer.empty() && !model.base.empty() &&
      (model.relation.empty() || model.relation == "quantized")) {
    model.developer = AddOrganization(quantizer, "", doc);
    model.relation = "quantized";
  } else if (!quantizer.empty()) {
    Note(doc, "quantized_by: '" + Clip(quantizer) + "' without a base model");
  }
  std::string creator = ScalarAt(fm, "model_creator");
  if (!creator.empty()) {
    // In cards of derived models model_creator names who made the base.
    Node* target = nullptr;
    if (model.base.size() == 1) {
      for (Node& n : doc.lineage) {
        if (n.id == model.base[0]) target = &n;
      }
    }
    if (target != nullptr) {
      target->developer = AddOrganization(creator, "", doc);
    } else {
      Note(doc, "model_creator: '" + Clip(creator) + "' (the base model is not in the "
                "lineage, or there is not exactly one)");
    }
  }
  // Training data: Hugging Face Hub dataset ids, published and so public.
  YAML::Node ds = Either(fm, "datasets", "dataset");
  for (const std::string& name : Scalars(ds, "datasets", doc)) {
    Dataset d;
    d.name = name;
    std::string hf = HuggingFaceId(name);
    if (!hf.empty()) d.url = "https://huggingface.co/datasets/" + hf;
    d.classification = "public";
    std::string id = AddDataset(d, doc);
    if (std::find(model.training_datasets.begin(), model.training_datasets.end(), id) ==
        model.training_datasets.end()) {
      model.training_datasets.push_back(id);
    }
  }
  // What has no place in provenance v1 is kept in the notes.
  YAML::Node lang = Either(fm, "language", "languages");
  std::vector<std::string> langs = Scalars(lang, "language", doc);
  if (!langs.empty()) {
    std::string list;
    for (const std::string& l : langs) list += (list.empty() ? "" : ", ") + Clip(l, 20);
    Note(doc, "language: " + list + " (provenance v1 has no languages)");
  }
  std::string where = ScalarAt(Child(fm, "co2_eq_emissions"), "geographical_location");
  if (!where.empty()) {
    Note(doc, "co2_eq_emissions.geographical_location: '" + Clip(where) +
                  "' (free text, not an infrastructure element)");
  }
  if (Child(fm, "model-index").IsDefined() && !Child(fm, "model-index").IsNull()) {
    ReadEvaluations(Child(fm, "model-index"), doc);
  }
  std::string unused;
  for (const auto& kv : fm) {
    std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    if (!key.empty() && !kUsed.count(key)) unused += (unused.empty() ? "" : ", ") + Clip(key, 40);
  }
  if (!unused.empty()) Note(doc, "keys with no place in provenance: " + unused);
}

}  // namespace

void ReadHfCard(const std::string& text, const std::string& file, const Catalog& catalog,
                ProvenanceDoc& doc) {
  std::string_view all(text);
  if (all.rfind("\xEF\xBB\xBF", 0) == 0) all.remove_prefix(3);  // UTF-8 BOM
  size_t first_end = all.find('\n');
  std::string_view first = all.substr(0, first_end);
  std::string fallback = std::filesystem::path(file).stem().string();
  if (fallback == "README" || fallback == "readme") {
    fallback = std::filesystem::path(file).parent_path().filename().string();
  }
  if (!IsClosingLine(first) || first_end == std::string_view::npos) {
    doc.model.name = Title(all);
    DefaultModelId(doc, fallback);
    Note(doc, "no YAML front matter (a '---' block at line 1): the card states no metadata");
    return;
  }
  // The front matter ends at the next '---' line; positions stay those of the file because the
  // opening '---' is parsed too (it is YAML's document marker).
  size_t pos = first_end + 1, close = std::string_view::npos;
  int line = 2;
  while (pos <= all.size()) {
    size_t end = all.find('\n', pos);
    if (end == std::string_view::npos) end = all.size();
    std::string_view l = all.substr(pos, end - pos);
    size_t indent = l.find_first_not_of(" \t");
    if (indent != std::string_view::npos && l.substr(0, indent).find('\t') != std::string::npos) {
      throw Error(Location{file, line, static_cast<int>(l.find('\t')) + 1},
                  "tab in the indentation of the front matter: YAML indents with spaces only");
    }
    if (IsClosingLine(l)) {
      close = pos;
      break;
    }
    pos = end + 1;
    ++line;
  }
  if (close == std::string_view::npos) {
    throw Error(Location{file, 1, 1}, "front matter opened by '---' at line 1 is not closed by "
                                      "a '---' line");
  }
  YAML::Node fm =
      parse::ParseBounded(std::string(all.substr(0, close)), file, parse::kMaxThirdPartyString);
  doc.model.name = Title(all.substr(close));
  DefaultModelId(doc, fallback);
  if (!fm.IsDefined() || fm.IsNull()) {
    Note(doc, "the front matter is empty: the card states no metadata");
    return;
  }
  if (!fm.IsMap()) {
    throw Error(Loc(file, fm), "the front matter must be a YAML mapping of metadata keys, not " +
                                   Describe(fm));
  }
  MapFrontMatter(fm, catalog, doc);
}

}  // namespace sov::import
