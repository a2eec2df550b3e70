#include "src/catalog/catalog.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "src/util/embedded.h"
#include "src/util/error.h"

namespace sov {
namespace {

const Catalog& Cat() { return Catalog::Builtin(); }

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(Catalog, EveryEmbeddedCatalogueParsesOnItsOwn) {
  for (const char* file : {"licences.yaml", "models.yaml", "jurisdictions.yaml", "regions.yaml"}) {
    std::string_view text = EmbeddedRuleFile(file);
    ASSERT_FALSE(text.empty()) << file << " is not embedded";
  }
  Catalog c;
  EXPECT_NO_THROW(c.AddJurisdictions(EmbeddedRuleFile("jurisdictions.yaml"), "j"));
  EXPECT_NO_THROW(c.AddLicences(EmbeddedRuleFile("licences.yaml"), "l"));
  EXPECT_NO_THROW(c.AddModels(EmbeddedRuleFile("models.yaml"), "m"));
  EXPECT_NO_THROW(c.AddRegions(EmbeddedRuleFile("regions.yaml"), "r"));
  EXPECT_NO_THROW(Catalog::Builtin());
  EXPECT_EQ(&Catalog::Builtin(), &Catalog::Builtin());
}

TEST(CatalogLicences, FactsFromTheSpecTable) {
  for (const char* id : {"apache-2.0", "mit"}) {
    const LicenceTerms* t = Cat().FindLicence(id);
    ASSERT_NE(t, nullptr) << id;
    EXPECT_EQ(t->modification, "permitted") << id;
    EXPECT_EQ(t->commercial, "permitted") << id;
    EXPECT_EQ(t->revocable, false) << id;
    EXPECT_EQ(t->remote_restriction, false) << id;
  }
  for (const char* id : {"llama3", "llama3.1", "llama3.2", "llama3.3"}) {
    const LicenceTerms* t = Cat().FindLicence(id);
    ASSERT_NE(t, nullptr) << id;
    EXPECT_EQ(t->modification, "permitted") << id;
    EXPECT_EQ(t->commercial, "threshold") << id;
    EXPECT_EQ(t->remote_restriction, false) << id;
  }
  const LicenceTerms* gemma = Cat().FindLicence("gemma");
  ASSERT_NE(gemma, nullptr);
  EXPECT_EQ(gemma->remote_restriction, true);
  EXPECT_EQ(gemma->modification, "permitted");
  for (const char* id : {"openrail", "bigscience-openrail-m", "creativeml-openrail-m"}) {
    const LicenceTerms* t = Cat().FindLicence(id);
    ASSERT_NE(t, nullptr) << id;
    EXPECT_EQ(t->remote_restriction, true) << id;
  }
  ASSERT_NE(Cat().FindLicence("openrail++"), nullptr);
  EXPECT_EQ(Cat().FindLicence("openrail++")->remote_restriction, false);
  EXPECT_EQ(Cat().FindLicence("qwen")->commercial, "threshold");
  EXPECT_EQ(Cat().FindLicence("qwen-research")->commercial, "prohibited");
  EXPECT_EQ(Cat().FindLicence("cc-by-nc-4.0")->commercial, "prohibited");
  const LicenceTerms* krutrim = Cat().FindLicence("krutrim-community-license-1.0");
  ASSERT_NE(krutrim, nullptr);
  EXPECT_EQ(krutrim->revocable, true);
  EXPECT_EQ(krutrim->commercial, "threshold");
  EXPECT_EQ(Cat().FindLicence("hyperclovax-seed")->commercial, "threshold");
  const LicenceTerms* sarvam = Cat().FindLicence("sarvam-research");
  ASSERT_NE(sarvam, nullptr);
  EXPECT_EQ(sarvam->commercial, "consent");  // "needs written permission"
  // The limit of each threshold licence is recorded for SOV-3.3's message.
  EXPECT_EQ(Cat().FindLicence("llama3.1")->threshold, "700 million monthly active users");
  EXPECT_EQ(Cat().FindLicence("qwen")->threshold, "100 million monthly active users");
  EXPECT_EQ(krutrim->threshold, "1 million monthly active users");
}

TEST(CatalogLicences, EveryLicenceIsCompleteAndCitesASource) {
  std::set<std::string> seen;
  for (const std::string& id : Cat().LicenceIds()) {
    const LicenceTerms* t = Cat().FindLicence(id);
    ASSERT_NE(t, nullptr) << id;
    EXPECT_EQ(t->id, id);
    EXPECT_EQ(t->source.rfind("https://", 0), 0u) << id;
    EXPECT_FALSE(t->note.empty()) << id;
    EXPECT_TRUE(seen.insert(id).second) << id;
  }
  for (const char* id : {"bsd-2-clause", "bsd-3-clause", "mpl-2.0", "gpl-3.0", "agpl-3.0",
                         "lgpl-3.0", "cc-by-4.0", "cc-by-sa-4.0", "cc-by-nc-sa-4.0", "cc0-1.0",
                         "llama2", "deepseek", "falcon-llm", "mrl",
                         "health-ai-developer-foundations", "bigcode-openrail-m"}) {
    EXPECT_NE(Cat().FindLicence(id), nullptr) << id;
  }
}

TEST(CatalogLicences, LookupByAliasAndCaseInsensitive) {
  ASSERT_NE(Cat().FindLicence("Apache-2.0"), nullptr);
  EXPECT_EQ(Cat().FindLicence("Apache-2.0")->id, "apache-2.0");
  EXPECT_EQ(Cat().FindLicence("APACHE-2.0")->id, "apache-2.0");
  EXPECT_EQ(Cat().FindLicence("MIT")->id, "mit");
  EXPECT_EQ(Cat().FindLicence("CC-BY-NC-4.0")->id, "cc-by-nc-4.0");
  EXPECT_EQ(Cat().FindLicence("Llama3.1")->id, "llama3.1");
  EXPECT_EQ(Cat().FindLicence("not-a-licence"), nullptr);
  EXPECT_EQ(Cat().FindLicence(""), nullptr);
}

TEST(CatalogModels, EveryModelIsConsistent) {
  ASSERT_FALSE(Cat().ModelIds().empty());
  for (const std::string& id : Cat().ModelIds()) {
    const CatalogModel* m = Cat().FindModel(id);
    ASSERT_NE(m, nullptr) << id;
    EXPECT_NE(Cat().FindLicence(m->licence), nullptr) << id << " licence " << m->licence;
    EXPECT_TRUE(Cat().IsCountry(m->jurisdiction)) << id << " " << m->jurisdiction;
    EXPECT_EQ(m->source.rfind("https://", 0), 0u) << id;
    EXPECT_EQ(m->relation == "pretrained", m->base.empty()) << id;
    for (const std::string& base : m->base) {
      const CatalogModel* b = Cat().FindModel(base);
      ASSERT_NE(b, nullptr) << id << " base " << base;
      EXPECT_EQ(b->id, base) << "base spelled differently from the catalogue id";
    }
  }
}

TEST(CatalogModels, LineageTerminatesAtPretrainedRoots) {
  for (const std::string& id : Cat().ModelIds()) {
    std::vector<std::string> todo = {id};
    int steps = 0;
    while (!todo.empty()) {
      ASSERT_LT(++steps, 100) << "cycle through " << id;
      const CatalogModel* m = Cat().FindModel(todo.back());
      todo.pop_back();
      ASSERT_NE(m, nullptr);
      todo.insert(todo.end(), m->base.begin(), m->base.end());
    }
  }
}

TEST(CatalogModels, FactsFromTheSpec) {
  const CatalogModel* sea_lion = Cat().FindModel("aisingapore/Llama-SEA-LION-v3-8B-IT");
  ASSERT_NE(sea_lion, nullptr);
  EXPECT_EQ(sea_lion->jurisdiction, "SG");
  EXPECT_EQ(sea_lion->relation, "continued-pretraining");
  EXPECT_EQ(sea_lion->base, std::vector<std::string>{"meta-llama/Llama-3.1-8B-Instruct"});
  EXPECT_EQ(sea_lion->licence, "llama3.1");
  const CatalogModel* llama = Cat().FindModel("meta-llama/llama-3.1-8b-instruct");
  ASSERT_NE(llama, nullptr) << "lookup must be case-insensitive";
  EXPECT_EQ(llama->id, "meta-llama/Llama-3.1-8B-Instruct");
  EXPECT_EQ(llama->developer_id, "meta");
  EXPECT_EQ(llama->jurisdiction, "US");
  const CatalogModel* sarvam_m = Cat().FindModel("sarvamai/sarvam-m");
  ASSERT_NE(sarvam_m, nullptr);
  EXPECT_EQ(sarvam_m->jurisdiction, "IN");
  EXPECT_EQ(sarvam_m->base,
            std::vector<std::string>{"mistralai/Mistral-Small-3.1-24B-Base-2503"});
  EXPECT_EQ(Cat().FindModel("sarvamai/sarvam-1")->relation, "pretrained");
  EXPECT_EQ(Cat().FindModel("Qwen/Qwen2.5-7B-Instruct")->licence, "apache-2.0");
  EXPECT_EQ(Cat().FindModel("Qwen/Qwen2.5-3B-Instruct")->licence, "qwen-research");
  EXPECT_EQ(Cat().FindModel("Qwen/Qwen2.5-72B-Instruct")->licence, "qwen");
  EXPECT_EQ(Cat().FindModel("Qwen/Qwen2.5-7B")->jurisdiction, "CN");
  EXPECT_EQ(Cat().FindModel("aisingapore/Gemma-SEA-LION-v4-27B-IT")->base,
            std::vector<std::string>{"google/gemma-3-27b-it"});
  EXPECT_EQ(Cat().FindModel("mistralai/Mistral-Small-3.1-24B-Base-2503")->jurisdiction, "FR");
  EXPECT_EQ(Cat().FindModel("not/a-model"), nullptr);
}

TEST(CatalogJurisdictions, CountriesEqualDebianIsoCodes) {
  const std::filesystem::path iso = "/usr/share/iso-codes/json/iso_3166-1.json";
  if (!std::filesystem::exists(iso)) GTEST_SKIP() << iso << " not installed";
  nlohmann::json doc = nlohmann::json::parse(std::ifstream(iso));
  std::set<std::string> want;
  for (const auto& row : doc.at("3166-1")) want.insert(row.at("alpha_2").get<std::string>());
  ASSERT_GT(want.size(), 240u);
  for (const std::string& code : want) EXPECT_TRUE(Cat().IsCountry(code)) << code;
  // And nothing beyond them: every two-letter upper-case string not in the file is rejected.
  for (char a = 'A'; a <= 'Z'; ++a) {
    for (char b = 'A'; b <= 'Z'; ++b) {
      std::string code{a, b};
      EXPECT_EQ(Cat().IsCountry(code), want.count(code) > 0) << code;
    }
  }
}

TEST(CatalogJurisdictions, NamesAndGroups) {
  EXPECT_EQ(Cat().CountryName("SG"), "Singapore");
  EXPECT_EQ(Cat().CountryName("XX"), "");
  EXPECT_FALSE(Cat().IsCountry("sg"));
  EXPECT_FALSE(Cat().IsCountry("EU"));
  const std::vector<std::string>* eu = Cat().Group("EU");
  ASSERT_NE(eu, nullptr);
  EXPECT_EQ(eu->size(), 27u);
  EXPECT_TRUE(Contains(*eu, "DE"));
  EXPECT_TRUE(Contains(*eu, "HR"));
  EXPECT_FALSE(Contains(*eu, "GB"));
  EXPECT_FALSE(Contains(*eu, "NO"));
  const std::vector<std::string>* eea = Cat().Group("EEA");
  ASSERT_NE(eea, nullptr);
  EXPECT_EQ(eea->size(), 30u);
  for (const char* c : {"IS", "LI", "NO"}) EXPECT_TRUE(Contains(*eea, c)) << c;
  for (const std::string& c : *eu) EXPECT_TRUE(Contains(*eea, c)) << c;
  EXPECT_FALSE(Contains(*eea, "CH"));
  const std::vector<std::string>* asean = Cat().Group("ASEAN");
  ASSERT_NE(asean, nullptr);
  EXPECT_EQ(asean->size(), 11u);
  for (const char* c : {"SG", "PH", "TL", "VN", "MM"}) EXPECT_TRUE(Contains(*asean, c)) << c;
  EXPECT_EQ(Cat().Group("NATO"), nullptr);
  EXPECT_TRUE(Contains(Cat().GroupNames(), "ASEAN"));
}

TEST(CatalogRegions, ResolveProviderRegions) {
  EXPECT_EQ(Cat().RegionCountry("aws:ap-southeast-1"), "SG");
  EXPECT_EQ(Cat().RegionCountry("aws:us-east-1"), "US");
  EXPECT_EQ(Cat().RegionCountry("aws:eu-central-1"), "DE");
  EXPECT_EQ(Cat().RegionCountry("AWS:AP-SOUTHEAST-1"), "SG");
  EXPECT_EQ(Cat().RegionCountry("azure:southeastasia"), "SG");
  EXPECT_EQ(Cat().RegionCountry("azure:eastus"), "US");
  EXPECT_EQ(Cat().RegionCountry("gcp:asia-southeast1"), "SG");
  EXPECT_EQ(Cat().RegionCountry("google:asia-southeast1"), "SG");
  EXPECT_EQ(Cat().RegionCountry("alibaba:ap-southeast-1"), "SG");
  EXPECT_EQ(Cat().RegionCountry("tencent:ap-singapore"), "SG");
  EXPECT_EQ(Cat().RegionCountry("huawei:ap-southeast-3"), "SG");
  EXPECT_EQ(Cat().RegionCountry("oracle:ap-singapore-1"), "SG");
  EXPECT_EQ(Cat().RegionCountry("aws:ap-northeast-1"), "JP");
  EXPECT_EQ(Cat().RegionCountry("gcp:asia-south1"), "IN");
  EXPECT_EQ(Cat().RegionCountry("aws:mars-1"), std::nullopt);
  EXPECT_EQ(Cat().RegionCountry("nocloud:ap-southeast-1"), std::nullopt);
  EXPECT_EQ(Cat().RegionCountry("ap-southeast-1"), std::nullopt);
}

TEST(CatalogRegions, EveryRegionMapsToACountry) {
  std::set<std::string> providers;
  for (const std::string& id : Cat().RegionIds()) {
    std::optional<std::string> country = Cat().RegionCountry(id);
    ASSERT_TRUE(country) << id;
    EXPECT_TRUE(Cat().IsCountry(*country)) << id << " -> " << *country;
    providers.insert(id.substr(0, id.find(':')));
  }
  EXPECT_EQ(providers, (std::set<std::string>{"alibaba", "aws", "azure", "gcp", "huawei",
                                              "oracle", "tencent"}));
}

// Runs `add` on `text` and returns the Error it throws (fails the test if none).
template <typename F>
Error ErrorOf(F add) {
  try {
    add();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no sov::Error thrown";
  return Error("none");
}

TEST(CatalogErrors, MalformedYamlHasAPosition) {
  Catalog c;
  Error e = ErrorOf([&] { c.AddLicences("licences:\n  - id: [unclosed\n", "bad.yaml"); });
  EXPECT_EQ(e.location().file, "bad.yaml");
  EXPECT_GE(e.location().line, 2);
}

TEST(CatalogErrors, BadFieldsNameTheirLine) {
  Catalog c;
  const char* bad_enum =
      "licences:\n"
      "  - id: x\n"
      "    name: X\n"
      "    modification: maybe\n"
      "    commercial: permitted\n"
      "    source: https://example.org\n";
  Error e = ErrorOf([&] { c.AddLicences(bad_enum, "l.yaml"); });
  EXPECT_EQ(e.location(), (Location{"l.yaml", 4, 19}));
  EXPECT_NE(std::string(e.what()).find("modification"), std::string::npos);

  const char* typo =
      "licences:\n"
      "  - id: x\n"
      "    name: X\n"
      "    modification: permitted\n"
      "    comercial: permitted\n";
  e = ErrorOf([&] { c.AddLicences(typo, "l.yaml"); });
  EXPECT_EQ(e.location().line, 5);
  EXPECT_NE(std::string(e.what()).find("commercial"), std::string::npos);

  e = ErrorOf([&] { c.AddLicences("licences:\n  - id: x\n    revocable: sometimes\n", "l"); });
  EXPECT_GE(e.location().line, 2);
  e = ErrorOf([&] { c.AddLicences("licenses: []\n", "l"); });
  EXPECT_EQ(e.location().line, 1);
  EXPECT_THROW(c.AddLicences("", "l"), Error);
  EXPECT_THROW(c.AddLicences("- just a list\n", "l"), Error);
}

TEST(CatalogErrors, OtherCataloguesCheckTheirFields) {
  Catalog c;
  Error e = ErrorOf([&] {
    c.AddModels(
        "models:\n  - id: a/b\n    name: B\n    developer_id: x\n    developer_name: X\n"
        "    jurisdiction: usa\n    relation: pretrained\n    licence: mit\n    source: s\n",
        "m");
  });
  EXPECT_EQ(e.location().line, 6);
  e = ErrorOf([&] {
    c.AddModels(
        "models:\n  - id: a/b\n    name: B\n    developer_id: x\n    developer_name: X\n"
        "    jurisdiction: US\n    relation: finetune\n    licence: mit\n    source: s\n",
        "m");
  });
  EXPECT_NE(std::string(e.what()).find("base"), std::string::npos);
  e = ErrorOf([&] {
    c.AddRegions("providers:\n  - id: p\n    name: P\n    source: s\n    regions:\n      r1: Singapore\n",
                 "r");
  });
  EXPECT_EQ(e.location().line, 6);
  e = ErrorOf([&] {
    c.AddJurisdictions("countries:\n  - {code: SG, name: Singapore}\n"
                       "groups:\n  - name: G\n    members: [SG, XX]\n    source: s\n",
                       "j");
  });
  EXPECT_EQ(e.location().line, 5);
}

TEST(CatalogErrors, DuplicateIdsInOneDocumentAreRejectedButLaterDocumentsOverride) {
  Catalog c;
  const char* one =
      "licences:\n"
      "  - {id: x, name: X, modification: permitted, commercial: permitted, source: s}\n";
  const char* dup =
      "licences:\n"
      "  - {id: x, name: X, modification: permitted, commercial: permitted, source: s}\n"
      "  - {id: y, name: Y, aliases: [X], modification: permitted, commercial: permitted,"
      " source: s}\n";
  Error e = ErrorOf([&] { c.AddLicences(dup, "d"); });
  EXPECT_EQ(e.location().line, 3);
  Catalog o;
  o.AddLicences(one, "a");
  o.AddLicences(
      "licences:\n"
      "  - {id: X, name: X2, modification: consent, commercial: permitted, source: s}\n",
      "b");
  ASSERT_NE(o.FindLicence("x"), nullptr);
  EXPECT_EQ(o.FindLicence("x")->modification, "consent");
  EXPECT_EQ(o.LicenceIds().size(), 1u);
}

}  // namespace
}  // namespace sov
