// CycloneDX and SPDX readers, JSON errors with positions, and the shared mapping helpers
// (countries, Hugging Face ids, ids).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <utility>

#include "src/import/import.h"
#include "src/util/error.h"
#include "tests/temp_dir.h"
#include "src/parse/json_text.h"
#include "src/import/map_common.h"

namespace sov::import {
namespace {
namespace fs = std::filesystem;

const std::string kInterop =
    std::string(SOVAUDIT_SOURCE_DIR) + "/tests/data/third_party/provenance/";
const std::string kData = std::string(SOVAUDIT_SOURCE_DIR) + "/tests/data/import/";

ProvenanceDoc ImportFile(const std::string& path, Format from = Format::kAuto) {
  ImportOptions o;
  o.from = from;
  return Import(path, Catalog::Builtin(), o);
}

// `text` as `name` in this test's own folder; returns its path.
std::string Write(const std::string& name, const std::string& text) {
  fs::path p = test::PerTestDir("import_json") / name;
  test::WriteTextFile(p, text);
  return p.string();
}

bool HasNote(const ProvenanceDoc& doc, const std::string& part) {
  for (const std::string& n : doc.unmapped) {
    if (n.find(part) != std::string::npos) return true;
  }
  return false;
}

TEST(ImportCycloneDx, InteropExample) {
  ProvenanceDoc doc = ImportFile(kInterop + "cyclonedx-1.6-machine-learning.json");
  EXPECT_EQ(doc.format, Format::kCycloneDx);
  EXPECT_EQ(doc.model.name, "CompVis/stable-diffusion");
  EXPECT_EQ(doc.model.version, "1.4");
  EXPECT_EQ(doc.model.developer, "");  // only a publisher: not who developed it
  EXPECT_TRUE(HasNote(doc, "publisher: 'Acme Inc'"));
  EXPECT_FALSE(doc.model.licence.present());
  ASSERT_EQ(doc.datasets.size(), 1u);  // "classification": "public"
  EXPECT_EQ(doc.datasets[0].classification, "public");
  EXPECT_EQ(doc.datasets[0].url, "https://example.com/path/to/dataset");
  EXPECT_EQ(doc.model.training_datasets, std::vector<std::string>{doc.datasets[0].id});
  ASSERT_EQ(doc.evaluations.size(), 1u);
  EXPECT_EQ(doc.evaluations[0].metrics.size(), 1u);
}

TEST(ImportCycloneDx, SupplierCountryLicenceAncestorsDatasets) {
  ProvenanceDoc doc = ImportFile(kData + "cyclonedx-supplier.json");
  EXPECT_EQ(doc.model.name, "example-ki/lex-de-7b");
  EXPECT_EQ(doc.model.developer, "example-ki-gmbh");
  EXPECT_EQ(doc.model.licence.id, "apache-2.0");  // SPDX id Apache-2.0 through the catalogue
  EXPECT_EQ(doc.model.base, std::vector<std::string>{"catalog:mistralai/Mistral-7B-v0.3"});
  EXPECT_EQ(doc.model.relation, "");  // pedigree does not say how
  ASSERT_EQ(doc.organizations.size(), 2u);
  EXPECT_EQ(doc.organizations[0].jurisdiction, "DE");  // "Germany"
  EXPECT_EQ(doc.organizations[1].jurisdiction, "DE");  // "DEU"
  ASSERT_EQ(doc.datasets.size(), 1u);
  EXPECT_EQ(doc.datasets[0].owner, "open-law-verein");
  EXPECT_TRUE(HasNote(doc, "'Client contracts' is confidential"));
}

TEST(ImportCycloneDx, TrailingCommaGivesLineAndColumn) {
  std::string path = kData + "cyclonedx-trailing-comma.json";
  try {
    ImportFile(path);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), kExitInput);
    EXPECT_EQ(e.location(), (Location{path, 9, 5}));
    EXPECT_NE(std::string(e.what()).find("trailing comma"), std::string::npos) << e.what();
  }
}

TEST(ImportCycloneDx, NoModelComponentIsAnError) {
  std::string path =
      Write("bom.json", R"({"bomFormat": "CycloneDX", "components": [{"type": "library"}]})");
  EXPECT_THROW(ImportFile(path), Error);
}

TEST(ImportCycloneDx, UnknownCountryStaysUnknown) {
  std::string path = Write("bom.json", R"({"bomFormat": "CycloneDX", "components": [
    {"type": "machine-learning-model", "name": "m",
     "manufacturer": {"name": "Nowhere Inc", "address": {"country": "Atlantis"}}}]})");
  ProvenanceDoc doc = ImportFile(path);
  ASSERT_EQ(doc.organizations.size(), 1u);
  EXPECT_EQ(doc.organizations[0].jurisdiction, "");
  EXPECT_TRUE(HasNote(doc, "'Atlantis'"));
}

