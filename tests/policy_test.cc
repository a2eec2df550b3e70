// The policy in force (issue 14, item 4): a discovered .sovaudit.yaml cannot lower assurance
// (only a file named with --config may), and every audit report records the config file, the
// rule packs with what they changed, and the waivers applied. Runs the built binary.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <nlohmann/json.hpp>

#include <cstdio>

#include "tests/oms_test_util.h"
#include "tests/run_binary.h"

namespace sov {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace oms::testing;  // NOLINT(build/namespaces)
using test::RunBinary;

const std::string kSource = SOVAUDIT_SOURCE_DIR;
// fixtures/overclaim-vendor: layer 2 is blocked by SOV-2.2 (two platforms) and SOV-2.3.
const std::string kFixture = kSource + "/fixtures/overclaim-vendor";

// SHA-256 straight from OpenSSL, not through the product's own helper.
std::string IndependentSha256(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(data.data(), data.size(), md, &n, EVP_sha256(), nullptr) != 1) {
    ADD_FAILURE() << "EVP_Digest failed";
    return "";
  }
  std::string hex;
  char buf[3];
  for (unsigned int i = 0; i < n; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", md[i]);
    hex += buf;
  }
  return hex;
}

const char* kWaivers =
    "apiVersion: sovaudit/v1\nkind: Waivers\nwaivers:\n"
    "  - rule: SOV-2.2\n    subject: infrastructure/kijang-gpu-kul\n    owner: cio-office\n"
    "    reason: domestic cloud migration contracted\n    expires: 2027-03-31\n";

struct WeakeningKey {
  std::string section, key, value;
};

// Every key that lowers assurance, in a section of a command that has it.
const WeakeningKey kWeakening[] = {
    {"audit", "no-verify", "true"},
    {"verify", "ignore-unsigned-files", "true"},
    {"audit", "allow-unpinned", "true"},
    {"validate", "allow-outside", "true"},
    {"digest", "allow-symlinks", "true"},
    {"audit", "ca-bundle", "cas.pem"},
    {"audit", "trust-key", "[vendor.pub]"},
    {"explain", "rules", "[pack.yaml]"},
    {"audit", "waivers", "[waivers.yaml]"},
    {"verify", "cert-time", "now"},
};

TEST(Policy, ADiscoveredConfigCannotLowerAssurance) {
  for (const WeakeningKey& k : kWeakening) {
    TempDir dir;
    WriteFile(dir.path() / ".sovaudit.yaml",
              "# shipped with the vendor's folder\n" + k.section + ":\n  " + k.key + ": " +
                  k.value + "\n");
    // Every section is checked, whichever command runs.
    auto r = RunBinary({"rules"}, dir.path());
    EXPECT_EQ(r.code, 2) << k.key << "\n" << r.err;
    EXPECT_TRUE(Contains(r.err, "sovaudit: error: .sovaudit.yaml:3:3: '" + k.section + "." +
                                    k.key + "' lowers assurance"));
    EXPECT_TRUE(Contains(r.err, "run with --config .sovaudit.yaml to accept it"));
    EXPECT_TRUE(r.out.empty()) << r.out;
    // The same file named with --config is honoured.
    auto named = RunBinary({"--config", ".sovaudit.yaml", "rules"}, dir.path());
    EXPECT_EQ(named.code, 0) << k.key << "\n" << named.err;
  }
}

TEST(Policy, TheRefusalNamesTheFileFoundUpwardAndAliasesCount) {
  TempDir dir;
  fs::create_directories(dir.path() / "sub");
  WriteFile(dir.path() / ".sovaudit.yaml", "audit:\n  as-of: 2026-11-21\n"
                                           "sign:\n  allow_symlinks: true\n");
  auto r = RunBinary({"audit", kFixture, "--format", "json", "--output", "out.json"},
                     dir.path() / "sub");
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_TRUE(Contains(r.err, "../.sovaudit.yaml:4:3: 'sign.allow-symlinks' lowers assurance"));
  EXPECT_TRUE(Contains(r.err, "--config ../.sovaudit.yaml"));
  EXPECT_FALSE(fs::exists(dir.path() / "sub" / "out.json"));
  // --no-config reads no file at all.
  auto none = RunBinary({"--no-config", "audit", kFixture}, dir.path() / "sub");
  EXPECT_EQ(none.code, 0) << none.err;
}

