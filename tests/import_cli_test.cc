// `sovaudit import` end to end, and third-party provenance named by a manifest: every interop
// file imports (and its YAML loads back), hand-broken inputs exit 2 with a position, and the
// fixture whose provenance is a model card and a CycloneDX BOM audits.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "src/import/import.h"
#include "src/load/loader.h"
#include "tests/run_binary.h"
#include "tests/temp_dir.h"

namespace sov {
namespace {
namespace fs = std::filesystem;
using test::RunBinary;

const std::string kInterop =
    std::string(SOVAUDIT_SOURCE_DIR) + "/tests/data/third_party/provenance/";
const std::string kData = std::string(SOVAUDIT_SOURCE_DIR) + "/tests/data/import/";

// One folder per test and process, emptied: ctest runs tests in parallel.
fs::path TempDir(const std::string& name) { return test::PerTestDir(name, /*fresh=*/true); }

void WriteFile(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

bool Contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

class ImportInterop : public testing::TestWithParam<std::string> {};

TEST_P(ImportInterop, ImportsAndLoadsBack) {
  std::string file = kInterop + GetParam();
  test::BinaryResult r = RunBinary({"import", file});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "kind: ModelProvenance")) << r.out;
  EXPECT_TRUE(Contains(r.out, "imported_from:"));
  // Notes, one a line, in the documented form.
  if (!r.err.empty()) {
    EXPECT_TRUE(Contains(r.err, "sovaudit: note: " + file + ": could not map: "));
  }
  // The same bytes twice (deterministic), and the YAML loads through the provenance parser.
  EXPECT_EQ(RunBinary({"import", file}).out, r.out);
  fs::path out = TempDir("import_interop") / "p.yaml";
  ASSERT_EQ(RunBinary({"import", file, "--output", out.string()}).code, 0);
  EXPECT_NO_THROW(ValidateFile(out.string(), Catalog::Builtin(), LoadOptions{}));
  EXPECT_NO_THROW(ValidateFile(file, Catalog::Builtin(), LoadOptions{}));
}

INSTANTIATE_TEST_SUITE_P(All, ImportInterop,
                         testing::Values("hf-card-Qwen2.5-7B-Instruct.README.md",
                                         "cyclonedx-1.6-machine-learning.json",
                                         "spdx-3.0.1-fasttext.json"));

TEST(ImportCli, EveryInteropFileIsCovered) {
  size_t n = 0;
  for (const auto& e : fs::directory_iterator(kInterop)) {
    // README.md says where the files come from; it is not one of them.
    n += e.is_regular_file() && e.path().filename() != "README.md";
  }
  EXPECT_EQ(n, 3u) << "a new interop file: add it to ImportInterop";
}

TEST(ImportCli, QwenCardContent) {
  test::BinaryResult r = RunBinary({"import", kInterop + "hf-card-Qwen2.5-7B-Instruct.README.md",
                                    "--id", "qwen-chat"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "id: \"qwen-chat\""));
  EXPECT_TRUE(Contains(r.out, "license: {id: \"apache-2.0\"}"));
  EXPECT_TRUE(Contains(r.out, "base: \"catalog:Qwen/Qwen2.5-7B\""));
  EXPECT_FALSE(Contains(r.out, "developer:"));
  EXPECT_FALSE(Contains(r.out, "relation:"));
}

TEST(ImportCli, BrokenInputsExit2WithPosition) {
  struct Case {
    std::string file, where;
  };
  for (const Case& c : {Case{"cyclonedx-trailing-comma.json", ":9:5: invalid JSON"},
                        Case{"card-tabs.md", ":4:1: tab"},
                        Case{"card-non-mapping.md", ":2:1: the front matter"},
                        Case{"other.json", ":1:1: JSON, but neither"}}) {
    test::BinaryResult r = RunBinary({"import", kData + c.file});
    EXPECT_EQ(r.code, 2) << c.file;
    EXPECT_TRUE(Contains(r.err, "sovaudit: error: " + kData + c.file + c.where)) << r.err;
    EXPECT_TRUE(r.out.empty());
  }
}

TEST(ImportCli, UsageErrors) {
  EXPECT_EQ(RunBinary({"import", kData + "cyclonedx-supplier.json", "--from", "pdf"}).code, 2);
  EXPECT_EQ(RunBinary({"import", kData + "cyclonedx-supplier.json", "--id", "Bad Id"}).code, 2);
  EXPECT_EQ(RunBinary({"import", kData + "missing.json"}).code, 2);
  EXPECT_EQ(RunBinary({"import", kData + "cyclonedx-supplier.json", "--from", "hf-card"}).code,
            0);  // forced as a card: text without front matter, said so
}

TEST(ImportCli, FailedImportLeavesNoOutputFile) {
  fs::path out = TempDir("import_out") / "p.yaml";
  EXPECT_EQ(RunBinary({"import", kData + "card-tabs.md", "-o", out.string()}).code, 2);
  EXPECT_FALSE(fs::exists(out));
}

TEST(ImportCli, FixtureAuditsWithUnknownsNotGuesses) {
  test::BinaryResult r = RunBinary({"audit", "fixtures/imported-provenance", "--format", "json",
                                    "--as-of", "2026-11-21"});
  ASSERT_EQ(r.code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  const nlohmann::json& d = j["deployments"][0];
  EXPECT_EQ(d["achieved_layer"], 2);
  std::vector<std::string> lineage;
  for (const auto& m : d["models"]) {
    if (m["id"] == "qwen2.5-7b-instruct") lineage = m["lineage"].get<std::vector<std::string>>();
  }
  EXPECT_EQ(lineage, (std::vector<std::string>{"qwen2.5-7b-instruct", "catalog:Qwen/Qwen2.5-7B"}));
  int unknown_32 = 0;
  for (const auto& f : d["findings"]) {
    if (f["rule"] == "SOV-3.2") {
      EXPECT_EQ(f["status"], "unknown") << f;  // an unknown developer is not domestic
      ++unknown_32;
    }
  }
  EXPECT_EQ(unknown_32, 2);
}

// tests/data/import/`source` copied into `dir` as `as`, and dir/deployment.yaml: owned by `owner`
// (in Singapore, as is home), its one model `model` with that copy as provenance.
void WriteManifestImporting(const fs::path& dir, const std::string& source, const std::string& as,
                            const std::string& owner, const std::string& model) {
  fs::copy_file(kData + source, dir / as);
  WriteFile(dir / "deployment.yaml",
            "apiVersion: sovaudit/v1\nkind: Deployment\nmetadata: {name: d, owner: " + owner +
                "}\nsovereignty: {home: [SG]}\norganizations:\n  - {id: " + owner +
                ", jurisdiction: SG}\nmodels:\n  - id: " + model + "\n    provenance: " + as +
                "\n");
}

TEST(ImportLoader, ManifestSuppliesWhatTheSourceLeavesUnknown) {
  fs::path dir = TempDir("import_loader");
  WriteManifestImporting(dir, "spdx-lineage.json", "model.spdx.json", "acme-ai-ltd", "acme-chat");
  Deployment d = LoadDeployment((dir / "deployment.yaml").string(), Catalog::Builtin(), {});
  const ModelNode* n = d.FindNode("acme-chat");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->developer, "acme-ai-ltd");
  EXPECT_EQ(n->relation, "");
  EXPECT_EQ(n->loc, (Location{(dir / "model.spdx.json").string()}));  // no YAML positions
  ASSERT_NE(d.FindOrganization("acme-ai-ltd"), nullptr);
  EXPECT_EQ(d.FindOrganization("acme-ai-ltd")->jurisdiction, "SG");  // the manifest's
  ASSERT_NE(d.FindDataset("acme-public-chats"), nullptr);
  EXPECT_EQ(d.FindDataset("acme-public-chats")->owner, "acme-ai-ltd");
}

TEST(ImportLoader, HandWrittenProvenanceStaysStrict) {
  fs::path dir = TempDir("import_strict");
  WriteFile(dir / "p.yaml", "apiVersion: sovaudit/v1\nkind: ModelProvenance\n"
                            "model: {id: m, base: catalog:Qwen/Qwen2.5-7B}\n");
  EXPECT_THROW(ValidateFile((dir / "p.yaml").string(), Catalog::Builtin(), {}), Error);
  WriteFile(dir / "q.yaml", "apiVersion: sovaudit/v1\nkind: ModelProvenance\n"
                            "model: {id: m, developer: x, relation: finetune, base: a}\n"
                            "reported_evaluations: []\n");
  EXPECT_THROW(ValidateFile((dir / "q.yaml").string(), Catalog::Builtin(), {}), Error);
  // Written by sovaudit import: the same gaps are unknowns.
  WriteFile(dir / "r.yaml", "apiVersion: sovaudit/v1\nkind: ModelProvenance\n"
                            "imported_from: {file: README.md, format: hf-card}\n"
                            "model: {id: m, base: catalog:Qwen/Qwen2.5-7B}\n");
  EXPECT_NO_THROW(ValidateFile((dir / "r.yaml").string(), Catalog::Builtin(), {}));
}

TEST(ImportLoader, BrokenThirdPartyFileNamedByManifestExits2) {
  fs::path dir = TempDir("import_broken");
  WriteManifestImporting(dir, "cyclonedx-trailing-comma.json", "bom.json", "o", "m");
  test::BinaryResult r = RunBinary({"audit", (dir / "deployment.yaml").string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(Contains(r.err, (dir / "bom.json").string() + ":9:5: invalid JSON")) << r.err;
}

TEST(ImportWeights, SafetensorsWithCardConfigAndLicenceBeside) {
  fs::path dir = TempDir("import_st") / "acme-7b";
  fs::create_directories(dir);
  fs::copy_file(std::string(SOVAUDIT_SOURCE_DIR) +
                    "/fixtures/layer2-infrastructure/weights/qwen2.5-7b-instruct.safetensors",
                dir / "model.safetensors");
  WriteFile(dir / "README.md", "---\nbase_model: Qwen/Qwen2.5-7B\nbase_model_relation: "
                               "finetune\n---\n");
  WriteFile(dir / "config.json", R"({"_name_or_path": "acme/acme-7b", "architectures": ["X"]})");
  WriteFile(dir / "LICENSE", "\n                                 Apache License\n"
                             "                           Version 2.0, January 2004\n");
  import::ProvenanceDoc doc =
      import::Import((dir / "model.safetensors").string(), Catalog::Builtin(), {});
  EXPECT_EQ(doc.format, import::Format::kSafetensors);
  EXPECT_EQ(doc.model.id, "acme/acme-7b");  // config.json's name: the card has no title
  EXPECT_EQ(doc.model.relation, "finetune");
  EXPECT_EQ(doc.model.base, std::vector<std::string>{"catalog:Qwen/Qwen2.5-7B"});
  EXPECT_EQ(doc.model.licence.id, "apache-2.0");  // by the LICENSE title
  // A LICENSE that is not recognised is only a note.
  WriteFile(dir / "LICENSE", "Acme Proprietary Terms\n");
  doc = import::Import((dir / "model.safetensors").string(), Catalog::Builtin(), {});
  EXPECT_FALSE(doc.model.licence.present());
}

TEST(ImportWeights, GgufFixture) {
  test::BinaryResult r =
      RunBinary({"import", "fixtures/ph-hospital/weights/mabini-triage-4b-q4_k_m.gguf"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "format: gguf"));
  EXPECT_TRUE(Contains(r.out, "developer: \"mabini-general-hospital\""));
  EXPECT_TRUE(Contains(r.out, "base: \"mabini-triage-4b\""));
  EXPECT_TRUE(Contains(r.err, "general.quantized_by"));
  fs::path bad = TempDir("import_gguf") / "bad.gguf";
  WriteFile(bad, std::string("GGUF\x03\0\0\0", 8));  // truncated after the version
  EXPECT_EQ(RunBinary({"import", bad.string()}).code, 2);
}

}  // namespace
}  // namespace sov
