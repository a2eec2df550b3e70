// The did-you-mean hints of the manifest loader, each asserted whole at its FILE:LINE:COLUMN:
// countries written as common non-ISO codes or names, groups in lower case, regions named by
// country or with a provider's other name, ids shortened or extended, and catalogue model ids
// written without `catalog:`. And the helpers behind them (ClosestId, src/load/hints.h).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/minimal_manifest.h"
#include "tests/temp_dir.h"
#include "src/catalog/catalog.h"
#include "src/load/hints.h"
#include "src/load/loader.h"
#include "src/util/error.h"
#include "src/util/text.h"

namespace sov::load {
namespace {

namespace fs = std::filesystem;

// Line numbers below are this text's (line 1: apiVersion).
using test::kBase;
class LoadHints : public ::testing::Test {
 protected:
  std::string Manifest() const { return (tmp_.path() / "deployment.yaml").string(); }

  // Loads `yaml`; returns Error::Describe() (exit code 2 expected), or "loaded".
  std::string Load(const std::string& yaml) {
    std::ofstream(Manifest(), std::ios::binary) << yaml;
    try {
      LoadDeployment(Manifest(), Catalog::Builtin(), {});
      return "loaded";
    } catch (const Error& e) {
      EXPECT_EQ(e.exit_code(), kExitInput);
      return e.Describe();
    }
  }
  // kBase with the first `from` replaced by `to`.
  static std::string Edit(const std::string& from, const std::string& to,
                          const std::string& yaml = kBase) {
    return test::EditBase(from, to, yaml);
  }
  std::string At(const std::string& pos_and_message) const {
    return Manifest() + ":" + pos_and_message;
  }

