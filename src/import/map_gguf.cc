// GGUF metadata (formats.md, "GGUF") onto provenance: general.* keys only; tensors never read.

#include <algorithm>

#include "src/import/gguf.h"
#include "src/import/map_common.h"
#include "src/import/readers.h"
#include "src/util/text.h"

namespace sov::import {
namespace {

using Meta = std::map<std::string, GgufValue>;

std::string Get(const Meta& meta, const std::string& key) {
  auto it = meta.find(key);
  if (it == meta.end()) return "";
  if (const std::string* s = it->second.AsString()) return *s;
  if (std::optional<uint64_t> n = it->second.AsUnsigned()) return std::to_string(*n);
  return "";
}

uint64_t Count(const Meta& meta, const std::string& key, ProvenanceDoc& doc) {
  auto it = meta.find(key);
  if (it == meta.end()) return 0;
  std::optional<uint64_t> n = it->second.AsUnsigned();
  if (!n) {
    Note(doc, key + ": not an unsigned integer");
    return 0;
  }
  // Indices beyond this are not worth a lookup: the keys would have to exist too.
  return std::min<uint64_t>(*n, meta.size());
}

std::vector<std::string> StringArray(const Meta& meta, const std::string& key) {
  std::vector<std::string> out;
  auto it = meta.find(key);
  if (it == meta.end()) return out;
  if (const auto* items = std::get_if<std::vector<GgufValue>>(&it->second.value)) {
    for (const GgufValue& v : *items) {
      if (const std::string* s = v.AsString()) out.push_back(Clip(*s, 40));
    }
  } else if (const std::string* s = it->second.AsString()) {
    out.push_back(Clip(*s, 40));
  }
  return out;
}

}  // namespace

void ReadGguf(const std::string& file, const Catalog& catalog, ProvenanceDoc& doc) {
  GgufHeader header = ReadGgufHeader(file);
  const Meta& meta = header.metadata;
  Node& model = doc.model;
  model.name = Get(meta, "general.name");
  model.version = Get(meta, "general.version");
  std::string maker = Get(meta, "general.organization");
  if (maker.empty()) maker = Get(meta, "general.author");
  if (!maker.empty()) model.developer = AddOrganization(maker, "", doc);
  model.licence = MapLicence(catalog, Get(meta, "general.license"),
                             Get(meta, "general.license.name"), Get(meta, "general.license.link"),
                             "general.license", doc);
  uint64_t bases = Count(meta, "general.base_model.count", doc);
  for (uint64_t i = 0; i < bases; ++i) {
    std::string prefix = "general.base_model." + std::to_string(i) + ".";
    std::string ref = HuggingFaceId(Get(meta, prefix + "repo_url"));
    if (ref.empty()) ref = HuggingFaceId(Get(meta, prefix + "url"));
    if (ref.empty()) ref = Get(meta, prefix + "name");
    if (ref.empty()) {
      Note(doc, prefix + "*: names no model");
      continue;
    }
    std::string id = AddBase(catalog, ref, doc);
    if (id.empty() || std::find(model.base.begin(), model.base.end(), id) != model.base.end()) {
      continue;
    }
    model.base.push_back(id);
    std::string org = Get(meta, prefix + "organization");
    if (org.empty() || id.rfind("catalog:", 0) == 0) continue;
    for (Node& n : doc.lineage) {
      if (n.id == id && n.developer.empty()) n.developer = AddOrganization(org, "", doc);
    }
  }
  uint64_t datasets = Count(meta, "general.dataset.count", doc);
  for (uint64_t i = 0; i < datasets; ++i) {
    std::string prefix = "general.dataset." + std::to_string(i) + ".";
    Dataset d;
    d.name = Get(meta, prefix + "name");
    std::string url = Get(meta, prefix + "repo_url");
    if (url.empty()) url = Get(meta, prefix + "url");
    d.url = url;
    // Published on the Hugging Face Hub: public (as a card's `datasets`).
    std::string lower = AsciiLower(url);
    if (lower.find("huggingface.co/datasets/") == std::string::npos) {
      Note(doc, prefix + "*: '" + Clip(d.name.empty() ? url : d.name) +
                    "': classification not stated: not declared");
      continue;
    }
    if (d.name.empty()) d.name = url;
    d.classification = "public";
    model.training_datasets.push_back(AddDataset(d, doc));
  }
  for (const char* key : {"general.quantized_by", "general.source.url", "general.source.repo_url",
                          "general.source.huggingface.repository", "general.finetune",
                          "general.basename", "general.url", "general.repo_url"}) {
    std::string v = Get(meta, key);
    if (!v.empty()) Note(doc, std::string(key) + ": '" + Clip(v) + "' has no place in provenance");
  }
  for (const char* key : {"general.tags", "general.languages"}) {
    std::vector<std::string> items = StringArray(meta, key);
    if (items.empty()) continue;
    std::string list;
    for (const std::string& s : items) list += (list.empty() ? "" : ", ") + s;
    Note(doc, std::string(key) + ": " + Clip(list, 200) + " (no place in provenance)");
  }
}

}  // namespace sov::import
