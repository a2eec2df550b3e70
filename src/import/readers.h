#pragma once
// Private to src/import: one reader per format. Each fills `doc` (whose source_file, format
// and model.id the caller has set, model.id possibly "") and throws Error (exit 2) with
// file:line:column for input it cannot read.

#include <nlohmann/json.hpp>

#include <string>

#include "src/catalog/catalog.h"
#include "src/import/doc.h"

namespace sov::import {

// A Hugging Face model card: README.md text with YAML front matter (formats.md).
void ReadHfCard(const std::string& text, const std::string& file, const Catalog& catalog,
                ProvenanceDoc& doc);
// A CycloneDX 1.5-1.7 JSON BOM, already parsed.
void ReadCycloneDx(const nlohmann::json& bom, const std::string& file, const Catalog& catalog,
                   ProvenanceDoc& doc);
// SPDX 3.0.1 JSON-LD, already parsed.
void ReadSpdx(const nlohmann::json& graph, const std::string& file, const Catalog& catalog,
              ProvenanceDoc& doc);
// GGUF v2/v3: the header and metadata only (map_gguf.cc).
void ReadGguf(const std::string& file, const Catalog& catalog, ProvenanceDoc& doc);
// safetensors: __metadata__ plus README.md, config.json and LICENSE beside the file.
void ReadSafetensors(const std::string& file, const Catalog& catalog, ProvenanceDoc& doc);

// The model id when the caller gave none: MakeId(name), else MakeId(fallback), else "model".
void DefaultModelId(ProvenanceDoc& doc, const std::string& fallback);

}  // namespace sov::import
