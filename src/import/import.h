#pragma once
// `sovaudit import` and third-party `provenance:` files: reads a Hugging Face model card,
// CycloneDX ML-BOM, SPDX 3 JSON-LD, GGUF or safetensors file into a ProvenanceDoc
// (formats.md). What the file does not say stays unknown; what it says that cannot be mapped
// is listed in ProvenanceDoc::unmapped.

#include <string>

#include "src/catalog/catalog.h"
#include "src/import/doc.h"
#include "src/util/input.h"

namespace sov::import {

struct ImportOptions {
  Format from = Format::kAuto;  // kAuto: detect by content
  std::string model_id;         // the model's id; "" derives one from the file
  // Gives a URL's file a local copy (its checked bytes); nullptr: a URL is an input error.
  InputReader* inputs = nullptr;
};

// The format of `path` by content: "GGUF" magic; an 8-byte little-endian length followed by
// '{' (safetensors); JSON with bomFormat CycloneDX, or with @context naming spdx or @graph
// (SPDX 3); otherwise text (a model card, with or without front matter). Throws Error when the
// file cannot be read or is JSON of neither kind.
Format DetectFormat(const std::string& path);

// Reads `path` as `options.from` (detected when kAuto). Throws Error (exit 2) with
// file:line:column for unreadable or malformed input; never crashes on hostile input.
ProvenanceDoc Import(const std::string& path, const Catalog& catalog,
                     const ImportOptions& options);

}  // namespace sov::import
