#pragma once
// Pieces of the HTML report shared by its sections (html.cc: page, deployments, appendix;
// html_summary.cc: executive summary and portfolio). Every string from an input goes through H.

#include <ostream>
#include <string>
#include <string_view>

#include "reports/render.h"
#include "reports/render_util.h"
#include "src/report/board.h"

namespace sov::html {

inline std::string H(std::string_view s) { return XmlEscape(s); }

// A status in its colour: "FAIL", "pass", ...
std::string StatusCell(Status s);
// "layer 3" on the layer's colour (html_svg.h's scale).
std::string LayerBadge(int layer);
// A group of findings as a table row: status, rule, severity, what (count and folded reasons).
void GroupRow(const Report& report, const FindingGroup& g, std::ostream& out);

// The executive summary (page 1): verdict, gate, trend, risks, next steps, evidence, the five
// layers. Numbers carry data-* attributes (tests compare them with the JSON report).
void ExecutiveSummaryHtml(const Report& report, const RenderOptions& options, std::ostream& out);
// The portfolio (several deployments): the layer chart, the heat map of business units (with
// their models), the deployments table.
void PortfolioHtml(const Report& report, std::ostream& out);

}  // namespace sov::html
