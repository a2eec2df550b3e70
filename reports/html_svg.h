#pragma once
// Inline SVG charts for the HTML report. Plain SVG markup (no scripts, fonts or images), with
// a <title> per chart and per mark so screen readers and tooltips say what is drawn; colours
// are backed by words, so a greyscale print still reads.

#include <string>

#include "src/report/report.h"
#include "src/report/summary.h"

namespace sov {

// The status colours, shared with the page's CSS.
inline constexpr const char* kColorPass = "#2e7d32";
inline constexpr const char* kColorFail = "#c62828";
inline constexpr const char* kColorUnknown = "#f9a825";
inline constexpr const char* kColorNeutral = "#9e9e9e";

// The one colour scale of layers, used by every chart and badge: layer 0 red, through light
// red and pale, to layer 5 dark blue (never the pass green or the unknown amber of statuses).
const char* LayerColor(int layer);
// A row of swatches naming each layer's colour, for a chart's legend or the summary's table.
std::string LayerLegendSvg();

// Layers 5 (top) to 1: per layer its status and a bar of passed / failed / unknown findings;
// the rungs the deployment reaches are outlined.
std::string LadderSvg(const DeploymentReport& d);

// Deployments per achieved layer, 0 to 5, as bars in the layer colours.
std::string DistributionSvg(const PortfolioSummary& s);

// Business units (rows) by achieved layer 0..5 (columns); a cell holding deployments takes its
// layer's colour (grey when none), the number written in it, and a legend under the grid says
// so.
std::string HeatmapSvg(const PortfolioSummary& s);

}  // namespace sov
