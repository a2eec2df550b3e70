#pragma once
// Mapping helpers every reader shares: licences and base models through the catalogue,
// country names to ISO codes, Hugging Face ids from URLs and purls. Each helper records what
// it cannot map in the document's `unmapped` notes; none guesses.

#include <string>
#include <string_view>

#include "src/catalog/catalog.h"
#include "src/import/doc.h"

namespace sov::import {

// "org/name" from a Hugging Face id, a huggingface.co / hf.co URL (any /tree/... suffix
// dropped) or a purl `pkg:huggingface/org/name@rev`; "" when `ref` is none of them.
std::string HuggingFaceId(std::string_view ref);

// A licence named by a source: a catalogue id or alias (Hugging Face or SPDX id, an
// https://spdx.org/licenses/ID URL, `LicenseRef-ID`), else an inline licence with that name
// and unknown terms (noted). "other" takes `other_name` and `other_url` (HF license_name,
// license_link). `what` names the field in notes.
Licence MapLicence(const Catalog& catalog, std::string_view id, std::string_view other_name,
                   std::string_view other_url, std::string_view what, ProvenanceDoc& doc);

// ISO 3166-1 alpha-2 code for a country as sources write it: an alpha-2 or alpha-3 code (any
// case), the catalogue's name (case-insensitive) or a common alias ("USA", "UK", "Korea").
// "" when unknown; the caller notes it.
std::string CountryCode(const Catalog& catalog, std::string_view text);

// The base of doc.model named by a source (Hugging Face id, URL, purl or a plain name):
// `catalog:<id>` when the catalogue knows the model, else the id of a lineage node added to
// `doc` (created once, with the name as written; developer and relation unknown).
std::string AddBase(const Catalog& catalog, std::string_view ref, ProvenanceDoc& doc);

// The id of an organisation named `name` (added once to doc.organizations with the given
// jurisdiction, which may be ""); "" when `name` is empty.
std::string AddOrganization(std::string_view name, std::string_view jurisdiction,
                            ProvenanceDoc& doc);

// Adds a dataset (ids made unique by MakeId of the name) and returns its id.
std::string AddDataset(const Dataset& dataset, ProvenanceDoc& doc);

// Adds `note` to doc.unmapped unless already there.
void Note(ProvenanceDoc& doc, std::string note);

// Text cut to at most `max` bytes at a UTF-8 boundary, for notes.
std::string Clip(std::string_view text, size_t max = 120);

}  // namespace sov::import
