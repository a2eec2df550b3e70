// `sovaudit catalog`, run as a user runs it: every catalogue in both formats, filters, exit
// codes. The entries are held against the YAML under rules/ read here line by line (an
// independent count, not the Catalog class) and against facts stated in the spec.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/run_binary.h"

namespace sov::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Lines of rules/FILE matching `pattern`, counted without parsing YAML.
size_t CountLines(const std::string& file, const std::string& pattern) {
  std::ifstream in(fs::path(SOVAUDIT_SOURCE_DIR) / "rules" / file);
  std::regex re(pattern);
  size_t n = 0;
  for (std::string line; std::getline(in, line);) n += std::regex_search(line, re) ? 1 : 0;
  return n;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Runs `catalog ARGS --format json`, checks the envelope and that keys are sorted (nlohmann's
// objects are sorted maps, so re-dumping the parsed document gives the same bytes only then).
json CatalogJson(const std::vector<std::string>& args, const std::string& kind) {
  std::vector<std::string> command = {"catalog"};
  command.insert(command.end(), args.begin(), args.end());
  command.insert(command.end(), {"--format", "json"});
  BinaryResult r = RunBinary(command);
  EXPECT_EQ(r.code, 0) << r.err;
  json doc = json::parse(r.out, nullptr, false);
  EXPECT_FALSE(doc.is_discarded()) << r.out;
  if (doc.is_discarded()) return json::object();
  EXPECT_EQ(r.out, doc.dump(2) + "\n") << "keys not sorted, or not dumped with indent 2";
  EXPECT_EQ(doc.at("schema"), "sovaudit/catalog/v1");
  EXPECT_EQ(doc.at("kind"), kind);
  return doc;
}

const json* FindEntry(const json& doc, const std::string& id) {
  for (const json& e : doc.at("entries")) {
    if (e.at("id") == id) return &e;
  }
  return nullptr;
}

void ExpectSortedById(const json& entries, size_t begin = 0, size_t end = std::string::npos) {
  end = std::min<size_t>(end, entries.size());
  for (size_t i = begin + 1; i < end; ++i) {
    std::string a = entries[i - 1].at("id"), b = entries[i].at("id");
    EXPECT_LT(Lower(a), Lower(b)) << "not sorted by id at " << i;
  }
}

void ExpectEverySourceIsAUrl(const json& entries) {
  for (const json& e : entries) {
    ASSERT_TRUE(e.contains("source")) << e.dump();
    EXPECT_EQ(e.at("source").get<std::string>().rfind("https://", 0), 0u) << e.dump();
  }
}

// `sovaudit catalog KIND --format json`: one entry per line of rules/`yaml` matching `entry`,
// sorted by id, each with an https source.
json WholeCatalogJson(const std::string& kind, const std::string& yaml, const std::string& entry) {
  json doc = CatalogJson({kind}, kind);
  const json& entries = doc.at("entries");
  EXPECT_EQ(entries.size(), CountLines(yaml, entry));
  ExpectSortedById(entries);
  ExpectEverySourceIsAUrl(entries);
  return doc;
}

TEST(CatalogCli, LicencesAsJson) {
  json doc = WholeCatalogJson("licences", "licences.yaml", "^  - id: ");
  const json* llama = FindEntry(doc, "llama3.1");
  ASSERT_NE(llama, nullptr);
  EXPECT_EQ(llama->at("commercial"), "threshold");
  EXPECT_EQ(llama->at("threshold"), "700 million monthly active users");
  EXPECT_EQ(llama->at("modification"), "permitted");
  EXPECT_EQ(llama->at("revocable"), false);
  const json* gemma = FindEntry(doc, "gemma");
  ASSERT_NE(gemma, nullptr);
  EXPECT_EQ(gemma->at("remote_restriction"), true);  // spec table: Gemma §3.2
  // Left unsettled in the catalogue: null, not false.
  const json* research = FindEntry(doc, "qwen-research");
  ASSERT_NE(research, nullptr);
  EXPECT_TRUE(research->at("revocable").is_null());
  EXPECT_EQ(research->at("commercial"), "prohibited");
  for (const char* key : {"id", "name", "aliases", "modification", "commercial", "threshold",
                          "revocable", "remote_restriction", "governing_law", "note", "source"}) {
    EXPECT_TRUE(llama->contains(key)) << key;
  }
}

TEST(CatalogCli, LicencesAsAnAlignedTable) {
  BinaryResult r = RunBinary({"catalog", "licences"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), CountLines("licences.yaml", "^  - id: ") + 1);  // and the header
  const size_t col = lines[0].find("MODIFICATION");
  ASSERT_NE(col, std::string::npos);
  for (const std::string& l : lines) {
    ASSERT_GT(l.size(), col) << l;
    EXPECT_EQ(l.substr(col - 2, 2), "  ") << l;
    EXPECT_NE(l[col], ' ') << l;
  }
  std::vector<std::string> ids;
  for (size_t i = 1; i < lines.size(); ++i) ids.push_back(lines[i].substr(0, lines[i].find(' ')));
  EXPECT_TRUE(std::is_sorted(
      ids.begin(), ids.end(),
      [](const std::string& a, const std::string& b) { return Lower(a) < Lower(b); }));
  // Apache 2.0: permitted, permitted, not revocable, no remote restriction, with its source.
  auto apache = std::find_if(lines.begin(), lines.end(),
                             [](const std::string& l) { return l.rfind("apache-2.0 ", 0) == 0; });
  ASSERT_NE(apache, lines.end());
  EXPECT_TRUE(std::regex_search(*apache, std::regex(R"(^apache-2\.0 +permitted +permitted +no +)"
                                                    R"(no +Apache License 2\.0 +https://)")))
      << *apache;
  // `licenses`, the American spelling, is the same catalogue.
  BinaryResult us = RunBinary({"catalog", "licenses"});
  EXPECT_EQ(us.code, 0);
  EXPECT_EQ(us.out, r.out);
}

TEST(CatalogCli, FilterMatchesAliasesCaseInsensitively) {
  // "llama-3.1" is an alias of llama3.1 (not its id, nor in its name), here in upper case.
  json doc = CatalogJson({"licences", "LLAMA-3.1"}, "licences");
  ASSERT_EQ(doc.at("entries").size(), 1u) << doc.dump();
  EXPECT_EQ(doc.at("entries")[0].at("id"), "llama3.1");
}

TEST(CatalogCli, ModelsAsJson) {
  json doc = WholeCatalogJson("models", "models.yaml", "^  - id: ");
  const json* sealion = FindEntry(doc, "aisingapore/Llama-SEA-LION-v3-8B-IT");
  ASSERT_NE(sealion, nullptr);  // formats.md: AI Singapore, SG, continued pre-training, llama3.1
  EXPECT_EQ(sealion->at("ref"), "catalog:aisingapore/Llama-SEA-LION-v3-8B-IT");
  EXPECT_EQ(sealion->at("jurisdiction"), "SG");
  EXPECT_EQ(sealion->at("relation"), "continued-pretraining");
  EXPECT_EQ(sealion->at("base"), json::array({"meta-llama/Llama-3.1-8B-Instruct"}));
  EXPECT_EQ(sealion->at("licence"), "llama3.1");
}

TEST(CatalogCli, ModelsFilteredByName) {
  BinaryResult r = RunBinary({"catalog", "models", "llama"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_GT(lines.size(), 5u);
  EXPECT_EQ(lines[0].rfind("MODEL ", 0), 0u) << lines[0];
  bool llama31 = false;
  for (size_t i = 1; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i].rfind("catalog:", 0), 0u) << lines[i];
    EXPECT_NE(Lower(lines[i]).find("llama"), std::string::npos) << lines[i];
    llama31 |= lines[i].rfind("catalog:meta-llama/Llama-3.1-8B-Instruct ", 0) == 0;
  }
  EXPECT_TRUE(llama31) << r.out;
  EXPECT_TRUE(std::regex_search(
      r.out, std::regex(R"(\ncatalog:meta-llama/Llama-3\.1-8B-Instruct +meta \(US\) +finetune +)"
                        R"(meta-llama/Llama-3\.1-8B +llama3\.1 +https://huggingface\.co/)")))
      << r.out;
}

TEST(CatalogCli, RegionsAsJson) {
  json doc = WholeCatalogJson("regions", "regions.yaml", "^      [A-Za-z0-9-]+: [A-Z]{2}\\b");
  const json* sg = FindEntry(doc, "aws:ap-southeast-1");
  ASSERT_NE(sg, nullptr);
  EXPECT_EQ(sg->at("country"), "SG");
  EXPECT_EQ(sg->at("country_name"), "Singapore");
  EXPECT_EQ(sg->at("provider"), "aws");
  const json* hk = FindEntry(doc, "gcp:asia-east2");  // CATALOGUES.md: Hong Kong maps to HK
  ASSERT_NE(hk, nullptr);
  EXPECT_EQ(hk->at("country"), "HK");
}

TEST(CatalogCli, RegionsFilteredByCountryNameOrIdPart) {
  BinaryResult r = RunBinary({"catalog", "regions", "singapore"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::vector<std::string> lines = Lines(r.out);
  std::set<std::string> ids;
  for (size_t i = 1; i < lines.size(); ++i) {
    ids.insert(lines[i].substr(0, lines[i].find(' ')));
    EXPECT_TRUE(std::regex_search(lines[i], std::regex(R"(^\S+ +SG +Singapore +)"))) << lines[i];
  }
  for (const char* id : {"aws:ap-southeast-1", "gcp:asia-southeast1", "azure:southeastasia",
                         "tencent:ap-singapore", "huawei:ap-southeast-3"}) {
    EXPECT_TRUE(ids.count(id)) << id << " missing from\n" << r.out;
  }
  json doc = CatalogJson({"regions", "ap-southeast"}, "regions");
  ASSERT_GT(doc.at("entries").size(), 5u);
  for (const json& e : doc.at("entries")) {
    EXPECT_NE(e.at("id").get<std::string>().find("ap-southeast"), std::string::npos) << e;
  }
  // A provider's other name matches too: google is gcp.
  json google = CatalogJson({"regions", "google:asia-southeast1"}, "regions");
  ASSERT_EQ(google.at("entries").size(), 1u);
  EXPECT_EQ(google.at("entries")[0].at("id"), "gcp:asia-southeast1");
}

TEST(CatalogCli, JurisdictionsWithGroups) {
  json doc = CatalogJson({"jurisdictions"}, "jurisdictions");
  const json& entries = doc.at("entries");
  size_t countries = CountLines("jurisdictions.yaml", "^  - \\{code: [A-Z]{2},");
  ASSERT_EQ(entries.size(), countries + 3);  // and EU, EEA, ASEAN
  ExpectSortedById(entries, 0, countries);
  ExpectSortedById(entries, countries);
  ExpectEverySourceIsAUrl(entries);
  const json* eu = FindEntry(doc, "EU");
  ASSERT_NE(eu, nullptr);
  EXPECT_EQ(eu->at("type"), "group");
  EXPECT_EQ(eu->at("members").size(), 27u);
  const json* asean = FindEntry(doc, "ASEAN");
  ASSERT_NE(asean, nullptr);
  EXPECT_EQ(asean->at("members").size(), 11u);  // with Timor-Leste since October 2025
  const json* de = FindEntry(doc, "DE");
  ASSERT_NE(de, nullptr);
  EXPECT_EQ(de->at("type"), "country");
  EXPECT_EQ(de->at("groups"), json::array({"EEA", "EU"}));
  const json* gb = FindEntry(doc, "GB");
  ASSERT_NE(gb, nullptr);
  EXPECT_EQ(gb->at("groups"), json::array());

  BinaryResult r = RunBinary({"catalog", "jurisdictions", "singapore"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.out;
  EXPECT_TRUE(std::regex_search(lines[1], std::regex(R"(^SG +Singapore +ASEAN +https://)")))
      << lines[1];
  // A group has its own table, after the countries.
  BinaryResult groups = RunBinary({"catalog", "jurisdictions", "ea"});
  ASSERT_EQ(groups.code, 0) << groups.err;
  EXPECT_NE(groups.out.find("\nGROUP "), std::string::npos) << groups.out;
  EXPECT_NE(groups.out.find("\nASEAN "), std::string::npos) << groups.out;
  EXPECT_NE(groups.out.find("\nEEA "), std::string::npos) << groups.out;
}

TEST(CatalogCli, NoMatchIsExitOneWithANote) {
  BinaryResult r = RunBinary({"catalog", "models", "no-such-model-anywhere"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "sovaudit: no entry of the models catalogue matches 'no-such-model-anywhere'\n");
  // JSON still prints a document, with no entries, so a pipeline always reads JSON.
  BinaryResult j = RunBinary({"catalog", "regions", "atlantis", "--format", "json"});
  EXPECT_EQ(j.code, 1);
  json doc = json::parse(j.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << j.out;
  EXPECT_EQ(doc.at("entries"), json::array());
}

TEST(CatalogCli, UnknownCatalogueIsAUsageError) {
  BinaryResult r = RunBinary({"catalog", "modles"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "sovaudit: error: unknown catalogue 'modles' (did you mean 'models'?): one of "
            "licences, models, regions, jurisdictions\n");
  BinaryResult none = RunBinary({"catalog"});
  EXPECT_EQ(none.code, 2);
  BinaryResult format = RunBinary({"catalog", "models", "--format", "yaml"});
  EXPECT_EQ(format.code, 2);
}

TEST(CatalogCli, OutputIsDeterministic) {
  for (const char* kind : {"licences", "models", "regions", "jurisdictions"}) {
    BinaryResult a = RunBinary({"catalog", kind, "--format", "json"});
    BinaryResult b = RunBinary({"catalog", kind, "--format", "json"});
    EXPECT_EQ(a.code, 0) << kind;
    EXPECT_EQ(a.out, b.out) << kind;
  }
}

}  // namespace
}  // namespace sov::test
