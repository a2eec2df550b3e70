#include "reports/html_svg.h"

#include <algorithm>
#include <sstream>

#include "reports/render_util.h"

namespace sov {
namespace {

const char* StatusColor(Status s) {
  switch (s) {
    case Status::kPass: return kColorPass;
    case Status::kFail: return kColorFail;
    case Status::kUnknown: return kColorUnknown;
    default: return kColorNeutral;
  }
}

std::string Rect(int x, int y, int w, int h, const std::string& fill, const std::string& title,
                 const std::string& extra = "") {
  std::ostringstream s;
  s << "<rect x=\"" << x << "\" y=\"" << y << "\" width=\"" << w << "\" height=\"" << h
    << "\" fill=\"" << fill << "\"" << extra << "><title>" << XmlEscape(title)
    << "</title></rect>";
  return s.str();
}

std::string Text(int x, int y, const std::string& text, const std::string& attrs = "") {
  std::ostringstream s;
  s << "<text x=\"" << x << "\" y=\"" << y << "\"" << attrs << ">" << XmlEscape(text)
    << "</text>";
  return s.str();
}

}  // namespace

const char* LayerColor(int layer) {
  // Red to blue, apart from the status colours (pass green, unknown amber) so that a layer
  // badge is never read as a status; layer 0 shares the fail red on purpose.
  static const char* kLayer[] = {"#c62828", "#ef8a62", "#f4c7ab", "#92c5de", "#4393c3",
                                 "#2166ac"};
  return kLayer[std::clamp(layer, 0, 5)];
}

std::string LayerLegendSvg() {
  const int sw = 118, height = 24;
  std::ostringstream s;
  s << "<svg class=\"chart legend\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << sw * 6
    << "\" height=\"" << height << "\" viewBox=\"0 0 " << sw * 6 << " " << height
    << "\" role=\"img\" aria-label=\"layer colours\"><title>Layer colours: layer 0 red to "
       "layer 5 dark blue</title>";
  for (int l = 0; l <= 5; ++l) {
    s << "<g class=\"swatch\" data-layer=\"" << l << "\">"
      << Rect(l * sw, 5, 14, 14, LayerColor(l), "layer " + std::to_string(l), " rx=\"3\"")
      << Text(l * sw + 18, 17, "L" + std::to_string(l) + " " + (l == 0 ? "none" : LayerName(l)),
              " font-size=\"10\"")
      << "</g>";
  }
  s << "</svg>";
  return s.str();
}

std::string LadderSvg(const DeploymentReport& d) {
  const int row = 30, width = 560, label_w = 150, pill_w = 76, bar_x = label_w + pill_w + 14;
  const int bar_w = width - bar_x - 70;
  int height = row * 5 + 8;
  std::ostringstream s;
  s << "<svg class=\"chart ladder\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width
    << "\" height=\"" << height << "\" viewBox=\"0 0 " << width << " " << height
    << "\" role=\"img\" aria-label=\"layer ladder\"><title>"
    << XmlEscape("Layer ladder of " + d.name + ": reaches layer " +
                 std::to_string(d.achieved_layer) + " (" + d.label + ")")
    << "</title>";
  int max_total = 1;
  for (const LayerResult& l : d.layers) max_total = std::max(max_total, l.passed + l.failed + l.unknown);
  std::vector<LayerResult> layers = d.layers;
  std::sort(layers.begin(), layers.end(),
            [](const LayerResult& a, const LayerResult& b) { return a.layer > b.layer; });
  int y = 4;
  for (const LayerResult& l : layers) {
    bool reached = l.layer <= d.achieved_layer;
    s << "<g class=\"rung\" data-layer=\"" << l.layer << "\" data-status=\""
      << StatusName(l.status) << "\">";
    if (reached) {
      s << Rect(0, y, width - 2, row - 4, "#e8f5e9", "reached",
                " rx=\"4\" stroke=\"" + std::string(kColorPass) + "\" stroke-width=\"1.5\"");
    }
    s << Text(8, y + 18, std::to_string(l.layer) + " " + l.name,
              " font-size=\"13\" font-weight=\"" + std::string(reached ? "700" : "400") + "\"");
    s << Rect(label_w, y + 3, pill_w, row - 10, StatusColor(l.status),
              "layer " + std::to_string(l.layer) + ": " + StatusName(l.status), " rx=\"9\"");
    s << Text(label_w + pill_w / 2, y + 17, StatusWord(l.status),
              " font-size=\"11\" fill=\"#fff\" text-anchor=\"middle\" font-weight=\"700\"");
    int x = bar_x;
    struct Part {
      int n;
      const char* color;
      const char* what;
    } parts[] = {{l.passed, kColorPass, "passed"},
                 {l.failed, kColorFail, "failed"},
                 {l.unknown, kColorUnknown, "unknown"}};
    for (const Part& p : parts) {
      if (p.n == 0) continue;
      int w = std::max(2, p.n * bar_w / max_total);
      s << Rect(x, y + 7, w, row - 18, p.color, std::to_string(p.n) + " " + p.what);
      x += w;
    }
    s << Text(x + 6, y + 18,
              std::to_string(l.passed) + "/" + std::to_string(l.passed + l.failed + l.unknown),
              " font-size=\"11\" fill=\"#444\"");
    s << "</g>";
    y += row;
  }
  s << "</svg>";
  return s.str();
}

std::string DistributionSvg(const PortfolioSummary& sum) {
  const int width = 560, height = 190, base = 150, col = 80, bar = 46;
  int max = 1;
  for (int n : sum.by_layer) max = std::max(max, n);
  std::ostringstream s;
  s << "<svg class=\"chart distribution\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width
    << "\" height=\"" << height << "\" viewBox=\"0 0 " << width << " " << height
    << "\" role=\"img\" aria-label=\"deployments per layer\"><title>Deployments per achieved "
       "layer</title>";
  s << "<line x1=\"30\" y1=\"" << base << "\" x2=\"" << width - 10 << "\" y2=\"" << base
    << "\" stroke=\"#888\"/>";
  for (int l = 0; l <= 5; ++l) {
    int n = sum.by_layer[l];
    int h = n * (base - 20) / max;
    int x = 40 + l * col;
    std::string color = LayerColor(l);
    s << "<g class=\"bar\" data-layer=\"" << l << "\" data-count=\"" << n << "\">";
    if (n > 0) {
      s << Rect(x, base - h, bar, h, color,
                std::to_string(n) + " deployments at layer " + std::to_string(l));
    }
    s << Text(x + bar / 2, base - h - 5, std::to_string(n),
              " font-size=\"12\" text-anchor=\"middle\"");
    s << Text(x + bar / 2, base + 16, "L" + std::to_string(l),
              " font-size=\"12\" text-anchor=\"middle\" font-weight=\"700\"");
    s << Text(x + bar / 2, base + 31, l == 0 ? "none" : LayerName(l),
              " font-size=\"9\" text-anchor=\"middle\"");
    s << "</g>";
  }
  s << "</svg>";
  return s.str();
}

std::string HeatmapSvg(const PortfolioSummary& sum) {
  const int label_w = 130, cell = 62, head = 42, row = 30;
  int width = label_w + cell * 6 + 10;
  int height = head + row * static_cast<int>(sum.units.size()) + 40;
  int max = 0;
  for (const UnitSummary& u : sum.units) {
    for (int n : u.by_layer) max = std::max(max, n);
  }
  std::ostringstream s;
  s << "<svg class=\"chart heatmap\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width
    << "\" height=\"" << height << "\" viewBox=\"0 0 " << width << " " << height
    << "\" role=\"img\" aria-label=\"business units by layer\"><title>Deployments per business "
       "unit and achieved layer</title>";
  for (int l = 0; l <= 5; ++l) {
    int x = label_w + l * cell + cell / 2;
    s << Text(x, 18, "L" + std::to_string(l), " font-size=\"12\" text-anchor=\"middle\" "
                                                "font-weight=\"700\"");
    s << Text(x, 33, l == 0 ? "none" : LayerName(l), " font-size=\"9\" text-anchor=\"middle\"");
  }
  int y = head;
  for (const UnitSummary& u : sum.units) {
    std::string name = Clip(UnitLabel(u.name), 18);
    s << "<g class=\"unit\" data-models=\"" << u.models << "\">"
      << Text(6, y + 13, name, " font-size=\"12\"")
      << Text(6, y + 26, std::to_string(u.deployments) + " deployments, " +
                             std::to_string(u.models) + " models",
              " font-size=\"9\" fill=\"#5f6368\"");
    for (int l = 0; l <= 5; ++l) {
      int n = u.by_layer[l];
      std::string attrs = " class=\"cell\" data-layer=\"" + std::to_string(l) +
                          "\" data-count=\"" + std::to_string(n) + "\"";
      s << Rect(label_w + l * cell + 1, y + 1, cell - 2, row - 2,
                n == 0 ? "#f1f3f4" : LayerColor(l),
                UnitLabel(u.name) + ": " + std::to_string(n) + " at layer " + std::to_string(l),
                attrs);
      // Dark figures with a white halo read on every layer colour and on grey.
      s << Text(label_w + l * cell + cell / 2, y + 19, std::to_string(n),
                " font-size=\"12\" text-anchor=\"middle\" font-weight=\"700\" fill=\"#111\" "
                "stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\"");
    }
    s << "</g>";
    y += row;
  }
  s << "<g class=\"legend\">" << Text(6, y + 22, "A cell: the unit's deployments at that layer, "
                                        "in its colour; grey: none.",
                                        " font-size=\"11\" fill=\"#5f6368\"")
    << "</g></svg>";
  return s.str();
}

}  // namespace sov