TEST(ImportJson, NotABomNorSpdx) {
  EXPECT_THROW(ImportFile(kData + "other.json"), Error);
}

TEST(ImportJson, DepthIsBounded) {
  std::string deep = R"({"bomFormat": "CycloneDX", "x": )" + std::string(200, '[') +
                     std::string(200, ']') + "}";
  EXPECT_THROW(ImportFile(Write("deep.json", deep)), Error);
}

TEST(ImportJson, FromMustMatchTheContent) {
  EXPECT_THROW(ImportFile(kData + "cyclonedx-supplier.json", Format::kSpdx), Error);
}

TEST(ImportJson, PositionOfCountsLinesAndColumns) {
  EXPECT_EQ(parse::PositionOf("ab\ncd\n", 4, "f"), (Location{"f", 2, 2}));
  EXPECT_EQ(parse::PositionOf("ab", 0, "f"), (Location{"f", 1, 1}));
}

TEST(ImportSpdx, InteropExample) {
  ProvenanceDoc doc = ImportFile(kInterop + "spdx-3.0.1-fasttext.json");
  EXPECT_EQ(doc.format, Format::kSpdx);
  EXPECT_EQ(doc.model.name, "Sentiment Demo: A Simple AI Application and its AI BOM Example");
  EXPECT_EQ(doc.model.licence.id, "cc0-1.0");  // hasDeclaredLicense -> CC0-1.0
  EXPECT_TRUE(doc.model.base.empty());
  // trainedOn (from model.bin, inside the package) reaches the dataset package, whose
  // confidentiality is not stated: noted, not declared.
  EXPECT_TRUE(doc.datasets.empty());
  EXPECT_TRUE(HasNote(doc, "'Data after preprocessing'"));
  ASSERT_EQ(doc.evaluations.size(), 1u);
  EXPECT_EQ(doc.evaluations[0].metrics.size(), 3u);  // precision, recall, f1
}

TEST(ImportSpdx, AncestorSupplierDataset) {
  ProvenanceDoc doc = ImportFile(kData + "spdx-lineage.json");
  EXPECT_EQ(doc.model.name, "Acme Chat 8B");  // not its ancestor, listed before it
  EXPECT_EQ(doc.model.developer, "acme-ai-ltd");
  EXPECT_EQ(doc.model.licence.id, "llama3.1");
  EXPECT_EQ(doc.model.base,
            std::vector<std::string>{"catalog:meta-llama/Llama-3.1-8B-Instruct"});
  ASSERT_EQ(doc.datasets.size(), 1u);
  EXPECT_EQ(doc.datasets[0].classification, "public");  // confidentialityLevel clear
}

TEST(ImportMap, CountryCodes) {
  const Catalog& c = Catalog::Builtin();
  // Names, alpha-3 and common non-ISO codes in any case; nothing for what is no country.
  const std::pair<const char*, const char*> kCodes[] = {
      {"United States", "US"}, {"USA", "US"}, {"china", "CN"},    {"Germany", "DE"}, {"DEU", "DE"},
      {"sg", "SG"},            {"UK", "GB"},  {"Atlantis", ""},   {"XX", ""}};
  for (const auto& [name, code] : kCodes) EXPECT_EQ(CountryCode(c, name), code) << name;
}

TEST(ImportMap, HuggingFaceIds) {
  EXPECT_EQ(HuggingFaceId("Qwen/Qwen2.5-7B"), "Qwen/Qwen2.5-7B");
  EXPECT_EQ(HuggingFaceId("https://huggingface.co/org/name/tree/main"), "org/name");
  EXPECT_EQ(HuggingFaceId("pkg:huggingface/org/name@abc"), "org/name");
  EXPECT_EQ(HuggingFaceId("https://huggingface.co/datasets/org/name"), "");
  EXPECT_EQ(HuggingFaceId("https://example.com/org/name"), "");
  EXPECT_EQ(HuggingFaceId("just a name"), "");
}

TEST(ImportMap, MakeId) {
  EXPECT_EQ(MakeId("Qwen/Qwen2.5-7B"), "qwen/qwen2.5-7b");
  EXPECT_EQ(MakeId("  Example KI GmbH!"), "example-ki-gmbh");
  EXPECT_EQ(MakeId("***"), "");
}

}  // namespace
}  // namespace sov::import
