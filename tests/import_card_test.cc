// Hugging Face model cards (src/import/hf_card.cc): the interop card, and the front-matter mess
// of formats.md: no front matter, a non-mapping one, the Norway problem, tabs, aliases, and
// base_model as a URL, a mapping or a list.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>

#include "src/import/emit.h"
#include "src/import/import.h"
#include "src/util/error.h"
#include "tests/temp_dir.h"

namespace sov::import {
namespace {
namespace fs = std::filesystem;

const std::string kInterop =
    std::string(SOVAUDIT_SOURCE_DIR) + "/tests/data/third_party/provenance/";

// `text` as `name` in this test's own folder; returns its path.
std::string Write(const std::string& name, const std::string& text) {
  fs::path p = test::PerTestDir("import_card") / name;
  test::WriteTextFile(p, text);
  return p.string();
}

ProvenanceDoc Card(const std::string& front_matter, const std::string& body = "# Demo Model\n") {
  std::string path = Write("README.md", "---\n" + front_matter + "---\n" + body);
  return Import(path, Catalog::Builtin(), ImportOptions{});
}

// The error importing `path` throws; none (and a failure) when it imports.
std::optional<Error> ImportError(const std::string& path) {
  try {
    Import(path, Catalog::Builtin(), ImportOptions{});
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error";
  return std::nullopt;
}

bool HasNote(const ProvenanceDoc& doc, const std::string& part) {
  for (const std::string& n : doc.unmapped) {
    if (n.find(part) != std::string::npos) return true;
  }
  return false;
}

const Node* Lineage(const ProvenanceDoc& doc, const std::string& id) {
  for (const Node& n : doc.lineage) {
    if (n.id == id) return &n;
  }
  return nullptr;
}

TEST(ImportCard, QwenInteropCard) {
  ProvenanceDoc doc = Import(kInterop + "hf-card-Qwen2.5-7B-Instruct.README.md",
                             Catalog::Builtin(), ImportOptions{});
  EXPECT_EQ(doc.format, Format::kHfCard);
  EXPECT_EQ(doc.model.id, "qwen2.5-7b-instruct");  // from the card's title
  EXPECT_EQ(doc.model.name, "Qwen2.5-7B-Instruct");
  EXPECT_EQ(doc.model.licence.id, "apache-2.0");
  EXPECT_EQ(doc.model.base, std::vector<std::string>{"catalog:Qwen/Qwen2.5-7B"});
  // The card says neither who made it nor how: unknown, not guessed.
  EXPECT_EQ(doc.model.developer, "");
  EXPECT_EQ(doc.model.relation, "");
  EXPECT_TRUE(doc.lineage.empty());
  EXPECT_TRUE(doc.evaluations.empty());  // it has no model-index
  EXPECT_TRUE(HasNote(doc, "language: en"));
  EXPECT_TRUE(HasNote(doc, "pipeline_tag"));
}

TEST(ImportCard, IdFromOptionsWins) {
  std::string path = Write("README.md", "---\nlicense: mit\n---\n# Some Title\n");
  ImportOptions o;
  o.model_id = "lending-llm";
  EXPECT_EQ(Import(path, Catalog::Builtin(), o).model.id, "lending-llm");
}

TEST(ImportCard, NoFrontMatterImportsNothingAndSaysSo) {
  std::string path = Write("README.md", "# Bare Model\n\nlicense: mit (in prose)\n");
  ProvenanceDoc doc = Import(path, Catalog::Builtin(), ImportOptions{});
  EXPECT_EQ(doc.model.id, "bare-model");
  EXPECT_FALSE(doc.model.licence.present());
  EXPECT_TRUE(HasNote(doc, "no YAML front matter"));
}

TEST(ImportCard, NonMappingFrontMatterIsAnErrorWithPosition) {
  std::string path = std::string(SOVAUDIT_SOURCE_DIR) + "/tests/data/import/card-non-mapping.md";
  std::optional<Error> e = ImportError(path);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->exit_code(), kExitInput);
  EXPECT_EQ(e->location(), (Location{path, 2, 1}));
  EXPECT_NE(std::string(e->what()).find("must be a YAML mapping"), std::string::npos);
}

TEST(ImportCard, TabsInIndentationAreAnErrorWithPosition) {
  std::string path = std::string(SOVAUDIT_SOURCE_DIR) + "/tests/data/import/card-tabs.md";
  std::optional<Error> e = ImportError(path);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->location(), (Location{path, 4, 1}));
  EXPECT_NE(std::string(e->what()).find("tab"), std::string::npos);
}

TEST(ImportCard, UnclosedFrontMatterIsAnError) {
  std::string path = Write("README.md", "---\nlicense: mit\n# Title\n");
  EXPECT_THROW(Import(path, Catalog::Builtin(), ImportOptions{}), Error);
}

TEST(ImportCard, YamlSyntaxErrorKeepsTheFilesLineNumbers) {
  std::string path = Write("README.md", "---\nlicense: mit\nbase_model: [a, b\n---\n");
  std::optional<Error> e = ImportError(path);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->location().file, path);
  EXPECT_GE(e->location().line, 3);  // not counted from the front matter's start
}

