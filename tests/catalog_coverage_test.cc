// The catalogues hold what the spec asks of them (formats.md, "Catalogues"): every row of its
// licence table, the models it names plus the DeepSeek, Falcon, Phi and Mistral families, and
// every Asia-Pacific region of the seven clouds, mapped to ISO codes.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "src/catalog/catalog.h"

namespace sov {
namespace {

const Catalog& Cat() { return Catalog::Builtin(); }

struct LicenceRow {
  std::vector<const char*> ids;  // the ids of one table row, each looked up
  const char* modification;
  const char* commercial;
  std::optional<bool> revocable;  // nullopt: "—" in the table (left unknown)
  std::optional<bool> remote_restriction;
};

TEST(CatalogCoverage, LicenceTableOfFormatsMdRowByRow) {
  const std::vector<LicenceRow> rows = {
      {{"apache-2.0", "mit"}, "permitted", "permitted", false, false},
      {{"llama3", "llama3.1", "llama3.2", "llama3.3"}, "permitted", "threshold", false, false},
      {{"gemma"}, "permitted", "permitted", false, true},
      {{"qwen"}, "permitted", "threshold", false, false},
      {{"qwen-research"}, "permitted", "prohibited", std::nullopt, std::nullopt},
      {{"openrail", "bigscience-openrail-m", "creativeml-openrail-m"},
       "permitted",
       "permitted",
       false,
       true},
      {{"openrail++"}, "permitted", "permitted", false, false},
      {{"cc-by-nc-4.0"}, "permitted", "prohibited", false, false},
      // "needs written permission": commercial use only with the licensor's consent.
      {{"sarvam-research"}, "permitted", "consent", false, false},
      {{"krutrim-community-license-1.0"}, "permitted", "threshold", true, false},
      {{"hyperclovax-seed"}, "permitted", "threshold", std::nullopt, std::nullopt},
  };
  for (const LicenceRow& row : rows) {
    for (const char* id : row.ids) {
      const LicenceTerms* t = Cat().FindLicence(id);
      ASSERT_NE(t, nullptr) << id;
      EXPECT_EQ(t->id, id);
      EXPECT_EQ(t->modification, row.modification) << id;
      EXPECT_EQ(t->commercial, row.commercial) << id;
      EXPECT_EQ(t->revocable, row.revocable) << id;
      EXPECT_EQ(t->remote_restriction, row.remote_restriction) << id;
      EXPECT_FALSE(t->note.empty()) << id;
    }
  }
  // "llama3.2 multimodal rights withheld from EU-domiciled users".
  EXPECT_NE(Cat().FindLicence("llama3.2")->note.find("European Union"), std::string::npos);
  // "700M monthly users", "100M", "1M", "10M".
  EXPECT_NE(Cat().FindLicence("llama3.1")->note.find("700 million"), std::string::npos);
  EXPECT_NE(Cat().FindLicence("qwen")->note.find("100 million"), std::string::npos);
  EXPECT_NE(Cat().FindLicence("krutrim-community-license-1.0")->note.find("1 million"),
            std::string::npos);
  EXPECT_NE(Cat().FindLicence("hyperclovax-seed")->note.find("10 million"), std::string::npos);
}

TEST(CatalogCoverage, HuggingFaceAndSpdxIdsResolve) {
  const std::vector<std::pair<const char*, const char*>> aliases = {
      {"Apache-2.0", "apache-2.0"},
      {"MIT", "mit"},
      {"CC-BY-4.0", "cc-by-4.0"},
      {"CC-BY-SA-4.0", "cc-by-sa-4.0"},
      {"CC-BY-NC-4.0", "cc-by-nc-4.0"},
      {"CC-BY-ND-4.0", "cc-by-nd-4.0"},
      {"CC-BY-NC-ND-4.0", "cc-by-nc-nd-4.0"},
      {"CC-BY-NC-SA-4.0", "cc-by-nc-sa-4.0"},
      {"CC-BY-3.0", "cc-by-3.0"},
      {"CC-BY-SA-3.0", "cc-by-sa-3.0"},
      {"CC0-1.0", "cc0-1.0"},
      {"GPL-3.0-only", "gpl-3.0"},
      {"GPL-3.0-or-later", "gpl-3.0"},
      {"GPL-2.0-only", "gpl-2.0"},
      {"LGPL-3.0", "lgpl-3.0"},
      {"LGPL-2.1-or-later", "lgpl-2.1"},
      {"AGPL-3.0-only", "agpl-3.0"},
      {"BSD-2-Clause", "bsd-2-clause"},
      {"BSD-3-Clause", "bsd-3-clause"},
      {"BSD-3-Clause-Clear", "bsd-3-clause-clear"},
      {"MPL-2.0", "mpl-2.0"},
      {"ISC", "isc"},
      {"BSL-1.0", "bsl-1.0"},
      {"Zlib", "zlib"},
      {"Unlicense", "unlicense"},
      {"EPL-2.0", "epl-2.0"},
      {"EUPL-1.2", "eupl-1.2"},
      {"AFL-3.0", "afl-3.0"},
      {"Artistic-2.0", "artistic-2.0"},
      {"MS-PL", "ms-pl"},
      {"PostgreSQL", "postgresql"},
      {"ODbL-1.0", "odbl"},
      {"ODC-By-1.0", "odc-by"},
      {"PDDL-1.0", "pddl"},
      {"CDLA-Permissive-2.0", "cdla-permissive-2.0"},
      {"CDLA-Sharing-1.0", "cdla-sharing-1.0"},
      {"BigScience-OpenRAIL-M", "bigscience-openrail-m"},
      {"CreativeML-OpenRAIL-M", "creativeml-openrail-m"},
      {"bigscience-bloom-rail-1.0", "bigscience-bloom-rail-1.0"},
      {"bigcode-openrail-m", "bigcode-openrail-m"},
      {"llama2", "llama2"},
      {"llama4", "llama4"},
      {"tongyi-qianwen", "qwen"},
      {"deepseek-license", "deepseek"},
      {"falcon-llm-license", "falcon-llm"},
      {"MRL-0.1", "mrl"},
      {"MNPL-0.1", "mnpl"},
  };
  for (const auto& [alias, id] : aliases) {
    const LicenceTerms* t = Cat().FindLicence(alias);
    ASSERT_NE(t, nullptr) << alias;
    EXPECT_EQ(t->id, id) << alias;
  }
  // Modification and commercial use of the non-commercial or non-production licences.
  // Research and non-production licences offer a commercial licence at the licensor's
  // discretion (MRL, MNPL: "needs a licence from Mistral AI"): consent, which SOV-3.3 fails
  // for a commercial deployment as it fails prohibited.
  EXPECT_EQ(Cat().FindLicence("mnpl")->commercial, "consent");
  EXPECT_EQ(Cat().FindLicence("mrl")->commercial, "consent");
  EXPECT_EQ(Cat().FindLicence("cc-by-nc-nd-4.0")->commercial, "prohibited");
  EXPECT_EQ(Cat().FindLicence("llama4")->commercial, "threshold");
  EXPECT_EQ(Cat().FindLicence("bigscience-bloom-rail-1.0")->remote_restriction, true);
  EXPECT_EQ(Cat().FindLicence("deepseek")->remote_restriction, true);
  EXPECT_EQ(Cat().FindLicence("falcon-180b")->commercial, "threshold");
}

struct ModelFact {
  const char* id;
  const char* developer_id;
  const char* jurisdiction;
  const char* relation;
  std::vector<std::string> base;
  const char* licence;
};

TEST(CatalogCoverage, ModelFactsOfFormatsMdAndTheFourFamilies) {
  const std::vector<ModelFact> facts = {
      // formats.md, "Facts to start from".
      {"meta-llama/Llama-3.1-8B", "meta", "US", "pretrained", {}, "llama3.1"},
      {"meta-llama/Llama-3.3-70B-Instruct",
       "meta",
       "US",
       "finetune",
       {"meta-llama/Llama-3.1-70B"},
       "llama3.3"},
      {"google/gemma-2-9b", "google", "US", "pretrained", {}, "gemma"},
      {"google/gemma-3-27b-it", "google", "US", "finetune", {"google/gemma-3-27b-pt"}, "gemma"},
      {"Qwen/Qwen2.5-7B", "alibaba", "CN", "pretrained", {}, "apache-2.0"},
      {"Qwen/Qwen2.5-3B", "alibaba", "CN", "pretrained", {}, "qwen-research"},
      {"mistralai/Mistral-Small-3.1-24B-Base-2503",
       "mistral-ai",
       "FR",
       "pretrained",
       {},
       "apache-2.0"},
      {"sarvamai/sarvam-1", "sarvam-ai", "IN", "pretrained", {}, "sarvam-research"},
      {"sarvamai/sarvam-m",
       "sarvam-ai",
       "IN",
       "finetune",
       {"mistralai/Mistral-Small-3.1-24B-Base-2503"},
       "apache-2.0"},
      {"aisingapore/Llama-SEA-LION-v3-8B-IT",
       "ai-singapore",
       "SG",
       "continued-pretraining",
       {"meta-llama/Llama-3.1-8B-Instruct"},
       "llama3.1"},
      {"aisingapore/Gemma-SEA-LION-v4-27B-IT",
       "ai-singapore",
       "SG",
       "continued-pretraining",
       {"google/gemma-3-27b-it"},
       "gemma"},
      {"naver-hyperclovax/HyperCLOVAX-SEED-Text-Instruct-1.5B",
       "naver",
       "KR",
       "pretrained",
       {},
       "hyperclovax-seed"},
      // DeepSeek: V2, V3, R1 and the distillations naming their student bases.
      {"deepseek-ai/DeepSeek-V2", "deepseek", "CN", "pretrained", {}, "deepseek"},
      {"deepseek-ai/DeepSeek-V3",
       "deepseek",
       "CN",
       "finetune",
       {"deepseek-ai/DeepSeek-V3-Base"},
       "deepseek"},
      {"deepseek-ai/DeepSeek-R1",
       "deepseek",
       "CN",
       "finetune",
       {"deepseek-ai/DeepSeek-V3-Base"},
       "mit"},
      {"deepseek-ai/DeepSeek-R1-Distill-Qwen-32B",
       "deepseek",
       "CN",
       "distillation",
       {"Qwen/Qwen2.5-32B"},
       "mit"},
      {"deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B",
       "deepseek",
       "CN",
       "distillation",
       {"Qwen/Qwen2.5-Math-1.5B"},
       "mit"},
      {"deepseek-ai/DeepSeek-R1-Distill-Llama-70B",
       "deepseek",
       "CN",
       "distillation",
       {"meta-llama/Llama-3.3-70B-Instruct"},
       "llama3.3"},
      // Falcon (TII, Abu Dhabi).
      {"tiiuae/falcon-40b", "tii", "AE", "pretrained", {}, "apache-2.0"},
      {"tiiuae/falcon-180B", "tii", "AE", "pretrained", {}, "falcon-180b"},
      {"tiiuae/Falcon3-7B-Instruct",
       "tii",
       "AE",
       "finetune",
       {"tiiuae/Falcon3-7B-Base"},
       "falcon-llm"},
      {"tiiuae/Falcon-H1-7B-Instruct",
       "tii",
       "AE",
       "finetune",
       {"tiiuae/Falcon-H1-7B-Base"},
       "falcon-llm"},
      // Phi (Microsoft, MIT).
      {"microsoft/phi-2", "microsoft", "US", "pretrained", {}, "mit"},
      {"microsoft/Phi-3-mini-4k-instruct", "microsoft", "US", "pretrained", {}, "mit"},
      {"microsoft/Phi-4-reasoning", "microsoft", "US", "finetune", {"microsoft/phi-4"}, "mit"},
      // Mistral.
      {"mistralai/Mistral-7B-Instruct-v0.1",
       "mistral-ai",
       "FR",
       "finetune",
       {"mistralai/Mistral-7B-v0.1"},
       "apache-2.0"},
      {"mistralai/Mixtral-8x22B-Instruct-v0.1",
       "mistral-ai",
       "FR",
       "finetune",
       {"mistralai/Mixtral-8x22B-v0.1"},
       "apache-2.0"},
      {"mistralai/Mistral-Nemo-Instruct-2407",
       "mistral-ai",
       "FR",
       "finetune",
       {"mistralai/Mistral-Nemo-Base-2407"},
       "apache-2.0"},
      {"mistralai/Mistral-Small-24B-Instruct-2501",
       "mistral-ai",
       "FR",
       "finetune",
       {"mistralai/Mistral-Small-24B-Base-2501"},
       "apache-2.0"},
      {"mistralai/Mistral-Large-Instruct-2411", "mistral-ai", "FR", "pretrained", {}, "mrl"},
      {"mistralai/Codestral-22B-v0.1", "mistral-ai", "FR", "pretrained", {}, "mnpl"},
  };
  for (const ModelFact& f : facts) {
    const CatalogModel* m = Cat().FindModel(f.id);
    ASSERT_NE(m, nullptr) << f.id;
    EXPECT_EQ(m->developer_id, f.developer_id) << f.id;
    EXPECT_EQ(m->jurisdiction, f.jurisdiction) << f.id;
    EXPECT_EQ(m->relation, f.relation) << f.id;
    EXPECT_EQ(m->base, f.base) << f.id;
    EXPECT_EQ(m->licence, f.licence) << f.id;
  }
}

// Every model of a publisher's namespace has that publisher's developer and jurisdiction.
TEST(CatalogCoverage, FamiliesHaveOneDeveloperEach) {
  struct Family {
    const char* prefix;
    const char* developer_id;
    const char* jurisdiction;
    size_t at_least;
  };
  const Family families[] = {
      {"meta-llama/", "meta", "US", 20},      {"google/gemma", "google", "US", 14},
      {"Qwen/", "alibaba", "CN", 15},         {"deepseek-ai/", "deepseek", "CN", 14},
      {"tiiuae/", "tii", "AE", 10},           {"microsoft/Phi-", "microsoft", "US", 10},
      {"mistralai/", "mistral-ai", "FR", 15},
  };
  for (const Family& family : families) {
    size_t n = 0;
    for (const std::string& id : Cat().ModelIds()) {
      if (id.rfind(family.prefix, 0) != 0) continue;
      ++n;
      const CatalogModel* m = Cat().FindModel(id);
      EXPECT_EQ(m->developer_id, family.developer_id) << id;
      EXPECT_EQ(m->jurisdiction, family.jurisdiction) << id;
      if (family.prefix == std::string("meta-llama/")) {
        EXPECT_EQ(m->licence.rfind("llama", 0), 0u) << id;
      }
    }
    EXPECT_GE(n, family.at_least) << family.prefix;
  }
}

TEST(CatalogCoverage, EveryAsiaPacificRegionMapsToItsCountry) {
  const std::vector<std::pair<const char*, const char*>> regions = {
      {"aws:ap-east-1", "HK"},
      {"aws:ap-east-2", "TW"},
      {"aws:ap-south-1", "IN"},
      {"aws:ap-south-2", "IN"},
      {"aws:ap-southeast-1", "SG"},
      {"aws:ap-southeast-2", "AU"},
      {"aws:ap-southeast-3", "ID"},
      {"aws:ap-southeast-4", "AU"},
      {"aws:ap-southeast-5", "MY"},
      {"aws:ap-southeast-6", "NZ"},
      {"aws:ap-southeast-7", "TH"},
      {"aws:ap-northeast-1", "JP"},
      {"aws:ap-northeast-2", "KR"},
      {"aws:ap-northeast-3", "JP"},
      {"aws:cn-north-1", "CN"},
      {"aws:cn-northwest-1", "CN"},
      {"aws:me-south-1", "BH"},
      {"aws:me-central-1", "AE"},
      {"aws:il-central-1", "IL"},
      {"azure:eastasia", "HK"},
      {"azure:southeastasia", "SG"},
      {"azure:australiaeast", "AU"},
      {"azure:australiasoutheast", "AU"},
      {"azure:australiacentral", "AU"},
      {"azure:australiacentral2", "AU"},
      {"azure:newzealandnorth", "NZ"},
      {"azure:japaneast", "JP"},
      {"azure:japanwest", "JP"},
      {"azure:koreacentral", "KR"},
      {"azure:koreasouth", "KR"},
      {"azure:centralindia", "IN"},
      {"azure:southindia", "IN"},
      {"azure:westindia", "IN"},
      {"azure:jioindiacentral", "IN"},
      {"azure:jioindiawest", "IN"},
      {"azure:indonesiacentral", "ID"},
      {"azure:malaysiawest", "MY"},
      {"azure:chinaeast2", "CN"},
      {"azure:chinanorth3", "CN"},
      {"azure:uaenorth", "AE"},
      {"azure:uaecentral", "AE"},
      {"azure:qatarcentral", "QA"},
      {"azure:israelcentral", "IL"},
      {"gcp:asia-east1", "TW"},
      {"gcp:asia-east2", "HK"},
      {"gcp:asia-northeast1", "JP"},
      {"gcp:asia-northeast2", "JP"},
      {"gcp:asia-northeast3", "KR"},
      {"gcp:asia-south1", "IN"},
      {"gcp:asia-south2", "IN"},
      {"gcp:asia-southeast1", "SG"},
      {"gcp:asia-southeast2", "ID"},
      {"gcp:australia-southeast1", "AU"},
      {"gcp:australia-southeast2", "AU"},
      {"gcp:me-central1", "QA"},
      {"gcp:me-central2", "SA"},
      {"gcp:me-west1", "IL"},
      {"alibaba:cn-hangzhou", "CN"},
      {"alibaba:cn-shanghai", "CN"},
      {"alibaba:cn-beijing", "CN"},
      {"alibaba:cn-shenzhen", "CN"},
      {"alibaba:cn-hongkong", "HK"},
      {"alibaba:ap-southeast-1", "SG"},
      {"alibaba:ap-southeast-3", "MY"},
      {"alibaba:ap-southeast-5", "ID"},
      {"alibaba:ap-southeast-6", "PH"},
      {"alibaba:ap-southeast-7", "TH"},
      {"alibaba:ap-northeast-1", "JP"},
      {"alibaba:ap-northeast-2", "KR"},
      {"aliyun:me-east-1", "AE"},
      {"tencent:ap-guangzhou", "CN"},
      {"tencent:ap-shanghai", "CN"},
      {"tencent:ap-beijing", "CN"},
      {"tencent:ap-hongkong", "HK"},
      {"tencent:ap-taipei", "TW"},
      {"tencent:ap-singapore", "SG"},
      {"tencent:ap-bangkok", "TH"},
      {"tencent:ap-jakarta", "ID"},
      {"tencent:ap-seoul", "KR"},
      {"tencent:ap-tokyo", "JP"},
      {"tencent:ap-mumbai", "IN"},
      {"huawei:cn-north-4", "CN"},
      {"huawei:cn-east-3", "CN"},
      {"huawei:cn-south-1", "CN"},
      {"huawei:ap-southeast-1", "HK"},
      {"huawei:ap-southeast-2", "TH"},
      {"huawei:ap-southeast-3", "SG"},
      {"huawei:ap-southeast-4", "ID"},
      {"huawei:me-east-1", "SA"},
      {"oracle:ap-singapore-1", "SG"},
      {"oracle:ap-singapore-2", "SG"},
      {"oracle:ap-tokyo-1", "JP"},
      {"oracle:ap-osaka-1", "JP"},
      {"oracle:ap-seoul-1", "KR"},
      {"oracle:ap-chuncheon-1", "KR"},
      {"oracle:ap-mumbai-1", "IN"},
      {"oracle:ap-hyderabad-1", "IN"},
      {"oracle:ap-sydney-1", "AU"},
      {"oracle:ap-melbourne-1", "AU"},
      {"oci:ap-batam-1", "ID"},
      {"oracle:me-dubai-1", "AE"},
      {"oracle:me-jeddah-1", "SA"},
      {"oracle:il-jerusalem-1", "IL"},
  };
  for (const auto& [region, country] : regions) {
    EXPECT_EQ(Cat().RegionCountry(region), std::optional<std::string>(country)) << region;
  }
  // And every region of the catalogue maps to a country of the ISO catalogue.
  size_t n = 0;
  for (const std::string& id : Cat().RegionIds()) {
    std::optional<std::string> country = Cat().RegionCountry(id);
    ASSERT_TRUE(country.has_value()) << id;
    EXPECT_TRUE(Cat().IsCountry(*country)) << id << " -> " << *country;
    ++n;
  }
  EXPECT_GE(n, 240u);
}

}  // namespace
}  // namespace sov
