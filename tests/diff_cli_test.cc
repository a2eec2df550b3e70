// `sovaudit diff` end to end: a fixture is audited, copied and made worse, audited again, and
// the two JSON reports are diffed by the built binary.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>

#include "tests/run_binary.h"
#include "tests/temp_dir.h"

namespace sov {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;
using test::BinaryResult;
using test::RunBinary;
using test::SlurpFile;

const char* kAsOf = "2026-11-21";

// One folder per test and process, emptied: ctest runs tests in parallel.
fs::path TempDir() { return test::PerTestDir("diff_cli", /*fresh=*/true); }

bool Contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

void Replace(const fs::path& file, const std::string& from, const std::string& to) {
  std::string text = SlurpFile(file);
  size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from << " not in " << file;
  text.replace(at, from.size(), to);
  std::ofstream(file, std::ios::binary) << text;
}

// The text diff in `r` names each of `parts` and ends with `ending`; nothing on stderr.
void ExpectTextDiff(const BinaryResult& r, const std::vector<std::string>& parts,
                    const std::string& ending) {
  for (const std::string& part : parts) EXPECT_TRUE(Contains(r.out, part)) << r.out;
  EXPECT_TRUE(r.out.ends_with(ending)) << r.out;
  EXPECT_EQ(r.err, "");
}

// A copy of fixtures/layer3-finetune audited before (old.json) and after (new.json) `worsen`
// edits its manifest. Both audits of the same path, so the deployment's file is the same.
struct Pair {
  fs::path dir, old_json, new_json;
};

Pair AuditTwice(const std::function<void(const fs::path& manifest)>& worsen) {
  Pair p;
  p.dir = TempDir();
  fs::path stack = p.dir / "stack";
  fs::copy(fs::path(SOVAUDIT_SOURCE_DIR) / "fixtures/layer3-finetune", stack,
           fs::copy_options::recursive);
  p.old_json = p.dir / "old.json";
  p.new_json = p.dir / "new.json";
  BinaryResult a = RunBinary({"audit", stack.string(), "--as-of", kAsOf, "--format", "json",
                              "--output", p.old_json.string()});
  EXPECT_EQ(a.code, 0) << a.err;
  worsen(stack / "deployment.yaml");
  BinaryResult b = RunBinary({"audit", stack.string(), "--as-of", kAsOf, "--format", "json",
                              "--output", p.new_json.string()});
  EXPECT_EQ(b.code, 0) << b.err;
  return p;
}

// The exit plan was last exercised more than 365 days before the audit: SOV-3.6 fails for
// both models and the stack drops from layer 3 to layer 2.
Pair StaleExitPlan() {
  return AuditTwice([](const fs::path& m) {
    Replace(m, "last_exercised: 2026-06-18", "last_exercised: 2024-01-01");
  });
}

TEST(DiffCli, NamesTheLostLayerAndTheNewFindings) {
  Pair p = StaleExitPlan();
  BinaryResult r = RunBinary({"diff", p.old_json.string(), p.new_json.string()});
  EXPECT_EQ(r.code, 0) << r.err;  // a change alone is no failure
  ExpectTextDiff(
      r,
      {"orchard-credit-assistant", "3 sovereign fine-tuning → 2 sovereign infrastructure  LOST",
       "new findings (2)", "FAIL    SOV-3.6 medium   models/orchard-credit-8b  (was pass)",
       "last exercised on 2024-01-01"},
      "\ndiff: 1 deployment lost a layer, 2 new findings; regression\n");
}

TEST(DiffCli, ForeignOperatorLosesTwoLayers) {
  Pair p = AuditTwice([](const fs::path& m) {
    Replace(m, "organizations:\n",
            "organizations:\n  - id: far-cloud\n    name: Far Cloud Inc\n    jurisdiction: US\n");
    Replace(m, "    location: SG\n    operator: orchard-bank\n",
            "    location: SG\n    operator: far-cloud\n");  // the first: sg-jurong-gpu
  });
  BinaryResult r = RunBinary({"diff", p.old_json.string(), p.new_json.string(), "--format",
                              "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  json j = json::parse(r.out);
  ASSERT_EQ(j["deployments"].size(), 1u);
  const json& d = j["deployments"][0];
  EXPECT_EQ(d["old_layer"], 3);
  EXPECT_EQ(d["new_layer"], 1);
  bool names_gpu = false;
  for (const json& f : d["findings"]["new"]) {
    names_gpu |= f["rule"] == "SOV-2.2" && f["subject"] == "infrastructure/sg-jurong-gpu";
  }
  EXPECT_TRUE(names_gpu) << d.dump(2);
}

TEST(DiffCli, FailOnRegressionExitsOne) {
  Pair p = StaleExitPlan();
  BinaryResult r =
      RunBinary({"diff", p.old_json.string(), p.new_json.string(), "--fail-on-regression"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_TRUE(Contains(r.err, "sovaudit: regression: 'orchard-credit-assistant' lost a layer: 3 "
                              "(sovereign fine-tuning) -> 2 (sovereign infrastructure)\n"))
      << r.err;
  EXPECT_TRUE(Contains(r.err, "sovaudit: regression: 'orchard-credit-assistant': 2 new or worse "
                              "findings: SOV-3.6 fail on models/orchard-credit-8b"))
      << r.err;
}

TEST(DiffCli, ASelfDiffHasNoChange) {
  Pair p = StaleExitPlan();
  BinaryResult r =
      RunBinary({"diff", p.new_json.string(), p.new_json.string(), "--fail-on-regression"});
  EXPECT_EQ(r.code, 0) << r.err;
  ExpectTextDiff(r, {}, "diff: no change; no regression\n");
  BinaryResult j = RunBinary({"diff", p.new_json.string(), p.new_json.string(), "-f", "json"});
  ASSERT_EQ(j.code, 0) << j.err;
  json doc = json::parse(j.out);
  EXPECT_EQ(doc["regression"], false);
  EXPECT_EQ(doc["summary"]["unchanged"], 1);
  EXPECT_EQ(doc["deployments"][0]["changed"], false);
}

TEST(DiffCli, SwappedReportsGainALayer) {
  Pair p = StaleExitPlan();
  BinaryResult r =
      RunBinary({"diff", p.new_json.string(), p.old_json.string(), "--fail-on-regression"});
  EXPECT_EQ(r.code, 0) << r.err;
  ExpectTextDiff(r,
                 {"2 sovereign infrastructure → 3 sovereign fine-tuning  GAINED",
                  "fixed findings (2)"},
                 "diff: 1 deployment gained a layer, 2 fixed; no regression\n");
}

TEST(DiffCli, JsonIsByteIdenticalAndMarkdownFitsAComment) {
  Pair p = StaleExitPlan();
  std::vector<std::string> args = {"diff", p.old_json.string(), p.new_json.string(), "-f",
                                   "json"};
  BinaryResult a = RunBinary(args), b = RunBinary(args);
  ASSERT_EQ(a.code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  json j = json::parse(a.out);
  EXPECT_EQ(a.out, j.dump(2) + "\n");
  EXPECT_EQ(j["schema"], "sovaudit/diff/v1");
  EXPECT_EQ(j["regression"], true);
  EXPECT_EQ(j["deployments"][0]["layer_change"], "lost");
  EXPECT_EQ(j["deployments"][0]["findings"]["new"].size(), 2u);

  BinaryResult md = RunBinary({"diff", p.old_json.string(), p.new_json.string(), "-f",
                               "markdown"});
  ASSERT_EQ(md.code, 0) << md.err;
  EXPECT_TRUE(md.out.starts_with("### sovaudit diff: regression\n")) << md.out;
  EXPECT_TRUE(Contains(md.out, "| **orchard-credit-assistant** (regression) | 3 → **2** lost |"))
      << md.out;
  EXPECT_TRUE(Contains(md.out, "#### New findings (2)")) << md.out;
}

TEST(DiffCli, OutputIsWrittenAtomically) {
  Pair p = StaleExitPlan();
  fs::path out = p.dir / "diff.md";
  BinaryResult r = RunBinary({"diff", p.old_json.string(), p.new_json.string(), "-f",
                              "markdown", "--output", out.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(SlurpFile(out),
            RunBinary({"diff", p.old_json.string(), p.new_json.string(), "-f", "markdown"}).out);
  // A bad NEW: exit 2 and no file, not even a temporary one.
  fs::path bad = p.dir / "bad.json", out2 = p.dir / "out2" / "diff.json";
  fs::create_directories(out2.parent_path());
  std::ofstream(bad) << "{\"schema\": \"sovaudit/report/v1\", \"as_of\": 1}";
  BinaryResult e = RunBinary({"diff", p.old_json.string(), bad.string(), "-o", out2.string()});
  EXPECT_EQ(e.code, 2) << e.err;
  EXPECT_TRUE(fs::is_empty(out2.parent_path()));
  // An output folder that does not exist: exit 4.
  BinaryResult w = RunBinary({"diff", p.old_json.string(), p.new_json.string(), "-o",
                              (p.dir / "missing" / "diff.txt").string()});
  EXPECT_EQ(w.code, 4) << w.err;
}

TEST(DiffCli, ANonReportExitsTwoNamingThePointer) {
  fs::path dir = TempDir();
  fs::path bad = dir / "r.json";
  std::ofstream(bad) << R"({"schema": "sovaudit/report/v1", "as_of": "2026-11-21",
  "deployments": [{"name": "a", "file": "a.yaml", "achieved_layer": 1, "label": "x",
                   "claim": null, "layers": [], "findings": [{"rule": 4}]}]})";
  BinaryResult r = RunBinary({"diff", bad.string(), bad.string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "sovaudit: error: " + bad.string() +
                       ": invalid report: /deployments/0/findings/0/rule must be a string\n");
  // Another sovaudit document (a graph) names its schema.
  fs::path graph = dir / "graph.json";
  BinaryResult g = RunBinary({"graph", "fixtures/layer3-finetune", "-f", "json", "-o",
                              graph.string()});
  ASSERT_EQ(g.code, 0) << g.err;
  BinaryResult rg = RunBinary({"diff", graph.string(), graph.string()});
  EXPECT_EQ(rg.code, 2);
  EXPECT_TRUE(Contains(rg.err, "/schema is 'sovaudit/graph/v1', not 'sovaudit/report/v1'"))
      << rg.err;
  // A syntax error: line and column.
  fs::path broken = dir / "broken.json";
  std::ofstream(broken) << "{\n  \"schema\": \"sovaudit/report/v1\",\n  \"as_of\" \"x\"\n}\n";
  BinaryResult s = RunBinary({"diff", broken.string(), broken.string()});
  EXPECT_EQ(s.code, 2);
  EXPECT_TRUE(Contains(s.err, "sovaudit: error: " + broken.string() + ":3:13: invalid JSON: "))
      << s.err;
  // A missing file and a missing argument.
  EXPECT_EQ(RunBinary({"diff", (dir / "none.json").string(), bad.string()}).code, 2);
  BinaryResult u = RunBinary({"diff", bad.string()});
  EXPECT_EQ(u.code, 2);
  EXPECT_TRUE(Contains(u.err, "new is required") || Contains(u.err, "NEW")) << u.err;
}

TEST(DiffCli, HelpNamesEveryOption) {
  BinaryResult r = RunBinary({"diff", "--help"});
  EXPECT_EQ(r.code, 0);
  for (const char* option : {"OLD", "NEW", "--format", "markdown", "--output",
                             "--fail-on-regression", "--color"}) {
    EXPECT_TRUE(Contains(r.out, option)) << option << "\n" << r.out;
  }
  EXPECT_TRUE(Contains(RunBinary({"--help"}).out, "diff"));
}

}  // namespace
}  // namespace sov
