// End-to-end tests: run the built `sovaudit` binary on fixtures/ as a user or a CI job would,
// with stdout and stderr captured and the exit code read, and check the JSON report against
// the spec (README.md: commands, exit codes, report shape; maturity-model.md: the layers).
// The audit date is fixed at 2026-11-21, the date the fixtures' exercises and results are
// dated against.

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/wait.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/run_binary.h"

namespace sov::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kAsOf = "2026-11-21";

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void Spit(const fs::path& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
}

// A fresh directory under the test temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::path(testing::TempDir()) / "sovaudit_e2e_XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Runs the binary with `args` in the source root.
RunResult RunSovaudit(const std::vector<std::string>& args) {
  test::BinaryResult b = test::RunBinary(args);
  return RunResult{b.code, b.out, b.err};
}

std::string Sha256Hex(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    hex += kHex[md[i] >> 4];
    hex += kHex[md[i] & 15];
  }
  return hex;
}

fs::path Source(const std::string& rel) { return fs::path(SOVAUDIT_SOURCE_DIR) / rel; }

// `audit PATH --format json --as-of 2026-11-21 EXTRA...`; fails the test on unparsable output.
json AuditJson(const std::string& path, const std::vector<std::string>& extra = {},
               int expected_exit = 0) {
  std::vector<std::string> args = {"audit", path, "--format", "json", "--as-of", kAsOf};
  args.insert(args.end(), extra.begin(), extra.end());
  RunResult r = RunSovaudit(args);
  EXPECT_EQ(r.exit_code, expected_exit) << "audit " << path << "\nstderr: " << r.err;
  json j = json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << "not JSON: " << r.out.substr(0, 500) << "\nstderr: " << r.err;
  return j;
}

const json* FindDeployment(const json& report, const std::string& name) {
  if (!report.contains("deployments")) return nullptr;
  for (const auto& d : report["deployments"])
    if (d.value("name", "") == name) return &d;
  return nullptr;
}

// Every status the rule `rule` got in deployment `d` (optionally only for `subject`).
std::vector<std::string> Statuses(const json& d, const std::string& rule,
                                  const std::string& subject = "") {
  std::vector<std::string> out;
  for (const auto& f : d.value("findings", json::array()))
    if (f.value("rule", "") == rule && (subject.empty() || f.value("subject", "") == subject))
      out.push_back(f.value("status", ""));
  return out;
}

