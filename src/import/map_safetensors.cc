// safetensors (formats.md): the header's __metadata__, and the files a Hugging Face model
// folder keeps beside the weights: README.md (a card), config.json and LICENSE.

#include <filesystem>
#include <fstream>

#include "src/parse/json_text.h"
#include "src/import/map_common.h"
#include "src/import/readers.h"
#include "src/import/safetensors.h"
#include "src/util/fs.h"
#include "src/util/text.h"

namespace fs = std::filesystem;

namespace sov::import {
using parse::ParseJson;
using parse::Str;
using parse::Arr;
namespace {

// Licences recognised by the title line of a LICENSE file (catalogue ids).
struct Title {
  std::string_view words, id;
};
constexpr Title kTitles[] = {
    {"apache license", "apache-2.0"},
    {"mit license", "mit"},
    {"llama 3.3 community license", "llama3.3"},
    {"llama 3.2 community license", "llama3.2"},
    {"llama 3.1 community license", "llama3.1"},
    {"meta llama 3 community license", "llama3"},
    {"gemma terms of use", "gemma"},
};


// The licence id of a LICENSE text, by its first non-blank line; "" when not recognised.
std::string LicenceByTitle(const std::string& text, std::string* title) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    size_t start = line.find_first_not_of(" \t\r");
    if (start == std::string::npos) continue;
    *title = line.substr(start);
    std::string low = AsciiLower(*title);
    for (const Title& t : kTitles) {
      if (low.find(t.words) != std::string::npos) return std::string(t.id);
    }
    return "";
  }
  return "";
}

void ReadConfig(const fs::path& path, ProvenanceDoc& doc) {
  nlohmann::json config;
  try {
    config = ParseJson(ReadTextFile(path, 16u << 20), path.string());
  } catch (const Error& e) {
    Note(doc, path.filename().string() + ": not used (" + Clip(e.Describe(), 160) + ")");
    return;
  }
  std::string name = Str(config, "_name_or_path");
  if (!name.empty() && doc.model.name.empty()) doc.model.name = name;
  if (const nlohmann::json* arch = Arr(config, "architectures"); arch && !arch->empty() &&
                                                                  (*arch)[0].is_string()) {
    Note(doc, "config.json architectures: " + Clip((*arch)[0].get<std::string>()) +
                  " (no place in provenance)");
  }
}

}  // namespace

void ReadSafetensors(const std::string& file, const Catalog& catalog, ProvenanceDoc& doc) {
  SafetensorsHeader header = ReadSafetensorsHeader(file);
  fs::path dir = fs::path(file).parent_path();
  std::error_code ec;
  fs::path card = dir / "README.md";
  if (fs::is_regular_file(card, ec)) {
    bool preset = !doc.model.id.empty();
    ReadHfCard(ReadTextFile(card), card.string(), catalog, doc);
    // An id the card reader made from the folder name: config.json may still name the model.
    if (!preset && doc.model.name.empty()) doc.model.id.clear();
  } else {
    Note(doc, "no README.md (model card) beside the file");
  }
  fs::path config = dir / "config.json";
  if (fs::is_regular_file(config, ec)) ReadConfig(config, doc);
  fs::path licence = dir / "LICENSE";
  if (fs::is_regular_file(licence, ec)) {
    std::string title;
    std::string id = LicenceByTitle(ReadTextFile(licence), &title);
    if (id.empty()) {
      Note(doc, "LICENSE: '" + Clip(title, 80) + "' is not a licence recognised by its title");
    } else if (!doc.model.licence.present()) {
      doc.model.licence = MapLicence(catalog, id, "", "", "LICENSE", doc);
    } else if (doc.model.licence.id != id) {
      Note(doc, "LICENSE reads as '" + id + "', the card says otherwise: the card's is kept");
    }
  }
  for (const auto& [key, value] : header.metadata) {
    if (key == "format") continue;  // "pt", "tf", ...: how the tensors were saved
    Note(doc, "__metadata__ " + Clip(key, 40) + ": '" + Clip(value, 60) +
                  "' has no place in provenance");
  }
  // Sharded and generic names ("model-00001-of-00004") say nothing: the folder names it.
  std::string fallback = fs::path(file).stem().string();
  if (fallback.rfind("model", 0) == 0 || fallback.rfind("pytorch_model", 0) == 0 ||
      fallback.rfind("diffusion_pytorch_model", 0) == 0) {
    std::string folder = fs::absolute(fs::path(file), ec).parent_path().filename().string();
    if (!folder.empty()) fallback = folder;
  }
  DefaultModelId(doc, fallback);
}

}  // namespace sov::import
