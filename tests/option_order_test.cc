// Every command's options, in several orders, give the same result: a repeatable option takes
// one value per occurrence and never swallows the next argument (issue 15: `audit --format json
// dep.yaml` used to read the manifest as a second format, `--trust-key k dep.yaml` audited '.').

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/run_binary.h"
#include "tests/temp_dir.h"

namespace sov {
namespace {

namespace fs = std::filesystem;
using Args = std::vector<std::string>;
using test::RunBinary;

const std::string kKeys = "fixtures/signed-model/keys/";
const std::string kModel = "fixtures/signed-model/weights/aoba-helpdesk-3.7b";

// Runs `command` followed by every order of `groups` (each group stays together: an option and
// its value), and expects the same exit code and standard output for all of them.
void ExpectOrderFree(const std::string& command, std::vector<Args> groups, int code) {
  std::sort(groups.begin(), groups.end());
  std::string first_out;
  int runs = 0;
  do {
    Args args = {command};
    for (const Args& g : groups) args.insert(args.end(), g.begin(), g.end());
    auto r = RunBinary(args);
    std::string line;
    for (const std::string& a : args) line += a + " ";
    EXPECT_EQ(r.code, code) << line << "\n" << r.err;
    if (runs++ == 0) {
      first_out = r.out;
      if (code == 0) EXPECT_FALSE(first_out.empty()) << line;
    } else {
      EXPECT_EQ(r.out, first_out) << line;
    }
  } while (std::next_permutation(groups.begin(), groups.end()) && runs < 24);
}

TEST(OptionOrder, Audit) {
  ExpectOrderFree("audit",
                  {{"fixtures/layer1-hosting"},
                   {"--format", "json"},
                   {"--rules", "tests/data/packs/regulator.yaml"},
                   {"--trust-key", kKeys + "helpdesk-signing-key.pub.pem"},
                   {"--as-of", "2026-11-21"}},
                  0);
  // Repeated, interleaved with the manifest.
  ExpectOrderFree("audit",
                  {{"--format", "json"},
                   {"fixtures/layer3-finetune"},
                   {"--format", "markdown"},
                   {"--output", "-"},
                   {"--as-of", "2026-11-21"}},
                  2);  // two reports for stdout: refused, whatever the order
}

TEST(OptionOrder, TwoReportsWithTheManifestBetweenTheirOptions) {
  test::TempDir dir;
  const std::string json = (dir.path() / "r.json").string();
  const std::string sarif = (dir.path() / "r.sarif").string();
  auto r = RunBinary({"audit", "--format", "json", "--format", "sarif", "--output", json,
                      "fixtures/layer3-finetune", "--output", sarif, "--as-of", "2026-11-21"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(test::SlurpFile(json).find("\"schema\": \"sovaudit/report/v1\""), std::string::npos);
  EXPECT_NE(test::SlurpFile(sarif).find("\"version\": \"2.1.0\""), std::string::npos);
}

TEST(OptionOrder, ValidateRulesExplain) {
  ExpectOrderFree("validate", {{"fixtures/layer3-finetune"}, {"--allow-outside"}}, 0);
  ExpectOrderFree("rules", {{"--rules", "tests/data/packs/regulator.yaml"}, {"--format", "json"}},
                  0);
  ExpectOrderFree("explain", {{"SOV-3.5"}, {"--rules", "tests/data/packs/regulator.yaml"}}, 0);
}

TEST(OptionOrder, VerifyDigestImportGraphCatalog) {
  ExpectOrderFree("verify",
                  {{kModel},
                   {"--signature", kModel + "/model.sig"},
                   {"--public-key", kKeys + "helpdesk-signing-key.pub.pem"}},
                  0);
  ExpectOrderFree("digest", {{kModel}, {"--method", "files"}, {"--threads", "2"}}, 0);
  ExpectOrderFree("import",
                  {{"fixtures/imported-provenance/models/qwen2.5-7b-instruct/README.md"}, {"--from", "hf-card"}},
                  0);
  ExpectOrderFree("graph", {{"fixtures/layer3-finetune"}, {"--format", "json"}}, 0);
  ExpectOrderFree("catalog", {{"models"}, {"--format", "json"}}, 0);
}

TEST(OptionOrder, SignAndDiff) {
  test::TempDir dir;
  fs::create_directories(dir.path() / "m");
  std::ofstream(dir.path() / "m" / "a.bin") << "weights";
  const std::string sig = (dir.path() / "m.sig").string();
  for (const Args& args :
       {Args{"sign", (dir.path() / "m").string(), "--private-key",
             kKeys + "helpdesk-signing-key.pem", "--signature", sig},
        Args{"sign", "--signature", sig, "--private-key", kKeys + "helpdesk-signing-key.pem",
             (dir.path() / "m").string()}}) {
    auto r = RunBinary(args);
    EXPECT_EQ(r.code, 0) << r.err;
    auto v = RunBinary({"verify", (dir.path() / "m").string(), "--signature", sig,
                        "--public-key", kKeys + "helpdesk-signing-key.pub.pem"});
    EXPECT_EQ(v.code, 0) << v.err;
    fs::remove(sig);
  }
  const std::string report = (dir.path() / "r.json").string();
  ASSERT_EQ(RunBinary({"audit", "fixtures/layer3-finetune", "--as-of", "2026-11-21", "--format",
                       "json", "--output", report})
                .code,
            0);
  ExpectOrderFree("diff", {{report}, {"--format", "json"}}, 2);  // one report is not a diff
  auto a = RunBinary({"diff", "--format", "json", report, report});
  auto b = RunBinary({"diff", report, report, "--format", "json"});
  EXPECT_EQ(a.code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
}

TEST(CommandHelp, EachCommandsHelpEndsWithItsOwnExitCodesAndManPage) {
  const std::vector<std::pair<std::string, std::string>> pages = {
      {"audit", "sovaudit-audit"},   {"validate", "sovaudit-validate"}, {"rules", "sovaudit-rules"},
      {"explain", "sovaudit-rules"}, {"verify", "sovaudit-verify"},     {"sign", "sovaudit-sign"},
      {"digest", "sovaudit-digest"}, {"import", "sovaudit-import"},     {"graph", "sovaudit-graph"},
      {"diff", "sovaudit-diff"},     {"catalog", "sovaudit-catalog"}};
  std::string previous;
  for (const auto& [command, page] : pages) {
    auto r = RunBinary({command, "--help"});
    EXPECT_EQ(r.code, 0) << command;
    size_t footer = r.out.rfind("Exit codes: ");
    ASSERT_NE(footer, std::string::npos) << command;
    std::string tail = r.out.substr(footer);
    EXPECT_NE(tail.find("See " + page + "(1)"), std::string::npos) << command << ": " << tail;
    EXPECT_TRUE(fs::exists(std::string(SOVAUDIT_SOURCE_DIR) + "/man/" + page + ".1")) << page;
    EXPECT_NE(tail, previous) << command;  // no generic footer shared by every command
    previous = tail;
  }
}

}  // namespace
}  // namespace sov
