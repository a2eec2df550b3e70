// Real-world inputs (issue 15): long licence texts in model cards, weight files over the text
// cap as provenance, non-regular files, a sha256 pin on a folder, weights.source beside a
// signature, signing an empty model, and a key of the wrong kind. Each failed before.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/fixture_files.h"
#include "tests/run_binary.h"
#include "tests/temp_dir.h"

namespace sov {
namespace {

namespace fs = std::filesystem;
using namespace test::fixture_names;  // NOLINT(build/namespaces)

// A card shaped like Meta's Llama 3.2 card: the licence text in `extra_gated_prompt`.
std::string GatedCard(size_t licence_bytes) {
  std::string licence;
  while (licence.size() < licence_bytes) {
    licence += "LLAMA 3.2 COMMUNITY LICENSE AGREEMENT. Llama 3.2 Version Release Date: "
               "September 25, 2024. ";
  }
  licence.resize(licence_bytes);
  return "---\nlanguage:\n- en\nlibrary_name: transformers\nlicense: llama3.2\n"
         "extra_gated_prompt: >-\n  " + licence +
         "\nextra_gated_fields:\n  First Name: text\n  Country: country\n---\n\n# Llama 3.2\n";
}

TEST(RealInputs, AModelCardWithAWholeLicenceTextImportsAndAudits) {
  TempDir dir;
  Write(dir.path() / "README.md", GatedCard(13633));
  auto r = RunBinary({"import", (dir.path() / "README.md").string()});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("llama3.2"), std::string::npos) << r.out;
  // The same card as a deployed model's provenance.
  fs::path stack = Copy("layer3-finetune", dir.path());
  Write(stack / "provenance" / "README.md", GatedCard(13633));
  Replace(stack / "deployment.yaml", "provenance: provenance/orchard-credit-8b.yaml",
          "provenance: provenance/README.md");
  auto audit = RunBinary({"audit", stack.string(), "--as-of", "2026-11-21", "--format", "json"});
  EXPECT_EQ(audit.code, 0) << audit.err;
  // Hostile sizes still fail fast, with the limit named.
  Write(dir.path() / "huge.md", GatedCard(2 << 20));
  auto huge = RunBinary({"import", (dir.path() / "huge.md").string()});
  EXPECT_EQ(huge.code, 2);
  EXPECT_NE(huge.err.find("longer than the limit of 1048576"), std::string::npos) << huge.err;
}

TEST(RealInputs, EveryThirdPartyCardAndBomIsProvenanceTheAuditAccepts) {
  int audited = 0;
  for (const auto& e : fs::directory_iterator(kSource + "/tests/data/third_party/provenance")) {
    if (e.path().filename() == "README.md") continue;
    TempDir dir;
    fs::path stack = Copy("layer3-finetune", dir.path());
    fs::copy_file(e.path(), stack / "provenance" / e.path().filename());
    Replace(stack / "deployment.yaml", "provenance: provenance/orchard-credit-8b.yaml",
            "provenance: provenance/" + e.path().filename().string());
    auto r = RunBinary({"audit", stack.string(), "--as-of", "2026-11-21", "--format", "json"});
    EXPECT_EQ(r.code, 0) << e.path() << ": " << r.err;
    ++audited;
  }
  EXPECT_EQ(audited, 3);  // the Hugging Face card, the CycloneDX ML-BOM, the SPDX 3 document
}

TEST(RealInputs, AWeightFileOverTheTextCapIsProvenanceTheAuditRecords) {
  TempDir dir;
  fs::path stack = Copy("ph-hospital", dir.path());
  fs::path gguf = stack / "weights" / "big.gguf";
  fs::copy_file(stack / "weights" / "mabini-triage-4b-q4_k_m.gguf", gguf);
  fs::resize_file(gguf, (64ull << 20) + 4096);  // past the 64 MiB cap of text inputs
  Replace(stack / "deployment.yaml", "provenance: provenance/mabini-triage-4b-q4km.yaml",
          "provenance: weights/big.gguf");
  auto r = RunBinary({"audit", stack.string(), "--as-of", "2026-11-21", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  bool found = false;
  const json report = json::parse(r.out);  // held: a range-for over a temporary's member dangles
  for (const json& in : report["inputs"]) {
    if (in["path"].get<std::string>().find("big.gguf") == std::string::npos) continue;
    found = true;
    EXPECT_EQ(in["sha256"], Sha256sum(gguf));
  }
  EXPECT_TRUE(found) << r.out;
  // Text inputs are recorded by the digest of the bytes parsed.
  for (const json& in : report["inputs"]) {
    EXPECT_EQ(in["sha256"], Sha256sum(in["path"].get<std::string>())) << in;
  }
}

TEST(RealInputs, AFifoIsAnInputErrorNotAHang) {
  TempDir dir;
  fs::path fifo = dir.path() / "manifest.yaml";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  for (const char* command : {"audit", "validate", "import"}) {
    auto r = RunBinary({command, fifo.string()});
    EXPECT_EQ(r.code, 2) << command;
    EXPECT_NE(r.err.find("is not a regular file (a FIFO, device or socket)"), std::string::npos)
        << command << ": " << r.err;
  }
}

TEST(RealInputs, ASha256PinOnAFolderSaysToSignIt) {
  TempDir dir;
  fs::path stack = Copy("signed-model", dir.path());
  Replace(stack / "deployment.yaml", "      signature: weights/aoba-helpdesk-3.7b/model.sig\n",
          "      sha256: " + std::string(64, 'a') + "\n");
  auto r = RunBinary({"audit", stack.string(), "--as-of", "2026-11-21"});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("is a folder, which has no whole-file digest: sign the folder"),
            std::string::npos)
      << r.err;
  auto explain = RunBinary({"explain", "SOV-3.5"});
  EXPECT_NE(explain.out.find("sha256sum FILE"), std::string::npos) << explain.out;
}

TEST(RealInputs, ASourceNeverDowngradesAVerifiedSignature) {
  TempDir dir;
  fs::path stack = Copy("signed-model", dir.path());
  Replace(stack / "deployment.yaml", "      path: weights/aoba-helpdesk-3.7b/\n",
          "      path: weights/aoba-helpdesk-3.7b/\n      source: "
          "https://huggingface.co/aoba/helpdesk/resolve/main/model.safetensors\n");
  auto r = RunBinary(
      {"audit", stack.string(), "--as-of", "2026-11-21", "--format", "json", "--offline"});
  ASSERT_EQ(r.code, 0) << r.err;
  json d = json::parse(r.out)["deployments"][0];
  for (const json& f : d["findings"]) {
    if (f["rule"] == "SOV-3.5" && f["subject"] == "models/aoba-helpdesk-3.7b") {
      EXPECT_EQ(f["status"], "pass") << f;  // the first release: unknown
    }
  }
  EXPECT_EQ(d["achieved_layer"], 5);
}

TEST(RealInputs, SigningAModelWithNoFileIsRefused) {
  TempDir dir;
  fs::create_directories(dir.path() / "empty");
  const std::string key = kSource + "/fixtures/signed-model/keys/helpdesk-signing-key.pem";
  auto r = RunBinary({"sign", (dir.path() / "empty").string(), "--private-key", key});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("an OMS model contains at least one file"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir.path() / "empty" / "model.sig"));
}

TEST(RealInputs, AKeyOfTheWrongKindIsNamedInOneLine) {
  const std::string keys = kSource + "/fixtures/signed-model/keys/";
  const std::string model = kSource + "/fixtures/signed-model/weights/aoba-helpdesk-3.7b";
  auto r = RunBinary({"verify", model, "--signature", model + "/model.sig", "--public-key",
                      keys + "helpdesk-signing-key.pem"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("is a private key, not a public key"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("DECODER"), std::string::npos) << r.err;  // no raw OpenSSL text
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  TempDir dir;
  Write(dir.path() / "m" / "a.bin", "weights");
  auto s = RunBinary({"sign", (dir.path() / "m").string(), "--private-key",
                      keys + "helpdesk-signing-key.pub.pem"});
  EXPECT_EQ(s.code, 2);
  EXPECT_NE(s.err.find("is a public key, not a private key"), std::string::npos) << s.err;
}

TEST(RealInputs, JUnitFailureBodiesHaveRealLineBreaks) {
  auto r = RunBinary(
      {"audit", "fixtures/layer2-infrastructure", "--as-of", "2026-11-21", "--format", "junit"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.find("\\x0a"), std::string::npos);  // the first release wrote these
  EXPECT_NE(r.out.find("with no training step of its own\nat fixtures/layer2-infrastructure/"),
            std::string::npos);
  EXPECT_NE(r.out.find("\nfix: Fine-tune"), std::string::npos);
}

}  // namespace
}  // namespace sov