// The rule pack tests/data/packs/tuning.yaml and kWaivers as waivers.yaml in `dir`, for a
// config to name.
void WritePolicyFiles(const fs::path& dir) {
  fs::copy_file(kSource + "/tests/data/packs/tuning.yaml", dir / "tuning.yaml");
  WriteFile(dir / "waivers.yaml", kWaivers);
}

TEST(Policy, ANamedConfigIsHonouredAndRecorded) {
  TempDir dir;
  WritePolicyFiles(dir.path());
  const std::string config =
      "audit:\n  as-of: 2026-11-21\n  no-verify: true\n  rules: [tuning.yaml]\n"
      "  waivers: [waivers.yaml]\n  format: json\n";
  WriteFile(dir.path() / "ci.yaml", config);
  auto r = RunBinary({"--config", "ci.yaml", "audit", kFixture}, dir.path());
  ASSERT_EQ(r.code, 0) << r.err;
  json report = json::parse(r.out);
  const json& p = report["policy"];
  EXPECT_EQ(p["config"]["path"], "ci.yaml");
  EXPECT_EQ(p["config"]["sha256"], IndependentSha256(config));
  EXPECT_EQ(p["config"]["discovered"], false);
  ASSERT_EQ(p["rule_packs"].size(), 1u);
  EXPECT_EQ(p["rule_packs"][0]["path"], "tuning.yaml");
  EXPECT_EQ(p["rule_packs"][0]["sha256"], IndependentSha256(ReadFile(dir.path() / "tuning.yaml")));
  EXPECT_EQ(p["rule_packs"][0]["adds"], json::array());
  json changes = json::array(
      {{{"rule", "SOV-2.3"}, {"pack", "tuning.yaml"}, {"change", "disabled"}},
       {{"rule", "SOV-3.6"}, {"pack", "tuning.yaml"}, {"change", "severity"},
        {"from", "medium"}, {"to", "critical"}}});
  EXPECT_EQ(p["rule_changes"], changes);
  ASSERT_EQ(p["waiver_files"].size(), 1u);
  EXPECT_EQ(p["waiver_files"][0]["path"], "waivers.yaml");
  EXPECT_EQ(p["waiver_files"][0]["sha256"], IndependentSha256(kWaivers));
  ASSERT_EQ(p["waivers_applied"].size(), 1u);
  const json& w = p["waivers_applied"][0];
  EXPECT_EQ(w["rule"], "SOV-2.2");
  EXPECT_EQ(w["subject"], "infrastructure/kijang-gpu-kul");
  EXPECT_EQ(w["owner"], "cio-office");
  EXPECT_EQ(w["expires"], "2027-03-31");
  EXPECT_EQ(w["location"]["file"], "waivers.yaml");
  EXPECT_EQ(w["findings"], 1);
  // no-verify was honoured: the pinned weights were not hashed.
  bool sov35_unknown = false;
  for (const json& f : report["deployments"][0]["findings"]) {
    if (f["rule"] == "SOV-3.5") sov35_unknown = f["status"] == "unknown";
    EXPECT_NE(f["rule"], "SOV-2.3");  // disabled by the pack
  }
  EXPECT_TRUE(sov35_unknown);
}

