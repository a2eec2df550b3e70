// Drives the command line in-process with argv vectors (no binary needed).
#include <gtest/gtest.h>

#include <sstream>

#include "cli/cli.h"

namespace sov {
namespace {

struct CliRun {
  int code;
  std::string out, err;
};

CliRun Cli(std::vector<std::string> args) {
  args.insert(args.begin(), "sovaudit");
  std::ostringstream out, err;
  int code = RunCli(args, out, err);
  return {code, out.str(), err.str()};
}

TEST(Cli, VersionAndHelp) {
  std::string version = Cli({"--version"}).out;
  EXPECT_EQ(version.substr(0, version.find('\n') + 1), "sovaudit 0.1.0\n");
  CliRun help = Cli({"--help"});
  EXPECT_EQ(help.code, 0);
  for (const char* cmd : {"audit", "validate", "rules", "explain"}) {
    EXPECT_NE(help.out.find(cmd), std::string::npos) << cmd;
  }
  CliRun audit_help = Cli({"audit", "--help"});
  for (const char* opt : {"--format", "--output", "--require-layer", "--fail-on-overclaim",
                          "--fail-on", "--as-of", "--no-verify", "--rules"}) {
    EXPECT_NE(audit_help.out.find(opt), std::string::npos) << opt;
  }
}

TEST(Cli, UsageErrorsExit2) {
  EXPECT_EQ(Cli({}).code, 2);
  EXPECT_EQ(Cli({"frobnicate"}).code, 2);
  EXPECT_EQ(Cli({"audit", "--require-layer", "7", "x"}).code, 2);
  EXPECT_EQ(Cli({"audit", "--format", "pdf", "x"}).code, 2);
  CliRun bad_date = Cli({"audit", "--as-of", "21/11/2026", "fixtures"});
  EXPECT_EQ(bad_date.code, 2);
  EXPECT_NE(bad_date.err.find("--as-of"), std::string::npos) << bad_date.err;
}

TEST(Cli, MissingInputNamesTheFile) {
  CliRun r = Cli({"audit", "no/such/manifest.yaml"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "sovaudit: error: no/such/manifest.yaml: no such file or directory\n");
  EXPECT_EQ(r.out, "");
}

TEST(Cli, RulesListsEveryBuiltInRule) {
  CliRun r = Cli({"rules"});
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* id : {"SOV-1.1", "SOV-1.2", "SOV-1.3", "SOV-2.1", "SOV-2.2", "SOV-2.3",
                         "SOV-2.4", "SOV-3.1", "SOV-3.2", "SOV-3.3", "SOV-3.4", "SOV-3.5",
                         "SOV-3.6", "SOV-4.1", "SOV-4.2", "SOV-4.3", "SOV-5.1", "SOV-5.2",
                         "SOV-5.3", "SOV-5.4", "SOV-C.1"}) {
    EXPECT_NE(r.out.find(id), std::string::npos) << id;
  }
}

TEST(Cli, ExplainUnknownRuleSuggests) {
  CliRun r = Cli({"explain", "SOV-3.33"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("did you mean 'SOV-3.3'"), std::string::npos) << r.err;
  CliRun ok = Cli({"explain", "SOV-3.3"});
  EXPECT_EQ(ok.code, 0);
  EXPECT_NE(ok.out.find("Remediation"), std::string::npos);
}

}  // namespace
}  // namespace sov