bool AllAre(const std::vector<std::string>& v, const std::string& s) {
  return !v.empty() && std::all_of(v.begin(), v.end(), [&](const auto& x) { return x == s; });
}
bool AnyIs(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// The spec's seed taxonomy.
const char* Label(int layer) {
  static const char* kLabels[] = {"not sovereign",        "sovereign hosting",
                                  "sovereign infrastructure", "sovereign fine-tuning",
                                  "sovereign base model", "sovereign end-to-end"};
  return kLabels[layer];
}

const std::vector<std::string> kAllRules = {
    "SOV-1.1", "SOV-1.2", "SOV-1.3", "SOV-2.1", "SOV-2.2", "SOV-2.3", "SOV-2.4",
    "SOV-3.1", "SOV-3.2", "SOV-3.3", "SOV-3.4", "SOV-3.5", "SOV-3.6", "SOV-4.1",
    "SOV-4.2", "SOV-4.3", "SOV-5.1", "SOV-5.2", "SOV-5.3", "SOV-5.4", "SOV-C.1"};

// One fixture of the taxonomy (fixtures/README.md).
struct Fixture {
  std::string dir;
  std::string deployment;               // metadata.name
  int layer;                            // the layer it must reach exactly
  std::vector<std::string> must_fail;   // rules that stop it at the next layer
  std::vector<std::string> may_fail;    // every rule of the next layer allowed to fail
  std::vector<std::string> local_models;  // models with pinned local weights
  bool overclaim = false;
};

// So that failures name the fixture, not its bytes.
void PrintTo(const Fixture& f, std::ostream* os) { *os << f.dir; }

const std::vector<Fixture>& Fixtures() {
  static const std::vector<Fixture> kFixtures = {
      {"layer0-not-sovereign", "lion-city-shop-assistant", 0, {"SOV-1.2", "SOV-1.3"},
       {"SOV-1.2", "SOV-1.3"}, {}},
      {"layer1-hosting", "merlion-claims-assistant", 1, {"SOV-2.1", "SOV-2.2"},
       {"SOV-2.1", "SOV-2.2", "SOV-2.3"}, {"merlion-claims-8b"}},
      {"layer2-infrastructure", "nusantara-faq-assistant", 2, {"SOV-3.2"}, {"SOV-3.2"},
       {"qwen2.5-7b-instruct", "mistral-7b-v0.3"}},
      {"layer3-finetune", "orchard-credit-assistant", 3, {"SOV-4.1"}, {"SOV-4.1", "SOV-4.2"},
       {"orchard-credit-8b", "orchard-credit-qwen-7b"}},
      {"layer4-base-model", "hoshi-claims-review", 4, {"SOV-5.3"}, {"SOV-5.3"},
       {"hoshi-claims-13b"}},
      {"layer5-end-to-end", "aoba-resident-helpdesk", 5, {}, {},
       {"aoba-helpdesk-3.7b", "llm-jp-3-13b-instruct"}},
      {"overclaim-vendor", "perdana-takaful-sovereign-ai", 1, {"SOV-2.2", "SOV-C.1"},
       {"SOV-2.2", "SOV-2.3"}, {"kijang-llama-3.1-8b-instruct"}, /*overclaim=*/true},
      {"ph-hospital", "mabini-er-triage", 3, {"SOV-4.1"}, {"SOV-4.1", "SOV-4.2", "SOV-4.3"},
       {"mabini-triage-4b-q4km", "mabini-triage-qwen-7b"}},
      // Cross-border groups (fixtures/crossborder/generate.py): residency kept and broken by a
      // central training step; a federated step with and without protected updates.
      {"crossborder/bank-kept", "sulu-credit-kept", 3, {"SOV-4.1"}, {"SOV-4.1", "SOV-4.2"},
       {"sg-credit", "ph-credit"}},
      {"crossborder/bank-broken", "sulu-credit-broken", 0, {"SOV-1.3"}, {"SOV-1.3"},
       {"sg-credit", "ph-credit"}},
      {"crossborder/federated-protected", "sulu-risk-federated-protected", 3, {"SOV-4.1"},
       {"SOV-4.1", "SOV-4.2"}, {"sg-risk", "ph-risk", "my-risk"}},
      {"crossborder/federated-open", "sulu-risk-federated-open", 0, {"SOV-1.3"}, {"SOV-1.3"},
       {"sg-risk", "ph-risk", "my-risk"}},
      // The hospital's triage model on a fleet of 8 edge boxes: without the boxes' VSAs, SOV-3.5
      // fails (E2eFleet below audits it with them).
      {"ph-edge-fleet", "mabini-clinic-fleet", 2, {"SOV-3.5"}, {"SOV-3.5"},
       {"mabini-triage-qwen-7b"}},
  };
  return kFixtures;
}

std::string FixturePath(const Fixture& f) { return "fixtures/" + f.dir; }

// Copies a fixture folder into `dir` and returns the copy's path.
fs::path CopyFixture(const std::string& name, const fs::path& dir) {
  fs::path dst = dir / name;
  fs::copy(Source("fixtures/" + name), dst, fs::copy_options::recursive);
  return dst;
}

class E2eFixture : public testing::TestWithParam<Fixture> {};

TEST_P(E2eFixture, ReachesExactlyItsLayer) {
  const Fixture& fx = GetParam();
  json report = AuditJson(FixturePath(fx));
  ASSERT_EQ(report["deployments"].size(), 1u);
  const json& d = report["deployments"][0];
  EXPECT_EQ(d.value("name", ""), fx.deployment);
  EXPECT_EQ(d.value("achieved_layer", -1), fx.layer);
  EXPECT_EQ(d.value("label", ""), Label(fx.layer));
  for (const auto& m : d["models"]) EXPECT_GE(m.value("achieved_layer", -1), fx.layer) << m;

  // Layers 1..N pass; layer N+1 fails, for the reason the fixture was built around.
  for (const auto& l : d["layers"]) {
    int n = l.value("layer", 0);
    if (n <= fx.layer) {
      EXPECT_EQ(l.value("status", ""), "pass") << "layer " << n;
    }
    if (n == fx.layer + 1) {
      EXPECT_EQ(l.value("status", ""), "fail") << "layer " << n;
    }
  }
  for (const auto& rule : fx.must_fail)
    EXPECT_TRUE(AnyIs(Statuses(d, rule), "fail")) << rule << " should fail";
  for (const auto& f : d["findings"]) {
    const std::string rule = f.value("rule", "");
    const int layer = f.value("layer", 0);
    const std::string status = f.value("status", "");
    if (rule == "SOV-C.1") continue;
    if (layer >= 1 && layer <= fx.layer) {
      EXPECT_TRUE(status == "pass" || status == "n/a") << "below the achieved layer: " << f;
    }
    if (layer == fx.layer + 1 && status == "fail") {
      EXPECT_TRUE(std::count(fx.may_fail.begin(), fx.may_fail.end(), rule) > 0)
          << "unexpected failure at the next layer: " << f;
    }
  }
}

TEST_P(E2eFixture, ReportHasTheSpecShape) {
  const Fixture& fx = GetParam();
  json r = AuditJson(FixturePath(fx));
  EXPECT_EQ(r.value("schema", ""), "sovaudit/report/v1");
  EXPECT_EQ(r["tool"].value("name", ""), "sovaudit");
  EXPECT_EQ(r["tool"].value("version", ""), "0.1.0");
  EXPECT_EQ(r.value("as_of", ""), kAsOf);

  ASSERT_TRUE(r["inputs"].is_array());
  ASSERT_FALSE(r["inputs"].empty());
  bool has_manifest = false;
  for (const auto& in : r["inputs"]) {
    const std::string path = in.value("path", "");
    if (path == FixturePath(fx) + "/deployment.yaml") has_manifest = true;
    fs::path p = fs::path(path).is_absolute() ? fs::path(path) : Source(path);
    ASSERT_TRUE(fs::exists(p)) << path;
    EXPECT_EQ(in.value("sha256", ""), Sha256Hex(Slurp(p))) << path;
  }
  EXPECT_TRUE(has_manifest) << r["inputs"];

  for (const auto& d : r["deployments"]) {
    for (const char* key : {"name", "file", "home", "achieved_layer", "label", "claim", "layers",
                            "models", "questions", "findings"})
      EXPECT_TRUE(d.contains(key)) << "deployments[] lacks " << key;
    EXPECT_EQ(d.value("file", ""), FixturePath(fx) + "/deployment.yaml");
    EXPECT_TRUE(d["home"].is_array());
    ASSERT_EQ(d["layers"].size(), 5u);
    for (int i = 0; i < 5; ++i) {
      const json& l = d["layers"][i];
      EXPECT_EQ(l.value("layer", 0), i + 1);
      for (const char* key : {"name", "status", "passed", "failed", "unknown"})
        EXPECT_TRUE(l.contains(key)) << "layers[] lacks " << key;
    }
    for (const char* q : {"Q1", "Q2", "Q3", "Q4"})
      EXPECT_FALSE(d["questions"].value(q, "").empty()) << q;
    for (const auto& m : d["models"]) {
      EXPECT_TRUE(m.contains("id"));
      EXPECT_TRUE(m.contains("achieved_layer"));
      ASSERT_TRUE(m["lineage"].is_array());
      EXPECT_EQ(m["lineage"][0], m["id"]);  // the lineage starts at the deployed model
    }
    std::set<std::string> rules;
    for (const auto& f : d["findings"]) {
      for (const char* key : {"rule", "layer", "severity", "status", "subject", "message"})
        EXPECT_TRUE(f.contains(key)) << "findings[] lacks " << key << ": " << f;
      static const std::set<std::string> kStatuses = {"pass", "fail", "unknown", "n/a", "waived"};
      EXPECT_TRUE(kStatuses.count(f.value("status", ""))) << f;
      rules.insert(f.value("rule", ""));
    }
    for (const auto& rule : kAllRules) EXPECT_TRUE(rules.count(rule)) << "no finding of " << rule;
  }
}

TEST_P(E2eFixture, ClaimIsHeldAgainstTheEvidence) {
  const Fixture& fx = GetParam();
  json r = AuditJson(FixturePath(fx));
  const json& d = r["deployments"][0];
  const auto c1 = Statuses(d, "SOV-C.1");
  if (fx.overclaim) {
    EXPECT_EQ(d["claim"].value("layer", 0), 4);
    EXPECT_EQ(d["claim"].value("by", ""), "kijang-ai");
    EXPECT_EQ(d["claim"].value("holds", true), false);
    EXPECT_TRUE(AnyIs(c1, "fail"));
  } else {
    EXPECT_FALSE(AnyIs(c1, "fail"));
    if (d["claim"].is_object() && d["claim"].contains("holds")) {
      EXPECT_TRUE(d["claim"].value("holds", false)) << d["claim"];
    }
  }
}

TEST_P(E2eFixture, RequireLayerGate) {
  const Fixture& fx = GetParam();
  auto gate = [&](int n) {
    return RunSovaudit({"audit", FixturePath(fx), "--as-of", kAsOf, "--format", "json", "--require-layer",
                std::to_string(n)})
        .exit_code;
  };
  EXPECT_EQ(gate(fx.layer), 0);
  if (fx.layer > 0) { EXPECT_EQ(gate(fx.layer - 1), 0); }
  if (fx.layer < 5) { EXPECT_EQ(gate(fx.layer + 1), 1); }
  if (fx.layer < 4) { EXPECT_EQ(gate(5), 1); }
}

TEST_P(E2eFixture, FailOnOverclaimGate) {
  const Fixture& fx = GetParam();
  RunResult r = RunSovaudit({"audit", FixturePath(fx), "--as-of", kAsOf, "--format", "json",
                     "--fail-on-overclaim"});
  EXPECT_EQ(r.exit_code, fx.overclaim ? 1 : 0) << r.err;
}

TEST_P(E2eFixture, OutputIsDeterministic) {
  const Fixture& fx = GetParam();
  for (const char* format : {"json", "text"}) {
    RunResult a = RunSovaudit({"audit", FixturePath(fx), "--as-of", kAsOf, "--format", format});
    RunResult b = RunSovaudit({"audit", FixturePath(fx), "--as-of", kAsOf, "--format", format});
    EXPECT_EQ(a.exit_code, 0) << a.err;
    EXPECT_FALSE(a.out.empty());
    EXPECT_EQ(a.out, b.out) << format << " output differs between two runs";
  }
}

TEST_P(E2eFixture, NoVerifyMakesPinsUnknown) {
  const Fixture& fx = GetParam();
  json verified = AuditJson(FixturePath(fx));
  json unverified = AuditJson(FixturePath(fx), {"--no-verify"});
  for (const auto& m : fx.local_models) {
    const std::string subject = "models/" + m;
    EXPECT_TRUE(AllAre(Statuses(verified["deployments"][0], "SOV-3.5", subject), "pass"))
        << subject;
    EXPECT_TRUE(AllAre(Statuses(unverified["deployments"][0], "SOV-3.5", subject), "unknown"))
        << subject;
  }
}

TEST_P(E2eFixture, ValidatePasses) {
  const Fixture& fx = GetParam();
  std::vector<std::string> args = {"validate", FixturePath(fx) + "/deployment.yaml"};
  fs::path prov = Source(FixturePath(fx) + "/provenance");
  if (fs::exists(prov)) {
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(prov))
      files.push_back(FixturePath(fx) + "/provenance/" + e.path().filename().string());
    std::sort(files.begin(), files.end());
    args.insert(args.end(), files.begin(), files.end());
  }
  RunResult r = RunSovaudit(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

INSTANTIATE_TEST_SUITE_P(E2e, E2eFixture, testing::ValuesIn(Fixtures()),
                         [](const testing::TestParamInfo<Fixture>& info) {
                           std::string s = info.param.dir;
                           for (char& c : s) {
                             if (c == '-' || c == '/') c = '_';
                           }
                           return s;
                         });

// The edge fleet verified box by box: every box's VSA gives layer 3, six of eight leave SOV-3.5
// failing with the coverage named, in the JSON report and the text one.
TEST(E2eFleet, CoverageOfTheBoxesDecidesSov35) {
  std::string as_of = Slurp(Source("fixtures/ph-edge-fleet/AS_OF"));
  as_of = as_of.substr(0, as_of.find('\n'));
  for (const auto& [folder, attested, layer] :
       {std::tuple<const char*, int, int>{"all", 8, 3}, {"partial", 6, 2}}) {
    std::vector<std::string> args = {"audit", "fixtures/ph-edge-fleet", "--as-of", as_of,
                                     "--evidence", std::string("fixtures/ph-edge-fleet/evidence/") + folder,
                                     "--evidence-key", "fixtures/ph-edge-fleet/keys/verifier.pub",
                                     "--format", "json"};
    RunResult r = RunSovaudit(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json d = json::parse(r.out)["deployments"][0];
    EXPECT_EQ(d["achieved_layer"], layer) << folder;
    ASSERT_EQ(d["fleets"].size(), 1u);
    EXPECT_EQ(d["fleets"][0]["model"], "mabini-triage-4b-q4km");
    EXPECT_EQ(d["fleets"][0]["size"], 8);
    EXPECT_EQ(d["fleets"][0]["attested"], attested);
    for (const json& f : d["findings"]) {
      if (f["rule"] != "SOV-3.5" || f["subject"] != "models/mabini-triage-4b-q4km") continue;
      EXPECT_EQ(f["status"], attested == 8 ? "pass" : "fail");
      EXPECT_NE(f["message"].get<std::string>().find(std::to_string(attested) + " of 8 boxes attested"),
                std::string::npos) << f["message"];
    }
    args.pop_back();
    args.push_back("text");
    EXPECT_NE(RunSovaudit(args).out.find("fleets:   'mabini-triage-4b-q4km' " +
                                         std::to_string(attested) + " of 8 boxes attested"),
              std::string::npos);
  }
}

// The deai pack (builtin:deai): drills and protected updates, on the decentralised fixtures.
TEST(E2eDeai, DrillsAndProtectedUpdatesDecideTheDeaiRules) {
  auto statuses = [](const json& d, const std::string& rule) {
    std::set<std::string> out;
    for (const json& f : d["findings"]) {
      if (f["rule"] == rule) out.insert(f["status"].get<std::string>());
    }
    return out;
  };
  json r = AuditJson("fixtures/crossborder", {"--rules", "builtin:deai"});
  std::map<std::string, json> by_name;
  for (const json& d : r["deployments"]) by_name[d["name"]] = d;
  const json& open = by_name.at("sulu-risk-federated-open");
  const json& kept = by_name.at("sulu-risk-federated-protected");
  EXPECT_EQ(statuses(open, "SOV-D.1"), std::set<std::string>{"fail"});  // no drills
  EXPECT_EQ(statuses(open, "SOV-D.2"), std::set<std::string>{"fail"});  // unprotected updates
  EXPECT_EQ(statuses(kept, "SOV-D.1"), std::set<std::string>{"pass"});
  EXPECT_EQ(statuses(kept, "SOV-D.2"), std::set<std::string>{"pass"});
  EXPECT_EQ(statuses(kept, "SOV-D.3"), std::set<std::string>{"n/a"});   // no edge fleet
  EXPECT_EQ(kept["achieved_layer"], 3);
  // Neither federated nor a fleet: the pack does not apply.
  const json& central = by_name.at("sulu-credit-kept");
  for (const char* rule : {"SOV-D.1", "SOV-D.2", "SOV-D.3"}) {
    EXPECT_EQ(statuses(central, rule), std::set<std::string>{"n/a"}) << rule;
  }
  EXPECT_EQ(r["policy"]["rule_packs"][0]["path"], "builtin:deai");
  EXPECT_EQ(r["policy"]["rule_packs"][0]["adds"].size(), 3u);

  // The fleet, audited on the day its boxes reported (AS_OF), and a year later.
  auto audit_on = [](const std::string& day, std::vector<std::string> extra) {
    std::vector<std::string> args = {"audit", "fixtures/ph-edge-fleet", "--format", "json",
                                     "--rules", "builtin:deai", "--as-of", day};
    args.insert(args.end(), extra.begin(), extra.end());
    RunResult run = RunSovaudit(args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return json::parse(run.out)["deployments"][0];
  };
  std::string as_of = Slurp(Source("fixtures/ph-edge-fleet/AS_OF")).substr(0, 10);
  json fleet = audit_on(as_of, {"--evidence", "fixtures/ph-edge-fleet/evidence/all",
                                "--evidence-key", "fixtures/ph-edge-fleet/keys/verifier.pub"});
  EXPECT_EQ(statuses(fleet, "SOV-D.1"), std::set<std::string>{"pass"});
  EXPECT_EQ(statuses(fleet, "SOV-D.3"), std::set<std::string>{"pass"});
  EXPECT_EQ(fleet["achieved_layer"], 3);
  // A year later the drills are stale: both fail, and the layer drops.
  json later = audit_on("2027-11-30", {});
  EXPECT_EQ(statuses(later, "SOV-D.1"), std::set<std::string>{"fail"});
  EXPECT_EQ(statuses(later, "SOV-D.3"), std::set<std::string>{"fail"});

  RunResult hint = RunSovaudit({"explain", "SOV-D.2"});
  EXPECT_EQ(hint.exit_code, 2);
  EXPECT_NE(hint.err.find("is in the built-in deai pack: add --rules builtin:deai"), std::string::npos)
      << hint.err;
  RunResult unknown = RunSovaudit({"audit", "fixtures/layer3-finetune", "--rules", "builtin:nope"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no built-in rule pack 'builtin:nope' (there is builtin:deai)"),
            std::string::npos) << unknown.err;
}

// The graph colours a flow that leaves a residency and shows a federated step's aggregator
// and participants; the reports name the residency breaks.
TEST(E2eCrossBorder, GraphAndReportsShowResidencyBreaks) {
  auto leaving = [](const std::string& manifest) {
    RunResult r = RunSovaudit({"graph", manifest, "--format", "json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> out;
    const json graph = json::parse(r.out);
    for (const json& e : graph["edges"]) {
      if (e.value("leaves_residency", false)) {
        out.push_back(e["from"].get<std::string>() + " -> " + e["to"].get<std::string>() + " " +
                      e["label"].get<std::string>());
      }
    }
    return out;
  };
  EXPECT_TRUE(leaving("fixtures/crossborder/bank-kept/deployment.yaml").empty());
  EXPECT_EQ(leaving("fixtures/crossborder/bank-broken/deployment.yaml"),
            std::vector<std::string>{"datasets/ph-loan-files -> infrastructure/sg-gpu training"});
  EXPECT_EQ(leaving("fixtures/crossborder/federated-open/deployment.yaml"),
            (std::vector<std::string>{"datasets/my-loan-files -> infrastructure/sg-gpu updates",
                                      "datasets/ph-loan-files -> infrastructure/sg-gpu updates"}));
  RunResult dot = RunSovaudit({"graph", "fixtures/crossborder/federated-protected/deployment.yaml"});
  EXPECT_NE(dot.out.find("\"models/ph-risk\" -> \"organizations/bank-my\" [color=\"#555555\", "
                         "style=dotted, label=\"federated participant\""),
            std::string::npos) << dot.out;
  EXPECT_NE(dot.out.find("label=\"updates (secure-aggregation, differential-privacy)\""),
            std::string::npos);
  // Protected updates may leave (SOV-1.3 passes): not drawn as a break; open ones are.
  EXPECT_EQ(dot.out.find("penwidth=2"), std::string::npos);
  EXPECT_NE(RunSovaudit({"graph", "fixtures/crossborder/federated-open/deployment.yaml"})
                .out.find("penwidth=2"),
            std::string::npos);

  RunResult html = RunSovaudit({"audit", "fixtures/crossborder", "--as-of", kAsOf, "--format", "html"});
  EXPECT_NE(html.out.find("<b>Data leaves its residency:</b> &#39;ph-loan-files&#39; to &#39;sg-gpu&#39; "
                          "(SG; residency PH)"),
            std::string::npos);
  EXPECT_EQ(html.out.find("<b>Data leaves its residency:</b> &#39;sg-loan-files"), std::string::npos);
}

TEST(E2eIntegrity, TamperedWeightsExit3AndFailSov35) {
  TempDir tmp;
  fs::path copy = CopyFixture("layer3-finetune", tmp.path());
  fs::path weights = copy / "weights" / "orchard-credit-8b.safetensors";
  std::string bytes = Slurp(weights);
  ASSERT_FALSE(bytes.empty());
  bytes[bytes.size() - 1] = static_cast<char>(bytes.back() ^ 0x01);
  Spit(weights, bytes);

  RunResult r = RunSovaudit({"audit", copy.string(), "--format", "json", "--as-of", kAsOf});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  json j = json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << "no JSON report on an integrity failure: " << r.out;
  const json& d = j["deployments"][0];
  EXPECT_TRUE(AnyIs(Statuses(d, "SOV-3.5", "models/orchard-credit-8b"), "fail"));
  EXPECT_TRUE(AllAre(Statuses(d, "SOV-3.5", "models/orchard-credit-qwen-7b"), "pass"));
  EXPECT_LT(d.value("achieved_layer", 9), 3);

  // Exit 3 wins over a failed gate; without hashing there is nothing to detect.
  EXPECT_EQ(RunSovaudit({"audit", copy.string(), "--as-of", kAsOf, "--require-layer", "5"}).exit_code, 3);
  EXPECT_EQ(RunSovaudit({"audit", copy.string(), "--as-of", kAsOf, "--no-verify"}).exit_code, 0);
}

TEST(E2ePortfolio, BankAuditsAsAPortfolio) {
  json expected = json::parse(Slurp(Source("fixtures/bank/expected.json")));
  json r = AuditJson("fixtures/bank");
  ASSERT_EQ(r["deployments"].size(), expected["deployments"].size());
  size_t models = 0;
  std::set<std::string> layers_seen;
  for (const auto& want : expected["deployments"]) {
    const json* d = FindDeployment(r, want["name"]);
    ASSERT_NE(d, nullptr) << want["name"];
    EXPECT_EQ((*d)["file"], want["file"]);
    EXPECT_EQ((*d)["achieved_layer"], want["achieved_layer"]) << want["name"];
    EXPECT_EQ((*d)["label"], Label(want["achieved_layer"].get<int>()));
    layers_seen.insert(std::to_string(want["achieved_layer"].get<int>()));
    std::map<std::string, int> got;
    for (const auto& m : (*d)["models"]) got[m["id"]] = m["achieved_layer"];
    EXPECT_EQ(got.size(), want["models"].size()) << want["name"];
    for (const auto& [id, layer] : want["models"].items())
      EXPECT_EQ(got[id], layer.get<int>()) << want["name"] << " / " << id;
    models += (*d)["models"].size();
  }
  EXPECT_GE(models, 150u);
  EXPECT_EQ(models, expected["total_models"].get<size_t>());
  EXPECT_EQ(layers_seen.size(), 4u) << "the bank should mix layers 0 to 3";

  std::set<std::string> units;
  for (const auto& d : expected["deployments"]) units.insert(d["business_unit"]);
  EXPECT_EQ(units, (std::set<std::string>{"finance", "hr", "lending", "trading"}));

  // The portfolio gate is the weakest deployment.
  EXPECT_EQ(RunSovaudit({"audit", "fixtures/bank", "--as-of", kAsOf, "--require-layer", "0"}).exit_code, 0);
  EXPECT_EQ(RunSovaudit({"audit", "fixtures/bank", "--as-of", kAsOf, "--require-layer", "1"}).exit_code, 1);
}

TEST(E2ePortfolio, BankManifestsValidate) {
  std::vector<std::string> args = {"validate"};
  for (const auto& e : fs::recursive_directory_iterator(Source("fixtures/bank")))
    if (e.path().filename() == "deployment.yaml")
      args.push_back(fs::relative(e.path(), SOVAUDIT_SOURCE_DIR).string());
  ASSERT_GE(args.size(), 5u);
  RunResult r = RunSovaudit(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

// A copy of layer3-finetune whose manifest has a misspelt key; returns the key's line.
int BreakManifest(const fs::path& manifest) {
  std::string text = Slurp(manifest);
  const std::string key = "    classification: restricted";
  size_t at = text.find(key);
  if (at == std::string::npos) return -1;
  text.replace(at, key.size(), "    clasification: restricted");
  Spit(manifest, text);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
}

TEST(E2eErrors, ValidateRejectsABrokenCopyWithAPosition) {
  TempDir tmp;
  fs::path copy = CopyFixture("layer3-finetune", tmp.path());
  fs::path manifest = copy / "deployment.yaml";
  int line = BreakManifest(manifest);
  ASSERT_GT(line, 0);
  RunResult r = RunSovaudit({"validate", manifest.string()});
  EXPECT_EQ(r.exit_code, 2);
  std::regex pattern("sovaudit: error: [^\\n]*deployment\\.yaml:" + std::to_string(line) +
                     ":[0-9]+: ");
  EXPECT_TRUE(std::regex_search(r.err, pattern)) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;

  RunResult a = RunSovaudit({"audit", copy.string(), "--as-of", kAsOf});
  EXPECT_EQ(a.exit_code, 2);
  EXPECT_TRUE(std::regex_search(a.err, pattern)) << a.err;
}

TEST(E2eOutput, OutputFileHoldsTheReport) {
  TempDir tmp;
  fs::path out = tmp.path() / "report.json";
  RunResult r = RunSovaudit({"audit", "fixtures/layer3-finetune", "--as-of", kAsOf, "--format", "json",
                     "--output", out.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(fs::exists(out));
  RunResult stdout_run =
      RunSovaudit({"audit", "fixtures/layer3-finetune", "--as-of", kAsOf, "--format", "json"});
  EXPECT_EQ(Slurp(out), stdout_run.out);
  json j = json::parse(Slurp(out), nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["deployments"][0]["achieved_layer"], 3);
}

TEST(E2eOutput, FailedRunLeavesNoOutputFile) {
  TempDir tmp;
  fs::path copy = CopyFixture("layer3-finetune", tmp.path());
  ASSERT_GT(BreakManifest(copy / "deployment.yaml"), 0);
  fs::path out_dir = tmp.path() / "out";
  fs::create_directories(out_dir);
  fs::path out = out_dir / "report.json";
  RunResult r = RunSovaudit({"audit", copy.string(), "--as-of", kAsOf, "--format", "json", "--output",
                     out.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(fs::is_empty(out_dir)) << "a temporary file was left behind";
}

TEST(E2eCommands, RulesListsEveryRule) {
  RunResult r = RunSovaudit({"rules"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const auto& rule : kAllRules) EXPECT_NE(r.out.find(rule), std::string::npos) << rule;
}

std::string Squash(const std::string& s) {  // collapse whitespace, for wrapped text
  std::string out;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

TEST(E2eCommands, ExplainPrintsTheRemediation) {
  YAML::Node rules = YAML::LoadFile(Source("rules/rules.yaml").string());
  std::string remediation;
  for (const auto& rule : rules["rules"])
    if (rule["id"].as<std::string>() == "SOV-3.3") remediation = rule["remediation"].as<std::string>();
  ASSERT_FALSE(remediation.empty());
  RunResult r = RunSovaudit({"explain", "SOV-3.3"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("SOV-3.3"), std::string::npos);
  // The first words of the remediation, however the output wraps them.
  std::string head = Squash(remediation).substr(0, 40);
  head = head.substr(0, head.rfind(' '));
  EXPECT_NE(Squash(r.out).find(head), std::string::npos) << r.out;

  EXPECT_EQ(RunSovaudit({"explain", "SOV-9.9"}).exit_code, 2);
}

TEST(E2eCommands, VersionIs010) {
  RunResult r = RunSovaudit({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("0.1.0"), std::string::npos) << r.out;
}

TEST(E2eRulePacks, RegulatorPackAddsFindings) {
  const fs::path pack = Source("tests/data/packs/regulator.yaml");
  if (!fs::exists(pack)) GTEST_SKIP() << "tests/data/packs/regulator.yaml not written yet";
  std::set<std::string> pack_rules;
  for (const auto& rule : YAML::LoadFile(pack.string())["rules"])
    if (rule["id"]) pack_rules.insert(rule["id"].as<std::string>());
  ASSERT_FALSE(pack_rules.empty());

  auto rules_in = [](const json& report) {
    std::set<std::string> ids;
    for (const auto& d : report["deployments"])
      for (const auto& f : d["findings"]) ids.insert(f.value("rule", ""));
    return ids;
  };
  std::vector<std::string> args = {"audit"};
  for (const auto& fx : Fixtures()) args.push_back(FixturePath(fx));
  for (const char* a : {"--format", "json", "--as-of", kAsOf}) args.push_back(a);
  RunResult without = RunSovaudit(args);
  args.push_back("--rules");
  args.push_back("tests/data/packs/regulator.yaml");
  RunResult with = RunSovaudit(args);
  ASSERT_NE(with.exit_code, 2) << with.err;
  json before_j = json::parse(without.out, nullptr, false);
  json after_j = json::parse(with.out, nullptr, false);
  ASSERT_FALSE(before_j.is_discarded()) << without.out.substr(0, 300);
  ASSERT_FALSE(after_j.is_discarded()) << with.out.substr(0, 300);
  std::set<std::string> before = rules_in(before_j);
  std::set<std::string> after = rules_in(after_j);
  size_t added = 0;
  for (const auto& id : pack_rules)
    if (!before.count(id) && after.count(id)) ++added;
  EXPECT_GT(added, 0u) << "no finding of the pack's new rules";

  // layer1-hosting logs claim records to CloudWatch, run by AWS: the pack's MAS-TRM-1 (a
  // layer-1 rule) fails there and takes the stack down to layer 0.
  if (pack_rules.count("MAS-TRM-1")) {
    const json* d = FindDeployment(after_j, "merlion-claims-assistant");
    ASSERT_NE(d, nullptr);
    EXPECT_TRUE(AnyIs(Statuses(*d, "MAS-TRM-1", "endpoints/cloudwatch-logs"), "fail"));
    EXPECT_EQ(d->value("achieved_layer", -1), 0);
    const json* plain = FindDeployment(before_j, "merlion-claims-assistant");
    ASSERT_NE(plain, nullptr);
    EXPECT_EQ(plain->value("achieved_layer", -1), 1);
  }
}

}  // namespace
}  // namespace sov::e2e
