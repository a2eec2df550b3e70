// The CI examples in docs/ci/ run as written. Every `sovaudit audit` command line in them is
// taken from the YAML (yaml-cpp), its manifest paths replaced by fixtures/layer3-finetune and
// its --as-of by the fixtures' date, and run with the built binary in a fresh temporary folder:
// it must exit 0 or 1 (a gate may fail; the input must be valid) and write every --output it
// names, non-empty and in its format. Each `sovaudit diff` line then compares that run's JSON
// report with itself: no regression, exit 0. The rest of each file is checked to fit together
// (the SARIF uploaded is the one written, the JUnit report is the one GitLab reads, ...).

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/run_binary.h"
#include "tests/temp_dir.h"

namespace sov::ci_examples {
namespace {

namespace fs = std::filesystem;
using Words = std::vector<std::string>;

const fs::path kDocs = fs::path(SOVAUDIT_SOURCE_DIR) / "docs" / "ci";
const fs::path kFixture = fs::path(SOVAUDIT_SOURCE_DIR) / "fixtures" / "layer3-finetune";
constexpr const char* kAsOf = "2026-11-21";  // the date the fixtures are dated against

// Every string scalar in the document, in order.
void Scalars(const YAML::Node& node, std::vector<std::string>& out) {
  if (node.IsScalar()) {
    out.push_back(node.as<std::string>());
  } else if (node.IsSequence() || node.IsMap()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (node.IsMap()) {
        Scalars(it->second, out);
      } else {
        Scalars(*it, out);
      }
    }
  }
}

// Splits a shell line into words: quotes removed, a backslash escapes; an unquoted operator
// (;, |, ||, &, &&, >, <, a comment) ends the words, as the command ends there.
Words ShellWords(const std::string& line) {
  Words words;
  std::string w;
  bool in_word = false;
  char quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else if (c == '\\' && quote == '"' && i + 1 < line.size()) {
        w += line[++i];
      } else {
        w += c;
      }
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == '\\' && i + 1 < line.size()) {
      w += line[++i];
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(w);
      w.clear();
      in_word = false;
    } else if (std::string(";|&<>").find(c) != std::string::npos || (c == '#' && !in_word)) {
      break;
    } else {
      w += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(w);
  return words;
}

// The `sovaudit SUBCOMMAND ...` commands of a YAML file: every line of every scalar
// (backslash-newline joined first) where the words `sovaudit SUBCOMMAND` appear.
std::vector<Words> Commands(const fs::path& file, const std::string& subcommand) {
  std::vector<std::string> scalars;
  Scalars(YAML::LoadFile(file.string()), scalars);
  std::vector<Words> commands;
  for (std::string s : scalars) {
    for (size_t p; (p = s.find("\\\n")) != std::string::npos;) s.replace(p, 2, " ");
    std::stringstream lines(s);
    for (std::string line; std::getline(lines, line);) {
      Words words = ShellWords(line);
      for (size_t i = 0; i + 1 < words.size(); ++i) {
        if (words[i] == "sovaudit" && words[i + 1] == subcommand) {
          commands.emplace_back(words.begin() + static_cast<long>(i) + 1, words.end());
          break;
        }
      }
    }
  }
  return commands;
}

struct Rewritten {
  Words args;
  std::vector<std::pair<std::string, std::string>> outputs;  // (format, file)
  std::string problem;                                       // why it cannot run, or ""
};

// Replaces the positional arguments of `command` (without "sovaudit") by `positionals` and the
// value of --as-of by kAsOf; collects the --format/--output pairs.
Rewritten Rewrite(const Words& command, const std::set<std::string>& takes_value,
                  const Words& positionals) {
  Rewritten r;
  r.args.push_back(command.at(0));
  Words formats;
  std::vector<std::string> outputs;
  bool replaced = false;
  for (size_t i = 1; i < command.size(); ++i) {
    std::string w = command[i], value;
    bool has_value = false;
    if (w.rfind("--", 0) == 0 && w.find('=') != std::string::npos) {
      value = w.substr(w.find('=') + 1);
      w = w.substr(0, w.find('='));
      has_value = true;
    } else if (takes_value.count(w) > 0) {
      if (i + 1 >= command.size()) {
        r.problem = w + " has no value";
        return r;
      }
      value = command[++i];
      has_value = true;
    }
    if (w == "--as-of") value = kAsOf;
    if (w == "--rules" || w == "--waivers" || w == "--config") {
      r.problem = w + " names a file of the audited repository, which the test does not have";
      return r;
    }
    if (!has_value && w[0] != '-') {
      if (!replaced) r.args.insert(r.args.end(), positionals.begin(), positionals.end());
      replaced = true;
      continue;
    }
    if (value.find('$') != std::string::npos || w.find('$') != std::string::npos) {
      r.problem = "a shell expansion the test cannot make: " + w + " " + value;
      return r;
    }
    r.args.push_back(w);
    if (has_value) r.args.push_back(value);
    if (w == "--format" || w == "-f") formats.push_back(value);
    if (w == "--output" || w == "-o") outputs.push_back(value);
  }
  if (!replaced) r.args.insert(r.args.end(), positionals.begin(), positionals.end());
  for (size_t i = 0; i < outputs.size(); ++i) {
    r.outputs.emplace_back(i < formats.size() ? formats[i] : "text", outputs[i]);
  }
  return r;
}

std::string Join(const Words& words) {
  std::string s;
  for (const std::string& w : words) s += (s.empty() ? "" : " ") + w;
  return s;
}

// The reports a --format/--output pair wrote: there, not empty, and of their format.
void ExpectReport(const fs::path& dir, const std::string& format, const std::string& file) {
  if (file == "-") return;
  const fs::path path = dir / file;
  ASSERT_TRUE(fs::exists(path)) << file << " was not written";
  const std::string text = test::SlurpFile(path);
  EXPECT_FALSE(text.empty()) << file;
  if (format == "json" || format == "sarif") {
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << file << " is not JSON";
    if (format == "json") {
      EXPECT_EQ(j.value("schema", ""), "sovaudit/report/v1") << file;
    } else {
      EXPECT_EQ(j.value("version", ""), "2.1.0") << file;
    }
  } else if (format == "junit") {
    EXPECT_NE(text.find("<testsuite"), std::string::npos) << file;
  } else if (format == "html") {
    EXPECT_NE(text.find("<html"), std::string::npos) << file;
  }
}

const std::set<std::string> kAuditValueOptions = {
    "--format", "-f",      "--output", "-o",      "--require-layer", "--target-layer",
    "--fail-on", "--as-of", "--device", "--rules", "--waivers",       "--color",
    "--config"};
const std::set<std::string> kDiffValueOptions = {"--format", "-f",      "--output",
                                                 "-o",       "--color", "--config"};

// Runs every audit command of `file`, then every diff command against that run's JSON report.
// Adds the names of the files the audits wrote to `written`.
void RunExample(const fs::path& file, std::set<std::string>& written) {
  std::vector<Words> audits = Commands(file, "audit");
  EXPECT_FALSE(audits.empty()) << "no 'sovaudit audit' in " << file;
  std::vector<Words> diffs = Commands(file, "diff");
  for (const Words& audit : audits) {
    SCOPED_TRACE(file.filename().string() + ": sovaudit " + Join(audit));
    test::TempDir dir("sovaudit_ci");
    Rewritten run = Rewrite(audit, kAuditValueOptions, {kFixture.string()});
    ASSERT_EQ(run.problem, "");
    test::BinaryResult r = test::RunBinary(run.args, dir.path());
    EXPECT_TRUE(r.code == 0 || r.code == 1) << "exit " << r.code << "\n" << r.err;
    std::string json_report;
    for (const auto& [format, output] : run.outputs) {
      ExpectReport(dir.path(), format, output);
      written.insert(output);
      if (format == "json") json_report = (dir.path() / output).string();
    }
    for (const Words& diff : diffs) {
      SCOPED_TRACE("sovaudit " + Join(diff));
      ASSERT_NE(json_report, "") << "a diff needs the audit's --format json report";
      Rewritten d = Rewrite(diff, kDiffValueOptions, {json_report, json_report});
      ASSERT_EQ(d.problem, "");
      test::BinaryResult dr = test::RunBinary(d.args, dir.path());
      EXPECT_EQ(dr.code, 0) << dr.err;
      for (const auto& [format, output] : d.outputs) ExpectReport(dir.path(), format, output);
    }
  }
}

// Issue 14's acceptance test: the documented job, which gates on layer 3 and on high findings,
// passes on a layer-3 deployment and fails on a layer-2 one.
TEST(CiExamples, TheGatePassesALayerThreeDeploymentAndFailsALayerTwoOne) {
  const fs::path layer2 = fs::path(SOVAUDIT_SOURCE_DIR) / "fixtures" / "layer2-infrastructure";
  for (const char* name : {"github-actions.yml", "gitlab-ci.yml"}) {
    for (const Words& audit : Commands(kDocs / name, "audit")) {
      SCOPED_TRACE(std::string(name) + ": sovaudit " + Join(audit));
      auto has = [&](const Words& seq) {
        return std::search(audit.begin(), audit.end(), seq.begin(), seq.end()) != audit.end();
      };
      EXPECT_TRUE(has({"--require-layer", "3"}));
      EXPECT_TRUE(has({"--fail-on", "high"}));
      for (const fs::path& fixture : {kFixture, layer2}) {
        test::TempDir dir("sovaudit_ci");
        Rewritten run = Rewrite(audit, kAuditValueOptions, {fixture.string()});
        ASSERT_EQ(run.problem, "");
        test::BinaryResult r = test::RunBinary(run.args, dir.path());
        EXPECT_EQ(r.code, fixture == kFixture ? 0 : 1) << fixture << "\n" << r.err;
      }
    }
  }
}

TEST(CiExamples, ShellWordsSplitsAsTheShellDoes) {
  EXPECT_EQ(ShellWords("sovaudit audit 'a b' \"$X\" c\\ d || status=$?"),
            Words({"sovaudit", "audit", "a b", "$X", "c d"}));
  EXPECT_EQ(ShellWords("  x --format=json > out  # no"), Words({"x", "--format=json"}));
  EXPECT_EQ(ShellWords("a#b c"), Words({"a#b", "c"}));
}

TEST(CiExamples, GithubActionsWorkflowRuns) {
  const fs::path file = kDocs / "github-actions.yml";
  std::set<std::string> written;
  RunExample(file, written);
  EXPECT_TRUE(written.count("sovaudit.sarif") > 0) << "no SARIF report written";

  YAML::Node wf = YAML::LoadFile(file.string());
  EXPECT_EQ(wf["permissions"]["security-events"].as<std::string>(""), "write");
  int uploads = 0;
  bool summary = false;
  for (const auto& job : wf["jobs"]) {
    for (const auto& step : job.second["steps"]) {
      std::string uses = step["uses"].as<std::string>("");
      std::string run = step["run"].as<std::string>("");
      std::string cond = step["if"].as<std::string>("");
      if (uses.rfind("github/codeql-action/upload-sarif@v3", 0) == 0) {
        ++uploads;
        EXPECT_EQ(step["with"]["category"].as<std::string>(""), "sovaudit");
        std::string sarif = step["with"]["sarif_file"].as<std::string>("");
        EXPECT_TRUE(written.count(sarif) > 0) << "uploads " << sarif << ", which no audit writes";
        EXPECT_NE(cond.find("always()"), std::string::npos) << "upload-sarif without always()";
      }
      if (run.find("$GITHUB_STEP_SUMMARY") != std::string::npos) {
        summary = true;
        EXPECT_NE(cond.find("always()"), std::string::npos);
        EXPECT_NE(run.find("sovaudit.md"), std::string::npos);
        EXPECT_TRUE(written.count("sovaudit.md") > 0);
      }
    }
  }
  EXPECT_EQ(uploads, 1);
  EXPECT_TRUE(summary) << "the Markdown report is not put in $GITHUB_STEP_SUMMARY";
}

TEST(CiExamples, GitlabCiRuns) {
  const fs::path file = kDocs / "gitlab-ci.yml";
  std::set<std::string> written;
  RunExample(file, written);
  EXPECT_FALSE(Commands(file, "diff").empty()) << "no 'sovaudit diff' step";
  for (const Words& diff : Commands(file, "diff")) {
    EXPECT_TRUE(std::find(diff.begin(), diff.end(), "--fail-on-regression") != diff.end())
        << "sovaudit " << Join(diff);
  }

  YAML::Node ci = YAML::LoadFile(file.string());
  int junit_jobs = 0;
  for (const auto& entry : ci) {
    const YAML::Node job = entry.second;
    if (!job.IsMap() || !job["artifacts"]) continue;
    const YAML::Node artifacts = job["artifacts"];
    std::string junit = artifacts["reports"]["junit"].as<std::string>("");
    if (junit.empty()) continue;
    ++junit_jobs;
    EXPECT_TRUE(written.count(junit) > 0) << "reports " << junit << ", which no audit writes";
    EXPECT_EQ(artifacts["when"].as<std::string>(""), "always");
    std::set<std::string> paths;
    for (const auto& p : artifacts["paths"]) paths.insert(p.as<std::string>());
    EXPECT_TRUE(paths.count("sovaudit.json") > 0) << "the JSON report is not kept";
    EXPECT_TRUE(written.count("sovaudit.json") > 0);
  }
  EXPECT_EQ(junit_jobs, 1);
}

}  // namespace
}  // namespace sov::ci_examples