TEST(ImportCard, NorwayProblemLanguageNoStaysAString) {
  ProvenanceDoc doc = Card("language:\n- no\n- en\nlicense: mit\n");
  EXPECT_TRUE(HasNote(doc, "language: no, en")) << ::testing::PrintToString(doc.unmapped);
  EXPECT_FALSE(HasNote(doc, "false"));
}

TEST(ImportCard, AliasesBaseModelsModelCreatorLanguages) {
  ProvenanceDoc doc = Card(
      "base_models: acme-lab/tiny-base\nmodel_creator: Acme Lab\nlanguages: [de]\n"
      "license: llama3.1\n");
  ASSERT_EQ(doc.model.base, std::vector<std::string>{"acme-lab/tiny-base"});
  const Node* base = Lineage(doc, "acme-lab/tiny-base");
  ASSERT_NE(base, nullptr);
  EXPECT_EQ(base->name, "acme-lab/tiny-base");
  EXPECT_EQ(base->developer, "acme-lab");  // model_creator names who made the base
  EXPECT_EQ(base->relation, "");
  ASSERT_EQ(doc.organizations.size(), 1u);
  EXPECT_EQ(doc.organizations[0].name, "Acme Lab");
  EXPECT_EQ(doc.organizations[0].jurisdiction, "");  // unknown, not guessed
  EXPECT_TRUE(HasNote(doc, "language: de"));
  EXPECT_EQ(doc.model.licence.id, "llama3.1");
}

TEST(ImportCard, BaseModelAsUrl) {
  ProvenanceDoc doc =
      Card("base_model: https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct/tree/main\n"
           "base_model_relation: adapter\n");
  EXPECT_EQ(doc.model.base,
            std::vector<std::string>{"catalog:meta-llama/Llama-3.1-8B-Instruct"});
  EXPECT_EQ(doc.model.relation, "adapter");
}

TEST(ImportCard, BaseModelAsMapping) {
  ProvenanceDoc doc = Card("base_model:\n  name: Qwen/Qwen2.5-7B\n  relation: finetune\n");
  EXPECT_EQ(doc.model.base, std::vector<std::string>{"catalog:Qwen/Qwen2.5-7B"});
  EXPECT_EQ(doc.model.relation, "finetune");
}

TEST(ImportCard, BaseModelListIsAMerge) {
  ProvenanceDoc doc = Card("base_model:\n- Qwen/Qwen2.5-7B\n- someone/other-7b\n");
  EXPECT_EQ(doc.model.base,
            (std::vector<std::string>{"catalog:Qwen/Qwen2.5-7B", "someone/other-7b"}));
  EXPECT_EQ(doc.model.relation, "merge");
}

