// The stack graph as Graphviz DOT: one shape per kind of node, filled green (domestic), red
// (foreign) or grey (unknown), one style per kind of edge, and a legend. `dot -Tsvg` draws it.

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "src/graph/render.h"

namespace sov {
namespace {

struct Colours {
  const char* fill;
  const char* line;
};

Colours ColoursOf(Tri t) {
  switch (t) {
    case Tri::kYes:
      return {"#b7e4c7", "#2d6a4f"};
    case Tri::kNo:
      return {"#f4b6b6", "#9b2226"};
    case Tri::kUnknown:
      break;
  }
  return {"#e0e0e0", "#6c757d"};
}

const char* ShapeOf(NodeKind kind) {
  switch (kind) {
    case NodeKind::kOrganization:
      return "ellipse";
    case NodeKind::kModel:
      return "box";
    case NodeKind::kDataset:
      return "cylinder";
    case NodeKind::kInfrastructure:
      return "box3d";
    case NodeKind::kEndpoint:
      return "cds";
  }
  return "box";
}

struct EdgeStyle {
  const char* colour;
  const char* style;
  const char* meaning;  // for the legend
};

EdgeStyle StyleOf(EdgeKind kind) {
  switch (kind) {
    case EdgeKind::kLineage:
      return {"#000000", "bold", "base -&gt; derived model"};
    case EdgeKind::kControl:
      return {"#6a4c93", "bold", "organisation -&gt; parent"};
    case EdgeKind::kDeveloper:
      return {"#6a4c93", "dotted", "model -&gt; developer"};
    case EdgeKind::kOperator:
      return {"#555555", "dotted", "-&gt; operator"};
    case EdgeKind::kProvider:
      return {"#555555", "dashed", "infrastructure -&gt; provider"};
    case EdgeKind::kOwner:
      return {"#999999", "dotted", "dataset -&gt; owner"};
    case EdgeKind::kStorage:
      return {"#1d3557", "solid", "dataset -&gt; storage, kms"};
    case EdgeKind::kFlow:
      return {"#1f77b4", "solid", "data flow (dashed: implied)"};
    case EdgeKind::kServing:
      return {"#2a9d8f", "solid", "model -&gt; serving infrastructure"};
    case EdgeKind::kTraining:
      return {"#e76f51", "solid", "model -&gt; training infrastructure"};
  }
  return {"#000000", "solid", ""};
}

// A DOT double-quoted string: quotes and backslashes escaped, control characters dropped.
std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) {
      out += c;
    }
  }
  return out + "\"";
}

// A node label: the id and, on a second line, its detail.
std::string Label(const GraphNode& n) {
  std::string label = Quote(n.id);
  if (n.detail.empty()) return label;
  label.pop_back();
  return label + "\\n" + Quote(n.detail).substr(1);
}

constexpr const char* kLeavesResidency = "#c62828";

void WriteLegend(std::ostream& out) {
  out << "  subgraph cluster_legend {\n"
         "    label=\"legend\"; fontsize=11; color=\"#bbbbbb\";\n"
         "    legend [shape=plaintext, style=solid, fontsize=9, label=<\n"
         "      <table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"3\">\n";
  for (Tri t : {Tri::kYes, Tri::kNo, Tri::kUnknown}) {
    out << "        <tr><td bgcolor=\"" << ColoursOf(t).fill << "\">" << DomesticName(t)
        << "</td><td align=\"left\">"
        << (t == Tri::kYes  ? "in the home jurisdictions"
            : t == Tri::kNo ? "outside them"
                            : "not known")
        << "</td></tr>\n";
  }
  for (NodeKind k : {NodeKind::kOrganization, NodeKind::kModel, NodeKind::kDataset,
                     NodeKind::kInfrastructure, NodeKind::kEndpoint}) {
    out << "        <tr><td>" << ShapeOf(k) << "</td><td align=\"left\">" << NodeKindName(k)
        << (k == NodeKind::kModel ? " (double border: deployed)" : "") << "</td></tr>\n";
  }
  for (EdgeKind k : {EdgeKind::kLineage, EdgeKind::kControl, EdgeKind::kDeveloper,
                     EdgeKind::kOperator, EdgeKind::kProvider, EdgeKind::kOwner, EdgeKind::kStorage,
                     EdgeKind::kFlow, EdgeKind::kServing, EdgeKind::kTraining}) {
    EdgeStyle s = StyleOf(k);
    out << "        <tr><td><font color=\"" << s.colour << "\">" << EdgeKindName(k) << " ("
        << s.style << ")</font></td><td align=\"left\">" << s.meaning << "</td></tr>\n";
  }
  out << "        <tr><td><font color=\"" << kLeavesResidency << "\">flow (bold red)</font></td>"
         "<td align=\"left\">data leaves its residency</td></tr>\n";
  out << "      </table>>];\n"
         "  }\n";
}

}  // namespace

void RenderGraphDot(const StackGraph& graph, const GraphHeader& header, std::ostream& out) {
  std::string home;
  for (const std::string& h : header.home) home += (home.empty() ? "" : " ") + h;
  out << "// sovaudit graph of " << Quote(header.deployment) << " (" << Quote(header.file) << ")\n"
      << "digraph " << Quote(header.deployment) << " {\n"
      << "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12, labelloc=t, label="
      << Quote(header.deployment + " (home: " + home + ")") << "];\n"
      << "  node [fontname=\"Helvetica\", fontsize=10, style=filled];\n"
      << "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  WriteLegend(out);
  for (GraphVertex v : SortedVertices(graph)) {
    const GraphNode& n = graph[v];
    Colours c = ColoursOf(n.domestic);
    out << "  " << Quote(graph.Key(v)) << " [label=" << Label(n) << ", shape=" << ShapeOf(n.kind)
        << ", style=" << (n.kind == NodeKind::kModel ? "\"rounded,filled\"" : "filled")
        << ", fillcolor=\"" << c.fill << "\", color=\"" << c.line << "\""
        << (n.deployed ? ", peripheries=2" : "") << "];\n";
  }
  // Parallel edges of one kind (e.g. a dataset's implied flows for training and for serving
  // to the same GPUs) are drawn as one, their labels joined.
  // Sorted rows keep those of one (from, to, kind) together.
  std::vector<EdgeRow> drawn;
  for (const EdgeRow& e : SortedEdges(graph)) {
    EdgeRow* same = nullptr;
    for (auto it = drawn.rbegin();
         it != drawn.rend() && it->from == e.from && it->to == e.to && it->kind == e.kind; ++it) {
      if (it->implied == e.implied && it->leaves_residency == e.leaves_residency) same = &*it;
    }
    if (same == nullptr) {
      drawn.push_back(e);
    } else if (!e.label.empty()) {
      same->label += (same->label.empty() ? "" : ", ") + e.label;
    }
  }
  for (const EdgeRow& e : drawn) {
    EdgeStyle s = StyleOf(e.kind);
    if (e.leaves_residency) s.colour = kLeavesResidency;
    out << "  " << Quote(e.from) << " -> " << Quote(e.to) << " [color=\"" << s.colour
        << "\", style=" << (e.implied ? "dashed" : s.style)
        << (e.leaves_residency ? ", penwidth=2" : "");
    if (!e.label.empty()) {
      out << ", label=" << Quote(e.label) << ", fontcolor=\"" << s.colour << "\"";
    }
    out << "];\n";
  }
  out << "}\n";
}

}  // namespace sov