  test::TempDir tmp_{"sovaudit_hints"};  // this test's own folder, removed after it
};

TEST_F(LoadHints, BaseLoads) { EXPECT_EQ(Load(kBase), "loaded"); }

TEST_F(LoadHints, CountriesWrittenAsCommonNonIsoCodes) {
  EXPECT_EQ(Load(Edit("jurisdiction: SG", "jurisdiction: UK")),
            At("10:19: unknown country code 'UK' in 'jurisdiction' (ISO 3166-1 alpha-2 "
               "expected) (did you mean 'GB'?)"));
  EXPECT_EQ(Load(Edit("location: SG", "location: EL")),
            At("14:15: unknown country code 'EL' in 'location' (ISO 3166-1 alpha-2 expected) "
               "(did you mean 'GR'?)"));
  EXPECT_EQ(Load(Edit("home: [SG]", "home: [SG, UK]")),
            At("7:14: unknown country code or group 'UK' in 'home' (ISO 3166-1 alpha-2, or one "
               "of ASEAN, EEA, EU) (did you mean 'GB'?)"));
}

TEST_F(LoadHints, CountriesWrittenAsNamesOrAlpha3) {
  EXPECT_EQ(Load(Edit("location: SG", "location: Singapore")),
            At("14:15: unknown country code 'Singapore' in 'location' (ISO 3166-1 alpha-2 "
               "expected) (did you mean 'SG'?)"));
  EXPECT_EQ(Load(Edit("home: [SG]", "home: [DEU]")),
            At("7:10: unknown country code or group 'DEU' in 'home' (ISO 3166-1 alpha-2, or one "
               "of ASEAN, EEA, EU) (did you mean 'DE'?)"));
  // Nothing close: no hint (two letters are never guessed by edit distance).
  EXPECT_EQ(Load(Edit("location: SG", "location: QQ")),
            At("14:15: unknown country code 'QQ' in 'location' (ISO 3166-1 alpha-2 expected)"));
}

TEST_F(LoadHints, GroupsInLowerCase) {
  EXPECT_EQ(Load(Edit("home: [SG]", "home: [asean]")),
            At("7:10: unknown country code or group 'asean' in 'home' (ISO 3166-1 alpha-2, or "
               "one of ASEAN, EEA, EU) (did you mean 'ASEAN'?)"));
}

TEST_F(LoadHints, RegionsNamedByTheirCountry) {
  EXPECT_EQ(Load(Edit("location: SG", "region: aws:singapore")),
            At("14:13: unknown region 'aws:singapore' (did you mean 'aws:ap-southeast-1'?)"));
  EXPECT_EQ(Load(Edit("location: SG", "region: aws:japan")),
            At("14:13: unknown region 'aws:japan' (did you mean 'aws:ap-northeast-1' or "
               "'aws:ap-northeast-3'?)"));
  EXPECT_EQ(Load(Edit("location: SG", "region: gcp:south-korea")),
            At("14:13: unknown region 'gcp:south-korea' (did you mean 'gcp:asia-northeast3'?)"));
  // More than four: three and a count.
  EXPECT_EQ(Load(Edit("location: SG", "region: aws:us")),
            At("14:13: unknown region 'aws:us' (did you mean 'aws:us-east-1', 'aws:us-east-2', "
               "'aws:us-gov-east-1' or one of 3 more?)"));
}

TEST_F(LoadHints, RegionsNamedByACityInTheirName) {
  EXPECT_EQ(Load(Edit("location: SG", "region: oracle:tokyo")),
            At("14:13: unknown region 'oracle:tokyo' (did you mean 'oracle:ap-tokyo-1'?)"));
}

TEST_F(LoadHints, RegionsUnderAnotherNameOfTheProvider) {
  EXPECT_EQ(Load(Edit("location: SG", "region: amazon:ap-southeast-1")),
            At("14:13: unknown region 'amazon:ap-southeast-1' (did you mean "
               "'aws:ap-southeast-1'?)"));
  EXPECT_EQ(Load(Edit("location: SG", "region: microsoft:southeastasia")),
            At("14:13: unknown region 'microsoft:southeastasia' (did you mean "
               "'azure:southeastasia'?)"));
  EXPECT_EQ(Load(Edit("location: SG", "region: awz:eu-west-2")),
            At("14:13: unknown region 'awz:eu-west-2' (did you mean 'aws:eu-west-2'?)"));
}

TEST_F(LoadHints, RegionTyposStillFindTheNearestId) {
  EXPECT_EQ(Load(Edit("location: SG", "region: gcp:asia-southeast9")),
            At("14:13: unknown region 'gcp:asia-southeast9' (did you mean "
               "'gcp:asia-southeast1'?)"));
}

TEST_F(LoadHints, OrganisationIdsShortenedOrExtended) {
  std::string yaml =
      Edit("infrastructure:\n", "  - id: lioncity-ai\n    jurisdiction: SG\ninfrastructure:\n",
           Edit("  owner: acme", "  owner: lioncity"));
  EXPECT_EQ(Load(yaml), At("5:10: unknown organisation 'lioncity' (did you mean "
                           "'lioncity-ai'?)"));
  EXPECT_EQ(Load(Edit("  owner: acme", "  owner: acme-holdings")),
            At("5:10: unknown organisation 'acme-holdings' (did you mean 'acme'?)"));
}

TEST_F(LoadHints, IdsOfEveryKind) {
  EXPECT_EQ(Load(Edit("serving: [gpu]", "serving: [gpu-pool]")),
            At("23:15: unknown infrastructure 'gpu-pool' (did you mean 'gpu'?)"));
  EXPECT_EQ(Load(std::string(kBase) + "flows:\n  - {from: dataset, to: gpu}\n"),
            At("28:12: unknown dataset 'dataset' (did you mean 'data'?)"));
  EXPECT_EQ(Load(Edit("serving: [gpu]", "serving: [gpu]\n    evaluations: [sea-helm]") +
                 "evaluations:\n  - id: sea-helm-2025\n    operator: acme\n"),
            At("24:19: unknown evaluation 'sea-helm' (did you mean 'sea-helm-2025'?)"));
  EXPECT_EQ(Load(Edit("  - id: m\n", "  - id: lending-llm\n") +
                 "contingency:\n  fallback_models: [lending]\n"),
            At("28:21: unknown deployed model 'lending' (did you mean 'lending-llm'?)"));
}

TEST_F(LoadHints, CatalogueModelWithoutItsPrefix) {
  EXPECT_EQ(Load(Edit("relation: pretrained",
                      "relation: finetune\n      base: meta-llama/Llama-3.1-8B-Instruct")),
            At("27:13: unknown base model 'meta-llama/Llama-3.1-8B-Instruct': not a lineage id "
               "or catalog:<id> (did you mean 'catalog:meta-llama/Llama-3.1-8B-Instruct'?)"));
  // In lower case it is a valid id, unknown as a lineage id: the same hint, canonical case.
  EXPECT_EQ(Load(Edit("relation: pretrained",
                      "relation: finetune\n      base: [meta-llama/llama-3.1-8b-instruct]")),
            At("27:14: unknown base model 'meta-llama/llama-3.1-8b-instruct': not a lineage id "
               "or catalog:<id> (did you mean 'catalog:meta-llama/Llama-3.1-8B-Instruct'?)"));
}

TEST(ClosestId, EditDistanceFirstThenPrefixes) {
  const std::vector<std::string> ids = {"acme", "lioncity-ai", "lioncity-ai-labs", "gpu"};
  EXPECT_EQ(ClosestId("acne", ids), "acme");
  EXPECT_EQ(ClosestId("lioncity", ids), "lioncity-ai");  // the nearest in length
  EXPECT_EQ(ClosestId("gpu-cluster-7", ids), "gpu");     // a candidate is its prefix
  EXPECT_EQ(ClosestId("li", ids), "");                   // too short to be a prefix
  EXPECT_EQ(ClosestId("zzzzzzzz", ids), "");
  EXPECT_EQ(DidYouMeanId("lioncity", ids), " (did you mean 'lioncity-ai'?)");
  EXPECT_EQ(DidYouMeanId("nothing-like-it", ids), "");
}

TEST(Hints, HelpersAgreeWithTheCatalogue) {
  const Catalog& c = Catalog::Builtin();
  EXPECT_EQ(CountryHint(c, "uk"), " (did you mean 'GB'?)");
  EXPECT_EQ(CountryHint(c, "el"), " (did you mean 'GR'?)");
  EXPECT_EQ(CountryHint(c, "sg"), " (did you mean 'SG'?)");
  EXPECT_EQ(CountryHint(c, "XX"), "");
  EXPECT_EQ(HomeHint(c, "eu"), " (did you mean 'EU'?)");
  EXPECT_EQ(RegionHint(c, "google:singapore"), " (did you mean 'gcp:asia-southeast1'?)");
  EXPECT_EQ(RegionHint(c, "tencent:singapore"), " (did you mean 'tencent:ap-singapore'?)");
  EXPECT_EQ(CatalogPrefixHint(c, "Qwen/Qwen2.5-7B-Instruct"),
            " (did you mean 'catalog:Qwen/Qwen2.5-7B-Instruct'?)");
  EXPECT_EQ(CatalogPrefixHint(c, "not-a-model"), "");
}

}  // namespace
}  // namespace sov::load