TEST(ImportCard, UnknownRelationIsNotedNotGuessed) {
  ProvenanceDoc doc = Card("base_model: Qwen/Qwen2.5-7B\nbase_model_relation: distilled\n");
  EXPECT_EQ(doc.model.relation, "");
  EXPECT_TRUE(HasNote(doc, "base_model_relation: 'distilled'"));
}

TEST(ImportCard, QuantizedByMakesAQuantizedNode) {
  ProvenanceDoc doc = Card("base_model: Qwen/Qwen2.5-7B\nquantized_by: Some Quantizer\n");
  EXPECT_EQ(doc.model.relation, "quantized");
  EXPECT_EQ(doc.model.developer, "some-quantizer");
}

TEST(ImportCard, OtherLicenceIsInlineWithUnknownTerms) {
  ProvenanceDoc doc = Card("license: other\nlicense_name: acme-model-licence\n"
                           "license_link: https://acme.example/LICENSE\n");
  EXPECT_EQ(doc.model.licence.id, "");
  EXPECT_EQ(doc.model.licence.name, "acme-model-licence");
  EXPECT_EQ(doc.model.licence.url, "https://acme.example/LICENSE");
  EXPECT_TRUE(HasNote(doc, "terms stay unknown"));
}

TEST(ImportCard, UnknownLicenceIdKeepsItsName) {
  ProvenanceDoc doc = Card("license: weird-licence-9\n");
  EXPECT_EQ(doc.model.licence.id, "");
  EXPECT_EQ(doc.model.licence.name, "weird-licence-9");
}

TEST(ImportCard, DatasetsAreHubDatasetsAndPublic) {
  ProvenanceDoc doc = Card("datasets:\n- HuggingFaceH4/ultrachat_200k\n");
  ASSERT_EQ(doc.datasets.size(), 1u);
  EXPECT_EQ(doc.datasets[0].id, "huggingfaceh4/ultrachat_200k");
  EXPECT_EQ(doc.datasets[0].classification, "public");
  EXPECT_EQ(doc.datasets[0].url, "https://huggingface.co/datasets/HuggingFaceH4/ultrachat_200k");
  EXPECT_EQ(doc.model.training_datasets,
            std::vector<std::string>{"huggingfaceh4/ultrachat_200k"});
}

TEST(ImportCard, ModelIndexResultsAndWhoRanThem) {
  ProvenanceDoc doc = Card(
      "model-index:\n"
      "- name: demo\n"
      "  results:\n"
      "  - task: {type: text-generation}\n"
      "    dataset: {type: cais/mmlu, name: MMLU}\n"
      "    metrics:\n"
      "    - {type: acc, value: 74.2}\n"
      "    source: {name: Open LLM Leaderboard, url: 'https://huggingface.co/spaces/x'}\n");
  ASSERT_EQ(doc.evaluations.size(), 1u);
  const ReportedEvaluation& e = doc.evaluations[0];
  EXPECT_EQ(e.task, "text-generation");
  EXPECT_EQ(e.dataset_type, "cais/mmlu");
  EXPECT_EQ(e.dataset_name, "MMLU");
  ASSERT_EQ(e.metrics.size(), 1u);
  EXPECT_EQ(e.metrics[0].type, "acc");
  EXPECT_EQ(e.metrics[0].value, "74.2");  // source text, never reparsed
  EXPECT_EQ(e.source_name, "Open LLM Leaderboard");
  std::string yaml = EmitProvenanceYaml(doc);
  EXPECT_NE(yaml.find("reported_evaluations:"), std::string::npos);
  EXPECT_NE(yaml.find("Open LLM Leaderboard"), std::string::npos);
}

TEST(ImportCard, EmitIsDeterministicAndEscapes) {
  ProvenanceDoc doc = Card("license: mit\n", "# Title with \"quotes\" and \\ slash\n");
  std::string a = EmitProvenanceYaml(doc), b = EmitProvenanceYaml(doc);
  EXPECT_EQ(a, b);
  EXPECT_NE(a.find("name: \"Title with \\\"quotes\\\" and \\\\ slash\""), std::string::npos) << a;
}

}  // namespace
}  // namespace sov::import
