// The diff renderers on reports built here: the text diff escapes every input and ends with
// the summary line, Markdown escapes its cells and caps its tables, JSON is sorted and stable.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

#include "reports/diff_render.h"
#include "src/diff/diff.h"
#include "tests/diff_reports.h"

namespace sov {
namespace {

using nlohmann::json;
using test::MakeDeployment;
using test::MakeFinding;
using test::MakeReport;
using test::Snap;

std::string Render(const ReportDiff& diff, DiffFormat format, bool color = false) {
  std::ostringstream out;
  RenderDiff(diff, format, DiffRenderOptions{color}, out);
  return out.str();
}

TEST(DiffRender, TextEscapesInputsAndEndsWithTheSummary) {
  json olds = {MakeDeployment("evil\x1b]0;pwn\x07", 3)};
  json news = {MakeDeployment("evil\x1b]0;pwn\x07", 2, {MakeFinding("R", "s\x1b[2J", "fail")})};
  ReportDiff diff = DiffReports(Snap(MakeReport(olds)), Snap(MakeReport(news)));
  std::string text = Render(diff, DiffFormat::kText);
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
  EXPECT_NE(text.find("evil\\x1b]0;pwn\\x07"), std::string::npos) << text;
  std::string last = text.substr(text.rfind('\n', text.size() - 2) + 1);
  EXPECT_EQ(last, "diff: 1 deployment lost a layer, 1 new finding; regression\n");
  std::string colored = Render(diff, DiffFormat::kText, true);
  EXPECT_NE(colored.find("\x1b[31mLOST\x1b[0m"), std::string::npos);
}

TEST(DiffRender, MarkdownEscapesCellsAndCapsRows) {
  json news = json::array();
  for (int i = 0; i < 120; ++i) {
    std::string n = std::to_string(i);
    news.push_back(MakeFinding("R", "s" + std::string(3 - n.size(), '0') + n, "fail"));
  }
  json d_old = MakeDeployment("a|b <x> @team", 2);
  json d_new = MakeDeployment("a|b <x> @team", 2, news);
  ReportDiff diff = DiffReports(Snap(MakeReport({d_old})), Snap(MakeReport({d_new})));
  std::string md = Render(diff, DiffFormat::kMarkdown);
  EXPECT_EQ(md.rfind("### sovaudit diff: regression\n", 0), 0u);
  EXPECT_NE(md.find("a\\|b \\<x\\> @\u200bteam"), std::string::npos) << md.substr(0, 600);
  EXPECT_EQ(md.find("a|b"), std::string::npos);
  EXPECT_NE(md.find("#### New findings (120)"), std::string::npos);
  EXPECT_NE(md.find("… and 70 more"), std::string::npos);
  EXPECT_NE(md.find("| s049 |"), std::string::npos);
  EXPECT_EQ(md.find("| s050 |"), std::string::npos);
}

TEST(DiffRender, JsonHasTheSchemaAndEveryDeployment) {
  json olds = {MakeDeployment("a", 3), MakeDeployment("b", 1)};
  json news = {MakeDeployment("a", 2), MakeDeployment("b", 1)};
  ReportDiff diff = DiffReports(Snap(MakeReport(olds), "old.json"),
                                Snap(MakeReport(news), "new.json"));
  std::string text = Render(diff, DiffFormat::kJson);
  EXPECT_EQ(text, Render(diff, DiffFormat::kJson));
  json j = json::parse(text);
  EXPECT_EQ(text, j.dump(2) + "\n");  // sorted keys, dump(2)
  EXPECT_EQ(j["schema"], kDiffSchema);
  EXPECT_EQ(j["old"]["file"], "old.json");
  EXPECT_EQ(j["regression"], true);
  ASSERT_EQ(j["deployments"].size(), 2u);
  EXPECT_EQ(j["deployments"][0]["layer_change"], "lost");
  EXPECT_EQ(j["deployments"][1]["changed"], false);
  EXPECT_EQ(j["summary"]["lost"], 1);
}

}  // namespace
}  // namespace sov
