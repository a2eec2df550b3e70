// The stack graph as JSON: {"schema": "sovaudit/graph/v1", "deployment", "nodes", "edges"}.
// nlohmann::json objects keep their keys sorted, so the output is byte-identical run to run.

#include <nlohmann/json.hpp>
#include <ostream>

#include "src/graph/render.h"

namespace sov {

void RenderGraphJson(const StackGraph& graph, const GraphHeader& header, std::ostream& out) {
  nlohmann::json doc;
  doc["schema"] = "sovaudit/graph/v1";
  doc["tool"] = {{"name", "sovaudit"}, {"version", SOVAUDIT_VERSION}};
  doc["deployment"] = {{"name", header.deployment}, {"file", header.file}, {"home", header.home}};
  nlohmann::json nodes = nlohmann::json::array();
  for (GraphVertex v : SortedVertices(graph)) {
    const GraphNode& n = graph[v];
    nodes.push_back({{"id", graph.Key(v)},
                     {"kind", NodeKindName(n.kind)},
                     {"name", n.id},
                     {"domestic", DomesticName(n.domestic)},
                     {"detail", n.detail},
                     {"deployed", n.deployed},
                     {"catalog", n.from_catalog}});
  }
  nlohmann::json edges = nlohmann::json::array();
  for (const EdgeRow& e : SortedEdges(graph)) {
    edges.push_back({{"from", e.from},
                     {"to", e.to},
                     {"kind", EdgeKindName(e.kind)},
                     {"label", e.label},
                     {"implied", e.implied}});
    if (e.leaves_residency) edges.back()["leaves_residency"] = true;  // only flows that do
  }
  doc["nodes"] = std::move(nodes);
  doc["edges"] = std::move(edges);
  // Invalid UTF-8 in an id or name is replaced rather than thrown on.
  out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

bool ParseGraphFormat(const std::string& name, GraphFormat* format) {
  if (name == "dot") {
    *format = GraphFormat::kDot;
  } else if (name == "json") {
    *format = GraphFormat::kJson;
  } else {
    return false;
  }
  return true;
}

void RenderGraph(const StackGraph& graph, const GraphHeader& header, GraphFormat format,
                 std::ostream& out) {
  if (format == GraphFormat::kJson) {
    RenderGraphJson(graph, header, out);
  } else {
    RenderGraphDot(graph, header, out);
  }
}

}  // namespace sov
