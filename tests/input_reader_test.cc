// The one input reader (src/util/input.h): the loader and the audit read every input through
// the reader they are given, once, and record the SHA-256 of the very bytes they parsed.
// The inputs here live only in memory, under a folder that does not exist on disk.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "src/audit/audit.h"
#include "src/catalog/catalog.h"
#include "src/load/loader.h"
#include "src/util/date.h"
#include "src/util/fs.h"
#include "tests/input_memory.h"

namespace sov {
namespace {

namespace fs = std::filesystem;

const fs::path kFixture = fs::path(SOVAUDIT_SOURCE_DIR) / "fixtures/layer2-infrastructure";
const std::string kRoot = "/nonexistent-sovaudit-memory/layer2";
const char* const kFiles[] = {"deployment.yaml", "provenance/qwen2.5-7b-instruct.yaml",
                              "provenance/mistral-7b-v0.3.yaml"};

// The fixture's files, in memory under kRoot; `edit` changes the Qwen provenance so that the
// bytes in memory differ from those on disk.
void AddFixture(test::MemoryReader& memory, bool edit) {
  for (const char* f : kFiles) {
    std::string text = ReadTextFile(kFixture / f);
    if (edit && std::string(f).find("qwen") != std::string::npos) text += "\n# edited in memory\n";
    memory.Add(kRoot + "/" + f, text);
  }
}

TEST(InputReader, TheLoaderReadsEachFileOnceAndHashesTheBytesItParsed) {
  ASSERT_FALSE(fs::exists(kRoot));
  test::MemoryReader memory;
  AddFixture(memory, true);
  LoadOptions options;
  options.inputs = &memory;
  Deployment d = LoadDeployment(kRoot + "/deployment.yaml", Catalog::Builtin(), options);
  EXPECT_EQ(d.models.size(), 2u);
  for (const char* f : kFiles) {
    std::string ref = kRoot + "/" + f;
    EXPECT_EQ(memory.Reads(ref), 1) << ref;
    std::string bytes = memory.Bytes(ref);
    ASSERT_TRUE(d.input_sha256.count(ref)) << ref;
    EXPECT_EQ(d.input_sha256.at(ref), Sha256Hex(bytes)) << ref;
  }
  // The edited file's digest is of the bytes in memory, not of the file on disk.
  std::string qwen = kRoot + "/provenance/qwen2.5-7b-instruct.yaml";
  Expected<std::string> on_disk = Sha256File(kFixture / "provenance/qwen2.5-7b-instruct.yaml");
  ASSERT_TRUE(on_disk);
  EXPECT_NE(d.input_sha256.at(qwen), *on_disk);
  std::string mistral = kRoot + "/provenance/mistral-7b-v0.3.yaml";
  Expected<std::string> unedited = Sha256File(kFixture / "provenance/mistral-7b-v0.3.yaml");
  ASSERT_TRUE(unedited);
  EXPECT_EQ(d.input_sha256.at(mistral), *unedited);
}

TEST(InputReader, WithoutAReaderTheLoaderReadsTheDisk) {
  Deployment d = LoadDeployment((kFixture / "deployment.yaml").string(), Catalog::Builtin(), {});
  EXPECT_EQ(d.models.size(), 2u);
  EXPECT_THROW(LoadDeployment(kRoot + "/deployment.yaml", Catalog::Builtin(), {}), Error);
}

TEST(InputReader, TheReportListsWhatTheReaderRead) {
  test::MemoryReader memory;
  AddFixture(memory, false);
  const std::string remote_pack = "https://packs.example/strict.yaml#sha256=0123";
  memory.Add(remote_pack, "apiVersion: sovaudit/v1\nkind: RulePack\ndisable: [SOV-2.3]\n");
  AuditOptions options;
  options.as_of = *ParseDate("2026-12-06");
  options.verify = false;
  options.inputs = &memory;
  options.rule_packs = {remote_pack};
  Report report = RunAudit({kRoot + "/deployment.yaml"}, options);
  ASSERT_EQ(report.inputs.size(), 4u);
  for (const InputFile& in : report.inputs) {
    EXPECT_EQ(memory.Reads(in.path), 1) << in.path;
    EXPECT_EQ(in.sha256, Sha256Hex(memory.Bytes(in.path))) << in.path;
  }
  auto it = std::find_if(report.inputs.begin(), report.inputs.end(),
                         [&](const InputFile& in) { return in.path == remote_pack; });
  ASSERT_NE(it, report.inputs.end());
  EXPECT_EQ(it->url, "https://packs.example/strict.yaml");
  EXPECT_EQ(it->pinned_by, "sha256");
  ASSERT_EQ(report.policy.rule_packs.size(), 1u);
  EXPECT_EQ(report.policy.rule_packs[0].sha256, it->sha256);
}

}  // namespace
}  // namespace sov
