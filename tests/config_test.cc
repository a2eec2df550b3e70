// .sovaudit.yaml (cli/config.cc): defaults for any option, found upward from the working
// directory, paths relative to the file, the command line winning, errors with positions.
// Each test runs the built binary in its own temporary folder.
#include <gtest/gtest.h>

#include "cli/config.h"
#include "tests/oms_test_util.h"
#include "tests/run_binary.h"

namespace sov {
namespace {

namespace fs = std::filesystem;
using namespace oms::testing;  // NOLINT(build/namespaces)
using test::RunBinary;

const std::string kFixtures = std::string(SOVAUDIT_SOURCE_DIR) + "/fixtures";

// fixtures/overclaim-vendor reaches layer 1 and claims layer 4.
std::string Overclaim() { return kFixtures + "/overclaim-vendor"; }

TEST(Config, SuppliesDefaultsAndTheCommandLineWins) {
  TempDir dir;
  WriteFile(dir.path() / ".sovaudit.yaml",
            "audit:\n  paths: [" + Overclaim() + "]\n  as-of: 2026-11-21\n"
            "  require-layer: 3\n");
  auto gated = RunBinary({"audit"}, dir.path());
  EXPECT_EQ(gated.code, 1) << gated.err;
  EXPECT_NE(gated.err.find("--require-layer 3"), std::string::npos) << gated.err;
  EXPECT_NE(gated.out.find("audit as of 2026-11-21"), std::string::npos);
  auto flag_wins = RunBinary({"audit", "--require-layer", "1"}, dir.path());
  EXPECT_EQ(flag_wins.code, 0) << flag_wins.err;
  auto no_config = RunBinary({"audit", "--no-config", Overclaim()}, dir.path());
  EXPECT_EQ(no_config.code, 0) << no_config.err;
  EXPECT_EQ(no_config.out.find("audit as of 2026-11-21"), std::string::npos);
  auto no_config_first = RunBinary({"--no-config", "audit", Overclaim()}, dir.path());
  EXPECT_EQ(no_config_first.code, 0) << no_config_first.err;
}

TEST(Config, IsFoundUpwardAndItsPathsAreRelativeToIt) {
  TempDir dir;
  fs::copy(Overclaim(), dir.path() / "deploy", fs::copy_options::recursive);
  fs::create_directories(dir.path() / "sub" / "deeper");
  WriteFile(dir.path() / ".sovaudit.yaml",
            "audit:\n  paths: [deploy]\n  as-of: 2026-11-21\n  fail-on-overclaim: true\n"
            "  format: [json, text]\n  output: [reports/audit.json, \"-\"]\n");
  fs::create_directories(dir.path() / "reports");
  auto r = RunBinary({"audit"}, dir.path() / "sub" / "deeper");
  EXPECT_EQ(r.code, 1) << r.err;  // the overclaim gate from the config
  EXPECT_NE(r.out.find("../../deploy/deployment.yaml"), std::string::npos) << r.out;
  std::string report = ReadFile(dir.path() / "reports" / "audit.json");
  EXPECT_NE(report.find("\"schema\": \"sovaudit/report/v1\""), std::string::npos);
  // A --format on the command line replaces the config's format/output pairs.
  fs::remove(dir.path() / "reports" / "audit.json");
  auto json_only = RunBinary({"audit", "--format", "json"}, dir.path() / "sub");
  EXPECT_EQ(json_only.out.rfind("{", 0), 0u) << json_only.out.substr(0, 200);
  EXPECT_FALSE(fs::exists(dir.path() / "reports" / "audit.json"));
}

TEST(Config, AnExplicitConfigFileAndOtherCommands) {
  TempDir dir;
  // A config supplies options; required arguments (explain's RULE-ID) stay on the command line.
  WriteFile(dir.path() / "ci.yaml", "rules:\n  format: json\nexplain:\n  rules: [" +
                                        std::string(SOVAUDIT_SOURCE_DIR) +
                                        "/tests/data/packs/regulator.yaml]\n");
  auto rules = RunBinary({"--config", (dir.path() / "ci.yaml").string(), "rules"});
  EXPECT_EQ(rules.code, 0) << rules.err;
  EXPECT_EQ(rules.out.rfind("[", 0), 0u) << rules.out.substr(0, 100);
  auto explain = RunBinary({"explain", "MAS-TRM-1", "--config", (dir.path() / "ci.yaml").string()});
  EXPECT_EQ(explain.code, 0) << explain.err;  // the pack's rule, known only through the config
  EXPECT_NE(explain.out.find("MAS-TRM-1"), std::string::npos);
  // A shipped pack named in a config is not taken for a path beside the config file.
  WriteFile(dir.path() / "deai.yaml", "explain:\n  rules: [builtin:deai]\n");
  auto deai = RunBinary({"explain", "SOV-D.1", "--config", (dir.path() / "deai.yaml").string()});
  EXPECT_EQ(deai.code, 0) << deai.err;
  EXPECT_NE(deai.out.find("Defined in:   builtin:deai"), std::string::npos) << deai.out;
  auto missing = RunBinary({"--config", (dir.path() / "nope.yaml").string(), "rules"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("nope.yaml"), std::string::npos);
}

TEST(Config, ErrorsNameTheFileLineAndColumn) {
  struct Case {
    std::string text, expect;
  } cases[] = {
      {"audit:\n  requre-layer: 3\n", ".sovaudit.yaml:2:3: 'audit' has no option 'requre-layer' "
                                     "(did you mean 'require-layer'?)"},
      {"adit:\n  as-of: 2026-01-01\n", ".sovaudit.yaml:1:1: unknown command 'adit' (did you mean "
                                       "'audit'?)"},
      {"audit:\n  require-layer: 9\n", ".sovaudit.yaml:2:18: 'audit.require-layer'"},
      {"audit:\n  format: [pdf]\n", ".sovaudit.yaml:2:11: 'audit.format'"},
      {"audit: [1, 2]\n", ".sovaudit.yaml:1:8: the 'audit' section must be a mapping"},
      {"audit:\n  rules: {a: b}\n", ".sovaudit.yaml:2:10: 'rules' must be a value or a list"},
      {"audit: {as-of: [unclosed\n", ".sovaudit.yaml:"},
      {"- audit\n", ".sovaudit.yaml:1:1: a config file must be a mapping"},
  };
  for (const Case& c : cases) {
    TempDir dir;
    WriteFile(dir.path() / ".sovaudit.yaml", c.text);
    auto r = RunBinary({"audit", Overclaim()}, dir.path());
    EXPECT_EQ(r.code, 2) << c.text;
    EXPECT_NE(r.err.find("sovaudit: error: " + c.expect), std::string::npos)
        << c.text << "\n" << r.err;
  }
}

TEST(Config, TheSearchStopsAtTheNearestFile) {
  TempDir dir;
  fs::create_directories(dir.path() / "a" / "b");
  WriteFile(dir.path() / kConfigFileName, "audit: {}\n");
  WriteFile(dir.path() / "a" / kConfigFileName, "audit: {}\n");
  EXPECT_EQ(FindConfigFile(dir.path() / "a" / "b"), "../.sovaudit.yaml");
  EXPECT_EQ(FindConfigFile(dir.path() / "a"), ".sovaudit.yaml");
  EXPECT_EQ(FindConfigFile(dir.path()), ".sovaudit.yaml");
}

}  // namespace
}  // namespace sov
