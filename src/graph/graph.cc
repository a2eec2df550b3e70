#include "src/graph/graph.h"

#include <algorithm>

namespace sov {
namespace {

std::string IndexKey(NodeKind kind, const std::string& id) {
  return std::string(NodeKindPlural(kind)) + "/" + id;
}

}  // namespace

GraphVertex StackGraph::AddNode(NodeKind kind, const std::string& id) {
  auto [it, fresh] = index_.try_emplace(IndexKey(kind, id));
  if (fresh) {
    GraphNode node;
    node.kind = kind;
    node.id = id;
    it->second = boost::add_vertex(std::move(node), g_);
  }
  return it->second;
}

std::optional<GraphVertex> StackGraph::Find(NodeKind kind, const std::string& id) const {
  auto it = index_.find(IndexKey(kind, id));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

void StackGraph::AddEdge(GraphVertex from, GraphVertex to, GraphEdge edge) {
  boost::add_edge(from, to, std::move(edge), g_);
}

bool StackGraph::AddEdgeOnce(GraphVertex from, GraphVertex to, GraphEdge edge) {
  std::string key = std::to_string(from) + '\n' + std::to_string(to) + '\n' +
                    EdgeKindName(edge.kind) + '\n' + edge.label + '\n' + (edge.implied ? "1" : "0");
  if (!edge_keys_.insert(std::move(key)).second) return false;
  AddEdge(from, to, std::move(edge));
  return true;
}

std::string StackGraph::Key(GraphVertex v) const {
  const GraphNode& node = g_[v];
  return IndexKey(node.kind, node.id);
}

std::vector<GraphVertex> SortedVertices(const StackGraph& graph) {
  std::vector<std::pair<std::string, GraphVertex>> keyed;
  keyed.reserve(graph.NodeCount());
  for (GraphVertex v = 0; v < graph.NodeCount(); ++v) keyed.emplace_back(graph.Key(v), v);
  std::sort(keyed.begin(), keyed.end());
  std::vector<GraphVertex> out;
  out.reserve(keyed.size());
  for (const auto& [key, v] : keyed) out.push_back(v);
  return out;
}

std::vector<EdgeRow> SortedEdges(const StackGraph& graph) {
  std::vector<EdgeRow> rows;
  rows.reserve(graph.EdgeCount());
  for (auto [it, end] = boost::edges(graph.graph()); it != end; ++it) {
    const GraphEdge& e = graph[*it];
    rows.push_back(EdgeRow{graph.Key(boost::source(*it, graph.graph())),
                           graph.Key(boost::target(*it, graph.graph())), e.kind, e.label,
                           e.implied, e.leaves_residency});
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

const char* NodeKindPlural(NodeKind kind) {
  switch (kind) {
    case NodeKind::kOrganization:
      return "organizations";
    case NodeKind::kModel:
      return "models";
    case NodeKind::kDataset:
      return "datasets";
    case NodeKind::kInfrastructure:
      return "infrastructure";
    case NodeKind::kEndpoint:
      return "endpoints";
  }
  return "";
}

const char* NodeKindName(NodeKind kind) {
  switch (kind) {
    case NodeKind::kOrganization:
      return "organization";
    case NodeKind::kModel:
      return "model";
    case NodeKind::kDataset:
      return "dataset";
    case NodeKind::kInfrastructure:
      return "infrastructure";
    case NodeKind::kEndpoint:
      return "endpoint";
  }
  return "";
}

const char* EdgeKindName(EdgeKind kind) {
  switch (kind) {
    case EdgeKind::kLineage:
      return "lineage";
    case EdgeKind::kControl:
      return "control";
    case EdgeKind::kDeveloper:
      return "developer";
    case EdgeKind::kOperator:
      return "operator";
    case EdgeKind::kProvider:
      return "provider";
    case EdgeKind::kOwner:
      return "owner";
    case EdgeKind::kStorage:
      return "storage";
    case EdgeKind::kFlow:
      return "flow";
    case EdgeKind::kServing:
      return "serving";
    case EdgeKind::kTraining:
      return "training";
  }
  return "";
}

const char* DomesticName(Tri t) {
  switch (t) {
    case Tri::kYes:
      return "domestic";
    case Tri::kNo:
      return "foreign";
    case Tri::kUnknown:
      return "unknown";
  }
  return "unknown";
}

}  // namespace sov
