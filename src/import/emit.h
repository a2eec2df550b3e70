#pragma once
// Writes a ProvenanceDoc as sovaudit provenance v1 YAML (manifest.md), deterministically: the
// same document gives the same bytes. The output carries `imported_from` (which makes the
// provenance parser accept unknown developer, relation, jurisdiction and dataset owner) and,
// when the source reports any, `reported_evaluations` (kept for people, ignored by the audit).

#include <string>

#include "src/import/doc.h"

namespace sov::import {

std::string EmitProvenanceYaml(const ProvenanceDoc& doc);

}  // namespace sov::import