TEST(Policy, ADiscoveredConfigWithHarmlessKeysWorksAndIsRecorded) {
  TempDir dir;
  fs::create_directories(dir.path() / "a" / "b");
  const std::string config = "audit:\n  as-of: 2026-11-21\n  format: json\n  require-layer: 1\n"
                             "  fail-on-overclaim: false\n";
  WriteFile(dir.path() / ".sovaudit.yaml", config);
  auto r = RunBinary({"audit", kFixture}, dir.path() / "a" / "b");
  ASSERT_EQ(r.code, 0) << r.err;
  json report = json::parse(r.out);
  EXPECT_EQ(report["as_of"], "2026-11-21");
  const json& p = report["policy"];
  EXPECT_EQ(p["config"]["path"], "../../.sovaudit.yaml");
  EXPECT_EQ(p["config"]["sha256"], IndependentSha256(config));
  EXPECT_EQ(p["config"]["discovered"], true);
  EXPECT_EQ(p["rule_packs"], json::array());
  EXPECT_EQ(p["rule_changes"], json::array());
  EXPECT_EQ(p["waivers_applied"], json::array());

  auto none = RunBinary({"--no-config", "audit", kFixture, "--format", "json"}, dir.path());
  ASSERT_EQ(none.code, 0) << none.err;
  EXPECT_TRUE(json::parse(none.out)["policy"]["config"].is_null());
}

TEST(Policy, EveryReportFormatRecordsThePolicy) {
  TempDir dir;
  WritePolicyFiles(dir.path());
  const std::string config =
      "audit:\n  as-of: 2026-11-21\n  rules: [tuning.yaml]\n  waivers: [waivers.yaml]\n"
      "  format: [json, sarif, text, markdown, html]\n"
      "  output: [r.json, r.sarif, r.txt, r.md, r.html]\n";
  WriteFile(dir.path() / ".sovaudit.yaml", config);
  auto r = RunBinary({"--config", ".sovaudit.yaml", "audit", kFixture}, dir.path());
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string config_sha = IndependentSha256(config);
  const std::string pack_sha = IndependentSha256(ReadFile(dir.path() / "tuning.yaml"));

  json report = json::parse(ReadFile(dir.path() / "r.json"));
  json sarif = json::parse(ReadFile(dir.path() / "r.sarif"));
  EXPECT_EQ(sarif["runs"][0]["properties"]["policy"], report["policy"]);
  EXPECT_EQ(report["policy"]["config"]["sha256"], config_sha);

  const std::string line = "Policy: config .sovaudit.yaml (--config, sha256 " + config_sha +
                           "); rule pack tuning.yaml (sha256 " + pack_sha +
                           ") disables SOV-2.3, re-grades SOV-3.6 medium→critical; 1 waiver "
                           "applied from waivers.yaml (sha256 " +
                           IndependentSha256(kWaivers) + ")";
  EXPECT_TRUE(Contains(ReadFile(dir.path() / "r.txt"), line + "\n"));
  std::string html = ReadFile(dir.path() / "r.html");
  EXPECT_TRUE(Contains(html, "<p class=\"muted policy\">" + line + "</p>"));
  // Markdown escapes its punctuation: parentheses become \( and \).
  std::string md_line = line;
  for (size_t at = 0; (at = md_line.find_first_of("()", at)) != std::string::npos; at += 2) {
    md_line.insert(at, "\\");
  }
  EXPECT_TRUE(Contains(ReadFile(dir.path() / "r.md"), md_line + "\n"));

  // sovaudit diff still reads reports with the policy.
  auto diff = RunBinary({"--no-config", "diff", "r.json", "r.json"}, dir.path());
  EXPECT_EQ(diff.code, 0) << diff.err;
}

TEST(Policy, WithoutConfigPacksOrWaiversTheLineSaysSo) {
  TempDir dir;
  auto r = RunBinary({"--no-config", "audit", kFixture, "--as-of", "2026-11-21"}, dir.path());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "Policy: no config file; built-in rules only; 0 waivers applied\n"));
}

}  // namespace
}  // namespace sov
