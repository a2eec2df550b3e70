// The report's Policy in the renderers: the streamed JSON equals the tree, SARIF carries the
// same object, the one-line summary cuts long lists and escapes for each format.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <sstream>

#include "reports/policy.h"
#include "reports/render.h"

namespace sov {
namespace {

using nlohmann::json;

Report PolicyReport() {
  Report r;
  r.tool_version = "0.1.0";
  r.as_of = "2026-11-21";
  DeploymentReport d;
  d.name = "x";
  d.file = "x.yaml";
  d.home = {"SG"};
  d.label = LayerLabel(0);
  for (int l = 1; l <= 5; ++l) d.layers.push_back({l, LayerName(l), Status::kFail, 0, 1, 0});
  r.deployments.push_back(d);
  r.policy.config = PolicyConfig{"../<b>.sovaudit.yaml", std::string(64, 'c'), true};
  r.policy.rule_packs.push_back({"p.yaml", std::string(64, 'p'), {"ORG-1"}});
  for (int i = 1; i <= 10; ++i) {
    r.policy.rule_changes.push_back({"SOV-1." + std::to_string(i), "p.yaml", true, "", ""});
  }
  r.policy.rule_changes.push_back({"SOV-3.6", "p.yaml", false, "medium", "critical"});
  r.policy.waiver_files.push_back({"w.yaml", std::string(64, 'w'), {}});
  WaiverResult active;
  active.rule = "SOV-2.2";
  active.subject = "infrastructure/a";
  active.owner = "cio";
  active.expires = "2027-03-31";
  active.location = {"w.yaml", 4, 5};
  active.state = "active";
  active.applied = 2;
  WaiverResult expired = active;
  expired.state = "expired";
  r.waivers = {expired, active};
  r.policy.waivers_applied = {1};
  return r;
}

TEST(PolicyRender, TheStreamedJsonEqualsTheTreeAndSarifCarriesTheSameObject) {
  Report r = PolicyReport();
  std::ostringstream streamed;
  RenderJson(r, streamed);
  EXPECT_EQ(streamed.str(), ReportToJson(r).dump(2) + "\n");
  json j = json::parse(streamed.str());
  EXPECT_EQ(j["policy"]["config"],
            (json{{"path", "../<b>.sovaudit.yaml"}, {"sha256", std::string(64, 'c')},
                  {"discovered", true}}));
  EXPECT_EQ(j["policy"]["rule_packs"][0]["adds"], json::array({"ORG-1"}));
  EXPECT_EQ(j["policy"]["rule_changes"].size(), 11u);
  EXPECT_EQ(j["policy"]["rule_changes"][10],
            (json{{"rule", "SOV-3.6"}, {"pack", "p.yaml"}, {"change", "severity"},
                  {"from", "medium"}, {"to", "critical"}}));
  ASSERT_EQ(j["policy"]["waivers_applied"].size(), 1u);  // the active one only
  EXPECT_EQ(j["policy"]["waivers_applied"][0],
            (json{{"rule", "SOV-2.2"}, {"subject", "infrastructure/a"}, {"owner", "cio"},
                  {"expires", "2027-03-31"},
                  {"location", {{"file", "w.yaml"}, {"line", 4}, {"column", 5}}},
                  {"findings", 2}}));

  std::ostringstream sarif;
  RenderSarif(r, sarif);
  EXPECT_EQ(json::parse(sarif.str())["runs"][0]["properties"]["policy"], j["policy"]);

  Report empty;
  std::ostringstream none;
  RenderJson(empty, none);
  EXPECT_EQ(json::parse(none.str())["policy"],
            (json{{"config", nullptr}, {"rule_packs", json::array()},
                  {"rule_changes", json::array()}, {"waiver_files", json::array()},
                  {"waivers_applied", json::array()}}));
}

TEST(PolicyRender, OneLineCutsLongListsAndEachFormatEscapesIt) {
  Report r = PolicyReport();
  std::string line = PolicyLine(r);
  EXPECT_EQ(line, "Policy: config ../<b>.sovaudit.yaml (discovered, sha256 " +
                      std::string(64, 'c') + "); rule pack p.yaml (sha256 " +
                      std::string(64, 'p') +
                      ") adds ORG-1, disables SOV-1.1, SOV-1.2, SOV-1.3, SOV-1.4, SOV-1.5, "
                      "SOV-1.6, SOV-1.7, SOV-1.8 and 2 more, re-grades SOV-3.6 "
                      "medium→critical; 1 waiver applied from w.yaml (sha256 " +
                      std::string(64, 'w') + ")");
  std::ostringstream html, md, text;
  RenderHtml(r, RenderOptions{}, html);
  EXPECT_NE(html.str().find("config ../&lt;b&gt;.sovaudit.yaml"), std::string::npos);
  EXPECT_EQ(html.str().find("<b>.sovaudit"), std::string::npos);
  RenderMarkdown(r, RenderOptions{}, md);
  EXPECT_NE(md.str().find("config ../\\<b\\>.sovaudit.yaml \\(discovered"), std::string::npos);
  RenderText(r, RenderOptions{}, text);
  EXPECT_NE(text.str().find(line + "\n"), std::string::npos);
}

}  // namespace
}  // namespace sov
